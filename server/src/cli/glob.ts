// A small glob compiler shared by the config's `ignore` globs and .gitignore patterns.
// Paths are matched in their forward-slash form, relative to the directory the pattern belongs to.
//   *      any run of characters except '/'
//   ?      one character except '/'
//   **     as a whole path segment: any number of segments (including none)
//   [abc] [a-z] [!a-z] [^a-z]   one character from (or not from) a set, never '/'
//   {a,b}  alternatives (nestable); only when `braces` is set (config globs; gitignore has none)
//   \x     the character x itself

export interface GlobOptions {
  braces: boolean;
}

export class GlobSyntaxError extends Error {}

/** Compiles `pattern` (no leading or trailing '/' handling: callers strip those) to an anchored RegExp. */
export function globToRegExp(pattern: string, options: GlobOptions): RegExp {
  const p = new Parser(pattern, options);
  const body = p.parseSequence(false);
  if (p.pos < pattern.length) throw new GlobSyntaxError(`unexpected '${pattern[p.pos]}' at ${p.pos + 1} in "${pattern}"`);
  return new RegExp(`^${body}$`, 'u');
}

class Parser {
  pos = 0;
  constructor(
    private readonly src: string,
    private readonly options: GlobOptions,
  ) {}

  /** Parses until the end, or (inside braces) until an unnested ',' or '}'. */
  parseSequence(inBraces: boolean): string {
    let out = '';
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (inBraces && (c === ',' || c === '}')) return out;
      if (c === '*') {
        if (s[this.pos + 1] === '*' && this.atSegmentStart() && this.isSegmentEnd(this.pos + 2)) {
          this.pos += 2;
          if (s[this.pos] === '/') {
            this.pos++;
            out += '(?:[^/]*(?:/[^/]*)*/)?'; // "**/": zero or more whole segments
          } else {
            out += '.*'; // trailing "**": everything below
          }
          continue;
        }
        while (s[this.pos] === '*') this.pos++; // '***' or 'a**b' act like '*'
        out += '[^/]*';
        continue;
      }
      if (c === '?') {
        this.pos++;
        out += '[^/]';
        continue;
      }
      if (c === '[') {
        const cls = this.parseClass();
        if (cls !== undefined) {
          out += cls;
          continue;
        }
        this.pos++;
        out += '\\[';
        continue;
      }
      if (c === '{' && this.options.braces) {
        const alt = this.parseBraces();
        if (alt !== undefined) {
          out += alt;
          continue;
        }
        this.pos++;
        out += '\\{';
        continue;
      }
      if (c === '\\' && this.pos + 1 < s.length) {
        out += escapeRegExp(s[this.pos + 1]);
        this.pos += 2;
        continue;
      }
      out += escapeRegExp(c);
      this.pos++;
    }
    return out;
  }

  private atSegmentStart(): boolean {
    return this.pos === 0 || this.src[this.pos - 1] === '/' || this.src[this.pos - 1] === '{' || this.src[this.pos - 1] === ',';
  }

  private isSegmentEnd(i: number): boolean {
    const c = this.src[i];
    return c === undefined || c === '/' || (this.options.braces && (c === ',' || c === '}'));
  }

  private parseBraces(): string | undefined {
    const start = this.pos;
    this.pos++; // '{'
    const alts: string[] = [];
    for (;;) {
      alts.push(this.parseSequence(true));
      const c = this.src[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return `(?:${alts.join('|')})`;
      }
      // Unclosed: a literal '{'.
      this.pos = start;
      return undefined;
    }
  }

  private parseClass(): string | undefined {
    const s = this.src;
    let i = this.pos + 1;
    let negate = false;
    if (s[i] === '!' || s[i] === '^') {
      negate = true;
      i++;
    }
    let items = '';
    let first = true;
    while (i < s.length && (s[i] !== ']' || first)) {
      first = false;
      let c = s[i];
      if (c === '\\' && i + 1 < s.length) {
        i++;
        c = s[i];
      }
      if (c === '/') return undefined;
      if (s[i + 1] === '-' && i + 2 < s.length && s[i + 2] !== ']') {
        let hi = s[i + 2];
        let skip = 3;
        if (hi === '\\' && i + 3 < s.length) {
          hi = s[i + 3];
          skip = 4;
        }
        if (hi < c) return undefined;
        items += `${escapeClassChar(c)}-${escapeClassChar(hi)}`;
        i += skip;
        continue;
      }
      items += escapeClassChar(c);
      i++;
    }
    if (i >= s.length) return undefined; // no closing ']': a literal '['
    this.pos = i + 1;
    return negate ? `(?!/)[^${items}]` : `[${items}]`;
  }
}

function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function escapeClassChar(c: string): string {
  return /[\\\]^-]/.test(c) ? `\\${c}` : c;
}

/** `p` with forward slashes. */
export function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}
