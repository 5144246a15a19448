// `--fix` writes without losing the user's file: through symbolic links, keeping mode, owner and hard
// links, refusing read-only and unwritable files and files changed since they were read, and leaving no
// temporary file behind (exceptions, signals, stale files of dead processes).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, runInProcess, tmpDir } from './helpers';
import { nodeFs, type FsLike } from '../../server/src/cli/fs';
import { main } from '../../server/src/cli/main';
import {
  nodeWriteFs,
  readStamp,
  sweepStaleTemps,
  tempPathFor,
  writeFixedFile,
  WriteRefused,
  type WriteFs,
} from '../../server/src/cli/write';

const IS_ROOT = process.getuid?.() === 0;
const WRITE_JS = path.resolve(__dirname, '../../server/src/cli/write.js');
const MAIN_JS = path.resolve(__dirname, '../../server/src/cli/main.js');
/** Above Linux's PID_MAX_LIMIT (2^22) and macOS's 99999: never a live process. */
const DEAD_PID = 4194305;

const SRC = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/cases/support-release-missing/invalid/eager_forgot_support.cpp'), 'utf8');

/** The fixture with its class renamed, so that several files in one run are distinct stores. */
function store(n: number): string {
  return SRC.replace(/CMsgStore/g, `CMsgStore${n}`);
}

const references = new Map<number, Buffer>();
/** What --fix makes of store(n) as a plain file: the bytes every other way of writing must give. */
function fixedStore(n: number): Buffer {
  let bytes = references.get(n);
  if (!bytes) {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'ref.cpp'), store(n));
    const r = runInProcess(['--fix', 'ref.cpp'], dir);
    assert.equal(r.code, 0, r.stderr);
    bytes = fs.readFileSync(path.join(dir, 'ref.cpp'));
    assert.notEqual(bytes.toString('utf8'), store(n), 'the reference run fixed something');
    assert.match(bytes.toString('utf8'), /m_psup->Release\(\);/);
    references.set(n, bytes);
  }
  return bytes;
}

function temps(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.includes('.mapi-lint-'));
}

function stampOf(file: string): ReturnType<typeof readStamp> {
  const st = fs.statSync(file);
  return readStamp(fs.readFileSync(file), st);
}

