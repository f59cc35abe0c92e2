#!/usr/bin/env bash
# JMH: the ACD's routing decision for 10 .. 10,000 agents in a group (see README.md).
# Uses the jars the reactor build leaves in target/ (run `mvn -B -q package -DskipTests -pl
# bundles/acd,bundles/acd-policy/longest-idle,bundles/acd-policy/fewest-calls,bundles/acd-policy/skill-group-priority -am`
# first) and JMH 1.37 from the local Maven repository (`mvn dependency:get -Dartifact=org.openjdk.jmh:jmh-generator-annprocess:1.37`).
set -euo pipefail
cd "$(dirname "$0")"
root=../..
m2=${MAVEN_REPO:-$HOME/.m2/repository}
jmh="$m2/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar:$m2/org/openjdk/jmh/jmh-generator-annprocess/1.37/jmh-generator-annprocess-1.37.jar:$m2/net/sf/jopt-simple/jopt-simple/5.0.4/jopt-simple-5.0.4.jar:$m2/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
cp="$root/bundles/api/target/classes:$root/bundles/acd/target/classes"
for p in longest-idle fewest-calls skill-group-priority; do cp="$cp:$root/bundles/acd-policy/$p/target/classes"; done
out=target/classes
rm -rf target && mkdir -p "$out"
javac -d "$out" -cp "$cp:$jmh" -processor org.openjdk.jmh.generators.BenchmarkProcessor \
  src/io/parley/acd/RoutingBench.java 2>&1 | grep -v "^Note:" || true
java -cp "$out:$cp:$jmh" org.openjdk.jmh.Main RoutingBench "$@"
