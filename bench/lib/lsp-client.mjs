// A small LSP client over stdio for the benchmarks and the soak: spawns the real server and waits for
// publishDiagnostics by uri and version.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { REPO } from './corpus.mjs';

const require = createRequire(path.join(REPO, 'package.json'));
const proto = require('vscode-languageserver-protocol/node');

export const SERVER_JS = path.join(REPO, 'out/server/src/lsp/server.js');
export const fileUri = (p) => pathToFileURL(p).href;

export class LspClient {
  constructor(rootDir) {
    this.rootDir = rootDir;
    this.proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (b) => (this.stderr += b.toString()).length > 1e6 && (this.stderr = this.stderr.slice(-1e5)));
    this.exit = new Promise((res) => this.proc.on('exit', (code, sig) => res((this.exited = { code, sig }))));
    this.conn = proto.createProtocolConnection(new proto.StreamMessageReader(this.proc.stdout), new proto.StreamMessageWriter(this.proc.stdin));
    this.conn.onError(() => undefined);
    this.waiters = [];
    this.statuses = [];
    this.lastPublish = new Map();
    this.publishCount = 0;
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.publishCount++;
      this.lastPublish.set(p.uri, p);
      const now = performance.now();
      this.waiters = this.waiters.filter((w) => (w.pred(p) ? (w.resolve({ p, at: now }), false) : true));
    });
    this.conn.onNotification('mapiLint/status', (p) => {
      const now = performance.now();
      this.statuses.push({ ...p, at: now });
      if (this.statuses.length > 10_000) this.statuses.splice(0, 5_000);
      this.waiters = this.waiters.filter((w) => (w.status && w.status(p) ? (w.resolve({ p, at: now }), false) : true));
    });
    for (const m of ['client/registerCapability', 'client/unregisterCapability', 'workspace/codeLens/refresh', 'window/showMessageRequest']) this.conn.onRequest(m, () => null);
    this.conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('window/showMessage', () => undefined);
    this.conn.listen();
  }

  async initialize() {
    const root = this.rootDir;
    const r = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: root ? fileUri(root) : null,
      workspaceFolders: root ? [{ uri: fileUri(root), name: path.basename(root) }] : null,
      capabilities: {
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: { synchronization: { didSave: true }, publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await this.conn.sendNotification('initialized', {});
    return r;
  }

  open(uri, text, version = 1) {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version, text } });
  }

  change(uri, version, contentChanges) {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** Resolves with {p, at} for the next publish matching pred (future ones only). */
  nextPublish(pred, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (x) => (clearTimeout(t), resolve(x)) };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`no publishDiagnostics within ${timeoutMs} ms (server ${this.exited ? `exited ${JSON.stringify(this.exited)}` : 'alive'}); stderr tail: ${this.stderr.slice(-500)}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  nextStatus(pred, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      const w = { pred: () => false, status: pred, resolve: (x) => (clearTimeout(t), resolve(x)) };
      const t = setTimeout(() => reject(new Error(`no matching status within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push(w);
    });
  }

  /** Peak and current resident set size of the server, in MB (Linux /proc). */
  rss() {
    try {
      const s = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? NaN);
      return { peakMB: kb('VmHWM') / 1024, currentMB: kb('VmRSS') / 1024 };
    } catch {
      return { peakMB: NaN, currentMB: NaN };
    }
  }

  async stop() {
    if (this.exited) return this.exited;
    const kill = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 4_000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* gone */
    }
    const r = await this.exit;
    clearTimeout(kill);
    this.conn.dispose();
    return r;
  }
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
