// Checks the fixture corpus's labels by executing every case: each case is
// compiled against the stand-in MAPI headers (test/harness/include), linked
// with the recording-mock runner (test/harness/runner.cpp), and the set of
// rules the runner saw broken must equal the set named by the case's
// `// expect: <rule-id>` markers (none for valid cases).
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BAD_STORE_NOTHING,
  BAD_STORE_OVERUSE,
  CONCURRENCY,
  DESIGN_GROUPS,
  RULE_IDS,
  RunResult,
  collectCases,
  compileAndRun,
  compileRunner,
  compilerGate,
  pool,
  sorted,
} from './harness/run';

const cases = collectCases();
let workDir = '';
let runnerObj = '';
let results = new Map<string, RunResult>();
let selfTests: RunResult[] = [];

const gate = compilerGate();

describe('fixture labels (executed against the recording mock)', { skip: gate.skip }, () => {
  if (gate.missing !== undefined) {
    const missing = gate.missing;
    it('g++ and gcc are on the PATH', () => assert.fail(missing));
    return;
  }
  before(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-fixtures-'));
    const r = await compileRunner(workDir);
    runnerObj = r.runnerObj;
    assert.equal(r.code, 0, `runner.cpp failed to compile:\n${r.out}`);
    const selfDir = path.join(workDir, 'self');
    fs.mkdirSync(selfDir);
    fs.writeFileSync(path.join(selfDir, 'nothing.cpp'), BAD_STORE_NOTHING);
    fs.writeFileSync(path.join(selfDir, 'overuse.cpp'), BAD_STORE_OVERUSE);
    type Job = { key: string; sources: string[]; dir: string };
    const jobs: Job[] = [
      { key: 'self:nothing', sources: [path.join(selfDir, 'nothing.cpp')], dir: selfDir },
      { key: 'self:overuse', sources: [path.join(selfDir, 'overuse.cpp')], dir: selfDir },
      ...cases.map((c) => ({ key: c.id, sources: c.sources, dir: c.dir })),
    ];
    const out = await pool(jobs, CONCURRENCY, (j) => compileAndRun(j.key, j.sources, j.dir, runnerObj, workDir));
    results = new Map(jobs.map((j, i) => [j.key, out[i]]));
    selfTests = [results.get('self:nothing')!, results.get('self:overuse')!];
  });

  after(() => {
    if (workDir && !process.env.MAPI_LINT_KEEP_FIXTURE_BUILDS) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('harness self-test: a store that ignores the protocol is flagged', () => {
    const r = selfTests[0];
    assert.ok(r.ok, r.output);
    assert.deepEqual(sorted(r.violations), [
      'logoff-abort-missing',
      'logoff-transports-missing',
      'support-release-missing',
    ]);
  });

  it('harness self-test: a store that over-uses the support object is flagged', () => {
    const r = selfTests[1];
    assert.ok(r.ok, r.output);
    assert.deepEqual(sorted(r.violations), [
      'logoff-abort-missing',
      'logoff-flags-not-forwarded',
      'logoff-transports-twice',
      'storelogoff-transports-first',
      'support-use-after-release',
    ]);
  });

  it('corpus layout: every rule has >= 3 invalid and >= 2 valid cases; markers are well formed', () => {
    const known = new Set<string>(RULE_IDS);
    for (const rule of RULE_IDS) {
      const inv = cases.filter((c) => c.group === rule && c.kind === 'invalid').length;
      const val = cases.filter((c) => c.group === rule && c.kind === 'valid').length;
      assert.ok(inv >= 3, `${rule}: ${inv} invalid cases`);
      assert.ok(val >= 2, `${rule}: ${val} valid cases`);
    }
    for (const c of cases) {
      assert.ok(known.has(c.group) || DESIGN_GROUPS.includes(c.group), `${c.id}: unknown group`);
      assert.ok(c.sources.length > 0, `${c.id}: no .c/.cpp source`);
      for (const id of c.expected) assert.ok(known.has(id), `${c.id}: unknown rule id in marker: ${id}`);
      if (c.kind === 'valid') assert.equal(c.expected.size, 0, `${c.id}: a valid case carries markers`);
      else assert.ok(c.expected.has(c.group), `${c.id}: an invalid case must carry a marker of its folder's rule`);
      if (DESIGN_GROUPS.includes(c.group)) assert.equal(c.kind, 'valid', `${c.id}: designs/traps hold valid cases`);
    }
  });

  for (const c of cases) {
    it(`${c.id} behaves as labelled`, () => {
      const r = results.get(c.id);
      assert.ok(r, `${c.id}: not run`);
      assert.ok(r.ok, `${c.id}: did not compile or run to the end:\n${r.output}`);
      assert.deepEqual(
        sorted(r.violations),
        sorted(c.expected),
        `${c.id}: executed violations differ from the expect markers\n${r.output}`,
      );
    });
  }
});
