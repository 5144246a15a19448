// A C/C++ lexer for the preprocessor: tokens with their offsets in the original text. Comments, literals
// and line continuations are told apart so that nothing inside them is ever taken for a directive or a
// macro use. Never throws: any character it does not know is a one-character `other` token.

export type TokKind = 'id' | 'num' | 'str' | 'chr' | 'punct' | 'other';

export interface Tok {
  kind: TokKind;
  text: string;
  start: number;
  end: number;
  /** Whitespace, a comment or a line break comes before this token. */
  spaceBefore: boolean;
  /** This token is the first on its line (only whitespace and comments before it on that line). */
  lineStart: boolean;
}

const PUNCTS3 = ['<<=', '>>=', '...', '->*', '<=>'];
const PUNCTS2 = ['::', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '##', '.*'];

export function isIdStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;
}
export function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}

/** Skips whitespace, comments and line continuations from `i`; reports whether a line break was crossed. */
function skipTrivia(t: string, i: number, out: { nl: boolean; any: boolean }): number {
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === 10) {
      out.nl = true;
      out.any = true;
      i++;
    } else if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) {
      out.any = true;
      i++;
    } else if (c === 92 /* \ */ && (t.charCodeAt(i + 1) === 10 || (t.charCodeAt(i + 1) === 13 && t.charCodeAt(i + 2) === 10))) {
      // A line continuation joins two physical lines into one logical line.
      out.any = true;
      i += t.charCodeAt(i + 1) === 13 ? 3 : 2;
    } else if (c === 47 && t.charCodeAt(i + 1) === 47) {
      // Line comment, continued by a backslash at the end of its line.
      out.any = true;
      i += 2;
      while (i < n) {
        const d = t.charCodeAt(i);
        if (d === 10) {
          let j = i - 1;
          if (t.charCodeAt(j) === 13) j--;
          if (t.charCodeAt(j) !== 92) break;
        }
        i++;
      }
    } else if (c === 47 && t.charCodeAt(i + 1) === 42) {
      out.any = true;
      const end = t.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      if (t.indexOf('\n', i) >= 0 && t.indexOf('\n', i) < stop) out.nl = true;
      i = stop;
    } else break;
  }
  return i;
}

/** A quoted literal from its opening quote `q` at `i`: the offset after it (shared with the relevance probe). */
export function scanQuoted(t: string, i: number, q: number): number {
  const n = t.length;
  let j = i + 1;
  while (j < n) {
    const c = t.charCodeAt(j);
    if (c === 92) {
      j += 2;
      continue;
    }
    if (c === q) return j + 1;
    if (c === 10) return j; // unterminated: stop at the end of the line
    j++;
  }
  return n;
}

/** R"delim( ... )delim" starting at the quote. */
export function scanRawString(t: string, quote: number): number {
  const open = t.indexOf('(', quote);
  if (open < 0 || open - quote > 17) return scanQuoted(t, quote, 34);
  const delim = t.slice(quote + 1, open);
  const close = t.indexOf(`)${delim}"`, open);
  return close < 0 ? t.length : close + delim.length + 2;
}

/** Tokens of `text[from, to)`. */
export function lex(text: string, from = 0, to = text.length): Tok[] {
  const out: Tok[] = [];
  const t = to === text.length ? text : text.slice(0, to);
  const trivia = { nl: false, any: false };
  let i = from;
  const n = t.length;
  // The first token is at a line start when the text before `from` ends a line.
  let first = from === 0 || t.charCodeAt(from - 1) === 10;
  while (true) {
    trivia.any = false;
    trivia.nl = false;
    const j = skipTrivia(t, i, trivia);
    const atLineStart = first || trivia.nl;
    first = false;
    i = j;
    if (i >= n) break;
    const c = t.charCodeAt(i);
    let end: number;
    let kind: TokKind;
    if (isIdStart(c)) {
      end = i + 1;
      while (end < n && isIdPart(t.charCodeAt(end))) end++;
      const q = t.charCodeAt(end);
      const word = t.slice(i, end);
      if ((q === 34 || q === 39) && /^(L|u8|u|U|R|LR|u8R|uR|UR)$/.test(word)) {
        // An encoding prefix or raw-string prefix belongs to the literal.
        end = word.endsWith('R') && q === 34 ? scanRawString(t, end) : scanQuoted(t, end, q);
        kind = q === 34 ? 'str' : 'chr';
      } else kind = 'id';
    } else if ((c >= 48 && c <= 57) || (c === 46 && t.charCodeAt(i + 1) >= 48 && t.charCodeAt(i + 1) <= 57)) {
      // pp-number: digits, letters, dots, exponent signs, digit separators.
      end = i + 1;
      while (end < n) {
        const d = t.charCodeAt(end);
        if (isIdPart(d) || d === 46 || (d === 39 && isIdPart(t.charCodeAt(end + 1)))) end++;
        else if ((d === 43 || d === 45) && /[eEpP]/.test(t[end - 1])) end++;
        else break;
      }
      kind = 'num';
    } else if (c === 34) {
      end = scanQuoted(t, i, 34);
      kind = 'str';
    } else if (c === 39) {
      end = scanQuoted(t, i, 39);
      kind = 'chr';
    } else {
      const three = t.substr(i, 3);
      const two = t.substr(i, 2);
      if (PUNCTS3.includes(three)) end = i + 3;
      else if (PUNCTS2.includes(two)) end = i + 2;
      else end = i + 1;
      kind = '!%^&*()-+=[]{}|;:<>,.?~#/'.includes(t[i]) ? 'punct' : 'other';
    }
    out.push({ kind, text: t.slice(i, end), start: i, end, spaceBefore: trivia.any || atLineStart, lineStart: atLineStart });
    i = end;
  }
  return out;
}

/** Where the logical line that starts at `i` ends (the offset of its terminating line break, or the text's end). */
export function logicalLineEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      let j = i - 1;
      if (text.charCodeAt(j) === 13) j--;
      if (text.charCodeAt(j) !== 92) return i;
      i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      // A block comment may span lines inside a directive.
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      return nl < 0 ? n : logicalLineEnd(text, nl);
    } else if (c === 34 || c === 39) {
      i = scanQuoted(text, i, c);
    } else i++;
  }
  return n;
}
