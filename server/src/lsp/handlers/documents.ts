// Document synchronisation: didOpen, didChange, didClose, didSave. An open document's text wins over the disk;
// a closed one goes back to the disk's version (or out of the engine).
import type {
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  DidSaveTextDocumentParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isSourcePath, readSourceFile } from '../indexer';
import { uriToPath } from '../paths';
import type { Scheduler } from '../scheduler';
import type { GlobalState } from '../state';

const ANALYSED_LANGUAGES = new Set(['c', 'cpp', 'cuda-cpp', 'objective-c', 'objective-cpp']);

export function didOpen(state: GlobalState, scheduler: Scheduler, p: DidOpenTextDocumentParams): void {
  const { uri, languageId, version, text } = p.textDocument;
  const file = uriToPath(uri);
  // Generic LSP clients send every document; only C/C++ ones concern the engine.
  if (!ANALYSED_LANGUAGES.has(languageId) && !isSourcePath(file)) return;
  const doc = TextDocument.create(uri, languageId, version, text);
  scheduler.cancel(uri);
  const ignored = state.isFsPath(file) && state.configs.isIgnored(file);
  state.docs.set(uri, { uri, path: file, doc, findings: [], ignored });
  if (!ignored) state.ws.setFile(file, text);
  state.touch();
  // First diagnostics right away (the index, if still building, does not hold them back).
  scheduler.schedule(uri, 0);
  scheduler.scheduleOthers(uri);
}

export function didChange(state: GlobalState, scheduler: Scheduler, p: DidChangeTextDocumentParams): void {
  const uri = p.textDocument.uri;
  const st = state.docs.get(uri);
  if (!st) return;
  st.doc = TextDocument.update(st.doc, p.contentChanges as TextDocumentContentChangeEvent[], p.textDocument.version);
  if (st.ignored) {
    scheduler.edited(uri, false).catch((e) => state.logError('didChange', e));
    return;
  }
  // The engine diffs the new text against the old one itself (and re-parses incrementally).
  state.ws.setFile(st.path, st.doc.getText());
  state.touch();
  scheduler.edited(uri, true).catch((e) => state.logError('didChange', e));
}

export async function didClose(state: GlobalState, scheduler: Scheduler, p: DidCloseTextDocumentParams): Promise<void> {
  const uri = p.textDocument.uri;
  const st = state.docs.get(uri);
  if (!st) return;
  scheduler.cancel(uri);
  state.docs.delete(uri);
  state.settingsCache.delete(uri);
  void state.connection.sendDiagnostics({ uri, diagnostics: [] });
  // Back to the disk's version (or out of the workspace if it is not a workspace source file).
  if (state.isFsPath(st.path) && isSourcePath(st.path) && state.inFolders(st.path) && !state.configs.isIgnored(st.path)) {
    const r = await readSourceFile(st.path);
    if (state.isOpenPath(st.path)) return; // reopened meanwhile
    if (r.kind === 'text') state.ws.setFile(st.path, r.text);
    else state.ws.deleteFile(st.path);
  } else {
    state.ws.deleteFile(st.path);
  }
  state.touch();
  scheduler.scheduleOthers(undefined);
}

export async function didSave(_state: GlobalState, scheduler: Scheduler, p: DidSaveTextDocumentParams): Promise<void> {
  await scheduler.saved(p.textDocument.uri);
}

/** After a config change: documents that became (un)ignored enter or leave the engine. */
export function recheckIgnored(state: GlobalState): void {
  for (const st of state.docs.values()) {
    const ignored = state.isFsPath(st.path) && state.configs.isIgnored(st.path);
    if (ignored === st.ignored) continue;
    st.ignored = ignored;
    if (ignored) state.ws.deleteFile(st.path);
    else state.ws.setFile(st.path, st.doc.getText());
  }
}
