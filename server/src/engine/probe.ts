// The relevance probe: one lexer pass over a file, before any parse. It tells whether the file takes part
// in the protocol (it mentions a provider interface or the support object) and which names it defines at file
// or namespace level (classes, `Class::` members, functions, globals, typedefs, enumerators, macros), so that
// the analysis can bring in the file that defines a name the simulation looked for and did not find.
// The probe reads every file of a workspace, so it lexes into typed arrays (kind, offsets, line start) that
// are reused from file to file, and reads a token's text only where it needs a name: the same tokens as the
// preprocessor's lexer (pre/lex.ts), without an object and a string per token.

import { scanQuoted, scanRawString } from './pre/lex';

export interface FileProbe {
  /** The file mentions a protocol interface or the support object in code. */
  seed: boolean;
  /** Names the file defines: `Name`, and `Class::` / `Class::member` for out-of-line members. */
  defines: string[];
}

/** The interfaces a provider implements: a class that derives from one of them makes its file a seed. */
const PROTOCOL_INTERFACES = new Set(['IMsgStore', 'IMSLogon', 'IABLogon', 'IXPLogon', 'IMSProvider', 'IABProvider', 'IXPProvider']);
/** Methods whose definition (`X::StoreLogoff`, `IMS_StoreLogoff`, a logon's `ABPLOGON_Logoff`) makes its file a seed. */
const PROTOCOL_METHODS = /(^|::|_)(StoreLogoff|TransportLogoff|Logoff)$/;

const KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'else', 'do', 'case', 'catch', 'new', 'delete', 'throw', 'decltype', 'alignof', 'static_assert', 'operator', 'defined']);

/** A file nobody needs to read: not seed and defining nothing (set when the probe was never run). */
export const NOT_PROBED: FileProbe = { seed: false, defines: [] };

