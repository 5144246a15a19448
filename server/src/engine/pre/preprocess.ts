// The preprocessor: what the compiler would see of one file, for the macros the analysed sources define.
// It runs the file's directives in order (#define, #undef, #include of analysed headers, #if/#ifdef/#elif
// with the configuration's macros), blanks directive lines and inactive groups, expands macro uses, and
// drops the unknown macros that stand where a specifier stands (`class X SOME_FINAL : public IMsgStore`,
// `HRESULT Release() _kc_override;`), since a macro no analysed file defines cannot be expanded. The result
// is a text for the parser plus a map back to the original (sourcemap.ts).
import { evalCondition } from './cond';
import { expandTokens, newStats, within, type ExpandStats, type MacroUse, type PTok } from './expand';
import { lex, logicalLineEnd, type Tok } from './lex';
import { MacroTable, parseDefine } from './macros';
import { SourceMap } from './sourcemap';
import { SAL_ANNOTATION, sdkMacros } from '../sdk/headers';

export type Lang = 'c' | 'cpp';

export interface PreprocessOptions {
  file: string;
  lang: Lang;
  /** `defines` of the configuration (name → replacement text; `''` for a name defined as empty). */
  defines?: ReadonlyMap<string, string>;
  /** The macros an analysed header exports, for an `#include` of it; undefined when it is not analysed. */
  include?: (spec: string, angled: boolean) => MacroTable | undefined;
  /** Whether some analysed file defines the name: such a name is never undetermined. */
  definedSomewhere?: (name: string) => boolean;
  /** The value of an undetermined macro in the configuration analysed (undefined: not defined). */
  configured?: (name: string) => string | undefined;
}

export interface IncludeRef {
  spec: string;
  angled: boolean;
  /** Offset of the directive. */
  at: number;
}

export interface Preprocessed {
  text: string;
  map: SourceMap;
  /** Macros in force at the end of the file (what an includer of this header sees). */
  exports: MacroTable;
  /** Undetermined macros that conditions of this file consulted (sorted). */
  consulted: string[];
  /** The `#if … #endif` chains whose conditions consulted undetermined macros: which, and the text they span. */
  conditionals: { names: string[]; from: number; to: number }[];
  includes: IncludeRef[];
  /** Macros of the analysed sources that were expanded. */
  macrosUsed: string[];
  /** Set when expansion stopped early (a runaway macro): says why. */
  cut?: string;
}

/** Names a compiler defines itself; their value is known per language, so they are never undetermined. */
const PREDEFINED = new Set(['__cplusplus', '__STDC__', '__STDC_VERSION__', '__FILE__', '__LINE__', '__DATE__', '__TIME__', '__COUNTER__', '__STDC_HOSTED__']);

interface Cond {
  /** Where the chain's `#if` starts, and the undetermined names its conditions consulted. */
  at: number;
  names: Set<string>;
  /** This group's code is compiled. */
  active: boolean;
  /** Some group of this #if chain was taken already. */
  taken: boolean;
  /** The enclosing code is compiled. */
  outer: boolean;
}

type Item = { kind: 'run'; toks: PTok[]; uses: MacroUse[] } | { kind: 'blank'; from: number; to: number };

