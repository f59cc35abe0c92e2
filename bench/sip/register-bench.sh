#!/usr/bin/env bash
# REGISTER with digest authentication against a running Parley, the call shape of
# shared/peer-bench/reg_auth.xml (REGISTER -> 401 -> REGISTER with digest -> 200), open-loop
# rate steps with SIPp on loopback. See README.md beside this file.
#
#   bench/sip/register-bench.sh [rate ...]        default rates: 2000 5000 8000 10000 12700 15000
#
# Environment: PARLEY_DIST (tar.gz, default the built one), PHONES (default 1000),
# SECONDS_PER_STEP (default 20), RUNS (runs per rate, default 1), BENCH_HOME (default /tmp/parley-sip-bench),
# SIP_CFG (settings of etc/io.parley.sip.cfg, "key=value ..."), JFR (a file: a JFR profile of the appliance over the rate steps, settings=profile), SIPP_EXTRA (more SIPp
# options for the steps, e.g. -trace_err to see unexpected messages in $BENCH_HOME/bench/*_errors.log), WARMUP_SECONDS.
# Bounded: every SIPp run stops after SECONDS_PER_STEP x rate calls or SECONDS_PER_STEP + 30 s.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
phones=${PHONES:-1000}
step=${SECONDS_PER_STEP:-20}
runs=${RUNS:-1}
rates=("$@")
[ ${#rates[@]} -eq 0 ] && rates=(2000 5000 8000 10000 12700 15000)
. "$here/appliance.sh"
appliance_refuse_when_busy
appliance_unpack 18391 18311 15090 15091 11299 44499
appliance_start
echo "appliance up (pid $karaf), instance $instance; creating $phones phones"

work="$home/bench"; mkdir -p "$work"
users="$work/users.csv"
appliance_phones "$phones" "$users"
cpu() { awk '{print $14 + $15}' /proc/$jvm/stat; }
kernel() { awk '{print $15}' /proc/$jvm/stat; }
# datagrams the kernel dropped because a socket's receive buffer was full (machine-wide, SIPp's sockets too)
udpdrops() { awk '/^Udp:/ { n++; if (n == 1) for (i=1;i<=NF;i++) h[$i]=i; else print $h["RcvbufErrors"] }' /proc/net/snmp; }
tick=$(getconf CLK_TCK)
# what the appliance burns doing nothing (media clock, sweepers), to tell the REGISTER cost apart; measured
# before any REGISTER: after the warm-up it counted the stack's leftover work (transactions ending 32 s later,
# the JIT) as idle, 31 % of a core, which made the REGISTER cost look smaller than it is
before=$(cpu); t0=$(date +%s.%N); sleep 10; t1=$(date +%s.%N); after=$(cpu)
idle=$(awk -v a="$before" -v b="$after" -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", 100 * (b - a) / hz / (t1 - t0) }')
echo "appliance JVM idle: $idle% of a core"
# warm-up: every phone registers once, then WARMUP_SECONDS (default 30) at 1,500/s, so the JIT has compiled the
# hot path before the first step (with a single round of $phones, or 10 s at 1,000/s, the first step still ran
# with C2 compiling on a third of the CPU, fell behind and failed)
sipp -sf "$here/reg_auth.xml" -inf "$users" -r 500 -m "$phones" -timeout 60s -buff_size 4194304 \
  -i 127.0.0.1 -p 15190 -nostdin 127.0.0.1:$sip > "$work/warmup.log" 2>&1 || true
warmup=${WARMUP_SECONDS:-30}
sipp -sf "$here/reg_auth.xml" -inf "$users" -r 1500 -m $((1500 * warmup)) -timeout $((warmup + 30))s -buff_size 4194304 \
  -i 127.0.0.1 -p 15190 -nostdin 127.0.0.1:$sip > "$work/warmup-2.log" 2>&1 || true


if [ -n "${JFR:-}" ]; then
  jcmd "$jvm" JFR.start name=bench settings=profile filename="$JFR" > /dev/null
fi
printf '%8s %10s %8s %10s %8s %9s %9s %8s %12s %6s %9s %6s %6s\n' rate achieved calls successful failed failures retrans cpu% 'cpu-us/call' load udp-drops sys% sipp%

for rate in "${rates[@]}"; do
  for run in $(seq 1 "$runs"); do
    calls=$(( rate * step ))
    stat="$work/stat-$rate-$run.csv"
    before=$(cpu); kbefore=$(kernel); t0=$(date +%s.%N); drops0=$(udpdrops)
    # in the work directory: SIPp writes its -trace_err log to the current one; /usr/bin/time gives SIPp's CPU
    (cd "$work" && /usr/bin/time -f '%U %S' -o "$work/sipp-cpu-$rate-$run" sipp -sf "$here/reg_auth.xml" -inf "$users" -r "$rate" -m "$calls" -timeout $((step + 30))s -buff_size 4194304 \
      -i 127.0.0.1 -p 15191 -trace_stat -stf "$stat" -fd 1 ${SIPP_EXTRA:-} -nostdin 127.0.0.1:$sip > "$work/sipp-$rate-$run.log" 2>&1) || true
    t1=$(date +%s.%N); after=$(cpu); kafter=$(kernel); drops=$(( $(udpdrops) - drops0 ))
    # the kernel's share of the appliance's CPU (system calls: a datagram sent over loopback is delivered in the
    # sender's time), and SIPp's own CPU over the step (100 % = one core) — both share the two cores
    sys=$(awk -v a="$before" -v b="$after" -v ka="$kbefore" -v kb="$kafter" 'BEGIN { if (b > a) printf "%.0f", 100 * (kb - ka) / (b - a); else printf "0" }')
    sippcpu=$(awk -v t0="$t0" -v t1="$t1" '{ printf "%.0f", 100 * ($1 + $2) / (t1 - t0) }' "$work/sipp-cpu-$rate-$run" 2>/dev/null || echo "?")
    # the last line of SIPp's statistics: cumulative successful and failed calls
    ok=$(awk -F';' 'NR==1 { for (i=1;i<=NF;i++) h[$i]=i } END { print $h["SuccessfulCall(C)"] }' "$stat")
    failed=$(awk -F';' 'NR==1 { for (i=1;i<=NF;i++) h[$i]=i } END { print $h["FailedCall(C)"] }' "$stat")
    # what SIPp really achieved: an overloaded appliance answers late, SIPp retransmits and falls behind
    achieved=$(awk -F';' 'NR==1 { for (i=1;i<=NF;i++) h[$i]=i } END { printf "%.0f", $h["CallRate(C)"] }' "$stat")
    retrans=$(awk -F';' 'NR==1 { for (i=1;i<=NF;i++) h[$i]=i } END { print $h["Retransmissions(C)"] }' "$stat")
    share=$(awk -v a="$before" -v b="$after" -v t0="$t0" -v t1="$t1" -v hz="$tick" 'BEGIN { printf "%.0f", 100 * (b - a) / hz / (t1 - t0) }')
    pct=$(awk -v f="$failed" -v n="$calls" 'BEGIN { printf "%.3f%%", 100 * f / n }')
    # CPU of one REGISTER pair (both requests): the appliance's CPU time over the step, its idle share
    # taken off, divided by the registrations that succeeded
    per=$(awk -v a="$before" -v b="$after" -v t0="$t0" -v t1="$t1" -v hz="$tick" -v i="$idle" -v n="$ok" \
      'BEGIN { if (n > 0) printf "%.0f", ((b - a) / hz - i / 100 * (t1 - t0)) * 1e6 / n; else printf "0" }')
    # the machine's load average (1 min) at the end of the step: others' work shares the two cores
    printf '%8s %10s %8s %10s %8s %9s %9s %8s %12s %6s %9s %6s %6s\n' "$rate" "$achieved" "$calls" "$ok" "$failed" "$pct" "$retrans" "$share" "$per" \
      "$(cut -d' ' -f1 /proc/loadavg)" "$drops" "$sys" "$sippcpu"
  done
done
if [ -n "${JFR:-}" ]; then
  jcmd "$jvm" JFR.stop name=bench > /dev/null && echo "JFR profile: $JFR"
fi