function errno(code: string, what: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: simulated, ${what}`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

/** nodeWriteFs with some calls replaced; `fdPath` maps the descriptors it opened to their paths. */
function hookedFs(hooks: Partial<WriteFs> & { onOpen?(p: string, fd: number): void }): { wfs: WriteFs; fdPath: Map<number, string> } {
  const fdPath = new Map<number, string>();
  const wfs: WriteFs = {
    ...nodeWriteFs,
    ...hooks,
    openSync: (p, flags, mode) => {
      const fd = (hooks.openSync ?? nodeWriteFs.openSync)(p, flags, mode);
      fdPath.set(fd, p);
      hooks.onOpen?.(p, fd);
      return fd;
    },
  };
  return { wfs, fdPath };
}

test('a symbolic link (relative, absolute, a chain) is written through to its target; the links stay links', () => {
  const root = tmpDir();
  fs.mkdirSync(path.join(root, 'real'));
  fs.mkdirSync(path.join(root, 'links'));
  fs.mkdirSync(path.join(root, 'hop'));
  for (const n of [1, 2, 3]) fs.writeFileSync(path.join(root, 'real', `s${n}.cpp`), store(n));
  fs.symlinkSync('../real/s1.cpp', path.join(root, 'links', 'rel.cpp'));
  fs.symlinkSync(path.join(root, 'real', 's2.cpp'), path.join(root, 'links', 'abs.cpp'));
  // links/chain.cpp -> ../hop/mid.cpp -> (absolute) hop/last.cpp -> ../real/s3.cpp
  fs.symlinkSync(path.join(root, 'hop', 'last.cpp'), path.join(root, 'hop', 'mid.cpp'));
  fs.symlinkSync('../real/s3.cpp', path.join(root, 'hop', 'last.cpp'));
  fs.symlinkSync('../hop/mid.cpp', path.join(root, 'links', 'chain.cpp'));
  const linkTexts = (): string[] =>
    ['links/rel.cpp', 'links/abs.cpp', 'links/chain.cpp', 'hop/mid.cpp', 'hop/last.cpp'].map((l) => {
      assert.ok(fs.lstatSync(path.join(root, l)).isSymbolicLink(), `${l} is still a symbolic link`);
      return fs.readlinkSync(path.join(root, l));
    });
  const before = linkTexts();

  const r = runInProcess(['--fix', 'links/rel.cpp', 'links/abs.cpp', 'links/chain.cpp'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal([...r.stderr.matchAll(/: fixed support-release-missing/g)].length, 3, r.stderr);
  assert.deepEqual(linkTexts(), before, 'each link points where it pointed');
  for (const n of [1, 2, 3]) {
    const target = path.join(root, 'real', `s${n}.cpp`);
    assert.ok(fs.lstatSync(target).isFile());
    assert.deepEqual(fs.readFileSync(target), fixedStore(n), `real/s${n}.cpp holds the fix`);
  }
  for (const d of ['real', 'links', 'hop']) assert.deepEqual(temps(path.join(root, d)), [], `no temporary file in ${d}/`);

  // The writer itself reports the real path it wrote.
  const file = path.join(root, 'links', 'chain.cpp');
  const w = writeFixedFile(file, Buffer.from('int x;\n'), stampOf(file));
  assert.equal(w.target, path.join(root, 'real', 's3.cpp'));
  assert.equal(fs.readFileSync(path.join(root, 'real', 's3.cpp'), 'utf8'), 'int x;\n');
  assert.ok(fs.lstatSync(file).isSymbolicLink());
});

test('the mode is kept (0775 stays 0775, 0600 stays 0600) on the atomic rename', () => {
  const root = tmpDir();
  fs.writeFileSync(path.join(root, 'a.cpp'), store(1));
  fs.writeFileSync(path.join(root, 'b.cpp'), store(2));
  fs.chmodSync(path.join(root, 'a.cpp'), 0o775);
  fs.chmodSync(path.join(root, 'b.cpp'), 0o600);
  const inoBefore = fs.statSync(path.join(root, 'a.cpp')).ino;
  const r = runInProcess(['--fix', '.'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.statSync(path.join(root, 'a.cpp')).mode & 0o7777, 0o775);
  assert.equal(fs.statSync(path.join(root, 'b.cpp')).mode & 0o7777, 0o600);
  assert.notEqual(fs.statSync(path.join(root, 'a.cpp')).ino, inoBefore, 'a single-link file of ours is replaced by a rename');
  assert.deepEqual(fs.readFileSync(path.join(root, 'a.cpp')), fixedStore(1));
  assert.deepEqual(fs.readFileSync(path.join(root, 'b.cpp')), fixedStore(2));
  assert.deepEqual(temps(root), []);

  const file = path.join(root, 'c.cpp');
  fs.writeFileSync(file, 'old\n');
  fs.chmodSync(file, 0o751);
  const w = writeFixedFile(file, Buffer.from('new\n'), stampOf(file));
  assert.equal(w.method, 'rename');
  assert.equal(fs.statSync(file).mode & 0o7777, 0o751);
});

test('a hard-linked file is rewritten in place: same inode, both names see the fix', () => {
  const root = tmpDir();
  fs.mkdirSync(path.join(root, 'src'));
  const file = path.join(root, 'src', 'store.cpp');
  const other = path.join(root, 'elsewhere.cpp'); // outside the linted tree
  fs.writeFileSync(file, store(1));
  fs.chmodSync(file, 0o664);
  fs.linkSync(file, other);
  const ino = fs.statSync(file).ino;
  const r = runInProcess(['--fix', 'src'], root);
  assert.equal(r.code, 0, r.stderr);
  const st = fs.statSync(file);
  assert.equal(st.ino, ino, 'same inode');
  assert.equal(st.nlink, 2, 'still two names');
  assert.equal(fs.statSync(other).ino, ino);
  assert.equal(st.mode & 0o7777, 0o664);
  assert.deepEqual(fs.readFileSync(file), fixedStore(1));
  assert.deepEqual(fs.readFileSync(other), fixedStore(1), 'the other name sees the fix');
  assert.deepEqual(temps(path.join(root, 'src')), []);

  // Shorter text in place: the file is truncated to the new length.
  const w = writeFixedFile(other, Buffer.from('short\n'), stampOf(other));
  assert.equal(w.method, 'in-place');
  assert.equal(fs.readFileSync(file, 'utf8'), 'short\n');
  assert.equal(fs.statSync(file).ino, ino);
});

test('the owner and group are kept (root: chown of the new file)', { skip: IS_ROOT ? false : 'needs root to give a file to another user' }, () => {
  const root = tmpDir();
  const file = path.join(root, 'store.cpp');
  fs.writeFileSync(file, store(1));
  fs.chownSync(file, 65534, 65534);
  fs.chmodSync(file, 0o664);
  const r = runInProcess(['--fix', '.'], root);
  assert.equal(r.code, 0, r.stderr);
  const st = fs.statSync(file);
  assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [65534, 65534, 0o664]);
  assert.deepEqual(fs.readFileSync(file), fixedStore(1));

  const w = writeFixedFile(file, Buffer.from('x\n'), stampOf(file));
  assert.equal(w.method, 'rename', 'root can give the new file the owner');
  const after = fs.statSync(file);
  assert.deepEqual([after.uid, after.gid, after.mode & 0o7777], [65534, 65534, 0o664]);
});

test('a file without any write bit (0444) is refused, even as root; the other files are still fixed; exit 2', () => {
  const root = tmpDir();
  const ro = path.join(root, 'ro.cpp');
  const ok = path.join(root, 'ok.cpp');
  fs.writeFileSync(ro, store(1));
  fs.writeFileSync(ok, store(2));
  fs.chmodSync(ro, 0o444);
  const before = fs.statSync(ro);
  const r = runInProcess(['--fix', '.'], root);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^mapi-lint: error: ro\.cpp: not fixed: the file is read-only \(mode 0444, no write permission bit\)/m);
  assert.match(r.stderr, /^ro\.cpp:\d+:\d+: not fixed support-release-missing: .*\(not written: ro\.cpp\)$/m);
  assert.doesNotMatch(r.stderr, /^ro\.cpp:\d+:\d+: fixed/m, 'no "fixed" line for a file left alone');
  assert.match(r.stderr, /^ok\.cpp:\d+:\d+: fixed support-release-missing/m);
  const after = fs.statSync(ro);
  assert.equal(after.ino, before.ino);
  assert.equal(after.mode & 0o7777, 0o444);
  assert.equal(fs.readFileSync(ro, 'utf8'), store(1), 'ro.cpp unchanged');
  assert.deepEqual(fs.readFileSync(ok), fixedStore(2), 'ok.cpp fixed');
  assert.deepEqual(temps(root), []);
  // The remaining report is on the text as it is on disk: the finding of ro.cpp is still there.
  assert.match(r.stdout, /ro\.cpp/);

  assert.throws(
    () => writeFixedFile(ro, Buffer.from('x'), stampOf(ro)),
    (e: unknown) => e instanceof WriteRefused && e.kind === 'read-only',
  );
  assert.equal(fs.readFileSync(ro, 'utf8'), store(1));
});

test('a file the user cannot write is refused (not renamed over, even in a writable directory); exit 2', () => {
  const root = tmpDir();
  if (!IS_ROOT) {
    // The owner has no write permission, the group has one: a write bit, but not ours.
    const theirs = path.join(root, 'theirs.cpp');
    fs.writeFileSync(theirs, store(1));
    fs.writeFileSync(path.join(root, 'mine.cpp'), store(2));
    fs.chmodSync(theirs, 0o464);
    const ino = fs.statSync(theirs).ino;
    const r = runInProcess(['--fix', '.'], root);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^mapi-lint: error: theirs\.cpp: not fixed: cannot write the file: permission denied/m);
    assert.equal(fs.statSync(theirs).ino, ino);
    assert.equal(fs.readFileSync(theirs, 'utf8'), store(1));
    assert.deepEqual(fs.readFileSync(path.join(root, 'mine.cpp')), fixedStore(2));
    return;
  }
  // As root: run the CLI as nobody in a directory anyone may write (where a rename would succeed).
  fs.chmodSync(root, 0o777);
  const theirs = path.join(root, 'theirs.cpp'); // root's, 0644: nobody cannot write it
  const shared = path.join(root, 'shared.cpp'); // root's, 0666: nobody can write it but not chown a new one
  const mine = path.join(root, 'mine.cpp'); // nobody's
  fs.writeFileSync(theirs, store(1));
  fs.writeFileSync(shared, store(2));
  fs.writeFileSync(mine, store(3));
  fs.chmodSync(theirs, 0o644);
  fs.chmodSync(shared, 0o666);
  fs.chownSync(mine, 65534, 65534);
  const inoTheirs = fs.statSync(theirs).ino;
  const inoShared = fs.statSync(shared).ino;
  const child = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(MAIN_JS)}).run(['--fix', '.'])`], {
    cwd: root,
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 120_000,
  });
  assert.equal(child.error, undefined);
  assert.equal(child.status, 2, child.stderr);
  assert.match(child.stderr, /^mapi-lint: error: theirs\.cpp: not fixed: cannot write the file: permission denied/m);
  assert.equal(fs.statSync(theirs).ino, inoTheirs, 'theirs.cpp was not renamed over');
  assert.equal(fs.readFileSync(theirs, 'utf8'), store(1));
  const st = fs.statSync(shared);
  assert.deepEqual([st.ino, st.uid, st.gid, st.mode & 0o7777], [inoShared, 0, 0, 0o666], 'shared.cpp rewritten in place: owner kept');
  assert.deepEqual(fs.readFileSync(shared), fixedStore(2));
  assert.equal(fs.statSync(mine).uid, 65534);
  assert.deepEqual(fs.readFileSync(mine), fixedStore(3));
  assert.deepEqual(temps(root), []);
});

