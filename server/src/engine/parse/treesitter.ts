// tree-sitter over the preprocessed text: the C++ grammar for C++ and headers, the C grammar (which
// tree-sitter-cpp is built on) for C files, where `a < b || c > (d)` is a comparison and never a template.
// Parsing never fails: broken code yields ERROR nodes; a text whose error recovery crawls is parsed
// without its over-long lines, or not at all, with a note saying so.
import Parser = require('tree-sitter');
// The grammars ship no type declarations; each is a Language object for Parser.setLanguage.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Cpp: unknown = require('tree-sitter-cpp');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const C: unknown = require('tree-sitter-c');

export type Grammar = 'c' | 'cpp';

export type Tree = Parser.Tree;
export type SyntaxNode = Parser.SyntaxNode;
export type TreeCursor = Parser.TreeCursor;

const parsers = new Map<Grammar, Parser>();

function getParser(g: Grammar): Parser {
  let p = parsers.get(g);
  if (!p) {
    p = new Parser();
    p.setLanguage(g === 'c' ? C : Cpp);
    parsers.set(g, p);
  }
  return p;
}

/** tree-sitter's default input buffer is 32 KiB; a larger text needs a buffer that holds it whole. */
function bufferSizeFor(text: string): number {
  return Math.max(32 * 1024, text.length * 2 + 1024);
}

/** A line longer than this gets a tighter parse budget (generated tables, pasted blobs). */
export const LONG_LINE = 4_000;

/** Parsing time budget: real code parses at well under half a microsecond a character. */
function timeoutMicrosFor(text: string): number {
  return hasLongLine(text) ? 300_000 + text.length : 2_000_000 + text.length * 2;
}

function hasLongLine(text: string): boolean {
  for (let start = 0; ; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > LONG_LINE) return true;
    if (nl < 0) return false;
    start = nl + 1;
  }
}

function withoutLongLines(text: string): string {
  return text.replace(new RegExp(`[^\\n]{${LONG_LINE + 1},}`, 'g'), (line) => line.replace(/[^\r]/g, ' '));
}

export interface ParseEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Parser.Point;
  oldEndPosition: Parser.Point;
  newEndPosition: Parser.Point;
}

function parseWithin(g: Grammar, text: string, old: Tree | undefined): Tree | null {
  const p = getParser(g);
  p.setTimeoutMicros(timeoutMicrosFor(text));
  try {
    const tree = p.parse(text, old, { bufferSize: bufferSizeFor(text) });
    if (!tree) p.reset(); // a timed-out parse would otherwise resume on the next call
    return tree ?? null;
  } finally {
    p.setTimeoutMicros(0);
  }
}

export interface Parsed {
  grammar: Grammar;
  /** The text the tree covers: the input, or the input with its long lines blanked. */
  text: string;
  tree: Tree;
  /** Set when the tree covers a degraded text (or nothing): says why. */
  degraded?: string;
  /** The tree was edited for an incremental parse of a newer text: it no longer matches `text`. */
  consumed?: boolean;
}

/**
 * Parses `text`; with `previous` (the parse of an earlier version of the text) the tree is re-used for
 * what did not change: the edit is the span between the common prefix and suffix of the two texts.
 */
export function parseSource(text: string, grammar: Grammar, previous?: Parsed): Parsed {
  if (previous && previous.grammar === grammar && !previous.degraded && previous.text === text) return previous;
  let old: Tree | undefined;
  // Tree.edit changes the old tree in place, and the binding cannot copy a tree: an old tree guides one
  // incremental parse only (a forked workspace that used it leaves the next parse of the file a full one).
  if (previous && previous.grammar === grammar && !previous.degraded && !previous.consumed && previous.text.length && text.length) {
    const e = diffEdit(previous.text, text);
    if (e) {
      old = previous.tree;
      previous.consumed = true;
      old.edit(e);
    }
  }
  const tree = parseWithin(grammar, text, old);
  if (tree) return { grammar, text, tree };
  const shorter = withoutLongLines(text);
  const t2 = shorter !== text ? parseWithin(grammar, shorter, undefined) : null;
  if (t2) return { grammar, text: shorter, tree: t2, degraded: `lines longer than ${LONG_LINE} characters were left out: parsing them took too long` };
  const empty = text.replace(/[^\r\n]/g, ' ');
  return { grammar, text: empty, tree: parseWithin(grammar, empty, undefined) ?? getParser(grammar).parse(''), degraded: 'the file was not analysed: parsing it took too long' };
}

/** The one edit that turns `a` into `b` (common prefix and suffix), or undefined when they are equal. */
function diffEdit(a: string, b: string): ParseEdit | undefined {
  if (a === b) return undefined;
  let p = 0;
  const max = Math.min(a.length, b.length);
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return {
    startIndex: p,
    oldEndIndex: a.length - s,
    newEndIndex: b.length - s,
    startPosition: point(a, p),
    oldEndPosition: point(a, a.length - s),
    newEndPosition: point(b, b.length - s),
  };
}

function point(text: string, index: number): Parser.Point {
  let row = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    last = i;
  }
  return { row, column: index - last - 1 };
}

/** Parses a small piece of text on its own (the value of a `#define`, a fix's statement). */
export function parseSnippet(text: string, grammar: Grammar = 'cpp'): Tree {
  return parseWithin(grammar, text, undefined) ?? getParser(grammar).parse('');
}
