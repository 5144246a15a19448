// End-to-end test of the packaged extension in a real editor: code-server (VS Code in the browser) driven by
// playwright-core in Debian's Chromium.
//
//   node test/e2e/setup.mjs     once: installs code-server and playwright-core (test/e2e/package.json)
//   node test/e2e/run.mjs [--no-package] [--keep]
//
// 1. `npm run package` at the root builds mapi-lint-<version>.vsix (--no-package reuses the one there); the
//    VSIX is checked to hold the run-time files and nothing from test/.
// 2. `code-server --install-extension` installs it into an extensions folder of this run.
// 3. code-server serves two workspaces, each a copy of samples/: "main" and "onsave" (whose settings ask for
//    source.fixAll.mapi-lint on save). The page opens samples/provider/msstore.cpp and checks, as a person
//    would see it: the error squiggle on the right line, the Problems entry with the rule id, the hover with
//    the message and the documentation link, the quick-fix menu with the verified fix, applying it (rows are
//    chosen with the keyboard: the workbench lays a pointer-blocking overlay over the menu), the squiggle
//    going away, the file on disk after save, "MAPI Lint: Simulate Shutdown" opening the trace view; then, in
//    "onsave", a save that fixes the file through editor.codeActionsOnSave.
//    The CLI is the oracle: what the editor must show comes from `mapi-lint --format json` on the same copy,
//    and the saved files must equal what `mapi-lint --fix` makes of a fresh copy (with the other rules off
//    for the single quick fix), so the editor and the CLI are held to the same findings and the same fixes.
// 4. Screenshots of the key moments go to test/e2e/screenshots/ (or $E2E_SCREENSHOTS); the timings are
//    printed, and appended as one JSON line to $E2E_TIMINGS_FILE when that is set.
//
// Everything this run writes (code-server's config, user data and extensions, Chromium's profile, the XDG
// folders both use, the workspaces) is under test/e2e/.work/, never under $HOME; the run fails if code-server
// or Chromium left anything there. Their temporary files go to a mapi-lint-e2e-* folder of $TMPDIR that the
// run removes. code-server binds to 127.0.0.1 with --auth none, runs in its own process group and is stopped
// with it. Nothing downloads a browser or an editor build.
import { chromium } from 'playwright-core';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E = path.dirname(fileURLToPath(import.meta.url));
// Temporary files of this run, code-server's IPC sockets and Chromium's among them: one short folder (a socket
// path must fit in 108 bytes), removed at the end. Set before anything starts, so every child inherits it.
const RUN_TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'mapi-lint-e2e-'));
process.env.TMPDIR = RUN_TMP;
const ROOT = path.resolve(E2E, '../..');
const WORK = path.join(E2E, '.work');
const SHOTS = path.resolve(process.env.E2E_SCREENSHOTS || path.join(E2E, 'screenshots'));
const CODE_SERVER = path.join(E2E, 'node_modules/code-server/out/node/entry.js');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = new Set(process.argv.slice(2));
/** Whole-run watchdog: past this, everything started here is stopped and the run fails. */
const RUN_TIMEOUT_MS = 8 * 60_000;
const VIEWPORT = { width: 1400, height: 900 };

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const VSIX = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
const EXTENSION_ID = `${pkg.publisher}.${pkg.name}`;
const TARGET = 'samples/provider/msstore.cpp';

// ───────────────────────────── reporting ─────────────────────────────

let passed = 0;
let shotCount = 0;
const timings = {};
const t0 = Date.now();

