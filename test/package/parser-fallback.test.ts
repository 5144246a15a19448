// The parser's WebAssembly fallback (web-tree-sitter with the grammars' wasm builds) gives the native binding's
// results. Each back end runs in its own process, chosen as a user's would be: MAPI_LINT_PARSER, or a native
// binding that fails to load (simulated here by a preload that makes require('tree-sitter') throw the error
// node-gyp-build throws on a platform without a prebuild; test/package/npm-package.test.ts removes the
// prebuild of an installed copy instead).
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectations, listCases } from '../support/cases';
import { OUT, STORE_FILES, cleanEnv, tmpDir } from './helpers';

const ENGINE = path.join(OUT, 'server/src/engine/index.js');
const CASES = path.join(OUT, 'test/support/cases.js');
const NO_NATIVE_BUILD = 'No native build was found for platform=linux arch=riscv64 runtime=node abi=115 uv=1 libc=glibc node=20.0.0';

const tmp = tmpDir('parser');
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
/** A preload that makes the native binding fail to load as it does where no prebuild matches. */
const BREAK_NATIVE = path.join(tmp, 'break-native.js');
fs.writeFileSync(
  BREAK_NATIVE,
  `const Module = require('module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'tree-sitter') throw new Error(${JSON.stringify(NO_NATIVE_BUILD)} + '\\n    attempted loading from: /nowhere');
  return load.call(this, request, ...rest);
};
`,
);

/** Runs `body` (an async function body with `engine`, `listCases` and `out(value)` in scope) in a fresh node. */
function child(body: string, opts: { parser?: string; breakNative?: boolean } = {}): { status: number | null; result: unknown; stderr: string } {
  const outFile = path.join(tmp, `out-${Math.random().toString(36).slice(2)}.json`);
  const script = `
const engine = require(${JSON.stringify(ENGINE)});
const { listCases } = require(${JSON.stringify(CASES)});
const out = (v) => require('fs').writeFileSync(${JSON.stringify(outFile)}, JSON.stringify(v));
(async () => { ${body} })().catch((e) => { out({ rejected: String(e && e.message) }); });
`;
  const r = spawnSync(process.execPath, [...(opts.breakNative ? ['-r', BREAK_NATIVE] : []), '-e', script], {
    env: cleanEnv(opts.parser ? { MAPI_LINT_PARSER: opts.parser } : {}),
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 1 << 28,
  });
  const result = fs.existsSync(outFile) ? JSON.parse(fs.readFileSync(outFile, 'utf8')) : undefined;
  return { status: r.status, result, stderr: r.stderr };
}

const LINT_CORPUS = `
const info = await engine.initParser();
const results = {};
for (const c of listCases()) results[c.group + '/' + c.kind + '/' + c.name] = engine.lintSources(c.files);
out({ info, results });
`;

test('with MAPI_LINT_PARSER=wasm the whole fixture corpus gives the native results, case by case', { timeout: 600_000 }, () => {
  const native = child(LINT_CORPUS);
  const wasm = child(LINT_CORPUS, { parser: 'wasm' });
  for (const r of [native, wasm]) assert.equal(r.status, 0, r.stderr);
  const n = native.result as { info: { backend: string }; results: Record<string, { findings: unknown[] }> };
  const w = wasm.result as { info: { backend: string; reason: string; note: string }; results: Record<string, unknown> };
  assert.equal(n.info.backend, 'native');
  assert.equal(w.info.backend, 'wasm');
  assert.equal(w.info.reason, 'MAPI_LINT_PARSER=wasm');
  assert.match(w.info.note, /WebAssembly/);
  const names = Object.keys(n.results);
  assert.equal(names.length, listCases().length);
  assert.ok(names.length >= 100, `${names.length} cases`);
  assert.deepEqual(Object.keys(w.results), names);
  // The comparison means something: the corpus has findings, on both grammars.
  const withFindings = names.filter((k) => n.results[k].findings.length > 0);
  assert.ok(withFindings.length >= 30, `${withFindings.length} cases with findings`);
  assert.ok(withFindings.some((k) => k.endsWith('.c')) && withFindings.some((k) => k.endsWith('.cpp')));
  const differing = names.filter((k) => JSON.stringify(n.results[k]) !== JSON.stringify(w.results[k]));
  assert.deepEqual(differing, [], 'cases whose lint results differ between the native and the WebAssembly parser');
});

