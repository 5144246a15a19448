// The style of the surrounding code, so that a fix reads as if the file's author wrote it: line endings,
// indentation unit, brace placement, and the release idiom the file already uses.
import { eol, lineEndings } from '../text/decode';
import type { Range } from '../types';

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Style {
  eol: string;
  /** One level of indentation: a tab or N spaces. */
  unit: string;
  /** `{` on its own line (Allman, common in MAPI code) or at the end of the `if` line. */
  braceOwnLine: boolean;
  /** The file releases with `UlRelease(p)` rather than `p->Release()`. */
  ulRelease: boolean;
  /** C code calling through `p->lpVtbl->Method(p, ...)`. */
  vtblCalls: boolean;
  /** C code calling through the `IMAPISupport_Method(p, ...)` macros. */
  interfaceMacros: boolean;
}

export function detectStyle(text: string): Style {
  const lines = text.split(/\r?\n/);
  let tabs = 0;
  const spaceWidths = new Map<number, number>();
  for (const l of lines) {
    const m = /^([ \t]+)\S/.exec(l);
    if (!m) continue;
    if (m[1].startsWith('\t')) tabs++;
    else spaceWidths.set(m[1].length, (spaceWidths.get(m[1].length) ?? 0) + 1);
  }
  let unit = '    ';
  const spaceLines = [...spaceWidths.values()].reduce((a, b) => a + b, 0);
  if (tabs > spaceLines) unit = '\t';
  else if (spaceLines) {
    // The smallest indentation used often enough is the unit.
    const widths = [...spaceWidths.entries()].filter(([, n]) => n >= 2).map(([w]) => w).sort((a, b) => a - b);
    if (widths.length) unit = ' '.repeat(Math.min(8, Math.max(2, widths[0])));
  }
  const ownLine = (text.match(/\)\s*\r?\n[ \t]*\{/g) ?? []).length;
  const sameLine = (text.match(/\)[ \t]*\{[ \t]*\r?\n/g) ?? []).length;
  return {
    // The dominant line ending; LF when there is none or on a tie.
    eol: eol(lineEndings(text)),
    unit,
    braceOwnLine: ownLine >= sameLine,
    ulRelease: /\bUlRelease\s*\(/.test(text),
    vtblCalls: /->\s*lpVtbl\s*->/.test(text),
    interfaceMacros: /\bIMAPISupport_\w+\s*\(/.test(text),
  };
}

/** The leading whitespace of the line that holds `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** An `if` block in the file's style: `lines` are the body's statements, without indentation. */
export function ifBlock(style: Style, indent: string, condition: string, lines: string[]): string {
  const inner = lines.map((l) => `${indent}${style.unit}${l}`).join(style.eol);
  return style.braceOwnLine
    ? `${indent}if (${condition})${style.eol}${indent}{${style.eol}${inner}${style.eol}${indent}}${style.eol}`
    : `${indent}if (${condition}) {${style.eol}${inner}${style.eol}${indent}}${style.eol}`;
}

export function offsetAt(text: string, line: number, col: number): number {
  let off = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return off + col;
}

export function positionAt(text: string, offset: number): { line: number; col: number } {
  let line = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, col: offset - last - 1 };
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

/**
 * The new texts of the files that edits (of one fix, say) touch; `textOf` gives the current texts. Throws when a
 * file is unknown or its edits overlap.
 */
export function applyFileEdits(edits: readonly TextEdit[], textOf: (file: string) => string | undefined): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [file, es] of editsByFile(edits)) {
    const old = textOf(file);
    if (old === undefined) throw new Error(`an edit of a file that is not loaded: ${file}`);
    texts.set(file, applyEdits(old, es));
  }
  return texts;
}

/** Apply edits to one file's text (ranges refer to the original text; they must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const withOffsets = edits
    .map((e) => ({ e, start: offsetAt(text, e.range.startLine, e.range.startCol), end: offsetAt(text, e.range.endLine, e.range.endCol) }))
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

export function insertAt(file: string, text: string, offset: number, newText: string): TextEdit {
  const p = positionAt(text, offset);
  return { file, range: { startLine: p.line, startCol: p.col, endLine: p.line, endCol: p.col }, newText };
}

export function replaceSpan(file: string, text: string, start: number, end: number, newText: string): TextEdit {
  const a = positionAt(text, start);
  const b = positionAt(text, end);
  return { file, range: { startLine: a.line, startCol: a.col, endLine: b.line, endCol: b.col }, newText };
}
