// tree-sitter over the preprocessed text: the C++ grammar for C++ and headers, the C grammar (which
// tree-sitter-cpp is built on) for C files, where `a < b || c > (d)` is a comparison and never a template.
// Parsing never fails: broken code yields ERROR nodes; a text whose error recovery crawls is parsed
// without its over-long lines, or not at all, with a note saying so.
//
// Two back ends give the same trees: the native binding (`tree-sitter` with the grammars' N-API prebuilds),
// and, where no native build loads (a platform without a prebuild, an install whose native packages were
// left out), WebAssembly: `web-tree-sitter` with the grammars' own wasm builds. MAPI_LINT_PARSER=wasm forces
// the WebAssembly one, MAPI_LINT_PARSER=native forbids it. The native binding loads synchronously on the
// first parse; WebAssembly needs the asynchronous initParser() first, which the shells await before the
// first lint (and which tells them, once, which back end parses and why).
import * as path from 'node:path';
import type NativeParser = require('tree-sitter');
import type WasmParser = require('web-tree-sitter');

export type Grammar = 'c' | 'cpp';

export interface Point {
  row: number;
  column: number;
}

/** What the engine reads of a tree cursor (parse/flat.ts), the same in both back ends. */
export interface TreeCursor {
  readonly nodeType: string;
  readonly nodeTypeId: number;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly currentFieldId: number;
  readonly currentFieldName: string;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

/** A parse tree of either back end: walked once into a flat copy, edited once to guide the next parse. */
export interface Tree {
  walk(): TreeCursor;
  edit(edit: ParseEdit): void;
}

export interface ParseEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Point;
  oldEndPosition: Point;
  newEndPosition: Point;
}

/** Which back end parses, and, for WebAssembly, why. */
export interface ParserInfo {
  backend: 'native' | 'wasm';
  /** Why WebAssembly parses: the variable that forced it, or the native binding's load error. */
  reason?: string;
  /** The sentence the shells print (CLI: stderr) or log (language server) once; unset for the native one. */
  note?: string;
}

interface Backend {
  info: ParserInfo;
  /** A timed-out parse yields null. */
  parse(g: Grammar, text: string, old: Tree | undefined, timeoutMicros: number): Tree | null;
}

/** The environment variable that chooses the back end. */
export const PARSER_ENV = 'MAPI_LINT_PARSER';

/**
 * Where the time budget bites (texts whose error recovery crawls), WebAssembly parses about twice as slowly as
 * the native build (a 2,000-term chain of additions in a parameter list: 253 against 147 ms; ordinary code is
 * parsed as fast, bench/parser.mjs): its budget is scaled by that, so that both cut the same texts.
 */
const WASM_TIME_FACTOR = 2;

type Choice = 'auto' | 'native' | 'wasm';

function choice(): { choice: Choice; ignored?: string } {
  const v = (process.env[PARSER_ENV] ?? '').trim().toLowerCase();
  if (v === '' || v === 'auto') return { choice: 'auto' };
  if (v === 'native' || v === 'wasm') return { choice: v };
  return { choice: 'auto', ignored: `${PARSER_ENV}=${process.env[PARSER_ENV]} is neither native nor wasm: ignored` };
}

let backend: Backend | undefined;
let initializing: Promise<ParserInfo> | undefined;

/**
 * The binding's setLanguage builds one SyntaxNode subclass per node type of the grammar (field getters, made
 * with eval, each type looked up in node-types.json): 40–130 ms for the two grammars, a third of the CLI's
 * start-up. The engine reads trees through a TreeCursor only (parse/flat.ts) and never asks for a node, so
 * each grammar's node classes are the plain SyntaxNode: a node, should one ever be made, still has its type,
 * text, children and position, only not the per-field getters (`nameNode`, …).
 */
