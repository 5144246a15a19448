// The globs of the configuration's `ignore` list, matched with bounded work: a pattern compiles to a
// nondeterministic automaton (Thompson's construction) whose states are simulated side by side, so matching a
// path of L characters visits at most (L + 1) × stateCount states, whatever the pattern. Braces are
// alternatives inside the automaton, never expanded, so `{a,a}` repeated 32 times is 32 small forks, not
// 2^32 patterns. (A backtracking regular expression takes exponential time on such patterns.)
// Paths are matched in their forward-slash form, relative to the directory the pattern belongs to.
//   *      any run of characters except '/'
//   ?      one character except '/'
//   **     as a whole path segment: any number of segments (including none); at the end: everything below
//   [abc] [a-z] [!a-z] [^a-z]   one character from (or not from) a set, never '/'
//   {a,b}  alternatives, nestable (up to MAX_BRACE_DEPTH levels)
//   \x     the character x itself
// An unclosed '[' or '{' is a literal character.

export class GlobSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlobSyntaxError';
  }
}

/** Longer patterns are refused (no path on any supported system is longer; it bounds the parser's work). */
export const MAX_GLOB_LENGTH = 4096;
/** Deeper nesting of braces is refused with an error naming the pattern. */
export const MAX_BRACE_DEPTH = 16;

/** Counts the automaton states visited, so that tests can assert the bound instead of timing a match. */
export interface GlobStats {
  steps: number;
}

type Node =
  | { t: 'char'; cp: number }
  | { t: 'one' } // ?
  | { t: 'star' } // *
  | { t: 'dirs' } // "**/": zero or more whole segments
  | { t: 'rest' } // trailing "**": everything
  | { t: 'class'; negate: boolean; ranges: [number, number][] }
  | { t: 'alt'; alts: Node[][] };

type Test = (cp: number) => boolean;

const SLASH = 0x2f;
const notSlash: Test = (cp) => cp !== SLASH;
const anyChar: Test = () => true;
const slashOnly: Test = (cp) => cp === SLASH;

interface State {
  eps: number[];
  edges: { test: Test; to: number }[];
}

export class Glob {
  private readonly states: State[] = [];
  private readonly start: number;
  private readonly accept: number;
  /** For the closure and the simulation: mark[s] === generation means "already in the current set". */
  private readonly mark: Uint32Array;
  private generation = 0;

  constructor(readonly source: string) {
    if ([...source].length > MAX_GLOB_LENGTH) throw new GlobSyntaxError(`the pattern is longer than ${MAX_GLOB_LENGTH} characters`);
    const parser = new Parser(source);
    const seq = parser.sequence(false, true, 0);
    this.accept = this.state();
    this.start = this.build(seq, this.accept);
    this.mark = new Uint32Array(this.states.length);
  }

  get stateCount(): number {
    return this.states.length;
  }

  /** Whether the whole of `path` (forward slashes) matches. */
  match(path: string, stats?: GlobStats): boolean {
    let current = this.closure([this.start], stats);
    for (const ch of path) {
      if (current.length === 0) return false;
      const cp = ch.codePointAt(0)!;
      const targets: number[] = [];
      for (const s of current) for (const e of this.states[s].edges) if (e.test(cp)) targets.push(e.to);
      current = this.closure(targets, stats);
    }
    return current.includes(this.accept);
  }

  /** The states reachable from `from` through epsilon moves, each once. */
  private closure(from: readonly number[], stats: GlobStats | undefined): number[] {
    if (++this.generation === 0xffffffff) {
      this.mark.fill(0);
      this.generation = 1;
    }
    const gen = this.generation;
    const out: number[] = [];
    const stack = [...from];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (this.mark[s] === gen) continue;
      this.mark[s] = gen;
      out.push(s);
      if (stats) stats.steps++;
      for (const e of this.states[s].eps) if (this.mark[e] !== gen) stack.push(e);
    }
    return out;
  }

  private state(): number {
    this.states.push({ eps: [], edges: [] });
    return this.states.length - 1;
  }

  private edge(test: Test, to: number): number {
    const s = this.state();
    this.states[s].edges.push({ test, to });
    return s;
  }

  /** The start state of an automaton for `seq` that continues at `next`. Recursion is bounded by MAX_BRACE_DEPTH. */
  private build(seq: readonly Node[], next: number): number {
    let at = next;
    for (let i = seq.length - 1; i >= 0; i--) at = this.buildNode(seq[i], at);
    return at;
  }

  private buildNode(node: Node, next: number): number {
    switch (node.t) {
      case 'char':
        return this.edge((cp) => cp === node.cp, next);
      case 'one':
        return this.edge(notSlash, next);
      case 'class': {
        const { negate, ranges } = node;
        const inSet = (cp: number): boolean => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
        return this.edge((cp) => cp !== SLASH && inSet(cp) !== negate, next);
      }
      case 'star':
      case 'rest': {
        const loop = this.state();
        this.states[loop].eps.push(next);
        this.states[loop].edges.push({ test: node.t === 'star' ? notSlash : anyChar, to: loop });
        return loop;
      }
      case 'dirs': {
        // (.*/)? : skip, or any characters then a '/'.
        const entry = this.state();
        const inside = this.state();
        this.states[entry].eps.push(next, inside);
        this.states[inside].edges.push({ test: anyChar, to: inside }, { test: slashOnly, to: next });
        return entry;
      }
      case 'alt': {
        const fork = this.state();
        for (const alt of node.alts) this.states[fork].eps.push(this.build(alt, next));
        return fork;
      }
    }
  }
}

