#!/usr/bin/env bash
# Runs every Parley test on a fresh Debian machine with Java 17 and Maven: installs the
# packages the tests need, then builds the reactor and runs unit tests and the
# integration tests that boot the real distribution.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the tests drive: SIPp and its G.711/RFC 2833 pcaps (media and SIP tests)
missing=()
command -v sipp >/dev/null 2>&1 && [ -d /usr/share/sip-tester ] || missing+=(sip-tester)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}…"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

java -version 2>&1 | grep -q '"17' || { echo "Java 17 is required (java -version)"; exit 1; }
command -v mvn >/dev/null || { echo "Maven is required"; exit 1; }

# Ports the suite uses on 127.0.0.1 must be free: stop a running appliance first.
exec mvn -B verify "$@"
