// npm run package: type-check (tsc --noEmit), bundle (esbuild + the external packages), smoke-test the
// bundled server, then `vsce package --no-dependencies` -> mapi-lint-<version>.vsix at the repository root.
// The VSIX ships dist/ (with dist/node_modules/ for the tree-sitter packages), so vsce does not need to walk
// node_modules: --no-dependencies.
// vsce refuses a folder with both a .vscodeignore and package.json `files` (the npm package's whitelist), so
// the VSIX is made in a staging folder: the paths below, package.json without `files`, and .vscodeignore,
// which stays the VSIX's allow-list.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { bundle } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function fail(msg) {
  process.stderr.write(`\n[package] ERROR: ${msg}\n\n`);
  process.exit(1);
}

function log(msg) {
  process.stdout.write(`[package] ${msg}\n`);
}

/** Starts `node dist/server.js --stdio`, sends initialize, and resolves with the result (or rejects). */
export function smokeTestServer(serverJs, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let buf = Buffer.alloc(0);
    let stderr = '';
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`no initialize answer within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    const send = (msg) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
      proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      proc.stdin.write(body);
    };
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    proc.stdout.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const headerEnd = buf.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const m = /Content-Length: (\d+)/i.exec(buf.subarray(0, headerEnd).toString('ascii'));
        if (!m) return;
        const len = Number(m[1]);
        if (buf.length < headerEnd + 4 + len) return;
        const msg = JSON.parse(buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8'));
        buf = buf.subarray(headerEnd + 4 + len);
        if (msg.id === 1) {
          send({ id: 2, method: 'shutdown' });
          send({ method: 'exit' });
          proc.on('exit', (code) => {
            clearTimeout(timer);
            if (code === 0) resolve(msg.result);
            else reject(new Error(`server exited with ${code}; stderr: ${stderr}`));
          });
        }
      }
    });
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  });
}

/** What the staging folder gets (.vscodeignore then chooses among them). */
export const STAGED = ['.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'syntaxes', 'docs/rules', 'server/schema', 'client/icon.png'];

function stage() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-vsix-'));
  for (const rel of STAGED) {
    const from = path.join(root, rel);
    if (!fs.existsSync(from)) fail(`${rel} is missing: the VSIX needs it`);
    fs.cpSync(from, path.join(dir, rel), { recursive: true });
  }
  const manifest = { ...pkg };
  delete manifest.files;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  return dir;
}

async function main() {
  if (!fs.existsSync(path.join(root, 'README.md'))) {
    fail('README.md is missing at the repository root. vsce puts it on the extension page and refuses to package without it; write it first.');
  }
  log('tsc -p . --noEmit');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root, '--noEmit'], { stdio: 'inherit', cwd: root });
  await bundle({ typecheck: true });
  log('smoke test: node dist/server.js --stdio answers initialize');
  const init = await smokeTestServer(path.join(root, 'dist/server.js'));
  if (!init?.capabilities?.textDocumentSync) fail(`unexpected initialize result: ${JSON.stringify(init)}`);
  const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
  const args = [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', out];
  if (!pkg.repository) args.push('--allow-missing-repository');
  const staged = stage();
  try {
    log(`vsce ${args.slice(1).join(' ')} (in ${staged})`);
    execFileSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: staged });
  } finally {
    fs.rmSync(staged, { recursive: true, force: true });
  }
  const size = fs.statSync(out).size;
  log(`${path.basename(out)}: ${(size / 1024 / 1024).toFixed(2)} MiB`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => fail(e instanceof Error ? e.message : String(e)));
}
