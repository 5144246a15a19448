// .mapilintrc.json for the server: the CLI's resolver (server/src/cli/config.ts) is reused as is, so that the
// editor and `mapi-lint` agree on which config governs a file (the nearest one upwards), on the `ignore`
// globs and on what counts as a broken config. This adapter adds what a long-lived process needs: a
// never-throwing API and a cache that can be dropped when a config file changes.
import * as path from 'node:path';
import type { RuleSetting } from '../engine';
import { CONFIG_FILE_NAME, ConfigError, ConfigResolver, RULE_SETTINGS } from '../cli/config';
import { nodeFs } from '../cli/fs';

export interface EffectiveConfig {
  /** The governing config file, if any. */
  file?: string;
  rules: Readonly<Record<string, RuleSetting>>;
  /** Set when the governing config is broken (its rules and ignores do not apply). */
  error?: { file: string; message: string; line?: number; column?: number };
}

export class ConfigStore {
  private resolver = new ConfigResolver(nodeFs);

  /** Drops everything cached (a watched .mapilintrc.json was created, changed or deleted). */
  invalidate(): void {
    this.resolver = new ConfigResolver(nodeFs);
  }

  forFile(filePath: string): EffectiveConfig {
    if (!path.isAbsolute(filePath)) return { rules: {} };
    try {
      const cfg = this.resolver.configForFile(filePath);
      return cfg ? { file: cfg.file, rules: cfg.rules } : { rules: {} };
    } catch (e) {
      if (e instanceof ConfigError) return { file: e.file, rules: {}, error: { file: e.file, message: e.message, line: e.line, column: e.column } };
      return { rules: {}, error: { file: CONFIG_FILE_NAME, message: e instanceof Error ? e.message : String(e) } };
    }
  }

  /** Whether the `ignore` globs of the governing config match. A broken config ignores nothing. */
  isIgnored(absPath: string, isDir = false): boolean {
    if (!path.isAbsolute(absPath)) return false;
    try {
      return this.resolver.isIgnored(absPath, isDir);
    } catch {
      return false;
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
