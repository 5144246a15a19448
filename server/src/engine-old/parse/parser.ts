// tree-sitter with the C++ grammar (which also reads C), over masked text (see mask.ts).
import Parser = require('tree-sitter');
// tree-sitter-cpp ships no type declarations; it is a Language object for Parser.setLanguage.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Cpp: unknown = require('tree-sitter-cpp');
import { maskSource } from './mask';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

let parser: Parser | undefined;

function getParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Cpp);
  }
  return parser;
}

/** tree-sitter's default input buffer is 32 KiB; a larger text needs a buffer that holds it whole. */
function bufferSizeFor(text: string): number {
  return Math.max(32 * 1024, text.length * 2 + 1024);
}

export interface ParsedText {
  /** The text the tree was built from: same length and line structure as the original. */
  masked: string;
  tree: Tree;
  /** Set when the parser ran out of time and the tree covers a degraded text (or nothing): says why. */
  degraded?: string;
}

/**
 * Parsing time budget. tree-sitter is linear on real code, but some inputs (a 70,000-character line of
 * `a+a+a+...`, pasted binary) make the C++ grammar's error recovery take minutes.
 */
function timeoutMicrosFor(text: string): number {
  // The pathological inputs all have very long lines; a text with one gets a tighter budget before the
  // parse without them is tried (real code parses at well under half a microsecond a character).
  return hasLongLine(text) ? 300_000 + text.length : 2_000_000 + text.length * 2;
}

const LONG_LINE = 4_000;

/** Whether a line is longer than LONG_LINE (one pass over the newlines; a regex would rescan each line). */
function hasLongLine(text: string): boolean {
  for (let start = 0; ; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > LONG_LINE) return true;
    if (nl < 0) return false;
    start = nl + 1;
  }
}

/** Blank the lines longer than LONG_LINE (generated tables, pasted blobs): no provider logic lives there. */
function withoutLongLines(text: string): string {
  return text.replace(/[^\n]{4001,}/g, (line) => line.replace(/[^\r]/g, ' '));
}

function parseWithin(text: string, oldTree: Tree | undefined): Tree | null {
  const p = getParser();
  p.setTimeoutMicros(timeoutMicrosFor(text));
  try {
    const tree = p.parse(text, oldTree, { bufferSize: bufferSizeFor(text) });
    if (!tree) p.reset(); // a timed-out parse would otherwise resume on the next call
    return tree ?? null;
  } finally {
    p.setTimeoutMicros(0);
  }
}

/** Parse a whole text. Parsing never fails: broken code yields ERROR nodes; a parse that takes too long degrades. */
export function parseText(text: string): ParsedText {
  const masked = maskSource(text);
  const tree = parseWithin(masked, undefined);
  if (tree) return { masked, tree };
  return degrade(masked);
}

function degrade(masked: string): ParsedText {
  const shorter = withoutLongLines(masked);
  const tree = shorter !== masked ? parseWithin(shorter, undefined) : null;
  if (tree) return { masked: shorter, tree, degraded: `lines longer than ${LONG_LINE} characters were left out: parsing them took too long` };
  const empty = masked.replace(/[^\r\n]/g, ' ');
  return { masked: empty, tree: parseWithin(empty, undefined) ?? getParser().parse(''), degraded: 'the file was not analysed: parsing it took too long' };
}

export interface EditDelta {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Parser.Point;
  oldEndPosition: Parser.Point;
  newEndPosition: Parser.Point;
}

/**
 * Re-parse after edits, reusing the old tree. `edits` describe the change from the old text to the new one,
 * in order. The masked text is recomputed whole (it is a linear scan), the tree incrementally.
 */
export function reparseText(old: ParsedText, text: string, edits: readonly EditDelta[]): ParsedText {
  const masked = maskSource(text);
  if (old.degraded) return parseText(text);
  for (const e of edits) old.tree.edit(e);
  const tree = parseWithin(masked, old.tree);
  return tree ? { masked, tree } : degrade(masked);
}