function log(msg) {
  process.stdout.write(`[e2e ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
}

class E2EError extends Error {}

function check(cond, msg) {
  if (!cond) throw new E2EError(msg);
}

async function step(name, fn) {
  log(`▶ ${name}`);
  await fn();
  passed++;
  log(`✔ ${name}`);
}

// ───────────────────────────── processes ─────────────────────────────

/** Environment for code-server and Chromium: their config, data, cache and state folders under .work/. */
function isolatedEnv() {
  const env = { ...process.env };
  // Variables that would make code-server use another port, a password, another config, or talk to an
  // existing VS Code / code-server instead of starting its own.
  for (const k of Object.keys(env)) {
    if (/^(VSCODE_|CODE_SERVER_|ELECTRON_)/.test(k)) delete env[k];
  }
  for (const k of ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'NODE_OPTIONS']) delete env[k];
  const runtime = path.join(RUN_TMP, 'xdg-runtime');
  fs.mkdirSync(runtime, { recursive: true, mode: 0o700 });
  env.XDG_RUNTIME_DIR = runtime;
  for (const [k, dir] of [
    ['XDG_CONFIG_HOME', 'xdg/config'],
    ['XDG_DATA_HOME', 'xdg/data'],
    ['XDG_CACHE_HOME', 'xdg/cache'],
    ['XDG_STATE_HOME', 'xdg/state'],
  ]) {
    env[k] = path.join(WORK, dir);
    fs.mkdirSync(env[k], { recursive: true });
  }
  return env;
}

const csDirs = () => ({
  config: path.join(WORK, 'code-server/config.yaml'),
  userData: path.join(WORK, 'code-server/user-data'),
  extensions: path.join(WORK, 'code-server/extensions'),
});

function codeServerArgs() {
  const d = csDirs();
  return ['--config', d.config, '--user-data-dir', d.userData, '--extensions-dir', d.extensions];
}

let codeServer; // { proc, pgid, port, logFile }

function startCodeServer(env) {
  const logFile = path.join(WORK, 'code-server.log');
  const out = fs.openSync(logFile, 'w');
  const args = [
    CODE_SERVER,
    ...codeServerArgs(),
    '--bind-addr',
    '127.0.0.1:0',
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-file-downloads',
    '--ignore-last-opened',
  ];
  // detached: a new session and process group (the extension hosts, the language server and the pty host are
  // its children), so the whole group can be stopped at once.
  const proc = spawn(process.execPath, args, { cwd: WORK, env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const cs = { proc, pgid: proc.pid, logFile, exited: false };
  codeServer = cs;
  proc.on('exit', () => (cs.exited = true));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = () => {
      const text = fs.readFileSync(logFile, 'utf8');
      const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (m) {
        cs.port = Number(m[1]);
        return resolve(cs.port);
      }
      if (cs.exited) return reject(new E2EError(`code-server exited before listening:\n${text}`));
      if (Date.now() > deadline) return reject(new E2EError(`code-server did not listen within 60 s:\n${text}`));
      setTimeout(poll, 100);
    };
    poll();
  });
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopCodeServer() {
  if (!codeServer) return;
  const { pgid } = codeServer;
  codeServer = undefined;
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {}
  for (let i = 0; i < 100 && groupAlive(pgid); i++) await sleep(100);
  if (groupAlive(pgid)) {
    log(`code-server's process group ${pgid} outlived SIGTERM by 10 s: SIGKILL`);
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
  }
}

/** Last resort when the run dies: synchronous. Also removes the run's temporary folder. */
function killCodeServerNow() {
  if (codeServer && groupAlive(codeServer.pgid)) {
    try {
      process.kill(-codeServer.pgid, 'SIGKILL');
    } catch {}
  }
  fs.rmSync(RUN_TMP, { recursive: true, force: true });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs = 30_000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new E2EError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

// ───────────────────────────── the VSIX ─────────────────────────────

/** Names of the entries of a zip file (central directory; enough for a VSIX). */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  check(eocd >= 0, `${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    check(buf.readUInt32LE(p) === 0x02014b50, `${file}: broken central directory`);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

function checkVsix() {
  const names = zipEntries(VSIX);
  const needed = ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/node_modules/tree-sitter/package.json', 'extension/dist/node_modules/tree-sitter-cpp/package.json', 'extension/dist/node_modules/tree-sitter/prebuilds/linux-x64/tree-sitter.node', 'extension/dist/node_modules/tree-sitter-cpp/prebuilds/linux-x64/tree-sitter-cpp.node'];
  for (const n of needed) check(names.includes(n), `the VSIX lacks ${n}`);
  // server/schema/ is the one part of server/ the VSIX needs: package.json's jsonValidation points at the schema.
  needed.push('extension/server/schema/mapilintrc.schema.json', 'extension/docs/rules/README.md');
  for (const n of needed.slice(-2)) check(names.includes(n), `the VSIX lacks ${n}`);
  const stray = names.filter((n) => (/^extension\/(test|out|node_modules|server|client|scripts|samples)\//.test(n) && !n.startsWith('extension/server/schema/') && n !== 'extension/client/icon.png') || n.endsWith('.map'));
  check(stray.length === 0, `the VSIX holds files it should not:\n  ${stray.slice(0, 20).join('\n  ')}`);
  log(`${path.basename(VSIX)}: ${names.length} entries, ${(fs.statSync(VSIX).size / 1024 / 1024).toFixed(2)} MiB, nothing from test/`);
}

// ───────────────────────────── the CLI as the oracle ─────────────────────────────

function cliFindings(folder) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/mapi-lint.js'), '--format', 'json', 'samples'], { cwd: folder, encoding: 'utf8' });
  check(r.status === 0 || r.status === 1, `mapi-lint --format json failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout).findings.map((f) => ({ ...f, file: f.file.replace(/\\/g, '/') }));
}

