// The mapi-lint language server: a thin shell over the engine's Workspace. This module is the wiring: which
// handler serves which request or notification. The server's state is in state.ts, when documents are
// analysed in scheduler.ts, and the handlers in handlers/ (one module per family of requests).
// Transport: whatever createConnection() finds on the command line (--node-ipc from VS Code, --stdio from
// `mapi-lint lsp --stdio` or `node out/server/src/lsp/server.js --stdio`).
import { createConnection, type CodeAction, type CodeActionParams, type CodeLens, type Connection } from 'vscode-languageserver/node';
import { Scheduler } from './scheduler';
import { errorText, GlobalState } from './state';
import { codeActions } from './handlers/codeActions';
import { codeLenses } from './handlers/codeLens';
import { executeCommand } from './handlers/commands';
import { didChangeConfiguration } from './handlers/configuration';
import { didChange, didClose, didOpen, didSave } from './handlers/documents';
import { initialize, registerFileWatchers, shutdown, startIndex } from './handlers/lifecycle';
import { didChangeWatchedFiles, didChangeWorkspaceFolders } from './handlers/workspace';

/** Registers every handler on `connection`; returns the server's state (for inspection). */
export function register(connection: Connection): GlobalState {
  const state = new GlobalState(connection);
  const scheduler = new Scheduler(state);
  const c = connection;

  c.onInitialize((params) => initialize(state, params));
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
  return state;
}

let started: Connection | undefined;

/** Starts the server on the transport named on the command line (--stdio, --node-ipc, --socket=, --pipe=). */
export function startServer(): Connection {
  if (started) return started;
  const connection = createConnection();
  started = connection;
  register(connection);
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
  return connection;
}

if (require.main === module) startServer();
