// textDocument/codeAction: per mapi-lint diagnostic the engine's verified fixes, "Disable <rule> for this line"
// and "Show documentation"; "Fix all" as a quick fix next to them and, when asked for, as source.fixAll.
import {
  CodeActionKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
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

/** Whether a diagnostic's range is the finding's range (a diagnostic carries its finding's range as published). */
function sameRange(f: Finding, d: Diagnostic): boolean {
  const r = f.loc.range;
  return r.startLine === d.range.start.line && r.startCol === d.range.start.character && r.endLine === d.range.end.line && r.endCol === d.range.end.character;
}

/**
 * The finding of the document's current analysis a diagnostic stands for: the same rule at the same range (by the
 * reference it carries when that is of the current analysis, else by looking). A diagnostic published for an
 * earlier version whose finding has moved, changed or gone stands for none: it gets no fix, since its range is a
 * place in a text that no longer exists.
 */
function currentFinding(st: DocState, d: Diagnostic): Finding | undefined {
  const ref = d.data as Partial<FindingRef> | undefined;
  const same = (f: Finding | undefined): f is Finding => !!f && f.ruleId === d.code && sameRange(f, d);
  if (ref && typeof ref.key === 'string' && ref.version === st.analysedVersion) {
    const f = st.findings[Number(ref.key)];
    if (same(f)) return f;
  }
  return st.findings.find(same);
}

/** Whether the diagnostic says it was published for another version of the document than the current one. */
function publishedForOtherVersion(st: DocState, d: Diagnostic): boolean {
  const ref = d.data as Partial<FindingRef> | undefined;
  return typeof ref?.version === 'number' && ref.version !== st.doc.version;
}

/**
 * The client's edit for LSP text edits by document URI. With `workspace.workspaceEdit.documentChanges`, one
 * TextDocumentEdit per document with the version its edits were computed for (an open document's current version,
 * null for a file on disk): a client applies it only to that version. Build it in the same turn as the edits.
 */
export function toWorkspaceEdit(state: GlobalState, byUri: ReadonlyMap<string, TextEdit[]>): WorkspaceEdit {
  if (state.capabilities.documentChanges) {
    const documentChanges: TextDocumentEdit[] = [];
    for (const [uri, edits] of byUri) {
      const open = state.docs.get(uri);
      documentChanges.push({ textDocument: { uri, version: open ? open.doc.version : null }, edits });
    }
    return { documentChanges };
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const [uri, edits] of byUri) changes[uri] = edits;
  return { changes };
}

/** The client's edit for the engine's edits by file (see toWorkspaceEdit). */
export function editsToWorkspaceEdit(state: GlobalState, byFile: ReadonlyMap<string, EngineEdit[]>): WorkspaceEdit {
  const byUri = new Map<string, TextEdit[]>();
  for (const [file, edits] of byFile) {
    const uri = state.fileToUri(file);
    byUri.set(uri, [...(byUri.get(uri) ?? []), ...edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText }))]);
  }
  return toWorkspaceEdit(state, byUri);
}

/** "Fix all" for one open document: the engine's verified fixes applied together, or undefined when there are none. */
export async function fixAllEdit(state: GlobalState, scheduler: Scheduler, st: DocState): Promise<WorkspaceEdit | undefined> {
  const findings = await scheduler.freshFindings(st);
  if (findings.length === 0) return undefined;
  const settings = await state.getSettings(st.uri);
  // Settings may have been asked of the client meanwhile: the fixes are of the findings of this very version.
  if (st.analysedVersion !== st.doc.version || state.docs.get(st.uri) !== st) return undefined;
  const edits = fixAllEdits(state.ws, st.path, { settingsFor: state.settingsForFn(settings) });
  return edits.size ? editsToWorkspaceEdit(state, edits) : undefined;
}

export async function codeActions(state: GlobalState, scheduler: Scheduler, params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
  const st = state.docs.get(params.textDocument.uri);
  if (!st) return [];
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (kindMatches(only, CodeActionKind.QuickFix)) {
    const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string' && RULE_IDS.has(d.code));
    const settings = await state.getSettings(st.uri);
    // The findings of the document's current version (analysed now if the last analysis is older): a diagnostic
    // published for an earlier version is matched against them, never fixed at its old place.
    if (ours.length > 0) await scheduler.freshFindings(st);
    if (token.isCancellationRequested) return [];
    // From here on nothing waits until the edits are built: they are edits of the current text, and say of which
    // version (documentChanges). A document changed while the settings were asked for gets nothing: the client
    // asks again for its new version.
    if (ours.length > 0 && (st.analysedVersion !== st.doc.version || state.docs.get(st.uri) !== st)) return [];
    const text = st.doc.getText();
    const seenDisable = new Set<string>();
    const seenDocs = new Set<string>();
    let anyFix = false;
    for (const d of ours) {
      if (token.isCancellationRequested) return [];
      const rule = d.code as string;
      const finding = currentFinding(st, d);
      if (finding) {
        const fixes = verifiedFixesFor(state.ws, finding, { settingsFor: state.settingsForFn(settings) });
        fixes.forEach((fix, i) => {
          anyFix = true;
          actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: i === 0, edit: editsToWorkspaceEdit(state, editsByFile(fix.edits)) });
        });
      }
      // "Disable for this line" edits the diagnostic's line: not for a diagnostic of an earlier version that no
      // current finding matches (its line is a line of the old text). A diagnostic that says nothing of its version
      // (a client without data support) is taken to be of the current text.
      const stale = !finding && publishedForOtherVersion(st, d);
      const line = d.range.start.line;
      const dk = `${line}:${rule}`;
      if (!stale && !seenDisable.has(dk)) {
        seenDisable.add(dk);
        const edit = disableRuleEdit(text, line, rule);
        if (edit) {
          actions.push({
            title: `Disable ${rule} for this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            edit: toWorkspaceEdit(state, new Map([[st.uri, [edit]]])),
          });
        }
      }
      if (!seenDocs.has(rule)) {
        seenDocs.add(rule);
        actions.push({
          title: `Show documentation for ${rule}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: `Show documentation for ${rule}`, command: ServerCommands.showDocumentation, arguments: [ruleDocUrl(rule, state.docsBase(settings))] },
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
