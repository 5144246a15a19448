// The mapi-lint language server: a thin shell over the engine's Workspace. This module is the wiring: which
// handler serves which request or notification. The server's state is in state.ts, when documents are
// analysed in scheduler.ts, and the handlers in handlers/ (one module per family of requests).
// Transport: whatever createConnection() finds on the command line (--node-ipc from VS Code, --stdio from
// `mapi-lint lsp --stdio` or `node out/server/src/lsp/server.js --stdio`). On stdio a frame guard follows the
// bytes (framing.ts: a malformed header ends the process with a message, never a silent hang); on every transport
// the lifecycle gate (gate.ts) answers requests before `initialize` and after `shutdown`.
import * as fs from 'node:fs';
import { createConnection, ResponseError, type CodeAction, type CodeActionParams, type CodeLens, type Connection } from 'vscode-languageserver/node';
import { Scheduler } from './scheduler';
import { errorText, GlobalState } from './state';
import { codeActions } from './handlers/codeActions';
import { codeLenses } from './handlers/codeLens';
import { executeCommand } from './handlers/commands';
import { didChangeConfiguration } from './handlers/configuration';
import { didChange, didClose, didOpen, didSave } from './handlers/documents';
import { initialize, registerFileWatchers, shutdown, startIndex } from './handlers/lifecycle';
import { didChangeWatchedFiles, didChangeWorkspaceFolders } from './handlers/workspace';
import { MEMORY_REQUEST, memoryReport, TEST_HOOKS_ENABLED } from './handlers/testHooks';
import { EXIT_PROTOCOL_ERROR, FrameGuard, framingExitMessage } from './framing';
import { LifecycleGate, REJECTED_METHOD, type RejectedParams } from './gate';

/**
 * Registers every handler on `connection`; returns the server's state (for inspection). `gate` is the lifecycle
 * gate the connection was created with (told when `initialize` has been answered).
 */
export function register(connection: Connection, gate?: LifecycleGate): GlobalState {
  const state = new GlobalState(connection);
  const scheduler = new Scheduler(state);
  const c = connection;

  c.onInitialize(async (params) => {
    try {
      const result = await initialize(state, params);
      gate?.initializeDone(true);
      return result;
    } catch (e) {
      gate?.initializeDone(false);
      throw e;
    }
  });
  // The requests the gate refused, renamed: answered with the gate's error.
  c.onRequest(REJECTED_METHOD, (p: RejectedParams) => new ResponseError(p.code, p.message));
  c.onInitialized(
    state.guard('initialized', () => {
      registerFileWatchers(state);
      try {
        c.workspace.onDidChangeWorkspaceFolders(state.guard('workspace folders', (ev) => didChangeWorkspaceFolders(state, scheduler, ev)));
      } catch {
        // A client without workspace folder support: the folders of initialize stay the folders.
      }
      startIndex(state, scheduler);
    }),
  );
  c.onShutdown(() => shutdown(state, scheduler));

  c.onDidOpenTextDocument(state.guard('didOpen', (p) => didOpen(state, scheduler, p)));
  c.onDidChangeTextDocument(state.guard('didChange', (p) => didChange(state, scheduler, p)));
  c.onDidCloseTextDocument(state.guard('didClose', (p) => didClose(state, scheduler, p)));
  c.onDidSaveTextDocument(state.guard('didSave', (p) => didSave(state, scheduler, p)));

  c.onDidChangeConfiguration(state.guard('configuration', (p) => didChangeConfiguration(state, scheduler, p)));
  c.onDidChangeWatchedFiles(state.guard('watched files', (p) => didChangeWatchedFiles(state, scheduler, p)));

  c.onCodeAction(state.guardRequest('codeAction', (p: CodeActionParams, t) => codeActions(state, scheduler, p, t), [] as CodeAction[]));
  c.onCodeLens(state.guardRequest('codeLens', (p: { textDocument: { uri: string } }) => codeLenses(state, p.textDocument.uri), [] as CodeLens[]));
  c.onExecuteCommand((p, token) => executeCommand(state, scheduler, p, token));
  if (TEST_HOOKS_ENABLED) c.onRequest(MEMORY_REQUEST, () => memoryReport(state, scheduler));
  return state;
}

/** Whether createConnection() takes stdio from these arguments (its own reading of the command line). */
export function isStdioTransport(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--stdio') return true;
    if (a === '--node-ipc' || a === '--socket' || a === '--pipe' || a.startsWith('--socket=') || a.startsWith('--pipe=')) return false;
  }
  return false;
}

/**
 * Follows the client's bytes ahead of vscode-jsonrpc's reader (the listener runs first on each chunk): a broken
 * frame ends the process with a message on stderr and EXIT_PROTOCOL_ERROR before the reader sees the chunk.
 */
function guardFraming(input: NodeJS.ReadableStream): void {
  const guard = new FrameGuard();
  input.prependListener('data', (chunk: Buffer | string) => {
    const err = guard.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    if (!err) return;
    try {
      fs.writeSync(2, framingExitMessage(err)); // synchronous: the process exits right after
    } catch {
      // No stderr either: the exit code still says it.
    }
    process.exit(EXIT_PROTOCOL_ERROR);
  });
}

let started: Connection | undefined;

/** Starts the server on the transport named on the command line (--stdio, --node-ipc, --socket=, --pipe=). */
export function startServer(): Connection {
  if (started) return started;
  const gate = new LifecycleGate();
  const connection = createConnection({ messageStrategy: gate });
  started = connection;
  register(connection, gate);
  // Keep serving whatever one handler did: log, do not die.
  process.on('uncaughtException', (e) => {
    try {
      connection.console.error(`mapi-lint: uncaught exception: ${errorText(e)}`);
    } catch {
      // The connection is gone too: nothing is left to report to.
    }
  });
  process.on('unhandledRejection', (e) => {
    try {
      connection.console.error(`mapi-lint: unhandled rejection: ${errorText(e)}`);
    } catch {
      // The connection is gone too: nothing is left to report to.
    }
  });
  connection.listen();
  if (isStdioTransport(process.argv.slice(2))) guardFraming(process.stdin);
  return connection;
}

if (require.main === module) startServer();
