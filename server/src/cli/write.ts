// Writing a fixed file back for `--fix` without ever losing or silently damaging the user's file.
//
// - A symbolic link (relative, absolute, a chain) is written through to its final target; the link stays.
// - The file is refused, with a reason, when it has no write permission bit (even for root), when the user
//   cannot open it for writing, when it is no longer a regular file, and when it is no longer what was
//   analysed (size, modification time and SHA-256 of the bytes recorded when it was read).
// - The new bytes go to a temporary file beside the target, which is then renamed over it, only when the
//   new file keeps the target's mode, owner and group and the target has no other hard link. Otherwise the
//   target is rewritten in place, once the new bytes are complete in memory (its inode, and so its mode,
//   owner, links and extended attributes, stay); a failed in-place write puts the original bytes back.
// - Temporary files are named `.NAME.mapi-lint-PID.tmp`, removed on every exit path: exceptions (finally),
//   SIGINT/SIGTERM/SIGHUP during the write (deferred until the write is over, then re-raised), and, for a
//   process that was killed outright, by a later run writing in the same directory once that PID is dead.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { describeFsError, errorCode } from './fs';

/** What was read from a file, to check before writing that it is still what was analysed. */
export interface ReadStamp {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** The stamp of the bytes read, with the file's stat taken before reading them. */
export function readStamp(bytes: Uint8Array, stat: Pick<fs.Stats, 'size' | 'mtimeMs'>): ReadStamp {
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(bytes) };
}

export type RefusalKind = 'read-only' | 'not-writable' | 'changed' | 'not-a-file';

/** A file deliberately left unchanged; the message says why (it does not repeat the file's name). */
export class WriteRefused extends Error {
  constructor(
    readonly file: string,
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
    this.name = 'WriteRefused';
  }
}

