// Macro expansion over token lists: object-like and function-like macros, `#` and `##`, variadic
// arguments, nested uses, and the rule that a macro is not expanded again inside its own expansion.
// Every output token remembers where it came from: a token of the original text keeps its offset (so a
// finding on a call written as a macro argument points at the call itself), a token of a macro's body
// belongs to the macro use it came from.
import { lex, type TokKind } from './lex';
import { SDK_FILE, type Macro, type MacroTable } from './macros';

/** One use of a macro in the original text: the name through the closing parenthesis of its arguments. */
export interface MacroUse {
  macro: string;
  start: number;
  end: number;
  /** The use this one is nested in (a macro used in another macro's arguments). */
  parent?: MacroUse;
}

export interface PTok {
  kind: TokKind;
  text: string;
  /** Offset in the original text of this very token, when it is copied from there. */
  origin?: number;
  /** The macro use this token was produced by (unset for tokens of the original text). */
  use?: MacroUse;
  spaceBefore: boolean;
  /** Painted: an identifier that named a macro inside that macro's own expansion; never expanded. */
  noexpand?: boolean;
}

export interface ExpandLimits {
  /** Tokens produced before expansion stops (a runaway macro); the rest is kept unexpanded. */
  maxTokens: number;
}

export interface ExpandStats {
  produced: number;
  cut: boolean;
  /** Names of the analysed sources' macros that were expanded. */
  used: Set<string>;
  /** The outermost macro uses of the original text, in order. */
  uses: MacroUse[];
}

export function newStats(): ExpandStats {
  return { produced: 0, cut: false, used: new Set(), uses: [] };
}

/** Whether `u` is `outer` or nested in it. */
export function within(u: MacroUse | undefined, outer: MacroUse): boolean {
  for (let x = u; x; x = x.parent) if (x === outer) return true;
  return false;
}

/** Expands every macro use in `toks` with the definitions of `table`. */
export function expandTokens(
  toks: readonly PTok[],
  table: MacroTable,
  stats: ExpandStats,
  limits: ExpandLimits,
  disabled: ReadonlySet<string> = new Set(),
  enclosing?: MacroUse,
): PTok[] {
  const out: PTok[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    const m = t.kind === 'id' && !t.noexpand ? table.get(t.text) : undefined;
    if (!m) {
      out.push(t);
      i++;
      continue;
    }
    if (disabled.has(t.text)) {
      out.push({ ...t, noexpand: true });
      i++;
      continue;
    }
    if (stats.cut || stats.produced > limits.maxTokens) {
      stats.cut = true;
      out.push(t);
      i++;
      continue;
    }
    let end = i; // index of the last token of the use
    let raw: PTok[][] = [];
    if (m.params) {
      // A function-like macro name not followed by `(` is an ordinary identifier.
      const args = toks[i + 1]?.text === '(' ? collectArgs(toks, i + 1) : undefined;
      if (!args) {
        out.push(t);
        i++;
        continue;
      }
      end = args.close;
      raw = fitArgs(m, args.args);
    }
    const use = t.use ?? newUse(m.name, t, toks[end], enclosing, stats);
    const expanded = m.params ? raw.map((a) => expandTokens(a, table, stats, limits, disabled, use)) : [];
    const body = substitute(m, raw, expanded, use, t.spaceBefore);
    stats.produced += body.length;
    if (m.file !== SDK_FILE) stats.used.add(m.name);
    const next = new Set(disabled);
    next.add(m.name);
    for (const x of expandTokens(body, table, stats, limits, next, use)) out.push(x);
    i = end + 1;
  }
  return out;
}

function newUse(macro: string, first: PTok, last: PTok, enclosing: MacroUse | undefined, stats: ExpandStats): MacroUse {
  const start = first.origin ?? enclosing?.start ?? 0;
  const end = last.origin !== undefined ? last.origin + last.text.length : enclosing?.end ?? start + first.text.length;
  const use: MacroUse = enclosing ? { macro, start, end, parent: enclosing } : { macro, start, end };
  if (!enclosing) stats.uses.push(use);
  return use;
}