export function probeText(text: string): FileProbe {
  // Macro definitions: `#define NAME`.
  const defines = new Set<string>();
  if (text.includes('define')) for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)) defines.add(m[1]);
  const n = scan(text);
  const x = new Toks(text, n);
  let seed = false;
  // Braces that are not namespace, extern "C" or class bodies open code we do not look into.
  const stack: number[] = [];
  let codeDepth = 0;
  let pendingNs = false;
  for (let i = 0; i < n; i++) {
    // The loop's hot path (every token, code bodies included) reads the token's first character and length
    // once, without a call.
    const s0 = starts[i];
    const len = ends[i] - s0;
    const c1 = len === 1 ? text.charCodeAt(s0) : -1;
    if (c1 === HASH && lineStart[i]) {
      // Skip the directive line.
      while (i + 1 < n && !lineStart[i + 1]) i++;
      continue;
    }
    if (c1 === LBRACE) {
      const b = pendingNs ? NS : classBrace(x, i) ? CLS : CODE;
      stack.push(b);
      if (b === CODE) codeDepth++;
      pendingNs = false;
      continue;
    }
    if (c1 === RBRACE) {
      if (stack.pop() === CODE) codeDepth--;
      continue;
    }
    const k = kinds[i];
    if (k === ID && ((len === 9 && x.is(i, 'namespace')) || (len === 6 && x.is(i, 'extern') && x.kind(i + 1) === STR))) {
      pendingNs = true;
      continue;
    }
    if (c1 === SEMI) pendingNs = false;
    if (codeDepth > 0) continue;
    if (k !== ID) continue;
    const t = x.text(i);
    // Class heads: the names between the keyword and `{` or `:`.
    if ((t === 'class' || t === 'struct' || t === 'union' || t === 'enum') && !x.is(i - 1, 'friend')) {
      for (let j = i + 1; j < n && j < i + 12; j++) {
        const c = x.ch(j);
        if (c === LBRACE || c === COLON || c === SEMI || c === LT || c === LPAREN) {
          if ((c === LBRACE || c === COLON || c === LT) && x.kind(j - 1) === ID) defines.add(x.text(j - 1));
          // A base list naming a provider interface (directly or as a template argument).
          if (c === COLON && !seed) {
            for (let k = j + 1; k < n && k < j + 80 && x.ch(k) !== LBRACE && x.ch(k) !== SEMI; k++) if (kinds[k] === ID && PROTOCOL_INTERFACES.has(x.text(k))) seed = true;
          }
          break;
        }
        if (kinds[j] === ID && !x.is(j + 1, '::')) defines.add(x.text(j));
      }
      continue;
    }
    // `Name::member` at file level: a member defined out of line.
    if (x.is(i + 1, '::') && (x.kind(i + 2) === ID || x.ch(i + 2) === TILDE) && !x.is(i - 1, '::')) {
      let j = i;
      const parts = [t];
      while (x.is(j + 1, '::') && x.kind(j + 2) === ID) {
        parts.push(x.text(j + 2));
        j += 2;
      }
      if (x.is(j + 1, '::') && x.ch(j + 2) === TILDE && x.kind(j + 3) === ID) {
        parts.push(`~${x.text(j + 3)}`);
        j += 3;
      }
      if (isDefinitionAt(x, j + 1)) {
        for (let k = 0; k + 1 < parts.length; k++) {
          defines.add(`${parts[k]}::`);
          defines.add(`${parts[k]}::${parts[k + 1]}`);
        }
      }
      i = j;
      continue;
    }
    if (KEYWORDS.has(t)) continue;
    const next = x.ch(i + 1);
    // A function defined here: `name(…) {`.
    if (next === LPAREN && !x.is(i - 1, '::') && x.ch(i - 1) !== DOT && !x.is(i - 1, '->') && isDefinitionAt(x, i + 1)) {
      defines.add(t);
      continue;
    }
    // A global with an initializer, a typedef's names, an alias.
    if ((next === EQ || (next === LBRACKET && x.anyHas(i + 1, 8, EQ))) && i > 0 && (kinds[i - 1] === ID || x.ch(i - 1) === STAR)) defines.add(t);
    if (t === 'typedef') {
      let depth = 0;
      for (let j = i + 1; j < n; j++) {
        const c = x.ch(j);
        if (c === LBRACE || c === LPAREN) depth++;
        else if (c === RBRACE || c === RPAREN) depth--;
        if (depth < 0) break;
        if ((c === SEMI || c === COMMA) && depth === 0 && x.kind(j - 1) === ID) defines.add(x.text(j - 1));
        if (kinds[j] === ID && x.ch(j - 1) === STAR && x.ch(j - 2) === LPAREN) defines.add(x.text(j));
        if (c === SEMI && depth === 0) break;
      }
    }
    if (t === 'using' && x.kind(i + 1) === ID && x.ch(i + 2) === EQ) defines.add(x.text(i + 1));
  }
  // Enumerators: inside `enum … { A, B = 1 }` bodies.
  if (text.includes('enum')) {
    for (let i = 0; i < n; i++) {
      if (!x.is(i, 'enum')) continue;
      let j = i + 1;
      while (j < n && j < i + 8 && x.ch(j) !== LBRACE && x.ch(j) !== SEMI) j++;
      if (x.ch(j) !== LBRACE) continue;
      let expectName = true;
      for (let k = j + 1, depth = 0; k < n; k++) {
        const c = x.ch(k);
        if (c === LPAREN || c === LBRACE) depth++;
        else if (c === RPAREN) depth--;
        else if (c === RBRACE) {
          if (depth === 0) break;
          depth--;
        } else if (c === COMMA && depth === 0) expectName = true;
        else if (expectName && kinds[k] === ID) {
          defines.add(x.text(k));
          expectName = false;
        }
      }
    }
  }
  if (!seed) for (const d of defines) if (PROTOCOL_METHODS.test(d)) seed = true;
  releaseLarge();
  return { seed, defines: [...defines] };
}

/** The probe's tokens of a text, as pre/lex.ts's lex() gives them (kind, offsets, line start): for tests. */
export function probeTokens(text: string): { kind: 'id' | 'num' | 'str' | 'chr' | 'punct' | 'other'; start: number; end: number; lineStart: boolean }[] {
  const names = ['', 'id', 'num', 'str', 'chr', 'punct', 'other'] as const;
  const n = scan(text);
  const out = [];
  for (let i = 0; i < n; i++) out.push({ kind: names[kinds[i]] as 'id', start: starts[i], end: ends[i], lineStart: lineStart[i] === 1 });
  releaseLarge();
  return out;
}

/** Whether the `(` at `open` starts a parameter list followed by a body (a definition, not a call or prototype). */
function isDefinitionAt(x: Toks, open: number): boolean {
  if (x.ch(open) !== LPAREN) return false;
  const n = x.n;
  let depth = 0;
  let j = open;
  for (; j < n; j++) {
    const c = x.ch(j);
    if (c === LPAREN) depth++;
    else if (c === RPAREN) {
      depth--;
      if (depth === 0) break;
    } else if (c === SEMI || c === LBRACE || c === RBRACE) return false;
  }
  for (let k = j + 1; k < n && k < j + 12; k++) {
    const c = x.ch(k);
    if (c === LBRACE || c === COLON || x.is(k, 'try')) return true;
    if (c === SEMI || c === EQ || c === COMMA || c === RPAREN) return false;
  }
  return false;
}

