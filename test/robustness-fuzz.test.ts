// Robustness under random input (issue #6): an LSP soak over stdio, CLI fuzzing with and without --fix, and
// bad paths. Deterministic (seeded). This fast subset runs in `npm test`; `npm run fuzz` runs the same code
// at scale (MAPI_LINT_FUZZ_SCALE=long, MAPI_LINT_FUZZ_SEED=<n>).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BIN } from './cli/helpers';
import { TestClient, fileUri, makeWorkspace } from './lsp/harness';
import { listCases, REPO } from './support/cases';
import { rng, type Rng } from './support/rng';
import { main, type CliIO } from '../server/src/cli/main';
import { nodeFs, type FsLike } from '../server/src/cli/fs';

const LONG = process.env.MAPI_LINT_FUZZ_SCALE === 'long';
const SEED = Number(process.env.MAPI_LINT_FUZZ_SEED ?? 20_261_126);
const TMP = path.join(REPO, '.test-tmp', 'fuzz');


const CASES = listCases();
const SNIPPETS = ['{', '}', '(', ')', ';', '/*', '*/', '"', "'", '#if 0\n', '#endif\n', 'm_lpSupport->Release();', 'StoreLogoffTransports(&ulFlags);', 'delete this;', 'goto done;', '\\\n', 'STDMETHODIMP_(ULONG) Release() {', 'class X : public IMsgStore {', '// mapi-lint-disable-next-line logoff-transports-twice\n'];

function binaryJunk(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const k = r.int(0, 5);
    s += k === 0 ? '\u0000' : k === 1 ? String.fromCharCode(r.int(0xd800, 0xdfff)) : k === 2 ? '\uFFFD' : k === 3 ? '\r' : String.fromCharCode(r.int(1, 0x2fff));
  }
  return s;
}

/** One random text mutation: [start, end) replaced by text. */
function mutation(r: Rng, text: string, donors: readonly string[]): { start: number; end: number; text: string } {
  const at = r.int(0, text.length);
  switch (r.int(0, 7)) {
    case 0: // deletion mid-token
      return { start: at, end: Math.min(text.length, at + r.int(1, 12)), text: '' };
    case 1: // unbalanced brace or paren
      return { start: at, end: at, text: r.pick(['{', '}', '{{', '}}}', '(', ')', '[', ']']) };
    case 2: // pasted binary
      return { start: at, end: at, text: binaryJunk(r, r.int(1, 64)) };
    case 3: // a huge line
      return { start: at, end: at, text: r.pick(['x', 'a+', '(', '/', ' ']).repeat(r.int(2_000, LONG ? 200_000 : 20_000)) };
    case 4: // a snippet that matters to the engine
      return { start: at, end: at, text: r.pick(SNIPPETS) };
    case 5: {
      // a slice of another fixture pasted
      const d = r.pick(donors);
      const s = r.int(0, d.length);
      return { start: at, end: at, text: d.slice(s, s + r.int(1, 400)) };
    }
    case 6: // a large deletion
      return { start: at, end: Math.min(text.length, at + r.int(20, 2_000)), text: '' };
    default: // single character
      return { start: at, end: Math.min(text.length, at + r.int(0, 1)), text: String.fromCharCode(r.int(32, 126)) };
  }
}

