// initialize, initialized and shutdown: what the server can do, what the client can do, the parser's back end,
// the file watchers and the first index build.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { initParser, RULE_CATALOG } from '../../engine';
import { CONFIG_FILE_NAME, FIX_ALL_KIND, SOURCE_EXTENSIONS } from '../protocol';
import { uriToPath } from '../paths';
import type { Scheduler } from '../scheduler';
import { normalizeSettings, type GlobalState } from '../state';
import { COMMANDS } from './commands';
import { buildIndex } from './workspace';

export async function initialize(state: GlobalState, params: InitializeParams): Promise<InitializeResult> {
  // The parser's back end before the first lint: the native binding, else WebAssembly (logged once, with why).
  try {
    const parser = await initParser();
    state.log(`mapi-lint ${readOwnVersion()}: engine with ${RULE_CATALOG.length} rules; parser: ${parser.backend === 'native' ? 'tree-sitter (native binding)' : 'tree-sitter (WebAssembly)'}`);
    if (parser.note) state.log(`mapi-lint: ${parser.note}`);
  } catch (e) {
    state.logError('parser', e);
  }
  const caps = params.capabilities;
  state.capabilities = {
    configuration: !!caps.workspace?.configuration,
    watchedFilesDynamicRegistration: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    codeLensRefresh: !!caps.workspace?.codeLens?.refreshSupport,
    documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
  };
  const folders: WorkspaceFolder[] = params.workspaceFolders ?? [];
  state.folders = folders.map((f) => uriToPath(f.uri)).filter((p) => state.isFsPath(p));
  if (state.folders.length === 0 && params.rootUri) {
    const p = uriToPath(params.rootUri);
    if (state.isFsPath(p)) state.folders = [p];
  }
  const init = params.initializationOptions as { settings?: unknown } | undefined;
  if (init?.settings) state.globalSettings = normalizeSettings(init.settings);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: COMMANDS },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'mapi-lint', version: readOwnVersion() },
  };
}

/** After initialize: the file watchers, when the client registers them dynamically. */
export function registerFileWatchers(state: GlobalState): void {
  if (!state.capabilities.watchedFilesDynamicRegistration) return;
  const exts = SOURCE_EXTENSIONS.map((e) => e.slice(1)).join(',');
  void state.connection.client
    .register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: `**/*.{${exts}}` }, { globPattern: `**/${CONFIG_FILE_NAME}` }],
    })
    .then(undefined, (e) => state.logError('register file watchers', e));
}

/** After initialize: the first index build of the workspace folders. */
export function startIndex(state: GlobalState, scheduler: Scheduler): void {
  // Not awaited: the first diagnostics of opened documents must not wait for the index.
  void buildIndex(state, scheduler, state.folders).catch((e) => {
    state.logError('index', e);
    state.setState('ready', 'index failed');
  });
}

/** shutdown: nothing more is analysed or indexed. */
export function shutdown(state: GlobalState, scheduler: Scheduler): void {
  state.shuttingDown = true;
  state.indexRun++;
  scheduler.cancelAll();
}

export function readOwnVersion(): string {
  // out/server/src/lsp/handlers/lifecycle.js, dist/server.js, dist/cli.js: the nearest package.json named mapi-lint.
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mapi-lint' && pkg.version) return pkg.version;
    } catch {
      // No package.json here (or not one we can read): keep looking further up.
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}
