#!/usr/bin/env bash
# The long crash loop of RELIABILITY.md §1 (the CI test CrashLoopTest runs the same driver with 200 kills).
#
# A child JVM runs rounds of 6 concurrent durable pipelines (it-tests: apps/reliability/CrashLoopApp) whose
# outside calls write a ledger with their Lazarus.stepKey(); this script's driver SIGKILLs it at random,
# seeded moments, restarts it on the same journal (recover=auto), checks the ledger's invariants after every
# kill, runs `verify` on the journal every 10 kills, and lets the last round finish at the end of each journal.
#
#   scripts/crash-loop.sh [--kills 3000] [--jdk 17|25] [--seed N] [--kills-per-journal 500]
#                         [--pipelines 6] [--steps 6] [--durability fsync|process] [--out DIR] [--no-build]
#
# Writes DIR/report.txt (the figures: kills, failed cycles, 95% upper bound on the failure rate, duplicates vs
# kills, recovery time p50/p99 by journal size) and DIR/log.txt. Exit 0 when no kill cycle failed.
# Runs under `nice -n 10`; about 0.8 s per kill on two cores. The code under test is copied first, so a
# rebuild during the run does not change it. (durability=async is left out: it may lose its last window on a
# crash, so calls the pipeline had gone past legitimately run again, which the checker would count as failures.)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
KILLS=3000
JDK=17
SEED=$(date +%s)
KPJ=500
PIPELINES=6
STEPS=6
DURABILITY=fsync
OUT=""
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) KILLS=$2; shift 2 ;;
    --jdk) JDK=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --kills-per-journal) KPJ=$2; shift 2 ;;
    --pipelines) PIPELINES=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    --durability) DURABILITY=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "crash-loop.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
# outside target/: a `mvn clean` elsewhere must not delete a run in progress
case "$DURABILITY" in fsync|process) ;; *) echo "crash-loop.sh: --durability fsync or process" >&2; exit 2 ;; esac
OUT=${OUT:-${TMPDIR:-/tmp}/lazarus-reliability/crash-loop-jdk$JDK-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

cd "$ROOT"
if [ "$BUILD" = 1 ]; then
  echo "building the agent jar and the it-tests classes..."
  mvn -q -B -pl javaagent -am install -DskipTests
  mvn -q -B -pl it-tests test-compile
fi
mvn -q -B -pl it-tests dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null

SNAP="$OUT/snapshot"
rm -rf "$SNAP" && mkdir -p "$SNAP"
cp javaagent/target/lazarus-agent.jar "$SNAP/lazarus-agent.jar"
cp -r it-tests/target/classes "$SNAP/app-classes"
cp -r it-tests/target/test-classes "$SNAP/test-classes"
API=$(tr ':' '\n' < "$OUT/classpath.txt" | grep '/lazarus-api-' | head -1)
cp "$API" "$SNAP/lazarus-api.jar"
# the driver's class path: the harness and JUnit (for its assertions), never the agent's classes
CP="$SNAP/test-classes:$SNAP/app-classes:$SNAP/lazarus-api.jar:$(tr ':' '\n' < "$OUT/classpath.txt" | grep -v '/lazarus-' | paste -sd:)"

echo "crash loop: $KILLS kills on JDK $JDK, seed $SEED, output in $OUT"
set +e
nice -n 10 java -cp "$CP" \
  -Dit.agent.jar="$SNAP/lazarus-agent.jar" -Dit.allowStaleAgent=true \
  -Dit.app.classes="$SNAP/app-classes" -Dit.api.jar="$SNAP/lazarus-api.jar" \
  -Dit.crash.kills="$KILLS" -Dit.crash.seed="$SEED" -Dit.crash.killsPerJournal="$KPJ" \
  -Dit.crash.pipelines="$PIPELINES" -Dit.crash.steps="$STEPS" -Dit.crash.durability="$DURABILITY" \
  dev.lazarus.it.reliability.CrashLoop "$OUT/work" "$JDK" "$OUT/report.txt" 2>&1 | tee "$OUT/log.txt"
CODE=${PIPESTATUS[0]}
set -e
echo "report: $OUT/report.txt (exit $CODE)"
exit "$CODE"
