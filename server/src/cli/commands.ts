// The CLI's configuration commands (--print-config, --init) and the fix of text read from standard input
// (--stdin --fix-dry-run).
import * as path from 'path';
import { fixAll, RULE_CATALOG, type LintOptions, type RuleSetting, type Workspace } from '../engine';
import { ConfigError, ConfigResolver, RULE_SETTINGS } from '../project/config';
import { CONFIG_FILE_NAME, DEFAULT_MAX_FILE_SIZE } from '../project/constants';
import { describeFsError, errorCode, type FsLike } from '../project/fs';
import type { PrintConfigCommand } from './args';
import { displayPath, oneBased } from './format/report';

const TOOL = 'mapi-lint';

interface CommandIO {
  cwd: string;
  fs: FsLike;
  stdout(s: string): void;
  stderr(s: string): void;
  writeFile(file: string, data: string): void;
}

/** --print-config: the JSON text to print, or an exit code after an error on stderr. */
export function printConfig(cmd: PrintConfigCommand, io: CommandIO): string | number {
  const file = path.resolve(io.cwd, cmd.file);
  const resolver = new ConfigResolver(io.fs);
  try {
    const cfg = resolver.configForFile(file);
    const levels = Object.fromEntries(RULE_CATALOG.map((r) => [r.id, cmd.rules[r.id] ?? cfg?.rules[r.id] ?? r.defaultSeverity]));
    const shown = {
      file: displayPath(file, io.cwd),
      config: cfg ? displayPath(cfg.file, io.cwd) : null,
      rules: levels,
      ignore: cfg?.ignore ?? [],
      /** Whether the config's `ignore` globs leave the file out (even when it is named on the command line). */
      ignored: resolver.isIgnored(file, false),
      defines: cfg?.defines ?? {},
      maxFileSize: cfg?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    };
    return `${JSON.stringify(shown, null, 2)}\n`;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.stderr(`${TOOL}: error: ${e.message.replace(e.file, displayPath(e.file, io.cwd))}\n`);
    return 2;
  }
}

/** The file --init writes: every setting, with the rules at their default levels. */
export function starterConfig(): string {
  const rules = RULE_CATALOG.filter((r) => (RULE_SETTINGS as readonly string[]).includes(r.defaultSeverity));
  const width = Math.max(...rules.map((r) => r.id.length)) + 3;
  const ruleLines = rules.map((r, i) => `    ${`"${r.id}":`.padEnd(width)} "${r.defaultSeverity as RuleSetting}"${i < rules.length - 1 ? ',' : ''}`);
  return [
    `// mapi-lint configuration. The nearest ${CONFIG_FILE_NAME} upwards from a file governs it (no merging).`,
    '// Comments and trailing commas are allowed; `mapi-lint --help` describes every setting.',
    '{',
    '  // Rule levels: "off", "warning" or "error" (these are the defaults).',
    '  "rules": {',
    ...ruleLines,
    '  },',
    '  // Globs relative to this folder, not to be checked: * ? ** [a-z] {a,b}; a trailing "/" matches folders only.',
    '  "ignore": [],',
    '  // Macros for the evaluation of #if and #ifdef: "NAME": "value", or true to define NAME as 1.',
    '  "defines": {},',
    '  // Files larger than this many bytes are skipped when a folder is walked (named files are always checked).',
    `  "maxFileSize": ${DEFAULT_MAX_FILE_SIZE}`,
    '}',
    '',
  ].join('\n');
}

/** --init: writes the starter file into the working folder, never over an existing one. */
export function initConfig(io: CommandIO): number {
  const file = path.join(io.cwd, CONFIG_FILE_NAME);
  try {
    io.fs.lstatSync(file);
    io.stderr(`${TOOL}: error: ${CONFIG_FILE_NAME} already exists here; it was left as it is\n`);
    return 2;
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') {
      io.stderr(`${TOOL}: error: cannot check for ${CONFIG_FILE_NAME}: ${describeFsError(e)}\n`);
      return 2;
    }
  }
  try {
    io.writeFile(file, starterConfig());
  } catch (e) {
    io.stderr(`${TOOL}: error: cannot write ${CONFIG_FILE_NAME}: ${describeFsError(e)}\n`);
    return 2;
  }
  io.stdout(`wrote ${CONFIG_FILE_NAME}\n`);
  return 0;
}

/**
 * --stdin --fix-dry-run: the text of `file` with the verified fixes of its findings. A fix that must also edit
 * another file (a header's class declaration) cannot be expressed in one file's text: then nothing is
 * applied and a note says which files the fixes need.
 */
export function fixStdinText(ws: Workspace, options: LintOptions, file: string, io: Pick<CommandIO, 'cwd' | 'stderr'>): string {
  const original = ws.text(file) ?? '';
  const result = fixAll(ws, [file], options);
  const shown = displayPath(file, io.cwd);
  const others = [...result.texts.keys()].filter((f) => f !== file);
  if (others.length > 0) {
    io.stderr(
      `${TOOL}: note: ${shown}: the verified fixes also edit ${others.map((f) => displayPath(f, io.cwd)).join(', ')}; nothing was applied (run --fix on the files)\n`,
    );
    return original;
  }
  for (const fix of result.applied) {
    const at = oneBased(fix.target.loc);
    io.stderr(`${shown}:${at.line}:${at.column}: fixed ${fix.ruleId}: ${fix.title} (verified: ${fix.verified.join(', ')})\n`);
  }
  for (const { finding, reason } of result.unfixed) {
    const at = oneBased(finding.loc);
    io.stderr(`${displayPath(finding.loc.file, io.cwd)}:${at.line}:${at.column}: not fixed ${finding.ruleId}: ${reason}\n`);
  }
  return result.texts.get(file) ?? original;
}
