#!/usr/bin/env node
// mapi-lint benchmark. `npm run bench` from the repository root, or:
//   node bench/run.mjs [--seed N] [--sizes 1,10,50] [--small-files MB] [--runs N] [--edits N] [--no-lsp]
//                      [--no-profile] [--no-write] [--out DIR]
//   (--sizes none / --small-files none: skip those corpora; --edits 0: skip the editor-latency part)
// Generates deterministic corpora (outside the repository: the CLI and ast-grep both honour .gitignore),
// measures the CLI against two floors (bench/lib/probe-floor.cjs: read every file, test it against
// /StoreLogoff|IMsgStore|IMAPISupport/, parse what matches and walk its nodes once; bench/lib/ts-floor.cjs:
// read and parse every file) and `ast-grep scan`, the commands of a round run one after the other and the
// rounds repeated, so that each ratio compares figures measured side by side; profiles one lint of the
// many-small-files corpus (bench/profile.mjs); drives the real language server over stdio for edit latency and
// start-up; prints tables and writes BENCHMARKS.md.
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, generateCorpus, generateSmallFilesCorpus, usableCases, bigProviderFile, rng } from './lib/corpus.mjs';
import { LspClient, fileUri, percentile } from './lib/lsp-client.mjs';
import { profileCorpus } from './profile.mjs';

/** The server's on-type debounce, read from its source (any module of server/src/lsp) so the report states what was measured. */
function findDebounce() {
  const root = path.join(REPO, 'server/src/lsp');
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.ts')) files.push(path.join(d, e.name));
    }
  };
  walk(root);
  for (const f of files) {
    const m = /CHANGE_DELAY_MS\s*=\s*(\d+)/.exec(fs.readFileSync(f, 'utf8'));
    if (m) return { ms: Number(m[1]), file: path.relative(REPO, f) };
  }
  return { ms: 0, file: 'server/src/lsp (CHANGE_DELAY_MS not found)' };
}
const { ms: DEBOUNCE_MS, file: DEBOUNCE_FILE } = findDebounce();

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const flag = (name) => args.includes(`--${name}`);
const SEED = Number(opt('seed', '1'));
const SIZES = opt('sizes', '1,10,50') === 'none' ? [] : opt('sizes', '1,10,50').split(',').map(Number);
const SMALL = opt('small-files', '10') === 'none' ? undefined : Number(opt('small-files', '10'));
const RUNS = Number(opt('runs', '3'));
const EDITS = Number(opt('edits', '500'));
const OUT = path.resolve(opt('out', path.join(os.tmpdir(), 'mapi-lint-bench')));
const BENCH = path.join(REPO, 'bench');
const CLI = path.join(REPO, 'bin/mapi-lint.js');
const FLOOR = path.join(BENCH, 'lib/probe-floor.cjs');
const PARSE_ALL = path.join(BENCH, 'lib/ts-floor.cjs');
const ASTGREP = path.join(BENCH, 'node_modules/.bin/ast-grep');
const SGCONFIG = path.join(BENCH, 'astgrep/sgconfig.yml');
const MB = 1024 * 1024;

const log = (s) => process.stderr.write(`${s}\n`);
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

if (!fs.existsSync(path.join(REPO, 'out/server/src/cli/main.js'))) {
  log('building (npx tsc -p .)');
  execFileSync('npx', ['tsc', '-p', '.'], { cwd: REPO, stdio: 'inherit' });
}

