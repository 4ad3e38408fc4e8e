#!/usr/bin/env bash
# The effect figures, on their own (not yet in bench/REPORT.md): (a) one journaled OkHttp exchange over loopback
# against the same exchange without the agent, durability=fsync, with the disk's fsync floor measured in the same
# JVM just before and after; (b) replay of a 20-turn OpenAI SDK conversation, per turn, SDK parsing included.
#
#   bench/effects.sh [--no-build] [N_EXCHANGES] [TURNS] [CONVERSATIONS]
#
# Environment: JAVA_HOME (default: java on the PATH), BENCH_WORK (scratch directory on the disk to measure;
# default bench/target/effects), AGENT_OPTIONS (more agent options, e.g. recomputed=okhttp3.;okio.;com.openai.
# where the classification of library calls is not merged yet).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=1
if [ "${1:-}" = "--no-build" ]; then BUILD=0; shift; fi
N=${1:-2000}
TURNS=${2:-20}
CONVERSATIONS=${3:-5}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
WORK="${BENCH_WORK:-$ROOT/bench/target/effects}"
EXTRA="${AGENT_OPTIONS:+,$AGENT_OPTIONS}"
[ "$BUILD" = 1 ] && mvn -q -B -pl bench -am -DskipTests package
CP="$(cat "$ROOT/bench/target/bench-classpath.txt"):$ROOT/bench/target/classes"
AGENT="$ROOT/javaagent/target/lazarus-agent.jar"
rm -rf "$WORK" && mkdir -p "$WORK"
flags=(-Xmx512m -XX:+UseSerialGC)

echo "load before: $(uptime)"
echo "== (a) one OkHttp exchange over loopback, $N measured after 3000 warm-up exchanges"
echo "-- without the agent"
"$JAVA" "${flags[@]}" -cp "$CP" dev.lazarus.bench.apps.HttpExchangeApp "$N" 3000 "$WORK/floor" 500 | grep '^@@'
echo "-- with the agent, durability=fsync"
"$JAVA" "${flags[@]}" "-javaagent:$AGENT=journal=$WORK/journal-a,durability=fsync,recover=manual,log=warn$EXTRA" \
  -cp "$CP" dev.lazarus.bench.apps.HttpExchangeApp "$N" 3000 "$WORK/floor" 500 | grep '^@@'

echo "-- with the agent, durability=process (the boundary's own cost, without the wait for the disk)"
"$JAVA" "${flags[@]}" "-javaagent:$AGENT=journal=$WORK/journal-p,durability=process,recover=manual,log=warn$EXTRA" \
  -cp "$CP" dev.lazarus.bench.apps.HttpExchangeApp "$N" 3000 "$WORK/floor" 500 | grep '^@@ exchange'

echo "== (b) replay of $CONVERSATIONS conversations of $TURNS turns on the OpenAI SDK"
J="$WORK/journal-b"
OPTS="journal=$J,durability=fsync,recover=manual,log=warn$EXTRA"
PORT=$("$JAVA" "${flags[@]}" "-javaagent:$AGENT=$OPTS" -cp "$CP" dev.lazarus.bench.apps.SdkReplayApp \
  record "$TURNS" "$CONVERSATIONS" 0 | sed -n 's/^@@ port //p')
"$JAVA" "${flags[@]}" "-javaagent:$AGENT=$OPTS" -cp "$CP" dev.lazarus.bench.apps.SdkReplayApp \
  replay "$TURNS" "$CONVERSATIONS" "$PORT" | grep '^@@'
echo "-- the same replay with durability=process (the fsyncs of each resume, its last live step and its end left out)"
J="$WORK/journal-bp"
OPTS="journal=$J,durability=process,recover=manual,log=warn$EXTRA"
PORT=$("$JAVA" "${flags[@]}" "-javaagent:$AGENT=$OPTS" -cp "$CP" dev.lazarus.bench.apps.SdkReplayApp \
  record "$TURNS" "$CONVERSATIONS" 0 | sed -n 's/^@@ port //p')
"$JAVA" "${flags[@]}" "-javaagent:$AGENT=$OPTS" -cp "$CP" dev.lazarus.bench.apps.SdkReplayApp \
  replay "$TURNS" "$CONVERSATIONS" "$PORT" | grep '^@@'
echo "load after:  $(uptime)"
