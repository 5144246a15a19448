// Checks the labels of the provider-family fixtures (test/fixtures/family/<group>/<valid|invalid>/<case>) by
// executing every case with the family runner (test/harness/family/run.mjs): the set of family rules the
// runner reports must equal the set named by the case's `// expect: <rule-id>` markers (`/* expect: … */` in C),
// every scenario must run to `done`, and no fault may be left unexplained. Also checks the corpus layout: every
// family rule has >= 2 invalid and >= 2 valid cases, valid cases carry no marker, an invalid case marks its
// folder's rule, designs/ and traps/ hold valid cases only. (node test/fixtures/family/confirm.mjs does the same
// from the command line.) The C fixtures are C89: -std=c89 -pedantic -Wdeclaration-after-statement reports
// nothing located in a fixture file (the stand-in headers themselves are not pedantic C90, so their own
// diagnostics are not counted).
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compilerGate } from './harness/run';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'family');
const RUN_MJS = path.join(ROOT, 'test', 'harness', 'family', 'run.mjs');
const FAMILY_INCLUDE = path.join(ROOT, 'test', 'harness', 'family', 'include');
const SHARED_INCLUDE = path.join(ROOT, 'test', 'harness', 'include');
const SOURCE = /\.(c|cc|cpp|cxx|h|hh|hpp|hxx)$/;
/** A fix golden (`x.fixed.cpp`, test/family-fixes.test.ts): not a case, not a file of one. */
const GOLDEN = /\.fixed\.[^.]+$/;
const COMPILED = /\.(c|cc|cpp|cxx)$/;
const MARKER = /(?:\/\/|\/\*)\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)/;
const DESIGN_GROUPS = ['designs', 'traps'];

// Kept in step with FAMILY_RULE_IDS in test/harness/family/run.mjs (checked below).
const FAMILY_RULE_IDS = [
  'logon-support-release-missing',
  'logon-support-use-after-release',
  'transport-support-released-early',
  'transport-makeinvalid-missing',
  'logon-status-object-leaked',
  'logon-open-objects-leaked',
  'logon-object-leaked',
  'provider-shutdown-logons-left',
  'transport-release-without-logoff',
  'mslogon-support-cycle',
  'mslogon-logoff-store-left-open',
];

interface FamilyCase {
  id: string;
  group: string;
  kind: 'valid' | 'invalid';
  path: string;
  files: string[];
  expected: Set<string>;
}

interface FamilyResult {
  ok: boolean;
  violations: Set<string>;
  unexplainedFaults: { line: string }[];
  errors: string[];
  output: string;
}

interface FamilyRunModule {
  FAMILY_RULE_IDS: string[];
  compileRunner(workDir: string): Promise<string>;
  runFamilyCase(casePath: string, opts: { workDir: string; runnerObj: string }): Promise<FamilyResult>;
  pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]>;
}

// run.mjs is an ES module; this file compiles to CommonJS, whose require() cannot load it.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

function listCases(): FamilyCase[] {
  const out: FamilyCase[] = [];
  if (!fs.existsSync(FIXTURES)) return out;
  for (const group of fs.readdirSync(FIXTURES).sort()) {
    const gdir = path.join(FIXTURES, group);
    if (!fs.statSync(gdir).isDirectory()) continue;
    for (const kind of ['valid', 'invalid'] as const) {
      const kdir = path.join(gdir, kind);
      if (!fs.existsSync(kdir)) continue;
      for (const name of fs.readdirSync(kdir).sort()) {
        const p = path.join(kdir, name);
        const files = fs.statSync(p).isDirectory()
          ? fs.readdirSync(p).filter((f) => SOURCE.test(f) && !GOLDEN.test(f)).sort().map((f) => path.join(p, f))
          : SOURCE.test(name) && !GOLDEN.test(name) ? [p] : [];
        if (files.length === 0) continue;
        const expected = new Set<string>();
        for (const f of files) {
          for (const line of fs.readFileSync(f, 'utf8').split(/\r?\n/)) {
            const m = MARKER.exec(line);
            if (m) for (const id of m[1].split(',')) expected.add(id.trim());
          }
        }
        out.push({ id: `${group}/${kind}/${name}`, group, kind, path: p, files, expected });
      }
    }
  }
  return out;
}

