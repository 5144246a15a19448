// Shared by the packaging tests: the repository, the slow-test switch, a clean environment for nested npm
// runs, the packed tarball, and a small store with known findings.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expectations } from '../support/cases';

export const REPO = path.resolve(__dirname, '../../..');
/** The tsc output folder these tests were compiled into (out/, out-pkg/ …). */
export const OUT = path.resolve(__dirname, '../..');

/**
 * The tests that pack, install from the registry or build the VSIX are slow and need the npm registry: they
 * run under `npm run test:package` (which CI runs) or with MAPI_LINT_PACKAGE_TEST=1.
 */
export const SLOW = process.env.npm_lifecycle_event === 'test:package' || process.env.MAPI_LINT_PACKAGE_TEST === '1';
export const SLOW_SKIP = SLOW ? false : 'slow (packs and installs from the npm registry): npm run test:package, or MAPI_LINT_PACKAGE_TEST=1';

export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/**
 * The environment without what an enclosing `npm run` exports (npm_config_*, npm_package_*, npm_lifecycle_*):
 * a nested npm in another folder must behave as a user's would. MAPI_LINT_PARSER is dropped too.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'MAPI_LINT_PARSER' && k !== 'INIT_CWD') env[k] = v;
  return { ...env, ...extra };
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mapi-lint-${prefix}-`));
}

export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number; input?: string }): SpawnSyncReturns<string> & { ms: number } {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? cleanEnv(), encoding: 'utf8', timeout: opts.timeout ?? 120_000, maxBuffer: 1 << 28, input: opts.input, shell: process.platform === 'win32' });
  return Object.assign(r, { ms: Date.now() - t0 });
}

export function describeRun(r: SpawnSyncReturns<string>): string {
  return `status ${r.status}${r.signal ? ` signal ${r.signal}` : ''}${r.error ? ` error ${r.error.message}` : ''}\nstdout: ${r.stdout?.slice(-4000)}\nstderr: ${r.stderr?.slice(-4000)}`;
}

export interface PackedTarball {
  file: string;
  files: { path: string; size: number }[];
  size: number;
  unpackedSize: number;
}

/** `npm pack --json` of the repository (its `prepare` builds the bundle) into `dest`. */
export function packTarball(dest: string): PackedTarball {
  const r = run(NPM, ['pack', '--json', '--pack-destination', dest], { cwd: REPO, timeout: 180_000 });
  if (r.status !== 0) throw new Error(`npm pack failed: ${describeRun(r)}`);
  const [info] = JSON.parse(r.stdout) as { filename: string; files: { path: string; size: number }[]; size: number; unpackedSize: number }[];
  return { file: path.join(dest, info.filename), files: info.files, size: info.size, unpackedSize: info.unpackedSize };
}

/** Two one-file stores of the fixture corpus, one C++ and one C, each with one logoff-abort-missing. */
export const STORE_FILES = ['release_never_logs_off.cpp', 'c_deferred_starts_orderly.c'].map((f) => path.join(REPO, 'test/fixtures/cases/logoff-abort-missing/invalid', f));

/** Copies the store files into `dir`/store; returns the expected findings as `store/<file>:<line> <rule>`. */
export function writeStore(dir: string): string[] {
  const store = path.join(dir, 'store');
  fs.mkdirSync(store, { recursive: true });
  const files = STORE_FILES.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
  for (const f of files) fs.writeFileSync(path.join(store, path.basename(f.path)), f.text);
  const expected = expectations(files).map((e) => `store/${e}`);
  if (expected.length !== 2) throw new Error(`the store files lost their expect markers: ${expected.join(', ')}`);
  return expected;
}

/** The findings of a `--format json` report as `<file>:<line> <rule>` (paths relative to the folder linted in). */
export function findingKeys(jsonText: string): string[] {
  const report = JSON.parse(jsonText) as { findings: { ruleId: string; file: string; line: number }[] };
  return report.findings.map((f) => `${f.file.replace(/\\/g, '/')}:${f.line} ${f.ruleId}`).sort();
}
