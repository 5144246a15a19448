// The workspace around the open documents: the index of the folders' sources (built at start, again when the
// folders or a .mapilintrc.json change), workspace/didChangeWorkspaceFolders and workspace/didChangeWatchedFiles.
import * as path from 'node:path';
import { FileChangeType, type DidChangeWatchedFilesParams, type WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME } from '../protocol';
import { isSourcePath, readSourceFile, scanFolder } from '../indexer';
import { normalizePath, uriToPath } from '../paths';
import { WATCHED_DELAY_MS, type Scheduler } from '../scheduler';
import type { GlobalState } from '../state';
import { recheckIgnored } from './documents';

/**
 * Reads the source files of `folders` into the engine (open documents win over the disk), a few at a time, and
 * drops the files indexed before that are gone or now ignored. A newer build supersedes a running one.
 */
export async function buildIndex(state: GlobalState, scheduler: Scheduler, folders: readonly string[]): Promise<void> {
  const run = ++state.indexRun;
  state.configs.invalidate(); // a fresh look at the configs for a fresh index
  state.indexing = true;
  state.setState('indexing');
  const started = Date.now();
  let added = 0;
  const seen = new Set<string>();
  let complete = true;
  try {
    for (const folder of folders) {
      const { files, capped } = await scanFolder(folder, {
        configs: state.configs,
        cancelled: () => state.shuttingDown || run !== state.indexRun,
        log: (m) => state.log(m),
      });
      if (capped) complete = false;
      for (const f of files) seen.add(normalizePath(f));
      if (capped) void state.connection.window.showInformationMessage(`MAPI Lint: only the first ${files.length} source files of ${folder} are indexed.`);
      for (let i = 0; i < files.length; i++) {
        if (state.shuttingDown || run !== state.indexRun) return;
        const f = normalizePath(files[i]!);
        if (state.isOpenPath(f)) continue; // open documents win over the disk
        const r = await readSourceFile(f);
        if (state.isOpenPath(f)) continue;
        if (r.kind === 'text') {
          try {
            state.ws.setFile(f, r.text);
            added++;
          } catch (e) {
            state.logError(`indexing ${f}`, e);
          }
        }
        if (i % 25 === 24) {
          state.sendStatus({ state: 'indexing', message: `${added} files indexed` });
          await new Promise<void>((res) => setImmediate(res));
        }
      }
    }
    // Files indexed before that are gone or now ignored leave the engine (open documents stay).
    if (complete && run === state.indexRun && !state.shuttingDown) {
      for (const f of state.ws.files()) if (state.inFolders(f) && !seen.has(f) && !state.isOpenPath(f)) state.ws.deleteFile(f);
    }
    state.indexedFiles = added;
    state.log(configurationLine(state, folders, seen));
    state.log(`mapi-lint: indexed ${added} files in ${Date.now() - started} ms`);
  } finally {
    if (run === state.indexRun) {
      state.indexing = false;
      state.touch();
      state.setState('ready', `${state.indexedFiles} files indexed`);
      if (!state.shuttingDown) {
        scheduler.scheduleAll(0);
        state.refreshCodeLenses();
      }
    }
  }
}

/**
 * The output channel's word on the configuration: the .mapilintrc.json files that govern the folders and the
 * files indexed (a broken one says so), or that there is none.
 */
function configurationLine(state: GlobalState, folders: readonly string[], files: ReadonlySet<string>): string {
  const found = new Map<string, boolean>(); // file -> broken
  // A folder's own config (which may sit above it) governs files created later, even when none is indexed yet.
  const governed = [...folders.map((f) => path.join(f, CONFIG_FILE_NAME)), ...files];
  for (const f of governed) {
    const eff = state.effectiveConfig(f);
    if (eff.file && !found.has(eff.file)) found.set(eff.file, eff.error !== undefined);
  }
  if (found.size === 0) return `mapi-lint: configuration: no ${CONFIG_FILE_NAME} found (the defaults apply)`;
  const list = [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, broken]) => (broken ? `${file} (invalid: the defaults apply)` : file));
  return `mapi-lint: configuration: ${list.join(', ')}`;
}

export function didChangeWorkspaceFolders(state: GlobalState, scheduler: Scheduler, ev: WorkspaceFoldersChangeEvent): void {
  const removed = ev.removed.map((f) => uriToPath(f.uri));
  const added = ev.added.map((f) => uriToPath(f.uri)).filter((p) => state.isFsPath(p));
  state.folders = [...state.folders.filter((f) => !removed.includes(f)), ...added];
  for (const r of removed) {
    for (const f of state.ws.files()) {
      const rel = path.relative(r, f);
      if (!rel.startsWith('..') && !path.isAbsolute(rel) && !state.isOpenPath(f) && !state.inFolders(f)) state.ws.deleteFile(f);
    }
  }
  state.touch();
  void buildIndex(state, scheduler, state.folders);
}

export async function didChangeWatchedFiles(state: GlobalState, scheduler: Scheduler, p: DidChangeWatchedFilesParams): Promise<void> {
  let touched = false;
  let configChanged = false;
  for (const c of p.changes) {
    const file = uriToPath(c.uri);
    if (!state.isFsPath(file)) continue;
    if (path.basename(file) === CONFIG_FILE_NAME) {
      state.configs.invalidate();
      for (const k of [...state.shownConfigErrors]) if (k.includes(file)) state.shownConfigErrors.delete(k);
      recheckIgnored(state);
      configChanged = true;
      continue;
    }
    if (!isSourcePath(file) || state.isOpenPath(file)) continue; // open documents win over the disk
    if (c.type === FileChangeType.Deleted) {
      if (state.ws.has(file)) {
        state.ws.deleteFile(file);
        touched = true;
      }
      continue;
    }
    if (!state.inFolders(file) || state.configs.isIgnored(file)) continue;
    const r = await readSourceFile(file);
    if (state.isOpenPath(file)) continue;
    if (r.kind === 'text') state.ws.setFile(file, r.text);
    else state.ws.deleteFile(file);
    touched = true;
  }
  if (configChanged) {
    // The ignore globs may have changed: scan again (unchanged files are no-ops for the engine).
    void buildIndex(state, scheduler, state.folders);
  } else if (touched) {
    state.touch();
    scheduler.scheduleAll(WATCHED_DELAY_MS);
    state.refreshCodeLenses();
  }
}