test('a file changed between the read and the write is skipped with a message (size, mtime, content); exit 2', () => {
  const root = tmpDir();
  const edited = path.join(root, 'edited.cpp');
  const other = path.join(root, 'other.cpp');
  fs.writeFileSync(edited, store(1));
  fs.writeFileSync(other, store(2));
  const userEdit = `${store(1)}// the user's edit\n`;
  let edits = 0;
  // The edit lands right after the CLI read the file: what it analysed is no longer on disk.
  const editingFs: FsLike = {
    ...nodeFs,
    readFileSync: (p) => {
      const bytes = nodeFs.readFileSync(p);
      if (p === edited) {
        edits++;
        fs.writeFileSync(edited, userEdit);
      }
      return bytes;
    },
  };
  const r = runInProcess(['--fix', '.'], root, { fs: editingFs });
  assert.equal(edits, 1);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^mapi-lint: error: edited\.cpp: not fixed: the file changed since it was analysed \(size, .*content differ\); run --fix again$/m);
  assert.equal(fs.readFileSync(edited, 'utf8'), userEdit, "the user's edit is kept");
  assert.deepEqual(fs.readFileSync(other), fixedStore(2), 'the other file is fixed');
  assert.deepEqual(temps(root), []);
});

test('a change that keeps the size and the mtime is caught by the content hash', () => {
  const root = tmpDir();
  const file = path.join(root, 'store.cpp');
  fs.writeFileSync(file, store(1));
  const when = new Date('2020-01-02T03:04:05.000Z');
  fs.utimesSync(file, when, when);
  const sameSize = store(1).replace('m_fLoggedOff(FALSE)', 'm_fLoggedOff(TRUE)!');
  assert.equal(Buffer.byteLength(sameSize), Buffer.byteLength(store(1)));
  const editingFs: FsLike = {
    ...nodeFs,
    readFileSync: (p) => {
      const bytes = nodeFs.readFileSync(p);
      if (p === file) {
        fs.writeFileSync(file, sameSize);
        fs.utimesSync(file, when, when);
      }
      return bytes;
    },
  };
  const r = runInProcess(['--fix', '.'], root, { fs: editingFs });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /store\.cpp: not fixed: the file changed since it was analysed \(content differs\)/);
  assert.equal(fs.readFileSync(file, 'utf8'), sameSize);
  assert.equal(fs.statSync(file).mtimeMs, when.getTime());

  // A touch alone (same bytes, new mtime) is a change too: the file was written meanwhile.
  const stamp = stampOf(file);
  fs.utimesSync(file, when, new Date('2021-01-01T00:00:00Z'));
  assert.throws(
    () => writeFixedFile(file, Buffer.from('x'), stamp),
    (e: unknown) => e instanceof WriteRefused && e.kind === 'changed' && /\(modification time differs\)/.test(e.message),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), sameSize);
});