/**
 * What `mapi-lint --fix` makes of TARGET in a fresh copy of samples/, with the given rules off: the text the
 * editor's fixes must produce.
 */
let oracleCount = 0;
function cliFixedText(rulesOff) {
  const dir = path.join(WORK, 'oracle', String(++oracleCount));
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(ROOT, 'samples'), path.join(dir, 'samples'), { recursive: true });
  const args = [path.join(ROOT, 'bin/mapi-lint.js'), '--fix', ...rulesOff.flatMap((r) => ['--rule', `${r}=off`]), 'samples'];
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  check(r.status === 0 || r.status === 1, `mapi-lint --fix failed (exit ${r.status}): ${r.stderr}`);
  return fs.readFileSync(path.join(dir, TARGET), 'utf8');
}

function unifiedDiff(expected, actual) {
  const a = path.join(WORK, 'diff-expected');
  const b = path.join(WORK, 'diff-actual');
  fs.writeFileSync(a, expected);
  fs.writeFileSync(b, actual);
  return spawnSync('diff', ['-u', '--label', 'mapi-lint --fix', '--label', 'the editor', a, b], { encoding: 'utf8' }).stdout;
}

// ───────────────────────────── workspaces ─────────────────────────────

function makeWorkspace(name, settings) {
  const ws = path.join(WORK, 'workspaces', name);
  fs.mkdirSync(ws, { recursive: true });
  fs.cpSync(path.join(ROOT, 'samples'), path.join(ws, 'samples'), { recursive: true });
  fs.mkdirSync(path.join(ws, '.vscode'));
  fs.writeFileSync(path.join(ws, '.vscode/settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return ws;
}

function writeUserSettings() {
  const dir = path.join(csDirs().userData, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.colorTheme': 'Default Light Modern',
    'workbench.editor.enablePreview': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'files.autoSave': 'off',
    'editor.minimap.enabled': false,
    'editor.stickyScroll.enabled': false,
    'editor.hover.delay': 300,
    'window.restoreWindows': 'none',
    'window.commandCenter': true,
  };
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/** Names directly in the folders of $HOME where code-server or Chromium would write by default. */
function homeSnapshot() {
  const home = os.homedir();
  const dirs = [home, '.config', '.cache', '.local/share', '.local/state', '.vscode-server', '.code-server'].map((d) => path.resolve(home, d));
  const names = new Set();
  for (const d of dirs) {
    try {
      for (const n of fs.readdirSync(d)) names.add(path.join(d, n));
    } catch {}
  }
  return names;
}

// ───────────────────────────── the page ─────────────────────────────

async function shot(page, name) {
  const file = path.join(SHOTS, `${String(++shotCount).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(ROOT, file)}`);
  return file;
}

async function waitForWorkbench(page, folderName) {
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  // The explorer shows the workspace's top-level folders: the workbench is up and the remote file system answers.
  await page.waitForFunction(
    () => [...document.querySelectorAll('.explorer-folders-view .monaco-list-row')].some((r) => (r.getAttribute('aria-label') || r.textContent || '').includes('samples')),
    null,
    { timeout: 90_000 },
  );
  const title = await page.title();
  check(title.includes(folderName), `the window title "${title}" does not name the workspace ${folderName}`);
}

async function quickInputVisible(page) {
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible', timeout: 10_000 });
}

/** Opens a file with Quick Open (Ctrl+P), as a person would. */
async function openFile(page, rel) {
  await page.keyboard.press('Control+P');
  await quickInputVisible(page);
  await page.keyboard.type(rel);
  const base = path.posix.basename(rel);
  const dir = path.posix.dirname(rel);
  // The first row, focused, must be the file (Quick Open fills its list asynchronously: file search runs rg).
  await page.waitForFunction(
    ([b, d]) => {
      const row = document.querySelector('.quick-input-list .monaco-list-row.focused');
      const label = row?.getAttribute('aria-label') || '';
      return label.startsWith(b) && label.includes(d);
    },
    [base, dir],
    { timeout: 30_000 },
  );
  await page.keyboard.press('Enter');
  await page.waitForFunction((r) => [...document.querySelectorAll('.monaco-editor[data-uri]')].some((e) => e.getAttribute('data-uri').endsWith('/' + r) && e.querySelector('.view-lines .view-line')), rel, { timeout: 30_000 });
}

/** Runs a command from the Command Palette (F1), by its full label. */
async function runCommand(page, label) {
  await page.keyboard.press('F1');
  await quickInputVisible(page);
  await page.keyboard.type(label);
  await page.waitForFunction(
    (l) => {
      const row = document.querySelector('.quick-input-list .monaco-list-row.focused');
      return (row?.getAttribute('aria-label') || '').startsWith(l);
    },
    label,
    { timeout: 15_000 },
  );
  await page.keyboard.press('Enter');
}

async function goToLine(page, line, col) {
  await page.keyboard.press('Control+G');
  await quickInputVisible(page);
  await page.keyboard.type(`${line}:${col}`);
  await page.keyboard.press('Enter');
  await waitFor(`the cursor at Ln ${line}, Col ${col}`, () =>
    page.evaluate((want) => [...document.querySelectorAll('.statusbar-item')].some((e) => (e.textContent || '').trim() === want), `Ln ${line}, Col ${col}`),
  );
}

/**
 * The squiggles of the editor showing `rel`, as [{ line, severity }], from the rendered lines (only lines in
 * view are rendered). A squiggle's overlay and its line number share the same `top`.
 */
async function squiggles(page, rel) {
  return page.evaluate((r) => {
    const ed = [...document.querySelectorAll('.monaco-editor[data-uri]')].find((e) => e.getAttribute('data-uri').endsWith('/' + r));
    if (!ed) return null;
    const lineAt = new Map();
    for (const d of ed.querySelectorAll('.margin-view-overlays > div')) {
      const n = d.querySelector('.line-numbers');
      if (n) lineAt.set(d.style.top, Number(n.textContent.trim()));
    }
    const out = [];
    for (const d of ed.querySelectorAll('.view-overlays > div')) {
      for (const s of d.querySelectorAll('[class*="squiggly-"]')) {
        const m = /squiggly-(error|warning|info|hint)/.exec(s.className);
        if (m) out.push({ line: lineAt.get(d.style.top) ?? -1, severity: m[1] });
      }
    }
    return out;
  }, rel);
}

async function tabIsDirty(page, base) {
  return page.evaluate((b) => [...document.querySelectorAll('.tabs-container .tab')].some((t) => (t.getAttribute('aria-label') || '').startsWith(b) && t.classList.contains('dirty')), base);
}

// ───────────────────────────── the test ─────────────────────────────

async function run() {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  check(fs.existsSync(CODE_SERVER), `code-server is not installed in test/e2e: run \`node test/e2e/setup.mjs\` first`);
  check(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const homeBefore = homeSnapshot();

  await step(ARGS.has('--no-package') ? 'the VSIX (reused)' : 'npm run package', async () => {
    if (!ARGS.has('--no-package')) {
      const r = spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'inherit' });
      check(r.status === 0, `npm run package failed (exit ${r.status ?? r.signal})`);
    }
    check(fs.existsSync(VSIX), `${path.basename(VSIX)} is missing (run without --no-package)`);
    checkVsix();
  });

  const env = isolatedEnv();
  fs.mkdirSync(path.dirname(csDirs().config), { recursive: true });
  fs.writeFileSync(csDirs().config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  writeUserSettings();

  await step('code-server --install-extension', async () => {
    const out = execFileSync(process.execPath, [CODE_SERVER, ...codeServerArgs(), '--install-extension', VSIX, '--force'], { cwd: WORK, env, encoding: 'utf8' });
    check(/successfully installed/i.test(out), `code-server --install-extension said:\n${out}`);
    const list = execFileSync(process.execPath, [CODE_SERVER, ...codeServerArgs(), '--list-extensions', '--show-versions'], { cwd: WORK, env, encoding: 'utf8' });
    check(list.split('\n').some((l) => l.trim() === `${EXTENSION_ID}@${pkg.version}`), `${EXTENSION_ID}@${pkg.version} is not listed:\n${list}`);
  });

  const wsMain = makeWorkspace('main', {});
  const wsOnSave = makeWorkspace('onsave', { 'editor.codeActionsOnSave': { 'source.fixAll.mapi-lint': 'explicit' } });
  const expected = cliFindings(wsMain).filter((f) => f.file === TARGET);
  const error = expected.find((f) => f.severity === 'error');
  const warning = expected.find((f) => f.severity === 'warning');
  check(error && warning && expected.length === 2, `the CLI should find one error and one warning in ${TARGET}; it found ${JSON.stringify(expected)}`);
  log(`CLI oracle: ${TARGET}:${error.line}:${error.column} ${error.ruleId} (error), :${warning.line} ${warning.ruleId} (warning)`);
  const originalText = fs.readFileSync(path.join(wsMain, TARGET), 'utf8');

  const port = await startCodeServer(env);
  log(`code-server on http://127.0.0.1:${port}/ (process group ${codeServer.pgid}, log .work/code-server.log)`);

  const browser = await chromium.launchPersistentContext(path.join(WORK, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true, // playwright passes --headless
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--disk-cache-dir=${path.join(WORK, 'chromium-cache')}`],
    env,
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    timeout: 60_000,
  });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30_000);
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    // ── the main workspace ──
    await step('workbench ready', async () => {
      const t = Date.now();
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(wsMain)}`);
      await waitForWorkbench(page, 'main');
      timings.workbenchReadyMs = Date.now() - t;
      await shot(page, 'workbench');
    });

    await step(`open ${TARGET}: error squiggle on line ${error.line}`, async () => {
      await openFile(page, TARGET);
      const opened = Date.now();
      // The first squiggle in view (the file opens at its top, where the warning is).
      await waitFor('the first squiggle', async () => (await squiggles(page, TARGET))?.length > 0, 60_000, 25);
      timings.fileOpenToSquiggleMs = Date.now() - opened;
      // The cursor on the finding: its line is rendered, and the hover below reads there.
      await goToLine(page, error.line, error.column);
      const sq = await waitFor(`an error squiggle on line ${error.line}`, async () => {
        const s = await squiggles(page, TARGET);
        return s?.some((q) => q.severity === 'error' && q.line === error.line) ? s : undefined;
      }, 30_000, 50);
      const errs = sq.filter((q) => q.severity === 'error');
      check(errs.every((q) => q.line === error.line), `error squiggles on other lines: ${JSON.stringify(errs)}`);
    });

    await step(`Problems panel lists ${error.ruleId}`, async () => {
      await page.keyboard.press('Control+Shift+M');
      const entry = (f) => (r) => r.includes(f.ruleId) && r.includes(f.message) && r.includes(`[Ln ${f.line}, Col ${f.column}]`);
      await waitFor(`Problems entries for ${error.ruleId} and ${warning.ruleId} with their messages and positions`, async () => {
        const rows = await page.evaluate(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => r.textContent || ''));
        return rows.some(entry(error)) && rows.some(entry(warning));
      });
      await shot(page, 'problems-panel');
      await page.keyboard.press('Control+J'); // hide the panel
      await page.keyboard.press('Control+1'); // back to the editor
      await page.waitForSelector('.markers-panel', { state: 'hidden' });
    });

    await step('hover: message and documentation link', async () => {
      await goToLine(page, error.line, error.column);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = await waitFor('the hover with the finding', () =>
        page.evaluate((msg) => {
          const h = [...document.querySelectorAll('.monaco-hover')].find((e) => e.offsetParent !== null && (e.textContent || '').includes(msg));
          // Shown, and done fading in (for the screenshot).
          if (!h || h.getAnimations({ subtree: true }).some((a) => a.playState === 'running') || getComputedStyle(h).opacity !== '1') return undefined;
          return { links: [...h.querySelectorAll('a.code-link')].map((a) => ({ href: a.getAttribute('href') || a.getAttribute('data-href'), text: a.textContent })), text: h.textContent };
        }, error.message),
      );
      // The editor links the rule page shipped inside the installed extension (code-server shows the file: URL
      // as a vscode-remote one); the CLI links the same page of its own package.
      const shipped = (href) => typeof href === 'string' && /mapi-lint\.mapi-lint-[^/]+\/docs\/rules\//.test(href) && href.endsWith(`/docs/rules/${error.ruleId}.md`);
      check(
        hover.links.some((l) => l.text === error.ruleId && shipped(l.href)) && error.docsUrl.endsWith(`/docs/rules/${error.ruleId}.md`),
        `the hover has no link "${error.ruleId}" to the extension's copy of ${error.ruleId}.md: ${JSON.stringify(hover.links)}`,
      );
      check(hover.text.includes('mapi-lint'), 'the hover does not name the source mapi-lint');
      await shot(page, 'hover');
      await page.keyboard.press('Escape');
    });

    await step('quick-fix menu lists the verified fix; applying it removes the squiggle', async () => {
      await goToLine(page, error.line, error.column);
      await page.keyboard.press('Control+.');
      await page.waitForSelector('.action-widget .monaco-list-row.action', { state: 'visible' });
      const rows = await page.evaluate(() => [...document.querySelectorAll('.action-widget .monaco-list-row.action')].map((r) => r.getAttribute('aria-label') || r.textContent || ''));
      const fixIndex = rows.findIndex((r) => r.includes('verified:'));
      check(fixIndex >= 0, `no verified fix in the quick-fix menu: ${JSON.stringify(rows)}`);
      check(rows.some((r) => r === `Disable ${error.ruleId} for this line`), `no "Disable ${error.ruleId} for this line": ${JSON.stringify(rows)}`);
      log(`quick-fix menu: ${rows.map((r) => JSON.stringify(r.length > 90 ? r.slice(0, 90) + '…' : r)).join(', ')}`);
      // Keyboard only: a pointer-blocking overlay covers the menu rows.
      await waitFor('the verified fix focused', async () => {
        const focused = await page.evaluate(() => document.querySelector('.action-widget .monaco-list-row.action.focused')?.getAttribute('aria-label') || '');
        if (focused.includes('verified:')) return true;
        await page.keyboard.press('ArrowDown');
        return false;
      }, 10_000, 150);
      await shot(page, 'quick-fix-menu');
      const t = Date.now();
      await page.keyboard.press('Enter');
      await waitFor(`the error squiggle on line ${error.line} gone`, async () => {
        const s = await squiggles(page, TARGET);
        return s && !s.some((q) => q.severity === 'error');
      }, 60_000, 50);
      timings.quickFixToSquiggleGoneMs = Date.now() - t;
      check(await tabIsDirty(page, 'msstore.cpp'), 'the fixed editor is not dirty');
      await shot(page, 'after-quick-fix');
    });

    await step('save: the fix is on disk', async () => {
      await page.keyboard.press('Control+S');
      await waitFor('the tab clean after save', async () => !(await tabIsDirty(page, 'msstore.cpp')));
      const onDisk = fs.readFileSync(path.join(wsMain, TARGET), 'utf8');
      check(onDisk !== originalText, `${TARGET} on disk did not change`);
      // The quick fix is the CLI's fix for that one finding (the other rules off so --fix applies only it).
      const others = [...new Set(cliFindings(path.join(ROOT)).map((f) => f.ruleId))].filter((r) => r !== error.ruleId);
      const want = cliFixedText(others);
      check(onDisk === want, `${TARGET} on disk is not what mapi-lint --fix makes of it:\n${unifiedDiff(want, onDisk)}`);
      const after = cliFindings(wsMain).filter((f) => f.file === TARGET);
      check(
        after.length === 1 && after[0].ruleId === warning.ruleId,
        `after the quick fix the CLI should find only ${warning.ruleId} in ${TARGET}; it finds ${JSON.stringify(after.map((f) => `${f.line} ${f.ruleId}`))}`,
      );
    });

    await step('MAPI Lint: Simulate Shutdown opens the trace view', async () => {
      // The cursor in the store's Release, which the fix moved down.
      const errorLineText = originalText.split(/\r?\n/)[error.line - 1];
      const releaseLine = fs.readFileSync(path.join(wsMain, TARGET), 'utf8').split(/\r?\n/).indexOf(errorLineText) + 1;
      check(releaseLine > 0, `line ${error.line} of the original is no longer in the fixed file`);
      await goToLine(page, releaseLine, error.column);
      const t = Date.now();
      await runCommand(page, 'MAPI Lint: Simulate Shutdown');
      const trace = await waitFor('the trace view', () =>
        page.evaluate(() => {
          const ed = [...document.querySelectorAll('.monaco-editor[data-uri]')].find((e) => e.getAttribute('data-uri').startsWith('mapi-trace:'));
          if (!ed) return undefined;
          const text = [...ed.querySelectorAll('.view-lines .view-line')].map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n');
          return text.includes('CMsgStore') ? { uri: ed.getAttribute('data-uri'), text } : undefined;
        }),
      30_000);
      timings.simulateToTraceMs = Date.now() - t;
      check(/\.mapi-trace/.test(trace.uri), `the trace document ${trace.uri} is not a .mapi-trace document`);
      check(/orderly/.test(trace.text), `the trace view shows no scenario:\n${trace.text.slice(0, 500)}`);
      const lang = await page.evaluate(() => [...document.querySelectorAll('.statusbar-item')].map((e) => (e.textContent || '').trim()));
      check(lang.includes('MAPI Trace'), `the trace view's language is not MAPI Trace (status bar: ${JSON.stringify(lang)})`);
      await page.keyboard.press('Control+B'); // the side bar off: room for the source and the trace side by side
      await sleep(300); // let the tokenizer colour the trace
      await shot(page, 'trace-view');
      await page.keyboard.press('Control+B');
    });

    // ── fix-on-save, in a second copy ──
    await step('workbench ready (second workspace, fix on save)', async () => {
      const t = Date.now();
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(wsOnSave)}`);
      await waitForWorkbench(page, 'onsave');
      timings.secondWorkbenchReadyMs = Date.now() - t;
    });

    await step('fix on save (editor.codeActionsOnSave: source.fixAll.mapi-lint)', async () => {
      const before = fs.readFileSync(path.join(wsOnSave, TARGET), 'utf8');
      await openFile(page, TARGET);
      await goToLine(page, error.line, error.column);
      await waitFor(`an error squiggle on line ${error.line}`, async () => (await squiggles(page, TARGET))?.some((q) => q.severity === 'error' && q.line === error.line), 60_000, 50);
      const want = cliFixedText([]);
      const t = Date.now();
      await page.keyboard.press('Control+S');
      const read = () => fs.readFileSync(path.join(wsOnSave, TARGET), 'utf8');
      try {
        await waitFor(`${TARGET} fixed on disk`, () => read() === want, 30_000, 50);
      } catch (e) {
        const onDisk = read();
        throw new E2EError(onDisk === before ? `${TARGET} did not change on disk after Ctrl+S` : `after fix-on-save ${TARGET} is not what mapi-lint --fix makes of it:\n${unifiedDiff(want, onDisk)}`);
      }
      timings.saveToFixedOnDiskMs = Date.now() - t;
      const after = cliFindings(wsOnSave).filter((f) => f.file === TARGET);
      check(after.length === 0, `after fix-on-save the CLI still finds ${JSON.stringify(after.map((f) => `${f.line} ${f.ruleId}`))}`);
      await waitFor('no squiggle left in the editor', async () => (await squiggles(page, TARGET))?.length === 0, 30_000, 50);
      // The code lens over the store's Release follows: every scenario passes now.
      await waitFor('the code lens "Simulate shutdown: all scenarios pass"', () =>
        page.evaluate(() => [...document.querySelectorAll('.monaco-editor .codelens-decoration')].some((e) => (e.textContent || '').includes('all scenarios pass'))),
      15_000);
      check(!(await tabIsDirty(page, 'msstore.cpp')), 'the tab is dirty after fix-on-save');
      await shot(page, 'fix-on-save');
    });

    check(pageErrors.length === 0, `uncaught errors in the page:\n${pageErrors.join('\n')}`);
  } catch (e) {
    try {
      const page = browser.pages()[0];
      if (page) await shot(page, 'FAILED');
    } catch {}
    throw e;
  } finally {
    await browser.close().catch(() => {});
    await stopCodeServer();
  }

  await step('nothing written under $HOME', async () => {
    const after = homeSnapshot();
    const added = [...after].filter((p) => !homeBefore.has(p));
    const ours = added.filter((p) => /code-server|chromium|chrome|dconf|vscode|Code|pki/i.test(path.basename(p)));
    if (added.length > ours.length) log(`note: new under $HOME during the run (not from code-server or Chromium by name): ${added.filter((p) => !ours.includes(p)).join(', ')}`);
    check(ours.length === 0, `code-server or Chromium wrote under $HOME: ${ours.join(', ')}`);
  });
}

function extensionLogs() {
  // On failure: the extension's output channel and the extension host log say why the server did not answer.
  const logs = path.join(csDirs().userData, 'logs');
  const out = [];
  const walk = (d) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/MAPI Lint|remoteexthost|exthost/.test(e.name)) out.push(p);
    }
  };
  walk(logs);
  for (const f of out) {
    const text = fs.readFileSync(f, 'utf8').split('\n').filter((l) => /mapi|error/i.test(l)).slice(-30);
    if (text.length) process.stderr.write(`\n--- ${path.relative(WORK, f)}\n${text.join('\n')}\n`);
  }
}

const watchdog = setTimeout(() => {
  process.stderr.write(`\n[e2e] ERROR: the run took longer than ${RUN_TIMEOUT_MS / 60_000} minutes\n`);
  killCodeServerNow();
  process.stdout.write(`e2e: ${passed} passed, 1 failed\n`);
  process.exit(1);
}, RUN_TIMEOUT_MS);
watchdog.unref();
process.on('exit', killCodeServerNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    killCodeServerNow();
    process.exit(130);
  });
}

try {
  await run();
  timings.totalMs = Date.now() - t0;
  log(
    `timings: workbench ready ${timings.workbenchReadyMs} ms · file open → first squiggle ${timings.fileOpenToSquiggleMs} ms · quick fix → squiggle gone ${timings.quickFixToSquiggleGoneMs} ms · simulate → trace ${timings.simulateToTraceMs} ms · save → fixed on disk ${timings.saveToFixedOnDiskMs} ms · total ${(timings.totalMs / 1000).toFixed(1)} s`,
  );
  process.stdout.write(`E2E_TIMINGS ${JSON.stringify(timings)}\n`);
  if (process.env.E2E_TIMINGS_FILE) fs.appendFileSync(process.env.E2E_TIMINGS_FILE, JSON.stringify({ at: new Date().toISOString(), ...timings }) + '\n');
  if (!ARGS.has('--keep')) fs.rmSync(WORK, { recursive: true, force: true });
  process.stdout.write(`e2e: ${passed} passed, 0 failed\n`);
  process.exit(0);
} catch (e) {
  process.stderr.write(`\n[e2e] FAILED: ${e instanceof E2EError ? e.message : e?.stack || e}\n`);
  process.stderr.write(`(this run's files, code-server's log among them: ${path.relative(ROOT, WORK)}/)\n`);
  try {
    extensionLogs();
  } catch {}
  killCodeServerNow();
  process.stdout.write(`e2e: ${passed} passed, 1 failed\n`);
  process.exit(1);
}
