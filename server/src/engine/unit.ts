// One file as the engine knows it: the user's text, what the preprocessor made of it, the parse, the IR,
// and the way back from any offset of the preprocessed text to a place in the user's text.
import { lowerFile } from './ir/lower';
import type { FileIR } from './ir/types';
import { flatten } from './parse/flat';
import { parseSource, type Parsed } from './parse/treesitter';
import type { MacroUse } from './pre/expand';
import { preprocess, type Lang, type Preprocessed, type PreprocessOptions } from './pre/preprocess';
import { LineIndex } from './text/lines';
import type { Loc } from './types';

export type { Lang } from './pre/preprocess';

export interface FileUnit {
  path: string;
  text: string;
  lang: Lang;
  pre: Preprocessed;
  parsed: Parsed;
  ir: FileIR;
  lines: LineIndex;
}

export function buildUnit(path: string, text: string, opts: Omit<PreprocessOptions, 'file'>, previous?: FileUnit): FileUnit {
  const pre = preprocess(text, { ...opts, file: path });
  const parsed = parseSource(pre.text, opts.lang, previous?.parsed);
  const ir = lowerFile(flatten(parsed.tree, parsed.text, parsed.grammar));
  return { path, text, lang: opts.lang, pre, parsed, ir, lines: new LineIndex(text) };
}

/** The language a file is read in from its name: `.c` is C; headers are settled by who includes them. */
export function langOfPath(path: string): Lang | undefined {
  if (/\.c$/i.test(path)) return 'c';
  if (/\.(cc|cpp|cxx|c\+\+|ipp|tpp)$/i.test(path)) return 'cpp';
  return undefined;
}

/** A header nobody analysed includes: C++ if it reads like C++. */
export function guessHeaderLang(text: string): Lang {
  if (/\b(class|template|namespace|public:|private:|virtual)\b|::/.test(text)) return 'cpp';
  if (/\blpVtbl\b/.test(text)) return 'c';
  return 'cpp';
}

/** The place in the user's text of [s, e) of the preprocessed text. */
export function locOf(unit: FileUnit, s: number, e: number): Loc {
  const map = unit.pre.map;
  const a = map.toOriginal(s, 'start');
  const b = Math.max(a, map.toOriginal(e, 'end'));
  const p = unit.lines.position(a);
  const q = unit.lines.position(b);
  return { file: unit.path, range: { startLine: p.line, startCol: p.col, endLine: q.line, endCol: q.col } };
}

/** The macro use an offset of the preprocessed text comes from (unset for the user's own text). */
export function macroAt(unit: FileUnit, s: number): MacroUse | undefined {
  return unit.pre.map.macroAt(s);
}

/** The user's text of a range of the preprocessed text, when it is the user's own and unchanged. */
export function verbatimRange(unit: FileUnit, s: number, e: number): { start: number; end: number } | undefined {
  return unit.pre.map.verbatim(s, e);
}
