#!/usr/bin/env bash
# Runs every Parley test on a fresh Debian machine with Java 17 and Maven: installs the
# packages the tests need, then builds the reactor and runs unit tests and the
# integration tests that boot the real distribution.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the tests drive: SIPp and its G.711/RFC 2833 pcaps (media and SIP tests),
# and a PostgreSQL server, the appliance's second database, for the store tests
missing=()
command -v sipp >/dev/null 2>&1 && [ -d /usr/share/sip-tester ] || missing+=(sip-tester)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
# OpenSSH's client: operators run shell commands with `ssh -p 8101 karaf@127.0.0.1 <command>` (DistributionRestartIT)
command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
# sox with its MP3 format makes the real mp3/wav files of the audio-file tests
command -v sox >/dev/null 2>&1 || missing+=(sox)
[ -n "$(ls /usr/lib/*/sox/libsox_fmt_mp3.so 2>/dev/null)" ] || missing+=(libsox-fmt-mp3)
# speech recognition: CMU PocketSphinx and its US English model (the recogniser bundle loads them
# from the system); flite speaks the test phrases the recogniser tests hear
[ -n "$(ls /usr/lib/*/libpocketsphinx.so.3 2>/dev/null)" ] || missing+=(libpocketsphinx3)
[ -d /usr/share/pocketsphinx/model/en-us/en-us ] || missing+=(pocketsphinx-en-us)
command -v flite >/dev/null 2>&1 || missing+=(flite)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}…"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

java -version 2>&1 | grep -q '"17' || { echo "Java 17 is required (java -version)"; exit 1; }
command -v mvn >/dev/null || { echo "Maven is required"; exit 1; }

# A local PostgreSQL cluster with a throw-away database for PostgresStoreTest
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
pg_lsclusters -h | grep -q "^$pg_version main" || as_root pg_createcluster "$pg_version" main >/dev/null
pg_lsclusters -h | grep "^$pg_version main" | grep -q online || as_root pg_ctlcluster "$pg_version" main start
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $3}')
pg_sql() { as_root su postgres -c "psql -p $pg_port -qtAc \"$1\""; }
pg_sql "SELECT 1 FROM pg_roles WHERE rolname = 'parley_test'" | grep -q 1 \
  || pg_sql "CREATE ROLE parley_test LOGIN PASSWORD 'parley-test-1'"
pg_sql "SELECT 1 FROM pg_database WHERE datname = 'parley_test'" | grep -q 1 \
  || pg_sql "CREATE DATABASE parley_test OWNER parley_test"
export PARLEY_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$pg_port/parley_test"
export PARLEY_TEST_POSTGRES_USER=parley_test
export PARLEY_TEST_POSTGRES_PASSWORD=parley-test-1

# Ports the suite uses on 127.0.0.1 must be free: stop a running appliance first.
rm -rf itests/suite/target/container-logs
status=0
mvn -B verify "$@" || status=$?
if [ "$status" != 0 ] && [ -d itests/suite/target/container-logs ]; then
  # pax-exam removes each container's folder; what its Karaf logged (WARN and up) was kept here
  echo "=== errors logged inside the appliance containers (itests/suite/target/container-logs) ==="
  for log in itests/suite/target/container-logs/*.log; do
    errors=$(grep -E ' ERROR |Exception|Caused by' "$log" | cut -c1-300 | head -n 12 || true)
    if [ -n "$errors" ]; then printf '%s\n%s\n' "--- $(basename "$log")" "$errors"; fi
  done
fi
exit "$status"
