// The npm package as a user gets it: `npm pack`, then `npm install <tarball>` in a fresh project outside this
// repository (no access to its node_modules), `npm ls --all`, and `npx mapi-lint` on a store there, with the
// native parser, with WebAssembly forced, and with the native prebuild gone (the platform without one).
// Slow and needs the npm registry: `npm run test:package` (CI) or MAPI_LINT_PACKAGE_TEST=1.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NPM, NPX, REPO, SLOW_SKIP, cleanEnv, describeRun, findingKeys, packTarball, run, tmpDir, writeStore, type PackedTarball } from './helpers';

const tmp = tmpDir('npm-package');
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

let packed: PackedTarball | undefined;
const tarball = (): PackedTarball => (packed ??= packTarball(tmp));

test('npm pack ships the bundle, the wasm grammars, the rule pages, the schema and the docs, nothing else', { skip: SLOW_SKIP, timeout: 300_000 }, (t) => {
  const p = tarball();
  const rulePages = fs.readdirSync(path.join(REPO, 'docs/rules')).filter((f) => f.endsWith('.md')).map((f) => `docs/rules/${f}`);
  assert.ok(rulePages.length >= 8, `${rulePages.length} rule pages`);
  const expected = [
    'package.json',
    'LICENSE',
    'README.md',
    'CHANGELOG.md',
    'bin/mapi-lint.js',
    'dist/cli.js',
    'dist/wasm/tree-sitter-c.wasm',
    'dist/wasm/tree-sitter-cpp.wasm',
    'server/schema/mapilintrc.schema.json',
    ...rulePages,
  ].sort();
  assert.deepEqual(p.files.map((f) => f.path).sort(), expected);
  // The wasm grammars are the grammars' own builds, whole.
  for (const g of ['tree-sitter-c', 'tree-sitter-cpp']) {
    const shipped = p.files.find((f) => f.path === `dist/wasm/${g}.wasm`)!;
    assert.equal(shipped.size, fs.statSync(path.join(REPO, 'node_modules', g, `${g}.wasm`)).size);
  }
  t.diagnostic(`tarball: ${p.files.length} files, ${(p.size / 1024).toFixed(0)} KiB packed, ${(p.unpackedSize / 1024 / 1024).toFixed(2)} MiB unpacked`);
});

