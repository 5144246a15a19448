// The mapi-lint command: a thin shell over the engine. It finds the files, reads and decodes them,
// resolves the per-file rule settings, hands everything to one Workspace and prints what comes back.
// All I/O goes through `CliIO` so that tests can run it in-process.
import * as fs from 'fs';
import * as path from 'path';
import { decodeBytes, encodeText, fixAll, Workspace, type LintOptions, type LintResult, type Note, type RuleSetting, type TextInfo } from '../engine';
import { HELP_TEXT, parseArgs, UsageError, type Command, type LintCommand, type SimulateCommand } from './args';
import { fixStdinText, initConfig, printConfig } from './commands';
import { ConfigError, ConfigResolver, type MapiLintConfig } from '../project/config';
import { describeFsError, nodeFs, type FsLike } from '../project/fs';
import { walk } from '../project/walk';
import type { ReadStamp } from './write';
import { bundledDocsBase } from '../project/docs';
import { displayPath, oneBased, plural, relativeMessage, type Report } from './format/report';
import { formatText } from './format/text';
import { formatJson } from './format/json';
import { countViolations, formatSimulationJson, formatSimulationText } from './format/simulation';

export const TOOL_NAME = 'mapi-lint';
/** From this many files a run on a terminal shows its progress on standard error. */
const PROGRESS_MIN_FILES = 200;
/** Above this many problems the closing "fixable with --fix" hint is not computed (it costs a re-analysis per fix). */
const FIXABLE_HINT_MAX = 50;

// Loaded on first use: a plain lint never pays for the fixer, its diffs, or the write path (and node:crypto,
// which hashes what was read only so that --fix can check a file is unchanged before writing it).
/* eslint-disable @typescript-eslint/no-require-imports */
const fixModule = (): typeof import('./fix') => require('./fix') as typeof import('./fix');
const writeModule = (): typeof import('./write') => require('./write') as typeof import('./write');
// The formats other than text and JSON, when asked for (SARIF's fingerprints hash with node:crypto too).
const sarifModule = (): typeof import('./format/sarif') => require('./format/sarif') as typeof import('./format/sarif');
const githubModule = (): typeof import('./format/github') => require('./format/github') as typeof import('./format/github');
/* eslint-enable @typescript-eslint/no-require-imports */

export interface CliIO {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout(s: string): void;
  stderr(s: string): void;
  stdoutIsTTY: boolean;
  /** Standard error is a terminal: long runs show their progress there (files read, then the analysis). */
  stderrIsTTY?: boolean;
  fs: FsLike;
  writeFile(file: string, data: string): void;
  /**
   * Write a fixed file's bytes, if it is still what was read (`expected`); defaults to writeFixedFile (through
   * symbolic links, keeping mode, owner and hard links; see write.ts). Throws WriteRefused to leave it alone.
   */
  replaceFile?(file: string, data: Uint8Array, expected: ReadStamp): void;
  /** All of standard input (--stdin); defaults to reading file descriptor 0. */
  readStdin?(): Uint8Array;
}

