// Command-line parsing. Pure: argv in, a command description (or a UsageError) out. Node's parseArgs splits
// the arguments (long and short options, `--opt=value`, short groups, `--`); the checks and their messages
// are the CLI's own, so that every usage error is one line that says what to type instead.
import { parseArgs as splitArgs } from 'node:util';
import type { RuleSetting } from '../engine';
import { RULE_CATALOG } from '../engine';
import { closest, MAX_CONFIG_DEPTH, RULE_SETTINGS } from '../project/config';
import { CONFIG_FILE_NAME, DEFAULT_MAX_FILE_SIZE, SOURCE_EXTENSIONS } from '../project/constants';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github'];
export type SimulateFormat = 'text' | 'json';

export interface LintCommand {
  command: 'lint';
  paths: string[];
  format: OutputFormat;
  output?: string;
  /** -1: no limit. */
  maxWarnings: number;
  quiet: boolean;
  /** --rule overrides, in command-line order (the last one for a rule wins). */
  rules: Record<string, RuleSetting>;
  /** --fix writes the verified fixes; --fix-dry-run prints them as a diff (with --stdin: the fixed text). */
  fix: 'none' | 'write' | 'dry-run';
  /** --color / --no-color (the last one wins); absent: FORCE_COLOR, NO_COLOR and the terminal decide. */
  color?: boolean;
  /** --stdin: the text of `filename` comes from standard input; `paths` is empty. */
  stdin?: { filename: string };
  /** --srcroot DIR: SARIF's %SRCROOT% (locations under it are relative to it); default: the working folder. */
  srcRoot?: string;
  /** --docs-base-url URL: where the rule pages are linked (default: the pages shipped with the package). */
  docsBaseUrl?: string;
}

export interface SimulateCommand {
  command: 'simulate';
  paths: string[];
  format: SimulateFormat;
  output?: string;
  rules: Record<string, RuleSetting>;
  /** --fix: show, per verified fix, the traces before and after. */
  fix: boolean;
}

/** --print-config FILE: the configuration that applies to FILE, with the --rule overrides, as JSON. */
export interface PrintConfigCommand {
  command: 'print-config';
  file: string;
  output?: string;
  rules: Record<string, RuleSetting>;
}

export interface LspCommand {
  command: 'lsp';
  args: string[];
}