/** Compiles `pattern` (callers strip a leading or trailing '/'); throws GlobSyntaxError. */
export function compileGlob(pattern: string): Glob {
  return new Glob(pattern);
}

class Parser {
  private readonly cps: number[];
  pos = 0;

  constructor(private readonly src: string) {
    this.cps = [...src].map((c) => c.codePointAt(0)!);
  }

  private at(i: number): string | undefined {
    const cp = this.cps[i];
    return cp === undefined ? undefined : String.fromCodePoint(cp);
  }

  /**
   * Parses until the end or, inside braces, until an unnested ',' or '}'. `segStart`: the sequence begins
   * a path segment (for "**").
   */
  sequence(inBraces: boolean, segStart: boolean, depth: number): Node[] {
    const out: Node[] = [];
    let atSegStart = segStart;
    while (this.pos < this.cps.length) {
      const c = this.at(this.pos)!;
      if (inBraces && (c === ',' || c === '}')) return out;
      const startedSegment = atSegStart;
      atSegStart = false;
      if (c === '*') {
        if (this.at(this.pos + 1) === '*' && startedSegment && this.isSegmentEnd(this.pos + 2, inBraces)) {
          this.pos += 2;
          if (this.at(this.pos) === '/') {
            this.pos++;
            out.push({ t: 'dirs' });
            atSegStart = true;
          } else {
            out.push({ t: 'rest' });
          }
          continue;
        }
        while (this.at(this.pos) === '*') this.pos++; // '***' or 'a**b' act like '*'
        out.push({ t: 'star' });
        continue;
      }
      if (c === '?') {
        this.pos++;
        out.push({ t: 'one' });
        continue;
      }
      if (c === '[') {
        const cls = this.charClass();
        out.push(cls ?? { t: 'char', cp: this.cps[this.pos - 1] });
        continue;
      }
      if (c === '{') {
        const alt = this.braces(startedSegment, depth + 1);
        if (alt) out.push(alt);
        else {
          this.pos++;
          out.push({ t: 'char', cp: 0x7b });
        }
        continue;
      }
      if (c === '\\' && this.pos + 1 < this.cps.length) {
        out.push({ t: 'char', cp: this.cps[this.pos + 1] });
        this.pos += 2;
        continue;
      }
      out.push({ t: 'char', cp: this.cps[this.pos] });
      this.pos++;
      if (c === '/') atSegStart = true;
    }
    return out;
  }

  private isSegmentEnd(i: number, inBraces: boolean): boolean {
    const c = this.at(i);
    return c === undefined || c === '/' || (inBraces && (c === ',' || c === '}'));
  }

  /** `{a,b,...}` at pos; undefined (pos unchanged) when it is not closed: then '{' is a literal. */
  private braces(segStart: boolean, depth: number): Node | undefined {
    if (depth > MAX_BRACE_DEPTH) throw new GlobSyntaxError(`braces are nested deeper than ${MAX_BRACE_DEPTH} levels`);
    const start = this.pos;
    this.pos++; // '{'
    const alts: Node[][] = [];
    for (;;) {
      alts.push(this.sequence(true, segStart, depth));
      const c = this.at(this.pos);
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return { t: 'alt', alts };
      }
      this.pos = start;
      return undefined;
    }
  }

  /** `[...]` at pos, advancing past it; undefined (pos advanced past the '[' only) when it is not a class. */
  private charClass(): Node | undefined {
    const s = this.cps;
    let i = this.pos + 1;
    let negate = false;
    if (this.at(i) === '!' || this.at(i) === '^') {
      negate = true;
      i++;
    }
    const ranges: [number, number][] = [];
    let first = true;
    while (i < s.length && (this.at(i) !== ']' || first)) {
      first = false;
      if (this.at(i) === '\\' && i + 1 < s.length) i++;
      const lo = s[i];
      if (lo === SLASH) return this.notAClass();
      if (this.at(i + 1) === '-' && i + 2 < s.length && this.at(i + 2) !== ']') {
        let hiAt = i + 2;
        if (this.at(hiAt) === '\\' && hiAt + 1 < s.length) hiAt++;
        const hi = s[hiAt];
        if (hi < lo) return this.notAClass();
        ranges.push([lo, hi]);
        i = hiAt + 1;
        continue;
      }
      ranges.push([lo, lo]);
      i++;
    }
    if (i >= s.length) return this.notAClass(); // no closing ']'
    this.pos = i + 1;
    return { t: 'class', negate, ranges };
  }

  private notAClass(): undefined {
    this.pos++;
    return undefined;
  }
}

/** `p` with forward slashes. */
export function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}
