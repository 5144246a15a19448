// The CLI's lint on worker threads gives byte for byte the report of the lint on one thread: on every fixture
// case copied into a provider directory of its own (the same class names in many providers), and on providers
// that share a definition (the groups must be merged for the result to stay the same).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { listCases } from '../support/cases';
import { FLAGS_HEADER, HELPER_FILE, STORE_WITH_HELPER } from '../support/coupled';
import { runInProcess, runInProcessAsync, tmpDir, writeTree } from '../cli/helpers';
import { ParallelError, ParallelLint } from '../../server/src/cli/parallel/pool';

interface Stats {
  workers: number;
  groups: number;
  mergeRounds: number;
  finalGroups: number;
}

function statsOf(stderr: string): Stats {
  const m = /parallel: (\{.*\})/.exec(stderr);
  assert.ok(m, `no parallel stats in: ${stderr}`);
  return JSON.parse(m[1]) as Stats;
}

/** Every case in pNN/<case> (cases made of several files keep them together). */
function corpusTree(): string {
  const root = tmpDir('mapi-lint-par-');
  listCases().forEach((c, i) => {
    for (const f of c.files) writeTree(root, { [path.join(`p${String(i).padStart(3, '0')}`, c.name.replace(/\.[^.]+$/, ''), path.basename(f.path))]: f.text });
  });
  return root;
}

test('parallel lint: the same JSON and SARIF as one thread on all fixture cases, each in its own provider directory', async () => {
  const root = corpusTree();
  const one = runInProcess(['-j', '1', '--format', 'json', '.'], root);
  const two = await runInProcessAsync(['-j', '2', '--format', 'json', '.'], root, { env: { MAPI_LINT_STATS: '1' } });
  assert.equal(one.code, 1);
  assert.equal(two.code, one.code);
  assert.equal(two.stdout, one.stdout);
  const findings = (JSON.parse(one.stdout) as { findings: unknown[] }).findings.length;
  const expected = listCases().reduce((n, c) => n + c.expected.length, 0);
  assert.equal(findings, expected, 'every labelled finding, no other');
  const stats = statsOf(two.stderr);
  assert.equal(stats.workers, 2);
  assert.equal(stats.groups, listCases().length);
  const sarif1 = runInProcess(['-j', '1', '--format', 'sarif', '.'], root);
  const sarif3 = await runInProcessAsync(['-j', '3', '--format', 'sarif', '.'], root);
  assert.equal(sarif3.stdout, sarif1.stdout);
});


test('parallel lint: providers that share a definition are merged into one group and lint as on one thread', async () => {
  const root = tmpDir('mapi-lint-par-');
  const valid = listCases().find((c) => c.kind === 'valid' && c.name === 'release_in_destructor.cpp')!;
  // c's class has a name of its own: same-named classes pull each other's files in, and groups that hold files
  // of one directory differently are merged too (see the next test).
  const c = valid.files[0].text.replace(/CMsgStore/g, 'CStoreC').replace(/FixtureLogon/g, 'FixtureLogonC');
  writeTree(root, { 'a/store.cpp': valid.files[0].text, 'a/util.cpp': HELPER_FILE, 'b/store.cpp': STORE_WITH_HELPER, 'b/flags.h': FLAGS_HEADER, 'c/store.cpp': c });
  const one = runInProcess(['-j', '1', '--format', 'json', '.'], root);
  assert.equal(one.code, 0, one.stdout);
  const two = await runInProcessAsync(['-j', '2', '--format', 'json', '.'], root, { env: { MAPI_LINT_STATS: '1' } });
  assert.equal(two.stdout, one.stdout);
  assert.equal(two.code, 0);
  const stats = statsOf(two.stderr);
  assert.equal(stats.groups, 3);
  assert.equal(stats.mergeRounds, 1, 'b uses a name only a/ defines: a and b merged');
  assert.equal(stats.finalGroups, 2);
  // Provider B alone does break the rule: the merge is what keeps the result right.
  const bOnly = runInProcess(['-j', '1', '--format', 'json', 'b'], root);
  assert.equal(bOnly.code, 1);
  assert.match(bOnly.stdout, /support-release-missing/);
});

test('parallel lint: providers with the same class names see each other (nearest definition) and end in one group', async () => {
  const root = tmpDir('mapi-lint-par-');
  const invalid = listCases().find((c) => c.kind === 'invalid' && c.name === 'eager_forgot_support.cpp')!;
  const valid = listCases().find((c) => c.kind === 'valid' && c.name === 'release_in_destructor.cpp')!;
  writeTree(root, { 'a/store.cpp': valid.files[0].text, 'a/util.cpp': HELPER_FILE, 'c/store.cpp': valid.files[0].text, 'd/store.cpp': invalid.files[0].text });
  const one = runInProcess(['-j', '1', '--format', 'json', '.'], root);
  const two = await runInProcessAsync(['-j', '2', '--format', 'json', '.'], root, { env: { MAPI_LINT_STATS: '1' } });
  assert.equal(two.stdout, one.stdout);
  assert.equal(one.code, 1);
  const stats = statsOf(two.stderr);
  assert.equal(stats.groups, 3);
  assert.equal(stats.finalGroups, 1);
});