function rssMB(pid: number | undefined): number {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

const DONORS = CASES.flatMap((c) => c.files.map((f) => f.text));
const storeCase = CASES.find((c) => c.name === 'release_always_aborts.cpp')!;

// ───────────────────────────── LSP soak ─────────────────────────────

test('LSP soak: random edits over stdio; the server stays up, answers every request, memory stays bounded', { timeout: LONG ? 3_600_000 : 60_000 }, async () => {
  const r = rng(SEED);
  const root = makeWorkspace('fuzz-soak', Object.fromEntries(CASES.slice(0, 12).flatMap((c, i) => c.files.map((f) => [`c${i}/${path.basename(f.path)}`, f.text]))));
  const file = path.join(root, 'edited.cpp');
  fs.writeFileSync(file, storeCase.files[0]!.text);
  const uri = fileUri(file);
  const client = TestClient.start({ rootDir: root });
  try {
    await client.initialize();
    let doc = TextDocument.create(uri, 'cpp', 1, storeCase.files[0]!.text);
    await client.open(uri, doc.getText(), 1);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, 20_000);
    const edits = LONG ? 20_000 : 2_000;
    const checkEvery = LONG ? 100 : 200;
    const samples: number[] = [];
    let requests = 0;
    for (let v = 2; v <= edits + 1; v++) {
      const text = doc.getText();
      let change: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };
      if (text.length > (LONG ? 3_000_000 : 120_000) || r.chance(0.01)) {
        change = { text: r.chance(0.5) ? r.pick(DONORS) : binaryJunk(r, r.int(0, 3_000)) }; // whole-document replacement
      } else {
        const m = mutation(r, text, DONORS);
        change = { range: { start: doc.positionAt(m.start), end: doc.positionAt(m.end) }, text: m.text };
      }
      doc = TextDocument.update(doc, [change], v);
      await client.change(uri, v, [change]);
      if (v % checkEvery === 0) {
        // The server must catch up with this exact version and answer requests on it.
        const pub = await client.waitForDiagnostics(uri, (p) => p.version === v, 30_000);
        assert.ok(Array.isArray(pub.diagnostics));
        const [actions, lenses] = await Promise.all([
          client.conn.sendRequest('textDocument/codeAction', {
            textDocument: { uri },
            range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) },
            context: { diagnostics: pub.diagnostics },
          }),
          client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }),
        ]);
        assert.ok(actions === null || Array.isArray(actions));
        assert.ok(lenses === null || Array.isArray(lenses));
        requests += 2;
        samples.push(rssMB(client.proc.pid));
        client.published.length = 0; // keep the client's own memory flat
        assert.ok(client.alive(), `server exited; stderr: ${client.stderr}`);
      }
    }
    assert.ok(client.alive(), `server exited; stderr: ${client.stderr}`);
    assert.ok(requests > 0);
    // Bounded memory: after warm-up, the last third of the run may not sit far above the first third.
    const good = samples.filter(Number.isFinite);
    if (good.length >= 6) {
      const third = Math.floor(good.length / 3);
      const early = Math.max(...good.slice(0, third));
      const late = Math.min(...good.slice(-third));
      assert.ok(late < early * 1.5 + 100, `server RSS grew from ${early.toFixed(0)} MB to ${late.toFixed(0)} MB: ${good.map((x) => x.toFixed(0)).join(' ')}`);
    }
    assert.doesNotMatch(client.stderr, /FATAL|heap out of memory|Maximum call stack/i);
  } finally {
    await client.stop();
  }
});

// ───────────────────────────── CLI fuzz ─────────────────────────────

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real binary, in its own process (exit code and stderr as a user sees them). */
function cliProcess(args: string[], cwd: string, timeout = 120_000): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr + (r.error ? String(r.error) : '') + (r.signal ? ` [signal ${r.signal}]` : '') };
}

/** The same CLI in-process (no start-up cost per case): an exception is a crash. */
function cli(args: string[], cwd: string): CliRun {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd, env: {}, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdoutIsTTY: false, fs: nodeFs, writeFile: (f, d) => fs.writeFileSync(f, d) };
  try {
    const code = main(args, io);
    return { code: typeof code === 'number' ? code : -1, stdout, stderr };
  } catch (e) {
    return { code: -1, stdout, stderr: `${stderr}internal error (thrown): ${e instanceof Error ? e.stack : String(e)}` };
  }
}

type Counts = Map<string, number>; // "<file>\t<ruleId>" -> count

function findingCounts(json: string): Counts {
  const out: Counts = new Map();
  const report = JSON.parse(json) as { findings: { ruleId: string; file: string }[] };
  for (const f of report.findings) out.set(`${f.file}\t${f.ruleId}`, (out.get(`${f.file}\t${f.ruleId}`) ?? 0) + 1);
  return out;
}

function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

