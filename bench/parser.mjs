#!/usr/bin/env node
// The parser's two back ends side by side on the fixture corpus (test/fixtures/cases): the native tree-sitter
// binding and the WebAssembly fallback (web-tree-sitter, MAPI_LINT_PARSER=wasm). Not a test: it prints the
// figures and the wasm ÷ native ratios, measured in one run, each back end in its own process (so that each
// has its own peak RSS), the two alternating round by round.
//   node bench/parser.mjs [--rounds N] [--repeat N] [--out DIR]
//   --rounds  processes per back end (default 3; the median is reported)
//   --repeat  passes over the corpus inside each process (default 5; the first warms up and is not timed)
//   --out     the tsc output folder to load the engine from (default out; `npm run build` writes it)
// Measured per process: initParser() (loading the binding, or compiling the wasm grammars); parse, the
// engine's parseSource of every corpus file, then flatten (the cursor walk into the flat copy): what the back
// end changes; lint, lintSources of every
// case (parse + the rest of the engine, which is the same for both); peak RSS.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const ROUNDS = Number(opt('rounds', '3'));
const REPEAT = Math.max(2, Number(opt('repeat', '5')));
const OUT = path.resolve(REPO, opt('out', 'out'));

if (process.argv.includes('--child')) {
  await child();
} else {
  parent();
}

async function child() {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const engine = require(path.join(OUT, 'server/src/engine/index.js'));
  const { parseSource } = require(path.join(OUT, 'server/src/engine/parse/treesitter.js'));
  const { flatten } = require(path.join(OUT, 'server/src/engine/parse/flat.js'));
  const { listCases } = require(path.join(OUT, 'test/support/cases.js'));
  const t0 = performance.now();
  const info = await engine.initParser();
  const init = performance.now() - t0;
  const cases = listCases();
  const files = cases.flatMap((c) => c.files);
  let nodes = 0;
  const parse = [];
  const flat = [];
  const lint = [];
  const grammar = (f) => (/\.c$/i.test(f.path) ? 'c' : 'cpp');
  for (let r = 0; r < REPEAT; r++) {
    let t = performance.now();
    const parsed = files.map((f) => parseSource(f.text, grammar(f)));
    parse.push(performance.now() - t);
    t = performance.now();
    nodes = 0;
    for (const p of parsed) nodes += flatten(p.tree, p.text, p.grammar).count;
    flat.push(performance.now() - t);
    t = performance.now();
    for (const c of cases) engine.lintSources(c.files);
    lint.push(performance.now() - t);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  process.stdout.write(
    JSON.stringify({
      backend: info.backend,
      files: files.length,
      bytes: files.reduce((n, f) => n + f.text.length, 0),
      nodes,
      init,
      parse: median(parse.slice(1)),
      flat: median(flat.slice(1)),
      lint: median(lint.slice(1)),
      rssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

function parent() {
  if (!fs.existsSync(path.join(OUT, 'server/src/engine/index.js'))) {
    process.stderr.write(`no tsc output in ${OUT}: run \`npm run build\` (or pass --out DIR)\n`);
    process.exit(2);
  }
  const runs = { native: [], wasm: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const backend of ['native', 'wasm']) {
      const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--repeat', String(REPEAT), '--out', OUT], {
        encoding: 'utf8',
        env: { ...process.env, MAPI_LINT_PARSER: backend },
        maxBuffer: 1 << 26,
      });
      if (p.status !== 0) {
        process.stderr.write(p.stderr);
        process.exit(1);
      }
      const m = JSON.parse(p.stdout);
      if (m.backend !== backend) throw new Error(`asked for ${backend}, got ${m.backend}`);
      runs[backend].push(m);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const stat = (b, k) => median(runs[b].map((m) => m[k]));
  const n = runs.native[0];
  if (runs.wasm.some((m) => m.nodes !== n.nodes)) throw new Error('the back ends gave trees of different sizes');
  const rows = [
    ['initParser()', 'init', 'ms'],
    ['parseSource, every file', 'parse', 'ms'],
    ['flatten (one cursor walk), every tree', 'flat', 'ms'],
    ['lintSources, every case', 'lint', 'ms'],
    ['peak RSS', 'rssMB', 'MB'],
  ];
  const out = [];
  out.push(`Fixture corpus: ${n.files} files, ${(n.bytes / 1024).toFixed(0)} KiB, ${n.nodes} nodes; ${ROUNDS} processes per back end, ${REPEAT - 1} timed passes each (medians), node ${process.version} ${process.platform}-${process.arch}`);
  out.push('');
  out.push('| | native | wasm | wasm ÷ native |');
  out.push('|---|---|---|---|');
  for (const [label, k, unit] of rows) {
    const a = stat('native', k);
    const b = stat('wasm', k);
    out.push(`| ${label} | ${a.toFixed(1)} ${unit} | ${b.toFixed(1)} ${unit} | ${(b / a).toFixed(2)}× |`);
  }
  process.stdout.write(out.join('\n') + '\n');
}
