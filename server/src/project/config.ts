// .mapilintrc.json: found from a file's directory upwards, the nearest one wins (no merging). The file is
// JSONC (comments and trailing commas allowed), parsed with jsonc-parser and validated with ajv against the
// schema of schema.ts (the one VS Code uses as the file is edited):
//   { "rules": { "<rule-id>": "off" | "warning" | "error" }, "ignore": ["glob", ...],
//     "defines": { "NAME": "value" | true }, "maxFileSize": <bytes> }
// `ignore` globs are relative to the config's directory and anchored there ("**/" matches at any depth);
// a trailing '/' matches directories only; a matched directory ignores everything below it.
// The file comes from the workspace, which may be hostile: it is refused above MAX_CONFIG_BYTES or nested
// deeper than MAX_CONFIG_DEPTH, before any recursive step; every error is one line naming file:line:column,
// and what it quotes from the file is shortened.
import * as path from 'path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createScanner, parseTree, SyntaxKind, ParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { decodeBytes, RULE_CATALOG, type RuleSetting } from '../engine';
import { CONFIG_FILE_NAME } from './constants';
import { errorCode, describeFsError, type FsLike } from './fs';
import { compileGlob, toPosix, type Glob } from './glob';
import { CONFIG_SETTINGS, configSchema, RULE_LEVELS } from './schema';

export const RULE_SETTINGS: readonly RuleSetting[] = RULE_LEVELS;
/** Larger configuration files are refused unread. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Deeper nesting of objects and arrays is refused (the schema needs 3 levels). */
export const MAX_CONFIG_DEPTH = 64;

export interface MapiLintConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Its directory: `ignore` globs are relative to it. */
  dir: string;
  rules: Readonly<Record<string, RuleSetting>>;
  ignore: readonly string[];
  /** Macro values for the preprocessor's #if evaluation (true: defined as 1). */
  defines?: Readonly<Record<string, string | true>>;
  /** Files found by walking that are larger (bytes) are skipped; undefined: DEFAULT_MAX_FILE_SIZE. */
  maxFileSize?: number;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}:${column ?? 1}` : ''}: invalid configuration: ${detail}`);
    this.name = 'ConfigError';
  }
}

let validator: ValidateFunction | undefined;

/** The options the schema is compiled with (a test checks the schema against the meta-schema instead). */
export const AJV_OPTIONS = { allErrors: true, strict: true, validateSchema: false } as const;
/** VS Code's keywords (see schema.ts): annotations for ajv. */
export const EDITOR_KEYWORDS = ['allowComments', 'allowTrailingCommas'];

