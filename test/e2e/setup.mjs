// Installs the end-to-end test's own dependencies (test/e2e/package-lock.json: code-server and
// playwright-core) without downloading anything but npm packages.
//
//   node test/e2e/setup.mjs [--force]
//
// What it takes care of (each one learned the hard way):
// - code-server's postinstall runs a nested `npm install` in lib/vscode and lib/vscode/extensions whose native
//   packages (node-pty, @vscode/spdlog, kerberos, ...) need their install scripts. npm 11 skips install scripts
//   unless told otherwise, the postinstall refuses to run as root without unsafe-perm, and node-pty's
//   postinstall runs `npx node-gyp`, which must not stop at a prompt: hence the three npm_config_* variables.
//   They are set in the environment (not in an .npmrc) so the nested installs inherit them.
// - @vscode/ripgrep's postinstall downloads a ripgrep release binary. Its download cache
//   ($TMPDIR/vscode-ripgrep-cache-<version>/<asset>) is filled beforehand with a tarball of Debian's rg, and
//   TMPDIR points into test/e2e/.cache, so nothing is fetched and nothing is left in /tmp.
// - code-server 4.100.x requires Node 20 (its postinstall checks the major version).
// - Debian packages: chromium (the browser), fonts-liberation (readable screenshots), ripgrep (the rg above;
//   code-server's file search runs it) and libkrb5-dev (kerberos' native build). .ci/run installs them.
//
// The install is skipped when node_modules/ was installed from the same package-lock.json and still has
// code-server's lib/vscode dependencies (a stamp file records the lock's hash); --force reinstalls.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E = path.dirname(fileURLToPath(import.meta.url));
const CACHE = path.join(E2E, '.cache');
const TMP = path.join(CACHE, 'tmp');
const STAMP = path.join(E2E, 'node_modules', '.mapi-lint-e2e-installed');

/** @vscode/ripgrep as pinned by code-server 4.100.3's lib/vscode/npm-shrinkwrap.json, and the release it downloads. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

function log(msg) {
  process.stdout.write(`[e2e setup] ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`\n[e2e setup] ERROR: ${msg}\n\n`);
  process.exit(1);
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function checkPrerequisites() {
  const missing = [];
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) fail(`code-server 4.100.3 needs Node 20; this is Node ${process.versions.node}.`);
  if (process.platform !== 'linux' || process.arch !== 'x64') fail(`the e2e setup is written for linux-x64 (this is ${process.platform}-${process.arch}).`);
  if (!fs.existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!which('rg')) missing.push('ripgrep');
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !which('krb5-config')) missing.push('libkrb5-dev');
  if (!fs.existsSync('/usr/share/fonts/truetype/liberation')) missing.push('fonts-liberation');
  if (missing.length > 0) fail(`missing Debian packages: ${missing.join(' ')}\n  apt-get update && apt-get install -y ${missing.join(' ')}`);
}

function lockHash() {
  const lock = path.join(E2E, 'package-lock.json');
  if (!fs.existsSync(lock)) fail('test/e2e/package-lock.json is missing (create it with `npm install` in test/e2e, with the environment this script sets).');
  return createHash('sha256').update(fs.readFileSync(lock)).update(process.version).digest('hex');
}

function installed(hash) {
  try {
    if (fs.readFileSync(STAMP, 'utf8').trim() !== hash) return false;
  } catch {
    return false;
  }
  const vscode = path.join(E2E, 'node_modules/code-server/lib/vscode');
  return (
    fs.existsSync(path.join(vscode, 'node_modules/@vscode/ripgrep/bin/rg')) &&
    fs.existsSync(path.join(vscode, 'node_modules/node-pty/build/Release/pty.node')) &&
    fs.existsSync(path.join(E2E, 'node_modules/playwright-core/package.json'))
  );
}

/** Fills @vscode/ripgrep's download cache with a tarball holding Debian's rg at its root (what the release asset holds). */
function primeRipgrepCache() {
  const rg = fs.realpathSync(which('rg'));
  const dir = path.join(TMP, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const asset = path.join(dir, RIPGREP_ASSET);
  const staging = path.join(CACHE, 'rg-staging');
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  execFileSync('tar', ['czf', asset, '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
  log(`ripgrep download cache primed with ${rg}: ${path.relative(E2E, asset)}`);
}

function main() {
  const force = process.argv.includes('--force');
  checkPrerequisites();
  const hash = lockHash();
  if (!force && installed(hash)) {
    log('node_modules is up to date with package-lock.json (use --force to reinstall)');
    return;
  }
  fs.rmSync(TMP, { recursive: true, force: true });
  fs.mkdirSync(TMP, { recursive: true });
  primeRipgrepCache();
  const env = {
    ...process.env,
    TMPDIR: TMP,
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  // Never let a download of ripgrep through, even if the cache above were missed.
  delete env.GITHUB_TOKEN;
  const started = Date.now();
  log('npm ci (code-server 4.100.3 and its lib/vscode dependencies, playwright-core); takes a minute or two');
  const r = spawnSync('npm', ['ci'], { cwd: E2E, env, stdio: 'inherit' });
  if (r.status !== 0) fail(`npm ci in test/e2e failed (exit ${r.status ?? r.signal}); see the output above.`);
  const rgBin = path.join(E2E, 'node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg');
  if (!fs.existsSync(rgBin)) fail(`${path.relative(E2E, rgBin)} is missing: code-server's postinstall did not complete.`);
  fs.writeFileSync(STAMP, hash + '\n');
  fs.rmSync(TMP, { recursive: true, force: true });
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main();
