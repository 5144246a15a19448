// One open document through the engine: its findings and notes as diagnostics, the broken configuration that
// governs it, the internal error that stopped the analysis. Synchronous and never throwing; the scheduler
// decides when it runs and whether its result is still worth publishing.
import type { Diagnostic } from 'vscode-languageserver/node';
import { CONFIG_ERROR_CODE, DIAGNOSTIC_SOURCE, INTERNAL_ERROR_CODE, type ClientSettings, type VerdictCounts } from './protocol';
import type { EffectiveConfig } from './config';
import { findingToDiagnostic, lineOneRange, noteToDiagnostic, type FindingRef } from './diagnostics';
import { pathToUri } from './paths';
import type { DocState, GlobalState } from './state';

/** Documents larger than this are not analysed (one note instead). */
export const MAX_ANALYSED_CHARS = 8_000_000;
/** Test hook: makes every analysis throw, to exercise the internal-error path end to end. */
const FAULT_INJECTION = process.env.MAPI_LINT_FAULT_INJECTION === 'lint';

/** Runs the engine for one open document (synchronously) and returns its diagnostics. Never throws. */
export function analyse(state: GlobalState, st: DocState, settings: ClientSettings): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const version = st.doc.version;
  st.findings = [];
  st.analysedVersion = version;
  st.analysedGeneration = state.generation;
  const eff = state.effectiveConfig(st.path);
  if (eff.error) diagnostics.push(configDiagnostic(state, eff.error));
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
  let verdicts: VerdictCounts | undefined;
  try {
    if (FAULT_INJECTION) throw new Error('injected fault (MAPI_LINT_FAULT_INJECTION=lint)');
    const result = state.ws.lint({ only: [st.path], settingsFor: state.settingsForFn(settings) });
    const mine = result.findings.filter((f) => f.loc.file === st.path);
    st.findings = mine;
    mine.forEach((f, i) => {
      const ref: FindingRef = { key: String(i), version };
      diagnostics.push(findingToDiagnostic(f, state.locToUri, ref, state.docsBase(settings)));
    });
    for (const n of result.notes) if (n.file === st.path) diagnostics.push(noteToDiagnostic(n));
    // The verdicts of every protocol object the analysis checked (the workspace's, not this file's alone).
    const s = result.summary;
    verdicts = { objects: s.objects, defect: s.defect, notDecided: s.notDecided, clean: s.clean };
    if (state.serverState === 'error') state.serverState = state.indexing ? 'indexing' : 'ready';
  } catch (e) {
    state.logError(`analysing ${st.path}`, e);
    diagnostics.push({
      range: lineOneRange(),
      severity: 1,
      source: DIAGNOSTIC_SOURCE,
      code: INTERNAL_ERROR_CODE,
      message: `mapi-lint internal error while analysing this file: ${e instanceof Error ? e.message : String(e)} (see the MAPI Lint output)`,
    });
    state.serverState = 'error';
  }
  const ms = Date.now() - started;
  state.sendStatus({ lastAnalysisMs: ms, lastAnalysisAt: new Date().toISOString(), lastUri: st.uri, ...(verdicts ? { verdicts } : {}) });
  return diagnostics;
}

/** The broken config as one diagnostic on line 1 of each document it governs, and one window message. */
function configDiagnostic(state: GlobalState, err: NonNullable<EffectiveConfig['error']>): Diagnostic {
  const message = err.message;
  if (!state.shownConfigErrors.has(message)) {
    state.shownConfigErrors.add(message);
    state.connection.window.showWarningMessage(`MAPI Lint: ${message}. The defaults apply until it is fixed.`);
  }
  const d: Diagnostic = { range: lineOneRange(), severity: 1, source: DIAGNOSTIC_SOURCE, code: CONFIG_ERROR_CODE, message };
  if (err.line !== undefined) {
    const pos = { line: Math.max(0, err.line - 1), character: Math.max(0, (err.column ?? 1) - 1) };
    d.relatedInformation = [{ location: { uri: pathToUri(err.file), range: { start: pos, end: pos } }, message: 'the configuration error' }];
  }
  return d;
}
