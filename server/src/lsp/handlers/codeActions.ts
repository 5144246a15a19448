// textDocument/codeAction: per mapi-lint diagnostic the engine's verified fixes, "Disable <rule> for this line"
// and "Show documentation"; "Fix all" as a quick fix next to them and, when asked for, as source.fixAll.
import { CodeActionKind, type CancellationToken, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { editsByFile, RULE_CATALOG, type Finding } from '../../engine';
import { ruleDocUrl } from '../../project/docs';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND, ServerCommands } from '../protocol';
import { toLspRange, type FindingRef } from '../diagnostics';
import { disableRuleEdit } from '../suppress';
import { fixAllEdits, verifiedFixesFor, type EngineEdit } from '../fixes';
import type { Scheduler } from '../scheduler';
import type { DocState, GlobalState } from '../state';

const RULE_IDS = new Set(RULE_CATALOG.map((r) => r.id));

function kindMatches(requested: readonly string[] | undefined, kind: string): boolean {
  if (!requested || requested.length === 0) return true;
  return requested.some((k) => k === kind || kind.startsWith(`${k}.`));
}

/** The finding a diagnostic stands for: by the reference it carries, else by rule and start. */
function findingFor(st: DocState, d: Diagnostic): Finding | undefined {
  const ref = d.data as Partial<FindingRef> | undefined;
  if (ref && ref.version === st.analysedVersion && typeof ref.key === 'string') {
    const f = st.findings[Number(ref.key)];
    if (f && f.ruleId === d.code) return f;
  }
  return st.findings.find((f) => f.ruleId === d.code && f.loc.range.startLine === d.range.start.line && f.loc.range.startCol === d.range.start.character);
}

export function editsToWorkspaceEdit(state: GlobalState, byFile: Map<string, EngineEdit[]>): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const [file, edits] of byFile) {
    changes[state.fileToUri(file)] = edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText }));
  }
  return { changes };
}

/** "Fix all" for one open document: the engine's verified fixes applied together, or undefined when there are none. */
export async function fixAllEdit(state: GlobalState, scheduler: Scheduler, st: DocState): Promise<WorkspaceEdit | undefined> {
  const findings = await scheduler.freshFindings(st);
  if (findings.length === 0) return undefined;
  const settings = await state.getSettings(st.uri);
  const edits = fixAllEdits(state.ws, st.path, { settingsFor: state.settingsForFn(settings) });
  return edits.size ? editsToWorkspaceEdit(state, edits) : undefined;
}

export async function codeActions(state: GlobalState, scheduler: Scheduler, params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
  const st = state.docs.get(params.textDocument.uri);
  if (!st) return [];
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (kindMatches(only, CodeActionKind.QuickFix)) {
    const settings = await state.getSettings(st.uri);
    const text = st.doc.getText();
    const seenDisable = new Set<string>();
    const seenDocs = new Set<string>();
    let anyFix = false;
    for (const d of params.context.diagnostics) {
      if (token.isCancellationRequested) return [];
      if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string' || !RULE_IDS.has(d.code)) continue;
      const rule = d.code;
      const finding = findingFor(st, d);
      if (finding) {
        const fixes = verifiedFixesFor(state.ws, finding, { settingsFor: state.settingsForFn(settings) });
        fixes.forEach((fix, i) => {
          anyFix = true;
          actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: i === 0, edit: editsToWorkspaceEdit(state, editsByFile(fix.edits)) });
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
      const edit = await fixAllEdit(state, scheduler, st);
      if (edit) actions.push({ title: 'Fix all mapi-lint problems in this file', kind: CodeActionKind.QuickFix, edit });
    }
  }
  // Source actions only when asked for explicitly (on save, or the "Source Action..." menu).
  if (only && only.length > 0 && kindMatches(only, FIX_ALL_KIND) && !token.isCancellationRequested) {
    const edit = await fixAllEdit(state, scheduler, st);
    if (edit) actions.push({ title: 'Fix all mapi-lint problems in this file', kind: FIX_ALL_KIND, edit });
  }
  return actions;
}