test('a native binding that does not load falls back to WebAssembly, says why, and finds the same', { timeout: 120_000 }, () => {
  const files = STORE_FILES.map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
  const body = `
const info = await engine.initParser();
const again = await engine.initParser();
const r = engine.lintSources(${JSON.stringify(files)});
out({ info, again, parserInfo: engine.parserInfo(), findings: r.findings.map((f) => require('path').basename(f.loc.file) + ':' + (f.loc.range.startLine + 1) + ' ' + f.ruleId).sort() });
`;
  const r = child(body, { breakNative: true });
  assert.equal(r.status, 0, r.stderr);
  const got = r.result as { info: { backend: string; reason: string; note: string }; again: unknown; parserInfo: unknown; findings: string[] };
  assert.equal(got.info.backend, 'wasm');
  assert.match(got.info.reason, /^the native tree-sitter binding could not be loaded \(No native build was found for platform=linux arch=riscv64/);
  assert.ok(!got.info.reason.includes('attempted loading from'), 'the reason is the error’s first line');
  assert.ok(got.info.note.includes(got.info.reason));
  assert.deepEqual(got.again, got.info, 'initParser answers the same on a second call');
  assert.deepEqual(got.parserInfo, got.info);
  assert.deepEqual(got.findings, expectations(files));
});

test('MAPI_LINT_PARSER=native never falls back: initParser rejects with the load error', { timeout: 60_000 }, () => {
  const r = child('out({ info: await engine.initParser() });', { parser: 'native', breakNative: true });
  assert.equal(r.status, 0, r.stderr);
  const got = r.result as { rejected?: string };
  assert.ok(got.rejected, `initParser resolved: ${JSON.stringify(r.result)}`);
  assert.match(got.rejected, /^MAPI_LINT_PARSER=native: the native tree-sitter binding could not be loaded: No native build was found/);
});

test('the native binding loads on the first parse without initParser; WebAssembly needs it first', { timeout: 60_000 }, () => {
  const files = STORE_FILES.slice(0, 1).map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
  const body = `
const before = engine.parserInfo();
let error;
let findings;
try { findings = engine.lintSources(${JSON.stringify(files)}).findings.length; } catch (e) { error = e.message; }
out({ before, after: engine.parserInfo(), findings, error });
`;
  const native = child(body).result as { before?: unknown; after: { backend: string }; findings: number };
  assert.equal(native.before, undefined, 'nothing is loaded before the first parse');
  assert.equal(native.after.backend, 'native');
  assert.equal(native.findings, 1);
  const wasm = child(body, { parser: 'wasm' }).result as { after?: unknown; findings?: number; error?: string };
  assert.equal(wasm.findings, undefined);
  assert.match(wasm.error ?? '', /MAPI_LINT_PARSER=wasm: initParser\(\) must be awaited before the first parse/);
  const broken = child(body, { breakNative: true }).result as { error?: string };
  assert.match(broken.error ?? '', /native tree-sitter binding could not be loaded \(No native build was found.*initParser\(\) must be awaited/);
});

test('an unknown MAPI_LINT_PARSER value is ignored with a note', { timeout: 60_000 }, () => {
  const r = child('out(await engine.initParser());', { parser: 'fast' });
  const info = r.result as { backend: string; note?: string };
  assert.equal(info.backend, 'native');
  assert.equal(info.note, 'MAPI_LINT_PARSER=fast is neither native nor wasm: ignored');
});

test('an incremental re-parse with WebAssembly gives the tree of a fresh parse, and the native tree', { timeout: 120_000 }, () => {
  const before = 'class S {\n  ULONG Release() { ULONG n = --m_cRef; if (n == 0) delete this; return n; }\n  ULONG m_cRef;\n};\n';
  // An edit inside a function body, one that opens a syntax error, and one that closes it again.
  const edits = [before.replace('n == 0', 'n == 1'), before.replace('return n;', 'return n +;'), before];
  const body = `
const { parseSource } = require(${JSON.stringify(path.join(OUT, 'server/src/engine/parse/treesitter.js'))});
const { flatten } = require(${JSON.stringify(path.join(OUT, 'server/src/engine/parse/flat.js'))});
await engine.initParser();
const dump = (p) => { const f = flatten(p.tree, p.text, p.grammar); const rows = []; for (let i = 0; i < f.count; i++) rows.push([f.typeOf(i), f.start[i], f.end[i], f.fieldOf(i) ?? '', f.flags[i], f.first[i], f.next[i]].join(' ')); return rows.join('\\n'); };
const texts = ${JSON.stringify([before, ...edits])};
let prev = parseSource(texts[0], 'cpp');
const incremental = [], fresh = [];
for (const t of texts.slice(1)) {
  prev = parseSource(t, 'cpp', prev);
  incremental.push(dump(prev));
  fresh.push(dump(parseSource(t, 'cpp')));
}
out({ incremental, fresh });
`;
  const wasm = child(body, { parser: 'wasm' }).result as { incremental: string[]; fresh: string[] };
  const native = child(body).result as { incremental: string[]; fresh: string[] };
  assert.equal(wasm.incremental.length, 3);
  const hasError = (dump: string) => dump.split('\n').some((row) => (Number(row.split(' ')[4]) & 6) !== 0);
  assert.ok(hasError(wasm.fresh[1]) && !hasError(wasm.fresh[2]), 'the second edit opens a syntax error, the third closes it');
  assert.deepEqual(wasm.incremental, wasm.fresh);
  assert.deepEqual(wasm.fresh, native.fresh);
  assert.deepEqual(native.incremental, native.fresh);
});
