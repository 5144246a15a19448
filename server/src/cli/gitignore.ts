// .gitignore matching (the subset that matters for finding source files):
// blank lines and '#' comments, '\#' and '\!' escapes, trailing spaces (unless escaped), '!' negation,
// a trailing '/' for directories only, a leading or middle '/' anchoring the pattern to the .gitignore's
// directory (otherwise it matches at any depth), and '*', '?', '**', '[...]'.
// Precedence as in git: within a file the last matching line wins; a deeper .gitignore wins over a
// shallower one. A file under an ignored directory stays ignored (the walker never enters the directory).
import { globToRegExp, GlobSyntaxError } from './glob';

export interface GitignoreRule {
  negate: boolean;
  dirOnly: boolean;
  regex: RegExp;
  source: string;
}

export function parseGitignore(text: string): GitignoreRule[] {
  const rules: GitignoreRule[] = [];
  for (const rawLine of text.split('\n')) {
    let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '' || line.startsWith('#')) continue;
    line = trimTrailingSpaces(line);
    if (line === '') continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\#') || line.startsWith('\\!')) {
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/') && !line.endsWith('\\/')) {
      dirOnly = true;
      line = line.replace(/\/+$/, '');
    }
    if (line === '') continue;
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const glob = anchored || line.startsWith('**/') ? line : `**/${line}`;
    try {
      rules.push({ negate, dirOnly, regex: globToRegExp(glob, { braces: false }), source: rawLine });
    } catch (e) {
      if (!(e instanceof GlobSyntaxError)) throw e; // git skips patterns it cannot use; so do we
    }
  }
  return rules;
}

function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && !(end >= 2 && line[end - 2] === '\\')) end--;
  let out = line.slice(0, end);
  if (out.endsWith('\\ ')) out = `${out.slice(0, -2)} `;
  return out;
}

/** The .gitignore rules of one directory (`dir` is absolute, in the platform's form). */
export interface GitignoreFile {
  dir: string;
  rules: GitignoreRule[];
}

/**
 * Decides whether `relFromEach(file)` is ignored by a stack of .gitignore files, shallowest first.
 * `rel(dir)` must give the candidate's path relative to `dir` with forward slashes.
 */
export function isGitIgnored(stack: readonly GitignoreFile[], rel: (dir: string) => string, isDir: boolean): boolean {
  for (let f = stack.length - 1; f >= 0; f--) {
    const { rules, dir } = stack[f];
    const r = rel(dir);
    if (r === '' || r.startsWith('../')) continue;
    for (let i = rules.length - 1; i >= 0; i--) {
      const rule = rules[i];
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(r)) return !rule.negate;
    }
  }
  return false;
}
