#!/usr/bin/env node
// Compiles and runs fixture cases (a file, or a directory of sources and headers) against the recording-mock
// runner and compares the rules broken at run time with the case's `// expect: <rule-id>` markers.
//   node test/harness/confirm-case.mjs test/fixtures/cases/<group>/<valid|invalid>/<case> ...
// Exit 1 when a case disagrees. (The test suite does the same for the whole corpus: fixture-labels.test.ts.)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caseFiles, COMPILED, compileAndRun, compileRunner } from './exec.mjs';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'confirm-case-'));
const runnerObj = compileRunner(work);
let bad = 0;
for (const arg of process.argv.slice(2)) {
  const p = path.resolve(arg);
  const files = caseFiles(p).filter((f) => !/\.fixed\./.test(f));
  const expected = new Set();
  for (const f of files) for (const m of fs.readFileSync(f, 'utf8').matchAll(/(?:\/\/|\/\*)\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)/g)) for (const r of m[1].split(',')) expected.add(r.trim());
  const dir = fs.mkdtempSync(path.join(work, 'c-'));
  const isDir = fs.statSync(p).isDirectory();
  const run = compileAndRun(files.filter((f) => COMPILED.test(f)), [isDir ? p : path.dirname(p)], runnerObj, dir);
  const want = [...expected].sort().join(', ');
  if (run.error) {
    bad++;
    console.log(`ERROR ${arg}: ${run.error}`);
  } else if (!run.finished || run.violations.join(', ') !== want) {
    bad++;
    console.log(`MISMATCH ${arg}: expect [${want}], run [${run.violations.join(', ')}]${run.finished ? '' : ' (did not finish)'}\n${process.env.VERBOSE ? run.output : ''}`);
  } else console.log(`ok ${arg} [${want}]`);
}
fs.rmSync(work, { recursive: true, force: true });
process.exit(bad ? 1 : 0);
