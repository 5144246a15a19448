// textDocument/codeLens: on each store's Release and StoreLogoff, and each logon's Release and logoff method, in the document, whether its simulated
// shutdown passes; the lens runs the client's simulate command (the trace view) at that place.
import type { CodeLens } from 'vscode-languageserver/node';
import { ClientCommands, type SimulateArgs } from '../protocol';
import { toLspRange } from '../diagnostics';
import { failingScenarioCount, storeTouches } from '../simulate';
import type { GlobalState } from '../state';
import { simulationReport } from './commands';

export async function codeLenses(state: GlobalState, uri: string): Promise<CodeLens[]> {
  const st = state.docs.get(uri);
  if (!st) return [];
  const settings = await state.getSettings(uri);
  if (!settings.enable) return [];
  const { file, report } = await simulationReport(state, uri, settings);
  const lenses: CodeLens[] = [];
  for (const store of report.stores) {
    if (!storeTouches(store, file)) continue;
    const failing = failingScenarioCount(store);
    const title =
      failing === 0 ? 'Simulate shutdown: all scenarios pass' : `Simulate shutdown: ${failing} scenario${failing === 1 ? '' : 's'} fail${failing === 1 ? 's' : ''}`;
    for (const loc of [store.release, store.storeLogoff, store.logoff]) {
      if (!loc || loc.file !== file) continue;
      const range = toLspRange(loc.range);
      const position = { line: loc.range.startLine, character: loc.range.startCol };
      lenses.push({ range, command: { title, command: ClientCommands.simulate, arguments: [{ uri, position } satisfies SimulateArgs] } });
    }
  }
  return lenses;
}
