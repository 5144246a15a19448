// The VS Code side of mapi-lint: starts the language server (dist/server.js) over IPC with VS Code's own
// Node runtime, and adds what LSP does not carry: the trace viewer, the status item, a few commands.
import * as vscode from 'vscode';
import {
  CloseAction,
  LanguageClient,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  ClientCommands,
  STATUS_NOTIFICATION,
  ServerCommands,
  type FixAllArgs,
  type SimulateArgs,
  type SimulateResult,
  type StatusParams,
  type TraceLink,
} from '../../server/src/lsp/protocol';
import { ClientLifecycle } from './lifecycle';
import { statusView, type ClientPhase } from './status';

const TRACE_SCHEME = 'mapi-trace';
const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'c' },
  { scheme: 'file', language: 'cpp' },
  { scheme: 'untitled', language: 'c' },
  { scheme: 'untitled', language: 'cpp' },
];

let lifecycle: ClientLifecycle<LanguageClient> | undefined;

/** Rendered traces, by virtual document URI. */
class TraceStore implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider {
  private readonly docs = new Map<string, { text: string; links: TraceLink[] }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  put(title: string, text: string, links: TraceLink[]): vscode.Uri {
    // The path ends in .mapi-trace so the document gets the mapi-trace language.
    const safe = title.replace(/[\\/:*?"<>|#%]/g, '_');
    const uri = vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/${safe}.mapi-trace`, query: String(++this.counter) });
    this.docs.set(uri.toString(), { text, links });
    this.changed.fire(uri);
    return uri;
  }

  forget(uri: vscode.Uri): void {
    this.docs.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString())?.text ?? '(this simulation is no longer available: run "MAPI Lint: Simulate Shutdown" again)';
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const entry = this.docs.get(document.uri.toString());
    if (!entry) return [];
    return entry.links.map((l) => {
      const target = vscode.Uri.parse(l.target).with({ fragment: `L${l.targetLine + 1},${l.targetCol + 1}` });
      const link = new vscode.DocumentLink(new vscode.Range(l.line, l.startCol, l.line, l.endCol), target);
      link.tooltip = 'Go to the location of this step';
      return link;
    });
  }
}

const SEVERITY = {
  information: vscode.LanguageStatusSeverity.Information,
  warning: vscode.LanguageStatusSeverity.Warning,
  error: vscode.LanguageStatusSeverity.Error,
} as const;

function phaseOf(state: State | undefined): ClientPhase {
  return state === State.Running ? 'running' : state === State.Starting ? 'starting' : 'stopped';
}

function createClient(context: vscode.ExtensionContext, outputChannel: vscode.OutputChannel, disposing: () => boolean): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // No `runtime`: the server runs in VS Code's own Node (Electron); tree-sitter's N-API prebuilds are ABI-stable.
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  // vscode-languageclient's own handler restarts a server whose connection closed; a client being disposed
  // (the window reloads or closes) must not be restarted: its server went away with the window.
  let client: LanguageClient | undefined;
  let fallback: ErrorHandler | undefined;
  const defaults = (): ErrorHandler => (fallback ??= client!.createDefaultErrorHandler());
  const errorHandler: ErrorHandler = {
    error: (error, message, count) => defaults().error(error, message, count),
    closed: () => (disposing() ? { action: CloseAction.DoNotRestart, handled: true } : defaults().closed()),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR as LanguageClientOptions['documentSelector'],
    errorHandler,
    diagnosticCollectionName: 'mapi-lint',
    // One channel for every client of this window (a restart may replace the client): it outlives them.
    outputChannel,
    synchronize: { configurationSection: 'mapiLint' },
    initializationOptions: () => {
      const c = vscode.workspace.getConfiguration('mapiLint');
      return { settings: { enable: c.get('enable'), run: c.get('run'), rules: c.get('rules'), docsBaseUrl: c.get('docsBaseUrl') } };
    },
  };
  client = new LanguageClient('mapiLint', 'MAPI Lint', serverOptions, clientOptions);
  return client;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const traces = new TraceStore();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, traces),
    vscode.languages.registerDocumentLinkProvider({ scheme: TRACE_SCHEME }, traces),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === TRACE_SCHEME) traces.forget(d.uri);
    }),
  );

  const status = vscode.languages.createLanguageStatusItem('mapiLint.status', SELECTOR);
  status.name = 'MAPI Lint';
  status.command = { title: 'Show Output', command: ClientCommands.showOutput };
  context.subscriptions.push(status);
  let lastStatus: StatusParams | undefined;
  const renderStatus = () => {
    const v = statusView(lastStatus, phaseOf(lifecycle?.current?.state));
    status.text = v.text;
    status.detail = v.detail;
    status.severity = SEVERITY[v.severity];
    status.busy = v.busy;
  };

  const outputChannel = vscode.window.createOutputChannel('MAPI Lint');
  context.subscriptions.push(outputChannel);
  lifecycle = new ClientLifecycle(
    (owner) => {
      const c = createClient(context, outputChannel, () => owner.isDisposed);
      context.subscriptions.push(
        c.onDidChangeState(() => renderStatus()),
        // Registered before start: vscode-languageclient keeps it across restarts.
        c.onNotification(STATUS_NOTIFICATION, (s: StatusParams) => {
          lastStatus = s;
          renderStatus();
        }),
      );
      return c;
    },
    (message) => void vscode.window.showErrorMessage(`MAPI Lint: ${message}`),
  );
  renderStatus();

  /** A request to the server; undefined once the window is closing (the client is going away, nothing to say). */
  const request = async <R>(method: string, params: unknown): Promise<R | undefined> => {
    const c = lifecycle?.current;
    if (!c) return undefined;
    try {
      return await c.sendRequest<R>(method, params);
    } catch (e) {
      if (lifecycle?.isDisposed) return undefined;
      throw e;
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(ClientCommands.simulate, async (args?: SimulateArgs) => {
      if (!lifecycle?.current) return;
      let simulateArgs: SimulateArgs | undefined = args;
      if (!simulateArgs || typeof simulateArgs.uri !== 'string') {
        const editor = vscode.window.activeTextEditor;
        if (!editor || !['c', 'cpp'].includes(editor.document.languageId)) {
          void vscode.window.showInformationMessage('MAPI Lint: open a C or C++ file of the message store first.');
          return;
        }
        const p = editor.selection.active;
        simulateArgs = { uri: editor.document.uri.toString(), position: { line: p.line, character: p.character } };
      }
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'MAPI Lint: simulating shutdown' },
        () => request<SimulateResult>('workspace/executeCommand', { command: ServerCommands.simulate, arguments: [simulateArgs] }),
      );
      if (!result) return;
      const uri = traces.put(result.title, result.text, result.links);
      const doc = await vscode.workspace.openTextDocument(uri);
      if (doc.languageId !== 'mapi-trace') await vscode.languages.setTextDocumentLanguage(doc, 'mapi-trace');
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
    }),
    vscode.commands.registerCommand(ClientCommands.fixAll, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!lifecycle?.current || !editor) return;
      const args: FixAllArgs = { uri: editor.document.uri.toString(), version: editor.document.version };
      const r = await request<{ applied: boolean; reason?: string }>('workspace/executeCommand', {
        command: ServerCommands.fixAll,
        arguments: [args],
      });
      if (r && !r.applied) void vscode.window.showInformationMessage(`MAPI Lint: ${r.reason ?? 'no fix applied'}.`);
    }),
    vscode.commands.registerCommand(ClientCommands.restartServer, async () => {
      // Not once the window is closing; a restart asked for while the client starts waits for the start.
      if (!lifecycle?.current) return;
      lastStatus = undefined;
      renderStatus();
      await lifecycle.restart();
      renderStatus();
    }),
    vscode.commands.registerCommand(ClientCommands.showOutput, () => outputChannel.show(true)),
  );

  // A failure is shown by the lifecycle, unless the window is closing meanwhile.
  await lifecycle.start();
  renderStatus();
}

export async function deactivate(): Promise<void> {
  // dispose, not stop: a stopped client keeps its providers registered, and a code-action request that
  // arrives while the window closes would start the server again (and log a failure). The lifecycle waits
  // for a start in progress (a starting client cannot be stopped) and never starts the client again.
  // Kept (not cleared): commands still running see that it is disposed and stay quiet.
  await lifecycle?.dispose();
}