export function preprocess(text: string, opts: PreprocessOptions): Preprocessed {
  const table = new MacroTable(sdkMacros(opts.lang));
  if (opts.lang === 'cpp') table.define(predefined('__cplusplus', '201703L', opts.file));
  else table.define(predefined('__STDC_VERSION__', '199901L', opts.file));
  table.define(predefined('__STDC__', '1', opts.file));
  for (const [k, v] of opts.defines ?? []) table.define(predefined(k, v, opts.file));
  const consulted = new Set<string>();
  const conditionals: Preprocessed['conditionals'] = [];
  const includes: IncludeRef[] = [];
  const stats = newStats();
  const limits = { maxTokens: 200_000 + text.length };
  const condStats = newStats();
  const undetermined = (name: string): boolean =>
    !table.has(name) && !PREDEFINED.has(name) && !(opts.definedSomewhere?.(name) ?? false) && !(opts.defines?.has(name) ?? false);
  // Each condition collects the undetermined names it consults into its chain (and the file's list).
  const condEnv = { table, undetermined, configured: (n: string) => opts.configured?.(n), consulted: new Set<string>(), stats: condStats, limits };
  const consult = (chain: Cond, evaluate: () => boolean): boolean => {
    condEnv.consulted = chain.names;
    const v = evaluate();
    for (const n of chain.names) consulted.add(n);
    return v;
  };

  const toks = lex(text);
  const items: Item[] = [];
  const stack: Cond[] = [];
  const active = (): boolean => stack.length === 0 || stack[stack.length - 1].active;
  let run: PTok[] = [];
  const flush = (): void => {
    if (!run.length) return;
    const usesBefore = stats.uses.length;
    const expanded = expandTokens(run, table, stats, limits);
    items.push({ kind: 'run', toks: expanded, uses: stats.uses.slice(usesBefore) });
    run = [];
  };

  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    if (t.text === '#' && t.lineStart) {
      // A directive: to the end of its logical line.
      const end = logicalLineEnd(text, t.start);
      let j = i + 1;
      while (j < toks.length && toks[j].start < end) j++;
      flush();
      directive(toks.slice(i + 1, j), t.start, end);
      items.push({ kind: 'blank', from: t.start, to: end });
      i = j;
      continue;
    }
    if (!active()) {
      // Inactive code up to the next directive line.
      let j = i + 1;
      while (j < toks.length && !(toks[j].text === '#' && toks[j].lineStart)) j++;
      const to = j < toks.length ? toks[j].start : text.length;
      items.push({ kind: 'blank', from: t.start, to });
      i = j;
      continue;
    }
    run.push({ kind: t.kind, text: t.text, origin: t.start, spaceBefore: t.spaceBefore });
    i++;
  }
  flush();
  // A chain the file never closes runs to its end.
  for (const c of stack) if (c.names.size) conditionals.push({ names: [...c.names].sort(), from: c.at, to: text.length });

  function directive(line: Tok[], at: number, end: number): void {
    const name = line[0]?.text ?? '';
    const rest = line.slice(1);
    const top = stack[stack.length - 1];
    switch (name) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        const outer = active();
        const chain: Cond = { at, names: new Set(), active: false, taken: false, outer };
        let truth = false;
        if (outer) {
          truth = consult(chain, () => {
            if (name === 'if') return evalCondition(rest.map(ptok), condEnv);
            const defined = isDefined(rest[0]?.text ?? '', chain);
            return name === 'ifdef' ? defined : !defined;
          });
        }
        chain.active = outer && truth;
        chain.taken = outer && truth;
        stack.push(chain);
        return;
      }
      case 'elif':
      case 'elifdef':
      case 'elifndef': {
        if (!top) return;
        if (top.taken || !top.outer) {
          top.active = false;
          return;
        }
        const truth = consult(top, () => {
          if (name === 'elif') return evalCondition(rest.map(ptok), condEnv);
          const defined = isDefined(rest[0]?.text ?? '', top);
          return name === 'elifdef' ? defined : !defined;
        });
        top.active = truth;
        top.taken = truth;
        return;
      }
      case 'else':
        if (!top) return;
        top.active = top.outer && !top.taken;
        top.taken = true;
        return;
      case 'endif': {
        const done = stack.pop();
        if (done?.names.size) conditionals.push({ names: [...done.names].sort(), from: done.at, to: end });
        return;
      }
    }
    if (!active()) return;
    switch (name) {
      case 'define': {
        const m = parseDefine(line.slice(1), opts.file, at);
        if (m) table.define(m);
        return;
      }
      case 'undef':
        if (rest[0]) table.undef(rest[0].text);
        return;
      case 'include':
      case 'include_next':
      case 'import': {
        const spec = includeSpec(text.slice(line[0].end, end), rest);
        if (!spec) return;
        includes.push({ ...spec, at });
        const exported = opts.include?.(spec.spec, spec.angled);
        if (exported) table.absorb(exported);
        return;
      }
      default:
        return; // #pragma, #error, #line, #warning, null directive
    }
  }

  function isDefined(id: string, chain: Cond): boolean {
    if (table.has(id)) return true;
    if (undetermined(id)) {
      chain.names.add(id);
      return opts.configured?.(id) !== undefined;
    }
    return false;
  }

  dropUnknownSpecifiers(items, table);
  const { out, map } = write(text, items);
  return {
    text: out,
    map,
    exports: table,
    consulted: [...consulted].sort(),
    conditionals,
    includes,
    macrosUsed: [...stats.used].sort(),
    cut: stats.cut ? `macro expansion stopped after ${limits.maxTokens} tokens (a macro that expands without end?)` : undefined,
  };
}

