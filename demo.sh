#!/usr/bin/env bash
# The Lazarus demo: builds the agent, runs an AI research agent, kills it with SIGKILL mid-way,
# restarts it, and shows which calls were answered from the journal.
set -euo pipefail
cd "$(dirname "$0")"
echo "Building Lazarus (first run downloads dependencies from Maven Central)..."
mvn -q -B -DskipTests package
API_JAR=$(ls api/target/lazarus-api-*.jar | head -n 1)
exec java -cp examples/target/classes dev.lazarus.examples.demo.Demo \
  javaagent/target/lazarus-agent.jar "examples/target/classes:${API_JAR}" "${1:-6}"