/** Runs a command under /usr/bin/time; returns wall seconds (hrtime), peak RSS MB, exit code, stdout. */
function measure(cmd, argv, env = process.env) {
  const hasTime = fs.existsSync('/usr/bin/time');
  const t0 = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '@@RSS %M', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30, env })
    : spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 30, env });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /@@RSS (\d+)/.exec(r.stderr ?? '');
  return { secs, rssMB: m ? Number(m[1]) / 1024 : NaN, code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** `runs` rounds of every command, one after the other in each round; the median of each (and all its times). */
function interleaved(runs, commands) {
  const all = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [k, fn] of Object.entries(commands)) all[k].push(fn());
  const out = {};
  for (const [k, xs] of Object.entries(all)) {
    const sorted = [...xs].sort((a, b) => a.secs - b.secs);
    out[k] = { ...sorted[Math.floor(sorted.length / 2)], all: xs.map((x) => x.secs) };
  }
  return out;
}

// ─────────────────────────── 1. throughput ───────────────────────────
const { usable, dropped } = usableCases();
if (dropped.length) log(`fixture cases left out (their renamed copy lints differently): ${dropped.join(', ')}`);
const corpora = [...SIZES.map((size) => ({ kind: 'mixed', size })), ...(SMALL ? [{ kind: 'small', size: SMALL }] : [])];
const throughput = [];
for (const { kind, size } of corpora) {
  const dir = path.join(OUT, kind === 'small' ? `small-files-seed${SEED}-${size}mb` : `corpus-seed${SEED}-${size}mb`);
  log(`generating ${kind === 'small' ? 'many-small-files ' : ''}${size} MB corpus in ${dir}`);
  const info = kind === 'small' ? generateSmallFilesCorpus({ seed: SEED + 100_000 + size, targetBytes: size * MB, outDir: dir, cases: usable }) : generateCorpus({ seed: SEED + size, targetBytes: size * MB, outDir: dir, cases: usable });
  const runs = size >= 50 ? Math.min(RUNS, 1) : RUNS;
  const jsonOut = path.join(OUT, `report-${kind}-${size}.json`);
  const sgArgs = ['scan', '-c', SGCONFIG, '--json=compact', dir];
  log(`  ${runs} round(s): mapi-lint, floor, parse-all floor, ast-grep -j 1, ast-grep`);
  const m = interleaved(runs, {
    lint: () => measure(process.execPath, [CLI, '--format', 'json', '--output', jsonOut, dir]),
    floor: () => measure(process.execPath, [FLOOR, dir]),
    parseAll: () => measure(process.execPath, [PARSE_ALL, dir]),
    sg1: () => measure(ASTGREP, [sgArgs[0], '-j', '1', ...sgArgs.slice(1)]),
    sgN: () => measure(ASTGREP, sgArgs),
  });
  let findings = NaN;
  try {
    findings = JSON.parse(fs.readFileSync(jsonOut, 'utf8')).findings?.length ?? NaN;
  } catch {
    /* reported as n/a */
  }
  let floorInfo = {};
  try {
    floorInfo = JSON.parse(m.floor.stdout);
  } catch {
    /* n/a */
  }
  let sgMatches = NaN;
  try {
    sgMatches = JSON.parse(m.sg1.stdout).length;
  } catch {
    /* n/a */
  }
  throughput.push({ kind, size, dir, info, ...m, floorInfo, findings, sgMatches });
  log(`  lint ${fmt(m.lint.secs)} s (exit ${m.lint.code}, ${fmt(m.lint.rssMB, 0)} MB), floor ${fmt(m.floor.secs)} s (${floorInfo.parsed} files parsed), parse-all ${fmt(m.parseAll.secs)} s, ast-grep -j1 ${fmt(m.sg1.secs)} s, ast-grep ${fmt(m.sgN.secs)} s`);
}

// ─────────────────────────── 1b. profile ───────────────────────────
let profile;
const profiled = throughput.find((t) => t.kind === 'small') ?? throughput.at(-1);
if (profiled && !flag('no-profile')) {
  log(`profiling one lint of ${profiled.dir}`);
  try {
    profile = { of: profiled, ...profileCorpus(profiled.dir, { top: 15 }) };
  } catch (e) {
    log(`  profile failed: ${e instanceof Error ? e.message : e}`);
  }
}

