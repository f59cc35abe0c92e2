#!/usr/bin/env bash
# Where a boot's time goes, from the appliance's data/log/karaf.log (boot-bench.sh keeps each run's
# as $WORK/karaf-run<N>.log): for every boot in the file, the seconds from the framework's first
# launcher line (whole seconds) to each milestone.   bench/boot/phases.sh /tmp/parley-boot-bench/karaf-run1.log
set -euo pipefail
awk -F' [|] ' '
  function secs(ts,   d, t) { split(ts, d, "T"); split(d[2], t, /[:,]/); return t[1] * 3600 + t[2] * 60 + t[3] + t[4] / 1000 }
  function mark(name) { if (!(name in seen)) { seen[name] = 1; printf "  %6.1f s  %s\n", secs($1) - t0, name } }
  # each boot starts with the launcher'"'"'s own lines ("Dec 07, 2026 1:30:22 PM org.apache.karaf.main.Main launch")
  /org.apache.karaf.main.Main launch/ && started == 0 {
    split($0, w, " "); split(w[4], c, ":"); h = c[1] % 12 + (w[5] == "PM" ? 12 : 0)
    boot++; started = 1; t0 = h * 3600 + c[2] * 60 + c[3]; delete seen
    printf "boot %d (launched %s %s)\n", boot, w[4], w[5]
  }
  /^20[0-9][0-9]-/ {
    if (started == 0 && restarting && $0 ~ /pid=.?org.ops4j.pax.logging/) {
      # the launcher lines of a restart do not reach karaf.log: count from pax-logging configured
      boot++; started = 1; restarting = 0; t0 = secs($1); delete seen
      printf "boot %d (from its first log line, %s)\n", boot, $1
    }
    if (started == 0) next
    mark("logging up (framework started)")
    if ($0 ~ /Adding features:/) mark("features service: boot features requested (first start: resolution follows)")
    if ($0 ~ /Starting bundles:/) mark("features service: bundles installed, starting them")
    if ($0 ~ /Server .*Started @/) mark("Jetty started (plain and HTTPS connectors)")
    if ($0 ~ /[|]   parley-api\/0/ || ($0 ~ /parley-/ && $0 ~ /CommandExtension|ShellPasswordBootstrap|SchemaMigrator|AuthenticationManager/)) mark("first Parley bundle starting")
    if ($0 ~ /Applying schema migration V1 /) mark("database created, migrations start")
    if ($0 ~ /SipSignalling .*SIP listening/) mark("SIP listening")
    if ($0 ~ /freetts voice .* loaded/) mark("TTS default voice loaded (background thread)")
    if ($0 ~ /Karaf started|Registering commands for bundle org.apache.karaf.shell.ssh/) mark("SSH shell up")
    if ($0 ~ /Registering commands for bundle parley-shell|Updating commands for bundle parley-shell/) mark("parley: shell commands registered")
    if ($0 ~ /registering MBean org.apache.cxf:bus.id=.*type=Bus.Service.Endpoint/) mark("REST endpoint registered (CXF)")
    if ($0 ~ /FeaturesServiceImpl .* Done\./) mark("features service: done (first start)")
    if ($0 ~ /received shutdown command/) { started = 0; restarting = 1 }
  }' "$1"