function predefined(name: string, value: string, file: string) {
  return { name, variadic: false, body: lex(value), file, at: 0 };
}

function ptok(t: Tok): PTok {
  return { kind: t.kind, text: t.text, origin: t.start, spaceBefore: t.spaceBefore };
}

function includeSpec(raw: string, rest: Tok[]): { spec: string; angled: boolean } | undefined {
  const s = raw.trim();
  const q = /^"([^"]+)"/.exec(s);
  if (q) return { spec: q[1], angled: false };
  const a = /^<([^>]+)>/.exec(s);
  if (a) return { spec: a[1], angled: true };
  // #include MACRO: not followed (the macro may name any header).
  return rest.length ? undefined : undefined;
}

// ---- writing the text and its map ---------------------------------------------------------------------

function write(text: string, items: Item[]): { out: string; map: SourceMap } {
  const parts: string[] = [];
  const map = new SourceMap();
  let len = 0;
  let cursor = 0;
  const copy = (to: number, blank: boolean): void => {
    if (to <= cursor) return;
    const piece = text.slice(cursor, to);
    const s = blank ? piece.replace(/[^\r\n]/g, ' ') : piece;
    parts.push(s);
    map.add(len, cursor, s.length);
    len += s.length;
    cursor = to;
  };
  const emit = (s: string, orig: number | undefined, use: MacroUse | undefined): void => {
    parts.push(s);
    if (orig !== undefined && !use) map.add(len, orig, s.length);
    else if (use) map.add(len, use.start, s.length, use);
    len += s.length;
  };
  for (const item of items) {
    if (item.kind === 'blank') {
      copy(item.from, false);
      copy(item.to, true);
      continue;
    }
    const toks = item.toks;
    let k = 0;
    const originalUpTo = (limit: number): void => {
      while (k < toks.length && !toks[k].use && toks[k].origin !== undefined && toks[k].origin! < limit) {
        const t = toks[k];
        copy(t.origin!, false);
        copy(t.origin! + t.text.length, !!(t as Dropped).dropped);
        k++;
      }
    };
    for (const use of item.uses) {
      originalUpTo(use.start);
      copy(use.start, false);
      let first = true;
      while (k < toks.length) {
        const t = toks[k];
        const inside = t.use ? within(t.use, use) : t.origin !== undefined && t.origin >= use.start && t.origin < use.end;
        if (!inside) break;
        if (!(t as Dropped).dropped) {
          if (!first || t.spaceBefore) emit(' ', undefined, use);
          emit(t.text, t.use ? undefined : t.origin, t.use);
          first = false;
        }
        k++;
      }
      // Keep the line structure: the line breaks of the macro use follow its expansion.
      const breaks = text.slice(use.start, use.end).replace(/[^\n]/g, '');
      if (breaks) emit(breaks, undefined, use);
      if (first && !breaks && use.end > use.start) emit(' ', undefined, use); // an empty expansion still separates tokens
      // `STDAPI_(void)ViewRelease(`: the expansion's last token and the text after the use must stay two tokens.
      else if (!breaks && /[\w$]$/.test(parts[parts.length - 1] ?? '') && /^[\w$]/.test(text.slice(use.end, use.end + 1))) emit(' ', undefined, use);
      cursor = use.end;
    }
    originalUpTo(Number.MAX_SAFE_INTEGER);
  }
  copy(text.length, false);
  return { out: parts.join(''), map };
}

// ---- unknown specifier macros ---------------------------------------------------------------------------

type Dropped = PTok & { dropped?: boolean };

