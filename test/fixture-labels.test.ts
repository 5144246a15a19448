// Checks the fixture corpus's labels by executing every case: each case is
// compiled against the stand-in MAPI headers (test/harness/include), linked
// with the recording-mock runner (test/harness/runner.cpp), and the set of
// rules the runner saw broken must equal the set named by the case's
// `// expect: <rule-id>` markers (none for valid cases).
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CASES = path.join(ROOT, 'test', 'fixtures', 'cases');
const HARNESS = path.join(ROOT, 'test', 'harness');
const INCLUDE = path.join(HARNESS, 'include');
const CONCURRENCY = 2;

const RULE_IDS = [
  'support-release-missing',
  'logoff-transports-twice',
  'logoff-abort-missing',
  'logoff-transports-missing',
  'logoff-flags-not-forwarded',
  'storelogoff-transports-first',
  'support-use-after-release',
] as const;
const DESIGN_GROUPS = ['designs', 'traps'];
// Same file selection as the engine's corpus reader: `.fixed.` files are fix
// goldens, not cases.
const SOURCE = /\.(c|cc|cpp|cxx|h|hh|hpp|hxx)$/;
const COMPILED = /\.(c|cc|cpp|cxx)$/;
const isCaseFile = (f: string): boolean => SOURCE.test(f) && !/\.fixed\./.test(f);
const MARKER = /\/\/\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/;

interface FixtureCase {
  id: string; // group/kind/name
  group: string;
  kind: 'valid' | 'invalid';
  sources: string[]; // absolute paths of the files to compile (.c with gcc, others with g++)
  dir: string; // include directory of the case (its own headers)
  expected: Set<string>;
}

interface RunResult {
  ok: boolean;
  violations: Set<string>;
  output: string;
}

function sourceFilesOf(casePath: string): string[] {
  if (fs.statSync(casePath).isDirectory()) {
    return fs
      .readdirSync(casePath)
      .filter(isCaseFile)
      .map((f) => path.join(casePath, f))
      .sort();
  }
  return [casePath];
}

function markersOf(files: string[]): Set<string> {
  const ids = new Set<string>();
  for (const file of files) {
    for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
      const m = MARKER.exec(line);
      if (m) m[1].split(',').forEach((id) => ids.add(id.trim()));
    }
  }
  return ids;
}

function collectCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  if (!fs.existsSync(CASES)) return cases;
  for (const group of fs.readdirSync(CASES).sort()) {
    for (const kind of ['valid', 'invalid'] as const) {
      const kindDir = path.join(CASES, group, kind);
      if (!fs.existsSync(kindDir)) continue;
      for (const name of fs.readdirSync(kindDir).sort()) {
        const casePath = path.join(kindDir, name);
        const isDir = fs.statSync(casePath).isDirectory();
        if (!isDir && !(isCaseFile(name) && COMPILED.test(name))) continue;
        const files = sourceFilesOf(casePath);
        cases.push({
          id: `${group}/${kind}/${name}`,
          group,
          kind,
          sources: files.filter((f) => COMPILED.test(f)),
          dir: isDir ? casePath : kindDir,
          expected: markersOf(files),
        });
      }
    }
  }
  return cases;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs = 30_000): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

async function compileAndRun(
  name: string,
  sources: string[],
  includeDir: string,
  runnerObj: string,
  workDir: string,
): Promise<RunResult> {
  const outDir = fs.mkdtempSync(path.join(workDir, `${name.replace(/[^A-Za-z0-9]+/g, '_')}-`));
  const objects: string[] = [];
  for (const [i, src] of sources.entries()) {
    const obj = path.join(outDir, `${i}-${path.basename(src)}.o`);
    const isC = src.endsWith('.c');
    const args = isC
      ? ['-std=gnu11', '-w', '-O0', '-I', INCLUDE, '-I', includeDir, '-c', src, '-o', obj]
      : ['-std=gnu++17', '-w', '-O0', '-I', INCLUDE, '-I', includeDir, '-c', src, '-o', obj];
    const r = await run(isC ? 'gcc' : 'g++', args, outDir);
    if (r.code !== 0) return { ok: false, violations: new Set(), output: `compile ${src} failed:\n${r.out}` };
    objects.push(obj);
  }
  const exe = path.join(outDir, 'fixture');
  const link = await run('g++', ['-o', exe, ...objects, runnerObj], outDir);
  if (link.code !== 0) return { ok: false, violations: new Set(), output: `link failed:\n${link.out}` };
  const r = await run(exe, [], outDir, 10_000);
  const violations = new Set<string>();
  for (const line of r.out.split('\n')) {
    const m = /^violation (\S+) (\S+)$/.exec(line);
    if (m) violations.add(m[1]);
  }
  const finished = r.code === 0 && /^done$/m.test(r.out);
  return { ok: finished, violations, output: r.out };
}

async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}

const sorted = (s: Set<string>): string[] => [...s].sort();

// Self-test stores: if the harness stopped seeing violations, these would pass
// silently; they must not.
const BAD_STORE_NOTHING = `
#include <mapispi.h>
class CLazyStore : public IMsgStore {
public:
    CLazyStore(LPMAPISUP p) : m_cRef(1), m_psup(p) { m_psup->AddRef(); }
    STDMETHODIMP QueryInterface(REFIID, LPVOID FAR *ppv) { *ppv = NULL; return E_NOINTERFACE; }
    STDMETHODIMP_(ULONG) AddRef() { return ++m_cRef; }
    STDMETHODIMP_(ULONG) Release() { if (--m_cRef) return m_cRef; delete this; return 0; }
    STDMETHODIMP StoreLogoff(ULONG FAR *) { return S_OK; }
    ULONG m_cRef; LPMAPISUP m_psup;
};
extern "C" HRESULT FixtureLogon(LPMAPISUP psup, LPMDB FAR *ppmdb) { *ppmdb = new CLazyStore(psup); return S_OK; }
`;
const BAD_STORE_OVERUSE = `
#include <mapispi.h>
class CBusyStore : public IMsgStore {
public:
    CBusyStore(LPMAPISUP p) : m_cRef(1), m_psup(p) { m_psup->AddRef(); }
    STDMETHODIMP QueryInterface(REFIID, LPVOID FAR *ppv) { *ppv = NULL; return E_NOINTERFACE; }
    STDMETHODIMP_(ULONG) AddRef() { return ++m_cRef; }
    STDMETHODIMP_(ULONG) Release() {
        ULONG ul = LOGOFF_ORDERLY;
        m_psup->StoreLogoffTransports(&ul);
        m_psup->Release();
        if (--m_cRef) return m_cRef;
        delete this; return 0;
    }
    STDMETHODIMP StoreLogoff(ULONG FAR *) { m_psup->ModifyStatusRow(0, NULL, 0); ULONG ul = LOGOFF_ORDERLY; return m_psup->StoreLogoffTransports(&ul); }
    ULONG m_cRef; LPMAPISUP m_psup;
};
extern "C" HRESULT FixtureLogon(LPMAPISUP psup, LPMDB FAR *ppmdb) { *ppmdb = new CBusyStore(psup); return S_OK; }
`;

const cases = collectCases();
let workDir = '';
let runnerObj = '';
let results = new Map<string, RunResult>();
let selfTests: RunResult[] = [];

describe('fixture labels (executed against the recording mock)', () => {
  before(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-fixtures-'));
    runnerObj = path.join(workDir, 'runner.o');
    const r = await run(
      'g++',
      ['-std=gnu++17', '-w', '-O0', '-I', INCLUDE, '-c', path.join(HARNESS, 'runner.cpp'), '-o', runnerObj],
      workDir,
    );
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
