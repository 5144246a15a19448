// Compile-and-run harness shared by the executed tests (fixture-labels, fixed-code, samples-executed).
//
// A case (one or more .c/.cpp/.h files exporting `FixtureLogon`) is compiled
// against the stand-in MAPI headers (test/harness/include), linked with the
// recording-mock runner (test/harness/runner.cpp), and executed; the runner
// prints `violation <rule-id> <scenario>` for every rule broken in a scenario
// and `done` when all scenarios ran to the end. A provider written against the
// real MAPI headers (the bundled samples) is built with `BuildOptions`: the
// full interfaces, and its own entry point (MSProviderInit) if it has one.
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CASES_DIR, REPO, listCases } from '../support/cases';

// The repo root and the fixture corpus, under the names the harness users import.
export const ROOT = REPO;
export const CASES = CASES_DIR;
export const HARNESS = path.join(ROOT, 'test', 'harness');
export const INCLUDE = path.join(HARNESS, 'include');
export const CONCURRENCY = 2;

export const RULE_IDS = [
  'support-release-missing',
  'logoff-transports-twice',
  'logoff-abort-missing',
  'logoff-transports-missing',
  'logoff-flags-not-forwarded',
  'storelogoff-transports-first',
  'support-use-after-release',
] as const;
export const DESIGN_GROUPS = ['designs', 'traps'];
export const COMPILED = /\.(c|cc|cpp|cxx)$/;

export interface FixtureCase {
  id: string; // group/kind/name
  group: string;
  kind: 'valid' | 'invalid';
  path: string; // absolute path of the case (a file or a directory)
  isDir: boolean;
  files: string[]; // absolute paths of all the case's files (sources and headers, no goldens)
  sources: string[]; // absolute paths of the files to compile (.c with gcc, others with g++)
  dir: string; // include directory of the case (its own headers)
  expected: Set<string>; // the rule ids of the case's `// expect:` markers
}

/** How a provider and the runner it links with are built (both must agree). */
export interface BuildOptions {
  /** Full IMsgStore/IMAPISupport vtables (-DMAPI_LINT_FULL_INTERFACES, include/mapidefs.h); default: reduced. */
  fullInterfaces?: boolean;
  /** The provider's entry point the runner calls; default `FixtureLogon`. */
  entry?: 'FixtureLogon' | 'MSProviderInit';
}

/** Preprocessor flags for the provider's own sources. */
export const sourceDefines = (opts: BuildOptions): string[] => (opts.fullInterfaces ? ['-DMAPI_LINT_FULL_INTERFACES'] : []);

/** Preprocessor flags for the runner. */
export const runnerDefines = (opts: BuildOptions): string[] => [
  ...sourceDefines(opts),
  ...(opts.entry === 'MSProviderInit' ? ['-DMAPI_LINT_ENTRY_MSPROVIDERINIT'] : []),
];

/**
 * Why the executed tests cannot run here (no g++ or no gcc on the PATH), or
 * undefined when both compilers answer.
 */
export function missingCompilers(): string | undefined {
  const missing = ['g++', 'gcc'].filter((cc) => {
    const r = spawnSync(cc, ['--version'], { encoding: 'utf8' });
    return r.error !== undefined || r.status !== 0;
  });
  return missing.length ? `${missing.join(' and ')} not found on the PATH: the compiled harness cannot run` : undefined;
}

/** Set to 1 to let the executed tests skip (instead of fail) where g++/gcc are missing. */
export const ALLOW_NO_COMPILER = 'MAPI_LINT_ALLOW_NO_COMPILER';

/**
 * Whether the executed tests can run: `{}` when both compilers answer; `{ skip }`
 * (the reason, for the suite's `skip` option) when they are missing and
 * MAPI_LINT_ALLOW_NO_COMPILER=1; otherwise `{ missing }`, the message the suite
 * must fail with (a missing compiler is not a silent pass).
 */
export function compilerGate(): { skip?: string; missing?: string } {
  const missing = missingCompilers();
  if (missing === undefined) return {};
  if (process.env[ALLOW_NO_COMPILER] === '1') return { skip: `${missing} (${ALLOW_NO_COMPILER}=1)` };
  return { missing: `${missing} (set ${ALLOW_NO_COMPILER}=1 to skip the executed tests instead)` };
}

export interface RunResult {
  ok: boolean; // compiled, linked, ran all scenarios and printed `done`
  violations: Set<string>;
  output: string;
}

/** The corpus as the engine's tests read it (test/support/cases.ts), with what compiling a case needs. */
export function collectCases(): FixtureCase[] {
  const out: FixtureCase[] = [];
  for (const c of listCases()) {
    const isDir = fs.statSync(c.dir).isDirectory();
    const files = c.files.map((f) => f.path);
    out.push({
      id: `${c.group}/${c.kind}/${c.name}`,
      group: c.group,
      kind: c.kind,
      path: c.dir,
      isDir,
      files,
      sources: files.filter((f) => COMPILED.test(f)),
      dir: isDir ? c.dir : path.dirname(c.dir),
      expected: new Set(c.expected.map((e) => e.slice(e.lastIndexOf(' ') + 1))),
    });
  }
  return out;
}

export function run(cmd: string, args: string[], cwd: string, timeoutMs = 30_000): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

