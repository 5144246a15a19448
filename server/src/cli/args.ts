// Command-line parsing. Pure: argv in, a command description (or a UsageError) out.
import type { RuleSetting } from '../engine';
import { RULE_CATALOG } from '../engine';
import { closest, RULE_SETTINGS } from './config';
import { SOURCE_EXTENSIONS } from './walk';

/** Inputs smaller than this are analysed on the main thread unless --jobs says otherwise (starting workers costs more). */
export const PARALLEL_MIN_MB = 32;

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
  /** --fix writes the verified fixes; --fix-dry-run prints them as a diff. */
  fix: 'none' | 'write' | 'dry-run';
  /** --jobs: worker threads for the analysis; undefined: as many as the CPUs, once the input is large enough. */
  jobs?: number;
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

export interface LspCommand {
  command: 'lsp';
  args: string[];
}

export type Command = LintCommand | SimulateCommand | LspCommand | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP_TEXT = `Usage:
  mapi-lint [options] <paths...>        check MAPI message store providers' shutdown protocol
  mapi-lint simulate [options] <paths...>
                                        print the simulated shutdown traces of each store object
  mapi-lint lsp --stdio                 run the language server on stdin/stdout

Paths may be files or directories. Directories are searched for ${SOURCE_EXTENSIONS.join(' ')} files
(any case), skipping node_modules, .git and what .gitignore files ignore. Files named explicitly are
checked whatever their extension, as long as they are text (binary files are skipped with a note).
All the files given are analysed together: a class declared in a header and implemented in a .cpp
file is one store object. Text may be UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252.

Options:
  -f, --format <fmt>      text (default), json, sarif (SARIF 2.1.0) or github (workflow commands)
  -o, --output <file>     write the report to <file> instead of standard output
      --max-warnings <n>  exit with 1 when there are more than <n> warnings (default: no limit)
  -q, --quiet             report errors only (warnings still count for --max-warnings)
      --rule <id>=<level> set a rule to off, warning or error; repeatable; overrides .mapilintrc.json
      --fix               apply the fixes the shutdown simulator verified, then report what is left
      --fix-dry-run       print the verified fixes as a unified diff; write nothing
  -j, --jobs <n>          analyse on <n> worker threads (default: one per CPU, up to 8, for inputs over
                          ${PARALLEL_MIN_MB} MB; 1: on the main thread). Providers in different directories are
                          analysed apart unless they share definitions; the result is the same either way.
                          --fix and simulate run on one thread
  -h, --help              show this help
  -v, --version           show the version
      --                  end of options (for a path named like an option or a subcommand)

simulate accepts --format text|json, --output, --rule and --fix (the traces before and after each fix).

Configuration: the .mapilintrc.json nearest to each file (searched from its directory upwards):
  { "rules": { "<rule-id>": "off" | "warning" | "error" }, "ignore": ["glob", ...] }
Ignore globs are relative to the config's directory and anchored there: * ? ** [a-z] {a,b};
"**/name" matches at any depth, a trailing "/" matches directories only.

Rules:
${RULE_CATALOG.map((r) => `  ${r.id.padEnd(30)} ${r.defaultSeverity.padEnd(8)} ${r.short}`).join('\n')}

Exit codes:
  0  no problems (or only warnings, within --max-warnings)
  1  problems at error level, or more warnings than --max-warnings
     (simulate: some simulated path breaks a rule)
  2  usage error, invalid configuration, or a path that could not be read (wins over 1)

Colors are used only when standard output is a terminal and NO_COLOR is not set.
`;

export function parseArgs(argv: readonly string[]): Command {
  const args = [...argv];
  if (args[0] === 'lsp') return parseLsp(args.slice(1));
  const sub = args[0] === 'simulate' ? 'simulate' : 'lint';
  if (sub === 'simulate') args.shift();

  const paths: string[] = [];
  const rules: Record<string, RuleSetting> = {};
  let format: string | undefined;
  let output: string | undefined;
  let maxWarnings = -1;
  let quiet = false;
  let fix: LintCommand['fix'] = 'none';
  let jobs: number | undefined;
  let help = false;
  let version = false;

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (arg === '-') throw new UsageError('reading from standard input is not supported; give file or directory paths');
      paths.push(arg);
      continue;
    }
    let name = arg;
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      name = arg.slice(0, eq);
      inline = arg.slice(eq + 1);
    }
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = args[i + 1];
      if (v === undefined || (v.startsWith('-') && v !== '-')) throw new UsageError(`option ${name} needs a value`);
      i++;
      return v;
    };
    const flag = (): void => {
      if (inline !== undefined) throw new UsageError(`option ${name} takes no value`);
    };
    switch (name) {
      case '-f':
      case '--format':
        format = value();
        break;
      case '-o':
      case '--output':
        output = value();
        if (output === '') throw new UsageError('--output needs a file name');
        break;
      case '--max-warnings': {
        const v = value();
        if (!/^-?\d+$/.test(v) || Number(v) < -1) throw new UsageError(`--max-warnings needs a whole number >= 0, not "${v}"`);
        maxWarnings = Number(v);
        break;
      }
      case '-q':
      case '--quiet':
        flag();
        quiet = true;
        break;
      case '--fix':
        flag();
        fix = 'write';
        break;
      case '--fix-dry-run':
        flag();
        fix = 'dry-run';
        break;
      case '-j':
      case '--jobs': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 64) throw new UsageError(`--jobs needs a whole number from 1 to 64, not "${v}"`);
        jobs = Number(v);
        break;
      }
      case '--rule': {
        const [id, setting] = parseRuleOption(value());
        rules[id] = setting;
        break;
      }
      case '-h':
      case '--help':
        flag();
        help = true;
        break;
      case '-v':
      case '--version':
        flag();
        version = true;
        break;
      default: {
        const known = ['--format', '--output', '--max-warnings', '--quiet', '--rule', '--fix', '--fix-dry-run', '--jobs', '--help', '--version'];
        const hint = name.startsWith('--') ? closest(name, known) : undefined;
        throw new UsageError(`unknown option ${name}${hint ? ` (did you mean ${hint}?)` : ''}`);
      }
    }
  }

  if (help) return { command: 'help' };
  if (version) return { command: 'version' };
  if (sub === 'simulate') {
    if (maxWarnings !== -1) throw new UsageError('--max-warnings does not apply to simulate');
    if (quiet) throw new UsageError('--quiet does not apply to simulate');
    const f = format ?? 'text';
    if (f !== 'text' && f !== 'json') throw new UsageError(`simulate --format must be text or json, not "${f}"`);
    if (paths.length === 0) throw new UsageError('simulate needs at least one file');
    if (fix === 'dry-run') throw new UsageError('simulate takes --fix (to show the traces before and after each fix), not --fix-dry-run');
    if (jobs !== undefined) throw new UsageError('--jobs does not apply to simulate (it runs on one thread)');
    return { command: 'simulate', paths, format: f, output, rules, fix: fix === 'write' };
  }
  const f = format ?? 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
    throw new UsageError(`unknown format "${f}" (use ${OUTPUT_FORMATS.join(', ')})`);
  }
  if (paths.length === 0) throw new UsageError('no paths given');
  return { command: 'lint', paths, format: f as OutputFormat, output, maxWarnings, quiet, rules, fix, ...(jobs !== undefined ? { jobs } : {}) };
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
