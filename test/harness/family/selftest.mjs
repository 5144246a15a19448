// Self-check of the family harness: each case in selftest/ is compiled and run
// with the family runner, and the set of rule ids it prints must be exactly
// the one below (a correct provider of each kind and language must stay quiet;
// each broken one must trip its rule and nothing it does not break). A case
// must also build, run every scenario, print `done`, and have no fault the
// runner could not attribute to a rule. Exits 1 on any mismatch.
//
//   node test/harness/family/selftest.mjs [--verbose] [name-filter]
//
// The cases are small providers built from selftest/common/*.inc with BUG_*
// switches; they exist for the harness only (the held-out corpus is
// test/fixtures/heldout/family).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FAMILY, FAMILY_RULE_IDS, compileRunner, pool, runFamilyCase, sorted } from './run.mjs';

const R1 = 'logon-support-release-missing';
const R2 = 'logon-support-use-after-release';
const R3 = 'transport-support-released-early';
const R4 = 'transport-makeinvalid-missing';
const R5 = 'logon-status-object-leaked';
const R6 = 'logon-open-objects-leaked';
const R7 = 'logon-object-leaked';
const R8 = 'provider-shutdown-logons-left';
const R9 = 'transport-release-without-logoff';
const R10 = 'mslogon-support-cycle';
const R11 = 'mslogon-logoff-store-left-open';

// case file (in selftest/) -> the rules the runner must report, and why.
export const EXPECTED = {
  // address book
  'ab-good.cpp': [[], 'correct C++ provider: eager Logoff, weak open list, status released in Logoff'],
  'ab-good-c.c': [[], 'correct C provider (smpab-like): Logoff unlinks, the final Release releases the support last'],
  'ab-good-makeinvalid.cpp': [[], 'everything released before MakeInvalid(this), then the support'],
  'ab-trap-no-support-ref.cpp': [[], 'trap: the support is never AddRef-ed (used during Logon only)'],
  'ab-bad-release-missing.cpp': [[R1], 'the support reference is never given back'],
  'ab-bad-release-missing-c.c': [[R1], 'C: the final Release forgets the support'],
  'ab-bad-double-release.cpp': [[R2], 'Logoff releases without nulling, the destructor releases again'],
  'ab-bad-release-every-call.cpp': [[R2], 'Release drops the support on every call (extra reference)'],
  'ab-bad-status-kept.cpp': [[R5], 'the status object is never released'],
  'ab-bad-status-kept-c.c': [[R5], 'C: the final Release forgets the status object'],
  'ab-bad-status-cycle.cpp': [[R5, R7], 'status object holds its logon; the logon drops it only in its destructor'],
  'ab-bad-open-list.cpp': [[R6, R7], 'open containers AddRef-ed into a list that Logoff only clears (they hold the logon)'],
  'ab-bad-self-addref.cpp': [[R7], 'the provider list reference (a self-AddRef) is never dropped'],
  'ab-bad-unlink-head.cpp': [[R8], 'only the list head is unlinked; Shutdown walks the list'],
  'ab-bad-unlink-head-c.c': [[R8], 'C: only the list head is unlinked; Shutdown walks the list'],
  'ab-trap-quiet-shutdown.cpp': [[], 'only the head is unlinked, but nothing dereferences the stale entry (Shutdown only clears): accepted'],
  'ab-bad-makeinvalid-self.cpp': [[R1, R5], 'MakeInvalid(this) in Logoff, releases left to the destructor'],
  // transport
  'xp-good.cpp': [[], 'correct C++ provider (MRXP-like): TransportLogoff unlinks, destructor releases status, support, provider'],
  'xp-good-c.c': [[], 'correct C provider (smpxp-like) with MakeInvalid before the support release'],
  'xp-bad-no-makeinvalid.cpp': [[R4], 'TransportLogoff releases the support without MakeInvalid'],
  'xp-bad-no-makeinvalid-c.c': [[R4], 'C: smpxp as it is (no MakeInvalid)'],
  'xp-bad-released-early.cpp': [[R3], 'support released before unlinking from the provider list'],
  'xp-bad-makeinvalid-after-release.cpp': [[R2, R3, R4], 'MakeInvalid called after the support release'],
  'xp-bad-nothing-on-release.cpp': [[R9], 'everything done in TransportLogoff, nothing in the destructor'],
  'xp-bad-status-kept.cpp': [[R5], 'the destructor forgets the status object (both paths: not rule 9)'],
  // message store
  'ms-good.cpp': [[], 'correct C++ provider: IMSLogon without support reference, Logoff force-closes an open store'],
  'ms-good-c.c': [[], 'correct C provider (smpms-like)'],
  'ms-bad-support-cycle.cpp': [[R10], 'IMSLogon AddRefs the support and releases it in Logoff'],
  'ms-bad-support-cycle-c.c': [[R10], 'C: IMSLogon AddRefs the support and releases it in its Release'],
  'ms-bad-noop-logoff.cpp': [[R11], 'Kopano-like no-op IMSLogon::Logoff'],
  'ms-bad-noop-logoff-c.c': [[R11], 'C: no-op Logoff; the store outlives its logon'],
  'ms-bad-status-kept.cpp': [[R5], 'IMSLogon keeps its status object'],
  'ms-bad-double-release.cpp': [[R2], 'IMSLogon::Logoff releases the store\'s support reference again'],
};

