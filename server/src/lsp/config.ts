// .mapilintrc.json lookup: from a file's folder upwards; nearer files override farther ones rule by rule.
// Reads the disk (the engine never does); results are cached by path + mtime + size.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleSetting } from '../engine/types';
import { RULE_CATALOG } from '../engine/rules/catalog';
import { CONFIG_FILE_NAME } from './protocol';
import { compileGlobs, type GlobMatcher } from './glob';

const SETTINGS: readonly RuleSetting[] = ['off', 'warning', 'error'];

export interface ConfigFile {
  file: string;
  dir: string;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  isIgnored: GlobMatcher;
  /** Problems found in the file; when `fatal`, nothing from the file applies. */
  problems: string[];
  fatal: boolean;
}

export interface EffectiveConfig {
  /** Farthest first. */
  files: ConfigFile[];
  rules: Record<string, RuleSetting>;
  problems: { file: string; message: string }[];
}

export function isRuleSetting(v: unknown): v is RuleSetting {
  return typeof v === 'string' && (SETTINGS as readonly string[]).includes(v);
}

export function parseConfigText(file: string, text: string): ConfigFile {
  const dir = path.dirname(file);
  const cfg: ConfigFile = { file, dir, rules: {}, ignore: [], isIgnored: () => false, problems: [], fatal: false };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    cfg.problems.push(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
    cfg.fatal = true;
    return cfg;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    cfg.problems.push('the configuration must be a JSON object');
    cfg.fatal = true;
    return cfg;
  }
  const obj = data as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'rules' && key !== 'ignore' && key !== '$schema') cfg.problems.push(`unknown key "${key}"`);
  }
  if (obj.rules !== undefined) {
    if (obj.rules === null || typeof obj.rules !== 'object' || Array.isArray(obj.rules)) {
      cfg.problems.push('"rules" must be an object of rule id -> "off" | "warning" | "error"');
    } else {
      for (const [id, v] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (!RULE_CATALOG.some((r) => r.id === id)) cfg.problems.push(`unknown rule "${id}"`);
        else if (!isRuleSetting(v)) cfg.problems.push(`rule "${id}": expected "off", "warning" or "error", got ${JSON.stringify(v)}`);
        else cfg.rules[id] = v;
      }
    }
  }
  if (obj.ignore !== undefined) {
    if (!Array.isArray(obj.ignore) || obj.ignore.some((g) => typeof g !== 'string')) {
      cfg.problems.push('"ignore" must be an array of glob strings');
    } else {
      cfg.ignore = obj.ignore as string[];
      cfg.isIgnored = compileGlobs(cfg.ignore);
    }
  }
  return cfg;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  config: ConfigFile;
}

export class ConfigStore {
  private readonly cache = new Map<string, CacheEntry>();

  /** Drops cached contents (a watched .mapilintrc.json changed). */
  invalidate(file?: string): void {
    if (file) this.cache.delete(file);
    else this.cache.clear();
  }

  /** The config file directly in `dir`, or undefined. Never throws. */
  configIn(dir: string): ConfigFile | undefined {
    const file = path.join(dir, CONFIG_FILE_NAME);
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      this.cache.delete(file);
      return undefined;
    }
    if (!st.isFile()) return undefined;
    const hit = this.cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.config;
    let config: ConfigFile;
    try {
      config = parseConfigText(file, fs.readFileSync(file, 'utf8'));
    } catch (e) {
      config = { file, dir, rules: {}, ignore: [], isIgnored: () => false, problems: [`cannot read: ${String(e)}`], fatal: true };
    }
    this.cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, config });
    return config;
  }

  /** Configs that apply to a file at `filePath` (absolute), farthest first, merged. */
  forFile(filePath: string): EffectiveConfig {
    const chain: ConfigFile[] = [];
    let dir = path.dirname(filePath);
    for (let guard = 0; guard < 256; guard++) {
      const c = this.configIn(dir);
      if (c) chain.push(c);
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    chain.reverse();
    const rules: Record<string, RuleSetting> = {};
    const problems: { file: string; message: string }[] = [];
    for (const c of chain) {
      for (const p of c.problems) problems.push({ file: c.file, message: p });
      if (!c.fatal) Object.assign(rules, c.rules);
    }
    return { files: chain, rules, problems };
  }

  /** Whether any applicable config's `ignore` globs match the file. */
  isIgnored(filePath: string, eff: EffectiveConfig = this.forFile(filePath)): boolean {
    for (const c of eff.files) {
      if (c.fatal) continue;
      const rel = path.relative(c.dir, filePath);
      if (c.isIgnored(rel)) return true;
    }
    return false;
  }
}

/** Client `mapiLint.rules`: keeps only known rule ids with valid values. */
export function sanitizeRuleSettings(v: unknown): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [id, s] of Object.entries(v as Record<string, unknown>)) if (isRuleSetting(s)) out[id] = s;
  }
  return out;
}
