// A minimal LSP client for the server tests: spawns the real server over stdio and speaks JSON-RPC to it.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as ProtocolNodeMain from 'vscode-languageserver-protocol/lib/node/main';
import type * as JsonRpcNode from 'vscode-jsonrpc/lib/node/main';
import type { InitializeResult, ProtocolConnection, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/lib/node/main';

// The root tsconfig uses moduleResolution "node", which ignores package export maps: the types come from the
// file, the value from the package's "./node" export.
// eslint-disable-next-line @typescript-eslint/no-require-imports
type ProtocolNode = typeof ProtocolNodeMain & typeof JsonRpcNode;
export const protocol: ProtocolNode = require('vscode-languageserver-protocol/node');
const { StreamMessageReader, StreamMessageWriter, IPCMessageReader, IPCMessageWriter, createProtocolConnection } = protocol;

export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The server under test; MAPI_LINT_TEST_SERVER=dist/server.js runs the suite against the bundle. */
export const SERVER_JS = path.resolve(REPO_ROOT, process.env.MAPI_LINT_TEST_SERVER ?? 'out/server/src/lsp/server.js');
export const TMP_ROOT = path.join(REPO_ROOT, '.test-tmp', 'lsp');

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}

const created: string[] = [];
process.on('exit', () => {
  if (process.env.MAPI_LINT_KEEP_TEST_TMP === '1') return;
  for (const d of created) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh folder under .test-tmp/lsp with the given files (relative path -> content); removed at exit. */
export function makeWorkspace(name: string, files: Record<string, string | Buffer>): string {
  const dir = path.join(TMP_ROOT, `${name}-${process.pid}-${Date.now().toString(36)}`);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  fs.mkdirSync(dir, { recursive: true });
  created.push(dir);
  return dir;
}

export interface StartOptions {
  rootDir?: string;
  /** Settings returned for workspace/configuration (section mapiLint); when undefined the client does not offer it. */
  settings?: Record<string, unknown>;
  serverPath?: string;
  args?: string[];
  env?: Record<string, string>;
  /** Use Node IPC (--node-ipc, as VS Code does) instead of stdio. */
  ipc?: boolean;
  /** Node's own options before the server's path (e.g. --expose-gc). */
  nodeArgs?: string[];
  /** The client announces `workspace.workspaceEdit.documentChanges` (versioned edits). */
  documentChanges?: boolean;
}

type Waiter = { pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly statuses: { state: string; files: number; lastAnalysisMs?: number; lastUri?: string; message?: string; verdicts?: { objects: number; defect: number; notDecided: number; clean: number } }[] = [];
  /** window/logMessage notifications with their type (1 error, 2 warning, 3 info, 4 log), in arrival order. */
  readonly logMessages: { type: number; message: string }[] = [];
  readonly messages: { type: number; message: string }[] = [];
  readonly logs: string[] = [];
  readonly showDocuments: { uri: string; external?: boolean }[] = [];
  readonly appliedEdits: unknown[] = [];
  /** Publishes and status changes in arrival order ('publish <uri>', 'status <state>'). */
  readonly events: string[] = [];
  stderr = '';
  private waiters: Waiter[] = [];
  exitCode: number | null | undefined = undefined;
  private exited: Promise<number | null>;

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: ProtocolConnection,
    private readonly opts: StartOptions,
  ) {
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve((this.exitCode = code))));
    proc.stderr!.on('data', (b: Buffer) => (this.stderr += b.toString()));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      this.events.push(`publish ${p.uri}`);
      this.waiters = this.waiters.filter((w) => {
        if (w.pred(p)) {
          w.resolve(p);
          return false;
        }
        return true;
      });
    });
    conn.onNotification('mapiLint/status', (p: TestClient['statuses'][number]) => {
      this.statuses.push(p);
      this.events.push(`status ${p.state}`);
    });
    conn.onNotification('window/showMessage', (p: { type: number; message: string }) => this.messages.push(p));
    conn.onRequest('window/showMessageRequest', (p: { type: number; message: string }) => {
      this.messages.push(p);
      return null;
    });
    conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p.message);
      this.logMessages.push(p);
    });
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('client/unregisterCapability', () => null);
    conn.onRequest('workspace/codeLens/refresh', () => null);
    conn.onRequest('window/showDocument', (p: { uri: string; external?: boolean }) => {
      this.showDocuments.push(p);
      return { success: true };
    });
    conn.onRequest('workspace/applyEdit', (p: unknown) => {
      this.appliedEdits.push(p);
      return { applied: true };
    });
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.opts.settings ?? null));
    conn.listen();
  }

  static start(opts: StartOptions = {}): TestClient {
    const env = { ...process.env, ...opts.env };
    let proc: ChildProcess;
    let conn: ProtocolConnection;
    if (opts.ipc) {
      proc = fork(opts.serverPath ?? SERVER_JS, ['--node-ipc'], { cwd: REPO_ROOT, env, execArgv: opts.nodeArgs ?? [], stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
      conn = createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    } else {
      proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.serverPath ?? SERVER_JS, ...(opts.args ?? ['--stdio'])], {
        cwd: REPO_ROOT,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    }
    conn.onError(() => undefined);
    return new TestClient(proc, conn, opts);
  }

  async initialize(): Promise<InitializeResult> {
    const root = this.opts.rootDir;
    const result = (await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: root ? fileUri(root) : null,
      workspaceFolders: root ? [{ uri: fileUri(root), name: path.basename(root) }] : null,
      capabilities: {
        workspace: {
          configuration: this.opts.settings !== undefined,
          didChangeWatchedFiles: { dynamicRegistration: true },
          applyEdit: true,
          workspaceFolders: true,
          ...(this.opts.documentChanges ? { workspaceEdit: { documentChanges: true } } : {}),
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
        },
        window: { showDocument: { support: true } },
      },
    })) as InitializeResult;
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, version = 1, languageId = 'cpp'): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first publish (already received or future) for `uri` that satisfies `pred`. */
  waitForDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const full = (p: PublishDiagnosticsParams) => p.uri === uri && pred(p);
    const hit = this.published.find(full);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching publishDiagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({
        pred: full,
        resolve: (p) => {
          clearTimeout(t);
          resolve(p);
        },
      });
    });
  }

  async waitFor(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Resolves with the exit code once the server has exited (SIGKILL after `timeoutMs`: then null). */
  async waitForExit(timeoutMs = 10_000): Promise<number | null> {
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    this.conn.dispose();
    return code;
  }

  alive(): boolean {
    return this.exitCode === undefined;
  }

  /** shutdown + exit; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.exitCode !== undefined) return this.exitCode;
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    const code = await this.exited;
    clearTimeout(timer);
    this.conn.dispose();
    return code;
  }
}

/** A server on stdio with no JSON-RPC client: the test writes raw bytes to its stdin. */
export interface RawServer {
  proc: ChildProcess;
  /** stderr so far. */
  stderr(): string;
  /** stdout so far (the server's messages, framed). */
  stdout(): Buffer;
  /** The exit code (null: killed by a signal, here SIGKILL after `timeoutMs`). */
  exited(timeoutMs?: number): Promise<number | null>;
}

export function startRaw(opts: { env?: Record<string, string> } = {}): RawServer {
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { cwd: REPO_ROOT, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  const out: Buffer[] = [];
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  proc.stdout!.on('data', (b: Buffer) => out.push(b));
  proc.stdin!.on('error', () => undefined); // the server may exit before it has read everything
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    stderr: () => err,
    stdout: () => Buffer.concat(out),
    async exited(timeoutMs = 15_000) {
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

/** One message framed as the base protocol frames it. */
export function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}