export type Command =
  | LintCommand
  | SimulateCommand
  | PrintConfigCommand
  | LspCommand
  | { command: 'init' }
  | { command: 'help' }
  | { command: 'version' };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP_TEXT = `Usage:
  mapi-lint [options] <paths...>        check MAPI message store providers' shutdown protocol
  mapi-lint --stdin --stdin-filename <path> [options]
                                        check the text on standard input as the file <path>
  mapi-lint simulate [options] <paths...>
                                        print the simulated shutdown traces of each store object
  mapi-lint --print-config <file>       print the configuration that applies to <file> (JSON)
  mapi-lint --init                      write a starter ${CONFIG_FILE_NAME} in the current folder
  mapi-lint lsp --stdio                 run the language server on stdin/stdout

Paths may be files or directories. Directories are searched for ${SOURCE_EXTENSIONS.join(' ')} files
(any case), skipping node_modules, .git, what .gitignore files ignore and files larger than maxFileSize.
Files named explicitly are checked whatever their extension and size, as long as they are text (binary
files are skipped with a note). All the files given are analysed together: a class declared in a header
and implemented in a .cpp file is one store object. Text may be UTF-8 (with or without BOM), UTF-16 with
a BOM, or Windows-1252.

Options:
  -f, --format <fmt>      text (default), json, sarif (SARIF 2.1.0) or github (workflow commands)
  -o, --output <file>     write the report to <file> instead of standard output
      --max-warnings <n>  exit with 1 when there are more than <n> warnings (default: no limit)
  -q, --quiet             report errors only (warnings still count for --max-warnings)
      --rule <id>=<level> set a rule to off, warning or error; repeatable; overrides ${CONFIG_FILE_NAME}
      --fix               apply the fixes the shutdown simulator verified, then report what is left
      --fix-dry-run       print the verified fixes as a unified diff; write nothing
      --stdin             read the text to check from standard input (needs --stdin-filename)
      --stdin-filename <path>
                          the file the text on standard input stands for: its configuration applies, its
                          folder is walked as for "mapi-lint <folder>" so that its headers and siblings
                          count for the store model (the file's text on disk is replaced by the input), and
                          only its findings are reported. As in ESLint, --fix cannot write piped-in text:
                          use --fix-dry-run, which then prints the fixed text (the whole file) on standard
                          output and the report on standard error (or into --output)
      --print-config <file>
                          print, as JSON, the rule levels, ignore globs, defines and maxFileSize that apply
                          to <file> (its nearest ${CONFIG_FILE_NAME} with the --rule overrides)
      --init              write a starter ${CONFIG_FILE_NAME} in the current folder (never overwrites one)
      --color, --no-color force colors on or off (default: on when standard output is a terminal)
      --srcroot <dir>     SARIF: the folder %SRCROOT% stands for (default: the working folder); locations
                          under it are written relative to it
      --docs-base-url <url>
                          link the rule pages under <url> (a hosted copy) instead of the pages shipped in
                          the package (docs/rules/)
  -h, --help              show this help
  -v, --version           show the version
      --                  end of options (for a path named like an option or a subcommand)

simulate accepts --format text|json, --output, --rule and --fix (the traces before and after each fix).

Configuration: the ${CONFIG_FILE_NAME} nearest to each file (searched from its folder upwards; no merging).
JSON with comments and trailing commas, at most 1 MB and ${MAX_CONFIG_DEPTH} levels deep:
  {
    "rules": { "<rule-id>": "off" | "warning" | "error" },
    "ignore": ["glob", ...],
    "defines": { "NAME": "value" | true },   // macros for #if; true defines NAME as 1
    "maxFileSize": <bytes>                   // default ${DEFAULT_MAX_FILE_SIZE} (16 MB)
  }
Ignore globs are relative to the config's folder and anchored there: * ? ** [a-z] {a,b};
"**/name" matches at any depth, a trailing "/" matches folders only.

Rules:
${RULE_CATALOG.map((r) => `  ${r.id.padEnd(Math.max(...RULE_CATALOG.map((x) => x.id.length)))} ${r.defaultSeverity.padEnd(8)} ${r.short}`).join('\n')}

Exit codes:
  0  no problems (or only warnings, within --max-warnings)
  1  problems at error level, or more warnings than --max-warnings
     (simulate: some simulated path breaks a rule)
  2  usage error, invalid configuration, or a path that could not be read (wins over 1)

Colors: --color and --no-color win (also into --output). Otherwise never into a file; on standard output
FORCE_COLOR decides when set (0 or false: off, anything else: on), then NO_COLOR (set and not empty: off),
then whether standard output is a terminal.
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  rule: { type: 'string', multiple: true },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  stdin: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  'print-config': { type: 'string' },
  init: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  srcroot: { type: 'string' },
  'docs-base-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type OptionName = keyof typeof OPTIONS;
const LONG_NAMES = Object.keys(OPTIONS).map((n) => `--${n}`);

export function parseArgs(argv: readonly string[]): Command {
  const args = [...argv];
  if (args[0] === 'lsp') return parseLsp(args.slice(1));
  const sub = args[0] === 'simulate' ? 'simulate' : 'lint';
  if (sub === 'simulate') args.shift();

  const { tokens } = splitArgs({ args, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const paths: string[] = [];
  const rules: Record<string, RuleSetting> = {};
  /** Options given, with the spelling used (for messages). */
  const given = new Map<OptionName, string>();
  let format: string | undefined;
  let output: string | undefined;
  let maxWarnings = -1;
  let fix: LintCommand['fix'] = 'none';
  let color: boolean | undefined;
  let stdinFilename: string | undefined;
  let printConfig: string | undefined;
  let srcRoot: string | undefined;
  let docsBaseUrl: string | undefined;
  const endOfOptions = tokens.find((t) => t.kind === 'option-terminator')?.index ?? Infinity;

  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (token.value === '-' && token.index < endOfOptions) {
        throw new UsageError('to read from standard input, use --stdin --stdin-filename <path>');
      }
      paths.push(token.value);
      continue;
    }
    const name = token.name as OptionName;
    const shown = token.rawName;
    if (!(name in OPTIONS)) {
      if (shown === '--jobs' || shown === '-j') throw new UsageError(`${shown} is no longer supported: the analysis runs on one thread`);
      const hint = shown.startsWith('--') ? closest(shown, LONG_NAMES) : undefined;
      throw new UsageError(`unknown option ${shown}${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
    given.set(name, shown);
    if (OPTIONS[name].type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`option ${shown} takes no value`);
    } else if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-') && token.value !== '-')) {
      throw new UsageError(`option ${shown} needs a value`);
    }
    const value = token.value ?? '';
    switch (name) {
      case 'format':
        format = value;
        break;
      case 'output':
        if (value === '') throw new UsageError('--output needs a file name');
        output = value;
        break;
      case 'max-warnings':
        if (!/^-?\d+$/.test(value) || Number(value) < -1) throw new UsageError(`--max-warnings needs a whole number >= 0, not "${value}"`);
        maxWarnings = Number(value);
        break;
      case 'rule': {
        const [id, setting] = parseRuleOption(value);
        rules[id] = setting;
        break;
      }
      case 'fix':
        fix = 'write';
        break;
      case 'fix-dry-run':
        fix = 'dry-run';
        break;
      case 'color':
        color = true;
        break;
      case 'no-color':
        color = false;
        break;
      case 'stdin-filename':
        if (value === '') throw new UsageError('--stdin-filename needs a path');
        stdinFilename = value;
        break;
      case 'srcroot':
        if (value === '') throw new UsageError('--srcroot needs a folder');
        srcRoot = value;
        break;
      case 'docs-base-url':
        if (!/^(https?|file):\/\/\S+$/.test(value)) throw new UsageError(`--docs-base-url needs an http(s) or file URL, not "${value}"`);
        docsBaseUrl = value;
        break;
      case 'print-config':
        if (value === '') throw new UsageError('--print-config needs a file');
        printConfig = value;
        break;
      case 'quiet':
      case 'stdin':
      case 'init':
      case 'help':
      case 'version':
        break; // read from `given`
    }
  }

  if (given.has('help')) return { command: 'help' };
  if (given.has('version')) return { command: 'version' };
  const quiet = given.has('quiet');
  const only = (mode: string, allowed: readonly OptionName[]): void => {
    for (const [name, shown] of given) if (!allowed.includes(name)) throw new UsageError(`${shown} cannot be combined with ${mode}`);
  };

  if (given.has('init')) {
    if (sub === 'simulate') throw new UsageError('--init does not apply to simulate');
    only('--init', ['init']);
    if (paths.length > 0) throw new UsageError('--init takes no paths (it writes into the current folder)');
    return { command: 'init' };
  }
  if (printConfig !== undefined) {
    if (sub === 'simulate') throw new UsageError('--print-config does not apply to simulate');
    only('--print-config', ['print-config', 'rule', 'output']);
    if (paths.length > 0) throw new UsageError(`--print-config takes one file, not also ${paths.map((p) => `"${p}"`).join(', ')}`);
    return { command: 'print-config', file: printConfig, rules, ...(output !== undefined ? { output } : {}) };
  }

  if (sub === 'simulate') {
    if (maxWarnings !== -1) throw new UsageError('--max-warnings does not apply to simulate');
    if (quiet) throw new UsageError('--quiet does not apply to simulate');
    for (const name of ['stdin', 'stdin-filename', 'color', 'no-color', 'srcroot', 'docs-base-url'] as const) {
      const shown = given.get(name);
      if (shown) throw new UsageError(`${shown} does not apply to simulate`);
    }
    const f = format ?? 'text';
    if (f !== 'text' && f !== 'json') throw new UsageError(`simulate --format must be text or json, not "${f}"`);
    if (paths.length === 0) throw new UsageError('simulate needs at least one file');
    if (fix === 'dry-run') throw new UsageError('simulate takes --fix (to show the traces before and after each fix), not --fix-dry-run');
    return { command: 'simulate', paths, format: f, output, rules, fix: fix === 'write' };
  }

  const f = format ?? 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
    throw new UsageError(`unknown format "${f}" (use ${OUTPUT_FORMATS.join(', ')})`);
  }
  if (srcRoot !== undefined && f !== 'sarif') throw new UsageError('--srcroot applies to --format sarif only');
  const extra = { ...(color !== undefined ? { color } : {}), ...(srcRoot !== undefined ? { srcRoot } : {}), ...(docsBaseUrl !== undefined ? { docsBaseUrl } : {}) };
  if (given.has('stdin') || stdinFilename !== undefined) {
    if (!given.has('stdin')) throw new UsageError('--stdin-filename needs --stdin (the text comes from standard input)');
    if (stdinFilename === undefined) throw new UsageError('--stdin needs --stdin-filename <path> (the file the text stands for: its configuration and its folder apply)');
    if (paths.length > 0) throw new UsageError('--stdin takes no paths (the folder of --stdin-filename is walked)');
    if (fix === 'write') throw new UsageError('--fix cannot write text read from standard input; use --fix-dry-run, which prints the fixed text');
    return { command: 'lint', paths, format: f as OutputFormat, output, maxWarnings, quiet, rules, fix, ...extra, stdin: { filename: stdinFilename } };
  }
  if (paths.length === 0) throw new UsageError('no paths given');
  return { command: 'lint', paths, format: f as OutputFormat, output, maxWarnings, quiet, rules, fix, ...extra };
}

function parseRuleOption(v: string): [string, RuleSetting] {
  const eq = v.indexOf('=');
  if (eq <= 0) throw new UsageError(`--rule needs <rule-id>=<off|warning|error>, not "${v}"`);
  const id = v.slice(0, eq).trim();
  const setting = v.slice(eq + 1).trim();
  const ids = RULE_CATALOG.map((r) => r.id);
  if (!ids.includes(id)) {
    const hint = closest(id, ids);
    throw new UsageError(`--rule: unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; known rules: ${ids.join(', ')}`);
  }
  if (!(RULE_SETTINGS as readonly string[]).includes(setting)) {
    throw new UsageError(`--rule ${id}: the level must be off, warning or error, not "${setting}"`);
  }
  return [id, setting as RuleSetting];
}

function parseLsp(args: string[]): LspCommand {
  let stdio = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--stdio') stdio = true;
    else if (a === '--clientProcessId') i++; // passed by some LSP clients; harmless
    else if (a.startsWith('--clientProcessId=')) continue;
    else throw new UsageError(`lsp: unknown option ${a} (only --stdio is supported)`);
  }
  if (!stdio) throw new UsageError('lsp needs --stdio (the only transport supported)');
  return { command: 'lsp', args };
}
