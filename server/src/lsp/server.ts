// The mapi-lint language server: a thin shell over the engine's Workspace.
// Transport: whatever createConnection() finds on the command line (--node-ipc from VS Code, --stdio from
// `mapi-lint lsp --stdio` or `node out/server/src/lsp/server.js --stdio`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  CodeLensRefreshRequest,
  ErrorCodes,
  LSPErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  createConnection,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace } from '../engine';
import { editsByFile, initParser } from '../engine';
import type { SimulationReport } from '../engine';
import type { Finding, Loc, RuleSetting } from '../engine';
import { ruleDocUrl } from '../project/docs';
import { RULE_CATALOG } from '../engine';
import {
  CONFIG_ERROR_CODE,
  CONFIG_FILE_NAME,
  ClientCommands,
  DEFAULT_SETTINGS,
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  INTERNAL_ERROR_CODE,
  STATUS_NOTIFICATION,
  ServerCommands,
  SOURCE_EXTENSIONS,
  type ClientSettings,
  type FixAllArgs,
  type ServerState,
  type SimulateArgs,
  type SimulateResult,
  type StatusParams,
} from './protocol';
import { ConfigStore, sanitizeRuleSettings, type EffectiveConfig } from './config';
import { findingToDiagnostic, lineOneRange, noteToDiagnostic, toLspRange, type FindingRef } from './diagnostics';
import { disableRuleEdit } from './suppress';
import { fixAllEdits, verifiedFixesFor, type EngineEdit } from './fixes';
import { displayPathFor, failingScenarioCount, filterReport, renderReport, storeTouches } from './simulate';
import { isSourcePath, readSourceFile, scanFolder } from './indexer';
import { normalizePath, pathToUri, uriToPath } from './paths';

/** Debounce of on-type analysis of the edited document. */
const CHANGE_DELAY_MS = 5;
/** Other open documents may depend on the edited one (header/implementation): re-analysed later. */
const DEPENDENTS_DELAY_MS = 600;
const WATCHED_DELAY_MS = 300;
/** Documents larger than this are not analysed (one note instead). */
const MAX_ANALYSED_CHARS = 8_000_000;

interface DocState {
  uri: string;
  path: string;
  doc: TextDocument;
  timer?: NodeJS.Timeout;
  /** Version whose findings are in `findings`. */
  analysedVersion?: number;
  findings: Finding[];
  /** Workspace generation the findings were computed at. */
  analysedGeneration?: number;
  /** Ignored by .mapilintrc.json: tracked (for empty publishes) but kept out of the engine, as the CLI does. */
  ignored: boolean;
}

const ANALYSED_LANGUAGES = new Set(['c', 'cpp', 'cuda-cpp', 'objective-c', 'objective-cpp']);
/** Test hook: makes every analysis throw, to exercise the internal-error path end to end. */
const FAULT_INJECTION = process.env.MAPI_LINT_FAULT_INJECTION === 'lint';
const RULE_IDS = new Set(RULE_CATALOG.map((r) => r.id));

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

function kindMatches(requested: readonly string[] | undefined, kind: string): boolean {
  if (!requested || requested.length === 0) return true;
  return requested.some((k) => k === kind || kind.startsWith(`${k}.`));
}

class MapiLintServer {
  private readonly ws = new Workspace();
  private readonly configs = new ConfigStore();
  private readonly docs = new Map<string, DocState>();
  private folders: string[] = [];
  private hasConfigurationCapability = false;
  private hasWatchedFilesDynamicRegistration = false;
  private hasCodeLensRefresh = false;
  private globalSettings: ClientSettings = { ...DEFAULT_SETTINGS };
  private readonly settingsCache = new Map<string, Promise<ClientSettings>>();
  private readonly shownConfigErrors = new Set<string>();
  private generation = 0;
  private state: ServerState = 'starting';
  private indexedFiles = 0;
  private lastStatus: StatusParams = { state: 'starting', files: 0 };
  private shuttingDown = false;
  private indexRun = 0;
  private othersTimer?: NodeJS.Timeout;

  constructor(private readonly connection: Connection) {}