test('CLI fuzz: random and mutated files through mapi-lint and --fix (temp copies): no crash, exit 0/1/2, every fix verified', { timeout: LONG ? 3_600_000 : 60_000 }, () => {
  const r = rng(SEED + 1);
  const root = path.join(TMP, `cli-${process.pid}`);
  fs.rmSync(root, { recursive: true, force: true });
  const n = LONG ? 1_500 : 90;
  const problems: string[] = [];
  let fixRuns = 0; // --fix runs that applied at least one fix, and had their fixes checked against a re-lint
  for (let i = 0; i < n; i++) {
    const dir = path.join(root, `t${i}`);
    fs.mkdirSync(dir, { recursive: true });
    const c = r.pick(CASES);
    const random = r.chance(0.15);
    if (random) {
      // A file of pure noise, or noise around store-shaped snippets.
      let t = '';
      for (let k = r.int(1, 40); k > 0; k--) t += r.chance(0.5) ? r.pick(SNIPPETS) : binaryJunk(r, r.int(1, 50));
      fs.writeFileSync(path.join(dir, r.pick(['a.cpp', 'a.c', 'a.h'])), t);
    } else {
      for (const f of c.files) {
        let t = f.text;
        for (let k = r.int(0, 4); k > 0; k--) {
          const m = mutation(r, t, DONORS);
          t = t.slice(0, m.start) + m.text + t.slice(m.end);
        }
        if (r.chance(0.1)) t = t.replace(/\n/g, '\r\n');
        const bytes = r.chance(0.05) ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]) : Buffer.from(t, 'utf8');
        fs.writeFileSync(path.join(dir, path.basename(f.path)), bytes);
      }
    }
    const label = `${random ? 'random' : c.name} (t${i}, seed ${SEED})`;
    const before = cli(['--format', 'json', '.'], dir);
    if (![0, 1, 2].includes(before.code ?? -1) || /internal error|Error: |at .*\.js:\d+/.test(before.stderr)) {
      problems.push(`lint ${label}: exit ${before.code}: ${before.stderr.slice(0, 600)}`);
      continue;
    }
    const was = snapshot(dir);
    const fixed = cli(['--fix', '--format', 'json', '.'], dir);
    if (![0, 1, 2].includes(fixed.code ?? -1) || /internal error|Error: |at .*\.js:\d+/.test(fixed.stderr)) {
      problems.push(`--fix ${label}: exit ${fixed.code}: ${fixed.stderr.slice(0, 600)}`);
      continue;
    }
    const now = snapshot(dir);
    const changed = [...now.keys()].filter((k) => !was.get(k)?.equals(now.get(k)!));
    const added = [...now.keys()].filter((k) => !was.has(k));
    if (added.length) problems.push(`--fix ${label}: left files behind: ${added.join(', ')}`);
    const applied = [...fixed.stderr.matchAll(/^(.*?):\d+:\d+: fixed ([a-z-]+):/gm)].map((m) => ({ file: m[1]!, ruleId: m[2]! }));
    if (changed.length && !applied.length) problems.push(`--fix ${label}: changed ${changed.join(', ')} without reporting a fix`);
    if (!changed.length) continue;
    const after = cli(['--format', 'json', '.'], dir);
    let b: Counts, a: Counts;
    try {
      b = findingCounts(before.stdout);
      a = findingCounts(after.stdout);
    } catch (e) {
      problems.push(`${label}: unreadable JSON report: ${String(e)}`);
      continue;
    }
    if (applied.length > 0) fixRuns++;
    for (const fx of applied) {
      const key = `${fx.file}\t${fx.ruleId}`;
      if ((a.get(key) ?? 0) >= (b.get(key) ?? 0)) problems.push(`--fix ${label}: ${fx.ruleId} in ${fx.file} still found after its fix (${b.get(key) ?? 0} -> ${a.get(key) ?? 0})`);
    }
    for (const [key, count] of a) {
      if (count > (b.get(key) ?? 0)) problems.push(`--fix ${label}: a new finding after the fixes: ${key.replace('\t', ' ')} (${b.get(key) ?? 0} -> ${count})`);
    }
  }
  // Once through the real binary, over everything at once.
  // (Long runs: 1,500 fuzzed providers, some with 100,000-character lines, take tens of seconds together.)
  const wholeTree = LONG ? 900_000 : 120_000;
  const all = cliProcess(['-j', '1', '--format', 'json', '.'], root, wholeTree);
  if (![0, 1, 2].includes(all.code ?? -1) || /internal error/.test(all.stderr)) problems.push(`the binary over the whole tree: exit ${all.code}: ${all.stderr.slice(0, 600)}`);
  // And on two worker threads (every t<i> directory a provider): the same report, byte for byte.
  const parallel = cliProcess(['-j', '2', '--format', 'json', '.'], root, wholeTree);
  if (parallel.stdout !== all.stdout || parallel.code !== all.code) problems.push(`-j 2 over the whole tree differs from one thread (exit ${parallel.code} vs ${all.code}): ${parallel.stderr.slice(0, 600)}`);
  if (!LONG) fs.rmSync(root, { recursive: true, force: true });
  assert.deepEqual(problems, []);
  assert.ok(fixRuns > 0, `none of the ${n} --fix runs applied a fix: the fix verification checked nothing`);
});

