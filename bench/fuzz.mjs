#!/usr/bin/env node
// The long robustness run (issue #6): the same code as test/robustness-fuzz.test.ts (which `npm test` runs
// as a fast subset), at scale: 20,000 LSP edits, 1,500 fuzzed CLI cases, with --fix on temp copies.
//   node bench/fuzz.mjs [--seed N] [--rounds N]    (each round uses seed, seed+1, ...)
import { spawnSync, execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from './lib/corpus.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const seed = Number(opt('seed', String(Date.now() % 1_000_000)));
const rounds = Number(opt('rounds', '1'));
execFileSync('npx', ['tsc', '-p', '.'], { cwd: REPO, stdio: 'inherit' });
let failed = 0;
for (let i = 0; i < rounds; i++) {
  const s = seed + i;
  process.stderr.write(`fuzz round ${i + 1}/${rounds}, seed ${s} (reproduce: node bench/fuzz.mjs --seed ${s})\n`);
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', path.join(REPO, 'out/test/robustness-fuzz.test.js')], {
    cwd: REPO,
    stdio: 'inherit',
    env: { ...process.env, MAPI_LINT_FUZZ_SCALE: 'long', MAPI_LINT_FUZZ_SEED: String(s), MAPI_LINT_KEEP_TEST_TMP: '1' },
  });
  if (r.status !== 0) failed++;
}
if (failed) process.stderr.write(`${failed} round(s) failed; the fuzzed files are kept under .test-tmp/fuzz\n`);
process.exitCode = failed ? 1 : 0;