test('parallel lint: suppressions, unused suppressions and parse notes come out as on one thread', async () => {
  const root = tmpDir('mapi-lint-par-');
  const invalid = listCases().filter((c) => c.kind === 'invalid' && c.files.length === 1 && c.expected.length === 1);
  invalid.slice(0, 6).forEach((c, i) => {
    const [rel, rule] = c.expected[0].split(' ');
    const line = Number(rel.split(':').pop());
    const lines = c.files[0].text.split('\n');
    // Suppress the finding in even providers; add an unused suppression and a syntax error in odd ones.
    if (i % 2 === 0) lines.splice(line - 1, 0, `// mapi-lint-disable-next-line ${rule}`);
    else lines.push('// mapi-lint-disable-next-line logoff-transports-twice', 'int broken( {');
    writeTree(root, { [`p${i}/${c.name}`]: lines.join('\n') });
  });
  writeTree(root, { 'notes/only_a_comment.cpp': '// mapi-lint-disable-next-line not-a-rule\nint x;\n' });
  const one = runInProcess(['-j', '1', '--format', 'json', '.'], root);
  const two = await runInProcessAsync(['-j', '2', '--format', 'json', '.'], root);
  assert.equal(two.stdout, one.stdout);
  assert.equal(two.stderr, one.stderr);
  const report = JSON.parse(one.stdout) as { findings: { ruleId: string }[] };
  assert.ok(report.findings.some((f) => f.ruleId === 'unused-suppression'));
  assert.match(one.stderr, /syntax the parser could not read/);
});

test('parallel lint: a worker that cannot start makes finish() fail with ParallelError (the CLI then lints on one thread)', async () => {
  const dir = tmpDir('mapi-lint-par-');
  const bad = path.join(dir, 'bad-worker.js');
  fs.writeFileSync(bad, 'throw new Error("cannot load the engine");\n');
  const run = new ParallelLint(2, false, bad);
  run.add('/x/a.cpp', 'class A : public IMsgStore {};');
  run.add('/x/b.cpp', 'int b;');
  await assert.rejects(run.finish(), (e: unknown) => e instanceof ParallelError && /cannot load the engine|stopped/.test(e.message));
});

test('parallel lint: when one provider holds most of the code, threads that were not asked for give up (one thread is faster)', async () => {
  const big = listCases().find((c) => c.kind === 'valid' && c.name === 'release_in_destructor.cpp')!.files[0].text;
  const files = new Map<string, string>([
    ['/t/big/store.cpp', `${big}\n${'// padding: most of the bytes are in this provider\n'.repeat(500)}`],
    ['/t/small/store.cpp', big.replace(/CMsgStore/g, 'CSmall').replace(/FixtureLogon/g, 'FixtureLogonSmall')],
  ]);
  const optional = new ParallelLint(2, true);
  for (const [p, t] of files) optional.add(p, t);
  assert.equal(await optional.finish(), undefined);
  const asked = new ParallelLint(2, false);
  for (const [p, t] of files) asked.add(p, t);
  const r = await asked.finish();
  assert.ok(r, 'with --jobs the threads run all the same');
  assert.equal(r.stats.groups, 2);
});

test('parallel lint: code nested too deeply gets the same note on a worker thread as on the main thread (a fixed limit, not the stack)', async () => {
  const root = tmpDir('mapi-lint-par-');
  const valid = listCases().find((c) => c.kind === 'valid' && c.name === 'release_in_destructor.cpp')!.files[0].text;
  const deep = valid.replace('if (--m_cRef)', `if (--m_cRef + ${Array.from({ length: 3000 }, () => 'm_cRef').join(' + ')} == 0 && --m_cRef)`);
  writeTree(root, { 'a/store.cpp': deep, 'b/store.cpp': valid.replace(/CMsgStore/g, 'CStoreB').replace(/FixtureLogon/g, 'FixtureLogonB') });
  const one = runInProcess(['-j', '1', '--format', 'json', '.'], root);
  const two = await runInProcessAsync(['-j', '2', '--format', 'json', '.'], root);
  assert.match(one.stderr, /nested too deeply/);
  assert.equal(two.stdout, one.stdout);
  assert.equal(two.stderr, one.stderr);
});