test('a change while the temporary file is being prepared is caught before the rename; the temp file is removed', () => {
  const root = tmpDir();
  const file = path.join(root, 'a.cpp');
  fs.writeFileSync(file, 'original\n');
  const stamp = stampOf(file);
  const { wfs, fdPath } = hookedFs({
    fchmodSync: (fd, mode) => {
      if (fdPath.get(fd) === tempPathFor(file)) fs.appendFileSync(file, 'edit\n');
      nodeWriteFs.fchmodSync(fd, mode);
    },
  });
  assert.throws(
    () => writeFixedFile(file, Buffer.from('fixed\n'), stamp, { fs: wfs }),
    (e: unknown) => e instanceof WriteRefused && e.kind === 'changed' && /while the fix was being written/.test(e.message),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), 'original\nedit\n');
  assert.deepEqual(temps(root), []);
});

test('an exception while writing leaves the file as it was and no temporary file', () => {
  const root = tmpDir();
  const file = path.join(root, 'a.cpp');
  fs.writeFileSync(file, 'original text\n');
  const ino = fs.statSync(file).ino;

  // The temporary file's write fails.
  const failingTemp = hookedFs({
    writeSync: () => {
      throw errno('EIO', 'write');
    },
  });
  assert.throws(() => writeFixedFile(file, Buffer.from('fixed\n'), stampOf(file), { fs: failingTemp.wfs }), /EIO/);
  assert.equal(fs.readFileSync(file, 'utf8'), 'original text\n');
  assert.equal(fs.statSync(file).ino, ino);
  assert.deepEqual(temps(root), []);

  // The rename fails.
  const failingRename = hookedFs({
    renameSync: () => {
      throw errno('EXDEV', 'rename');
    },
  });
  assert.throws(() => writeFixedFile(file, Buffer.from('fixed\n'), stampOf(file), { fs: failingRename.wfs }), /EXDEV/);
  assert.equal(fs.readFileSync(file, 'utf8'), 'original text\n');
  assert.deepEqual(temps(root), []);

  // In place (a hard link), the disk fills up half way: the original bytes are put back.
  fs.linkSync(file, path.join(root, 'link.cpp'));
  let calls = 0;
  const full = hookedFs({
    writeSync: (fd, buf, off, len, pos) => {
      calls++;
      if (calls === 1) return nodeWriteFs.writeSync(fd, buf, off, Math.ceil(len / 2), pos);
      if (calls === 2) throw errno('ENOSPC', 'write');
      return nodeWriteFs.writeSync(fd, buf, off, len, pos);
    },
  });
  assert.throws(() => writeFixedFile(file, Buffer.from('a much longer fixed text than before\n'), stampOf(file), { fs: full.wfs }), /ENOSPC/);
  assert.ok(calls >= 3, 'the original was written back');
  assert.equal(fs.readFileSync(file, 'utf8'), 'original text\n');
  assert.equal(fs.statSync(file).ino, ino);
  assert.deepEqual(temps(root), []);

  // Through the CLI: the error names the file, the run exits 2.
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'a.cpp'), store(1));
  const io = runInProcessWithWriter(['--fix', '.'], dir, () => {
    throw errno('EIO', 'write');
  });
  assert.equal(io.code, 2);
  assert.match(io.stderr, /^mapi-lint: error: cannot write a\.cpp: EIO: simulated, write$/m);
  assert.equal(fs.readFileSync(path.join(dir, 'a.cpp'), 'utf8'), store(1));
});

