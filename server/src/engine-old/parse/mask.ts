// COM/MAPI macros confuse a C++ grammar (STDMETHODIMP_(ULONG) parses as a call). Before parsing, this pass
// rewrites the macros it knows into plain C++ *of the same length* and blanks `#if 0` blocks, so that every
// offset, line and column of the masked text is the offset, line and column of the original text. Fixes and
// locations therefore never need a mapping back. Comments, string literals and preprocessor lines are skipped:
// text inside them is never rewritten.

/** Object-like macros replaced by a same-length word (or blanks). */
const WORD_MACROS: ReadonlyMap<string, string> = new Map([
  ['STDMETHODIMP', 'HRESULT'],
  ['STDAPI', 'long'],
  ['THIS', 'void'],
]);

/** Object-like macros that expand to calling conventions, annotations or nothing: blanked. */
const BLANK_MACROS: ReadonlySet<string> = new Set([
  'FAR', 'NEAR', 'far', 'near', 'PASCAL', 'CDECL', 'WINAPI', 'CALLBACK', 'APIENTRY',
  'STDMETHODCALLTYPE', 'STDAPICALLTYPE', 'STDMETHODVCALLTYPE', 'STDAPIVCALLTYPE',
  '__stdcall', '__cdecl', '__fastcall', '__thiscall',
  'THIS_', 'EXTERN_C', 'BEGIN_INTERFACE', 'END_INTERFACE', 'PURE', 'IMPL',
  'DECLSPEC_NOVTABLE', 'DECLSPEC_NOTHROW', 'ATL_NO_VTABLE', 'NOTHROW',
  '__in', '__out', '__inout', '__in_opt', '__out_opt', '__inout_opt', '__reserved', '__deref_out', '__deref_out_opt',
]);

/** Function-like macros whose whole invocation (name and arguments) is blanked. */
const BLANK_CALL_MACROS: ReadonlySet<string> = new Set([
  'DECLSPEC_UUID', 'MIDL_INTERFACE', 'DECLARE_INTERFACE', '__declspec_uuid', 'UNREFERENCED_PARAMETER',
]);

const SAL_ANNOTATION = /^_(?:In|Out|Inout|Ret|Deref|Outptr|Pre|Post|Field|Check_return|Success|Printf_format_string|Reserved|Frees_ptr|Post_invalid|When|Use_decl_annotations)\w*_$/;
/** Calling-convention macros of every SDK: STDMAPIINITCALLTYPE, STDMETHODCALLTYPE, ... */
const CALLTYPE = /^[A-Z_]+CALLTYPE$/;
const INTERFACE_METHOD_LIST = /^MAPI_I\w+_METHODS$|^DECLARE_\w+_METHODS$/;
/** ATL class-body macros (COM maps, aggregation and registry declarations): declarations we do not model. */
const ATL_BODY_MACRO = /^(BEGIN_\w+_MAP|END_\w+_MAP|COM_INTERFACE_ENTRY\w*|DECLARE_(PROTECT_FINAL_CONSTRUCT|NOT_AGGREGATABLE|AGGREGATABLE|ONLY_AGGREGATABLE|POLY_AGGREGATABLE|NO_REGISTRY|REGISTRY\w*|CLASSFACTORY\w*|GET_CONTROLLING_UNKNOWN|LIBID))$/;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** Replace text[from, to) by blanks, keeping line breaks so rows and columns stay put. */
function blank(out: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const ch = out[i];
    if (ch !== '\n' && ch !== '\r') out[i] = ' ';
  }
}

/** Put `word` at `at` and blank the rest of [at, end). The word must not be longer than the span. */
function place(out: string[], at: number, end: number, word: string): void {
  blank(out, at, end);
  for (let i = 0; i < word.length; i++) out[at + i] = word[i];
}

interface Scanner {
  text: string;
  pos: number;
}