test('the tarball installs in a fresh project in under a minute, npm ls is clean, and npx mapi-lint lints there', { skip: SLOW_SKIP, timeout: 600_000 }, async (t) => {
  const p = tarball();
  const project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'a-provider', version: '1.0.0', private: true }, null, 2));
  const expected = writeStore(project);

  // A resolver that loops (the peer conflict of issue 19 looped for over five minutes) fails here, not forever.
  const install = run(NPM, ['install', '--no-audit', '--no-fund', p.file], { cwd: project, timeout: 240_000 });
  assert.equal(install.status, 0, `npm install: ${describeRun(install)}`);
  t.diagnostic(`npm install of the tarball: ${(install.ms / 1000).toFixed(1)} s`);
  assert.ok(install.ms < 60_000, `npm install took ${install.ms} ms`);

  const installed = path.join(project, 'node_modules', 'mapi-lint');
  assert.ok(fs.existsSync(path.join(installed, 'dist', 'cli.js')));
  assert.ok(!fs.existsSync(path.join(installed, 'node_modules')), 'the dependencies are hoisted into the project');
  // The project resolves its own copies, never this repository's.
  for (const dep of ['tree-sitter', 'tree-sitter-cpp', 'tree-sitter-c', 'web-tree-sitter']) {
    const resolved = require.resolve(`${dep}/package.json`, { paths: [installed] });
    assert.ok(resolved.startsWith(project + path.sep), `${dep} resolved to ${resolved}`);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; optionalDependencies: Record<string, string> };
  assert.deepEqual(Object.keys(manifest.dependencies), ['web-tree-sitter'], 'the bundle needs nothing else at run time');
  assert.deepEqual(Object.keys(manifest.optionalDependencies).sort(), ['tree-sitter', 'tree-sitter-c', 'tree-sitter-cpp']);

  const ls = run(NPM, ['ls', '--all'], { cwd: project });
  assert.equal(ls.status, 0, `npm ls --all: ${describeRun(ls)}`);
  assert.doesNotMatch(ls.stdout + ls.stderr, /invalid|missing|extraneous|UNMET|ERR/i);
  assert.match(ls.stdout, /mapi-lint@\d/);

  const lint = (env: Record<string, string> = {}) => run(NPX, ['--no-install', 'mapi-lint', '--format', 'json', 'store'], { cwd: project, env: cleanEnv(env) });
  const native = lint();
  assert.equal(native.status, 1, describeRun(native));
  assert.deepEqual(findingKeys(native.stdout), expected);
  assert.equal(native.stderr, '', 'the native parser says nothing');

  const text = run(NPX, ['--no-install', 'mapi-lint', 'store'], { cwd: project });
  assert.equal(text.status, 1, describeRun(text));
  assert.match(text.stdout, /store[\\/]release_never_logs_off\.cpp:25:\d+ +error .*logoff-abort-missing/);

  const notes = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('mapi-lint: note: parsing with WebAssembly'));
  const wasm = lint({ MAPI_LINT_PARSER: 'wasm' });
  assert.equal(wasm.status, 1, describeRun(wasm));
  assert.deepEqual(findingKeys(wasm.stdout), expected);
  assert.deepEqual(notes(wasm.stderr), ['mapi-lint: note: parsing with WebAssembly (web-tree-sitter), slower than the native tree-sitter binding: MAPI_LINT_PARSER=wasm']);

  // The platform without a prebuild (linux-arm64, win32-arm64 for tree-sitter 0.21.1): node-gyp-build's own error.
  const prebuild = path.join(project, 'node_modules', 'tree-sitter', 'prebuilds', `${process.platform}-${process.arch}`);
  assert.ok(fs.existsSync(prebuild), prebuild);
  fs.rmSync(prebuild, { recursive: true });
  const fallback = lint();
  assert.equal(fallback.status, 1, describeRun(fallback));
  assert.deepEqual(findingKeys(fallback.stdout), expected);
  const said = notes(fallback.stderr);
  assert.equal(said.length, 1, fallback.stderr);
  assert.match(said[0], /the native tree-sitter binding could not be loaded \(No native build was found for platform=/);

  // The language server is in the same bundle: `mapi-lint lsp --stdio` answers initialize.
  const init = await lspInitialize(path.join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'mapi-lint.cmd' : 'mapi-lint'), project);
  assert.ok(init.capabilities && typeof init.capabilities === 'object', JSON.stringify(init));
});

test('mapi-lint --version from the installed bundle is the package version', { skip: SLOW_SKIP, timeout: 300_000 }, () => {
  const project = path.join(tmp, 'project');
  assert.ok(fs.existsSync(path.join(project, 'node_modules', 'mapi-lint')), 'installed by the test above');
  const r = run(NPX, ['--no-install', 'mapi-lint', '--version'], { cwd: project });
  const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  assert.equal(r.stdout.trim(), version);
});

/** Starts `<bin> lsp --stdio`, sends initialize, shutdown and exit; resolves with the initialize result. */
function lspInitialize(bin: string, cwd: string): Promise<{ capabilities?: unknown }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, ['lsp', '--stdio'], { cwd, env: cleanEnv(), shell: process.platform === 'win32' });
    let buf = Buffer.alloc(0);
    let stderr = '';
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`no initialize answer in 30 s; stderr: ${stderr}`));
    }, 30_000);
    const send = (msg: object) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
      proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      proc.stdin.write(body);
    };
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('error', reject);
    proc.stdout.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const m = /Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString('ascii'));
        if (!m || buf.length < end + 4 + Number(m[1])) return;
        const msg = JSON.parse(buf.subarray(end + 4, end + 4 + Number(m[1])).toString('utf8')) as { id?: number; result?: { capabilities?: unknown } };
        buf = buf.subarray(end + 4 + Number(m[1]));
        if (msg.id === 1) {
          send({ id: 2, method: 'shutdown' });
          send({ method: 'exit' });
          proc.on('exit', () => {
            clearTimeout(timer);
            resolve(msg.result ?? {});
          });
        }
      }
    });
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  });
}