/** Exit code, or 'running' when a long-lived subcommand took over the process. */
export type MainResult = number | 'running';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export function toolVersion(): string {
  // The bundle dist/cli.js, or the compiled out/server/src/cli/main.js -> package.json at the package root.
  for (const candidate of [path.resolve(__dirname, '../package.json'), path.resolve(__dirname, '../../../../package.json')]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === TOOL_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

export function main(argv: readonly string[], io: CliIO): MainResult {
  let cmd: Command;
  try {
    cmd = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${TOOL_NAME}: ${e.message}\nUsage: ${TOOL_NAME} [options] <paths...>   (see ${TOOL_NAME} --help)\n`);
      return EXIT_ERROR;
    }
    throw e;
  }
  switch (cmd.command) {
    case 'help':
      io.stdout(HELP_TEXT);
      return EXIT_OK;
    case 'version':
      io.stdout(`${toolVersion()}\n`);
      return EXIT_OK;
    case 'lsp':
      return startLsp(io);
    case 'init':
      return initConfig(io);
    case 'print-config': {
      const text = printConfig(cmd, io);
      if (typeof text === 'number') return text;
      return emit(cmd.output, text, io) ? EXIT_OK : EXIT_ERROR;
    }
    case 'lint':
    case 'simulate':
      return runOnFiles(cmd, io);
  }
}

function startLsp(io: CliIO): MainResult {
  // The language server is the other shell, and the shells never import each other: the command's entry
  // (server/src/bin.ts, which bin/mapi-lint.js loads) starts it before the CLI runs. Here the CLI runs alone.
  io.stderr(`${TOOL_NAME}: the language server is not part of this build (bin/mapi-lint.js starts it, not the CLI module)\n`);
  return EXIT_ERROR;
}

interface LoadedInputs {
  ws: Workspace;
  files: string[];
  sources: Map<string, string>;
  /** How each file was encoded, to write fixes back byte-exact. */
  encodings: Map<string, TextInfo>;
  /** Size, mtime and hash of what was read, checked again before a fix is written. */
  stamps: Map<string, ReadStamp>;
  configs: Map<string, MapiLintConfig | undefined>;
  skippedNotes: Note[];
  failed: boolean;
  /**
   * --stdin: the file the input stands for and the input's text (undefined when it is not text); only the
   * file's findings are reported, the other files of its folder are context.
   */
  stdin?: { file: string; text?: string };
}

function loadInputs(cmd: LintCommand | SimulateCommand, io: CliIO): LoadedInputs {
  const err = (msg: string): void => io.stderr(`${TOOL_NAME}: error: ${msg}\n`);
  const note = (msg: string): void => io.stderr(`${TOOL_NAME}: note: ${msg}\n`);
  const resolver = new ConfigResolver(io.fs);
  const stdinFile = cmd.command === 'lint' && cmd.stdin ? path.resolve(io.cwd, cmd.stdin.filename) : undefined;
  // --stdin: the folder of the file is walked, as `mapi-lint <folder>` would, for the file's headers and siblings.
  const walkInputs = stdinFile ? [path.dirname(stdinFile)].filter((d) => isDirectory(io.fs, d)) : cmd.paths;
  const walked = walk(walkInputs, { cwd: io.cwd, fs: io.fs, config: resolver });
  let failed = false;
  for (const p of walked.problems) {
    if (p.fatal) {
      failed = true;
      err(`${p.path}: ${p.message}`);
    } else {
      note(`${p.path}: ${p.message}`);
    }
  }
  const reportedConfigs = new Set<string>();
  const configError = (e: ConfigError): void => {
    failed = true;
    if (reportedConfigs.has(e.file)) return;
    reportedConfigs.add(e.file);
    err(e.message.replace(e.file, displayPath(e.file, io.cwd)));
  };
  for (const e of walked.configErrors) configError(e);

  const ws = new Workspace();
  const files: string[] = [];
  const sources = new Map<string, string>();
  const encodings = new Map<string, TextInfo>();
  const stamps = new Map<string, ReadStamp>();
  const configs = new Map<string, MapiLintConfig | undefined>();
  const skippedNotes: Note[] = [];
  for (const { file, size, limit } of walked.tooLarge) {
    note(`${displayPath(file, io.cwd)}: skipped: ${size} bytes, larger than maxFileSize (${limit}); name it to check it`);
    skippedNotes.push({ file, kind: 'skipped', message: `file larger than maxFileSize (${size} > ${limit} bytes) skipped` });
  }
  // Only --fix writes files back, and only it needs to know that a file is still what was read.
  const stamped = cmd.command === 'lint' && cmd.fix !== 'none';
  // Progress on a terminal for long runs: one line, rewritten, cleared before the report.
  const progress = io.stderrIsTTY === true && walked.files.length >= PROGRESS_MIN_FILES;
  let read = 0;
  for (const file of walked.files) {
    if (progress && ++read % 100 === 0) io.stderr(`\r${TOOL_NAME}: reading ${read}/${walked.files.length} files`);
    if (file === stdinFile) continue; // its text comes from standard input
    const shown = displayPath(file, io.cwd);
    let config: MapiLintConfig | undefined;
    try {
      config = resolver.configForFile(file);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      configError(e);
      continue;
    }
    let bytes: Uint8Array;
    let stat: fs.Stats | undefined;
    try {
      if (stamped) stat = io.fs.statSync(file); // before the read: a change after it moves the mtime or the hash
      bytes = io.fs.readFileSync(file);
    } catch (e) {
      failed = true;
      const code = (e as { code?: string }).code;
      err(`${shown}: cannot read file: ${describeFsError(e)}${code === 'ENOENT' ? ' (it vanished while the files were being listed)' : ''}`);
      continue;
    }
    const decoded = decodeBytes(bytes);
    if (decoded.kind === 'binary') {
      note(`${shown}: skipped: binary file (${decoded.reason})`);
      skippedNotes.push({ file, kind: 'skipped', message: `binary file skipped (${decoded.reason})` });
      continue;
    }
    ws.setFile(file, decoded.text);
    files.push(file);
    sources.set(file, decoded.text);
    encodings.set(file, decoded.info);
    if (stat) stamps.set(file, writeModule().readStamp(bytes, stat));
    configs.set(file, config);
  }
  let stdin: LoadedInputs['stdin'];
  if (stdinFile) {
    stdin = { file: stdinFile };
    const shown = displayPath(stdinFile, io.cwd);
    let config: MapiLintConfig | undefined;
    let ignored = false;
    let broken = false;
    try {
      config = resolver.configForFile(stdinFile);
      ignored = resolver.isIgnored(stdinFile, false);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      configError(e);
      broken = true;
    }
    if (ignored) note(`${shown}: file ignored by the "ignore" setting of its .mapilintrc.json`);
    const decoded = decodeBytes((io.readStdin ?? (() => fs.readFileSync(0)))());
    if (decoded.kind === 'binary') {
      failed = true;
      err(`${shown}: standard input is not text (${decoded.reason})`);
    } else {
      stdin.text = decoded.text;
    }
    if (stdin.text !== undefined && !ignored && !broken) {
      ws.setFile(stdinFile, stdin.text);
      files.push(stdinFile);
      sources.set(stdinFile, stdin.text);
      configs.set(stdinFile, config); // never written back: no encoding or stamp
    }
  }
  return { ws, files, sources, encodings, stamps, configs, skippedNotes, failed, ...(stdin ? { stdin } : {}) };
}

function isDirectory(fsLike: FsLike, p: string): boolean {
  try {
    return fsLike.statSync(p).isDirectory();
  } catch {
    return false; // a --stdin-filename in a folder that does not exist (yet): no siblings
  }
}

function settingsFor(
  configs: Map<string, MapiLintConfig | undefined>,
  overrides: Readonly<Record<string, RuleSetting>>,
): (file: string) => Readonly<Record<string, RuleSetting>> {
  const cache = new Map<string, Readonly<Record<string, RuleSetting>>>();
  return (file) => {
    let s = cache.get(file);
    if (!s) {
      s = Object.freeze({ ...(configs.get(file)?.rules ?? {}), ...overrides });
      cache.set(file, s);
    }
    return s;
  };
}

function printEngineNotes(notes: readonly Note[], io: CliIO): void {
  for (const n of notes) {
    const at = n.loc ? n.loc : undefined;
    const where = at ? `${displayPath(at.file, io.cwd)}:${oneBased(at).line}:${oneBased(at).column}` : displayPath(n.file, io.cwd);
    io.stderr(`${where}: note: ${n.message} (${n.kind})\n`);
  }
}

function emit(output: string | undefined, text: string, io: CliIO): boolean {
  if (output === undefined) {
    io.stdout(text);
    return true;
  }
  try {
    io.writeFile(path.resolve(io.cwd, output), text);
    return true;
  } catch (e) {
    io.stderr(`${TOOL_NAME}: error: cannot write ${output}: ${describeFsError(e)}\n`);
    return false;
  }
}

function runOnFiles(cmd: LintCommand | SimulateCommand, io: CliIO): number {
  const inputs = loadInputs(cmd, io);
  let failed = inputs.failed;
  const options: LintOptions = { settingsFor: settingsFor(inputs.configs, cmd.rules), definesFor: definesFor(inputs.configs) };

  if (cmd.command === 'simulate') {
    let report;
    try {
      report = inputs.ws.simulate(options);
    } catch (e) {
      io.stderr(`${TOOL_NAME}: internal error in the engine: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      return EXIT_ERROR;
    }
    let text = cmd.format === 'json' ? formatSimulationJson(report, io.cwd) : formatSimulationText(report, io.cwd);
    if (cmd.fix) text += fixModule().simulateFixes(inputs.ws, options, io.cwd);
    if (!emit(cmd.output, text, io)) failed = true;
    if (failed) return EXIT_ERROR;
    return countViolations(report) > 0 ? EXIT_FINDINGS : EXIT_OK;
  }

  if (inputs.files.length === 0 && !failed) io.stderr(`${TOOL_NAME}: note: no C/C++ files to check\n`);
  let reportIO = io;
  if (inputs.stdin && cmd.fix === 'dry-run') {
    // As ESLint's --stdin --fix-dry-run: the fixed text on standard output, the report on standard error.
    const { file, text } = inputs.stdin;
    if (text !== undefined) {
      const fixedText = inputs.files.includes(file) ? fixStdinText(inputs.ws, options, file, io) : text;
      io.stdout(fixedText);
      if (inputs.files.includes(file)) {
        inputs.ws.setFile(file, fixedText);
        inputs.sources.set(file, fixedText);
      }
    }
    reportIO = { ...io, stdout: io.stderr, stdoutIsTTY: false };
  } else if (cmd.fix !== 'none' && inputs.files.length > 0) {
    const swept = new Set<string>(); // directories cleared of stale temporary files in this run
    const fixed = fixModule().applyFixes(inputs.ws, options, cmd.fix, {
      cwd: io.cwd,
      stdout: io.stdout,
      stderr: io.stderr,
      write: (file, text) => {
        const bytes = encodeText(text, inputs.encodings.get(file)!);
        const stamp = inputs.stamps.get(file)!;
        if (io.replaceFile) io.replaceFile(file, bytes, stamp);
        else writeModule().writeFixedFile(file, bytes, stamp, { swept });
      },
    });
    if (fixed.failed) failed = true;
    if (cmd.fix === 'write') {
      // Report what is left, on the fixed texts.
      for (const [file, text] of fixed.texts) {
        inputs.ws.setFile(file, text);
        inputs.sources.set(file, text);
      }
    }
  }
  let result: LintResult = { findings: [], notes: [], summary: { defect: 0, notDecided: 0, clean: 0, objects: 0 } };
  if (inputs.files.length > 0) {
    const progress = io.stderrIsTTY === true && inputs.files.length >= PROGRESS_MIN_FILES;
    if (progress) io.stderr(`\r${TOOL_NAME}: analysing ${inputs.files.length} files (the providers among them)\x1b[K`);
    try {
      result = inputs.ws.lint(options);
    } catch (e) {
      io.stderr(`${TOOL_NAME}: internal error in the engine: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      return EXIT_ERROR;
    }
  }
  if (io.stderrIsTTY === true && inputs.files.length >= PROGRESS_MIN_FILES) io.stderr('\r\x1b[K');
  const only = inputs.stdin?.file;
  if (only === undefined) return report(cmd, reportIO, inputs, options, failed, result);
  // --stdin: the other files of the input's folder were context; only the input's findings are reported.
  const mine = { ...result, findings: result.findings.filter((f) => f.loc.file === only), notes: result.notes.filter((n) => n.file === only) };
  const shown = { ...inputs, files: inputs.files.filter((f) => f === only), skippedNotes: inputs.skippedNotes.filter((n) => n.file === only) };
  return report(cmd, reportIO, shown, options, failed, mine);
}

/** The `defines` of each file's configuration, for the preprocessor's #if evaluation. */
function definesFor(configs: Map<string, MapiLintConfig | undefined>): (file: string) => ReadonlyMap<string, string> | undefined {
  const cache = new Map<string, ReadonlyMap<string, string> | undefined>();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    const d = configs.get(file)?.defines;
    const m = d && Object.keys(d).length ? new Map(Object.entries(d).map(([k, v]) => [k, v === true ? '1' : v] as [string, string])) : undefined;
    cache.set(file, m);
    return m;
  };
}

function report(cmd: LintCommand, io: CliIO, inputs: LoadedInputs, options: LintOptions, failedBefore: boolean, result: LintResult): number {
  let failed = failedBefore;
  // Messages name other places by their path: relative to the working folder, as the locations are.
  const rel = (s: string): string => relativeMessage(s, io.cwd);
  let findings = result.findings.map((f) => ({ ...f, message: rel(f.message), trace: f.trace.map((t) => ({ ...t, message: rel(t.message) })) }));
  const notes = result.notes.map((n) => ({ ...n, message: rel(n.message) }));
  printEngineNotes(notes, io);
  const resolve = options.settingsFor!;
  // The engine resolves severities; a finding of a rule turned off for its file is dropped all the same.
  findings = findings.filter((f) => resolve(f.loc.file)[f.ruleId] !== 'off');
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const shown = cmd.quiet ? findings.filter((f) => f.severity === 'error') : findings;

  const report: Report = {
    toolName: TOOL_NAME,
    toolVersion: toolVersion(),
    cwd: io.cwd,
    files: inputs.files,
    findings: shown,
    notes: [...inputs.skippedNotes, ...notes],
    sources: inputs.sources,
    incomplete: failed,
    verdicts: result.summary,
    ...(cmd.srcRoot !== undefined ? { srcRoot: path.resolve(io.cwd, cmd.srcRoot) } : {}),
    docsBaseUrl: cmd.docsBaseUrl ?? bundledDocsBase(__dirname),
  };
  const useColor = shouldColor(io, cmd.output, cmd.color);
  let text: string;
  switch (cmd.format) {
    case 'text':
      text = formatText(report, { color: useColor });
      break;
    case 'json':
      text = formatJson(report);
      break;
    case 'sarif':
      text = sarifModule().formatSarif(report);
      break;
    case 'github':
      text = githubModule().formatGithub(report);
      break;
  }
  if (!emit(cmd.output, text, io)) failed = true;
  // ESLint's closing hint: how many of the problems a verified fix removes (computed for a text report of at most
  // FIXABLE_HINT_MAX problems: each fix is verified by analysing the fixed provider again).
  if (cmd.format === 'text' && cmd.fix === 'none' && !inputs.stdin && shown.length > 0 && shown.length <= FIXABLE_HINT_MAX) {
    try {
      const fixable = fixAll(inputs.ws, undefined, options).applied.length;
      if (fixable > 0) io.stderr(`${plural(fixable, 'problem')} fixable with --fix (mapi-lint --fix-dry-run shows the edits)\n`);
    } catch {
      // the hint is a courtesy: a failure to compute it never changes the report or the exit code
    }
  }

  const tooManyWarnings = cmd.maxWarnings >= 0 && warnings > cmd.maxWarnings;
  if (tooManyWarnings) {
    io.stderr(`${TOOL_NAME}: ${plural(warnings, 'warning')}, more than --max-warnings ${cmd.maxWarnings}\n`);
  }
  if (failed) return EXIT_ERROR;
  return errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * --color / --no-color (`flag`) win, also into a file. Otherwise never into a file; on standard output
 * FORCE_COLOR decides when set (as Node does: "0" and "false" turn colors off, anything else on), then
 * NO_COLOR turns them off (https://no-color.org), then colors only on a terminal.
 */
export function shouldColor(io: Pick<CliIO, 'stdoutIsTTY' | 'env'>, output: string | undefined, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (output !== undefined) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return io.stdoutIsTTY && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '');
}

export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => {
      process.stdout.write(s);
    },
    stderr: (s) => {
      process.stderr.write(s);
    },
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    fs: nodeFs,
    writeFile: (file, data) => fs.writeFileSync(file, data),
    readStdin: () => fs.readFileSync(0),
  };
}

/** Entry point for bin/mapi-lint.js. Sets process.exitCode rather than exiting, so output is flushed. */
export function run(argv: readonly string[] = process.argv.slice(2)): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); // the reader went away (| head)
    throw e;
  });
  try {
    const result = main(argv, processIO());
    if (result !== 'running') process.exitCode = result;
  } catch (e) {
    process.stderr.write(`${TOOL_NAME}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EXIT_ERROR;
  }
}

if (require.main === module) run();
