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
  /** What the preprocessor asked about other files and the configuration, with the answers it got. */
  inputs: UnitInputs;
}

/** The questions a unit's preprocessing asked outside its own text, and the answers. */
export interface UnitInputs {
  defines: string;
  includes: { spec: string; angled: boolean; got: unknown }[];
  definedSomewhere: { name: string; got: boolean }[];
  configured: { name: string; got: string | undefined }[];
}

function definesKey(d: ReadonlyMap<string, string> | undefined): string {
  return d ? [...d].map(([k, v]) => `${k}=${v}`).join('\n') : '';
}

/** A unit of an earlier build still holds when its text, language and every answer it got are the same. */
function stillHolds(prev: FileUnit, text: string, opts: Omit<PreprocessOptions, 'file'>): boolean {
  if (prev.text !== text || prev.lang !== opts.lang) return false;
  const i = prev.inputs;
  if (i.defines !== definesKey(opts.defines)) return false;
  // Header exports are compared by identity: a header whose unit was reused keeps its table object.
  for (const q of i.includes) if ((opts.include?.(q.spec, q.angled) ?? undefined) !== q.got) return false;
  for (const q of i.definedSomewhere) if ((opts.definedSomewhere?.(q.name) ?? false) !== q.got) return false;
  for (const q of i.configured) if (opts.configured?.(q.name) !== q.got) return false;
  return true;
}

export function buildUnit(path: string, text: string, opts: Omit<PreprocessOptions, 'file'>, previous?: FileUnit): FileUnit {
  if (previous && previous.path === path && stillHolds(previous, text, opts)) return previous;
  const inputs: UnitInputs = { defines: definesKey(opts.defines), includes: [], definedSomewhere: [], configured: [] };
  const pre = preprocess(text, {
    ...opts,
    file: path,
    include: (spec, angled) => {
      const got = opts.include?.(spec, angled);
      inputs.includes.push({ spec, angled, got });
      return got;
    },
    definedSomewhere: (name) => {
      const got = opts.definedSomewhere?.(name) ?? false;
      inputs.definedSomewhere.push({ name, got });
      return got;
    },
    configured: (name) => {
      const got = opts.configured?.(name);
      inputs.configured.push({ name, got });
      return got;
    },
  });
  // An unchanged preprocessed text keeps its tree; otherwise the old tree guides an incremental parse.
  const parsed = parseSource(pre.text, opts.lang, previous?.parsed);
  const ir = previous && previous.parsed === parsed ? previous.ir : lowerFile(flatten(parsed.tree, parsed.text, parsed.grammar));
  return { path, text, lang: opts.lang, pre, parsed, ir, lines: previous?.text === text ? previous.lines : new LineIndex(text), inputs };
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
