#!/usr/bin/env bash
# Runs the end-to-end test ten times in a row (each run packages the VSIX, installs it in a fresh code-server
# and goes through every check) and records the timings of each run.
#   bash test/e2e/run-10.sh [N]          N runs instead of 10
# Output: test/e2e/run-10/run-<i>.log, test/e2e/run-10/screenshots-<i>/, test/e2e/run-10/timings.jsonl and
# the table test/e2e/run-10/timings.txt (also printed). Stops at the first failing run (exit 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-10}"
out=test/e2e/run-10
rm -rf "$out"
mkdir -p "$out"
node test/e2e/setup.mjs
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  if E2E_TIMINGS_FILE="$out/timings.jsonl" E2E_SCREENSHOTS="$out/screenshots-$i" node test/e2e/run.mjs > "$out/run-$i.log" 2>&1; then
    echo "run $i/$runs: passed in $(( $(date +%s) - start )) s"
  else
    echo "run $i/$runs: FAILED in $(( $(date +%s) - start )) s; the end of $out/run-$i.log:"
    tail -40 "$out/run-$i.log"
    exit 1
  fi
done
node - "$out/timings.jsonl" > "$out/timings.txt" <<'JS'
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const cols = [
  ['workbenchReadyMs', 'workbench ready'],
  ['fileOpenToSquiggleMs', 'file open → squiggle'],
  ['quickFixToSquiggleGoneMs', 'quick fix → squiggle gone'],
  ['simulateToTraceMs', 'simulate → trace'],
  ['saveToFixedOnDiskMs', 'save → fixed on disk'],
  ['totalMs', 'whole run'],
];
const line = (cells) => '| ' + cells.join(' | ') + ' |';
const out = [line(['run', ...cols.map((c) => c[1] + ' (ms)')]), line(['---', ...cols.map(() => '---:')])];
rows.forEach((r, i) => out.push(line([String(i + 1), ...cols.map(([k]) => String(r[k]))])));
const stat = (name, f) => out.push(line([name, ...cols.map(([k]) => String(f(rows.map((r) => r[k]).sort((a, b) => a - b))))]));
stat('median', (v) => (v.length % 2 ? v[(v.length - 1) / 2] : Math.round((v[v.length / 2 - 1] + v[v.length / 2]) / 2)));
stat('max', (v) => v[v.length - 1]);
console.log(out.join('\n'));
JS
cat "$out/timings.txt"
echo "run-10: $runs passed, 0 failed"
