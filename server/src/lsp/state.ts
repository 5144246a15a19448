// The language server's state (rust-analyzer's GlobalState): the engine's Workspace, the open documents, the
// settings and their cache, the workspace folders, the index's progress and what the client was told last.
// Handlers (handlers/*.ts) and the scheduler read and change it; nothing here schedules or analyses.
import * as path from 'node:path';
import {
  CodeLensRefreshRequest,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace, type Finding, type Loc, type RuleSetting } from '../engine';
import { DEFAULT_SETTINGS, STATUS_NOTIFICATION, type ClientSettings, type ServerState, type StatusParams } from './protocol';
import { ConfigStore, sanitizeRuleSettings, type EffectiveConfig } from './config';
import { pathToUri } from './paths';
import { bundledDocsBase } from '../project/docs';

/** An open document as the server tracks it. */
export interface DocState {
  uri: string;
  path: string;
  doc: TextDocument;
  /** Version whose findings are in `findings`. */
  analysedVersion?: number;
  findings: Finding[];
  /** Workspace generation the findings were computed at. */
  analysedGeneration?: number;
  /** Ignored by .mapilintrc.json: tracked (for empty publishes) but kept out of the engine, as the CLI does. */
  ignored: boolean;
}

/** What the client said it can do (initialize). */
export interface ClientCapabilityFlags {
  configuration: boolean;
  watchedFilesDynamicRegistration: boolean;
  codeLensRefresh: boolean;
  /** `workspace.workspaceEdit.documentChanges`: edits go out as versioned TextDocumentEdits. */
  documentChanges: boolean;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/** `mapiLint.*` settings as the client sent them -> ClientSettings (unknown values fall back to the defaults). */
export function normalizeSettings(raw: unknown): ClientSettings {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    enable: typeof o.enable === 'boolean' ? o.enable : DEFAULT_SETTINGS.enable,
    run: o.run === 'onSave' ? 'onSave' : 'onType',
    rules: sanitizeRuleSettings(o.rules),
    ...(typeof o.docsBaseUrl === 'string' && /^(https?|file):\/\/\S+$/.test(o.docsBaseUrl) ? { docsBaseUrl: o.docsBaseUrl } : {}),
  };
}

/** The rule pages shipped beside the server (the VSIX's docs/rules/, or the repository's). */
const BUNDLED_DOCS = bundledDocsBase(__dirname);

export class GlobalState {
  readonly ws = new Workspace();
  readonly configs = new ConfigStore();
  /** Open documents by URI. */
  readonly docs = new Map<string, DocState>();
  /** Workspace folders (file-system paths). */
  folders: string[] = [];
  capabilities: ClientCapabilityFlags = { configuration: false, watchedFilesDynamicRegistration: false, codeLensRefresh: false, documentChanges: false };
  globalSettings: ClientSettings = { ...DEFAULT_SETTINGS };
  readonly settingsCache = new Map<string, Promise<ClientSettings>>();
  /** Where rule pages are linked: mapiLint.docsBaseUrl, else the pages shipped with the extension. */
  docsBase(settings: ClientSettings = this.globalSettings): string {
    return settings.docsBaseUrl ?? this.globalSettings.docsBaseUrl ?? BUNDLED_DOCS;
  }
  /** Broken-config messages already shown in a window message (once each). */
  readonly shownConfigErrors = new Set<string>();
  /** Bumped whenever the engine's input changes: findings of an older generation are stale. */
  generation = 0;
  /** The server's state as the status notification reports it. */
  serverState: ServerState = 'starting';
  /** The index build in progress, if any; `indexRun` numbers the builds (a newer one supersedes). */
  indexing = false;
  indexRun = 0;
  indexedFiles = 0;
  private lastStatus: StatusParams = { state: 'starting', files: 0 };
  shuttingDown = false;

  constructor(readonly connection: Connection) {}

  // ───────────────────────────── logging and guards ─────────────────────────────

  log(msg: string): void {
    try {
      this.connection.console.log(msg);
    } catch {
      // The connection is gone (the client went away): there is no one left to tell.
    }
  }