function validate(value: unknown): ErrorObject[] {
  if (!validator) {
    // Loaded and compiled on the first configuration only: a run without one never pays for ajv.
    const { default: Ajv } = require('ajv') as typeof import('ajv');
    const ajv = new Ajv(AJV_OPTIONS);
    ajv.addVocabulary(EDITOR_KEYWORDS);
    validator = ajv.compile(configSchema());
  }
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** Parses and validates the text of a config file; `file` is only used in messages. Throws ConfigError. */
export function parseConfig(text: string, file: string): MapiLintConfig {
  const source = text.startsWith('\uFEFF') ? ` ${text.slice(1)}` : text; // same offsets without the BOM
  const at = (offset: number, detail: string): ConfigError => {
    const { line, column } = lineCol(source, offset);
    return new ConfigError(file, detail, line, column);
  };
  if (source.length > MAX_CONFIG_BYTES) throw new ConfigError(file, tooLarge(source.length));
  const shape = scanShape(source);
  if (shape.empty) throw at(0, 'the file is empty (expected a JSON object)');
  if (shape.tooDeep !== undefined) throw at(shape.tooDeep, `nested deeper than ${MAX_CONFIG_DEPTH} levels`);
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const e = errors[0] ?? { error: ParseErrorCode.ValueExpected, offset: 0, length: 0 };
    throw at(e.offset, `invalid JSON: ${describeParseError(e, source)}`);
  }
  const duplicate = firstDuplicateKey(root);
  if (duplicate) throw at(duplicate.offset, `duplicate property ${quote(String(duplicate.value))}`);
  const value = toValue(root);

  const problems = validate(value)
    .map((e) => schemaProblem(e, root))
    .sort((a, b) => a.offset - b.offset);
  if (problems.length > 0) throw at(problems[0].offset, problems[0].message);

  const v = value as { rules?: Record<string, RuleSetting>; ignore?: string[]; defines?: Record<string, string | true>; maxFileSize?: number };
  const ignoreNodes = child(root, 'ignore')?.children ?? [];
  (v.ignore ?? []).forEach((glob, i) => {
    try {
      compileIgnoreGlob(glob);
    } catch (e) {
      throw at(ignoreNodes[i].offset, `invalid glob ${quote(glob)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return {
    file,
    dir: path.dirname(file),
    rules: { ...v.rules },
    ignore: v.ignore ?? [],
    ...(v.defines ? { defines: { ...v.defines } } : {}),
    ...(v.maxFileSize !== undefined ? { maxFileSize: v.maxFileSize } : {}),
  };
}

function tooLarge(size: number): string {
  return `the file is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB (${size} bytes); it is not read`;
}

/** One pass of jsonc-parser's (iterative) scanner: is there any token, and where does nesting get too deep. */
function scanShape(text: string): { empty: boolean; tooDeep?: number } {
  const scanner = createScanner(text, true);
  let depth = 0;
  let empty = true;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) continue;
    empty = false;
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_CONFIG_DEPTH) return { empty, tooDeep: scanner.getTokenOffset() };
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return { empty };
}

function describeParseError(e: ParseError, text: string): string {
  const found = e.offset >= text.length ? 'end of file' : `character ${quote(text[e.offset])}`;
  switch (e.error) {
    case ParseErrorCode.InvalidSymbol:
      return `unexpected ${found}`;
    case ParseErrorCode.InvalidNumberFormat:
      return 'invalid number';
    case ParseErrorCode.PropertyNameExpected:
      return `expected a property name in double quotes but found ${found}`;
    case ParseErrorCode.ValueExpected:
      return `expected a value but found ${found}`;
    case ParseErrorCode.ColonExpected:
      return `expected ':' but found ${found}`;
    case ParseErrorCode.CommaExpected:
      return `expected ',' but found ${found}`;
    case ParseErrorCode.CloseBraceExpected:
      return `expected ',' or '}' but found ${found}`;
    case ParseErrorCode.CloseBracketExpected:
      return `expected ',' or ']' but found ${found}`;
    case ParseErrorCode.EndOfFileExpected:
      return `unexpected ${found} after the end of the JSON value`;
    case ParseErrorCode.InvalidCommentToken:
    case ParseErrorCode.UnexpectedEndOfComment:
      return 'unterminated comment';
    case ParseErrorCode.UnexpectedEndOfString:
      return 'unterminated string (a line break inside a string is not allowed)';
    case ParseErrorCode.UnexpectedEndOfNumber:
      return 'unterminated number';
    case ParseErrorCode.InvalidUnicode:
      return 'invalid \\u escape in string';
    case ParseErrorCode.InvalidEscapeCharacter:
      return 'invalid escape in string';
    case ParseErrorCode.InvalidCharacter:
      return 'control character inside a string';
  }
}

/** The first key that repeats one before it in the same object (JSON.parse would silently keep the last). */
function firstDuplicateKey(root: JsonNode): JsonNode | undefined {
  const stack = [root];
  let first: JsonNode | undefined;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (!key) continue;
        const k = String(key.value);
        if (seen.has(k) && (!first || key.offset < first.offset)) first = key;
        seen.add(k);
      }
    }
    for (const c of node.children ?? []) stack.push(c);
  }
  return first;
}

/** The value of a parse tree (at most MAX_CONFIG_DEPTH deep); keys such as "__proto__" stay own properties. */
function toValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (key && value) Object.defineProperty(obj, String(key.value), { value: toValue(value), enumerable: true, writable: true, configurable: true });
      }
      return obj;
    }
    case 'array':
      return (node.children ?? []).map(toValue);
    default:
      return node.value;
  }
}

function child(node: JsonNode | undefined, key: string | number): JsonNode | undefined {
  if (!node) return undefined;
  if (node.type === 'array') return typeof key === 'number' || /^\d+$/.test(key) ? node.children?.[Number(key)] : undefined;
  if (node.type !== 'object') return undefined;
  return node.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
}

function keyNode(object: JsonNode | undefined, key: string): JsonNode | undefined {
  return object?.children?.find((p) => p.children?.[0]?.value === key)?.children?.[0];
}

/** What an ajv error means for the user, placed at the offending key or value. */
function schemaProblem(e: ErrorObject, root: JsonNode): { offset: number; message: string } {
  const segments = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: JsonNode | undefined = root;
  for (const s of segments) node = child(node, s);
  const offset = node?.offset ?? 0;
  const got = node ? kindName(node) : 'nothing';
  const params = e.params as { additionalProperty?: string; propertyName?: string };
  // ajv puts the offending name of a `propertyNames` failure on the error itself, or in params.
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName ?? params.propertyName;
  const [top, name] = segments;
  const knownIds = RULE_CATALOG.map((r) => r.id);

  if (segments.length === 0) {
    if (e.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
      const k = params.additionalProperty;
      const hint = closest(k, [...CONFIG_SETTINGS]);
      return {
        offset: keyNode(root, k)?.offset ?? offset,
        message: `unknown property ${quote(k)}${hint ? ` (did you mean ${quote(hint)}?)` : ''} (allowed: ${CONFIG_SETTINGS.map((s) => quote(s)).join(', ')})`,
      };
    }
    return { offset, message: `the top level must be an object, not ${got}` };
  }
  switch (top) {
    case 'rules':
      if (name === undefined) {
        if (e.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
          const id = params.additionalProperty;
          const hint = closest(id, knownIds);
          return {
            offset: keyNode(node, id)?.offset ?? offset,
            message: `unknown rule ${quote(id)} in "rules"${hint ? ` (did you mean ${quote(hint)}?)` : ''}; known rules: ${knownIds.join(', ')}`,
          };
        }
        return { offset, message: `"rules" must be an object mapping rule ids to settings, not ${got}` };
      }
      return {
        offset,
        message: `the setting of rule ${quote(name)} must be "off", "warning" or "error", not ${got}${node?.type === 'string' ? settingHint(String(node.value)) : ''}`,
      };
    case 'ignore':
      if (name === undefined) return { offset, message: `"ignore" must be an array of glob strings, not ${got}` };
      if (e.keyword === 'type') return { offset, message: `each entry of "ignore" must be a glob string, not ${got}` };
      if (e.keyword === 'not') return { offset, message: `negated globs (${got}) are not supported in "ignore"` };
      return { offset, message: 'an entry of "ignore" is empty' };
    case 'defines':
      if (name === undefined) {
        if (propertyName !== undefined) {
          return {
            offset: keyNode(node, propertyName)?.offset ?? offset,
            message: `${quote(propertyName)} in "defines" is not a macro name (letters, digits and '_', not starting with a digit)`,
          };
        }
        return { offset, message: `"defines" must be an object mapping macro names to "value" or true, not ${got}` };
      }
      return { offset, message: `the value of macro ${quote(name)} in "defines" must be a string or true (defined as 1), not ${got}` };
    case 'maxFileSize':
      return { offset, message: `"maxFileSize" must be a whole number of bytes greater than 0, not ${got}` };
    default:
      return { offset, message: `${quote(top)}: ${e.message ?? e.keyword}` };
  }
}

function kindName(n: JsonNode): string {
  switch (n.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'null':
      return 'null';
    case 'string':
      return quote(String(n.value));
    case 'number':
    case 'boolean':
      return String(n.value).slice(0, 24);
    case 'property':
      return 'a property';
  }
}

/** A JSON-quoted string, shortened: messages are one line, whatever the file holds. */
function quote(s: string): string {
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 61)}...` : s);
}

/** 1-based line and column (UTF-16 units) of `offset` in `text`. */
function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

interface CompiledIgnore {
  glob: Glob;
  dirOnly: boolean;
}

function compileIgnoreGlob(pattern: string): CompiledIgnore {
  let g = toPosix(pattern.trim());
  while (g.startsWith('./')) g = g.slice(2);
  if (g.startsWith('/')) g = g.slice(1);
  const dirOnly = g.endsWith('/');
  g = g.replace(/\/+$/, '');
  if (g === '' || g === '.') throw new Error('it names the config directory itself');
  return { glob: compileGlob(g), dirOnly };
}

/** Finds and caches configs per directory; answers "which settings" and "is this ignored" for paths. */
export class ConfigResolver {
  private readonly byDir = new Map<string, MapiLintConfig | null | ConfigError>();
  private readonly compiled = new Map<string, CompiledIgnore[]>();

  constructor(private readonly fs: FsLike) {}

  /** The config governing files directly in `dir` (absolute); undefined when there is none. Throws ConfigError. */
  configForDir(dir: string): MapiLintConfig | undefined {
    const chain: string[] = [];
    let found: MapiLintConfig | null | ConfigError | undefined;
    for (let d = path.resolve(dir); ; ) {
      const cached = this.byDir.get(d);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      chain.push(d);
      const own = this.readConfigIn(d);
      if (own !== null) {
        found = own;
        break;
      }
      const parent = path.dirname(d);
      if (parent === d) {
        found = null;
        break;
      }
      d = parent;
    }
    for (const d of chain) this.byDir.set(d, found);
    if (found instanceof ConfigError) throw found;
    return found ?? undefined;
  }

  configForFile(file: string): MapiLintConfig | undefined {
    return this.configForDir(path.dirname(path.resolve(file)));
  }

  /**
   * Whether `absPath` is ignored by the `ignore` globs of the config governing it (the config of its
   * parent directory). Ancestors between the config's directory and the path count as directories.
   */
  isIgnored(absPath: string, isDir: boolean): boolean {
    const cfg = this.configForDir(path.dirname(absPath));
    if (!cfg || cfg.ignore.length === 0) return false;
    const rel = toPosix(path.relative(cfg.dir, absPath));
    if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) return false;
    const globs = this.compiledFor(cfg);
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      const prefixIsDir = i < parts.length || isDir;
      for (const g of globs) {
        if (g.dirOnly && !prefixIsDir) continue;
        if (g.glob.match(prefix)) return true;
      }
    }
    return false;
  }

  private compiledFor(cfg: MapiLintConfig): CompiledIgnore[] {
    let c = this.compiled.get(cfg.file);
    if (!c) {
      c = cfg.ignore.map(compileIgnoreGlob);
      this.compiled.set(cfg.file, c);
    }
    return c;
  }

  /** The config file in `dir` itself: a config, a ConfigError, or null when there is none. */
  private readConfigIn(dir: string): MapiLintConfig | ConfigError | null {
    const file = path.join(dir, CONFIG_FILE_NAME);
    let bytes: Uint8Array;
    try {
      // Stat first: a FIFO or a device never blocks or floods the read, a huge file is never read.
      const st = this.fs.statSync(file);
      if (!st.isFile()) return new ConfigError(file, st.isDirectory() ? 'cannot read it: is a directory' : 'cannot read it: not a regular file');
      if (st.size > MAX_CONFIG_BYTES) return new ConfigError(file, tooLarge(st.size));
      bytes = this.fs.readFileSync(file);
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      return new ConfigError(file, `cannot read it: ${describeFsError(e)}`);
    }
    if (bytes.length > MAX_CONFIG_BYTES) return new ConfigError(file, tooLarge(bytes.length)); // grew since the stat
    const decoded = decodeBytes(bytes);
    if (decoded.kind === 'binary') return new ConfigError(file, `not a text file (${decoded.reason})`);
    try {
      return parseConfig(decoded.text, file);
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
  }
}

function settingHint(value: string): string {
  const v = value.toLowerCase();
  if (v === 'warn') return ' (did you mean "warning"?)';
  if (v === 'err') return ' (did you mean "error"?)';
  if (v === 'none' || v === 'disable' || v === 'disabled' || v === 'false') return ' (did you mean "off"?)';
  if (v !== value && (RULE_SETTINGS as readonly string[]).includes(v)) return ` (settings are lower case: "${v}")`;
  return '';
}

/** The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined; // no one misspells a name that long; keeps the work bounded
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