/** The file-system calls of the write path: the seam through which tests inject changes and failures. */
export interface WriteFs {
  realpathSync(p: string): string;
  statSync(p: string): fs.Stats;
  lstatSync(p: string): fs.Stats;
  readdirSync(p: string): string[];
  openSync(p: string, flags: string, mode?: number): number;
  fstatSync(fd: number): fs.Stats;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  ftruncateSync(fd: number, length: number): void;
  fsyncSync(fd: number): void;
  fchownSync(fd: number, uid: number, gid: number): void;
  fchmodSync(fd: number, mode: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(p: string): void;
}

export const nodeWriteFs: WriteFs = {
  realpathSync: (p) => fs.realpathSync(p),
  statSync: (p) => fs.statSync(p),
  lstatSync: (p) => fs.lstatSync(p),
  readdirSync: (p) => fs.readdirSync(p),
  openSync: (p, flags, mode) => fs.openSync(p, flags, mode),
  fstatSync: (fd) => fs.fstatSync(fd),
  readSync: (fd, b, o, l, p) => fs.readSync(fd, b, o, l, p),
  writeSync: (fd, b, o, l, p) => fs.writeSync(fd, b, o, l, p),
  ftruncateSync: (fd, l) => fs.ftruncateSync(fd, l),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  fchownSync: (fd, u, g) => fs.fchownSync(fd, u, g),
  fchmodSync: (fd, m) => fs.fchmodSync(fd, m),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  unlinkSync: (p) => fs.unlinkSync(p),
};

export interface WriteOptions {
  fs?: WriteFs;
  /** Directories already swept for stale temporary files (one sweep per directory per run); default: sweep. */
  swept?: Set<string>;
}

export interface WriteResult {
  /** The file written: the real path, through any symbolic links. */
  target: string;
  /** 'rename': a new file renamed over the target; 'in-place': the target's own inode rewritten. */
  method: 'rename' | 'in-place';
  /** Stale temporary files of dead processes removed from the target's directory. */
  removedStale: string[];
}

/** `.NAME.mapi-lint-PID.tmp` beside `target`. */
export function tempPathFor(target: string, pid: number = process.pid): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.mapi-lint-${pid}.tmp`);
}

const TEMP_NAME = /^\.(.+)\.mapi-lint-(\d+)\.tmp$/;

/** Temporary files of this process that exist right now (empty between writes). */
const activeTemps = new Set<string>();

/**
 * Writes `data` over `file` (see the top of this module). Throws WriteRefused when the file is left alone on
 * purpose, and the file-system error otherwise (the file is then unchanged, or restored, and no temporary
 * file is left).
 */
export function writeFixedFile(file: string, data: Uint8Array, expected: ReadStamp, options: WriteOptions = {}): WriteResult {
  const wfs = options.fs ?? nodeWriteFs;
  let target: string;
  try {
    target = wfs.realpathSync(file);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') throw new WriteRefused(file, 'changed', 'not fixed: the file no longer exists (removed or renamed since it was read)');
    throw e;
  }
  const via = target === file ? '' : ` (the target of the link: ${target})`;
  let st: fs.Stats;
  try {
    st = wfs.statSync(target);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') throw new WriteRefused(file, 'changed', `not fixed: the file no longer exists (removed or renamed since it was read)${via}`);
    throw e;
  }
  if (!st.isFile()) throw new WriteRefused(file, 'not-a-file', `not fixed: no longer a regular file${via}`);
  if ((st.mode & 0o222) === 0) {
    throw new WriteRefused(
      file,
      'read-only',
      `not fixed: the file is read-only (mode ${octal(st.mode)}, no write permission bit)${via}; make it writable to let --fix change it`,
    );
  }

  deferSignalsDuringWrite();
  let fd: number | undefined;
  try {
    try {
      fd = wfs.openSync(target, 'r+');
    } catch (e) {
      const code = errorCode(e);
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        throw new WriteRefused(file, 'not-writable', `not fixed: cannot write the file: ${code === 'EROFS' ? 'read-only file system' : 'permission denied'}${via}`);
      }
      if (code === 'ENOENT') throw new WriteRefused(file, 'changed', `not fixed: the file no longer exists (removed or renamed since it was read)${via}`);
      throw e;
    }
    const opened = wfs.fstatSync(fd);
    if (!opened.isFile()) throw new WriteRefused(file, 'not-a-file', `not fixed: no longer a regular file${via}`);
    const current = readAll(wfs, fd);
    const changed = differences(expected, opened, current);
    if (changed.length) {
      throw new WriteRefused(
        file,
        'changed',
        `not fixed: the file changed since it was analysed (${changed.join(', ')} differ${changed.length === 1 ? 's' : ''})${via}; run --fix again`,
      );
    }

    const dir = path.dirname(target);
    const removedStale = sweepOnce(dir, wfs, options.swept);
    const euid = typeof process.geteuid === 'function' ? process.geteuid() : undefined;
    // A renamed file is a new inode: it keeps the links only if there are none, the owner only if ours or
    // if we may chown (root); the group and the mode are set on it and checked below.
    const renameKeepsAll = opened.nlink === 1 && (euid === undefined || euid === 0 || opened.uid === euid);
    if (renameKeepsAll) {
      const tmp = prepareTemp(wfs, target, data, opened);
      if (tmp !== undefined) {
        try {
          // The last look before the rename: the same inode under the name, not written meanwhile.
          const now = wfs.fstatSync(fd);
          const named = wfs.statSync(target);
          if (named.ino !== opened.ino || named.dev !== opened.dev || now.size !== opened.size || now.mtimeMs !== opened.mtimeMs) {
            throw new WriteRefused(file, 'changed', `not fixed: the file changed while the fix was being written${via}; run --fix again`);
          }
          wfs.closeSync(fd); // closed before the rename: Windows does not replace an open file
          fd = undefined;
          wfs.renameSync(tmp, target);
          activeTemps.delete(tmp);
        } finally {
          removeTemp(wfs, tmp);
        }
        syncDir(wfs, dir);
        return { target, method: 'rename', removedStale };
      }
    }
    rewriteInPlace(wfs, fd, data, current);
    return { target, method: 'in-place', removedStale };
  } finally {
    if (fd !== undefined) wfs.closeSync(fd);
  }
}

/**
 * The temporary file, complete, with the target's owner, group and mode; undefined when this directory or
 * owner does not allow it (the caller then rewrites in place).
 */
function prepareTemp(wfs: WriteFs, target: string, data: Uint8Array, st: fs.Stats): string | undefined {
  const tmp = tempPathFor(target);
  let fd: number;
  try {
    fd = openExclusive(wfs, tmp);
  } catch (e) {
    const code = errorCode(e);
    // Not allowed to create a file here (or the name is too long): the target itself is writable.
    if (code === 'EACCES' || code === 'EPERM' || code === 'ENAMETOOLONG' || code === 'EROFS') return undefined;
    throw e;
  }
  activeTemps.add(tmp);
  let ok = false;
  try {
    writeAll(wfs, fd, data);
    const made = wfs.fstatSync(fd);
    if (made.uid !== st.uid || made.gid !== st.gid) {
      try {
        wfs.fchownSync(fd, st.uid, st.gid);
      } catch (e) {
        const code = errorCode(e);
        if (code === 'EPERM' || code === 'EACCES' || code === 'EINVAL') return undefined; // this owner or group is not ours to give
        throw e;
      }
    }
    // After chown, which clears the set-user-ID and set-group-ID bits.
    wfs.fchmodSync(fd, st.mode & 0o7777);
    const done = wfs.fstatSync(fd);
    if ((done.mode & 0o7777) !== (st.mode & 0o7777) || done.uid !== st.uid || done.gid !== st.gid) return undefined;
    wfs.fsyncSync(fd);
    ok = true;
    return tmp;
  } finally {
    wfs.closeSync(fd);
    if (!ok) removeTemp(wfs, tmp);
  }
}

function openExclusive(wfs: WriteFs, tmp: string): number {
  try {
    return wfs.openSync(tmp, 'wx', 0o600);
  } catch (e) {
    if (errorCode(e) !== 'EEXIST') throw e;
  }
  // Our own PID's name, left by an earlier process that had this PID (we are not writing it: one write at
  // a time). 'wx' never follows a link planted there; unlinking removes the link, not its target.
  wfs.unlinkSync(tmp);
  return wfs.openSync(tmp, 'wx', 0o600);
}

function removeTemp(wfs: WriteFs, tmp: string): void {
  if (!activeTemps.has(tmp)) return;
  try {
    wfs.unlinkSync(tmp);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw e;
  }
  activeTemps.delete(tmp);
}

/** Rewrites the target's own inode; on failure puts the original bytes back before rethrowing. */
function rewriteInPlace(wfs: WriteFs, fd: number, data: Uint8Array, original: Uint8Array): void {
  try {
    writeAll(wfs, fd, data);
    if (data.length < original.length) wfs.ftruncateSync(fd, data.length);
    wfs.fsyncSync(fd);
  } catch (e) {
    try {
      writeAll(wfs, fd, original);
      wfs.ftruncateSync(fd, original.length);
      wfs.fsyncSync(fd);
    } catch (restoreError) {
      throw new Error(
        `${describeFsError(e)}; putting the original bytes back failed too (${describeFsError(restoreError)}): the file may be damaged`,
      );
    }
    throw e;
  }
}

function writeAll(wfs: WriteFs, fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) {
    const n = wfs.writeSync(fd, data, off, data.length - off, off);
    if (n <= 0) throw new Error(`short write (${off} of ${data.length} bytes)`);
    off += n;
  }
}

function readAll(wfs: WriteFs, fd: number): Uint8Array {
  const chunks: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(64 * 1024);
    const n = wfs.readSync(fd, buf, 0, buf.length, pos);
    if (n <= 0) break;
    chunks.push(buf.subarray(0, n));
    pos += n;
  }
  return Buffer.concat(chunks);
}

function differences(expected: ReadStamp, st: fs.Stats, bytes: Uint8Array): string[] {
  const out: string[] = [];
  if (st.size !== expected.size || bytes.length !== expected.size) out.push('size');
  if (st.mtimeMs !== expected.mtimeMs) out.push('modification time');
  if (sha256(bytes) !== expected.sha256) out.push('content');
  return out;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function octal(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}

/** Makes the rename durable where directories can be opened (not on Windows). */
function syncDir(wfs: WriteFs, dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number;
  try {
    fd = wfs.openSync(dir, 'r');
  } catch (e) {
    void e; // the file is written; durability of the rename is best effort
    return;
  }
  try {
    wfs.fsyncSync(fd);
  } catch (e) {
    void e; // some file systems refuse fsync on a directory; the rename itself is done
  } finally {
    wfs.closeSync(fd);
  }
}

function sweepOnce(dir: string, wfs: WriteFs, swept: Set<string> | undefined): string[] {
  if (swept?.has(dir)) return [];
  swept?.add(dir);
  return sweepStaleTemps(dir, wfs);
}

/**
 * Removes `.NAME.mapi-lint-PID.tmp` files of processes that are no longer alive (and of this process's PID
 * when this process is not writing them: an earlier holder of the PID left them). Returns the names removed.
 */
export function sweepStaleTemps(dir: string, wfs: WriteFs = nodeWriteFs): string[] {
  let names: string[];
  try {
    names = wfs.readdirSync(dir);
  } catch (e) {
    void e; // a directory we cannot list keeps its stale files; the write itself goes on
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    const full = path.join(dir, name);
    if (pid === process.pid ? activeTemps.has(full) : isAlive(pid)) continue;
    try {
      const st = wfs.lstatSync(full);
      if (!st.isFile() && !st.isSymbolicLink()) continue; // a directory of that name is not ours
      wfs.unlinkSync(full);
      removed.push(name);
    } catch (e) {
      void e; // gone already (another run swept it) or not ours to remove: leave it
    }
  }
  return removed;
}

export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) !== 'ESRCH'; // EPERM: alive, another user's
  }
}

// Signals during a write. The write is synchronous, so a JavaScript handler cannot run in the middle of
// it; but without any handler SIGINT/SIGTERM/SIGHUP end the process at once, between the temporary file
// and the rename or in the middle of an in-place rewrite. With a handler installed the signal waits for
// the event loop: the write finishes (or its finally removes the temporary file), then the handler
// removes any temporary file left and raises the signal again with the default action, so the process
// still ends as the signal asks. The handler is removed on the next turn of the event loop (after the
// signals that arrived meanwhile were delivered to it); in the synchronous CLI that is after the run.
const DEFERRED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let deferring = false;

function deferSignalsDuringWrite(): void {
  if (deferring) return;
  deferring = true;
  const release = (): void => {
    for (const s of DEFERRED_SIGNALS) process.removeListener(s, onSignal);
    deferring = false;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    release();
    for (const tmp of [...activeTemps]) {
      try {
        removeTemp(nodeWriteFs, tmp);
      } catch (e) {
        void e; // the process is ending on a signal; a later run removes what is left (its PID is dead)
      }
    }
    // A host's own listener got this signal too and decides; otherwise the default action ends the process.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  for (const s of DEFERRED_SIGNALS) process.on(s, onSignal);
  setImmediate(release);
}
