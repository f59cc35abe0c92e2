#!/usr/bin/env bash
# Boot time and idle memory of the appliance, against a plain Karaf of the same version as the floor.
#
#   bench/boot/boot-bench.sh [RUNS]        (default 3; build the distribution first:
#                                           mvn -B -q package -DskipTests -pl karaf-dist -am)
#
# Per run, each in a fresh directory under $WORK (default /tmp/parley-boot-bench):
#   parley cold     unpack the tar.gz, bin/start: time to the first REST answer (the JSON of
#                   /api/v1/health, 200 or 503) and to ready (health 200 "up": database migrated, every
#                   Parley component active, SIP listening), then the resident memory (VmRSS)
#                   after IDLE seconds (default 30)
#   parley restart  bin/stop, bin/start on the same data: the same times and memory
#   karaf floor     the plain apache-karaf tar.gz of the same version (~/.m2, fetched with
#                   mvn dependency:get when missing): time until its SSH port accepts, and memory
# Times are from the bin/start call, polled every 50 ms. Everything listens on loopback ports
# from PORT_BASE (default 27000) so a running appliance is not disturbed. The machine is shared:
# compare figures taken back to back, and look at the median of several runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
runs=${1:-3}
work=${WORK:-/tmp/parley-boot-bench}
idle=${IDLE:-30}
base=${PORT_BASE:-27000}
version=$(sed -n 's:.*<karaf.version>\(.*\)</karaf.version>.*:\1:p' pom.xml | head -n 1)
dist=${DIST:-$root/karaf-dist/target/parley-karaf-dist-0.1.0-SNAPSHOT.tar.gz}
karaf=${KARAF:-$HOME/.m2/repository/org/apache/karaf/apache-karaf/$version/apache-karaf-$version.tar.gz}
[ -f "$dist" ] || { echo "no $dist: mvn -B -q package -DskipTests -pl karaf-dist -am" >&2; exit 1; }
if [ ! -f "$karaf" ]; then
  mvn -B -q dependency:get -Dartifact="org.apache.karaf:apache-karaf:$version:tar.gz" -Dtransitive=false >&2
fi

http=$base; ssh=$((base + 1)); sip=$((base + 2)); tls=$((base + 3)); https=$((base + 4))
rmi_registry=$((base + 5)); rmi_server=$((base + 6))

now_ms() { date +%s%3N; }

set_property() { # file key value
  local file=$1 key=$2 value=$3
  grep -v "^[[:space:]]*${key//./\\.}[[:space:]]*=" "$file" > "$file.new" || true
  echo "$key = $value" >> "$file.new"
  mv "$file.new" "$file"
}

unpack() { # tarball dir
  rm -rf "$2" && mkdir -p "$2"
  tar xzf "$1" -C "$2" --strip-components=1
  set_property "$2/etc/org.apache.karaf.shell.cfg" sshPort "$ssh"
  set_property "$2/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$rmi_registry"
  set_property "$2/etc/org.apache.karaf.management.cfg" rmiServerPort "$rmi_server"
  if [ -f "$2/etc/io.parley.sip.cfg" ]; then
    set_property "$2/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$http"
    set_property "$2/etc/io.parley.sip.cfg" port "$sip"
    set_property "$2/etc/io.parley.sip.cfg" tlsPort "$tls"
    set_property "$2/etc/system.properties" parley.https.port "$https"
  fi
}

pid_of() { pgrep -f "karaf.base=$1( |$)" | head -n 1; }

stop() { # home
  "$1/bin/stop" >/dev/null 2>&1 || true
  for _ in $(seq 600); do [ -z "$(pid_of "$1")" ] && return; sleep 0.1; done
  pkill -9 -f "karaf.base=$1( |$)" || true
}

rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }

# the times (ms after t0) of the first REST answer and of "up", one line: "<rest> <ready>"
await_parley() { # t0
  local t0=$1 rest="" code
  rm -f /tmp/parley-boot-bench.health
  for _ in $(seq 2400); do
    code=$(curl -s -o /tmp/parley-boot-bench.health -w '%{http_code}' --max-time 2 "http://127.0.0.1:$http/api/v1/health" || true)
    # the first answer of the health resource itself (200 or 503 JSON), not the web container's 404
    if [ -z "$rest" ] && grep -q '"status"' /tmp/parley-boot-bench.health 2>/dev/null; then rest=$(( $(now_ms) - t0 )); fi
    if [ "$code" = "200" ] && grep -q '"status":"up"' /tmp/parley-boot-bench.health; then
      echo "$rest $(( $(now_ms) - t0 ))"; return
    fi
    sleep 0.05
  done
  echo "timeout timeout"
}

await_port() { # t0 port
  for _ in $(seq 2400); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then echo $(( $(now_ms) - $1 )); return; fi
    sleep 0.05
  done
  echo timeout
}

parley_start() { # home -> "rest ready"
  local t0; t0=$(now_ms)
  PARLEY_ADMIN_PASSWORD=bench-admin-2024 PARLEY_SHELL_PASSWORD=bench-shell-2024 "$1/bin/start" >/dev/null 2>&1
  await_parley "$t0"
}

printf '%-4s %-15s %10s %10s %8s\n' run what "rest_ms" "ready_ms" "rss_MB"
for run in $(seq "$runs"); do
  home="$work/parley"
  unpack "$dist" "$home"
  read -r rest ready < <(parley_start "$home")
  sleep "$idle"
  printf '%-4s %-15s %10s %10s %8s\n' "$run" "parley cold" "$rest" "$ready" "$(rss_mb "$(pid_of "$home")")"
  stop "$home"
  read -r rest ready < <(parley_start "$home")
  sleep "$idle"
  printf '%-4s %-15s %10s %10s %8s\n' "$run" "parley restart" "$rest" "$ready" "$(rss_mb "$(pid_of "$home")")"
  cp "$home/data/log/karaf.log" "$work/karaf-run$run.log" 2>/dev/null || true
  stop "$home"

  plain="$work/karaf"
  unpack "$karaf" "$plain"
  t0=$(now_ms)
  "$plain/bin/start" >/dev/null 2>&1
  up=$(await_port "$t0" "$ssh")
  sleep "$idle"
  printf '%-4s %-15s %10s %10s %8s\n' "$run" "karaf floor" "-" "$up" "$(rss_mb "$(pid_of "$plain")")"
  stop "$plain"
done
