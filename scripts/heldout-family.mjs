#!/usr/bin/env node
// Measures the engine on the held-out provider-family corpus (test/fixtures/heldout/family: address book,
// transport and message store logons; labels confirmed by running each case with the family runner:
// confirm.mjs). Never tune against it: this prints figures, it is not a test.
//
//   node scripts/heldout-family.mjs [--verbose] [case ...]
//
// Per case: the linter sees every source of the case, with every family rule on (transport-makeinvalid-missing
// is off by default); its family-rule findings are compared with the runtime labels as (case, rule) pairs.
// Store-rule findings on the stores of IMSLogon cases are not labelled here and are counted apart. Prints
// precision, recall, and how many (object, rule) verdicts were left "not decided". Family rules have no fixes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const CORPUS = path.join(REPO, 'test', 'fixtures', 'heldout', 'family');
const require = createRequire(import.meta.url);
const engine = require(path.join(REPO, 'out', 'server', 'src', 'engine', 'index.js'));
const { RULES } = require(path.join(REPO, 'out', 'server', 'src', 'engine', 'rules', 'index.js'));

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
const only = new Set(argv.filter((a) => !a.startsWith('--')));
const labels = JSON.parse(fs.readFileSync(path.join(CORPUS, 'labels.json'), 'utf8')).filter((e) => !only.size || only.has(e.case));
const FAMILY = new Set(RULES.filter((r) => !r.objects.includes('store')).map((r) => r.meta.id));
const SOURCE = /\.(c|cc|cpp|cxx|h|hh|hpp|hxx)$/;

function filesOf(name) {
  const p = path.join(CORPUS, name);
  const list = fs.statSync(p).isDirectory() ? fs.readdirSync(p).filter((f) => SOURCE.test(f)).map((f) => path.join(p, f)) : [p];
  return list.sort().map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
}

let tp = 0;
let fp = 0;
let fn = 0;
let exact = 0;
let storeFindings = 0;
let notDecided = 0;
let decided = 0;
const t0 = Date.now();
for (const l of labels) {
  const result = engine.lintSources(filesOf(l.case), { settingsFor: () => ({ 'transport-makeinvalid-missing': 'warning' }) });
  const got = new Set(result.findings.filter((f) => FAMILY.has(f.ruleId)).map((f) => f.ruleId));
  storeFindings += result.findings.filter((f) => !FAMILY.has(f.ruleId)).length;
  const want = new Set(l.rules);
  const hit = [...got].filter((r) => want.has(r));
  tp += hit.length;
  fp += got.size - hit.length;
  fn += want.size - hit.length;
  if (got.size === want.size && hit.length === want.size) exact++;
  notDecided += result.summary.notDecided;
  decided += result.summary.defect + result.summary.clean;
  if (verbose && (got.size !== want.size || hit.length !== want.size)) {
    process.stdout.write(`${l.case}: expected [${[...want].join(', ')}], got [${[...got].join(', ')}]\n`);
    for (const n of result.notes.filter((x) => x.kind === 'not-decided')) process.stdout.write(`    note: ${n.message}\n`);
  }
}
const precision = tp + fp ? tp / (tp + fp) : 1;
const recall = tp + fn ? tp / (tp + fn) : 1;
process.stdout.write(
  `held-out family: ${labels.length} cases, ${exact} exact; (case, rule) pairs: ${tp} found, ${fp} false, ${fn} missed; ` +
    `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; verdicts: ${decided} decided, ${notDecided} not decided; ` +
    `store-rule findings on IMSLogon cases' stores (unlabelled): ${storeFindings}; ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
);
