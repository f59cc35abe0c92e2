#!/usr/bin/env bash
# Inbound calls from a carrier against a running Parley: INVITE -> answer -> 5 s of RTP -> BYE
# (bench/sip/call.xml), open-loop rate steps with SIPp on loopback. See README.md beside this file.
#
#   bench/sip/call-bench.sh [rate ...]        default rates: 10 25 50 100 150 200 calls/s
#
# Environment: PARLEY_DIST (tar.gz, default the built one), SECONDS_PER_STEP (default 20),
# RUNS (runs per rate, default 1), BENCH_HOME (default /tmp/parley-call-bench).
# Bounded: every SIPp run stops after SECONDS_PER_STEP x rate calls or SECONDS_PER_STEP + 40 s;
# at most MAX_CONCURRENT (default 2000) calls at once (-l).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tarball=${PARLEY_DIST:-$root/karaf-dist/target/parley-karaf-dist-0.1.0-SNAPSHOT.tar.gz}
home=${BENCH_HOME:-/tmp/parley-call-bench}
step=${SECONDS_PER_STEP:-20}
runs=${RUNS:-1}
limit=${MAX_CONCURRENT:-2000}
rates=("$@")
[ ${#rates[@]} -eq 0 ] && rates=(10 25 50 100 150 200)
# ports of their own, so a developer's appliance on 8181/5060 is not disturbed
http=18392; ssh=18312; sip=15092; tls=15093; rmir=11298; rmis=44498
carrier=127.0.0.2; carrier_port=15290
password='Bench-admin-1234'

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l >= 1.5) }'; then
  echo "load average $load >= 1.5: the machine is busy, figures would be meaningless" >&2
  [ -z "${FORCE:-}" ] && exit 2
fi

rm -rf "$home" && mkdir -p "$home"
tar xzf "$tarball" -C "$home" --strip-components=1
cfg() { echo "$2 = $3" >> "$home/etc/$1"; }
cfg org.ops4j.pax.web.cfg org.osgi.service.http.port $http
cfg org.apache.karaf.shell.cfg sshPort $ssh
cfg org.apache.karaf.management.cfg rmiRegistryPort $rmir
cfg org.apache.karaf.management.cfg rmiServerPort $rmis
cfg io.parley.sip.cfg port $sip
cfg io.parley.sip.cfg tlsPort $tls
# no OPTIONS keepalive to the SIPp carrier during the run
cfg io.parley.sip.cfg trunkOptionsIntervalSeconds 3600

PARLEY_ADMIN_PASSWORD=$password "$home/bin/karaf" server > "$home/console.log" 2>&1 &
karaf=$!
jvm=
trap 'kill $karaf $jvm 2>/dev/null; wait $karaf 2>/dev/null || true' EXIT
api="http://127.0.0.1:$http/api/v1"
for i in $(seq 1 120); do
  curl -sf "$api/health" | grep -q '"up"' && break
  sleep 1
done
jvm=$(ps -eo pid,args | awk -v h="-Dkaraf.home=$home" 'index($0, h) && /java/ {print $1; exit}')
curl -sf "$api/health" > /dev/null || { echo "appliance did not come up" >&2; exit 1; }
instance=$(curl -sf -u admin:$password "$api/instances" | sed 's/.*"items":\[{"id":\([0-9]*\).*/\1/')
json() { curl -sf -u admin:$password -H 'Content-Type: application/json' -X POST "$api$1" -d "$2"; }
channel=$(json /sip-channels "{\"name\":\"bench carrier\",\"device_type\":\"sip_trunk\",\"docking_mode\":\"public_trunk\",\"peers\":[{\"ip\":\"$carrier\",\"port\":$carrier_port}]}" \
  | sed 's/^{"id":\([0-9]*\).*/\1/')
number=02188880000
json "/sip-channels/$channel/numbers" "{\"numbers\":[{\"number\":\"$number\",\"instance_id\":$instance,\"call_type\":\"inbound\"}]}" > /dev/null
echo "appliance up (pid $karaf), instance $instance, channel $channel, number $number"
sleep 7   # trunk admission re-reads the channels every 5 s

work="$home/bench"; mkdir -p "$work"
run_sipp() {   # rate calls stat-file log-file
  sipp -sf "$here/call.xml" -s $number -key caller 13800138000 -r "$1" -m "$2" -l "$limit" \
    -timeout $((step + 40))s -buff_size 4194304 -i $carrier -p $carrier_port -mp 20000 \
    -trace_stat -stf "$3" -fd 1 -nostdin 127.0.0.1:$sip > "$4" 2>&1 || true
}
# warm-up: JIT, the greeting's text-to-speech, caches
run_sipp 5 50 "$work/warmup.csv" "$work/warmup.log"

cpu() { awk '{print $14 + $15}' /proc/$jvm/stat; }
tick=$(getconf CLK_TCK)
printf '%6s %7s %10s %7s %9s %11s %6s\n' rate calls successful failed failures max-concur cpu%
for rate in "${rates[@]}"; do
  for run in $(seq 1 "$runs"); do
    calls=$(( rate * step ))
    stat="$work/stat-$rate-$run.csv"
    before=$(cpu); t0=$(date +%s.%N)
    run_sipp "$rate" "$calls" "$stat" "$work/sipp-$rate-$run.log"
    t1=$(date +%s.%N); after=$(cpu)
    col() { awk -F';' -v c="$1" 'NR==1 { for (i=1;i<=NF;i++) h[$i]=i } NR>1 { v=$h[c]; if (v>m) m=v } END { print m+0 }' "$stat"; }
    ok=$(awk -F';' 'NR==1 { for (i=1;i<=NF;i++) h[$i]=i } END { print $h["SuccessfulCall(C)"] }' "$stat")
    failed=$(awk -F';' 'NR==1 { for (i=1;i<=NF;i++) h[$i]=i } END { print $h["FailedCall(C)"] }' "$stat")
    concurrent=$(col "CurrentCall")
    share=$(awk -v a="$before" -v b="$after" -v t0="$t0" -v t1="$t1" -v hz="$tick" 'BEGIN { printf "%.0f", 100 * (b - a) / hz / (t1 - t0) }')
    pct=$(awk -v f="$failed" -v n="$calls" 'BEGIN { printf "%.2f%%", 100 * f / n }')
    printf '%6s %7s %10s %7s %9s %11s %6s\n' "$rate" "$calls" "$ok" "$failed" "$pct" "$concurrent" "$share"
  done
done