// ─────────────────────────── 2. editor latency ───────────────────────────
const latency = [];
let startup;
if (!flag('no-lsp')) {
  for (const lines of EDITS > 0 ? [5_000, 20_000] : []) {
    log(`LSP latency: ${lines}-line file, ${EDITS} edits`);
    const dir = path.join(OUT, `lsp-${lines}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'msstore.cpp');
    let text = bigProviderFile(SEED, lines);
    fs.writeFileSync(file, text);
    const uri = fileUri(file);
    const c = new LspClient(dir);
    await c.initialize();
    const first = c.nextPublish((p) => p.uri === uri && p.version === 1, 60_000);
    const tOpen = performance.now();
    await c.open(uri, text, 1);
    const firstAt = (await first).at - tOpen;
    await c.nextStatus((s) => s.state === 'ready', 60_000).catch(() => undefined);
    const r = rng(SEED * 7 + lines);
    const textLines = text.split('\n');
    const lat = [];
    const analysis = [];
    let pending; // the char inserted by the previous edit, deleted by the next
    for (let v = 2; v < EDITS + 2; v++) {
      let change;
      if (pending) {
        change = { range: { start: pending, end: { line: pending.line, character: pending.character + 1 } }, text: '' };
        pending = undefined;
      } else {
        const line = r.int(0, textLines.length - 1);
        const character = r.int(0, textLines[line].length);
        change = { range: { start: { line, character }, end: { line, character } }, text: r.pick(['x', ';', '{', '}', ' ', '(', '1']) };
        pending = { line, character };
      }
      const wait = c.nextPublish((p) => p.uri === uri && p.version === v);
      const t0 = performance.now();
      await c.change(uri, v, [change]);
      const { at } = await wait;
      lat.push(at - t0);
      const st = c.statuses.at(-1);
      if (st && typeof st.lastAnalysisMs === 'number') analysis.push(st.lastAnalysisMs);
    }
    const mem = c.rss();
    await c.stop();
    latency.push({ lines, firstAt, lat, analysis, mem });
    log(`  p50 ${fmt(percentile(lat, 50))} p95 ${fmt(percentile(lat, 95))} max ${fmt(Math.max(...lat))} ms`);
  }

  // ─────────────────────────── 3. start-up and memory ───────────────────────────
  log('LSP start-up: 2,000-file workspace');
  const wsDir = path.join(OUT, `workspace-2000-seed${SEED}`);
  const wsInfo = generateCorpus({ seed: SEED + 2000, targetBytes: Infinity, maxFiles: 2000, outDir: wsDir, cases: usable });
  const openFile = path.join(wsDir, 'provider0001', 'store', fs.readdirSync(path.join(wsDir, 'provider0001', 'store')).find((f) => /\.(cpp|c)$/.test(f)));
  const uri = fileUri(openFile);
  const t0 = performance.now();
  const c = new LspClient(wsDir);
  const ready = c.nextStatus((s) => s.state === 'ready', 120_000);
  await c.initialize();
  const tInit = performance.now() - t0;
  const first = c.nextPublish((p) => p.uri === uri, 60_000);
  await c.open(uri, fs.readFileSync(openFile, 'utf8'), 1);
  const firstDiag = (await first).at - t0;
  const readyAt = (await ready).at - t0;
  const afterIndex = await c.nextPublish((p) => p.uri === uri, 60_000).then((x) => x.at - t0, () => NaN);
  // A few edits once the whole workspace is indexed: every store of the workspace is in the analysis now.
  const wsLat = [];
  for (let v = 2; v < 5; v++) {
    const wait = c.nextPublish((p) => p.uri === uri && p.version === v, 120_000);
    const t1 = performance.now();
    const at = v % 2 === 0 ? { line: 0, character: 0 } : undefined;
    await c.change(uri, v, [at ? { range: { start: at, end: at }, text: ' ' } : { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '' }]);
    wsLat.push((await wait).at - t1);
  }
  const mem = c.rss();
  await c.stop();
  startup = { wsInfo, tInit, firstDiag, readyAt, afterIndex, mem, wsLat };
  log(`  first diagnostics ${fmt(firstDiag, 0)} ms, index ready ${fmt(readyAt, 0)} ms, peak RSS ${fmt(mem.peakMB, 0)} MB`);
}

// ─────────────────────────── report ───────────────────────────
const cpu = os.cpus()[0]?.model ?? 'unknown';
const lines = [];
const out = (s = '') => lines.push(s);
out('## Throughput (CLI, one process, median of interleaved rounds)');
out();
out('Each round runs mapi-lint (`--format json`), the floor, the parse-all floor, `ast-grep -j 1` and `ast-grep` (all cores) one after the other; the ratios compare the medians of the same rounds. The floor reads every file, tests it against `/StoreLogoff|IMsgStore|IMAPISupport/`, parses the files that match with tree-sitter-cpp and walks their nodes once with a TreeCursor (bench/lib/probe-floor.cjs); the parse-all floor reads and parses every file (bench/lib/ts-floor.cjs). Both are one process on one thread, like mapi-lint.');
out();
out('| corpus | files | stores (buggy) | mapi-lint s | MB/s | files/s | peak RSS MB | findings / expected | floor s (files parsed) | lint ÷ floor | parse-all floor s | ast-grep -j1 s | lint ÷ ast-grep -j1 | ast-grep (all cores) s | lint ÷ ast-grep | ast-grep matches |');
out('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const label = (t) => (t.kind === 'small' ? `${t.size} MB in small files (${fmt(t.info.bytes / MB)} MB, ${fmt(t.info.bytes / t.info.files / 1024, 1)} KB a file)` : `${t.size} MB (${fmt(t.info.bytes / MB)} MB)`);
for (const t of throughput) {
  const mb = t.info.bytes / MB;
  out(
    `| ${label(t)} | ${t.info.files} | ${t.info.storeCopies} (${t.info.invalidCopies}) | ${fmt(t.lint.secs)} | ${fmt(mb / t.lint.secs, 1)} | ${fmt(t.info.files / t.lint.secs, 0)} | ${fmt(t.lint.rssMB, 0)} | ${t.findings} / ${t.info.expected} | ${fmt(t.floor.secs)} (${t.floorInfo.parsed ?? 'n/a'}) | ${fmt(t.lint.secs / t.floor.secs)}× | ${fmt(t.parseAll.secs)} | ${fmt(t.sg1.secs)} | ${fmt(t.lint.secs / t.sg1.secs)}× | ${fmt(t.sgN.secs)} | ${fmt(t.lint.secs / t.sgN.secs)}× | ${t.sgMatches} |`,
  );
}
const small = throughput.find((t) => t.kind === 'small');
const mixed = throughput.filter((t) => t.kind === 'mixed');
if (throughput.length) {
  out();
  out('Targets on this run:');
  out();
  const met = (ok) => (ok ? 'met' : '**missed**');
  if (small) {
    const f = small.lint.secs / small.floor.secs;
    const sg = small.lint.secs / small.sgN.secs;
    out(`- many small files (${small.info.files} files, ${Math.round((100 * small.info.storeFiles) / small.info.files)}% of them the stores'): mapi-lint ÷ ast-grep (all cores) ${fmt(sg)}× (target ≤ 0.6×: ${met(sg <= 0.6)}); mapi-lint ÷ floor ${fmt(f)}× (target ≤ 1.3×: ${met(f <= 1.3)}; hard limit 2×: ${met(f <= 2)})`);
  }
  for (const t of mixed) out(`- ${t.size} MB: mapi-lint ÷ ast-grep (all cores) ${fmt(t.lint.secs / t.sgN.secs)}× (target < 1×: ${met(t.lint.secs < t.sgN.secs)})${t.size === 50 ? `; peak RSS ${fmt(t.lint.rssMB, 0)} MB (target < 300 MB: ${met(t.lint.rssMB < 300)})` : ''}`);
}
if (mixed.length > 1) {
  out();
  out('Growth (time ratio against the smallest corpus; linear would equal the size ratio):');
  out();
  const b = mixed[0];
  for (const t of mixed.slice(1)) {
    const sr = t.info.bytes / b.info.bytes;
    out(`- ${b.size} → ${t.size} MB (×${fmt(sr, 1)} bytes, ×${fmt(t.info.storeCopies / b.info.storeCopies, 1)} stores): mapi-lint ×${fmt(t.lint.secs / b.lint.secs, 1)}, floor ×${fmt(t.floor.secs / b.floor.secs, 1)}, parse-all floor ×${fmt(t.parseAll.secs / b.parseAll.secs, 1)}, ast-grep -j1 ×${fmt(t.sg1.secs / b.sg1.secs, 1)}; mapi-lint peak RSS ${fmt(b.lint.rssMB, 0)} → ${fmt(t.lint.rssMB, 0)} MB`);
  }
}
if (profile) {
  const p = profile;
  out();
  out(`## Where the time goes (one profiled lint of the ${label(p.of)} corpus)`);
  out();
  out(`\`node bench/profile.mjs <corpus>\`: \`node --cpu-prof\` on the same command, every frame of the bundle mapped back to its TypeScript source (dist/cli.js.map). Wall ${fmt(p.wall / 1000)} s under the profiler (unprofiled: ${fmt(p.of.lint.secs)} s; the floor: ${fmt(p.of.floor.secs)} s). Each sample goes to the innermost step on its stack, so a step includes what it calls.`);
  out();
  out('| step | ms | share |');
  out('|---|---|---|');
  for (const x of p.phases) out(`| ${x.what} | ${fmt(x.ms, 0)} | ${fmt(100 * x.share, 1)}% |`);
  out();
  out('Self time, the top functions:');
  out();
  out('| function | source | ms | share |');
  out('|---|---|---|---|');
  for (const x of p.functions) {
    const [fn, src] = x.what.split(/\s{2,}/);
    out(`| \`${fn}\` | ${src ?? ''} | ${fmt(x.ms, 0)} | ${fmt(100 * x.share, 1)}% |`);
  }
}
if (latency.length) {
  out();
  out(`## Editor latency (real server over stdio, ${EDITS} single-character edits, one at a time)`);
  out();
  out(`didChange → the publishDiagnostics of that version. The server debounces on-type analysis by ${DEBOUNCE_MS} ms (\`CHANGE_DELAY_MS\` in ${DEBOUNCE_FILE}), so every end-to-end figure includes ${DEBOUNCE_MS} ms of waiting; the "analysis" columns are the engine time the server reports (\`mapiLint/status.lastAnalysisMs\`).`);
  out();
  out(`| file | first diagnostics ms | end-to-end p50 | p95 | max | analysis p50 | analysis p95 | analysis max | end-to-end − ${DEBOUNCE_MS} ms p95 | server peak RSS MB | target p95 < 50 ms |`);
  out('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const l of latency) {
    const p95 = percentile(l.lat, 95);
    const work95 = p95 - DEBOUNCE_MS;
    out(
      `| ${l.lines.toLocaleString('en')} lines | ${fmt(l.firstAt, 0)} | ${fmt(percentile(l.lat, 50), 1)} | ${fmt(p95, 1)} | ${fmt(Math.max(...l.lat), 1)} | ${fmt(percentile(l.analysis, 50), 0)} | ${fmt(percentile(l.analysis, 95), 0)} | ${fmt(Math.max(...l.analysis), 0)} | ${fmt(work95, 1)} | ${fmt(l.mem.peakMB, 0)} | ${l.lines === 5000 ? `end-to-end: ${p95 < 50 ? 'met' : 'missed'}; without the debounce: ${work95 < 50 ? 'met' : 'missed'}` : '(no target)'} |`,
    );
  }
}
if (startup) {
  const s = startup;
  out();
  out(`## Start-up and memory (${s.wsInfo.files}-file workspace, ${fmt(s.wsInfo.bytes / MB, 1)} MB, one provider file opened after initialize)`);
  out();
  out('| initialize answered ms | first diagnostics ms (target < 1000) | index ready ms | diagnostics after index ms | server peak RSS MB (target < 300) |');
  out('|---|---|---|---|---|');
  out(`| ${fmt(s.tInit, 0)} | ${fmt(s.firstDiag, 0)} (${s.firstDiag < 1000 ? 'met' : 'missed'}) | ${fmt(s.readyAt, 0)} | ${fmt(s.afterIndex, 0)} | ${fmt(s.mem.peakMB, 0)} (${s.mem.peakMB < 300 ? 'met' : 'missed'}) |`);
  out();
  out(`Edits to the open file once the index is complete (3 single-character edits, end-to-end incl. the ${DEBOUNCE_MS} ms debounce): p50 ${fmt(percentile(s.wsLat, 50), 0)} ms, max ${fmt(Math.max(...s.wsLat), 0)} ms.`);
}
const table = lines.join('\n');
process.stdout.write(`${table}\n`);

if (!flag('no-write')) {
  const cmd = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
  const md = `# Benchmarks

Reproduce with \`${cmd}\` (from the repository root; installs bench/'s own dev dependencies, builds if needed,
generates the corpora under \`${path.join(os.tmpdir(), 'mapi-lint-bench')}\` and rewrites this file). \`node bench/run.mjs --help\`-style options:
\`--seed N --sizes 1,10,50|none --small-files MB|none --runs N --edits N (0: no latency part) --no-lsp --no-profile --no-write --out DIR\`.

- Date: ${new Date().toISOString()}
- Machine: ${os.cpus().length} logical CPUs (nproc ${os.availableParallelism?.() ?? os.cpus().length}), ${cpu}, ${fmt(os.totalmem() / 1024 ** 3, 1)} GiB RAM, ${os.platform()} ${os.release()}
- Node ${process.version}; ast-grep ${safeVersion()}; seed ${SEED}

The mixed corpora (1, 10, 50 MB): per provider, one store taken from \`test/fixtures/cases\` (every case, valid and invalid, C++ and C,
single-file and header/implementation splits; its own identifiers renamed per copy, and each case is checked to
lint the same after renaming), 1–3 folder/message/table files that call \`Release\` everywhere (half of them
call a static member of the store class, \`Store::Create(...)\`, inside a function body: the relevance probe
must tell that from a member definition), and 1–4 files of unrelated C++. The many-small-files corpus: one provider
per folder, every file in it; about 15% of the files are the store's (one fixture case, renamed), the rest folder/message/table
code that calls \`Release\` everywhere and unrelated COM C++ (class factories, enumerators, streams, sinks), about 2.6 KB a file.
\`findings / expected\` compares the CLI's findings with the \`// expect:\` labels of the copied
cases. ast-grep runs one rule (\`bench/astgrep/rules/logoff-transports-call.yml\`:
\`$S->StoreLogoffTransports($$$)\`, .c/.h mapped to C++), single-threaded (\`-j 1\`) and with its default threads.

${table}
`;
  // The hand-written notes at the end of the file are kept.
  const file = path.join(REPO, 'BENCHMARKS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const at = old.indexOf('\n## Notes');
  fs.writeFileSync(file, at >= 0 ? `${md}${old.slice(at)}` : md);
  log('wrote BENCHMARKS.md');
}

function safeVersion() {
  try {
    return execFileSync(ASTGREP, ['--version'], { encoding: 'utf8' }).trim().replace(/^ast-grep\s*/, '');
  } catch {
    return 'n/a';
  }
}