function classBrace(x: Toks, i: number): boolean {
  for (let j = i - 1, k = 0; j >= 0 && k < 40; j--, k++) {
    const c = x.ch(j);
    if (c === SEMI || c === RBRACE || c === LBRACE || c === RPAREN || c === EQ) return false;
    if (kinds[j] === ID && (x.is(j, 'class') || x.is(j, 'struct') || x.is(j, 'union') || x.is(j, 'enum'))) return true;
  }
  return false;
}

// ---- the lexer ------------------------------------------------------------------------------------------

// Token kinds (pre/lex.ts's TokKind).
const ID = 1;
const NUM = 2;
const STR = 3;
const CHR = 4;
const PUNCT = 5;
const OTHER = 6;

// Brace kinds.
const NS = 0;
const CLS = 1;
const CODE = 2;

const HASH = 35;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const COMMA = 44;
const DOT = 46;
const COLON = 58;
const SEMI = 59;
const LT = 60;
const EQ = 61;
const LBRACKET = 91;
const LBRACE = 123;
const RBRACE = 125;
const TILDE = 126;

/** The tokens of the last scan: kind, offsets, and whether each is the first on its line. Reused per file. */
let kinds = new Uint8Array(4096);
let starts = new Int32Array(4096);
let ends = new Int32Array(4096);
let lineStart = new Uint8Array(4096);

/** Buffers grown past this many tokens (a huge file) are given back after its probe. */
const KEEP_TOKENS = 1 << 18;

function grow(min: number): void {
  let cap = kinds.length;
  while (cap < min) cap *= 2;
  const k = new Uint8Array(cap);
  k.set(kinds);
  const s = new Int32Array(cap);
  s.set(starts);
  const e = new Int32Array(cap);
  e.set(ends);
  const l = new Uint8Array(cap);
  l.set(lineStart);
  kinds = k;
  starts = s;
  ends = e;
  lineStart = l;
}

function releaseLarge(): void {
  if (kinds.length <= KEEP_TOKENS) return;
  kinds = new Uint8Array(4096);
  starts = new Int32Array(4096);
  ends = new Int32Array(4096);
  lineStart = new Uint8Array(4096);
}

/** Reads the tokens of the last scan; every index outside [0, n) is no token. */
class Toks {
  constructor(
    readonly src: string,
    readonly n: number,
  ) {}

  kind(i: number): number {
    return i >= 0 && i < this.n ? kinds[i] : 0;
  }

  /** The character of a one-character token, else -1. */
  ch(i: number): number {
    return i >= 0 && i < this.n && ends[i] - starts[i] === 1 ? this.src.charCodeAt(starts[i]) : -1;
  }

  is(i: number, s: string): boolean {
    return i >= 0 && i < this.n && ends[i] - starts[i] === s.length && this.src.startsWith(s, starts[i]);
  }

  text(i: number): string {
    return this.src.slice(starts[i], ends[i]);
  }

  /** Whether one of the `count` tokens from `from` contains the character `c`. */
  anyHas(from: number, count: number, c: number): boolean {
    const to = Math.min(this.n, from + count);
    for (let k = Math.max(0, from); k < to; k++) for (let p = starts[k]; p < ends[k]; p++) if (this.src.charCodeAt(p) === c) return true;
    return false;
  }
}

/** `!%^&*()-+=[]{}|;:<>,.?~#/` are punctuators; any other character outside identifiers and literals is `other`. */
const PUNCT_CHAR = new Uint8Array(128);
for (const c of '!%^&*()-+=[]{}|;:<>,.?~#/') PUNCT_CHAR[c.charCodeAt(0)] = 1;
const LITERAL_PREFIXES = new Set(['L', 'u8', 'u', 'U', 'R', 'LR', 'u8R', 'uR', 'UR']);
/**
 * pre/lex.ts's isIdStart / isIdPart for ASCII, as a table (2: starts an identifier, 1: continues one); every
 * character from 0x80 up does both. A lookup instead of a call per character: the scan runs cold on most runs.
 */
const ID_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) ID_CHAR[c] = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 ? 2 : c >= 48 && c <= 57 ? 1 : 0;