function skipNodeClasses(Parser: typeof NativeParser, language: unknown): void {
  const lang = language as { nodeSubclasses?: unknown };
  const SyntaxNode = (Parser as unknown as { SyntaxNode?: unknown }).SyntaxNode;
  if (typeof SyntaxNode !== 'function' || typeof lang !== 'object' || lang === null || lang.nodeSubclasses !== undefined) return;
  lang.nodeSubclasses = new Proxy([], { get: () => SyntaxNode });
}

function loadNative(): Backend {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Parser = require('tree-sitter') as typeof NativeParser;
  // The grammars ship no type declarations; each is a Language object for Parser.setLanguage.
  const languages: Record<Grammar, unknown> = { cpp: require('tree-sitter-cpp'), c: require('tree-sitter-c') };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const parsers = {} as Record<Grammar, NativeParser>;
  for (const g of ['cpp', 'c'] as const) {
    skipNodeClasses(Parser, languages[g]);
    const p = new Parser();
    p.setLanguage(languages[g]);
    parsers[g] = p;
  }
  return {
    info: { backend: 'native' },
    parse(g, text, old, timeoutMicros) {
      const p = parsers[g];
      p.setTimeoutMicros(timeoutMicros);
      try {
        const tree = p.parse(text, old as NativeParser.Tree | undefined, { bufferSize: bufferSizeFor(text) });
        if (!tree) p.reset(); // a timed-out parse would otherwise resume on the next call
        return tree ?? null;
      } finally {
        p.setTimeoutMicros(0);
      }
    },
  };
}

/**
 * The grammar's wasm build: beside the bundle (dist/wasm/), else in the grammar's package. web-tree-sitter
 * reads the file (the engine itself touches no file system: it asks for the one beside it and takes a miss).
 */
async function loadGrammarWasm(Parser: typeof WasmParser, g: Grammar) {
  const file = `tree-sitter-${g}.wasm`;
  try {
    return await Parser.Language.load(path.join(__dirname, 'wasm', file));
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ENOENT') throw e;
    // None beside this module (out/, or a bundle without dist/wasm/): the grammar package's own build.
    return Parser.Language.load(require.resolve(`tree-sitter-${g}/${file}`));
  }
}

/**
 * web-tree-sitter's objects live in the WebAssembly heap and are freed by delete(), never by the garbage
 * collector: each raw tree and cursor is handed out inside a wrapper whose collection deletes it.
 */
const wasmHeap = new FinalizationRegistry<{ delete(): void }>((raw) => raw.delete());

class WasmCursor implements TreeCursor {
  /** `owner` keeps the tree alive while its cursor walks (a collected tree deletes its raw tree). */
  constructor(
    private readonly c: WasmParser.TreeCursor,
    readonly owner: WasmTree,
  ) {
    wasmHeap.register(this, c);
  }
  get nodeType(): string {
    return this.c.nodeType;
  }
  get nodeTypeId(): number {
    return this.c.nodeTypeId;
  }
  get nodeIsNamed(): boolean {
    return this.c.nodeIsNamed;
  }
  get nodeIsMissing(): boolean {
    return this.c.nodeIsMissing;
  }
  get startIndex(): number {
    return this.c.startIndex;
  }
  get endIndex(): number {
    return this.c.endIndex;
  }
  get currentFieldId(): number {
    return this.c.currentFieldId;
  }
  get currentFieldName(): string {
    return this.c.currentFieldName ?? '';
  }
  gotoFirstChild(): boolean {
    return this.c.gotoFirstChild();
  }
  gotoNextSibling(): boolean {
    return this.c.gotoNextSibling();
  }
  gotoParent(): boolean {
    return this.c.gotoParent();
  }
}

class WasmTree implements Tree {
  constructor(readonly raw: WasmParser.Tree) {
    wasmHeap.register(this, raw);
  }
  walk(): TreeCursor {
    return new WasmCursor(this.raw.walk(), this);
  }
  edit(e: ParseEdit): void {
    this.raw.edit(e);
  }
}

