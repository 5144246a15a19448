#!/usr/bin/env node
// CPU profile of the CLI over a corpus: `node bench/profile.mjs <corpus-dir> [topN]`. Runs mapi-lint under
// `node --cpu-prof` and prints the functions with the most self time (and their share of all samples).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './lib/corpus.mjs';

const [dir, topArg] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node bench/profile.mjs <corpus-dir> [topN]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-prof-'));
const t0 = Date.now();
spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, path.join(REPO, 'bin/mapi-lint.js'), '--format', 'json', '--output', path.join(profDir, 'report.json'), dir], { stdio: 'inherit' });
const wall = Date.now() - t0;
const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
const prof = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map(); // node id -> microseconds
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const agg = new Map(); // function@file:line -> us
const byFile = new Map();
for (const [id, us] of self) {
  const cf = byId.get(id).callFrame;
  const rel = cf.url ? cf.url.replace(/^file:\/\//, '').replace(`${REPO}/`, '') : '';
  const key = `${cf.functionName || '(anonymous)'}  ${rel ? `${rel}:${cf.lineNumber + 1}` : ''}`;
  agg.set(key, (agg.get(key) ?? 0) + us);
  const fk = rel || cf.functionName;
  byFile.set(fk, (byFile.get(fk) ?? 0) + us);
}
const rows = [...agg].sort((a, b) => b[1] - a[1]).slice(0, top);
console.log(`wall ${wall} ms, profiled ${(total / 1000).toFixed(0)} ms; profile: ${path.join(profDir, file)}\n`);
console.log('self %   self ms  function');
for (const [k, us] of rows) console.log(`${((100 * us) / total).toFixed(1).padStart(6)}  ${(us / 1000).toFixed(0).padStart(8)}  ${k}`);
console.log('\nby file:');
for (const [k, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${((100 * us) / total).toFixed(1).padStart(6)}  ${(us / 1000).toFixed(0).padStart(8)}  ${k}`);