const KEYWORDS = new Set([
  'alignas', 'alignof', 'asm', 'auto', 'bool', 'break', 'case', 'catch', 'char', 'char8_t', 'char16_t', 'char32_t', 'class',
  'const', 'consteval', 'constexpr', 'constinit', 'const_cast', 'continue', 'co_await', 'co_return', 'co_yield', 'decltype',
  'default', 'delete', 'do', 'double', 'dynamic_cast', 'else', 'enum', 'explicit', 'export', 'extern', 'false', 'final', 'float',
  'for', 'friend', 'goto', 'if', 'inline', 'int', 'long', 'mutable', 'namespace', 'new', 'noexcept', 'nullptr', 'operator',
  'override', 'private', 'protected', 'public', 'register', 'reinterpret_cast', 'requires', 'return', 'short', 'signed',
  'sizeof', 'static', 'static_assert', 'static_cast', 'struct', 'switch', 'template', 'this', 'thread_local', 'throw', 'true',
  'try', 'typedef', 'typeid', 'typename', 'union', 'unsigned', 'using', 'virtual', 'void', 'volatile', 'wchar_t', 'while',
  '__attribute__', '__declspec', '__int64', '__int32', '__int16', '__int8', 'restrict', '_Bool',
]);

/** Looks like a macro name: ALL_CAPS, or `_kc_final`-style lower case with a leading underscore. */
const MACRO_LIKE = /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,}[0-9]*|_[A-Za-z][A-Za-z0-9]*_\w*|__[a-z]\w*)$/;

const AFTER_DECLARATOR_STOP = new Set([';', '{', '=', ':', '->', ',', 'const', 'override', 'final', 'noexcept', 'throw', '&', '&&', 'try', 'volatile', 'requires']);

type Scope = 'decl' | 'body' | 'init';

/**
 * Marks for dropping the identifiers that can only be unknown macros: after a class head's name, after a
 * function declarator's `)`, between a declaration's type and its name, and SAL annotations. Only outside
 * function bodies (inside them, an unknown identifier is code).
 */
/** Tokens after `NAME(…)` that make it part of a declaration or an expression (kept as written). */
const DECL_CONTINUES = new Set([';', '{', ':', ',', '=', '(', '[', '.', '->', '::', '<', ')', '?', '&&', '||', '+', '-', '*', '/', '|', '&']);

function dropUnknownSpecifiers(items: Item[], table: MacroTable): void {
  const all: Dropped[] = [];
  for (const it of items) if (it.kind === 'run') for (const t of it.toks) all.push(t);
  const scopes: Scope[] = [];
  const scope = (): Scope => scopes[scopes.length - 1] ?? 'decl';
  const isId = (t: PTok | undefined): boolean => !!t && t.kind === 'id' && !KEYWORDS.has(t.text);
  const unknownMacro = (t: PTok | undefined): boolean => !!t && isId(t) && !t.noexpand && MACRO_LIKE.test(t.text) && !table.has(t.text);
  for (let i = 0; i < all.length; i++) {
    const t = all[i];
    if (t.kind === 'id' && SAL_ANNOTATION.test(t.text) && !table.has(t.text)) {
      t.dropped = true;
      if (all[i + 1]?.text === '(') i = dropParens(all, i + 1);
      continue;
    }
    if (t.text === '{') {
      scopes.push(scope() === 'body' ? 'body' : openerKind(all, i));
      continue;
    }
    if (t.text === '}') {
      scopes.pop();
      continue;
    }
    if (scope() !== 'decl') continue;
    if ((t.text === 'class' || t.text === 'struct' || t.text === 'union') && all[i - 1]?.text !== 'enum') {
      classHead(all, i, unknownMacro);
      continue;
    }
    if (t.text === ')') {
      // After a declarator's parameter list: `) _kc_override;`, `) KC_DEPRECATED("use Foo");`
      let j = i + 1;
      while (unknownMacro(all[j])) j = all[j + 1]?.text === '(' ? dropParens(all, j + 1, false) + 1 : j + 1;
      if (j > i + 1 && (all[j] === undefined || AFTER_DECLARATOR_STOP.has(all[j].text))) for (let q = i + 1; q < j; q++) all[q].dropped = true;
      continue;
    }
    // A macro use that opens a declaration and is not followed by what could continue one (`IFDBG(BOOL f;)`
    // before `}`, `MAPI_IMAPIFOLDER_METHODS(IMPL)` from a header the analysis lacks, `EXPORT(x) int f();`):
    // it declares members or qualifies what follows in a way the analysis cannot see, and is left out.
    if (unknownMacro(t) && all[i + 1]?.text === '(') {
      const prev = all[i - 1];
      if (!prev || prev.text === ';' || prev.text === '{' || prev.text === '}' || (prev as Dropped).dropped) {
        const close = dropParens(all, i + 1, false);
        const next = all[close + 1];
        if (!next || !DECL_CONTINUES.has(next.text)) {
          for (let q = i; q <= close; q++) all[q].dropped = true;
          i = close;
          continue;
        }
      }
    }
    // `TYPE MACRO name(`, `TYPE * MACRO name(`: a calling convention or export macro after a type that is
    // already there (a keyword before it, as in `virtual ULONG Release(`, means it is the type itself).
    if (unknownMacro(t) && isId(all[i + 1]) && all[i + 2]?.text === '(') {
      const before = all[i - 1];
      if (before && (isId(before) || ((before.text === '*' || before.text === '&') && (isId(all[i - 2]) || all[i - 2]?.text === '*')))) t.dropped = true;
    }
  }
}

