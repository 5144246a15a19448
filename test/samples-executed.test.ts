// Executes the bundled samples (samples/) the way fixture-labels executes the
// corpus: each sample provider is compiled against the stand-in MAPI headers
// (full-interface shape), linked with the recording-mock runner through its own
// entry point or a small adapter (test/harness/samples.ts says which), and
// driven through every shutdown scenario. What the mock recorded must match
// samples/README.md, the same list test/samples.test.ts pins the CLI's report
// to:
//  - per sample, the set of rules broken at run time is exactly the set
//    planted in it (so nothing else the harness can observe is broken);
//  - per planted finding, it shows in the scenario the README's table names,
//    and the recorded calls show the mechanism the README describes;
//  - control: the README's quick fix for it, applied to a temporary copy of
//    the sample (never to samples/), makes that rule disappear and changes
//    nothing else; with all of a sample's fixes applied no rule is broken.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BuildOptions,
  CONCURRENCY,
  RULE_IDS,
  RunResult,
  ScenarioTrace,
  compileAndRun,
  compileRunner,
  compilerGate,
  pool,
  sorted,
  tracesOf,
  violationLines,
} from './harness/run';
import { PlantedFinding, SAMPLE_BUILDS, SampleProvider, collectSamples, plantedFindings, sampleDirsWithSources } from './harness/samples';

const LOGOFF_ORDERLY = 0x2;
const LOGOFF_ABORT = 0x8;
/** The mock's count when only MAPI's own reference is left (runner.cpp: kBaseline). */
const MAPI_REF = 1;

/** The recorded calls, compact: `Method` or `Method!` when made after the store's reference was gone; IUnknown AddRef left out. */
const calls = (t: ScenarioTrace): string[] =>
  t.events.filter((e) => e.method !== 'AddRef').map((e) => `${e.method}${e.afterRelease ? '!' : ''}`);

// What samples/README.md says each planted bug does, checked on the calls the
// mock recorded in the scenario the README names.
const MECHANISMS: Record<string, (t: ScenarioTrace) => void> = {
  'provider/msstore.cpp:39 storelogoff-transports-first': (t) => {
    // StoreLogoff calls ModifyStatusRow, then StoreLogoffTransports with the caller's flags.
    const inLogoff = t.events.filter((e) => e.inStoreLogoff);
    assert.deepEqual(inLogoff.map((e) => e.method), ['ModifyStatusRow', 'StoreLogoffTransports']);
    assert.equal(inLogoff[1].flags, LOGOFF_ORDERLY);
    assert.equal(t.finalRef, MAPI_REF, 'the destructor still gives the support object back');
  },
  'provider/msstore.cpp:70 logoff-abort-missing': (t) => {
    // Release without StoreLogoff: the destructor releases the support object,
    // and StoreLogoffTransports is never called (with LOGOFF_ABORT or at all).
    assert.deepEqual(calls(t), ['SetProviderUID', 'Release']);
    assert.equal(t.finalRef, MAPI_REF);
  },
  'provider-c/msstore.c:112 support-use-after-release': (t) => {
    // Two IMS_Release calls: the first, not the last, already releases psup;
    // the last then calls StoreLogoffTransports on it and releases it again.
    assert.deepEqual(calls(t), ['Release', 'StoreLogoffTransports!', 'Release!']);
    assert.equal(t.finalRef, MAPI_REF - 1, 'one release too many');
  },
};