const SELFTEST = path.join(FAMILY, 'selftest');

async function main() {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const filter = args.find((a) => !a.startsWith('--'));
  const problems = [];

  const onDisk = fs.readdirSync(SELFTEST).filter((f) => /\.(c|cpp)$/.test(f)).sort();
  for (const f of onDisk) if (!(f in EXPECTED)) problems.push(`${f}: no expectation in selftest.mjs`);
  for (const f of Object.keys(EXPECTED)) if (!onDisk.includes(f)) problems.push(`${f}: listed but missing`);
  const covered = new Set(Object.values(EXPECTED).flatMap(([rules]) => rules));
  for (const id of FAMILY_RULE_IDS) if (!covered.has(id)) problems.push(`rule ${id}: no self-test case trips it`);
  for (const kind of ['ab', 'xp', 'ms']) {
    for (const lang of ['c', 'cpp']) {
      const good = Object.entries(EXPECTED).some(
        ([f, [rules]]) => f.startsWith(`${kind}-`) && f.endsWith(`.${lang}`) && rules.length === 0,
      );
      if (!good) problems.push(`no correct ${kind} provider in ${lang}`);
    }
  }

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-family-selftest-'));
  const runnerObj = await compileRunner(workDir);
  const cases = Object.keys(EXPECTED).filter((f) => onDisk.includes(f) && (!filter || f.includes(filter)));
  const results = await pool(cases, Math.max(2, Math.min(8, os.cpus().length)), (f) =>
    runFamilyCase(path.join(SELFTEST, f), { workDir, runnerObj }),
  );
  cases.forEach((f, i) => {
    const r = results[i];
    const want = sorted(new Set(EXPECTED[f][0]));
    const got = sorted(r.violations);
    const issues = [];
    if (!r.ok) issues.push(`did not run cleanly: ${r.errors.join(' | ').slice(0, 400)}`);
    if (want.join() !== got.join()) issues.push(`rules: want [${want.join(', ')}], got [${got.join(', ')}]`);
    for (const fault of r.unexplainedFaults) issues.push(`unexplained fault: ${fault.line}`);
    if (issues.length) problems.push(`${f}: ${issues.join('; ')}`);
    const mark = issues.length ? 'FAIL' : 'ok  ';
    console.log(`${mark} ${f.padEnd(40)} [${got.join(', ')}]`);
    if (verbose || issues.length) {
      for (const [sc, rules] of r.byScenario) console.log(`       ${sc}: ${sorted(rules).join(', ')}`);
    }
  });
  fs.rmSync(workDir, { recursive: true, force: true });
  if (problems.length) {
    console.log(`\n${problems.length} problem(s):`);
    for (const p of problems) console.log(`  - ${p}`);
    process.exit(1);
  }
  console.log(`\nselftest: ${cases.length} case(s), all as expected`);
}

await main();
