// Compiling and running a store against the recording-mock runner (test/harness/runner.cpp), shared by the
// held-out corpus's label check (test/fixtures/heldout/stores/confirm.mjs) and its measurement
// (scripts/heldout.mjs). A store is compiled the way the harness compiles a fixture: gcc -std=gnu11 for .c,
// g++ -std=gnu++17 otherwise, -w -O0, the stand-in headers and the case's own directories on the include path.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HARNESS = path.dirname(fileURLToPath(import.meta.url));
export const HARNESS_INCLUDE = path.join(HARNESS, 'include');
export const COMPILED = /\.(c|cc|cpp|cxx)$/;
export const SOURCE = /\.(c|cc|cpp|cxx|h|hh|hpp|hxx)$/;

export function sh(cmd, args, cwd, timeout = 60_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, maxBuffer: 16 * 1024 * 1024 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return { code: r.error ? -1 : r.status, out: r.error ? `${out}${r.error.message}` : out, signal: r.signal };
}

/** Compiles the runner once into `work`; returns the object file, or throws with the compiler's output. */
export function compileRunner(work) {
  const runnerObj = path.join(work, 'runner.o');
  const rc = sh('g++', ['-std=gnu++17', '-w', '-O0', '-I', HARNESS_INCLUDE, '-c', path.join(HARNESS, 'runner.cpp'), '-o', runnerObj], work);
  if (rc.code !== 0) throw new Error(`cannot compile the runner:\n${rc.out}`);
  return runnerObj;
}

/**
 * Compiles `sources` (absolute paths) with `includeDirs`, links them with the runner and runs every scenario.
 * Returns the rule ids of the run's `violation <rule-id> <scenario>` lines and whether it reached `done`.
 */
export function compileAndRun(sources, includeDirs, runnerObj, outDir) {
  if (sources.length === 0) return { error: 'no source to compile' };
  const objects = [];
  for (const [i, src] of sources.entries()) {
    const obj = path.join(outDir, `${i}-${path.basename(src)}.o`);
    const isC = src.endsWith('.c');
    const args = [isC ? '-std=gnu11' : '-std=gnu++17', '-w', '-O0', '-I', HARNESS_INCLUDE, ...includeDirs.flatMap((d) => ['-I', d]), '-c', src, '-o', obj];
    const r = sh(isC ? 'gcc' : 'g++', args, outDir);
    if (r.code !== 0) return { error: `compile ${path.basename(src)} failed:\n${r.out}` };
    objects.push(obj);
  }
  const exe = path.join(outDir, 'fixture');
  const link = sh('g++', ['-o', exe, ...objects, runnerObj], outDir);
  if (link.code !== 0) return { error: `link failed:\n${link.out}` };
  const r = sh(exe, [], outDir, 10_000);
  const violations = [];
  for (const line of r.out.split('\n')) {
    const m = /^violation (\S+) (\S+)$/.exec(line);
    if (m) violations.push(m[1]);
  }
  const finished = r.code === 0 && /^done$/m.test(r.out);
  return { finished, violations: [...new Set(violations)].sort(), output: r.out, code: r.code, signal: r.signal };
}

/** The source and header files of a case (a file, or a directory), sorted. */
export function caseFiles(p) {
  if (fs.statSync(p).isDirectory()) {
    return fs
      .readdirSync(p)
      .filter((f) => SOURCE.test(f))
      .sort()
      .map((f) => path.join(p, f));
  }
  return [p];
}
