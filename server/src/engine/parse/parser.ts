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
}

/** Parse a whole text. Parsing never fails: broken code yields ERROR nodes. */
export function parseText(text: string): ParsedText {
  const masked = maskSource(text);
  const tree = getParser().parse(masked, undefined, { bufferSize: bufferSizeFor(masked) });
  return { masked, tree };
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
  for (const e of edits) old.tree.edit(e);
  const masked = maskSource(text);
  const tree = getParser().parse(masked, old.tree, { bufferSize: bufferSizeFor(masked) });
  return { masked, tree };
}
