// The mapi-lint command's entry (bin/mapi-lint.js loads it: the bundle dist/cli.js, or out/server/src/bin.js).
// The one module that knows both shells, which never import each other: `mapi-lint lsp --stdio` starts the
// language server, anything else runs the CLI. The CLI's argument parser decides what `lsp …` means, so its
// usage errors (`lsp` without --stdio, an unknown transport) are the CLI's to report.
import { parseArgs, UsageError } from './cli/args';
import { EXIT_ERROR, run as runCli, TOOL_NAME } from './cli/main';
import { initParser } from './engine';

/** Whether `argv` asks for the language server (and asks for it correctly). */
export function isLanguageServer(argv: readonly string[]): boolean {
  if (argv[0] !== 'lsp') return false;
  try {
    return parseArgs(argv).command === 'lsp';
  } catch (e) {
    if (e instanceof UsageError) return false; // the CLI reports it, exit 2
    throw e;
  }
}

export function run(argv: readonly string[] = process.argv.slice(2)): void {
  if (isLanguageServer(argv)) {
    // Loaded only here: linting from the command line never pays for the language server. The server
    // chooses the parser's back end itself (initialize) and logs it to the client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lsp = require('./lsp/server') as typeof import('./lsp/server');
    lsp.startServer();
    return;
  }
  // The parser's back end is chosen before the first lint: the native tree-sitter binding, else WebAssembly,
  // which says so once.
  initParser().then(
    (info) => {
      if (info.note) process.stderr.write(`${TOOL_NAME}: note: ${info.note}\n`);
      runCli(argv);
    },
    (e: unknown) => {
      process.stderr.write(`${TOOL_NAME}: error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}

if (require.main === module) run();
