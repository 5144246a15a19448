// Engine findings and notes -> LSP diagnostics.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import type { Finding, Loc, Note, Range as EngineRange, Severity } from '../engine';
import { ruleDocUrl } from '../project/docs';
import { DIAGNOSTIC_SOURCE, NOTE_CODE } from './protocol';

export function toLspRange(r: EngineRange): Range {
  return { start: { line: r.startLine, character: r.startCol }, end: { line: r.endLine, character: r.endCol } };
}

export function severityToLsp(s: Severity): DiagnosticSeverity {
  switch (s) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    default:
      return DiagnosticSeverity.Information;
  }
}

/** Data attached to a finding's diagnostic so that code actions find the finding again. */
export interface FindingRef {
  /** Key into the server's per-document finding table. */
  key: string;
  version: number;
}

export function lineOneRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

export function findingToDiagnostic(f: Finding, locToUri: (loc: Loc) => string, ref?: FindingRef, docsBase?: string): Diagnostic {
  const related: DiagnosticRelatedInformation[] = [];
  for (const step of f.trace) {
    if (!step.loc) continue;
    related.push({ location: { uri: locToUri(step.loc), range: toLspRange(step.loc.range) }, message: step.message });
  }
  const d: Diagnostic = {
    range: toLspRange(f.loc.range),
    severity: severityToLsp(f.severity),
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: ruleDocUrl(f.ruleId, docsBase) },
    message: f.message,
  };
  if (related.length > 0) d.relatedInformation = related;
  if (ref) d.data = ref;
  return d;
}

export function noteToDiagnostic(n: Note): Diagnostic {
  return {
    range: n.loc ? toLspRange(n.loc.range) : lineOneRange(),
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    code: NOTE_CODE,
    message: `${n.kind}: ${n.message}`,
  };
}