/** Skip a comment or literal starting at s.pos; returns true if one was skipped. */
function skipTrivia(s: Scanner): boolean {
  const t = s.text;
  const c = t.charCodeAt(s.pos);
  const n = t.charCodeAt(s.pos + 1);
  if (c === 47 /* / */ && n === 47) {
    // Line comment; a backslash at the end of the line continues it.
    let i = s.pos + 2;
    while (i < t.length) {
      const ch = t.charCodeAt(i);
      if (ch === 10) {
        let j = i - 1;
        if (t.charCodeAt(j) === 13) j--;
        if (t.charCodeAt(j) !== 92) break;
      }
      i++;
    }
    s.pos = i;
    return true;
  }
  if (c === 47 && n === 42 /* * */) {
    const end = t.indexOf('*/', s.pos + 2);
    s.pos = end < 0 ? t.length : end + 2;
    return true;
  }
  if (c === 34 /* " */ || c === 39 /* ' */) {
    // Raw strings R"delim( ... )delim" are handled by the caller (they start with an identifier char).
    let i = s.pos + 1;
    while (i < t.length) {
      const ch = t.charCodeAt(i);
      if (ch === 92) {
        i += 2;
        continue;
      }
      if (ch === c || ch === 10) break;
      i++;
    }
    s.pos = Math.min(i + 1, t.length);
    return true;
  }
  return false;
}

/** Position just after the `)` that closes the `(` at `open` (skipping comments and literals), or -1. */
function matchParen(text: string, open: number): number {
  const s: Scanner = { text, pos: open + 1 };
  let depth = 1;
  while (s.pos < text.length) {
    if (skipTrivia(s)) continue;
    const c = text.charCodeAt(s.pos);
    if (c === 40) depth++;
    else if (c === 41) {
      depth--;
      if (depth === 0) return s.pos + 1;
    } else if (c === 59 || c === 123 || c === 125) {
      // A statement or block boundary inside macro arguments means the text is broken: give up on this macro.
      return -1;
    }
    s.pos++;
  }
  return -1;
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else break;
  }
  return i;
}

/** Split the argument text of a macro call at top-level commas: returns [start, end) spans. */
function splitArgs(text: string, open: number, close: number): [number, number][] {
  const spans: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  const s: Scanner = { text, pos: open + 1 };
  while (s.pos < close - 1) {
    if (skipTrivia(s)) continue;
    const c = text.charCodeAt(s.pos);
    if (c === 40 || c === 60 /* < */) depth++;
    else if (c === 41 || c === 62) depth--;
    else if (c === 44 && depth === 0) {
      spans.push([start, s.pos]);
      start = s.pos + 1;
    }
    s.pos++;
  }
  spans.push([start, close - 1]);
  return spans;
}

/** The directive word of a preprocessor line starting at `hash` (`if`, `ifdef`, `endif`, ...). */
function directiveAt(text: string, hash: number): { word: string; rest: string; lineEnd: number } {
  let i = hash + 1;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const ws = i;
  while (i < text.length && isIdentPart(text.charCodeAt(i))) i++;
  const word = text.slice(ws, i);
  // A directive ends at an unescaped newline.
  let e = i;
  while (e < text.length) {
    if (text[e] === '\n') {
      let j = e - 1;
      if (text[j] === '\r') j--;
      if (text[j] !== '\\') break;
    }
    e++;
  }
  return { word, rest: text.slice(i, e), lineEnd: e };
}

function isFalseCondition(rest: string): boolean {
  const cond = rest.replace(/\/\*.*?\*\/|\/\/.*$/g, '').trim();
  return cond === '0' || cond === 'FALSE' || cond === 'false' || cond === '(0)';
}

/**
 * The masked text: same length as `text`, macros rewritten, and the bodies of `#if 0` (and `#if FALSE`) groups
 * blanked up to the matching `#else`, `#elif` or `#endif`. The directive lines stay, so the parser still sees a
 * well-formed conditional. One pass: words inside a dead group are not rewritten, the group is blanked whole.
 */
