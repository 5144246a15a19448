// Turns the command line's paths into the list of files to lint.
// Directories are walked for C/C++ sources, skipping node_modules, .git, what .gitignore files ignore
// (those of the walked directories and of their ancestors up to the repository root) and what the
// governing .mapilintrc.json ignores. Files named explicitly are taken whatever their extension (the
// caller still skips them if they turn out to be binary); only the config's `ignore` applies to them.
import * as path from 'path';
import { ConfigError, type ConfigResolver } from './config';
import { describeFsError, errorCode, type FsLike } from './fs';
import { isGitIgnored, parseGitignore, type GitignoreFile } from './gitignore';
import { toPosix } from './glob';

export const SOURCE_EXTENSIONS: readonly string[] = ['.c', '.cc', '.cpp', '.cxx', '.h', '.hh', '.hpp', '.hxx'];
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export interface WalkProblem {
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
}

export interface WalkOptions {
  cwd: string;
  fs: FsLike;
  config: ConfigResolver;
}

export function isSourceFile(p: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(p).toLowerCase());
}

export function walk(inputs: readonly string[], options: WalkOptions): WalkResult {
  const { fs, config } = options;
  const result: WalkResult = { files: [], explicit: new Set(), problems: [], configErrors: [] };
  const seenReal = new Set<string>();
  const walkedDirs = new Set<string>();
  const gitignoreCache = new Map<string, GitignoreFile | null>();

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
  const addFile = (p: string, explicit: boolean): void => {
    let real: string;
    try {
      real = fs.realpathSync(p);
    } catch {
      real = p;
    }
    if (seenReal.has(real)) return;
    seenReal.add(real);
    result.files.push(p);
    if (explicit) result.explicit.add(p);
  };
  const gitignoreIn = (dir: string): GitignoreFile | null => {
    let g = gitignoreCache.get(dir);
    if (g !== undefined) return g;
    g = null;
    const file = path.join(dir, '.gitignore');
    try {
      const text = Buffer.from(fs.readFileSync(file)).toString('utf8');
      g = { dir, rules: parseGitignore(text) };
    } catch (e) {
      const code = errorCode(e);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') problem(file, `cannot read it (${describeFsError(e)}); its patterns are not applied`, false);
    }
    gitignoreCache.set(dir, g);
    return g;
  };
  /** The .gitignore files that apply inside `dir`, from the repository root (if any) down to `dir`'s parent. */
  const ancestorGitignores = (dir: string): GitignoreFile[] => {
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

  const walkDir = (dir: string, stack: readonly GitignoreFile[], active: Set<string>): void => {
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
    active.add(real);
    const own = gitignoreIn(dir);
    const here = own ? [...stack, own] : stack;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = fs.statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (e) {
          if (isSourceFile(full) || errorCode(e) === 'ELOOP') problem(full, `skipped: ${describeFsError(e)} (broken symbolic link)`, false);
          continue;
        }
      }
      if (!isDir && !isFile) continue;
      if (!isDir && !isSourceFile(full)) continue;
      if (isGitIgnored(here, (d) => toPosix(path.relative(d, full)), isDir)) continue;
      const ignored = ignoredByConfig(full, isDir);
      if (ignored !== false) continue;
      if (isDir) walkDir(full, here, active);
      else addFile(full, false);
    }
    active.delete(real);
  };

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
      walkDir(abs, ancestorGitignores(abs), new Set());
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
  return result;
}

function exists(fs: FsLike, p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
