// Turns paths into the list of files to analyse: the one walker of the CLI and of the editor's index, so that
// both pick the same files. Directories are walked for C/C++ sources, skipping SKIPPED_DIRS, what .gitignore
// files ignore (those of the walked directories and of their ancestors up to the repository root, read with
// the `ignore` package, which agrees with git), what the governing .mapilintrc.json ignores, and files larger
// than its `maxFileSize`. Files named explicitly are taken whatever their extension and size (the caller
// still skips them if they turn out to be binary); only the config's `ignore` applies to them.
// Nothing but a regular file is ever read (FIFOs and devices such as /dev/zero are skipped unread), symbolic
// link loops are not followed, an unreadable directory is a problem to report, not a crash.
import * as path from 'path';
import ignore from 'ignore';
import { ConfigError, type ConfigResolver } from './config';
import { DEFAULT_MAX_FILE_SIZE, hasSourceExtension, SKIPPED_DIRS } from './constants';
import { describeFsError, errorCode, type FsLike } from './fs';
import { toPosix } from './glob';

/** Directories nested deeper below a walked path are not entered (with a note): it bounds the ignore matching. */
export const MAX_WALK_DEPTH = 128;
/** Larger .gitignore files are not applied (with a note). */
export const MAX_GITIGNORE_BYTES = 1024 * 1024;
/**
 * A .gitignore line with more '**' than this is not applied (with a note): the `ignore` package matches '**'
 * with a backtracking regular expression whose cost grows with the path's depth to the power of their number.
 */
export const MAX_GLOBSTARS_PER_LINE = 2;

export interface WalkProblem {
  /** Relative to the working directory when below it. */
  path: string;
  message: string;
  /** An I/O error that makes the run fail (exit code 2); otherwise a note. */
  fatal: boolean;
}

export interface WalkResult {
  /** Absolute paths, in command-line order, each directory's entries sorted; no duplicates (by real path). */
  files: string[];
  /** Explicitly named files (a subset of `files`). */
  explicit: Set<string>;
  problems: WalkProblem[];
  /** Config errors met while walking, one per config file. */
  configErrors: ConfigError[];
  /** Files found by walking and left out because they are larger than their config's `maxFileSize`. */
  tooLarge: { file: string; size: number; limit: number }[];
}

export interface WalkOptions {
  cwd: string;
  fs: FsLike;
  config: ConfigResolver;
  /** Walk only the directories on the way to this absolute path (see isWalked). */
  along?: string;
}

export function newWalkResult(): WalkResult {
  return { files: [], explicit: new Set(), problems: [], configErrors: [], tooLarge: [] };
}

/** Walks `inputs` (relative to options.cwd) to the end. */
export function walk(inputs: readonly string[], options: WalkOptions): WalkResult {
  const result = newWalkResult();
  const steps = walkSteps(inputs, options, result);
  while (!steps.next().done) {
    // every directory read is one step; the CLI takes them all at once
  }
  return result;
}

/**
 * Whether walking `root` lists `file` (both absolute): the same decisions as the whole walk, taken only on
 * the way from `root` to `file`, for the editor's file-watch events.
 */
export function isWalked(root: string, file: string, options: Omit<WalkOptions, 'along' | 'cwd'>): boolean {
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  return walk([root], { ...options, cwd: root, along: file }).files.includes(file);
}

interface GitignoreFile {
  dir: string;
  rules: ReturnType<typeof ignore>;
}

/**
 * The walk as steps, one per directory read, filling `result` as it goes: the editor's index takes them a few
 * at a time between other work, and may stop early (then `result` holds the files found so far).
 */
