# Shared by the SIP benchmarks beside this file (sourced, not run): unpack the built distribution into a
# directory of its own, on ports of its own (so a developer's appliance on 8181/5060 is not disturbed), start
# and stop it, and provision phones. Needs: here, root (the caller's), and it sets home, http, sip, api,
# password, karaf (the launcher's pid), jvm (the appliance JVM's pid), instance.
#
#   . "$here/appliance.sh"
#   appliance_refuse_when_busy
#   appliance_unpack 18391 15090 ...            # http ssh sip tls rmi-registry rmi-server ports
#   appliance_cfg io.parley.sip.cfg registerShedAfterMillis 0
#   appliance_start && appliance_phones 1000 "$work/users.csv"

tarball=${PARLEY_DIST:-$root/karaf-dist/target/parley-karaf-dist-0.1.0-SNAPSHOT.tar.gz}
home=${BENCH_HOME:-/tmp/parley-sip-bench}
password='Bench-admin-1234'
karaf=
jvm=

appliance_refuse_when_busy() {
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  if awk -v l="$load" 'BEGIN { exit !(l >= 1.5) }'; then
    echo "load average $load >= 1.5: the machine is busy, figures would be meaningless" >&2
    [ -z "${FORCE:-}" ] && exit 2
  fi
  return 0
}

appliance_cfg() { echo "$2 = $3" >> "$home/etc/$1"; }

# http ssh sip tls rmi-registry rmi-server
appliance_unpack() {
  http=$1; sip=$3
  rm -rf "$home" && mkdir -p "$home"
  tar xzf "$tarball" -C "$home" --strip-components=1
  appliance_cfg org.ops4j.pax.web.cfg org.osgi.service.http.port "$1"
  appliance_cfg org.apache.karaf.shell.cfg sshPort "$2"
  appliance_cfg org.apache.karaf.management.cfg rmiRegistryPort "$5"
  appliance_cfg org.apache.karaf.management.cfg rmiServerPort "$6"
  appliance_cfg io.parley.sip.cfg port "$3"
  appliance_cfg io.parley.sip.cfg tlsPort "$4"
  # SIP_CFG="key=value key=value": more settings of etc/io.parley.sip.cfg, e.g. registerShedAfterMillis=0
  local kv
  for kv in ${SIP_CFG:-}; do appliance_cfg io.parley.sip.cfg "${kv%%=*}" "${kv#*=}"; done
  api="http://127.0.0.1:$http/api/v1"
  trap appliance_stop EXIT
}

# Starts the appliance in the background; returns at once (appliance_await_health waits for it).
appliance_launch() {
  PARLEY_ADMIN_PASSWORD=$password "$home/bin/karaf" server >> "$home/console.log" 2>&1 &
  karaf=$!
}

appliance_await_health() {
  local i
  for i in $(seq 1 180); do
    curl -sf "$api/health" | grep -q '"up"' && break
    sleep 1
  done
  curl -sf "$api/health" > /dev/null || { echo "appliance did not come up" >&2; exit 1; }
  # bin/karaf is a script that starts the JVM; Karaf writes the JVM's pid
  jvm=$(cat "$home/karaf.pid")
  [ -r "/proc/$jvm/stat" ] || { echo "no appliance JVM (karaf.pid $jvm)" >&2; exit 1; }
  instance=$(curl -sf -u admin:$password "$api/instances" | sed 's/.*"items":\[{"id":\([0-9]*\).*/\1/')
}

appliance_start() {
  appliance_launch
  appliance_await_health
}

# Stops the JVM itself too (bin/karaf execs no JVM of its own pid), gracefully first.
appliance_stop() {
  kill $karaf $jvm 2>/dev/null || true
  local i
  for i in $(seq 1 60); do [ -n "$jvm" ] && kill -0 "$jvm" 2>/dev/null || break; sleep 0.5; done
  [ -n "$jvm" ] && kill -9 "$jvm" 2>/dev/null || true
  wait "$karaf" 2>/dev/null || true
  karaf=; jvm=
}

# appliance_phones COUNT USERS_CSV: UDP phones 600001.. and a SIPp injection file of their credentials
appliance_phones() {
  local n=$1 users=$2 i ext pw
  echo SEQUENTIAL > "$users"
  for i in $(seq 1 "$n"); do
    ext=$((600000 + i))
    pw=$(curl -sf -u admin:$password -H 'Content-Type: application/json' -X POST "$api/instances/$instance/phones" \
      -d "{\"extension\":\"$ext\",\"name\":\"bench $ext\",\"transport\":\"udp\"}" | sed 's/.*"sip_password":"\([^"]*\)".*/\1/')
    echo "$ext;[authentication username=$ext password=$pw]" >> "$users"
  done
}
