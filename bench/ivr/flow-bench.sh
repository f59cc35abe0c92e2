#!/usr/bin/env bash
# Inbound calls through a 3-node IVR flow (Start -> prompt -> branch on 1 -> End) against a
# Parley of its own: SIPp on loopback answers nothing but presses 1 (bench/ivr/flow-call.xml),
# open-loop rate steps. Prints the JVM's CPU per call and per node visit. See README.md here.
#
#   bench/ivr/flow-bench.sh [rate ...]        default rates: 5 10 25 50 100 calls/s
#
# Environment: PARLEY_DIST (tar.gz, default the built one), SECONDS_PER_STEP (default 20),
# RUNS (runs per rate, default 1), BENCH_HOME (default /tmp/parley-call-bench).
# Bounded: every SIPp run stops after SECONDS_PER_STEP x rate calls or SECONDS_PER_STEP + 40 s;
# at most MAX_CONCURRENT (default 2000) calls at once (-l).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tarball=${PARLEY_DIST:-$root/karaf-dist/target/parley-karaf-dist-0.1.0-SNAPSHOT.tar.gz}
home=${BENCH_HOME:-/tmp/parley-ivr-bench}
step=${SECONDS_PER_STEP:-20}
runs=${RUNS:-1}
limit=${MAX_CONCURRENT:-2000}
rates=("$@")
[ ${#rates[@]} -eq 0 ] && rates=(5 10 25 50 100)
# ports of their own, so a developer's appliance on 8181/5060 is not disturbed
http=18393; ssh=18313; sip=15094; tls=15095; rmir=11299; rmis=44499
carrier=127.0.0.3; carrier_port=15291
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
# the flow: Start -> prompt "Welcome" -> branch (1: End) -> End
flow=$(json "/instances/$instance/ivr-flows" '{"kind":"inbound","name":"bench flow"}' | sed 's/^{"id":\([0-9]*\).*/\1/')
curl -sf -u admin:$password -H 'Content-Type: application/json' -X PUT "$api/instances/$instance/ivr-flows/$flow/versions/MAIN" \
  -d '{"graph":{"nodes":[
    {"id":"main_menu","type":"start","label":"Start"},
    {"id":"prompt","type":"prompt","label":"Welcome","params":{"prompt":{"mode":"tts","text":"Welcome"},"interruptible":false,"play_count":1}},
    {"id":"menu","type":"branch","label":"Menu","params":{"prompt":{"mode":"tts","text":"Press one"},
      "keys":[{"digit":"1","label":"One"}],"timeout_s":5,"max_errors":1,"on_max_errors":"hangup"}},
    {"id":"bye","type":"end","label":"Bye"}],
   "edges":[{"from_node":"main_menu","from_port":"next","to_node":"prompt"},
    {"from_node":"prompt","from_port":"next","to_node":"menu"},
    {"from_node":"menu","from_port":"key:1","to_node":"bye"}]}}' | grep -q '"published"' \
  || { echo "the bench flow was not published" >&2; exit 1; }
number=02188880001
json "/sip-channels/$channel/numbers" "{\"numbers\":[{\"number\":\"$number\",\"instance_id\":$instance,\"call_type\":\"inbound\",\"inbound_ivr_id\":$flow,\"inbound_ivr_version\":\"MAIN\"}]}" > /dev/null
echo "appliance up (pid $karaf), instance $instance, channel $channel, number $number -> flow $flow"
sleep 7   # trunk admission re-reads the channels every 5 s

work="$home/bench"; mkdir -p "$work"
run_sipp() {   # rate calls stat-file log-file
  sipp -sf "$here/flow-call.xml" -s $number -key caller 13800138000 -r "$1" -m "$2" -l "$limit" \
    -timeout $((step + 40))s -buff_size 4194304 -i $carrier -p $carrier_port -mp 20000 \
    -trace_stat -stf "$3" -fd 1 -nostdin 127.0.0.1:$sip > "$4" 2>&1 || true
}
# warm-up: JIT, the greeting's text-to-speech, caches
run_sipp 5 50 "$work/warmup.csv" "$work/warmup.log"

cpu() { awk '{print $14 + $15}' /proc/$jvm/stat; }
tick=$(getconf CLK_TCK)
# node visits per call: Start, Welcome, Menu, Bye
visits=4
printf '%6s %7s %10s %7s %9s %11s %6s %12s %13s\n' rate calls successful failed failures max-concur cpu% cpu-ms/call cpu-us/visit
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
    per_call=$(awk -v a="$before" -v b="$after" -v hz="$tick" -v n="$ok" 'BEGIN { if (n > 0) printf "%.2f", 1000 * (b - a) / hz / n; else print "-" }')
    per_visit=$(awk -v a="$before" -v b="$after" -v hz="$tick" -v n="$ok" -v v="$visits" 'BEGIN { if (n > 0) printf "%.0f", 1e6 * (b - a) / hz / n / v; else print "-" }')
    printf '%6s %7s %10s %7s %9s %11s %6s %12s %13s\n' "$rate" "$calls" "$ok" "$failed" "$pct" "$concurrent" "$share" "$per_call" "$per_visit"
  done
done
