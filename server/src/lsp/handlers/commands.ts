// workspace/executeCommand: mapi-lint.simulate (the trace view's report), mapi-lint.showDocumentation (a rule's
// page, opened by the client) and mapi-lint.fixAll (the verified fixes of one document, applied by the client).
import * as path from 'node:path';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type ExecuteCommandParams } from 'vscode-languageserver/node';
import type { SimulationReport } from '../../engine';
import { ruleDocUrl } from '../../project/docs';
import { ServerCommands, type ClientSettings, type FixAllArgs, type SimulateArgs, type SimulateResult } from '../protocol';
import { isSourcePath, readSourceFile } from '../indexer';
import { uriToPath } from '../paths';
import { displayPathFor, filterReport, renderReport } from '../simulate';
import type { Scheduler } from '../scheduler';
import type { GlobalState } from '../state';
import { fixAllEdit } from './codeActions';

/** The simulation of every store in the engine; a closed source file the request is about joins the engine first. */
export async function simulationReport(state: GlobalState, uri: string, settings: ClientSettings): Promise<{ file: string; report: SimulationReport }> {
  const file = uriToPath(uri);
  if (!state.ws.has(file) && state.isFsPath(file) && isSourcePath(file)) {
    const r = await readSourceFile(file);
    if (r.kind === 'text' && !state.ws.has(file)) {
      state.ws.setFile(file, r.text);
      state.touch();
    }
  }
  const report = state.ws.simulate({ settingsFor: state.settingsForFn(settings) });
  return { file, report };
}

async function simulate(state: GlobalState, args: SimulateArgs): Promise<SimulateResult<SimulationReport>> {
  if (!args || typeof args.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'mapi-lint.simulate expects { uri, position? }');
  const settings = await state.getSettings(args.uri);
  const { file, report } = await simulationReport(state, args.uri, settings);
  const filtered = filterReport(report, file, args.position);
  const title = `Shutdown simulation: ${path.basename(file)}${filtered.stores.length === 1 ? ` (${filtered.stores[0]!.name})` : ''}`;
  const { text, links } = renderReport(filtered, {
    title,
    displayPath: (f) => displayPathFor(f, state.folders),
    toUri: (f) => state.fileToUri(f),
  });
  return { report: filtered, text, links, title };
}

async function showDocumentation(state: GlobalState, arg: unknown): Promise<{ success: boolean }> {
  const url = typeof arg === 'string' ? arg : typeof (arg as { ruleId?: unknown })?.ruleId === 'string' ? ruleDocUrl((arg as { ruleId: string }).ruleId, state.docsBase()) : undefined;
  if (!url) throw new ResponseError(ErrorCodes.InvalidParams, 'expected a URL or { ruleId }');
  // A shipped page (file:) opens in the editor; a hosted one in the browser.
  const r = await state.connection.window.showDocument({ uri: url, external: !url.startsWith('file:') });
  return { success: r.success };
}

async function fixAll(state: GlobalState, scheduler: Scheduler, a: FixAllArgs | undefined): Promise<{ applied: boolean; reason?: string }> {
  const st = a && typeof a.uri === 'string' ? state.docs.get(a.uri) : undefined;
  if (!st) return { applied: false, reason: 'document not open' };
  if (a!.version !== undefined && a!.version !== st.doc.version) return { applied: false, reason: 'document changed' };
  const edit = await fixAllEdit(state, scheduler, st);
  if (!edit) return { applied: false, reason: 'nothing to fix' };
  const r = await state.connection.workspace.applyEdit({ label: 'Fix all mapi-lint problems', edit });
  return { applied: r.applied, reason: r.failureReason };
}

/** The commands announced in initialize (executeCommandProvider). */
export const COMMANDS = [ServerCommands.simulate, ServerCommands.showDocumentation, ServerCommands.fixAll];

export async function executeCommand(state: GlobalState, scheduler: Scheduler, p: ExecuteCommandParams, token: CancellationToken): Promise<unknown> {
  if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  try {
    switch (p.command) {
      case ServerCommands.simulate:
        return await simulate(state, p.arguments?.[0] as SimulateArgs);
      case ServerCommands.showDocumentation:
        return await showDocumentation(state, p.arguments?.[0] as unknown);
      case ServerCommands.fixAll:
        return await fixAll(state, scheduler, p.arguments?.[0] as FixAllArgs | undefined);
      default:
        throw new ResponseError(ErrorCodes.MethodNotFound, `unknown command ${p.command}`);
    }
  } catch (e) {
    if (e instanceof ResponseError) return e;
    state.logError(`command ${p.command}`, e);
    return new ResponseError(ErrorCodes.InternalError, `mapi-lint: ${e instanceof Error ? e.message : String(e)}`);
  }
}
