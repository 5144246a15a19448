// .mapilintrc.json for the server: the project layer's resolver (server/src/project/config.ts), the one the CLI
// uses, so that the editor and `mapi-lint` agree on which config governs a file (the nearest one upwards), on
// the `ignore` globs and on what counts as a broken config. This adapter adds what a long-lived process needs:
// a never-throwing API and a cache that can be dropped when a config file changes.
import * as path from 'node:path';
import type { RuleSetting } from '../engine';
import { CONFIG_FILE_NAME, DEFAULT_MAX_FILE_SIZE } from '../project/constants';
import { ConfigError, ConfigResolver, RULE_SETTINGS } from '../project/config';
import { nodeFs } from '../project/fs';

export interface EffectiveConfig {
  /** The governing config file, if any. */
  file?: string;
  rules: Readonly<Record<string, RuleSetting>>;
  /** Macro values for the preprocessor (true: defined as 1), from the governing config. */
  defines?: Readonly<Record<string, string | true>>;
  /** Set when the governing config is broken (its rules and ignores do not apply). */
  error?: { file: string; message: string; line?: number; column?: number };
}

export class ConfigStore {
  private current = new ConfigResolver(nodeFs);

  /** Drops everything cached (a watched .mapilintrc.json was created, changed or deleted). */
  invalidate(): void {
    this.current = new ConfigResolver(nodeFs);
  }

  /** The resolver behind this store (until the next invalidate()), for the workspace walk. */
  get resolver(): ConfigResolver {
    return this.current;
  }

  forFile(filePath: string): EffectiveConfig {
    if (!path.isAbsolute(filePath)) return { rules: {} };
    try {
      const cfg = this.current.configForFile(filePath);
      if (!cfg) return { rules: {} };
      return { file: cfg.file, rules: cfg.rules, ...(cfg.defines ? { defines: cfg.defines } : {}) };
    } catch (e) {
      if (e instanceof ConfigError) return { file: e.file, rules: {}, error: { file: e.file, message: e.message, line: e.line, column: e.column } };
      return { rules: {}, error: { file: CONFIG_FILE_NAME, message: e instanceof Error ? e.message : String(e) } };
    }
  }

  /** Whether the `ignore` globs of the governing config match. A broken config ignores nothing. */
  isIgnored(absPath: string, isDir = false): boolean {
    if (!path.isAbsolute(absPath)) return false;
    try {
      return this.current.isIgnored(absPath, isDir);
    } catch (e) {
      if (e instanceof ConfigError) return false; // reported through forFile()
      throw e;
    }
  }

  /** The `maxFileSize` of the config governing `file` (the default when there is none or it is broken). */
  maxFileSize(file: string): number {
    if (!path.isAbsolute(file)) return DEFAULT_MAX_FILE_SIZE;
    try {
      return this.current.configForFile(file)?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    } catch (e) {
      if (e instanceof ConfigError) return DEFAULT_MAX_FILE_SIZE; // reported through forFile()
      throw e;
    }
  }
}

/** Client `mapiLint.rules`: keeps only valid values. */
export function sanitizeRuleSettings(v: unknown): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [id, s] of Object.entries(v as Record<string, unknown>)) if (typeof s === 'string' && (RULE_SETTINGS as readonly string[]).includes(s)) out[id] = s as RuleSetting;
  }
  return out;
}
