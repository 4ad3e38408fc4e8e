#!/usr/bin/env bash
# Runs every performance figure (the disk's floor, journaled calls per durability mode, group commit, replay,
# recovery, the agent on code that is not durable, MapDB and the peers, a JFR profile, start-up, effects at their
# boundary: HTTP, SDK replay, JDBC, the argument digest; branches: journaled calls fanned out to threads, and their
# replay; a journal that runs for months: start-up and heap against history, disk usage under load with retention,
# a journaled call during compaction; start-up with a backlog of events in the inbox) and writes bench/REPORT.md.
#
#   bench/run.sh            the full run (about 21 minutes on 2 cores)
#   bench/run.sh --quick    tiny counts, for checking that everything works (about 2 minutes)
#   bench/run.sh --only=12 --merge   figure 12 (branches, about 1 minute) into the report's other figures
#   bench/run.sh --only=13 --merge --no-peers   figure 13 (history, retention, compaction: about 5 minutes, about
#                                               3 GB of journals at a time under BENCH_WORK) likewise
#   bench/run.sh --only=14 --merge --no-peers   figure 14 (start-up with 0 to 100,000 events queued in the
#                                               inbox, 3 JVMs each: about 4 minutes) likewise
#   options: --only=1,2,3   some figures only       --no-build   use what is already built
#            --merge        with --only: those figures replace theirs in bench/REPORT.properties and the
#                           report keeps the others (its note says when they were measured)
#            --no-peers     skip MapDB, DBOS and Temporal (no -Ppeers build, no PostgreSQL)
#            --out=FILE     write the report elsewhere
#            --baseline-agent=JAR  also measure another agent jar (an earlier build) beside this one (figure 10)
#            --baseline-reps=N     pairs of JVMs per measure of that comparison (default 5)
#
# Environment: JAVA_HOME (the JDK for the build and the child JVMs; default: java on the PATH),
# JDK25_HOME (a second JDK for figure 5; default /usr/lib/jvm/temurin-25-jdk-amd64 if present),
# BENCH_WORK (scratch directory on the disk to measure; default bench/target/run),
# PG_BIN (PostgreSQL's bin directory; default: found on the PATH or under /usr/lib/postgresql).
#
# PostgreSQL (for DBOS) is started by this script in BENCH_WORK/pg on a free local port, as an
# unprivileged user when run as root (PostgreSQL refuses to run as root), and stopped at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PROFILE=full
ONLY=""
BUILD=1
PEERS=1
OUT="$ROOT/bench/REPORT.md"
MERGE=false
BASELINE=""
BASELINE_REPS=""
for arg in "$@"; do
  case "$arg" in
    --quick) PROFILE=quick ;;
    --only=*) ONLY="${arg#--only=}" ;;
    --no-build) BUILD=0 ;;
    --no-peers) PEERS=0 ;;
    --merge) MERGE=true ;;
    --out=*) OUT="${arg#--out=}" ;;
    --baseline-agent=*) BASELINE="${arg#--baseline-agent=}" ;;
    --baseline-reps=*) BASELINE_REPS="${arg#--baseline-reps=}" ;;
    *) echo "unknown option $arg (see the top of $0)" >&2; exit 2 ;;
  esac
done

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JDK25_HOME="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA25=""
[ -x "$JDK25_HOME/bin/java" ] && JAVA25="$JDK25_HOME/bin/java"
WORK="${BENCH_WORK:-$ROOT/bench/target/run}"
NOTES=()

wants() { # wants FIGURE: whether --only selects it
  [ -z "$ONLY" ] && return 0
  case ",$ONLY," in *",$1,"*) return 0 ;; esac
  return 1
}

# ---- build ---------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  echo "building the agent and the bench module..." >&2
  if [ "$PEERS" = 1 ]; then
    if ! mvn -q -B -pl bench -am -DskipTests -Ppeers package; then
      NOTES+=("the -Ppeers build failed (see the console), so MapDB, DBOS and Temporal were not measured.")
      PEERS=0
      mvn -q -B -pl bench -am -DskipTests package
    fi
  else
    mvn -q -B -pl bench -am -DskipTests package
  fi
fi
[ "$PEERS" = 0 ] && NOTES+=("peers not built (--no-peers or a failed build).")
CP="$(cat "$ROOT/bench/target/bench-classpath.txt"):$ROOT/bench/target/classes"

# ---- PostgreSQL for DBOS ----------------------------------------------------------------------------
PG_URL=""
PG_ERROR=""
PG_VERSION=""
PG_DATA=""
PG_RUN=()
stop_pg() {
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$PG_DATA" ]; then rm -rf "$PG_DATA"; fi # initdb.log and server.log stay next to it
}
trap stop_pg EXIT

if [ "$PEERS" = 1 ] && wants 8; then
  PG_BIN="${PG_BIN:-}"
  if [ -z "$PG_BIN" ]; then
    if command -v pg_ctl >/dev/null 2>&1 && [ -x "$(dirname "$(readlink -f "$(command -v pg_ctl)")")/initdb" ]; then
      PG_BIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
    else
      PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    fi
  fi
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    PG_ERROR="no PostgreSQL server binaries found (install Debian's postgresql package or set PG_BIN)"
  else
    PG_USER=$(id -un)
    if [ "$(id -u)" = 0 ]; then
      # PostgreSQL refuses to run as root: use the package's postgres user, else nobody
      if id postgres >/dev/null 2>&1; then PG_USER=postgres; else PG_USER=nobody; fi
      PG_RUN=(runuser -u "$PG_USER" --)
    fi
    PG_HOME="$WORK/pg"
    PG_DATA="$PG_HOME/data"
    rm -rf "$PG_HOME"
    mkdir -p "$PG_HOME"
    [ "$(id -u)" = 0 ] && chown "$PG_USER" "$PG_HOME"
    chmod 700 "$PG_HOME"
    PORT=55432
    while (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; do PORT=$((PORT + 1)); done
    if "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres -E UTF8 >"$PG_HOME/initdb.log" 2>&1 \
      && "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_HOME/server.log" -w -t 60 \
           -o "-p $PORT -k $PG_HOME -c listen_addresses=127.0.0.1" start >/dev/null 2>&1; then
      PG_URL="jdbc:postgresql://127.0.0.1:$PORT/dbos_bench"
      PG_VERSION=$("$PG_BIN/postgres" --version 2>/dev/null | awk '{print $3}')
      "${PG_RUN[@]}" "$PG_BIN/psql" -h "$PG_HOME" -p "$PORT" -U postgres -qAt -c 'create database dbos_bench' \
        >/dev/null 2>&1 || true
    else
      PG_ERROR="PostgreSQL did not start as user $PG_USER: $(tail -3 "$PG_HOME/initdb.log" "$PG_HOME/server.log" 2>/dev/null | tr '\n' ' ')"
    fi
  fi
fi

# ---- the run --------------------------------------------------------------------------------------
echo "load before: $(uptime)" >&2
NOTE="${NOTES[*]:-}"
"$JAVA" -Xmx512m -cp "$CP" dev.lazarus.bench.harness.BenchMain \
  --work="$WORK" --agent="$ROOT/javaagent/target/lazarus-agent.jar" --out="$OUT" --profile="$PROFILE" \
  --only="$ONLY" --jdk25="$JAVA25" --pg="$PG_URL" --pgerror="$PG_ERROR" --pgversion="$PG_VERSION" \
  --note="$NOTE" --merge="$MERGE" --baseline="$BASELINE" ${BASELINE_REPS:+--baselinereps="$BASELINE_REPS"}
echo "load after:  $(uptime)" >&2