/** Drops `( … )` starting at `open`; returns the index of the closing parenthesis. */
function dropParens(all: Dropped[], open: number, mark = true): number {
  let depth = 0;
  for (let j = open; j < all.length; j++) {
    if (all[j].text === '(') depth++;
    else if (all[j].text === ')') depth--;
    if (mark) all[j].dropped = true;
    if (depth === 0) return j;
  }
  return all.length - 1;
}

/** What the `{` at `i` opens, at declaration level. */
function openerKind(all: PTok[], i: number): Scope {
  // Walk back over the head of the construct the brace belongs to.
  for (let j = i - 1, depthParen = 0, depthAngle = 0; j >= 0 && i - j < 400; j--) {
    const x = all[j].text;
    if (x === ')') depthParen++;
    else if (x === '(') depthParen--;
    if (depthParen > 0) continue;
    if (x === '>') depthAngle++;
    else if (x === '<') depthAngle--;
    if (x === ';' || x === '}' || x === '{') return 'decl';
    if (depthAngle > 0) continue;
    if (x === '=' || x === 'return' || x === ',' && j === i - 1) return 'init';
    if (x === 'namespace' || x === 'extern') return 'decl';
    if (x === 'class' || x === 'struct' || x === 'union' || x === 'enum') return 'decl';
    if (x === ')' || x === 'try' || x === 'const' && all[j - 1]?.text === ')' || x === 'override' || x === 'noexcept' || x === 'final' && all[j - 1]?.text === ')') {
      return 'body';
    }
  }
  return 'decl';
}

/** In a `class|struct|union` head that has more than one name before `:` or `{`, the extra ones are macros. */
function classHead(all: Dropped[], i: number, unknownMacro: (t: PTok | undefined) => boolean): void {
  let j = i + 1;
  const groups: number[][] = [];
  let angle = 0;
  for (; j < all.length && j - i < 200; j++) {
    const x = all[j].text;
    if (angle === 0 && (x === '{' || x === ':' || x === ';' || x === '(' || x === '=' || x === '*' || x === '&' || x === ')' || x === ',')) break;
    if (x === '<') angle++;
    else if (x === '>') angle--;
    else if (x === '>>') angle -= 2;
    if (angle > 0) continue;
    if (x === '[' && all[j + 1]?.text === '[') {
      while (j < all.length && !(all[j].text === ']' && all[j + 1]?.text === ']')) j++;
      j++;
      continue;
    }
    if (all[j].kind === 'id' && x !== 'final') {
      if (all[j - 1]?.text === '::' && groups.length) groups[groups.length - 1].push(j);
      else groups.push([j]);
    }
  }
  const term = all[j]?.text;
  if (term !== '{' && term !== ':') return;
  if (groups.length < 2) return;
  // The macros are the groups that look like one; if they all do, the first is the class's name.
  const macros = groups.filter((g) => g.length === 1 && unknownMacro(all[g[0]]));
  const keep = macros.length === groups.length ? groups[0] : undefined;
  for (const g of macros) if (g !== keep) all[g[0]].dropped = true;
}
