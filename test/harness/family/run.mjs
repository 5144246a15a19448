// Compile-and-run harness for the service-provider shutdown family
// (docs PROVIDER-SHUTDOWN.md): the family counterpart of test/harness/run.ts.
//
// A case is a .c/.cpp file or a directory of .c/.cpp/.h files that exports
// its real entry point(s) (extern "C" ABProviderInit, XPProviderInit and/or
// MSProviderInit). It is compiled against the stand-in MAPI headers
// (the case's own directory first, then test/harness/family/include, then
// test/harness/include), linked with test/harness/family/runner.cpp and run;
// the runner prints `violation <rule-id> <scenario>` for every family rule the
// provider broke in a scenario and `done` at the end (see the top of
// runner.cpp for the scenarios and how each rule is judged).
//
//   import { runFamilyCase } from './run.mjs';
//   const r = await runFamilyCase('test/harness/family/selftest/ab-good');
//   r.ok          compiled, linked, every scenario ran, `done` printed
//   r.violations  Set of rule ids
//
// CLI: node test/harness/family/run.mjs <case> [--trace]
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FAMILY = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(FAMILY, '..', '..', '..');
export const FAMILY_INCLUDE = path.join(FAMILY, 'include');
export const SHARED_INCLUDE = path.join(FAMILY, '..', 'include');
export const RUNNER = path.join(FAMILY, 'runner.cpp');

export const FAMILY_RULE_IDS = [
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

const COMPILED = /\.(c|cc|cpp|cxx)$/;
const CFLAGS = ['-w', '-O0'];
const WRAP = ['-Wl,--wrap=malloc', '-Wl,--wrap=calloc', '-Wl,--wrap=realloc', '-Wl,--wrap=free'];

function run(cmd, args, cwd, timeoutMs = 60_000) {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

/** The files of a case: its compiled sources (sorted) and its include directory. */
export function caseSources(casePath) {
  const abs = path.resolve(casePath);
  const isDir = fs.statSync(abs).isDirectory();
  const dir = isDir ? abs : path.dirname(abs);
  const sources = isDir
    ? fs.readdirSync(abs).filter((f) => COMPILED.test(f) && !/\.fixed\.[^.]+$/.test(f)).sort().map((f) => path.join(abs, f))
    : [abs];
  return { dir, sources };
}

const runnerCache = new Map();

/** Compiles runner.cpp once per work directory; resolves to the object file. */
export function compileRunner(workDir) {
  if (!runnerCache.has(workDir)) {
    runnerCache.set(
      workDir,
      (async () => {
        const obj = path.join(workDir, 'family-runner.o');
        const r = await run(
          'g++',
          ['-std=gnu++17', ...CFLAGS, '-I', FAMILY_INCLUDE, '-I', SHARED_INCLUDE, '-c', RUNNER, '-o', obj],
          workDir,
        );
        if (r.code !== 0) throw new Error(`compiling the family runner failed:\n${r.out}`);
        return obj;
      })(),
    );
  }
  return runnerCache.get(workDir);
}

let defaultWorkDir;
function workDirOf(opts) {
  if (opts.workDir) return opts.workDir;
  if (!defaultWorkDir) defaultWorkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-family-'));
  return defaultWorkDir;
}

/** Parses the runner's output. */
export function parseOutput(output) {
  const violations = new Set();
  const byScenario = new Map();
  const faults = [];
  const errors = [];
  for (const line of output.split('\n')) {
    let m = /^violation (\S+) (\S+)$/.exec(line);
    if (m) {
      violations.add(m[1]);
      if (!byScenario.has(m[2])) byScenario.set(m[2], new Set());
      byScenario.get(m[2]).add(m[1]);
      continue;
    }
    m = /^fault (\S+) (.*) rule=(\S+)$/.exec(line);
    if (m) {
      faults.push({ scenario: m[1], text: m[2], rule: m[3] === 'unexplained' ? undefined : m[3], line });
      continue;
    }
    if (/^error /.test(line)) errors.push(line);
  }
  return { violations, byScenario, faults, errors, done: /^done$/m.test(output) };
}

/**
 * Compiles a case (file or directory), links it with the family runner, runs
 * it. Resolves to { ok, violations, byScenario, faults, unexplainedFaults,
 * errors, output }; ok = built, ran every scenario, printed `done`, no `error`.
 */
export async function runFamilyCase(casePath, opts = {}) {
  const workDir = workDirOf(opts);
  const runnerObj = opts.runnerObj ?? (await compileRunner(workDir));
  const { dir, sources } = caseSources(casePath);
  const name = path.basename(path.resolve(casePath)).replace(/[^A-Za-z0-9]+/g, '_');
  const outDir = fs.mkdtempSync(path.join(workDir, `${name}-`));
  const fail = (output) => ({
    ok: false,
    violations: new Set(),
    byScenario: new Map(),
    faults: [],
    unexplainedFaults: [],
    errors: [output],
    output,
  });
  if (sources.length === 0) return fail(`no .c/.cpp source in ${casePath}`);
  const objects = [];
  for (const [i, src] of sources.entries()) {
    const obj = path.join(outDir, `${i}-${path.basename(src)}.o`);
    const isC = src.endsWith('.c');
    const args = [
      isC ? '-std=gnu11' : '-std=gnu++17',
      ...CFLAGS,
      '-I', dir,
      '-I', FAMILY_INCLUDE,
      '-I', SHARED_INCLUDE,
      '-c', src,
      '-o', obj,
    ];
    const r = await run(isC ? 'gcc' : 'g++', args, outDir);
    if (r.code !== 0) return fail(`compile ${src} failed:\n${r.out}`);
    objects.push(obj);
  }
  const exe = path.join(outDir, 'provider');
  const link = await run('g++', ['-o', exe, ...objects, runnerObj, ...WRAP], outDir);
  if (link.code !== 0) return fail(`link failed:\n${link.out}`);
  const r = await run(exe, [], outDir, 180_000);
  const parsed = parseOutput(r.out);
  if (!opts.keep) fs.rmSync(outDir, { recursive: true, force: true });
  return {
    ok: r.code === 0 && parsed.done && parsed.errors.length === 0,
    violations: parsed.violations,
    byScenario: parsed.byScenario,
    faults: parsed.faults,
    unexplainedFaults: parsed.faults.filter((f) => !f.rule),
    errors: parsed.errors,
    output: r.out,
  };
}

/** Just the set of rule ids a case breaks (throws if it did not run cleanly). */
export async function familyRules(casePath, opts = {}) {
  const r = await runFamilyCase(casePath, opts);
  if (!r.ok) throw new Error(`${casePath}: did not run cleanly:\n${r.errors.join('\n')}`);
  return r.violations;
}

export const sorted = (s) => [...s].sort();

export async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const trace = args.includes('--trace');
  const target = args.find((a) => !a.startsWith('--'));
  if (!target) {
    console.error('usage: node test/harness/family/run.mjs <case file or directory> [--trace]');
    process.exit(2);
  }
  const r = await runFamilyCase(target);
  const lines = r.output.split('\n').filter((l) => trace || !l.startsWith('trace '));
  console.log(lines.join('\n'));
  console.log(`rules: ${sorted(r.violations).join(', ') || '(none)'}${r.ok ? '' : '  [NOT OK]'}`);
  process.exit(r.ok ? 0 : 1);
}
