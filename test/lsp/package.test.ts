// Packaging: runs `npm run package` and inspects the VSIX. Slow (tsc + esbuild + vsce): only when
// MAPI_LINT_PACKAGE_TEST=1.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, TestClient } from './harness';

/** Names of the entries of a zip file, from its central directory. */
export function zipEntries(file: string): { name: string; size: number }[] {
  const buf = fs.readFileSync(file);
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: { name: string; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    out.push({ name: buf.subarray(p + 46, p + 46 + nameLen).toString('utf8'), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const enabled = process.env.MAPI_LINT_PACKAGE_TEST === '1';
const skipReason = !enabled
  ? 'slow: set MAPI_LINT_PACKAGE_TEST=1 to run npm run package'
  : !fs.existsSync(path.join(REPO_ROOT, 'README.md'))
    ? 'README.md is missing: npm run package refuses to package without it'
    : false;

test('npm run package produces a complete VSIX', { skip: skipReason, timeout: 300_000 }, async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(REPO_ROOT, `${pkg.name}-${pkg.version}.vsix`);
  fs.rmSync(vsix, { force: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['run', 'package'], { cwd: REPO_ROOT, stdio: 'pipe', shell: process.platform === 'win32' });
  assert.ok(fs.existsSync(vsix), `${vsix} exists`);
  const names = zipEntries(vsix).map((e) => e.name);
  const has = (n: string) => assert.ok(names.includes(n), `VSIX contains ${n}`);
  has('extension/package.json');
  has('extension/dist/client.js');
  has('extension/dist/server.js');
  has('extension/syntaxes/mapi-trace.tmLanguage.json');
  has('extension/syntaxes/mapi-lint-suppression.injection.tmLanguage.json');
  has('extension/syntaxes/mapi-trace.language-configuration.json');
  has('extension/dist/node_modules/node-gyp-build/index.js');
  has('extension/dist/node_modules/tree-sitter/index.js');
  has('extension/dist/node_modules/tree-sitter/package.json');
  has('extension/dist/node_modules/tree-sitter-cpp/bindings/node/index.js');
  has('extension/dist/node_modules/tree-sitter-cpp/package.json');
  for (const plat of ['linux-x64', 'darwin-x64', 'darwin-arm64', 'win32-x64']) {
    has(`extension/dist/node_modules/tree-sitter/prebuilds/${plat}/tree-sitter.node`);
    has(`extension/dist/node_modules/tree-sitter-cpp/prebuilds/${plat}/tree-sitter-cpp.node`);
  }
  assert.deepEqual(names.filter((n) => /\.ts$/.test(n) && !/\.d\.ts$/.test(n)), [], 'no TypeScript sources');
  assert.deepEqual(names.filter((n) => /^extension\/(test|out|server|client|scripts|samples|docs|bench)\//.test(n)), [], 'no sources, tests, out/');
  assert.deepEqual(names.filter((n) => /\.map$/.test(n)), [], 'no source maps');
  assert.deepEqual(names.filter((n) => /(^|\/)\.mapilintrc\.json$|\.vsix$|\.test-tmp/.test(n)), []);

  // The bundled server answers initialize on plain node.
  const client = TestClient.start({ serverPath: path.join(REPO_ROOT, 'dist/server.js') });
  try {
    const r = await client.initialize();
    assert.equal((r.capabilities.textDocumentSync as { change: number }).change, 2);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});
