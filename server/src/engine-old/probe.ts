// The relevance probe: what the workspace reads of a file before deciding to parse it. One pass of a small
// lexer over the text (comments, string and character literals and preprocessor lines are told apart; no
// tree is built): whether the file mentions the store interface, and the names it can be pulled in by.

/**
 * `seed`: the file mentions the store interface (IMsgStore, StoreLogoff): it is parsed in the first round.
 * `names`: the names the file can be pulled in by:
 *   - `Name` when the file defines a member of `Name` out of line (`Name::` outside any function body or class:
 *     at file level, in namespaces, in `extern "C"` blocks); a qualified call such as `return Name::Create()`
 *     inside a body does not implement the class. When the braces of the file do not balance (code split by
 *     `#if`), every `Name::` counts;
 *   - `class Name`, `struct Name`, `} Name` (a typedef'd struct);
 *   - every `Prefix_` of an identifier, up to its third underscore (C providers name their functions
 *     `MS_Release`, `MSP_IMS_Release`, ...).
 * `logoffPrefixes`: the `Prefix_` of every `Prefix_StoreLogoff` (a C store's functions, which the relevance rounds
 * look for in other files).
 */
export interface FileProbe {
  seed: boolean;
  names: string[];
  logoffPrefixes?: string[];
}

/** `X` of a C store's `X_StoreLogoff` (the prefix of its functions), or undefined. */
export function cStorePrefix(name: string): string | undefined {
  return name.length > 12 && name.endsWith('_StoreLogoff') ? name.slice(0, -12) : undefined;
}

/** Names that the relevance rounds never probe: every store mentions them. */
export const NOT_PROBED = /^(IUnknown|IMsgStore|IMAPIProp|ULONG|LPULONG|void|BOOL|HRESULT)$/;

/** Words whose presence makes a file worth parsing in the first round. */
export const STORE_MARKERS = ['IMsgStore', 'StoreLogoff'];

const enum C {
  Tab = 9,
  Lf = 10,
  Cr = 13,
  Space = 32,
  Quote = 34,
  Hash = 35,
  Apos = 39,
  Star = 42,
  Slash = 47,
  Colon = 58,
  Backslash = 92,
  OpenBrace = 123,
  CloseBrace = 125,
}

function identStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function identPart(c: number): boolean {
  return identStart(c) || (c >= 48 && c <= 57);
}

export function probeText(text: string): FileProbe {
  const names = new Set<string>();
  const logoff = new Set<string>();
  const nested: string[] = []; // `X::` seen inside a body or class: counted only if the braces do not balance
  const n = text.length;
  /** Per open brace: whether it is a namespace or extern "C" block (transparent) rather than a body or class. */
  const braces: boolean[] = [];
  let opaque = 0; // open braces that are not transparent
  let unbalanced = false;
  let lineStart = true; // only whitespace since the last newline
  let directive = false; // inside a preprocessor line: its braces do not count
  let prev = ''; // the previous identifier, when nothing but whitespace followed it
  let afterBrace = false; // a `}` on this line, followed only by whitespace
  let namespacePending = false; // `namespace [a::b]` read, waiting for its `{`
  let externPending = 0; // 1: `extern` read; 2: `extern "C"` read
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === C.Lf) {
      if (directive && !(i > 0 && (text.charCodeAt(i - 1) === C.Backslash || (text.charCodeAt(i - 1) === C.Cr && text.charCodeAt(i - 2) === C.Backslash)))) directive = false;
      lineStart = true;
      afterBrace = false;
      i++;
      continue;
    }
    if (c === C.Space || c === C.Tab || c === C.Cr || c === 11 || c === 12) {
      i++;
      continue;
    }
    if (c === C.Slash && text.charCodeAt(i + 1) === C.Slash) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e; // the newline is handled above (a // comment ends a directive line unless continued)
      continue;
    }
    if (c === C.Slash && text.charCodeAt(i + 1) === C.Star) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    const wasLineStart = lineStart;
    lineStart = false;
    if (c === C.Hash && wasLineStart) {
      directive = true;
      prev = '';
      i++;
      continue;
    }
    if (identStart(c)) {
      let j = i + 1;
      while (j < n && identPart(text.charCodeAt(j))) j++;
      const w = text.slice(i, j);
      // Raw string literal: R"delim( ... )delim" (also u8R, LR, uR, UR).
      if (text.charCodeAt(j) === C.Quote && /^(u8|u|U|L)?R$/.test(w)) {
        const open = text.indexOf('(', j + 1);
        const delim = open < 0 ? '' : text.slice(j + 1, open);
        const close = open < 0 ? -1 : text.indexOf(`)${delim}"`, open + 1);
        i = close < 0 ? n : close + delim.length + 2;
        prev = '';
        externPending = 0;
        continue;
      }
      // Every `Prefix_` up to the third underscore: `MSP_IMS_Release` is pulled in by `MSP_` and by `MSP_IMS_`.
      for (let u = w.indexOf('_', 1), k = 0; u > 0 && k < 3; u = w.indexOf('_', u + 1), k++) names.add(w.slice(0, u + 1));
      const prefix = cStorePrefix(w);
      if (prefix) logoff.add(`${prefix}_`);
      if (prev === 'class' || prev === 'struct' || afterBrace) names.add(w);
      if (text.charCodeAt(j) === C.Colon && text.charCodeAt(j + 1) === C.Colon && !namespacePending) {
        if (opaque === 0) names.add(w);
        else nested.push(w);
      }
      if (w === 'namespace') namespacePending = true; // then its name (a, a::b) and `{`; anything else ends it
      externPending = w === 'extern' ? 1 : 0;
      prev = w;
      afterBrace = false;
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      // A number, with its digit separators (1'000) and suffixes.
      let j = i + 1;
      while (j < n && (identPart(text.charCodeAt(j)) || text.charCodeAt(j) === C.Apos || text.charCodeAt(j) === 46)) j++;
      i = j;
      prev = '';
      afterBrace = false;
      externPending = 0;
      continue;
    }
    if (c === C.Quote || c === C.Apos) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === C.Backslash) j += 2;
        else if (d === c) break;
        else if (d === C.Lf) break; // unterminated on this line
        else j++;
      }
      externPending = c === C.Quote && externPending === 1 ? 2 : 0;
      i = j < n && text.charCodeAt(j) === c ? j + 1 : j;
      prev = '';
      afterBrace = false;
      continue;
    }
    if (!directive && c === C.OpenBrace) {
      const transparent = namespacePending || externPending === 2;
      braces.push(transparent);
      if (!transparent) opaque++;
    } else if (!directive && c === C.CloseBrace) {
      const t = braces.pop();
      if (t === undefined) unbalanced = true;
      else if (!t) opaque--;
    }
    if (c !== C.Colon) namespacePending = false;
    afterBrace = c === C.CloseBrace;
    prev = '';
    if (c !== C.Colon) externPending = 0;
    i++;
  }
  if (unbalanced || braces.length) for (const w of nested) names.add(w);
  const probe: FileProbe = { seed: STORE_MARKERS.some((k) => text.includes(k)), names: [...names] };
  if (logoff.size) probe.logoffPrefixes = [...logoff];
  return probe;
}