async function loadWasm(reason: string): Promise<Backend> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Parser = require('web-tree-sitter') as typeof WasmParser;
  await Parser.init();
  const parsers = {} as Record<Grammar, WasmParser>;
  for (const g of ['cpp', 'c'] as const) {
    const p = new Parser();
    p.setLanguage(await loadGrammarWasm(Parser, g));
    parsers[g] = p;
  }
  return {
    info: { backend: 'wasm', reason, note: `parsing with WebAssembly (web-tree-sitter), slower than the native tree-sitter binding: ${reason}` },
    parse(g, text, old, timeoutMicros) {
      const p = parsers[g];
      p.setTimeoutMicros(timeoutMicros * WASM_TIME_FACTOR);
      try {
        return new WasmTree(p.parse(text, old instanceof WasmTree ? old.raw : undefined));
      } catch (e) {
        // web-tree-sitter throws 'Parsing failed' where the native binding returns null: a timed-out parse.
        if (e instanceof Error && e.message === 'Parsing failed') {
          p.reset();
          return null;
        }
        throw e;
      } finally {
        p.setTimeoutMicros(0);
      }
    },
  };
}

/** The first line of a load error ('No native build was found for platform=… arch=…', 'Cannot find module …'). */
function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/**
 * Chooses and loads the parser's back end: the native binding, else (or with MAPI_LINT_PARSER=wasm)
 * WebAssembly. The shells await it once before the first lint and print or log `note` when it is set.
 * Idempotent: later calls give the same answer.
 */
export function initParser(): Promise<ParserInfo> {
  if (backend) return Promise.resolve(backend.info);
  initializing ??= (async () => {
    const { choice: c, ignored } = choice();
    let b: Backend;
    if (c === 'wasm') b = await loadWasm(`${PARSER_ENV}=wasm`);
    else {
      try {
        b = loadNative();
      } catch (e) {
        if (c === 'native') throw new Error(`${PARSER_ENV}=native: the native tree-sitter binding could not be loaded: ${firstLine(e)}`);
        b = await loadWasm(`the native tree-sitter binding could not be loaded (${firstLine(e)})`);
      }
    }
    if (ignored) b.info = { ...b.info, note: b.info.note ? `${b.info.note}; ${ignored}` : ignored };
    backend = b;
    return b.info;
  })();
  initializing.catch(() => (initializing = undefined)); // a failed load may be retried; the caller sees the error
  return initializing;
}

/** The back end that parses, once chosen (by initParser() or the first parse). */
export function parserInfo(): ParserInfo | undefined {
  return backend?.info;
}

/** The back end; without initParser(), the native binding, loaded here on the first parse. */
function current(): Backend {
  if (backend) return backend;
  const c = choice().choice;
  if (c === 'wasm') throw new Error(`${PARSER_ENV}=wasm: initParser() must be awaited before the first parse`);
  try {
    backend = loadNative();
  } catch (e) {
    throw new Error(`the native tree-sitter binding could not be loaded (${firstLine(e)}); initParser() must be awaited before the first parse to fall back to WebAssembly`);
  }
  return backend;
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

function parseWithin(g: Grammar, text: string, old: Tree | undefined): Tree | null {
  return current().parse(g, text, old, timeoutMicrosFor(text));
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
  return { grammar, text: empty, tree: parseWithin(grammar, empty, undefined) ?? unbounded(grammar, ''), degraded: 'the file was not analysed: parsing it took too long' };
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

function point(text: string, index: number): Point {
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
  return parseWithin(grammar, text, undefined) ?? unbounded(grammar, '');
}

/** A parse without a time budget (of an empty or blanked text, which never crawls). */
function unbounded(g: Grammar, text: string): Tree {
  const t = current().parse(g, text, undefined, 0);
  if (!t) throw new Error('tree-sitter gave no tree for a parse without a time budget');
  return t;
}