  // ───────────────────────────── plumbing ─────────────────────────────

  private log(msg: string): void {
    try {
      this.connection.console.log(msg);
    } catch {
      /* connection gone */
    }
  }

  private logError(where: string, e: unknown): void {
    try {
      this.connection.console.error(`mapi-lint: ${where}: ${errorText(e)}`);
    } catch {
      /* connection gone */
    }
  }

  /** Wraps a notification handler: an exception is logged, never propagated. */
  private guard<A extends unknown[]>(name: string, fn: (...args: A) => void | Promise<void>): (...args: A) => void {
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
  private guardRequest<P, R>(name: string, fn: (p: P, token: CancellationToken) => R | Promise<R>, fallback: R) {
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

  private sendStatus(patch: Partial<StatusParams>): void {
    this.lastStatus = { ...this.lastStatus, ...patch, state: patch.state ?? this.state, files: this.ws.files().length };
    try {
      void this.connection.sendNotification(STATUS_NOTIFICATION, this.lastStatus);
    } catch {
      /* ignore */
    }
  }

  private setState(state: ServerState, message?: string): void {
    this.state = state;
    this.sendStatus({ state, message });
  }

  private touch(): void {
    this.generation++;
  }

  private isFsPath(p: string): boolean {
    return path.isAbsolute(p);
  }

  private locToUri = (loc: Loc): string => {
    for (const d of this.docs.values()) if (d.path === loc.file) return d.uri;
    return pathToUri(loc.file);
  };

  private fileToUri(file: string): string {
    for (const d of this.docs.values()) if (d.path === file) return d.uri;
    return pathToUri(file);
  }

  // ───────────────────────────── settings & config ─────────────────────────────

  private getSettings(uri: string): Promise<ClientSettings> {
    if (!this.hasConfigurationCapability) return Promise.resolve(this.globalSettings);
    let p = this.settingsCache.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'mapiLint' })
        .then((raw: unknown) => this.normalizeSettings(raw))
        .catch(() => this.globalSettings);
      this.settingsCache.set(uri, p);
    }
    return p;
  }

  private normalizeSettings(raw: unknown): ClientSettings {
    const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    return {
      enable: typeof o.enable === 'boolean' ? o.enable : DEFAULT_SETTINGS.enable,
      run: o.run === 'onSave' ? 'onSave' : 'onType',
      rules: sanitizeRuleSettings(o.rules),
    };
  }

  private effectiveConfig(file: string): EffectiveConfig {
    return this.configs.forFile(file);
  }

  private settingsForFn(client: ClientSettings): (file: string) => Readonly<Record<string, RuleSetting>> {
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

  // ───────────────────────────── documents ─────────────────────────────

  private onOpen(uri: string, languageId: string, version: number, text: string): void {
    const p = uriToPath(uri);
    // Generic LSP clients send every document; only C/C++ ones concern the engine.
    if (!ANALYSED_LANGUAGES.has(languageId) && !isSourcePath(p)) return;
    const doc = TextDocument.create(uri, languageId, version, text);
    const prev = this.docs.get(uri);
    if (prev?.timer) clearTimeout(prev.timer);
    const ignored = this.isFsPath(p) && this.configs.isIgnored(p);
    this.docs.set(uri, { uri, path: p, doc, findings: [], ignored });
    if (!ignored) this.ws.setFile(p, text);
    this.touch();
    // First diagnostics right away (the index, if still building, does not hold them back).
    this.schedule(uri, 0);
    this.scheduleOthers(uri);
  }

  private onChange(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): void {
    const st = this.docs.get(uri);
    if (!st) return;
    st.doc = TextDocument.update(st.doc, changes as TextDocumentContentChangeEvent[], version);
    if (st.ignored) {
      void this.getSettings(uri).then((s) => s.run === 'onType' && this.schedule(uri, CHANGE_DELAY_MS));
      return;
    }
    // The engine diffs the new text against the old one itself (and re-parses incrementally).
    this.ws.setFile(st.path, st.doc.getText());
    this.touch();
    void this.getSettings(uri).then((s) => {
      if (s.run === 'onType') {
        this.schedule(uri, CHANGE_DELAY_MS);
        this.scheduleOthers(uri);
      }
    });
  }

  private async onClose(uri: string): Promise<void> {
    const st = this.docs.get(uri);
    if (!st) return;
    if (st.timer) clearTimeout(st.timer);
    this.docs.delete(uri);
    this.settingsCache.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    // Back to the disk's version (or out of the workspace if it is not a workspace source file).
    if (this.isFsPath(st.path) && isSourcePath(st.path) && this.inFolders(st.path) && !this.configs.isIgnored(st.path)) {
      const r = await readSourceFile(st.path);
      if (this.isOpenPath(st.path)) return; // reopened meanwhile
      if (r.kind === 'text') this.ws.setFile(st.path, r.text);
      else this.ws.deleteFile(st.path);
    } else {
      this.ws.deleteFile(st.path);
    }
    this.touch();
    this.scheduleOthers(undefined);
  }

  /** After a config change: documents that became (un)ignored enter or leave the engine. */
  private recheckIgnored(): void {
    for (const st of this.docs.values()) {
      const ignored = this.isFsPath(st.path) && this.configs.isIgnored(st.path);
      if (ignored === st.ignored) continue;
      st.ignored = ignored;
      if (ignored) this.ws.deleteFile(st.path);
      else this.ws.setFile(st.path, st.doc.getText());
    }
  }

  private isOpenPath(p: string): boolean {
    for (const d of this.docs.values()) if (d.path === p) return true;
    return false;
  }

  private inFolders(p: string): boolean {
    return this.folders.some((f) => {
      const rel = path.relative(f, p);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
  }

  // ───────────────────────────── analysis ─────────────────────────────

  private schedule(uri: string, delay: number): void {
    const st = this.docs.get(uri);
    if (!st || this.shuttingDown) return;
    if (st.timer) clearTimeout(st.timer);
    const version = st.doc.version;
    st.timer = setTimeout(() => {
      st.timer = undefined;
      this.guard('analyse', () => this.analyseAndPublish(uri, version))();
    }, delay);
  }

  /** Re-analyses the other open documents a little later (their store may live partly in the edited file). */
  private scheduleOthers(exceptUri: string | undefined, delay = DEPENDENTS_DELAY_MS): void {
    if (this.othersTimer) clearTimeout(this.othersTimer);
    this.othersTimer = setTimeout(() => {
      this.othersTimer = undefined;
      for (const uri of this.docs.keys()) if (uri !== exceptUri) this.schedule(uri, 0);
    }, delay);
  }

  private scheduleAll(delay: number): void {
    for (const uri of this.docs.keys()) this.schedule(uri, delay);
  }

  /** Analyses `uri` if it is still at `version`, and publishes unless a newer version arrived meanwhile. */
  private async analyseAndPublish(uri: string, version: number): Promise<void> {
    const st = this.docs.get(uri);
    if (!st || st.doc.version !== version || this.shuttingDown) return; // superseded
    const settings = await this.getSettings(uri);
    const cur = this.docs.get(uri);
    if (!cur || cur !== st || st.doc.version !== version) return; // superseded while reading settings
    const diagnostics = this.analyse(st, settings);
    if (this.docs.get(uri) !== st || st.doc.version !== version) return;
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** Runs the engine for one open document (synchronously) and returns its diagnostics. Never throws. */
  private analyse(st: DocState, settings: ClientSettings): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    const version = st.doc.version;
    st.findings = [];
    st.analysedVersion = version;
    st.analysedGeneration = this.generation;
    const eff = this.effectiveConfig(st.path);
    if (eff.error) diagnostics.push(this.configDiagnostic(eff.error));
    if (!settings.enable) return [];
    if (st.ignored) return diagnostics;
    if (st.doc.getText().length > MAX_ANALYSED_CHARS) {
      diagnostics.push({
        range: lineOneRange(),
        severity: 3,
        source: DIAGNOSTIC_SOURCE,
        code: 'analysis-note',
        message: `skipped: the document is larger than ${MAX_ANALYSED_CHARS} characters`,
      });
      return diagnostics;
    }
    const started = Date.now();
    try {
      if (FAULT_INJECTION) throw new Error('injected fault (MAPI_LINT_FAULT_INJECTION=lint)');
      const result = this.ws.lint({ only: [st.path], settingsFor: this.settingsForFn(settings) });
      const mine = result.findings.filter((f) => f.loc.file === st.path);
      st.findings = mine;
      mine.forEach((f, i) => {
        const ref: FindingRef = { key: String(i), version };
        diagnostics.push(findingToDiagnostic(f, this.locToUri, ref));
      });
      for (const n of result.notes) if (n.file === st.path) diagnostics.push(noteToDiagnostic(n));
      if (this.state === 'error') this.state = this.indexing ? 'indexing' : 'ready';
    } catch (e) {
      this.logError(`analysing ${st.path}`, e);
      diagnostics.push({
        range: lineOneRange(),
        severity: 1,
        source: DIAGNOSTIC_SOURCE,
        code: INTERNAL_ERROR_CODE,
        message: `mapi-lint internal error while analysing this file: ${e instanceof Error ? e.message : String(e)} (see the MAPI Lint output)`,
      });
      this.state = 'error';
    }
    const ms = Date.now() - started;
    this.sendStatus({ lastAnalysisMs: ms, lastAnalysisAt: new Date().toISOString(), lastUri: st.uri });
    return diagnostics;
  }

  /** The broken config as one diagnostic on line 1 of each document it governs, and one window message. */
  private configDiagnostic(err: NonNullable<EffectiveConfig['error']>): Diagnostic {
    const message = err.message;
    if (!this.shownConfigErrors.has(message)) {
      this.shownConfigErrors.add(message);
      this.connection.window.showWarningMessage(`MAPI Lint: ${message}. The defaults apply until it is fixed.`);
    }
    const d: Diagnostic = { range: lineOneRange(), severity: 1, source: DIAGNOSTIC_SOURCE, code: CONFIG_ERROR_CODE, message };
    if (err.line !== undefined) {
      const pos = { line: Math.max(0, err.line - 1), character: Math.max(0, (err.column ?? 1) - 1) };
      d.relatedInformation = [{ location: { uri: pathToUri(err.file), range: { start: pos, end: pos } }, message: 'the configuration error' }];
    }
    return d;
  }

  /** Findings of the document's current version (analyses now if the last analysis is stale). */
  private async freshFindings(st: DocState): Promise<Finding[]> {
    if (st.analysedVersion === st.doc.version && st.analysedGeneration === this.generation) return st.findings;
    const settings = await this.getSettings(st.uri);
    if (st.timer) {
      clearTimeout(st.timer);
      st.timer = undefined;
    }
    const version = st.doc.version;
    const diagnostics = this.analyse(st, settings);
    if (this.docs.get(st.uri) === st && st.doc.version === version) {
      void this.connection.sendDiagnostics({ uri: st.uri, version, diagnostics });
    }
    return st.findings;
  }

  // ───────────────────────────── workspace index ─────────────────────────────

  private indexing = false;

  private async buildIndex(folders: readonly string[]): Promise<void> {
    const run = ++this.indexRun;
    this.configs.invalidate(); // a fresh look at the configs for a fresh index
    this.indexing = true;
    this.setState('indexing');
    const started = Date.now();
    let added = 0;
    const seen = new Set<string>();
    let complete = true;
    try {
      for (const folder of folders) {
        const { files, capped } = await scanFolder(folder, {
          configs: this.configs,
          cancelled: () => this.shuttingDown || run !== this.indexRun,
          log: (m) => this.log(m),
        });
        if (capped) complete = false;
        for (const f of files) seen.add(normalizePath(f));
        if (capped) void this.connection.window.showInformationMessage(`MAPI Lint: only the first ${files.length} source files of ${folder} are indexed.`);
        for (let i = 0; i < files.length; i++) {
          if (this.shuttingDown || run !== this.indexRun) return;
          const f = normalizePath(files[i]!);
          if (this.isOpenPath(f)) continue; // open documents win over the disk
          const r = await readSourceFile(f);
          if (this.isOpenPath(f)) continue;
          if (r.kind === 'text') {
            try {
              this.ws.setFile(f, r.text);
              added++;
            } catch (e) {
              this.logError(`indexing ${f}`, e);
            }
          }
          if (i % 25 === 24) {
            this.sendStatus({ state: 'indexing', message: `${added} files indexed` });
            await new Promise<void>((res) => setImmediate(res));
          }
        }
      }
      // Files indexed before that are gone or now ignored leave the engine (open documents stay).
      if (complete && run === this.indexRun && !this.shuttingDown) {
        for (const f of this.ws.files()) if (this.inFolders(f) && !seen.has(f) && !this.isOpenPath(f)) this.ws.deleteFile(f);
      }
      this.indexedFiles = added;
      this.log(`mapi-lint: indexed ${added} files in ${Date.now() - started} ms`);
    } finally {
      if (run === this.indexRun) {
        this.indexing = false;
        this.touch();
        this.setState('ready', `${this.indexedFiles} files indexed`);
        if (!this.shuttingDown) {
          this.scheduleAll(0);
          this.refreshCodeLenses();
        }
      }
    }
  }

  private refreshCodeLenses(): void {
    if (!this.hasCodeLensRefresh) return;
    this.connection.sendRequest(CodeLensRefreshRequest.type).then(undefined, () => undefined);
  }

  private async onWatchedFiles(changes: readonly { uri: string; type: FileChangeType }[]): Promise<void> {
    let touched = false;
    let configChanged = false;
    for (const c of changes) {
      const p = uriToPath(c.uri);
      if (!this.isFsPath(p)) continue;
      if (path.basename(p) === CONFIG_FILE_NAME) {
        this.configs.invalidate();
        for (const k of [...this.shownConfigErrors]) if (k.includes(p)) this.shownConfigErrors.delete(k);
        this.recheckIgnored();
        configChanged = true;
        continue;
      }
      if (!isSourcePath(p) || this.isOpenPath(p)) continue; // open documents win over the disk
      if (c.type === FileChangeType.Deleted) {
        if (this.ws.has(p)) {
          this.ws.deleteFile(p);
          touched = true;
        }
        continue;
      }
      if (!this.inFolders(p) || this.configs.isIgnored(p)) continue;
      const r = await readSourceFile(p);
      if (this.isOpenPath(p)) continue;
      if (r.kind === 'text') this.ws.setFile(p, r.text);
      else this.ws.deleteFile(p);
      touched = true;
    }
    if (configChanged) {
      // The ignore globs may have changed: scan again (unchanged files are no-ops for the engine).
      void this.buildIndex(this.folders);
    } else if (touched) {
      this.touch();
      this.scheduleAll(WATCHED_DELAY_MS);
      this.refreshCodeLenses();
    }
  }

  // ───────────────────────────── code actions ─────────────────────────────

  private findingFor(st: DocState, d: Diagnostic): Finding | undefined {
    const ref = d.data as Partial<FindingRef> | undefined;
    if (ref && ref.version === st.analysedVersion && typeof ref.key === 'string') {
      const f = st.findings[Number(ref.key)];
      if (f && f.ruleId === d.code) return f;
    }
    return st.findings.find(
      (f) => f.ruleId === d.code && f.loc.range.startLine === d.range.start.line && f.loc.range.startCol === d.range.start.character,
    );
  }

  private editsToWorkspaceEdit(byFile: Map<string, EngineEdit[]>): WorkspaceEdit {
    const changes: Record<string, TextEdit[]> = {};
    for (const [file, edits] of byFile) {
      changes[this.fileToUri(file)] = edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText }));
    }
    return { changes };
  }

  private async fixAllEdit(st: DocState): Promise<WorkspaceEdit | undefined> {
    const findings = await this.freshFindings(st);
    if (findings.length === 0) return undefined;
    const settings = await this.getSettings(st.uri);
    const edits = fixAllEdits(this.ws, st.path, { settingsFor: this.settingsForFn(settings) });
    return edits.size ? this.editsToWorkspaceEdit(edits) : undefined;
  }

  private async codeActions(params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
    const st = this.docs.get(params.textDocument.uri);
    if (!st) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (kindMatches(only, CodeActionKind.QuickFix)) {
      const settings = await this.getSettings(st.uri);
      const text = st.doc.getText();
      const seenDisable = new Set<string>();
      const seenDocs = new Set<string>();
      let anyFix = false;
      for (const d of params.context.diagnostics) {
        if (token.isCancellationRequested) return [];
        if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string' || !RULE_IDS.has(d.code)) continue;
        const rule = d.code;
        const finding = this.findingFor(st, d);
        if (finding) {
          const fixes = verifiedFixesFor(this.ws, finding, { settingsFor: this.settingsForFn(settings) });
          fixes.forEach((fix, i) => {
            anyFix = true;
            actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: i === 0, edit: this.editsToWorkspaceEdit(editsByFile(fix.edits)) });
          });
        }
        const line = d.range.start.line;
        const dk = `${line}:${rule}`;
        if (!seenDisable.has(dk)) {
          seenDisable.add(dk);
          const edit = disableRuleEdit(text, line, rule);
          if (edit) {
            actions.push({
              title: `Disable ${rule} for this line`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [d],
              edit: { changes: { [st.uri]: [edit] } },
            });
          }
        }
        if (!seenDocs.has(rule)) {
          seenDocs.add(rule);
          actions.push({
            title: `Show documentation for ${rule}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            command: { title: `Show documentation for ${rule}`, command: ServerCommands.showDocumentation, arguments: [ruleDocUrl(rule)] },
          });
        }
      }
      if (anyFix) {
        const edit = await this.fixAllEdit(st);
        if (edit) actions.push({ title: 'Fix all mapi-lint problems in this file', kind: CodeActionKind.QuickFix, edit });
      }
    }
    // Source actions only when asked for explicitly (on save, or the "Source Action..." menu).
    if (only && only.length > 0 && kindMatches(only, FIX_ALL_KIND) && !token.isCancellationRequested) {
      const edit = await this.fixAllEdit(st);
      if (edit) actions.push({ title: 'Fix all mapi-lint problems in this file', kind: FIX_ALL_KIND, edit });
    }
    return actions;
  }

  // ───────────────────────────── simulation ─────────────────────────────

  private async simulateReport(uri: string, settings: ClientSettings): Promise<{ file: string; report: SimulationReport }> {
    const file = uriToPath(uri);
    if (!this.ws.has(file) && this.isFsPath(file) && isSourcePath(file)) {
      const r = await readSourceFile(file);
      if (r.kind === 'text' && !this.ws.has(file)) {
        this.ws.setFile(file, r.text);
        this.touch();
      }
    }
    const report = this.ws.simulate({ settingsFor: this.settingsForFn(settings) });
    return { file, report };
  }

  private async simulate(args: SimulateArgs): Promise<SimulateResult<SimulationReport>> {
    if (!args || typeof args.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'mapi-lint.simulate expects { uri, position? }');
    const settings = await this.getSettings(args.uri);
    const { file, report } = await this.simulateReport(args.uri, settings);
    const filtered = filterReport(report, file, args.position);
    const title = `Shutdown simulation: ${path.basename(file)}${filtered.stores.length === 1 ? ` (${filtered.stores[0]!.name})` : ''}`;
    const { text, links } = renderReport(filtered, {
      title,
      displayPath: (f) => displayPathFor(f, this.folders),
      toUri: (f) => this.fileToUri(f),
    });
    return { report: filtered, text, links, title };
  }

  private async codeLenses(uri: string): Promise<CodeLens[]> {
    const st = this.docs.get(uri);
    if (!st) return [];
    const settings = await this.getSettings(uri);
    if (!settings.enable) return [];
    const { file, report } = await this.simulateReport(uri, settings);
    const lenses: CodeLens[] = [];
    for (const store of report.stores) {
      if (!storeTouches(store, file)) continue;
      const failing = failingScenarioCount(store);
      const title =
        failing === 0 ? 'Simulate shutdown: all scenarios pass' : `Simulate shutdown: ${failing} scenario${failing === 1 ? '' : 's'} fail${failing === 1 ? 's' : ''}`;
      for (const loc of [store.release, store.storeLogoff]) {
        if (!loc || loc.file !== file) continue;
        const range = toLspRange(loc.range);
        const position = { line: loc.range.startLine, character: loc.range.startCol };
        lenses.push({ range, command: { title, command: ClientCommands.simulate, arguments: [{ uri, position } satisfies SimulateArgs] } });
      }
    }
    return lenses;
  }

  // ───────────────────────────── wiring ─────────────────────────────

  register(): void {
    const c = this.connection;
    c.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
      // The parser's back end before the first lint: the native binding, else WebAssembly (logged once, with why).
      try {
        const parser = await initParser();
        this.log(`mapi-lint ${readOwnVersion()}: engine with ${RULE_CATALOG.length} rules; parser: ${parser.backend === 'native' ? 'tree-sitter (native binding)' : 'tree-sitter (WebAssembly)'}`);
        if (parser.note) this.log(`mapi-lint: ${parser.note}`);
      } catch (e) {
        this.logError('parser', e);
      }
      const caps = params.capabilities;
      this.hasConfigurationCapability = !!caps.workspace?.configuration;
      this.hasWatchedFilesDynamicRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
      this.hasCodeLensRefresh = !!caps.workspace?.codeLens?.refreshSupport;
      const folders: WorkspaceFolder[] = params.workspaceFolders ?? [];
      this.folders = folders.map((f) => uriToPath(f.uri)).filter((p) => this.isFsPath(p));
      if (this.folders.length === 0 && params.rootUri) {
        const p = uriToPath(params.rootUri);
        if (this.isFsPath(p)) this.folders = [p];
      }
      const init = params.initializationOptions as { settings?: unknown } | undefined;
      if (init?.settings) this.globalSettings = this.normalizeSettings(init.settings);
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
          codeLensProvider: { resolveProvider: false },
          executeCommandProvider: { commands: [ServerCommands.simulate, ServerCommands.showDocumentation, ServerCommands.fixAll] },
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: 'mapi-lint', version: readOwnVersion() },
      };
    });

    c.onInitialized(
      this.guard('initialized', () => {
        if (this.hasWatchedFilesDynamicRegistration) {
          const exts = SOURCE_EXTENSIONS.map((e) => e.slice(1)).join(',');
          void c.client
            .register(DidChangeWatchedFilesNotification.type, {
              watchers: [{ globPattern: `**/*.{${exts}}` }, { globPattern: `**/${CONFIG_FILE_NAME}` }],
            })
            .then(undefined, (e) => this.logError('register file watchers', e));
        }
        try {
          c.workspace.onDidChangeWorkspaceFolders(
            this.guard('workspace folders', (ev) => {
              const removed = ev.removed.map((f) => uriToPath(f.uri));
              const added = ev.added.map((f) => uriToPath(f.uri)).filter((p) => this.isFsPath(p));
              this.folders = [...this.folders.filter((f) => !removed.includes(f)), ...added];
              for (const r of removed) {
                for (const f of this.ws.files()) {
                  const rel = path.relative(r, f);
                  if (!rel.startsWith('..') && !path.isAbsolute(rel) && !this.isOpenPath(f) && !this.inFolders(f)) this.ws.deleteFile(f);
                }
              }
              this.touch();
              void this.buildIndex(this.folders);
            }),
          );
        } catch {
          /* client without workspace folder support */
        }
        // Not awaited: the first diagnostics of opened documents must not wait for the index.
        void this.buildIndex(this.folders).catch((e) => {
          this.logError('index', e);
          this.setState('ready', 'index failed');
        });
      }),
    );

    c.onDidChangeConfiguration(
      this.guard('configuration', (p) => {
        this.settingsCache.clear();
        const s = (p.settings as { mapiLint?: unknown } | undefined)?.mapiLint;
        if (s) this.globalSettings = this.normalizeSettings(s);
        this.touch();
        this.scheduleAll(0);
        this.refreshCodeLenses();
      }),
    );

    c.onDidOpenTextDocument(this.guard('didOpen', (p) => this.onOpen(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text)));
    c.onDidChangeTextDocument(this.guard('didChange', (p) => this.onChange(p.textDocument.uri, p.textDocument.version, p.contentChanges)));
    c.onDidCloseTextDocument(this.guard('didClose', (p) => this.onClose(p.textDocument.uri)));
    c.onDidSaveTextDocument(
      this.guard('didSave', async (p) => {
        const s = await this.getSettings(p.textDocument.uri);
        if (s.run === 'onSave') {
          this.schedule(p.textDocument.uri, 0);
          this.scheduleOthers(p.textDocument.uri);
        }
      }),
    );
    c.onDidChangeWatchedFiles(this.guard('watched files', (p) => this.onWatchedFiles(p.changes)));

    c.onCodeAction(this.guardRequest('codeAction', (p: CodeActionParams, t) => this.codeActions(p, t), [] as CodeAction[]));
    c.onCodeLens(this.guardRequest('codeLens', (p: { textDocument: { uri: string } }) => this.codeLenses(p.textDocument.uri), [] as CodeLens[]));

    c.onExecuteCommand(async (p, token) => {
      if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      try {
        switch (p.command) {
          case ServerCommands.simulate:
            return await this.simulate(p.arguments?.[0] as SimulateArgs);
          case ServerCommands.showDocumentation: {
            const a = p.arguments?.[0] as unknown;
            const url = typeof a === 'string' ? a : typeof (a as { ruleId?: unknown })?.ruleId === 'string' ? ruleDocUrl((a as { ruleId: string }).ruleId) : undefined;
            if (!url) throw new ResponseError(ErrorCodes.InvalidParams, 'expected a URL or { ruleId }');
            const r = await c.window.showDocument({ uri: url, external: true });
            return { success: r.success };
          }
          case ServerCommands.fixAll: {
            const a = p.arguments?.[0] as FixAllArgs | undefined;
            const st = a && typeof a.uri === 'string' ? this.docs.get(a.uri) : undefined;
            if (!st) return { applied: false, reason: 'document not open' };
            if (a!.version !== undefined && a!.version !== st.doc.version) return { applied: false, reason: 'document changed' };
            const edit = await this.fixAllEdit(st);
            if (!edit) return { applied: false, reason: 'nothing to fix' };
            const r = await c.workspace.applyEdit({ label: 'Fix all mapi-lint problems', edit });
            return { applied: r.applied, reason: r.failureReason };
          }
          default:
            throw new ResponseError(ErrorCodes.MethodNotFound, `unknown command ${p.command}`);
        }
      } catch (e) {
        if (e instanceof ResponseError) return e;
        this.logError(`command ${p.command}`, e);
        return new ResponseError(ErrorCodes.InternalError, `mapi-lint: ${e instanceof Error ? e.message : String(e)}`);
      }
    });

    c.onShutdown(() => {
      this.shuttingDown = true;
      this.indexRun++;
      for (const d of this.docs.values()) if (d.timer) clearTimeout(d.timer);
      if (this.othersTimer) clearTimeout(this.othersTimer);
    });
  }
}

function readOwnVersion(): string {
  // out/server/src/lsp/server.js, dist/server.js: the nearest package.json named mapi-lint.
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mapi-lint' && pkg.version) return pkg.version;
    } catch {
      /* keep looking */
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}

let started: Connection | undefined;

/** Starts the server on the transport named on the command line (--stdio, --node-ipc, --socket=, --pipe=). */
export function startServer(): Connection {
  if (started) return started;
  const connection = createConnection();
  started = connection;
  const server = new MapiLintServer(connection);
  server.register();
  // Keep serving whatever one handler did: log, do not die.
  process.on('uncaughtException', (e) => {
    try {
      connection.console.error(`mapi-lint: uncaught exception: ${errorText(e)}`);
    } catch {
      /* ignore */
    }
  });
  process.on('unhandledRejection', (e) => {
    try {
      connection.console.error(`mapi-lint: unhandled rejection: ${errorText(e)}`);
    } catch {
      /* ignore */
    }
  });
  connection.listen();
  return connection;
}

if (require.main === module) startServer();
