// The VS Code side of mapi-lint: starts the language server (dist/server.js) over IPC with VS Code's own
// Node runtime, and adds what LSP does not carry: the trace viewer, the status item, a few commands.
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
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

const TRACE_SCHEME = 'mapi-trace';
const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'c' },
  { scheme: 'file', language: 'cpp' },
  { scheme: 'untitled', language: 'c' },
  { scheme: 'untitled', language: 'cpp' },
];

let client: LanguageClient | undefined;

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

function stateText(s: StatusParams | undefined, clientState: State): { text: string; detail: string; severity: vscode.LanguageStatusSeverity; busy: boolean } {
  if (clientState === State.Stopped) return { text: 'MAPI Lint: stopped', detail: 'the server is not running', severity: vscode.LanguageStatusSeverity.Error, busy: false };
  if (clientState === State.Starting || !s) return { text: 'MAPI Lint: starting', detail: '', severity: vscode.LanguageStatusSeverity.Information, busy: true };
  const parts: string[] = [`${s.files} file${s.files === 1 ? '' : 's'} known`];
  if (s.lastAnalysisMs !== undefined) {
    const at = s.lastAnalysisAt ? new Date(s.lastAnalysisAt).toLocaleTimeString() : '';
    parts.push(`last analysis ${s.lastAnalysisMs} ms${at ? ` at ${at}` : ''}`);
  }
  if (s.message) parts.push(s.message);
  switch (s.state) {
    case 'indexing':
      return { text: 'MAPI Lint: indexing', detail: parts.join(' · '), severity: vscode.LanguageStatusSeverity.Information, busy: true };
    case 'error':
      return { text: 'MAPI Lint: error', detail: `${parts.join(' · ')} · see the output`, severity: vscode.LanguageStatusSeverity.Error, busy: false };
    default:
      return {
        text: s.lastAnalysisMs !== undefined ? `MAPI Lint: ${s.lastAnalysisMs} ms` : 'MAPI Lint',
        detail: parts.join(' · '),
        severity: s.lastAnalysisMs !== undefined && s.lastAnalysisMs > 2000 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information,
        busy: false,
      };
  }
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // No `runtime`: the server runs in VS Code's own Node (Electron); tree-sitter's N-API prebuilds are ABI-stable.
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR as LanguageClientOptions['documentSelector'],
    diagnosticCollectionName: 'mapi-lint',
    synchronize: { configurationSection: 'mapiLint' },
    initializationOptions: () => {
      const c = vscode.workspace.getConfiguration('mapiLint');
      return { settings: { enable: c.get('enable'), run: c.get('run'), rules: c.get('rules') } };
    },
  };
  return new LanguageClient('mapiLint', 'MAPI Lint', serverOptions, clientOptions);
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
    const s = stateText(lastStatus, client?.state ?? State.Stopped);
    status.text = s.text;
    status.detail = s.detail;
    status.severity = s.severity;
    status.busy = s.busy;
  };

  client = createClient(context);
  context.subscriptions.push(
    client.onDidChangeState(() => renderStatus()),
    // Registered before start: vscode-languageclient keeps it across restarts.
    client.onNotification(STATUS_NOTIFICATION, (s: StatusParams) => {
      lastStatus = s;
      renderStatus();
    }),
  );
  renderStatus();

  context.subscriptions.push(
    vscode.commands.registerCommand(ClientCommands.simulate, async (args?: SimulateArgs) => {
      if (!client) return;
      let request: SimulateArgs | undefined = args;
      if (!request || typeof request.uri !== 'string') {
        const editor = vscode.window.activeTextEditor;
        if (!editor || !['c', 'cpp'].includes(editor.document.languageId)) {
          void vscode.window.showInformationMessage('MAPI Lint: open a C or C++ file of the message store first.');
          return;
        }
        const p = editor.selection.active;
        request = { uri: editor.document.uri.toString(), position: { line: p.line, character: p.character } };
      }
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'MAPI Lint: simulating shutdown' },
        () => client!.sendRequest<SimulateResult>('workspace/executeCommand', { command: ServerCommands.simulate, arguments: [request] }),
      );
      const uri = traces.put(result.title, result.text, result.links);
      const doc = await vscode.workspace.openTextDocument(uri);
      if (doc.languageId !== 'mapi-trace') await vscode.languages.setTextDocumentLanguage(doc, 'mapi-trace');
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
    }),
    vscode.commands.registerCommand(ClientCommands.fixAll, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!client || !editor) return;
      const args: FixAllArgs = { uri: editor.document.uri.toString(), version: editor.document.version };
      const r = await client.sendRequest<{ applied: boolean; reason?: string }>('workspace/executeCommand', {
        command: ServerCommands.fixAll,
        arguments: [args],
      });
      if (!r.applied) void vscode.window.showInformationMessage(`MAPI Lint: ${r.reason ?? 'no fix applied'}.`);
    }),
    vscode.commands.registerCommand(ClientCommands.restartServer, async () => {
      if (!client) return;
      lastStatus = undefined;
      renderStatus();
      await client.restart();
    }),
    vscode.commands.registerCommand(ClientCommands.showOutput, () => client?.outputChannel.show(true)),
  );

  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`MAPI Lint: the server did not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  renderStatus();
}

export async function deactivate(): Promise<void> {
  // dispose, not stop: a stopped client keeps its providers registered, and a code-action request that
  // arrives while the window closes would start the server again (and log a failure).
  const c = client;
  client = undefined;
  if (c) await c.dispose();
}
