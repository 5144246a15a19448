// .mapilintrc.json: found from a linted file's directory upwards, the nearest one wins (no merging).
// Shape (plain JSON, no comments):
//   { "rules": { "<rule-id>": "off" | "warning" | "error" }, "ignore": ["glob", ...] }
// `ignore` globs are relative to the config's directory and anchored there ("**/" matches at any depth);
// a trailing '/' matches directories only; a matched directory ignores everything below it.
import * as path from 'path';
import type { RuleSetting } from '../engine';
import { RULE_CATALOG } from '../engine';
import { decodeBytes } from '../engine';
import { errorCode, describeFsError, type FsLike } from './fs';
import { globToRegExp, toPosix } from './glob';
import { JsonSyntaxError, jsonKindName, lineCol, parseJson, type JsonNode } from './json';

export const CONFIG_FILE_NAME = '.mapilintrc.json';
export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'warning', 'error'];

export interface MapiLintConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Its directory: `ignore` globs are relative to it. */
  dir: string;
  rules: Readonly<Record<string, RuleSetting>>;
  ignore: readonly string[];
  /** Macro values for the preprocessor's #if evaluation (true: defined as 1). */
  defines?: Readonly<Record<string, string | true>>;
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

/** Parses and validates the text of a config file; `file` is only used in messages. */
export function parseConfig(text: string, file: string): MapiLintConfig {
  const at = (offset: number, detail: string): ConfigError => {
    const { line, column } = lineCol(text, offset);
    return new ConfigError(file, detail, line, column);
  };
  let root: JsonNode;
  try {
    root = parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw at(e.offset, `invalid JSON: ${e.message}`);
    throw e;
  }
  if (root.kind !== 'object') throw at(root.offset, `the top level must be an object, not ${jsonKindName(root)}`);
  const rules: Record<string, RuleSetting> = {};
  const ignore: string[] = [];
  const knownIds = RULE_CATALOG.map((r) => r.id);
  for (const entry of root.entries) {
    if (entry.key === 'rules') {
      const v = entry.value;
      if (v.kind !== 'object') throw at(v.offset, `"rules" must be an object mapping rule ids to settings, not ${jsonKindName(v)}`);
      for (const r of v.entries) {
        if (!knownIds.includes(r.key)) {
          const hint = closest(r.key, knownIds);
          throw at(
            r.keyOffset,
            `unknown rule "${r.key}" in "rules"${hint ? ` (did you mean "${hint}"?)` : ''}; known rules: ${knownIds.join(', ')}`,
          );
        }
        const setting = r.value;
        if (setting.kind !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(setting.value)) {
          const got = setting.kind === 'string' ? JSON.stringify(setting.value) : jsonKindName(setting);
          const hint = setting.kind === 'string' ? settingHint(setting.value) : '';
          throw at(setting.offset, `the setting of rule "${r.key}" must be "off", "warning" or "error", not ${got}${hint}`);
        }
        rules[r.key] = setting.value as RuleSetting;
      }
    } else if (entry.key === 'ignore') {
      const v = entry.value;
      if (v.kind !== 'array') throw at(v.offset, `"ignore" must be an array of glob strings, not ${jsonKindName(v)}`);
      for (const item of v.items) {
        if (item.kind !== 'string') throw at(item.offset, `each entry of "ignore" must be a glob string, not ${jsonKindName(item)}`);
        if (item.value.trim() === '') throw at(item.offset, 'an entry of "ignore" is empty');
        if (item.value.startsWith('!')) throw at(item.offset, `negated globs ("${item.value}") are not supported in "ignore"`);
        try {
          compileIgnoreGlob(item.value);
        } catch (e) {
          throw at(item.offset, `invalid glob ${JSON.stringify(item.value)}: ${e instanceof Error ? e.message : String(e)}`);
        }
        ignore.push(item.value);
      }
    } else {
      throw at(entry.keyOffset, `unknown property "${entry.key}" (allowed: "rules", "ignore")`);
    }
  }
  return { file, dir: path.dirname(file), rules, ignore };
}

interface CompiledIgnore {
  regex: RegExp;
  dirOnly: boolean;
}

function compileIgnoreGlob(glob: string): CompiledIgnore {
  let g = toPosix(glob.trim());
  while (g.startsWith('./')) g = g.slice(2);
  if (g.startsWith('/')) g = g.slice(1);
  const dirOnly = g.endsWith('/');
  g = g.replace(/\/+$/, '');
  if (g === '' || g === '.') throw new Error('it names the config directory itself');
  return { regex: globToRegExp(g, { braces: true }), dirOnly };
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
        if (g.regex.test(prefix)) return true;
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
      bytes = this.fs.readFileSync(file);
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      return new ConfigError(file, `cannot read it: ${describeFsError(e)}`);
    }
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