  logError(where: string, e: unknown): void {
    try {
      this.connection.console.error(`mapi-lint: ${where}: ${errorText(e)}`);
    } catch {
      // The connection is gone (the client went away): there is no one left to tell.
    }
  }

  /** Wraps a notification handler: an exception is logged, never propagated. */
  guard<A extends unknown[]>(name: string, fn: (...args: A) => void | Promise<void>): (...args: A) => void {
    return (...args: A) => {
      try {
        const r = fn(...args);
        if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch((e) => this.logError(name, e));
      } catch (e) {
        this.logError(name, e);
      }
    };
  }

  /** Wraps a request handler: an exception is logged and answered with `fallback`. */
  guardRequest<P, R>(name: string, fn: (p: P, token: CancellationToken) => R | Promise<R>, fallback: R) {
    return async (p: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      try {
        if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        return await fn(p, token);
      } catch (e) {
        this.logError(name, e);
        return fallback;
      }
    };
  }

  // ───────────────────────────── status ─────────────────────────────

  /** Sends the status notification: the last one sent, updated with `patch` and the current file count. */
  sendStatus(patch: Partial<StatusParams>): void {
    this.lastStatus = { ...this.lastStatus, ...patch, state: patch.state ?? this.serverState, files: this.ws.files().length };
    try {
      void this.connection.sendNotification(STATUS_NOTIFICATION, this.lastStatus);
    } catch {
      // The connection is gone (the client went away): a status no one reads.
    }
  }

  setState(state: ServerState, message?: string): void {
    this.serverState = state;
    this.sendStatus({ state, message });
  }

  /** The engine's input changed. */
  touch(): void {
    this.generation++;
  }

  refreshCodeLenses(): void {
    if (!this.capabilities.codeLensRefresh) return;
    // A refused or unanswered refresh changes nothing: the lenses are asked for again when the editor wants them.
    this.connection.sendRequest(CodeLensRefreshRequest.type).then(undefined, () => undefined);
  }

  // ───────────────────────────── paths and documents ─────────────────────────────

  isFsPath(p: string): boolean {
    return path.isAbsolute(p);
  }

  /** The URI of an engine path: the open document's own URI when there is one. */
  fileToUri(file: string): string {
    for (const d of this.docs.values()) if (d.path === file) return d.uri;
    return pathToUri(file);
  }

  readonly locToUri = (loc: Loc): string => this.fileToUri(loc.file);

  isOpenPath(p: string): boolean {
    for (const d of this.docs.values()) if (d.path === p) return true;
    return false;
  }

  inFolders(p: string): boolean {
    return this.folders.some((f) => {
      const rel = path.relative(f, p);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
  }

  // ───────────────────────────── settings and configuration ─────────────────────────────

  /**
   * The client's `mapiLint` settings for a document (asked once per open document, until the settings change or
   * the document closes; a URI that is not open, as a command may name, is asked each time and never kept).
   */
  getSettings(uri: string): Promise<ClientSettings> {
    if (!this.capabilities.configuration) return Promise.resolve(this.globalSettings);
    let p = this.settingsCache.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'mapiLint' })
        .then((raw: unknown) => normalizeSettings(raw))
        .catch(() => this.globalSettings);
      if (this.docs.has(uri)) this.settingsCache.set(uri, p);
    }
    return p;
  }

  effectiveConfig(file: string): EffectiveConfig {
    return this.configs.forFile(file);
  }

  /** The engine's `settingsFor`: the governing .mapilintrc.json's rules, overridden by the client's `mapiLint.rules`. */
  settingsForFn(client: ClientSettings): (file: string) => Readonly<Record<string, RuleSetting>> {
    const cache = new Map<string, Record<string, RuleSetting>>();
    const clientRules = client.rules as Record<string, RuleSetting>;
    return (file: string) => {
      let r = cache.get(file);
      if (!r) {
        r = { ...this.effectiveConfig(file).rules, ...clientRules };
        cache.set(file, r);
      }
      return r;
    };
  }
}