/** runInProcess with CliIO.replaceFile set. */
function runInProcessWithWriter(argv: string[], cwd: string, replaceFile: (file: string, data: Uint8Array) => void): { code: unknown; stderr: string } {
  let stderr = '';
  const code = main(argv, {
    cwd,
    env: {},
    stdout: () => undefined,
    stderr: (s) => {
      stderr += s;
    },
    stdoutIsTTY: false,
    fs: nodeFs,
    writeFile: (f, d) => fs.writeFileSync(f, d),
    replaceFile,
  });
  return { code, stderr };
}

/** Runs writeFixedFile in a child that sends itself `signal` in the middle of the write. */
function signalDuringWrite(file: string, data: string, signal: NodeJS.Signals, during: 'temp' | 'target'): ReturnType<typeof spawnSync> {
  const script = `
    const fs = require('fs');
    const w = require(${JSON.stringify(WRITE_JS)});
    const file = ${JSON.stringify(file)};
    const stamp = w.readStamp(fs.readFileSync(file), fs.statSync(file));
    const paths = new Map();
    const watched = ${JSON.stringify(during)} === 'temp' ? w.tempPathFor(file) : file;
    let sent = false;
    const wfs = Object.assign({}, w.nodeWriteFs, {
      openSync(p, flags, mode) { const fd = w.nodeWriteFs.openSync(p, flags, mode); paths.set(fd, p); return fd; },
      writeSync(fd, buf, off, len, pos) {
        if (!sent && paths.get(fd) === watched) { sent = true; process.kill(process.pid, ${JSON.stringify(signal)}); }
        return w.nodeWriteFs.writeSync(fd, buf, off, len, pos);
      },
    });
    const r = w.writeFixedFile(file, Buffer.from(${JSON.stringify(data)}), stamp, { fs: wfs });
    process.stdout.write('returned ' + r.method + ' sent=' + sent + '\\n');
  `;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
}