/** The arguments of a macro call whose `(` is at `open`: split at top-level commas; undefined if unclosed. */
function collectArgs(toks: readonly PTok[], open: number): { args: PTok[][]; close: number } | undefined {
  const args: PTok[][] = [[]];
  let depth = 0;
  for (let j = open + 1; j < toks.length; j++) {
    const x = toks[j].text;
    if (x === '(' || x === '[' || x === '{') depth++;
    else if (x === ')' || x === ']' || x === '}') {
      if (depth === 0) {
        if (x !== ')') return undefined;
        return { args: args.length === 1 && args[0].length === 0 ? [] : args, close: j };
      }
      depth--;
    } else if (x === ',' && depth === 0) {
      args.push([]);
      continue;
    }
    args[args.length - 1].push(toks[j]);
  }
  return undefined;
}

/** Matches call arguments to parameters: missing ones are empty, extra ones go to `__VA_ARGS__`. */
function fitArgs(m: Macro, args: PTok[][]): PTok[][] {
  const n = m.params!.length;
  if (m.variadic && args.length > n) {
    const fixed = args.slice(0, n - 1);
    const rest: PTok[] = [];
    args.slice(n - 1).forEach((a, k) => {
      if (k > 0) rest.push({ kind: 'punct', text: ',', spaceBefore: false, use: a[0]?.use });
      for (const x of a) rest.push(x);
    });
    return [...fixed, rest];
  }
  const out = args.slice(0, n);
  while (out.length < n) out.push([]);
  return out;
}

function stringify(arg: readonly PTok[], use: MacroUse): PTok {
  let s = '';
  arg.forEach((a, k) => {
    if (k > 0 && a.spaceBefore) s += ' ';
    s += a.kind === 'str' || a.kind === 'chr' ? a.text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : a.text;
  });
  return { kind: 'str', text: `"${s}"`, use, spaceBefore: true };
}

/** The body of `m` with its parameters replaced, `#` and `##` applied; body tokens belong to `use`. */
function substitute(m: Macro, raw: PTok[][], expanded: PTok[][], use: MacroUse, spaceBefore: boolean): PTok[] {
  const index = new Map<string, number>();
  (m.params ?? []).forEach((p, k) => index.set(p, k));
  const out: PTok[] = [];
  const body = m.body;
  // Positions in `out` where a `##` pastes the token before with the token at that position.
  const pasteAt: number[] = [];
  for (let k = 0; k < body.length; k++) {
    const b = body[k];
    if (b.text === '#' && m.params && k + 1 < body.length && index.has(body[k + 1].text)) {
      out.push({ ...stringify(raw[index.get(body[k + 1].text)!], use), spaceBefore: b.spaceBefore });
      k++;
      continue;
    }
    if (b.text === '##') {
      pasteAt.push(out.length);
      continue;
    }
    const p = m.params ? index.get(b.text) : undefined;
    if (p !== undefined) {
      const nextIsPaste = body[k + 1]?.text === '##';
      const prevIsPaste = body[k - 1]?.text === '##';
      const src = nextIsPaste || prevIsPaste ? raw[p] : expanded[p];
      // GNU: `, ## __VA_ARGS__` drops the comma when there are no variadic arguments.
      if (prevIsPaste && b.text === '__VA_ARGS__' && src.length === 0 && out.length && out[out.length - 1].text === ',') {
        out.pop();
        pasteAt.pop();
        continue;
      }
      if (src.length === 0 && prevIsPaste) {
        pasteAt.pop(); // an empty argument is a placemarker: nothing to paste with
        continue;
      }
      src.forEach((a, q) => out.push({ ...a, spaceBefore: q === 0 ? b.spaceBefore || a.spaceBefore : a.spaceBefore }));
      continue;
    }
    out.push({ kind: b.kind, text: b.text, use, spaceBefore: b.spaceBefore });
  }
  if (out.length) out[0] = { ...out[0], spaceBefore };
  for (let q = pasteAt.length - 1; q >= 0; q--) {
    const at = pasteAt[q];
    if (at <= 0 || at >= out.length) continue;
    const left = out[at - 1];
    const right = out[at];
    const text = left.text + right.text;
    const relexed = lex(text);
    const kind = relexed.length === 1 ? relexed[0].kind : 'other';
    out.splice(at - 1, 2, { kind, text, use, spaceBefore: left.spaceBefore });
  }
  return out;
}