export function* walkSteps(inputs: readonly string[], options: WalkOptions, result: WalkResult): Generator<void, void, void> {
  const { fs, config } = options;
  const seenReal = new Set<string>();
  const walkedDirs = new Set<string>();
  const gitignoreCache = new Map<string, GitignoreFile | null>();
  // As git does where the file system ignores case (its core.ignorecase default).
  const ignorecase = process.platform === 'win32' || process.platform === 'darwin';

  const display = (p: string): string => {
    const rel = path.relative(options.cwd, p);
    return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
  };
  const problem = (p: string, message: string, fatal: boolean): void => {
    result.problems.push({ path: display(p), message, fatal });
  };
  const configError = (e: unknown): boolean => {
    if (!(e instanceof ConfigError)) return false;
    if (!result.configErrors.some((c) => c.file === e.file)) result.configErrors.push(e);
    return true;
  };
  /** True when the config ignores the path; undefined when its config is broken (already recorded). */
  const ignoredByConfig = (p: string, isDir: boolean): boolean | undefined => {
    try {
      return config.isIgnored(p, isDir);
    } catch (e) {
      if (configError(e)) return undefined;
      throw e;
    }
  };
  const maxFileSize = (file: string): number => {
    try {
      return config.configForFile(file)?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    } catch (e) {
      if (configError(e)) return DEFAULT_MAX_FILE_SIZE;
      throw e;
    }
  };
  /** `known`: the real path when the caller has it (a regular file listed in a directory whose real path it has). */
  const addFile = (p: string, explicit: boolean, known?: string): void => {
    let real = known ?? p;
    if (known === undefined) {
      try {
        real = fs.realpathSync(p);
      } catch {
        // It vanished or cannot be resolved: keep the path itself; reading it will report why.
      }
    }
    if (seenReal.has(real)) return;
    seenReal.add(real);
    result.files.push(p);
    if (explicit) result.explicit.add(p);
  };
  const gitignoreIn = (dir: string): GitignoreFile | null => {
    const cached = gitignoreCache.get(dir);
    if (cached !== undefined) return cached;
    const file = path.join(dir, '.gitignore');
    const g = readGitignore(file);
    gitignoreCache.set(dir, g);
    return g;
  };
  const readGitignore = (file: string): GitignoreFile | null => {
    let text: string;
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) {
        problem(file, 'not a regular file; its patterns are not applied', false);
        return null;
      }
      if (st.size > MAX_GITIGNORE_BYTES) {
        problem(file, `larger than ${MAX_GITIGNORE_BYTES / 1024 / 1024} MB; its patterns are not applied`, false);
        return null;
      }
      text = Buffer.from(fs.readFileSync(file)).toString('utf8');
    } catch (e) {
      const code = errorCode(e);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') problem(file, `cannot read it (${describeFsError(e)}); its patterns are not applied`, false);
      return null;
    }
    const lines = text.split(/\r?\n/);
    const kept: string[] = [];
    lines.forEach((line, i) => {
      if ((line.match(/\*\*/g) ?? []).length > MAX_GLOBSTARS_PER_LINE) {
        problem(file, `line ${i + 1}: a pattern with more than ${MAX_GLOBSTARS_PER_LINE} "**" is not applied (too costly to match)`, false);
      } else {
        kept.push(line);
      }
    });
    return { dir: path.dirname(file), rules: ignore({ ignorecase }).add(kept) };
  };
  /** The .gitignore files that apply inside `dir`, from the repository root down to `dir`'s parent. */
  const ancestorGitignores = (dir: string): GitignoreFile[] => {
    if (exists(fs, path.join(dir, '.git'))) return []; // `dir` is the repository root
    const chain: string[] = [];
    for (let d = path.dirname(dir); ; d = path.dirname(d)) {
      chain.push(d);
      if (exists(fs, path.join(d, '.git'))) break;
      if (path.dirname(d) === d) return []; // not in a repository: only the walked tree's own files count
    }
    return chain
      .reverse()
      .map(gitignoreIn)
      .filter((g): g is GitignoreFile => g !== null);
  };

  function* walkDir(dir: string, stack: readonly GitignoreFile[], active: Set<string>, depth: number): Generator<void, void, void> {
    if (depth > MAX_WALK_DEPTH) {
      problem(dir, `more than ${MAX_WALK_DEPTH} directories deep; not walked`, false);
      return;
    }
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      problem(dir, `cannot read directory: ${describeFsError(e)}`, true);
      return;
    }
    if (active.has(real)) {
      problem(dir, 'symbolic link loop; not followed', false);
      return;
    }
    if (walkedDirs.has(real)) return; // reached twice through links: its files are already listed
    walkedDirs.add(real);
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problem(dir, `cannot read directory: ${describeFsError(e)}`, true);
      return;
    }
    yield;
    active.add(real);
    const own = gitignoreIn(dir);
    const here = own ? [...stack, own] : stack;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (options.along !== undefined && full !== options.along && !options.along.startsWith(full + path.sep)) continue;
      const source = hasSourceExtension(full);
      let kind = entryKind(entry);
      let size: number | undefined;
      if (entry.isSymbolicLink()) {
        try {
          const st = fs.statSync(full);
          kind = entryKind(st);
          size = st.size;
        } catch (e) {
          if (source || errorCode(e) === 'ELOOP') problem(full, `skipped: ${describeFsError(e)} (broken symbolic link)`, false);
          continue;
        }
      }
      if (kind !== 'file' && kind !== 'dir') {
        if (source) problem(full, `skipped: not a regular file (${kind}); never read`, false);
        continue;
      }
      const isDir = kind === 'dir';
      if (!isDir && !source) continue;
      if (isGitIgnored(here, full, isDir)) continue;
      if (ignoredByConfig(full, isDir) !== false) continue;
      if (isDir) {
        yield* walkDir(full, here, active, depth + 1);
        continue;
      }
      // A regular file listed here (not a link) is at the directory's real path: no resolution per file.
      const known = entry.isSymbolicLink() ? undefined : path.join(real, entry.name);
      if (size === undefined) {
        try {
          size = fs.statSync(full).size;
        } catch {
          addFile(full, false); // vanished since the listing: reading it reports that
          continue;
        }
      }
      const limit = maxFileSize(full);
      if (size > limit) {
        result.tooLarge.push({ file: full, size, limit });
        continue;
      }
      addFile(full, false, known);
    }
    active.delete(real);
  }

  for (const input of inputs) {
    const abs = path.resolve(options.cwd, input);
    let st;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      problem(abs, describeFsError(e), true);
      continue;
    }
    if (st.isDirectory()) {
      const ignored = ignoredByConfig(abs, true);
      if (ignored === undefined) continue;
      if (ignored) {
        problem(abs, 'directory ignored by the "ignore" setting of its .mapilintrc.json', false);
        continue;
      }
      // A folder asked for by name (or the editor's workspace folder) inside one that a .gitignore ignores is
      // walked all the same, with only its own .gitignore files: the user asked for it.
      const ancestors = ancestorGitignores(abs);
      yield* walkDir(abs, isGitIgnored(ancestors, abs, true) ? [] : ancestors, new Set(), 0);
    } else if (st.isFile()) {
      const ignored = ignoredByConfig(abs, false);
      if (ignored === undefined) continue;
      if (ignored) {
        problem(abs, 'file ignored by the "ignore" setting of its .mapilintrc.json', false);
        continue;
      }
      addFile(abs, true);
    } else {
      problem(abs, 'not a regular file or directory', true);
    }
  }
}

