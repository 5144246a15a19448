// Executes the engine's fix goldens: for every invalid fixture case that has
// at least one golden (`name.fixed.cpp` next to a single-file case `name.cpp`;
// `x.fixed.cpp` / `x.fixed.h` inside a directory case for each changed file),
// the fixed version of the case (every file of the case, each changed file
// replaced by its golden's text but written under the ORIGINAL file name, so
// `#include "store.h"` picks up the fixed header) is compiled against the
// stand-in MAPI headers, linked with the recording-mock runner, and run
// through all shutdown scenarios. A fix is only good if no rule is broken at
// run time.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BAD_STORE_NOTHING,
  CASES,
  CONCURRENCY,
  FixtureCase,
  RunResult,
  collectCases,
  compileRunner,
  compilerGate,
  pool,
  runCase,
  sorted,
  violationLines,
} from './harness/run';

const MIN_FIXED_CASES = 15;

// Known engine bugs: a golden that breaks a rule when executed. The golden is
// not edited; the case is reported as todo until the engine is fixed.
const KNOWN_BAD: Record<string, string> = {};

/** Golden path for a case file: `dir/x.cpp` -> `dir/x.fixed.cpp`. */
function goldenOf(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.fixed${ext}`);
}

interface FixedCase {
  c: FixtureCase;
  changed: string[]; // base names of the files that have a golden
  original: { name: string; text: string }[];
  fixed: { name: string; text: string }[];
}

function fixedCaseOf(c: FixtureCase): FixedCase | undefined {
  const original: { name: string; text: string }[] = [];
  const fixed: { name: string; text: string }[] = [];
  const changed: string[] = [];
  for (const file of c.files) {
    const name = path.basename(file);
    const text = fs.readFileSync(file, 'utf8');
    const golden = goldenOf(file);
    original.push({ name, text });
    if (fs.existsSync(golden)) {
      changed.push(name);
      fixed.push({ name, text: fs.readFileSync(golden, 'utf8') });
    } else {
      fixed.push({ name, text });
    }
  }
  return changed.length > 0 ? { c, changed, original, fixed } : undefined;
}

/** Every `.fixed.` file under the corpus, so a golden that maps to no case file is noticed. */
function allGoldens(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...allGoldens(p));
    else if (/\.fixed\.[^.]+$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

const cases = collectCases();
const fixedCases = cases
  .filter((c) => c.kind === 'invalid')
  .map(fixedCaseOf)
  .filter((f): f is FixedCase => f !== undefined);

let workDir = '';
let runnerObj = '';
let selfTest: RunResult | undefined;
const originals = new Map<string, RunResult>();
const results = new Map<string, RunResult>();

const gate = compilerGate();

describe('fix goldens (executed against the recording mock)', { skip: gate.skip }, () => {
  if (gate.missing !== undefined) {
    const missing = gate.missing;
    it('g++ and gcc are on the PATH', () => assert.fail(missing));
    return;
  }
  before(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-fixed-'));
    const r = await compileRunner(workDir);
    runnerObj = r.runnerObj;
    assert.equal(r.code, 0, `runner.cpp failed to compile:\n${r.out}`);
    type Job = { key: string; files: { name: string; text: string }[]; into: Map<string, RunResult> | null };
    const jobs: Job[] = [
      { key: 'self-nothing', files: [{ name: 'nothing.cpp', text: BAD_STORE_NOTHING }], into: null },
      ...fixedCases.flatMap((f) => [
        { key: f.c.id, files: f.original, into: originals },
        { key: f.c.id, files: f.fixed, into: results },
      ]),
    ];
    const out = await pool(jobs, CONCURRENCY, (j) => runCase(j.files, runnerObj, workDir, j.key));
    jobs.forEach((j, i) => {
      if (j.into) j.into.set(j.key, out[i]);
      else selfTest = out[i];
    });
  });

  after(() => {
    if (workDir && !process.env.MAPI_LINT_KEEP_FIXTURE_BUILDS) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('harness self-test: runCase flags a store that ignores the protocol', () => {
    assert.ok(selfTest, 'self-test not run');
    assert.ok(selfTest.ok, selfTest.output);
    assert.deepEqual(sorted(selfTest.violations), [
      'logoff-abort-missing',
      'logoff-transports-missing',
      'support-release-missing',
    ]);
  });

  it(`at least ${MIN_FIXED_CASES} invalid cases have a fix golden`, () => {
    assert.ok(
      fixedCases.length >= MIN_FIXED_CASES,
      `only ${fixedCases.length} fixed cases: ${fixedCases.map((f) => f.c.id).join(', ')}`,
    );
  });

  it('every invalid case has a fix golden', () => {
    const invalid = cases.filter((c) => c.kind === 'invalid');
    assert.ok(invalid.length > 0, 'no invalid cases found');
    const withGolden = new Set(fixedCases.map((f) => f.c.id));
    const without = invalid.filter((c) => !withGolden.has(c.id)).map((c) => c.id);
    // The ones without a verified fix are listed, with the reason, in unfixed.json (checked by fixes.test.ts).
    const listed = Object.keys((JSON.parse(fs.readFileSync(path.join(CASES, 'unfixed.json'), 'utf8')) as { cases: Record<string, string> }).cases);
    assert.deepEqual(without.sort(), listed.sort(), 'invalid cases without a .fixed golden');
  });

  it('every golden belongs to a file of an invalid case', () => {
    const used = new Set(
      fixedCases.flatMap((f) => f.changed.map((n) => goldenOf(path.join(f.c.isDir ? f.c.path : path.dirname(f.c.path), n)))),
    );
    const stray = allGoldens(CASES).filter((g) => !used.has(g));
    assert.deepEqual(stray, [], 'goldens without a matching invalid case file');
  });

  for (const f of fixedCases) {
    const todo = KNOWN_BAD[f.c.id];
    it(`${f.c.id} (${f.changed.join(', ')}): fixed version breaks no rule`, todo ? { todo } : {}, () => {
      // Control: the unfixed case, built the same way, still shows its labelled violations.
      const o = originals.get(f.c.id);
      assert.ok(o, `${f.c.id}: original not run`);
      assert.ok(o.ok, `${f.c.id}: original did not compile or run to the end:\n${o.output}`);
      assert.deepEqual(sorted(o.violations), sorted(f.c.expected), `${f.c.id}: original run differs from its markers\n${o.output}`);

      const r = results.get(f.c.id);
      assert.ok(r, `${f.c.id}: fixed version not run`);
      assert.ok(r.ok, `${f.c.id}: fixed version did not compile or run to the end:\n${r.output}`);
      assert.deepEqual(
        sorted(r.violations),
        [],
        `${f.c.id}: fixed version still breaks rules at run time:\n${violationLines(r.output).join('\n')}\n\n${r.output}`,
      );
    });
  }
});
