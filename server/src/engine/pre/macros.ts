// Macro definitions: parsed from `#define` lines of the analysed sources and of the built-in SDK model
// (sdk.ts). A table is immutable once built for a file; a file's own directives work on a copy.
import { lex, type Tok } from './lex';

export interface Macro {
  name: string;
  /** Parameter names of a function-like macro; undefined for an object-like one. */
  params?: string[];
  variadic: boolean;
  body: Tok[];
  /** Where it is defined: a file of the analysed sources, or '<sdk>' for the built-in model. */
  file: string;
  /** Offset of the `#define` in that file. */
  at: number;
}

/**
 * Parses the text after `#define` (from the macro name on). Returns undefined for a malformed definition,
 * which a compiler would reject too.
 */
export function parseDefine(tokens: readonly Tok[], file: string, at: number): Macro | undefined {
  const nameTok = tokens[0];
  if (!nameTok || nameTok.kind !== 'id') return undefined;
  let i = 1;
  let params: string[] | undefined;
  let variadic = false;
  // A function-like macro has `(` right after the name, with no space between.
  if (tokens[1] && tokens[1].text === '(' && !tokens[1].spaceBefore) {
    params = [];
    i = 2;
    for (; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.text === ')') {
        i++;
        break;
      }
      if (t.text === ',') continue;
      if (t.text === '...') {
        variadic = true;
        params.push('__VA_ARGS__');
      } else if (t.kind === 'id') {
        // GNU named variadic parameter: `args...`
        if (tokens[i + 1]?.text === '...') {
          variadic = true;
          i++;
        }
        params.push(t.text);
      } else return undefined;
    }
  }
  return { name: nameTok.text, params, variadic, body: tokens.slice(i), file, at };
}

export class MacroTable {
  private readonly map: Map<string, Macro>;

  constructor(from?: MacroTable | Map<string, Macro>) {
    this.map = new Map(from instanceof MacroTable ? from.map : from);
  }

  get(name: string): Macro | undefined {
    return this.map.get(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  define(m: Macro): void {
    this.map.set(m.name, m);
  }

  undef(name: string): void {
    this.map.delete(name);
  }

  /** Definitions of `other` that this table does not hold or holds from another place win (an included header's). */
  absorb(other: MacroTable): void {
    for (const [k, v] of other.map) this.map.set(k, v);
  }

  /** Macros defined in the analysed sources (not the built-in model). */
  ownDefinitions(): Macro[] {
    return [...this.map.values()].filter((m) => m.file !== SDK_FILE);
  }

  names(): IterableIterator<string> {
    return this.map.keys();
  }
}

export const SDK_FILE = '<sdk>';

/** A table from `#define` lines of a text (no conditionals; used for the built-in model). */
export function tableFromDefines(text: string, file: string): MacroTable {
  const table = new MacroTable();
  const toks = lex(text);
  let i = 0;
  while (i < toks.length) {
    if (toks[i].text === '#' && toks[i].lineStart) {
      let j = i + 1;
      while (j < toks.length && !toks[j].lineStart) j++;
      const line = toks.slice(i + 1, j);
      if (line[0]?.text === 'define') {
        const m = parseDefine(line.slice(1), file, toks[i].start);
        if (m) table.define(m);
      }
      i = j;
    } else i++;
  }
  return table;
}
