#!/usr/bin/env node
// mapi-lint benchmark (issue #6). `npm run bench` from the repository root, or:
//   node bench/run.mjs [--seed N] [--sizes 1,10,50] [--runs N] [--edits N] [--no-lsp] [--no-write] [--out DIR]
//   (--sizes none: skip the CLI part; --edits 0: skip the editor-latency part)
// Generates deterministic corpora (outside the repository: the CLI and ast-grep both honour .gitignore),
// measures the CLI against a tree-sitter-only floor and `ast-grep scan`, drives the real language server
// over stdio for edit latency and start-up, prints tables and writes BENCHMARKS.md.
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, generateCorpus, usableCases, bigProviderFile, rng } from './lib/corpus.mjs';
import { LspClient, fileUri, percentile } from './lib/lsp-client.mjs';

// The server's on-type debounce, read from its source so the report states what was measured.
const DEBOUNCE_MS = Number(/CHANGE_DELAY_MS = (\d+)/.exec(fs.readFileSync(path.join(REPO, 'server/src/lsp/server.ts'), 'utf8'))?.[1] ?? 0);

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const flag = (name) => args.includes(`--${name}`);
const SEED = Number(opt('seed', '1'));
const SIZES = opt('sizes', '1,10,50') === 'none' ? [] : opt('sizes', '1,10,50').split(',').map(Number);
const RUNS = Number(opt('runs', '3'));
const EDITS = Number(opt('edits', '500'));
const OUT = path.resolve(opt('out', path.join(os.tmpdir(), 'mapi-lint-bench')));
const BENCH = path.join(REPO, 'bench');
const CLI = path.join(REPO, 'bin/mapi-lint.js');
const FLOOR = path.join(BENCH, 'lib/ts-floor.cjs');
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

function best(runs, fn) {
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(fn());
  xs.sort((a, b) => a.secs - b.secs);
  return { ...xs[Math.floor(xs.length / 2)], all: xs.map((x) => x.secs) };
}

