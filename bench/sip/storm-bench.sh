#!/usr/bin/env bash
# Registration storm from cold (issue 16 item 6): PHONES phones are provisioned, the appliance is restarted
# (with its data, as after an outage), and the moment its SIP port opens every phone registers within
# STORM_SECONDS (open loop, REGISTER -> 401 -> REGISTER with digest -> 200, SIPp's UDP retransmissions on).
# Phones that did not get their 200 try again after RETRY_SECONDS, as phones do after a failure or a 503's
# Retry-After, for at most RETRY_ROUNDS rounds. Prints each round and how long the whole storm took to
# converge, counting registrations in the appliance itself (REST), not in SIPp; `sipp-s` is how long SIPp took
# for the round, `elapsed` adds the wait for the REST API and the count. See README.md beside this file.
#
#   bench/sip/storm-bench.sh
#
# Environment: PARLEY_DIST, PHONES (default 10000), STORM_SECONDS (default 10), RETRY_SECONDS (default 10),
# RETRY_ROUNDS (default 3), BENCH_HOME (default /tmp/parley-storm-bench), SIP_CFG, FORCE (run on a busy machine).
# Bounded: each SIPp round stops after its phones or 120 s; loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
phones=${PHONES:-10000}
storm=${STORM_SECONDS:-10}
retry=${RETRY_SECONDS:-10}
rounds=${RETRY_ROUNDS:-3}
BENCH_HOME=${BENCH_HOME:-/tmp/parley-storm-bench}
. "$here/appliance.sh"
appliance_refuse_when_busy
appliance_unpack 18393 18313 15094 15095 11297 44497
appliance_start
work="$home/bench"; mkdir -p "$work"
echo "appliance up, instance $instance; creating $phones phones"
appliance_phones "$phones" "$work/users.csv"
udpdrops() { awk '/^Udp:/ { n++; if (n == 1) for (i=1;i<=NF;i++) h[$i]=i; else print $h["RcvbufErrors"] }' /proc/net/snmp; }
# extensions the appliance has a binding for, one a line
registered() {
  local page=1 total=1
  : > "$work/registered.txt"
  while [ $(( (page - 1) * 100 )) -lt "$total" ]; do
    curl -sf -u admin:$password "$api/instances/$instance/phones?page=$page&page_size=100" > "$work/page.json"
    total=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["total"])' "$work/page.json")
    python3 -c 'import json,sys
for p in json.load(open(sys.argv[1]))["items"]:
    if p.get("registration_status") == "registered": print(p["extension"])' "$work/page.json" >> "$work/registered.txt"
    page=$((page + 1))
  done
  wc -l < "$work/registered.txt"
}

echo "restarting the appliance with its $phones phones"
appliance_stop
appliance_launch
t0=$(date +%s.%N)
until ss -Hlun "sport = :$sip" | grep -q .; do
  sleep 0.05
  awk -v t0="$t0" -v t="$(date +%s.%N)" 'BEGIN { exit !(t - t0 > 120) }' && { echo "SIP port never opened" >&2; exit 1; }
done
topen=$(date +%s.%N)
printf 'SIP port open %.1f s after the launch\n' "$(awk -v a="$t0" -v b="$topen" 'BEGIN { print b - a }')"
printf '%6s %8s %10s %8s %9s %10s %7s %10s %8s\n' round phones successful failed retrans udp-drops sipp-s registered elapsed
users="$work/users.csv"
for round in $(seq 0 "$rounds"); do
  n=$(( $(wc -l < "$users") - 1 ))
  [ "$n" -le 0 ] && break
  rate=$(( round == 0 ? (phones + storm - 1) / storm : (n + storm - 1) / storm ))
  drops0=$(udpdrops)
  stat="$work/stat-$round.csv"
  (cd "$work" && sipp -sf "$here/reg_auth.xml" -inf "$users" -r "$rate" -m "$n" -timeout 120s -buff_size 4194304 \
    -i 127.0.0.1 -p 15194 -trace_stat -stf "$stat" -fd 1 -nostdin 127.0.0.1:$sip > "$work/sipp-$round.log" 2>&1) || true
  ok=$(awk -F';' 'NR==1 { for (i=1;i<=NF;i++) h[$i]=i } END { print $h["SuccessfulCall(C)"] }' "$stat")
  failed=$(awk -F';' 'NR==1 { for (i=1;i<=NF;i++) h[$i]=i } END { print $h["FailedCall(C)"] }' "$stat")
  retrans=$(awk -F';' 'NR==1 { for (i=1;i<=NF;i++) h[$i]=i } END { print $h["Retransmissions(C)"] }' "$stat")
  # how long SIPp took for the round (its last statistics line, HH:MM:SS)
  took=$(awk -F';' 'NR==1 { for (i=1;i<=NF;i++) h[$i]=i } END { split($h["ElapsedTime(C)"], t, ":"); print t[1] * 3600 + t[2] * 60 + t[3] }' "$stat")
  # the REST API may still be starting during the first round: wait for it before counting
  [ "$round" -eq 0 ] && appliance_await_health
  count=$(registered)
  elapsed=$(awk -v a="$topen" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  printf '%6s %8s %10s %8s %9s %10s %7s %10s %8s\n' "$round" "$n" "$ok" "$failed" "$retrans" "$(( $(udpdrops) - drops0 ))" "$took" "$count" "${elapsed}s"
  [ "$count" -ge "$phones" ] && { echo "converged: all $phones phones registered ${elapsed} s after the SIP port opened"; exit 0; }
  # the phones still without a binding try again, as a phone does after a failure or a 503's Retry-After
  { echo SEQUENTIAL; awk -F';' 'NR == FNR { r[$1] = 1; next } FNR > 1 && !($1 in r)' "$work/registered.txt" "$work/users.csv"; } \
    > "$work/retry.csv"
  users="$work/retry.csv"
  sleep "$retry"
done
echo "NOT converged: $(registered) of $phones phones registered after $rounds retry rounds" >&2
exit 1
