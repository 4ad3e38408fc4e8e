#!/usr/bin/env bash
# The MapDB baseline of the crash loop (RELIABILITY.md §6; docs/SPEC.md §7.8, "Why not MapDB"): a child JVM
# commits steps to a MapDB 3.1.0 file store with transactionEnable() (one put + commit per step) and is killed
# with SIGKILL at random, seeded moments; each restart reopens the store and checks every step whose commit
# had returned. A store that no longer opens, cannot be read back, or lost/changed an acknowledged step counts
# as corrupted and is replaced. Not part of CI.
#
#   scripts/mapdb-crash-loop.sh [--kills 1000] [--kills-per-store 10] [--seed N] [--out DIR]
#
# Writes DIR/report.txt. Compare with scripts/crash-loop.sh (Lazarus, same kind of kills).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KILLS=1000
PER_STORE=10
SEED=$(date +%s)
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) KILLS=$2; shift 2 ;;
    --kills-per-store) PER_STORE=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "mapdb-crash-loop.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-${TMPDIR:-/tmp}/lazarus-reliability/mapdb-crash-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
PROJECT="$ROOT/scripts/mapdb-crash"
mvn -q -B -f "$PROJECT/pom.xml" package -DskipTests
CP="$PROJECT/target/classes:$(cat "$PROJECT/target/classpath.txt")"
echo "MapDB crash loop: $KILLS kills, up to $PER_STORE per store, seed $SEED, output in $OUT"
nice -n 10 java -cp "$CP" dev.lazarus.reliability.mapdb.MapDbCrashLoop "$OUT" "$KILLS" "$PER_STORE" "$SEED" \
  | tee "$OUT/log.txt"