/** Replaces the one occurrence of `from` (a sample edit that no longer applies must fail loudly). */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0 && text.indexOf(from, at + 1) < 0, `expected exactly one ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

// The README's "After the quick fixes", as edits of a temporary copy.
const FIXES: Record<string, { file: string; edit: (text: string) => string }> = {
  'provider/msstore.cpp:39 storelogoff-transports-first': {
    file: 'msstore.cpp',
    edit: (text) => {
      const statusRow = '    m_lpSupport->ModifyStatusRow(1, &spvStatus, STATUSROW_UPDATE);\n';
      const leave = '    LeaveCriticalSection(&m_cs);\n';
      return replaceOnce(replaceOnce(text, statusRow, ''), leave, leave + statusRow);
    },
  },
  'provider/msstore.cpp:70 logoff-abort-missing': {
    file: 'msstore.cpp',
    edit: (text) =>
      replaceOnce(
        text,
        '    m_lpSupport->Release();\n',
        '    if (!m_fTransportsLoggedOff) { ULONG ulLogoffFlags = LOGOFF_ABORT;\n' +
          '        m_lpSupport->StoreLogoffTransports(&ulLogoffFlags); m_fTransportsLoggedOff = TRUE; }\n' +
          '    m_lpSupport->Release();\n',
      ),
  },
  'provider-c/msstore.c:112 support-use-after-release': {
    file: 'msstore.c',
    edit: (text) => {
      const release = '        UlRelease(pims->psup);\n';
      const lastBranch = '        pims->lppd = NULL;\n';
      return replaceOnce(replaceOnce(text, '\n    UlRelease(pims->psup);\n', '\n'), lastBranch, lastBranch + release);
    },
  },
};

const gate = compilerGate();
// The store runner executes the store rules' planted findings (a family rule's is confirmed by reading: README).
const findings: PlantedFinding[] = plantedFindings().filter((f) => (RULE_IDS as readonly string[]).includes(f.rule));
const samples: SampleProvider[] = collectSamples(findings);

let workDir = '';
const results = new Map<string, RunResult>(); // sample id -> run of the sample as it is
const controls = new Map<string, RunResult>(); // finding key -> run with that bug fixed
const allFixed = new Map<string, RunResult>(); // sample id -> run with all its bugs fixed

const optionsKey = (o: BuildOptions): string => JSON.stringify([o.fullInterfaces === true, o.entry ?? 'FixtureLogon']);

/** A temporary copy of the sample with `fixes` applied; returns what compileAndRun needs. */
function fixedCopy(s: SampleProvider, fixes: PlantedFinding[], tag: string): { sources: string[]; dir: string } {
  const dir = fs.mkdtempSync(path.join(workDir, `copy-${s.id}-${tag}-`));
  for (const f of fs.readdirSync(s.dir)) fs.copyFileSync(path.join(s.dir, f), path.join(dir, f));
  for (const finding of fixes) {
    const fix = FIXES[finding.key];
    const file = path.join(dir, fix.file);
    fs.writeFileSync(file, fix.edit(fs.readFileSync(file, 'utf8')));
  }
  return { sources: [...s.ownSources.map((f) => path.join(dir, f)), ...s.adapters], dir };
}

describe('bundled samples (executed against the recording mock)', { skip: gate.skip }, () => {
  if (gate.missing !== undefined) {
    const missing = gate.missing;
    it('g++ and gcc are on the PATH', () => assert.fail(missing));
    return;
  }
  before(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-samples-'));
    // One runner per build shape.
    const runners = new Map<string, string>();
    for (const s of samples) {
      const key = optionsKey(s.options);
      if (runners.has(key)) continue;
      const r = await compileRunner(workDir, s.options);
      assert.equal(r.code, 0, `runner.cpp (${key}) failed to compile:\n${r.out}`);
      runners.set(key, r.runnerObj);
    }
    type Job = { s: SampleProvider; name: string; into: Map<string, RunResult>; key: string } & (
      | { sources: string[]; dir: string }
      | { broken: string } // a fix that no longer applies to the sample: its test fails with this
    );
    const jobs: Job[] = [];
    const copy = (s: SampleProvider, fixes: PlantedFinding[], tag: string): { sources: string[]; dir: string } | { broken: string } => {
      try {
        return fixedCopy(s, fixes, tag);
      } catch (e) {
        return { broken: `the README's fix no longer applies to the sample: ${e instanceof Error ? e.message : String(e)}` };
      }
    };
    for (const s of samples) {
      jobs.push({ s, name: s.id, sources: [...s.ownSources.map((f) => path.join(s.dir, f)), ...s.adapters], dir: s.dir, into: results, key: s.id });
      const own = findings.filter((f) => f.provider === s.id && FIXES[f.key]);
      own.forEach((f, i) => jobs.push({ s, name: `${s.id}-fix${i}`, ...copy(s, [f], `fix${i}`), into: controls, key: f.key }));
      if (own.length > 0) jobs.push({ s, name: `${s.id}-allfixed`, ...copy(s, own, 'all'), into: allFixed, key: s.id });
    }
    const out = await pool(jobs, CONCURRENCY, async (j): Promise<RunResult> =>
      'broken' in j
        ? { ok: false, violations: new Set(), output: j.broken }
        : compileAndRun(j.name, j.sources, j.dir, runners.get(optionsKey(j.s.options))!, workDir, j.s.options),
    );
    jobs.forEach((j, i) => j.into.set(j.key, out[i]));
  });

  after(() => {
    if (workDir && !process.env.MAPI_LINT_KEEP_FIXTURE_BUILDS) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('every sample directory with sources has a build, and its adapters exist', () => {
    assert.deepEqual(SAMPLE_BUILDS.map((b) => b.dir).sort(), sampleDirsWithSources());
    for (const s of samples) {
      assert.ok(s.ownSources.length > 0, `${s.id}: nothing to compile`);
      for (const a of s.adapters) assert.ok(fs.existsSync(a), `${s.id}: adapter ${a} missing`);
    }
  });

  it('the README plants known rules in built samples, and each has its checks here', () => {
    assert.ok(findings.length > 0, 'samples/README.md lists no findings');
    const known = new Set<string>(RULE_IDS);
    for (const f of findings) {
      assert.ok(known.has(f.rule), `${f.key}: unknown rule id`);
      assert.ok(samples.some((s) => s.id === f.provider), `${f.key}: not in a sample this test builds`);
      assert.ok(MECHANISMS[f.key], `${f.key}: no mechanism check in this test`);
      assert.ok(FIXES[f.key], `${f.key}: no control fix in this test`);
    }
    const keys = new Set(findings.map((f) => f.key));
    for (const k of [...Object.keys(MECHANISMS), ...Object.keys(FIXES)]) assert.ok(keys.has(k), `${k}: not listed in samples/README.md`);
  });

  for (const s of samples) {
    it(`${s.id}: breaks at run time exactly the rules samples/README.md plants in it`, () => {
      const r = results.get(s.id);
      assert.ok(r, `${s.id}: not run`);
      assert.ok(r.ok, `${s.id}: did not compile or run to the end:\n${r.output}`);
      assert.deepEqual(sorted(r.violations), sorted(s.expected), `${s.id}: executed violations differ from the README\n${r.output}`);
    });
  }

  for (const f of findings) {
    it(`${f.key}: broken in the ${f.scenario} scenario, as the README describes`, () => {
      const r = results.get(f.provider);
      assert.ok(r?.ok, `${f.provider}: not run to the end`);
      const traces = tracesOf(r.output);
      const t = traces.get(f.scenario);
      assert.ok(t, `no "${f.scenario}" scenario in the runner (it has: ${[...traces.keys()].join(', ')})`);
      assert.ok(
        violationLines(r.output).includes(`violation ${f.rule} ${f.scenario}`),
        `${f.rule} not broken in ${f.scenario}:\n${r.output}`,
      );
      MECHANISMS[f.key](t);
    });

    it(`${f.key}: control: gone once fixed in a temporary copy, nothing else changes`, () => {
      const r = controls.get(f.key);
      assert.ok(r, `${f.key}: control not run`);
      assert.ok(r.ok, `${f.key}: fixed copy did not compile or run to the end:\n${r.output}`);
      const rest = findings.filter((g) => g.provider === f.provider && g.rule !== f.rule).map((g) => g.rule);
      assert.deepEqual(sorted(r.violations), sorted(new Set(rest)), `${f.key}: fixed copy\n${r.output}`);
    });
  }

  for (const s of samples.filter((x) => x.expected.size > 0)) {
    it(`${s.id}: control: with every planted bug fixed in a temporary copy, no rule is broken`, () => {
      const r = allFixed.get(s.id);
      assert.ok(r, `${s.id}: not run`);
      assert.ok(r.ok, `${s.id}: fixed copy did not compile or run to the end:\n${r.output}`);
      assert.deepEqual(sorted(r.violations), [], `${s.id}: fixed copy\n${violationLines(r.output).join('\n')}\n\n${r.output}`);
      // The abrupt shutdown of a fixed store now logs the transports off with LOGOFF_ABORT.
      const abrupt = tracesOf(r.output).get('abrupt');
      assert.ok(abrupt?.events.some((e) => e.method === 'StoreLogoffTransports' && e.flags === LOGOFF_ABORT), r.output);
    });
  }
});