test('SIGTERM during the rename path: the write completes, no temporary file, then the process dies of the signal', () => {
  const root = tmpDir();
  const file = path.join(root, 'a.cpp');
  fs.writeFileSync(file, 'old\n');
  const r = signalDuringWrite(file, 'new text\n', 'SIGTERM', 'temp');
  assert.equal(r.stdout, 'returned rename sent=true\n', `stderr: ${r.stderr}`);
  assert.equal(r.signal, 'SIGTERM', 'the signal is honoured once the write is over');
  assert.equal(fs.readFileSync(file, 'utf8'), 'new text\n');
  assert.deepEqual(temps(root), []);
});

test('SIGINT during an in-place rewrite: the file is complete, then the process dies of the signal', () => {
  const root = tmpDir();
  const file = path.join(root, 'a.cpp');
  fs.writeFileSync(file, 'a longer old text that the new one is shorter than\n');
  fs.linkSync(file, path.join(root, 'b.cpp'));
  const r = signalDuringWrite(file, 'new\n', 'SIGINT', 'target');
  assert.equal(r.stdout, 'returned in-place sent=true\n', `stderr: ${r.stderr}`);
  assert.equal(r.signal, 'SIGINT');
  assert.equal(fs.readFileSync(path.join(root, 'b.cpp'), 'utf8'), 'new\n', 'written and truncated, not half done');
  assert.deepEqual(temps(root), []);
});

