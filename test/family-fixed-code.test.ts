// Executes the goldens of the provider-family fixes: for every invalid case of test/fixtures/family that has a
// golden (`<case>.fixed.<ext>` beside a single-file case, `<file>.fixed.<ext>` inside a folder case), the fixed
// provider — every file of the case, each changed file replaced by its golden's text under the ORIGINAL file name,
// so that `#include "xpnet.h"` picks up a fixed header — is compiled and run with the family runner
// (test/harness/family/run.mjs, as test/family-labels.test.ts runs the cases): it must run every scenario to the
// end, with no rule broken and no fault left unexplained. As a control the original case, built the same way,
// still breaks the rules its markers name. The fixed C files stay C89 (-std=c89 -pedantic
// -Wdeclaration-after-statement: nothing reported in the case's own files).
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compilerGate } from './harness/run';
import { FAMILY_DIR, listCases, type Case } from './support/cases';

const ROOT = path.resolve(__dirname, '..', '..');
const RUN_MJS = path.join(ROOT, 'test', 'harness', 'family', 'run.mjs');
const FAMILY_INCLUDE = path.join(ROOT, 'test', 'harness', 'family', 'include');
const SHARED_INCLUDE = path.join(ROOT, 'test', 'harness', 'include');

interface FamilyResult {
  ok: boolean;
  violations: Set<string>;
  unexplainedFaults: { line: string }[];
  errors: string[];
  output: string;
}

interface FamilyRunModule {
  compileRunner(workDir: string): Promise<string>;
  runFamilyCase(casePath: string, opts: { workDir: string; runnerObj: string }): Promise<FamilyResult>;
  pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]>;
}

// run.mjs is an ES module; this file compiles to CommonJS, whose require() cannot load it.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

function goldenPath(file: string): string {
  const ext = path.extname(file);
  return `${file.slice(0, -ext.length)}.fixed${ext}`;
}

interface FixedCase {
  id: string;
  c: Case;
  /** Base names of the files that have a golden. */
  changed: string[];
  original: { name: string; text: string }[];
  fixed: { name: string; text: string }[];
}

function fixedCaseOf(c: Case): FixedCase | undefined {
  const original = c.files.map((f) => ({ name: path.basename(f.path), text: f.text }));
  const changed: string[] = [];
  const fixed = c.files.map((f) => {
    const g = goldenPath(f.path);
    if (!fs.existsSync(g)) return { name: path.basename(f.path), text: f.text };
    changed.push(path.basename(f.path));
    return { name: path.basename(f.path), text: fs.readFileSync(g, 'utf8') };
  });
  return changed.length ? { id: `${c.group}/${c.kind}/${c.name}`, c, changed, original, fixed } : undefined;
}

const sorted = (s: Iterable<string>): string[] => [...s].sort();
const fixedCases = listCases(FAMILY_DIR)
  .filter((c) => c.kind === 'invalid')
  .map(fixedCaseOf)
  .filter((f): f is FixedCase => f !== undefined);
const gate = compilerGate();
let workDir = '';
const originals = new Map<string, FamilyResult>();
const results = new Map<string, FamilyResult>();
/** The directory each fixed case was written to. */
const fixedDirs = new Map<string, string>();

/** Writes a version of a case into its own directory: the directory for a folder case, the file otherwise. */
function writeCase(root: string, f: FixedCase, files: { name: string; text: string }[]): { dir: string; casePath: string } {
  const dir = path.join(root, f.id.replace(/[^A-Za-z0-9]+/g, '_'));
  fs.mkdirSync(dir, { recursive: true });
  for (const x of files) fs.writeFileSync(path.join(dir, x.name), x.text);
  return { dir, casePath: fs.statSync(f.c.dir).isDirectory() ? dir : path.join(dir, files[0].name) };
}

describe('provider-family fix goldens (executed with the family runner)', { skip: gate.skip }, () => {
  if (gate.missing !== undefined) {
    const missing = gate.missing;
    it('g++ and gcc are on the PATH', () => assert.fail(missing));
    return;
  }

  before(async () => {
    const run = (await importEsm(pathToFileURL(RUN_MJS).href)) as FamilyRunModule;
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-family-fixed-'));
    const runnerObj = await run.compileRunner(workDir);
    type Job = { f: FixedCase; casePath: string; into: Map<string, FamilyResult> };
    const jobs: Job[] = [];
    for (const f of fixedCases) {
      const original = writeCase(path.join(workDir, 'original'), f, f.original);
      const fixed = writeCase(path.join(workDir, 'fixed'), f, f.fixed);
      fixedDirs.set(f.id, fixed.dir);
      jobs.push({ f, casePath: original.casePath, into: originals }, { f, casePath: fixed.casePath, into: results });
    }
    const limit = Math.max(2, Math.min(8, os.cpus().length));
    const out = await run.pool(jobs, limit, (j) => run.runFamilyCase(j.casePath, { workDir, runnerObj }));
    jobs.forEach((j, i) => j.into.set(j.f.id, out[i]));
  });

  after(() => {
    if (workDir && !process.env.MAPI_LINT_KEEP_FIXTURE_BUILDS) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('the family goldens are there to run', () => {
    assert.ok(fixedCases.length >= 15, `only ${fixedCases.length} family cases have goldens`);
  });

  for (const f of fixedCases) {
    it(`${f.id} (${f.changed.join(', ')}): the fixed provider breaks no rule`, () => {
      const o = originals.get(f.id);
      assert.ok(o, `${f.id}: original not run`);
      assert.ok(o.ok, `${f.id}: the original did not compile or run to the end:\n${o.errors.join('\n')}\n${o.output}`);
      const expected = new Set(f.c.expected.map((e) => e.split(' ')[1]));
      assert.deepEqual(sorted(o.violations), sorted(expected), `${f.id}: the original's run differs from its markers`);
      const r = results.get(f.id);
      assert.ok(r, `${f.id}: fixed version not run`);
      assert.ok(r.ok, `${f.id}: the fixed version did not compile or run to the end:\n${r.errors.join('\n')}\n${r.output}`);
      assert.deepEqual(sorted(r.violations), [], `${f.id}: the fixed version still breaks rules at run time:\n${r.output.split('\n').filter((l) => /^(violation|fault) /.test(l)).join('\n')}`);
      assert.deepEqual(r.unexplainedFaults.map((x) => x.line), [], `${f.id}: faults the runner could not attribute to a rule`);
    });
    for (const name of f.changed.filter((n) => n.endsWith('.c'))) {
      it(`${f.id}: the fixed ${name} is C89`, () => {
        const dir = fixedDirs.get(f.id);
        assert.ok(dir, `${f.id}: fixed version not written`);
        const file = path.join(dir, name);
        const args = ['-std=c89', '-pedantic', '-Wdeclaration-after-statement', '-fsyntax-only', '-I', dir, '-I', FAMILY_INCLUDE, '-I', SHARED_INCLUDE, file];
        const r = spawnSync('gcc', args, { encoding: 'utf8' });
        assert.equal(r.error, undefined, `gcc did not run: ${r.error}`);
        const mine = (r.stderr ?? '').split('\n').filter((l) => l.startsWith(`${dir}${path.sep}`) && /:\d+:\d+: (warning|error)/.test(l));
        assert.deepEqual(mine, [], `${name} is not C89`);
      });
    }
  }
});
