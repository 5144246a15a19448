#!/usr/bin/env node
// Measures the engine on the held-out store corpus (test/fixtures/heldout/stores, labels confirmed by running
// each store: confirm.mjs). Never tune against it: this prints figures, it is not a test.
//
//   node scripts/heldout.mjs [--verbose] [case ...]
//
// Per case: the linter sees the case's files except those labelled hiddenFromLint; its findings (rule ids)
// are compared with the runtime labels. Then Fix All runs, and the fixed store (all its files, the hidden
// ones included) is compiled and run in every scenario of the harness: a fix succeeds when the run breaks no
// rule. Prints precision and recall over (case, rule) pairs, the verdicts, and fix success.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { caseFiles, COMPILED, compileAndRun, compileRunner } from '../test/harness/exec.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const CORPUS = path.join(REPO, 'test', 'fixtures', 'heldout', 'stores');
const require = createRequire(import.meta.url);
const engine = require(path.join(REPO, 'out', 'server', 'src', 'engine', 'index.js'));

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const only = new Set(argv.filter((a) => !a.startsWith('--')));
const labels = JSON.parse(fs.readFileSync(path.join(CORPUS, 'labels.json'), 'utf8')).filter((e) => !only.size || only.has(e.case));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'heldout-measure-'));
const runnerObj = compileRunner(work);

let tp = 0;
let fp = 0;
let fn = 0;
let exact = 0;
const verdicts = { defect: 0, notDecided: 0, clean: 0 };
let fnUndecided = 0;
const fixes = { stores: 0, ok: 0, harmful: 0, offeredOnCorrect: 0, failures: [] };
const rows = [];
for (const entry of labels) {
  const p = path.join(CORPUS, entry.case);
  const all = caseFiles(p);
  const hidden = new Set(entry.hiddenFromLint.map((h) => path.join(p, h)));
  const seen = all.filter((f) => !hidden.has(f));
  const ws = new engine.Workspace();
  for (const f of seen) ws.setFile(f, fs.readFileSync(f, 'latin1'));
  const result = ws.lint();
  verdicts.defect += result.summary.defect;
  verdicts.notDecided += result.summary.notDecided;
  verdicts.clean += result.summary.clean;
  const got = [...new Set(result.findings.filter((f) => f.ruleId !== engine.UNUSED_SUPPRESSION).map((f) => f.ruleId))].sort();
  const want = [...new Set(entry.rules)].sort();
  const caseTp = got.filter((r) => want.includes(r)).length;
  tp += caseTp;
  fp += got.length - caseTp;
  fn += want.length - caseTp;
  if (got.join() === want.join()) exact++;
  const undecided = [...new Set(result.notes.filter((n) => n.rules).flatMap((n) => n.rules))].sort();
  // A missed label whose rule the engine left "not decided" (code it could not see): the principled answer, counted
  // among the false negatives and also apart.
  fnUndecided += want.filter((r) => !got.includes(r) && undecided.includes(r)).length;

  // Fix All, then compile and run the fixed store with every file (hidden ones too).
  let fixNote = '';
  const fixed = engine.fixAll(ws, undefined);
  if (fixed.texts.size) {
    const dir = fs.mkdtempSync(path.join(work, `${entry.case.replace(/[^A-Za-z0-9]+/g, '_')}-`));
    const isDir = fs.statSync(p).isDirectory();
    const copies = all.map((f) => {
      const to = path.join(dir, path.basename(f));
      fs.writeFileSync(to, fixed.texts.get(f) ?? fs.readFileSync(f));
      return to;
    });
    const run = compileAndRun(copies.filter((f) => COMPILED.test(f)), [dir, path.join(CORPUS, 'include'), ...(isDir ? [] : [path.dirname(p)])], runnerObj, dir);
    const good = !run.error && run.finished && run.violations.length === 0;
    if (want.length) {
      fixes.stores++;
      if (good) fixes.ok++;
      else fixes.failures.push(`${entry.case}: ${run.error ? run.error.split('\n')[0] : `after the fix the run breaks [${run.violations.join(', ')}]${run.finished ? '' : ' and does not finish'}`}`);
    } else {
      fixes.offeredOnCorrect++;
      if (!good) fixes.harmful++;
    }
    fixNote = good ? 'fix ok' : `fix FAILS${run.error ? ` (${run.error.split('\n')[0]})` : ` [${run.violations.join(', ')}]`}`;
  } else if (want.length && got.length) {
    fixNote = `no fix: ${fixed.unfixed[0]?.reason ?? ''}`;
  }
  rows.push({ case: entry.case, want, got, undecided, fixNote });
  if (verbose || got.join() !== want.join()) {
    process.stdout.write(`${got.join() === want.join() ? 'ok  ' : 'DIFF'} ${entry.case}: labels [${want.join(', ')}], found [${got.join(', ')}]${undecided.length ? `, not decided [${undecided.join(', ')}]` : ''}${fixNote ? `; ${fixNote}` : ''}\n`);
  } else if (fixNote && fixNote !== 'fix ok') {
    process.stdout.write(`ok   ${entry.case}; ${fixNote}\n`);
  }
}
fs.rmSync(work, { recursive: true, force: true });
const precision = tp + fp ? tp / (tp + fp) : 1;
const recall = tp + fn ? tp / (tp + fn) : 1;
process.stdout.write(
  [
    '',
    `cases ${labels.length}, exact ${exact}`,
    `(case, rule) pairs: true positives ${tp}, false positives ${fp}, false negatives ${fn}`,
    `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    `of the ${fn} false negatives, ${fnUndecided} are (store, rule) pairs the engine left not decided (recall over the decided pairs ${(tp + fn - fnUndecided ? tp / (tp + fn - fnUndecided) : 1).toFixed(3)})`,
    `verdicts over (store, rule): ${verdicts.defect} defect, ${verdicts.notDecided} not decided, ${verdicts.clean} clean`,
    `fixes: ${fixes.ok}/${fixes.stores} fixed stores behave in every scenario${fixes.stores ? ` (${((100 * fixes.ok) / fixes.stores).toFixed(1)}%)` : ''}; fixes on correct stores: ${fixes.offeredOnCorrect} (harmful: ${fixes.harmful})`,
    ...fixes.failures.map((f) => `  fix failure: ${f}`),
    '',
  ].join('\n'),
);