// ─────────────────────────── 1. throughput ───────────────────────────
const { usable, dropped } = usableCases();
if (dropped.length) log(`fixture cases left out (their renamed copy lints differently): ${dropped.join(', ')}`);
const throughput = [];
for (const size of SIZES) {
  const dir = path.join(OUT, `corpus-seed${SEED}-${size}mb`);
  log(`generating ${size} MB corpus in ${dir}`);
  const info = generateCorpus({ seed: SEED + size, targetBytes: size * MB, outDir: dir, cases: usable });
  const runs = size >= 50 ? Math.min(RUNS, 1) : RUNS;
  const jsonOut = path.join(OUT, `report-${size}.json`);
  log(`  mapi-lint x${runs}`);
  // The default (threads chosen by input size), then one thread and two worker threads explicitly.
  const lint = best(runs, () => measure(process.execPath, [CLI, '--format', 'json', '--output', jsonOut, dir], { ...process.env, MAPI_LINT_STATS: '1' }));
  const stats = /parallel: (\{.*\})/.exec(lint.stderr ?? '');
  const threads = stats ? JSON.parse(stats[1]).workers : 1;
  const out1 = path.join(OUT, `report-${size}-j1.json`);
  const out2 = path.join(OUT, `report-${size}-j2.json`);
  const lint1 = best(runs, () => measure(process.execPath, [CLI, '-j', '1', '--format', 'json', '--output', out1, dir]));
  const lint2 = best(runs, () => measure(process.execPath, [CLI, '-j', '2', '--format', 'json', '--output', out2, dir]));
  const read = (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined);
  const sameReport = read(out1) !== undefined && read(out1) === read(out2) && read(out1) === read(jsonOut);
  let findings = NaN;
  try {
    findings = JSON.parse(fs.readFileSync(jsonOut, 'utf8')).findings?.length ?? NaN;
  } catch {
    /* reported as n/a */
  }
  log(`  tree-sitter floor x${runs}`);
  const floor = best(runs, () => measure(process.execPath, [FLOOR, dir]));
  log(`  ast-grep x${runs}`);
  const sgArgs = ['scan', '-c', SGCONFIG, '--json=compact', dir];
  const sg1 = best(runs, () => measure(ASTGREP, [...sgArgs.slice(0, 1), '-j', '1', ...sgArgs.slice(1)]));
  const sgN = best(runs, () => measure(ASTGREP, sgArgs));
  let sgMatches = NaN;
  try {
    sgMatches = JSON.parse(sg1.stdout).length;
  } catch {
    /* n/a */
  }
  throughput.push({ size, info, lint, threads, lint1, lint2, sameReport, floor, sg1, sgN, findings, sgMatches });
  log(`  lint ${fmt(lint.secs)} s on ${threads} thread(s) (exit ${lint.code}), -j 1 ${fmt(lint1.secs)} s, -j 2 ${fmt(lint2.secs)} s, same report: ${sameReport}, floor ${fmt(floor.secs)} s, ast-grep -j1 ${fmt(sg1.secs)} s, ast-grep ${fmt(sgN.secs)} s`);
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
out('## Throughput (CLI, one process, median of runs)');
out();
out('`mapi-lint` is the default command (threads chosen by input size: worker threads from 32 MB); `-j 1` and `-j 2` force one thread and two worker threads; "same report" says the three JSON reports are identical.');
out();
out('| corpus | files | stores (buggy) | mapi-lint s | threads | MB/s | files/s | peak RSS MB | findings / expected | -j 1 s | -j 2 s (RSS MB) | same report | tree-sitter floor s | lint ÷ floor | ast-grep -j1 s | lint ÷ ast-grep -j1 | ast-grep (all cores) s | lint ÷ ast-grep | ast-grep matches |');
out('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const t of throughput) {
  const mb = t.info.bytes / MB;
  out(
    `| ${t.size} MB (${fmt(mb)} MB) | ${t.info.files} | ${t.info.storeCopies} (${t.info.invalidCopies}) | ${fmt(t.lint.secs)} | ${t.threads} | ${fmt(mb / t.lint.secs, 1)} | ${fmt(t.info.files / t.lint.secs, 0)} | ${fmt(t.lint.rssMB, 0)} | ${t.findings} / ${t.info.expected} | ${fmt(t.lint1.secs)} | ${fmt(t.lint2.secs)} (${fmt(t.lint2.rssMB, 0)}) | ${t.sameReport ? 'yes' : '**no**'} | ${fmt(t.floor.secs)} | ${fmt(t.lint.secs / t.floor.secs)}× | ${fmt(t.sg1.secs)} | ${fmt(t.lint.secs / t.sg1.secs)}× | ${fmt(t.sgN.secs)} | ${fmt(t.lint.secs / t.sgN.secs)}× | ${t.sgMatches} |`,
  );
}
if (throughput.length > 1) {
  out();
  out('Growth (time ratio against the smallest corpus; linear would equal the size ratio):');
  out();
  const b = throughput[0];
  for (const t of throughput.slice(1)) {
    const sr = t.info.bytes / b.info.bytes;
    out(`- ${b.size} → ${t.size} MB (×${fmt(sr, 1)} bytes): mapi-lint ×${fmt(t.lint.secs / b.lint.secs, 1)}, floor ×${fmt(t.floor.secs / b.floor.secs, 1)}, ast-grep -j1 ×${fmt(t.sg1.secs / b.sg1.secs, 1)}; mapi-lint peak RSS ${fmt(b.lint.rssMB, 0)} → ${fmt(t.lint.rssMB, 0)} MB`);
  }
}
if (latency.length) {
  out();
  out(`## Editor latency (real server over stdio, ${EDITS} single-character edits, one at a time)`);
  out();
  out(`didChange → the publishDiagnostics of that version. The server debounces on-type analysis by ${DEBOUNCE_MS} ms (\`CHANGE_DELAY_MS\` in server/src/lsp/server.ts), so every end-to-end figure includes ${DEBOUNCE_MS} ms of waiting; the "analysis" columns are the engine time the server reports (\`mapiLint/status.lastAnalysisMs\`).`);
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
\`--seed N --sizes 1,10,50|none --runs N --edits N (0: no latency part) --no-lsp --no-write --out DIR\`.

- Date: ${new Date().toISOString()}
- Machine: ${os.cpus().length} logical CPUs (nproc ${os.availableParallelism?.() ?? os.cpus().length}), ${cpu}, ${fmt(os.totalmem() / 1024 ** 3, 1)} GiB RAM, ${os.platform()} ${os.release()}
- Node ${process.version}; ast-grep ${safeVersion()}; seed ${SEED}

The corpus: per provider, one store taken from \`test/fixtures/cases\` (every case, valid and invalid, C++ and C,
single-file and header/implementation splits; its own identifiers renamed per copy, and each case is checked to
lint the same after renaming), 1–3 folder/message/table files that call \`Release\` everywhere (half of them
call a static member of the store class, \`Store::Create(...)\`, inside a function body: the relevance probe
must tell that from a member definition), and 1–4 files of unrelated C++. \`findings / expected\` compares the CLI's findings with the \`// expect:\` labels of the copied
cases. The floor is tree-sitter-cpp alone (read + parse every file, same buffer sizing, one process, one
thread). ast-grep runs one rule (\`bench/astgrep/rules/logoff-transports-call.yml\`:
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