type EntryKind = 'file' | 'dir' | 'a FIFO' | 'a device' | 'a socket' | 'a symbolic link' | 'unknown';

function entryKind(e: { isFile(): boolean; isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isSymbolicLink(): boolean }): EntryKind {
  if (e.isFile()) return 'file';
  if (e.isDirectory()) return 'dir';
  if (e.isFIFO()) return 'a FIFO';
  if (e.isCharacterDevice() || e.isBlockDevice()) return 'a device';
  if (e.isSocket()) return 'a socket';
  if (e.isSymbolicLink()) return 'a symbolic link';
  return 'unknown';
}

/**
 * Whether a stack of .gitignore files (shallowest first) ignores `absPath`: the deepest file with a matching
 * line decides, and within a file the last matching line (as in git).
 */
function isGitIgnored(stack: readonly GitignoreFile[], absPath: string, isDir: boolean): boolean {
  for (let i = stack.length - 1; i >= 0; i--) {
    const { dir, rules } = stack[i];
    const rel = toPosix(path.relative(dir, absPath));
    if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) continue;
    const p = isDir ? `${rel}/` : rel;
    if (!ignore.isPathValid(p)) continue;
    const r = rules.test(p);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

function exists(fs: FsLike, p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch (e) {
    return errorCode(e) !== 'ENOENT' && errorCode(e) !== 'ENOTDIR'; // present but unreadable still counts
  }
}
