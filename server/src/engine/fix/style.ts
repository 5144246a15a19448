// The style of the surrounding code, so that a fix reads as if the file's author wrote it (line endings,
// indentation, braces, NULL or nullptr, the release idiom), and the text edits a fix is made of.
import { eol, lineEndings } from '../text/decode';
import { LineIndex } from '../text/lines';
import type { TextEdit } from './fix';

export type { TextEdit } from './fix';

export interface Style {
  eol: string;
  /** One level of indentation: a tab or N spaces. */
  unit: string;
  /** `{` on its own line (Allman, common in MAPI code) or at the end of the `if` line. */
  braceOwnLine: boolean;
  /** The file releases with `UlRelease(p)` rather than `p->Release()`. */
  ulRelease: boolean;
  /** C code calling through the `IMAPISupport_Method(p, ...)` macros. */
  interfaceMacros: boolean;
  /** `nullptr` rather than `NULL`. */
  nullptr: boolean;
  /** `TRUE`/`FALSE` rather than `true`/`false`. */
  winBool: boolean;
}

export function detectStyle(text: string, lang: 'c' | 'cpp'): Style {
  const unit = indentUnit(text, false);
  const ownLine = (text.match(/\)\s*\r?\n[ \t]*\{/g) ?? []).length;
  const sameLine = (text.match(/\)[ \t]*\{[ \t]*\r?\n/g) ?? []).length;
  return {
    eol: eol(lineEndings(text)),
    unit,
    braceOwnLine: ownLine >= sameLine,
    ulRelease: /\bUlRelease\s*\(/.test(text),
    interfaceMacros: /\bIMAPISupport_\w+\s*\(/.test(text),
    nullptr: lang === 'cpp' && /\bnullptr\b/.test(text) && !/\bNULL\b/.test(text),
    winBool: /\b(TRUE|FALSE)\b/.test(text) || !/\b(true|false)\b/.test(text),
  };
}

/** The leading whitespace of the line that holds `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line break that ends the line holding `offset` (or the text's end). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** A block `{ … }` in the file's style after `head` (an `if (…)`, or nothing for a bare block). */
export function block(style: Style, indent: string, head: string, lines: readonly string[]): string {
  const inner = lines.map((l) => `${indent}${style.unit}${l}`).join(style.eol);
  if (!head) return `${indent}{${style.eol}${inner}${style.eol}${indent}}${style.eol}`;
  return style.braceOwnLine ? `${indent}${head}${style.eol}${indent}{${style.eol}${inner}${style.eol}${indent}}${style.eol}` : `${indent}${head} {${style.eol}${inner}${style.eol}${indent}}${style.eol}`;
}

export function insertAt(file: string, text: string, offset: number, newText: string): TextEdit {
  const p = new LineIndex(text).position(offset);
  return { file, range: { startLine: p.line, startCol: p.col, endLine: p.line, endCol: p.col }, newText };
}

export function replaceSpan(file: string, text: string, start: number, end: number, newText: string): TextEdit {
  const idx = new LineIndex(text);
  const a = idx.position(start);
  const b = idx.position(end);
  return { file, range: { startLine: a.line, startCol: a.col, endLine: b.line, endCol: b.col }, newText };
}

/** Edits grouped by file, each file's in their order. */
export function editsByFile(edits: readonly TextEdit[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const list = byFile.get(e.file);
    if (list) list.push(e);
    else byFile.set(e.file, [e]);
  }
  return byFile;
}

/** The new texts of the files that edits touch. Throws when a file is unknown or its edits overlap. */
export function applyFileEdits(edits: readonly TextEdit[], textOf: (file: string) => string | undefined): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [file, es] of editsByFile(edits)) {
    const old = textOf(file);
    if (old === undefined) throw new Error(`an edit of a file that is not loaded: ${file}`);
    texts.set(file, applyEdits(old, es));
  }
  return texts;
}

/** Applies edits to one text (ranges refer to that text; they must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const idx = new LineIndex(text);
  const withOffsets = edits
    .map((e) => ({ e, start: idx.offset(e.range.startLine, e.range.startCol), end: idx.offset(e.range.endLine, e.range.endCol) }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const { e, start, end } of withOffsets) {
    if (end > limit) throw new Error('overlapping edits');
    out = out.slice(0, start) + e.newText + out.slice(end);
    limit = start;
  }
  return out;
}

/**
 * The style as the code itself shows it, for fixes that came after the store's (whose goldens keep
 * `detectStyle`): the indentation unit measured on code lines only (a block comment's ` * ` continuation lines
 * are not a one-space step), and the brace placement of `if`/`for`/`while`/`switch` statements when the file
 * has any (C files often put a function's `{` on its own line and a statement's at the end of its line).
 */
export function detectCodeStyle(text: string, lang: 'c' | 'cpp'): Style {
  const base = detectStyle(text, lang);
  const unit = indentUnit(text, true);
  const own = (text.match(/\b(?:if|for|while|switch)\s*\([^\n]*\)[ \t]*\r?\n[ \t]*\{/g) ?? []).length;
  const same = (text.match(/\b(?:if|for|while|switch)\s*\([^\n]*\)[ \t]*\{[ \t]*\r?\n/g) ?? []).length;
  return { ...base, unit, braceOwnLine: own + same ? own >= same : base.braceOwnLine };
}

/**
 * The file's indentation unit: tabs when most indented lines start with one, else the smallest indentation
 * used at least twice (2 to 8 spaces; 4 when nothing says). `skipCommentStars`: ` * ` continuation lines of
 * block comments are no indentation step.
 */
function indentUnit(text: string, skipCommentStars: boolean): string {
  let tabs = 0;
  const widths = new Map<number, number>();
  for (const m of text.matchAll(/^([ \t]+)(\S)/gm)) {
    if (skipCommentStars && m[2] === '*' && !m[1].startsWith('\t')) continue;
    if (m[1].startsWith('\t')) tabs++;
    else widths.set(m[1].length, (widths.get(m[1].length) ?? 0) + 1);
  }
  const spaceLines = [...widths.values()].reduce((a, b) => a + b, 0);
  if (tabs > spaceLines) return '\t';
  const w = [...widths.entries()].filter(([, n]) => n >= 2).map(([x]) => x).sort((a, b) => a - b);
  return spaceLines && w.length ? ' '.repeat(Math.min(8, Math.max(2, w[0]))) : '    ';
}