const sorted = (s: Iterable<string>) => [...s].sort();
const cases = listCases();
const gate = compilerGate();
let workDir = '';
let results = new Map<string, FamilyResult>();
let runnerIds: string[] = [];

describe('provider-family fixture labels (executed with the family runner)', { skip: gate.skip }, () => {
  if (gate.missing !== undefined) {
    const missing = gate.missing;
    it('g++ and gcc are on the PATH', () => assert.fail(missing));
    return;
  }

  before(async () => {
    const run = (await importEsm(pathToFileURL(RUN_MJS).href)) as FamilyRunModule;
    runnerIds = run.FAMILY_RULE_IDS;
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-family-labels-'));
    const runnerObj = await run.compileRunner(workDir);
    const limit = Math.max(2, Math.min(8, os.cpus().length));
    const out = await run.pool(cases, limit, (c) => run.runFamilyCase(c.path, { workDir, runnerObj }));
    results = new Map(cases.map((c, i) => [c.id, out[i]]));
  });

  after(() => {
    if (workDir && !process.env.MAPI_LINT_KEEP_FIXTURE_BUILDS) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('the rule ids match the family runner', () => {
    assert.deepEqual(sorted(runnerIds), sorted(FAMILY_RULE_IDS));
  });

  it('corpus layout: every family rule has >= 2 invalid and >= 2 valid cases; markers are well formed', () => {
    const known = new Set(FAMILY_RULE_IDS);
    for (const rule of FAMILY_RULE_IDS) {
      const inv = cases.filter((c) => c.group === rule && c.kind === 'invalid').length;
      const val = cases.filter((c) => c.group === rule && c.kind === 'valid').length;
      assert.ok(inv >= 2, `${rule}: ${inv} invalid cases`);
      assert.ok(val >= 2, `${rule}: ${val} valid cases`);
    }
    assert.ok(cases.some((c) => DESIGN_GROUPS.includes(c.group)), 'designs and traps');
    for (const c of cases) {
      assert.ok(known.has(c.group) || DESIGN_GROUPS.includes(c.group), `${c.id}: unknown group`);
      assert.ok(c.files.some((f) => COMPILED.test(f)), `${c.id}: no .c/.cpp source`);
      for (const id of c.expected) assert.ok(known.has(id), `${c.id}: unknown rule id in a marker: ${id}`);
      if (c.kind === 'valid') assert.equal(c.expected.size, 0, `${c.id}: a valid case carries markers`);
      else assert.ok(c.expected.has(c.group), `${c.id}: an invalid case must mark its folder's rule`);
      if (DESIGN_GROUPS.includes(c.group)) assert.equal(c.kind, 'valid', `${c.id}: designs/traps hold valid cases`);
    }
  });

  for (const c of cases) {
    for (const file of c.files.filter((f) => f.endsWith('.c'))) {
      it(`C89: ${path.relative(FIXTURES, file)}`, () => {
        const dir = path.dirname(file);
        const args = ['-std=c89', '-pedantic', '-Wdeclaration-after-statement', '-fsyntax-only'];
        const r = spawnSync('gcc', [...args, '-I', dir, '-I', FAMILY_INCLUDE, '-I', SHARED_INCLUDE, file], {
          encoding: 'utf8',
        });
        const mine = (r.stderr ?? '')
          .split('\n')
          .filter((l) => l.startsWith(`${dir}${path.sep}`) && /:\d+:\d+: (warning|error)/.test(l));
        assert.equal(r.error, undefined, `gcc did not run: ${r.error}`);
        assert.deepEqual(mine, [], `${path.relative(FIXTURES, file)} is not C89`);
      });
    }
    it(`${c.id} behaves as labelled`, () => {
      const r = results.get(c.id);
      assert.ok(r, `${c.id}: not run`);
      assert.ok(r.ok, `${c.id}: did not compile or run to the end:\n${r.errors.join('\n')}\n${r.output}`);
      assert.deepEqual(
        r.unexplainedFaults.map((f) => f.line),
        [],
        `${c.id}: faults the runner could not attribute to a rule`,
      );
      assert.deepEqual(
        sorted(r.violations),
        sorted(c.expected),
        `${c.id}: executed violations differ from the expect markers\n${r.output}`,
      );
    });
  }
});