/** Compiles test/harness/runner.cpp into `<workDir>/runner[-variant].o`. */
export async function compileRunner(
  workDir: string,
  opts: BuildOptions = {},
): Promise<{ runnerObj: string; code: number; out: string }> {
  const defines = runnerDefines(opts);
  const variant = defines.map((d) => d.replace(/^-DMAPI_LINT_/, '').toLowerCase()).join('-');
  const runnerObj = path.join(workDir, variant ? `runner-${variant}.o` : 'runner.o');
  const r = await run(
    'g++',
    ['-std=gnu++17', '-w', '-O0', ...defines, '-I', INCLUDE, '-c', path.join(HARNESS, 'runner.cpp'), '-o', runnerObj],
    workDir,
  );
  return { runnerObj, code: r.code, out: r.out };
}

/** Rule ids of the runner's `violation <rule-id> <scenario>` lines. */
export function violationsOf(output: string): Set<string> {
  const violations = new Set<string>();
  for (const line of output.split('\n')) {
    const m = /^violation (\S+) (\S+)$/.exec(line);
    if (m) violations.add(m[1]);
  }
  return violations;
}

/** The runner's `violation ...` lines, verbatim (for reports). */
export const violationLines = (output: string): string[] =>
  output.split('\n').filter((l) => /^violation \S+ \S+$/.test(l));

/** One call the mock support object recorded (a `trace` line item). */
export interface TraceEvent {
  method: string;
  flags?: number; // *lpulFlags, for StoreLogoffTransports
  refBefore: number;
  inStoreLogoff: boolean;
  afterRelease: boolean;
}

export interface ScenarioTrace {
  scenario: string;
  events: TraceEvent[];
  finalRef: number;
}

/** The runner's `trace <scenario> logon=... <event>... final-ref=N` lines, by scenario. */
export function tracesOf(output: string): Map<string, ScenarioTrace> {
  const traces = new Map<string, ScenarioTrace>();
  for (const line of output.split('\n')) {
    const m = /^trace (\S+) logon=0x[0-9a-f]+ (.*?) ?final-ref=(-?\d+)$/.exec(line);
    if (!m) continue;
    const events: TraceEvent[] = [];
    for (const token of m[2].split(' ').filter((t) => t.length > 0)) {
      const e = /^(\w+)(?:\((0x[0-9a-f]+)\))?\[ref=(-?\d+)((?:,[\w-]+)*)\]$/.exec(token);
      if (!e) throw new Error(`tracesOf: unreadable event ${JSON.stringify(token)} in: ${line}`);
      const marks = e[4].split(',');
      events.push({
        method: e[1],
        ...(e[2] !== undefined ? { flags: Number.parseInt(e[2], 16) } : {}),
        refBefore: Number(e[3]),
        inStoreLogoff: marks.includes('in-StoreLogoff'),
        afterRelease: marks.includes('AFTER-RELEASE'),
      });
    }
    traces.set(m[1], { scenario: m[1], events, finalRef: Number(m[3]) });
  }
  return traces;
}

export async function compileAndRun(
  name: string,
  sources: string[],
  includeDir: string,
  runnerObj: string,
  workDir: string,
  opts: BuildOptions = {},
): Promise<RunResult> {
  const outDir = fs.mkdtempSync(path.join(workDir, `${name.replace(/[^A-Za-z0-9]+/g, '_')}-`));
  const objects: string[] = [];
  for (const [i, src] of sources.entries()) {
    const obj = path.join(outDir, `${i}-${path.basename(src)}.o`);
    const isC = src.endsWith('.c');
    const defines = sourceDefines(opts);
    const args = isC
      ? ['-std=gnu11', '-w', '-O0', ...defines, '-I', INCLUDE, '-I', includeDir, '-c', src, '-o', obj]
      : ['-std=gnu++17', '-w', '-O0', ...defines, '-I', INCLUDE, '-I', includeDir, '-c', src, '-o', obj];
    const r = await run(isC ? 'gcc' : 'g++', args, outDir);
    if (r.code !== 0) return { ok: false, violations: new Set(), output: `compile ${src} failed:\n${r.out}` };
    objects.push(obj);
  }
  const exe = path.join(outDir, 'fixture');
  const link = await run('g++', ['-o', exe, ...objects, runnerObj], outDir);
  if (link.code !== 0) return { ok: false, violations: new Set(), output: `link failed:\n${link.out}` };
  const r = await run(exe, [], outDir, 10_000);
  const violations = violationsOf(r.out);
  const finished = r.code === 0 && /^done$/m.test(r.out);
  return { ok: finished, violations, output: r.out };
}

/**
 * Writes `files` (bare file names, e.g. `store.cpp`, `store.h`) into a fresh
 * directory under `workDir`, compiles every .c/.cpp among them with that
 * directory on the include path (so `#include "store.h"` finds the written
 * header), links with the runner and runs all scenarios. The dynamically
 * violated rule ids are in `.violations`.
 */
export async function runCase(
  files: { name: string; text: string }[],
  runnerObj: string,
  workDir: string,
  label = 'case',
): Promise<RunResult> {
  const srcDir = fs.mkdtempSync(path.join(workDir, `src-${label.replace(/[^A-Za-z0-9]+/g, '_')}-`));
  for (const f of files) {
    if (path.basename(f.name) !== f.name) throw new Error(`runCase: not a bare file name: ${f.name}`);
    fs.writeFileSync(path.join(srcDir, f.name), f.text);
  }
  const sources = files
    .map((f) => f.name)
    .filter((n) => COMPILED.test(n))
    .sort()
    .map((n) => path.join(srcDir, n));
  return compileAndRun(label, sources, srcDir, runnerObj, workDir);
}

export async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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

export const sorted = (s: Set<string>): string[] => [...s].sort();

// Self-test stores: if the harness stopped seeing violations, these would pass
// silently; they must not.
export const BAD_STORE_NOTHING = `
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
export const BAD_STORE_OVERUSE = `
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