export function maskSource(text: string): string {
  const out = text.split('');
  const s: Scanner = { text, pos: 0 };
  let atLineStart = true;
  // Open conditionals: `dead` is where a dead group's body starts, or -1.
  const conditionals: { dead: number }[] = [];
  let deadDepth = 0;
  while (s.pos < text.length) {
    const c = text.charCodeAt(s.pos);
    if (c === 10) {
      atLineStart = true;
      s.pos++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      s.pos++;
      continue;
    }
    if (c === 35 /* # */ && atLineStart) {
      const d = directiveAt(text, s.pos);
      if (d.word === 'if' || d.word === 'ifdef' || d.word === 'ifndef') {
        const dead = deadDepth === 0 && d.word === 'if' && isFalseCondition(d.rest);
        conditionals.push({ dead: dead ? d.lineEnd : -1 });
        if (dead) deadDepth++;
      } else if (d.word === 'else' || d.word === 'elif' || d.word === 'endif') {
        const top = conditionals[conditionals.length - 1];
        if (top && top.dead >= 0) {
          blank(out, top.dead, s.pos);
          top.dead = -1;
          deadDepth--;
        }
        if (d.word === 'endif') conditionals.pop();
      }
      s.pos = d.lineEnd;
      atLineStart = false;
      continue;
    }
    atLineStart = false;
    if (skipTrivia(s)) continue;
    if (!isIdentStart(c)) {
      s.pos++;
      continue;
    }
    const start = s.pos;
    let end = start + 1;
    while (end < text.length && isIdentPart(text.charCodeAt(end))) end++;
    const word = text.slice(start, end);
    s.pos = end;
    // Raw string literal: R"delim( ... )delim"
    if ((word === 'R' || word === 'LR' || word === 'uR' || word === 'UR' || word === 'u8R') && text[end] === '"') {
      const open = text.indexOf('(', end);
      if (open > 0) {
        const delim = text.slice(end + 1, open);
        const close = text.indexOf(`)${delim}"`, open);
        s.pos = close < 0 ? text.length : close + delim.length + 2;
      }
      continue;
    }
    if (deadDepth === 0) rewriteWord(text, out, word, start, end, s);
  }
  for (const g of conditionals) if (g.dead >= 0) blank(out, g.dead, text.length);
  return out.join('');
}

function rewriteWord(text: string, out: string[], word: string, start: number, end: number, s: Scanner): void {
  const w = WORD_MACROS.get(word);
  if (w !== undefined) {
    place(out, start, end, w);
    return;
  }
  if (BLANK_MACROS.has(word) || SAL_ANNOTATION.test(word) || CALLTYPE.test(word)) {
    blank(out, start, end);
    // SAL annotations with arguments: _In_reads_(n)
    const open = skipSpaces(text, end);
    if (SAL_ANNOTATION.test(word) && text[open] === '(') {
      const close = matchParen(text, open);
      if (close > 0) {
        blank(out, open, close);
        s.pos = close;
      }
    }
    return;
  }
  const open = skipSpaces(text, end);
  if (text[open] !== '(') return;
  const close = matchParen(text, open);
  if (close < 0) return;
  if (BLANK_CALL_MACROS.has(word) || INTERFACE_METHOD_LIST.test(word) || ATL_BODY_MACRO.test(word)) {
    blank(out, start, close);
    s.pos = close;
    return;
  }
  const args = splitArgs(text, open, close);
  switch (word) {
    case 'STDMETHODIMP_':
    case 'STDAPI_':
      // STDMETHODIMP_(ULONG) -> the type alone.
      blank(out, start, open + 1);
      blank(out, close - 1, close);
      return;
    case 'STDMETHOD':
    case 'MAPIMETHOD': {
      // STDMETHOD(Name) -> HRESULT Name ; MAPIMETHOD(Name) likewise.
      place(out, start, open + 1, 'HRESULT');
      blank(out, close - 1, close);
      return;
    }
    case 'STDMETHOD_':
    case 'MAPIMETHOD_':
      // STDMETHOD_(ULONG, Release) -> ULONG Release
      if (args.length === 2) {
        blank(out, start, open + 1);
        blank(out, args[0][1], args[0][1] + 1);
        blank(out, close - 1, close);
      }
      return;
    default:
      return;
  }
}
