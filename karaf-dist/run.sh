#!/usr/bin/env bash
# Builds Parley if needed, then runs the appliance in the foreground on its embedded
# defaults (Derby, REST on HTTPS 8443 and on 127.0.0.1:8181, shell on 127.0.0.1:8101). Extra arguments go to bin/karaf,
# e.g. `karaf-dist/run.sh server` for no console, or `clean` to start with empty data.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tarball="$root/karaf-dist/target/parley-karaf-dist-0.1.0-SNAPSHOT.tar.gz"
home="${PARLEY_HOME:-$root/karaf-dist/target/appliance}"

if [ ! -f "$tarball" ] || [ -n "$(find bundles features karaf-dist/src karaf-dist/pom.xml pom.xml -newer "$tarball" -type f -print -quit)" ]; then
  echo "Building Parley (mvn install -DskipTests)…"
  mvn -B -q install -DskipTests
fi

if [ ! -x "$home/bin/karaf" ] || [ "$tarball" -nt "$home/.unpacked" ]; then
  # a new build replaces the programs but keeps the appliance's data (database, recordings)
  keep=$(mktemp -d)
  [ -d "$home/data/parley" ] && mv "$home/data/parley" "$keep/parley"
  rm -rf "$home" && mkdir -p "$home"
  tar xzf "$tarball" -C "$home" --strip-components=1
  [ -d "$keep/parley" ] && mkdir -p "$home/data" && mv "$keep/parley" "$home/data/parley"
  rmdir "$keep" 2>/dev/null || true
  touch "$home/.unpacked"
fi

echo "Parley home: $home   (REST https://<this host>:8443/api/v1/ and http://127.0.0.1:8181/api/v1/health; shell password: data/parley/initial-shell-password; admin password: the log or parley:admin-password)"
exec "$home/bin/karaf" "$@"
