// The VSIX (`npm run package`): its contents, and the parser's two back ends working from the extracted
// extension folder alone, as on a user's machine (the native prebuilds of the shipped platforms; elsewhere
// web-tree-sitter with the grammars' wasm builds).
// Slow (tsc, esbuild, vsce): `npm run test:package` (CI) or MAPI_LINT_PACKAGE_TEST=1.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient, fileUri } from '../lsp/harness';
import { NPM, REPO, SLOW_SKIP, STORE_FILES, cleanEnv, describeRun, run, tmpDir } from './helpers';
import { extractZip, zipEntries } from './zip';

const PLATFORMS = ['linux-x64', 'darwin-x64', 'darwin-arm64', 'win32-x64'];
const tmp = tmpDir('vsix');
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string; contributes: { jsonValidation?: { url: string }[] } };
const VSIX = path.join(REPO, `${pkg.name}-${pkg.version}.vsix`);
let built = false;
function buildVsix(): string {
  if (!built) {
    fs.rmSync(VSIX, { force: true });
    const r = run(NPM, ['run', 'package'], { cwd: REPO, timeout: 400_000 });
    assert.equal(r.status, 0, `npm run package: ${describeRun(r)}`);
    built = true;
  }
  return VSIX;
}

test('the VSIX carries the bundles, the native prebuilds, web-tree-sitter, the wasm grammars, the rule pages and the schema, and nothing else', { skip: SLOW_SKIP, timeout: 400_000 }, (t) => {
  const entries = zipEntries(buildVsix());
  const names = entries.map((e) => e.name);
  const has = (n: string) => assert.ok(names.includes(n), `VSIX contains ${n}`);
  for (const n of ['package.json', 'dist/client.js', 'dist/server.js', 'LICENSE.txt', 'changelog.md', 'readme.md']) has(`extension/${n}`);
  for (const n of ['mapi-trace.tmLanguage.json', 'mapi-lint-suppression.injection.tmLanguage.json', 'mapi-trace.language-configuration.json']) has(`extension/syntaxes/${n}`);
  has('extension/dist/node_modules/node-gyp-build/index.js');
  has('extension/dist/node_modules/tree-sitter/index.js');
  has('extension/dist/node_modules/tree-sitter/package.json');
  for (const g of ['tree-sitter-cpp', 'tree-sitter-c']) {
    has(`extension/dist/node_modules/${g}/bindings/node/index.js`);
    has(`extension/dist/node_modules/${g}/package.json`);
    has(`extension/dist/wasm/${g}.wasm`);
    const wasm = entries.find((e) => e.name === `extension/dist/wasm/${g}.wasm`)!;
    assert.equal(wasm.size, fs.statSync(path.join(REPO, 'node_modules', g, `${g}.wasm`)).size, `${g}.wasm whole`);
  }
  for (const plat of PLATFORMS) {
    for (const n of ['tree-sitter', 'tree-sitter-cpp', 'tree-sitter-c']) has(`extension/dist/node_modules/${n}/prebuilds/${plat}/${n}.node`);
  }
  for (const n of ['package.json', 'tree-sitter.js', 'tree-sitter.wasm']) has(`extension/dist/node_modules/web-tree-sitter/${n}`);
  const rulePages = fs.readdirSync(path.join(REPO, 'docs/rules')).filter((f) => f.endsWith('.md'));
  assert.deepEqual(names.filter((n) => n.startsWith('extension/docs/')).sort(), rulePages.map((f) => `extension/docs/rules/${f}`).sort(), 'the rule pages, and nothing else of docs/');
  // contributes.jsonValidation points at files inside the extension.
  const urls = (pkg.contributes.jsonValidation ?? []).map((v) => v.url.replace(/^\.\//, ''));
  assert.ok(urls.includes('server/schema/mapilintrc.schema.json'));
  for (const u of urls) has(`extension/${u}`);
  assert.deepEqual(names.filter((n) => n.startsWith('extension/server/')), ['extension/server/schema/mapilintrc.schema.json']);
  assert.deepEqual(names.filter((n) => /\.ts$/.test(n) && !/\.d\.ts$/.test(n)), [], 'no TypeScript sources');
  assert.deepEqual(names.filter((n) => /^extension\/(test|out|client|scripts|samples|bench|bin)\//.test(n) && n !== 'extension/client/icon.png'), [], 'no sources, tests, out/');
  // The icon package.json names (made by scripts/make-icon.mjs), a PNG.
  assert.ok(names.includes('extension/client/icon.png'), 'the icon');
  assert.deepEqual(names.filter((n) => /\.map$|\.vsix$|\.tgz$|\.test-tmp|(^|\/)\.mapilintrc\.json$|dist\/cli\.js$/.test(n)), []);
  t.diagnostic(`VSIX: ${entries.length} entries, ${(fs.statSync(VSIX).size / 1024 / 1024).toFixed(2)} MiB`);
});

test('from the extracted VSIX, web-tree-sitter loads the shipped wasm grammars and the native prebuild loads too', { skip: SLOW_SKIP, timeout: 400_000 }, () => {
  const dir = path.join(tmp, 'extracted');
  extractZip(buildVsix(), dir, 'extension/dist/');
  const dist = path.join(dir, 'extension', 'dist');
  const script = `
const path = require('path');
const dist = ${JSON.stringify(dist)};
(async () => {
  const Parser = require(path.join(dist, 'node_modules/web-tree-sitter'));
  if (!require.resolve(path.join(dist, 'node_modules/web-tree-sitter')).startsWith(dist)) throw new Error('web-tree-sitter from elsewhere');
  await Parser.init();
  const out = {};
  for (const [g, src] of [['cpp', 'class C { ULONG Release() { return m_psup->Release(); } };'], ['c', 'ULONG IMS_Release(PIMS p) { return a < b || c > (d); }']]) {
    const p = new Parser();
    p.setLanguage(await Parser.Language.load(path.join(dist, 'wasm', 'tree-sitter-' + g + '.wasm')));
    out['wasm-' + g] = p.parse(src).rootNode.toString();
  }
  const Native = require(path.join(dist, 'node_modules/tree-sitter'));
  const n = new Native();
  n.setLanguage(require(path.join(dist, 'node_modules/tree-sitter-c')));
  out['native-c'] = n.parse('ULONG IMS_Release(PIMS p) { return a < b || c > (d); }').rootNode.toString();
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;
  // NODE_PATH empty and cwd outside the repository: nothing resolves from this checkout's node_modules.
  const r = spawnSync(process.execPath, ['-e', script], { cwd: tmp, env: cleanEnv({ NODE_PATH: '' }), encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, string>;
  assert.match(out['wasm-cpp'], /^\(translation_unit \(class_specifier name: \(type_identifier\)/);
  assert.doesNotMatch(out['wasm-cpp'], /ERROR/);
  // The C grammar reads `a < b || c > (d)` as comparisons; the same tree from both back ends.
  assert.match(out['wasm-c'], /binary_expression/);
  assert.doesNotMatch(out['wasm-c'], /template|ERROR/);
  assert.equal(out['wasm-c'], out['native-c']);
});

async function serverFinds(env: Record<string, string>): Promise<{ codes: string[]; logs: string[] }> {
  const dir = path.join(tmp, 'extracted');
  if (!fs.existsSync(path.join(dir, 'extension/dist/server.js'))) extractZip(buildVsix(), dir, 'extension/dist/');
  const ws = tmpDir('vsix-ws');
  try {
    for (const f of STORE_FILES) fs.copyFileSync(f, path.join(ws, path.basename(f)));
    const client = TestClient.start({ serverPath: path.join(dir, 'extension/dist/server.js'), rootDir: ws, env });
    try {
      await client.initialize();
      const file = path.join(ws, path.basename(STORE_FILES[0]));
      const uri = fileUri(file);
      await client.open(uri, fs.readFileSync(file, 'utf8'));
      const d = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 30_000);
      return { codes: d.diagnostics.map((x) => String(x.code)), logs: client.logs };
    } finally {
      await client.stop();
    }
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

test('the bundled language server from the VSIX lints with the native parser', { skip: SLOW_SKIP, timeout: 400_000 }, async () => {
  const r = await serverFinds({});
  assert.deepEqual(r.codes, ['logoff-abort-missing']);
});

test('the bundled language server from the VSIX lints with WebAssembly and logs it once', {
  skip: SLOW_SKIP,
  timeout: 400_000,
}, async () => {
  const r = await serverFinds({ MAPI_LINT_PARSER: 'wasm' });
  assert.deepEqual(r.codes, ['logoff-abort-missing']);
  assert.equal(r.logs.filter((l) => l.includes('parsing with WebAssembly')).length, 1, r.logs.join('\n'));
});