// ───────────────────────────── bad paths ─────────────────────────────

const GOOD = storeCase.files[0]!.text;

function badRoot(name: string): string {
  const d = path.join(TMP, `${name}-${process.pid}`);
  fs.rmSync(d, { recursive: true, force: true });
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, 'good.cpp'), GOOD);
  return d;
}

/** The good file was still checked: its planted finding is in the report. */
function checkedGood(out: string): boolean {
  return /good\.cpp.*logoff-transports-twice/.test(out);
}

test('bad paths: a missing file is named, the others are still checked, exit 2', () => {
  const d = badRoot('missing');
  const r = cliProcess(['good.cpp', 'missing.cpp', 'nodir/'], d);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /missing\.cpp.*no such file/);
  assert.match(r.stderr, /nodir/);
  assert.ok(checkedGood(r.stdout), r.stdout);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
});

test('bad paths: an unreadable directory and file are named, the others are still checked, exit 2', (t) => {
  const d = badRoot('noperm');
  const locked = path.join(d, 'locked');
  fs.mkdirSync(locked);
  fs.writeFileSync(path.join(locked, 'hidden.cpp'), GOOD);
  if (process.getuid?.() === 0) {
    // Root reads anything chmod forbids; a file root cannot read: /proc/self/mem at offset 0 fails with EIO.
    fs.symlinkSync('/proc/self/mem', path.join(d, 'unreadable.cpp'));
    const r = cliProcess(['.'], d);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /unreadable\.cpp/);
    assert.ok(checkedGood(r.stdout), r.stdout);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    t.diagnostic('running as root: a directory without permission is readable by root (skipped); /proc/self/mem stands for an unreadable file');
    return;
  }
  fs.chmodSync(locked, 0o000);
  try {
    const r = cliProcess(['.'], d);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /locked.*permission denied/);
    assert.ok(checkedGood(r.stdout), r.stdout);
  } finally {
    fs.chmodSync(locked, 0o755);
  }
});

test('bad paths: symlink loops are reported, the others are still checked, no hang', () => {
  const d = badRoot('loops');
  fs.mkdirSync(path.join(d, 'sub'));
  fs.symlinkSync('..', path.join(d, 'sub', 'up')); // a directory cycle
  fs.symlinkSync('b.cpp', path.join(d, 'a.cpp')); // a file cycle
  fs.symlinkSync('a.cpp', path.join(d, 'b.cpp'));
  const t0 = Date.now();
  const r = cliProcess(['.', 'a.cpp'], d);
  assert.ok(Date.now() - t0 < 20_000);
  assert.ok([1, 2].includes(r.code ?? -1), `exit ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, /a\.cpp.*(symbolic links|loop)/);
  assert.ok(checkedGood(r.stdout), r.stdout);
  assert.equal((r.stdout.match(/^good\.cpp:\d+:\d+/gm) ?? []).length, 1, 'good.cpp checked once despite the cycle');
  assert.equal(r.code, 2, `a named path that is a symlink loop is an I/O error (exit 2); stderr: ${r.stderr}`);
});

test('bad paths: a file that vanishes during the walk is named, the others are still checked, exit 2', () => {
  const d = badRoot('vanish');
  fs.writeFileSync(path.join(d, 'gone.cpp'), GOOD);
  const vanishing: FsLike = {
    ...nodeFs,
    readdirSync: (p, o) => {
      const entries = nodeFs.readdirSync(p, o);
      fs.rmSync(path.join(d, 'gone.cpp'), { force: true }); // listed, then gone before it is read
      return entries;
    },
  };
  let out = '';
  let err = '';
  const io: CliIO = { cwd: d, env: {}, stdout: (s) => (out += s), stderr: (s) => (err += s), stdoutIsTTY: false, fs: vanishing, writeFile: () => undefined };
  const code = main(['.'], io);
  assert.equal(code, 2, err);
  assert.match(err, /gone\.cpp/);
  assert.ok(checkedGood(out), out);
});

test.after(() => {
  if (!LONG) fs.rmSync(TMP, { recursive: true, force: true });
  void os.tmpdir;
});
