#!/usr/bin/env node
// CPU profile of the CLI over a corpus: `node bench/profile.mjs <corpus-dir> [topN] [--json FILE]`. Runs
// mapi-lint (bin/mapi-lint.js, so the bundle dist/cli.js when it is built) under `node --cpu-prof`, maps every
// frame of the minified bundle back to its TypeScript source through dist/cli.js.map, and prints:
//   - phases: each sample charged to the innermost pipeline step on its stack (start-up, walk, read, probe,
//     preprocess, parse, flatten, lower, analysis, report, ...), inclusive of what that step calls;
//   - the functions with the most self time, and self time by source file.
// `profileCorpus()` is what bench/run.mjs calls to put the phase table into BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Pipeline steps by function (the original names, through the source map) or source file. The innermost step on
 * a sample's stack takes the sample; a sample under none of them is "other".
 */
const STEPS = [
  // [step, test on the frame's {name, file}] (file relative to server/src/)
  ['read + decode (CLI)', (f) => f.file.endsWith('cli/main.ts') && f.name === 'loadInputs'],
  ['walk (list the files)', (f) => f.file.endsWith('project/walk.ts') && (f.name === 'walk' || f.name === 'walkSteps' || f.name === 'walkDir')],
  ['config (resolve .mapilintrc.json)', (f) => f.file.endsWith('project/config.ts') && (f.name === 'configForFile' || f.name === 'isIgnored')],
  ['choose files, rounds, configurations', (f) => f.file.endsWith('engine/workspace.ts') && f.name === 'analyse'],
  ['probe (one lexer pass per file)', (f) => f.name === 'probeText' || f.name === 'probeOf'],
  ['member-call index', (f) => f.name === 'calledAsMember'],
  ['build units (includes, languages, line index)', (f) => (f.name === 'buildUnits' || f.name === 'buildUnit') && (f.file.endsWith('engine/build.ts') || f.file.endsWith('engine/unit.ts'))],
  ['preprocess', (f) => f.name === 'preprocess' && f.file.endsWith('pre/preprocess.ts')],
  ['parse (tree-sitter, native)', (f) => f.name === 'parseSource' || f.name === 'parseWithin'],
  ['flatten (TreeCursor walk)', (f) => f.name === 'flatten' && f.file.endsWith('parse/flat.ts')],
  ['lower (flat tree → IR)', (f) => f.name === 'lowerFile'],
  ['program + objects (model)', (f) => (f.name === 'Program' || f.name === 'findObjects') && f.file.includes('engine/model/')],
  ['simulate + rules', (f) => f.name === 'runStore' || f.name === 'runLogon' || f.name === 'verdicts'],
  ['finish + report', (f) => f.name === 'finishLint' || (f.file.endsWith('engine/workspace.ts') && f.name === 'lintParts') || (f.file.endsWith('cli/main.ts') && f.name === 'report')],
];

function loadMap(url, maps) {
  if (maps.has(url)) return maps.get(url);
  let sm = null;
  try {
    const file = fileURLToPath(url);
    const mapFile = `${file}.map`;
    if (fs.existsSync(mapFile)) sm = new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8')));
  } catch {
    sm = null;
  }
  maps.set(url, sm);
  return sm;
}

/** Profiles one lint of `dir`; returns the figures (and writes nothing but the profile in a temporary folder). */
export function profileCorpus(dir, { top = 25, bin = path.join(REPO, 'bin/mapi-lint.js') } = {}) {
  const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-prof-'));
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '250', bin, '--format', 'json', '--output', path.join(profDir, 'report.json'), dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Date.now() - t0;
  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written (exit ${r.status}): ${r.stderr?.slice(0, 400)}`);
  const prof = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8'));
  const maps = new Map();
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Each node's frame, in source terms.
  const frame = new Map();
  for (const n of prof.nodes) {
    const cf = n.callFrame;
    let name = cf.functionName || '(anonymous)';
    let src = cf.url ? cf.url.replace(/^file:\/\//, '') : '';
    let line = cf.lineNumber + 1;
    if (cf.url.startsWith('file://')) {
      const sm = loadMap(cf.url, maps);
      const e = sm?.findEntry(cf.lineNumber, cf.columnNumber);
      if (e && e.originalSource) {
        src = path.resolve(path.dirname(fileURLToPath(cf.url)), e.originalSource);
        line = e.originalLine + 1;
        if (e.name) name = e.name;
      }
    } else if (cf.url.startsWith('node:')) src = cf.url;
    const rel = src.startsWith(`${REPO}/`) ? src.slice(REPO.length + 1) : src;
    frame.set(n.id, { name, file: rel.replace(/^server\/src\//, ''), line });
  }
  // Self time per node (µs).
  const self = new Map();
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
    total += dt;
  }
  // Step of each node: the innermost matching frame from the node up.
  const stepOf = new Map();
  const step = (id) => {
    if (stepOf.has(id)) return stepOf.get(id);
    const f = frame.get(id);
    let s = STEPS.find(([, test]) => test(f))?.[0];
    if (!s) {
      const p = parent.get(id);
      if (p === undefined) s = undefined;
      else s = step(p);
    }
    stepOf.set(id, s);
    return s;
  };
  const phases = new Map();
  const fnSelf = new Map();
  const fileSelf = new Map();
  for (const [id, us] of self) {
    const f = frame.get(id);
    let s = step(id);
    if (!s) {
      // Outside every step: module loading and compilation before the first lint, the GC, the idle loop.
      if (f.name === '(garbage collector)') s = 'garbage collector (outside the steps)';
      else if (f.name === '(idle)' || f.name === '(program)') s = '(program, idle)';
      else s = 'start-up + other (module loading, arguments, exit)';
    }
    phases.set(s, (phases.get(s) ?? 0) + us);
    const key = `${f.name}  ${f.file ? `${f.file}:${f.line}` : ''}`;
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
    const fk = f.file || f.name;
    fileSelf.set(fk, (fileSelf.get(fk) ?? 0) + us);
  }
  const sorted = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => ({ what: k, ms: us / 1000, share: us / total }));
  return { wall, profiledMs: total / 1000, profile: path.join(profDir, file), exit: r.status, phases: sorted(phases, 99), functions: sorted(fnSelf, top), files: sorted(fileSelf, 15) };
}

export function printProfile(p, out = (s) => console.log(s)) {
  const row = (x) => `${(100 * x.share).toFixed(1).padStart(6)}  ${x.ms.toFixed(0).padStart(8)}  ${x.what}`;
  out(`wall ${p.wall} ms, profiled ${p.profiledMs.toFixed(0)} ms (exit ${p.exit}); profile: ${p.profile}\n`);
  out('steps (inclusive: each sample goes to the innermost step on its stack)\n     %        ms  step');
  for (const x of p.phases) out(row(x));
  out('\nself time by function\n     %        ms  function');
  for (const x of p.functions) out(row(x));
  out('\nself time by file\n     %        ms  file');
  for (const x of p.files) out(row(x));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const json = args.indexOf('--json');
  const jsonFile = json >= 0 ? args.splice(json, 2)[1] : undefined;
  const [dir, topArg] = args;
  if (!dir) {
    process.stderr.write('usage: node bench/profile.mjs <corpus-dir> [topN] [--json FILE]\n');
    process.exit(2);
  }
  const p = profileCorpus(dir, { top: Number(topArg ?? 25) });
  printProfile(p);
  if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(p, null, 2));
}
