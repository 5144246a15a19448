// A small glob matcher for the `ignore` list of .mapilintrc.json (gitignore-flavoured):
//   `*` and `?` stay within one path segment, `**` crosses segments, `{a,b}` alternates, `[abc]` classes;
//   a pattern without a slash matches at any depth; a leading `/` anchors it to the config's folder;
//   a pattern that matches a folder matches everything under it.

function escapeRe(ch: string): string {
  return /[.+^${}()|[\]\\*?]/.test(ch) ? `\\${ch}` : ch;
}

function translate(glob: string): string {
  let re = '';
  let i = 0;
  let braceDepth = 0;
  while (i < glob.length) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atSegStart = i === 0 || glob[i - 1] === '/';
        if (atSegStart && glob[i + 2] === '/') {
          re += '(?:[^/]*(?:/|$))*'; // `**/`: zero or more whole segments
          i += 3;
          continue;
        }
        re += '.*';
        i += 2;
        continue;
      }
      re += '[^/]*';
      i++;
    } else if (ch === '?') {
      re += '[^/]';
      i++;
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        i++;
        continue;
      }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close + 1;
    } else if (ch === '{') {
      braceDepth++;
      re += '(?:';
      i++;
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      re += ')';
      i++;
    } else if (ch === ',' && braceDepth > 0) {
      re += '|';
      i++;
    } else if (ch === '\\' && i + 1 < glob.length) {
      re += escapeRe(glob[i + 1]!);
      i += 2;
    } else {
      re += escapeRe(ch);
      i++;
    }
  }
  while (braceDepth-- > 0) re += ')';
  return re;
}

export type GlobMatcher = (relativePath: string) => boolean;

/** Compiles a list of globs into one predicate over '/'-separated paths relative to the globs' base folder. */
export function compileGlobs(globs: readonly string[]): GlobMatcher {
  const res: RegExp[] = [];
  for (let g of globs) {
    g = g.trim().replace(/\\/g, '/');
    if (!g || g.startsWith('#') || g.startsWith('!')) continue;
    if (g.startsWith('./')) g = g.slice(2);
    let anchored = false;
    if (g.startsWith('/')) {
      anchored = true;
      g = g.slice(1);
    }
    if (g.endsWith('/')) g = g.slice(0, -1);
    if (!g) continue;
    if (g.includes('/')) anchored = true;
    const body = translate(g);
    try {
      res.push(new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`));
    } catch {
      // An unusable pattern matches nothing rather than breaking the whole list.
    }
  }
  if (res.length === 0) return () => false;
  return (relativePath: string) => {
    const p = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
    if (!p || p.startsWith('../')) return false;
    // The path itself, then each of its folders.
    let cur = p;
    for (;;) {
      if (res.some((r) => r.test(cur))) return true;
      const slash = cur.lastIndexOf('/');
      if (slash <= 0) return false;
      cur = cur.slice(0, slash);
    }
  };
}
