// workspace/didChangeConfiguration: the client's `mapiLint.*` settings changed. Every open document is
// analysed again with them (a .mapilintrc.json change comes as a watched file: handlers/workspace.ts).
import type { DidChangeConfigurationParams } from 'vscode-languageserver/node';
import type { Scheduler } from '../scheduler';
import { normalizeSettings, type GlobalState } from '../state';

export function didChangeConfiguration(state: GlobalState, scheduler: Scheduler, p: DidChangeConfigurationParams): void {
  state.settingsCache.clear();
  const s = (p.settings as { mapiLint?: unknown } | undefined)?.mapiLint;
  if (s) state.globalSettings = normalizeSettings(s);
  state.touch();
  scheduler.scheduleAll(0);
  state.refreshCodeLenses();
}