test('stale temporary files of dead processes are removed when a later run writes there; live ones are left', () => {
  const root = tmpDir();
  fs.writeFileSync(path.join(root, 'a.cpp'), store(1));
  const dead = [`.a.cpp.mapi-lint-${DEAD_PID}.tmp`, `.gone.cpp.mapi-lint-${DEAD_PID + 1}.tmp`];
  const alive = [`.a.cpp.mapi-lint-1.tmp`, `.b.cpp.mapi-lint-${process.ppid}.tmp`];
  const notOurs = ['a.cpp.mapi-lint-7.tmp', `.x.mapi-lint-${DEAD_PID}.tmp.bak`, `.x.mapi-lint-pid.tmp`];
  for (const n of [...dead, ...alive, ...notOurs]) fs.writeFileSync(path.join(root, n), 'partial');
  fs.mkdirSync(path.join(root, `.dir.mapi-lint-${DEAD_PID}.tmp`)); // a directory of that name is not ours either
  fs.symlinkSync(path.join(root, 'a.cpp'), path.join(root, `.link.mapi-lint-${DEAD_PID}.tmp`)); // a stale link: the link goes, not a.cpp

  // Lint alone does not sweep: only a run that writes in the directory.
  runInProcess(['.'], root);
  for (const n of dead) assert.ok(fs.existsSync(path.join(root, n)));

  const r = runInProcess(['--fix', '.'], root);
  assert.equal(r.code, 0, r.stderr);
  const left = fs.readdirSync(root).sort();
  assert.deepEqual(left, ['a.cpp', ...alive, ...notOurs, `.dir.mapi-lint-${DEAD_PID}.tmp`].sort());
  assert.deepEqual(fs.readFileSync(path.join(root, 'a.cpp')), fixedStore(1));
  for (const n of alive) assert.equal(fs.readFileSync(path.join(root, n), 'utf8'), 'partial', `${n} (a live process's) untouched`);
});

test('a leftover temporary file with our own PID (an earlier holder of the PID) is replaced, never followed', () => {
  const root = tmpDir();
  const file = path.join(root, 'a.cpp');
  const victim = path.join(root, 'victim.txt');
  fs.writeFileSync(file, 'old\n');
  fs.writeFileSync(victim, 'keep me\n');
  const stale = tempPathFor(file);
  assert.equal(path.basename(stale), `.a.cpp.mapi-lint-${process.pid}.tmp`);
  // A symbolic link where our temporary file goes; the sweep is skipped (already swept) to reach the open.
  fs.symlinkSync(victim, stale);
  const w = writeFixedFile(file, Buffer.from('new\n'), stampOf(file), { swept: new Set([root]) });
  assert.equal(w.method, 'rename');
  assert.equal(fs.readFileSync(file, 'utf8'), 'new\n');
  assert.ok(fs.lstatSync(file).isFile(), 'a.cpp is a regular file, not the planted link');
  assert.equal(fs.readFileSync(victim, 'utf8'), 'keep me\n');
  assert.deepEqual(temps(root), []);

  // Without the swept set, the sweep removes our PID's stale file first and reports it.
  fs.writeFileSync(stale, 'partial');
  const again = writeFixedFile(file, Buffer.from('newer\n'), stampOf(file));
  assert.deepEqual(again.removedStale, [path.basename(stale)]);
  assert.deepEqual(sweepStaleTemps(root), []);
  assert.deepEqual(temps(root), []);
});

test('a file removed or replaced by a directory since it was read is refused', () => {
  const root = tmpDir();
  const file = path.join(root, 'a.cpp');
  fs.writeFileSync(file, 'x\n');
  const stamp = stampOf(file);
  fs.rmSync(file);
  assert.throws(
    () => writeFixedFile(file, Buffer.from('y\n'), stamp),
    (e: unknown) => e instanceof WriteRefused && e.kind === 'changed' && /no longer exists/.test(e.message),
  );
  assert.equal(fs.existsSync(file), false, 'not re-created');
  fs.mkdirSync(file);
  assert.throws(
    () => writeFixedFile(file, Buffer.from('y\n'), stamp),
    (e: unknown) => e instanceof WriteRefused && e.kind === 'not-a-file',
  );
  assert.deepEqual(temps(root), []);
});