/** Lexes `t` into the token buffers as pre/lex.ts's lex(t) would; returns the number of tokens. */
function scan(t: string): number {
  const n = t.length;
  if (kinds.length < (n >> 3) + 64) grow((n >> 3) + 64);
  let count = 0;
  let i = 0;
  let first = true;
  for (;;) {
    // Whitespace, comments and line continuations; whether a line break was crossed.
    let nl = false;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 10) {
        nl = true;
        i++;
      } else if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) {
        i++;
      } else if (c === 92 && (t.charCodeAt(i + 1) === 10 || (t.charCodeAt(i + 1) === 13 && t.charCodeAt(i + 2) === 10))) {
        i += t.charCodeAt(i + 1) === 13 ? 3 : 2;
      } else if (c === 47 && t.charCodeAt(i + 1) === 47) {
        // Line comment, continued by a backslash at the end of its line.
        i += 2;
        while (i < n) {
          if (t.charCodeAt(i) === 10) {
            let j = i - 1;
            if (t.charCodeAt(j) === 13) j--;
            if (t.charCodeAt(j) !== 92) break;
          }
          i++;
        }
      } else if (c === 47 && t.charCodeAt(i + 1) === 42) {
        const end = t.indexOf('*/', i + 2);
        const stop = end < 0 ? n : end + 2;
        for (let p = i; p < stop; p++) {
          if (t.charCodeAt(p) === 10) {
            nl = true;
            break;
          }
        }
        i = stop;
      } else break;
    }
    const atLineStart = first || nl;
    first = false;
    if (i >= n) break;
    const c = t.charCodeAt(i);
    let end: number;
    let kind: number;
    if (c >= 128 || ID_CHAR[c] === 2) {
      end = i + 1;
      while (end < n) {
        const d = t.charCodeAt(end);
        if (d >= 128 || ID_CHAR[d] !== 0) end++;
        else break;
      }
      const q = t.charCodeAt(end);
      if ((q === 34 || q === 39) && end - i <= 3 && LITERAL_PREFIXES.has(t.slice(i, end))) {
        // An encoding prefix or raw-string prefix belongs to the literal.
        end = t.charCodeAt(end - 1) === 82 && q === 34 ? scanRawString(t, end) : scanQuoted(t, end, q);
        kind = q === 34 ? STR : CHR;
      } else kind = ID;
    } else if ((c >= 48 && c <= 57) || (c === 46 && t.charCodeAt(i + 1) >= 48 && t.charCodeAt(i + 1) <= 57)) {
      // pp-number: digits, letters, dots, exponent signs, digit separators.
      end = i + 1;
      while (end < n) {
        const d = t.charCodeAt(end);
        if (d >= 128 || ID_CHAR[d] !== 0 || d === 46 || (d === 39 && isIdPartAt(t, end + 1))) end++;
        else if (d === 43 || d === 45) {
          const p = t.charCodeAt(end - 1);
          if (p === 101 || p === 69 || p === 112 || p === 80) end++;
          else break;
        } else break;
      }
      kind = NUM;
    } else if (c === 34) {
      end = scanQuoted(t, i, 34);
      kind = STR;
    } else if (c === 39) {
      end = scanQuoted(t, i, 39);
      kind = CHR;
    } else {
      end = i + punctLength(t, i, c);
      kind = c < 128 && PUNCT_CHAR[c] ? PUNCT : OTHER;
    }
    if (count >= kinds.length) grow(count + 1);
    kinds[count] = kind;
    starts[count] = i;
    ends[count] = end;
    lineStart[count] = atLineStart ? 1 : 0;
    count++;
    i = end;
  }
  return count;
}

function isIdPartAt(t: string, i: number): boolean {
  const d = t.charCodeAt(i);
  return d >= 128 || (d >= 0 && ID_CHAR[d] !== 0);
}

/** The length of the punctuator at `i` (pre/lex.ts's three- and two-character lists, else one character). */
function punctLength(t: string, i: number, a: number): number {
  const b = t.charCodeAt(i + 1);
  const d = t.charCodeAt(i + 2);
  // <<=  >>=  ...  ->*  <=>
  if ((a === 60 && b === 60 && d === 61) || (a === 62 && b === 62 && d === 61) || (a === 46 && b === 46 && d === 46) || (a === 45 && b === 62 && d === 42) || (a === 60 && b === 61 && d === 62)) return 3;
  switch (a) {
    case 58: // ::
      return b === 58 ? 2 : 1;
    case 45: // ->  --  -=
      return b === 62 || b === 45 || b === 61 ? 2 : 1;
    case 43: // ++  +=
      return b === 43 || b === 61 ? 2 : 1;
    case 60: // <<  <=
      return b === 60 || b === 61 ? 2 : 1;
    case 62: // >>  >=
      return b === 62 || b === 61 ? 2 : 1;
    case 38: // &&  &=
      return b === 38 || b === 61 ? 2 : 1;
    case 124: // ||  |=
      return b === 124 || b === 61 ? 2 : 1;
    case 61: // ==
    case 33: // !=
    case 42: // *=
    case 47: // /=
    case 37: // %=
    case 94: // ^=
      return b === 61 ? 2 : 1;
    case 35: // ##
      return b === 35 ? 2 : 1;
    case 46: // .*
      return b === 42 ? 2 : 1;
    default:
      return 1;
  }
}

