// Verified fixes as the editor offers them. Every fix comes from the engine, which has re-parsed and
// re-simulated the edited provider before returning it; the title says which scenarios it passed.
import { fixAll, fixesFor, replaceSpan, type Finding, type LintOptions, type TextEdit, type Workspace } from '../engine';

export type EngineEdit = TextEdit;

export interface EngineFix {
  title: string;
  edits: EngineEdit[];
}

/** Verified fixes for one finding. Never throws: a fix that cannot be computed is not offered. */
export function verifiedFixesFor(ws: Workspace, finding: Finding, options: LintOptions): EngineFix[] {
  try {
    return fixesFor(ws, finding, options).map((f) => ({
      title: f.verified.length ? `${f.title} (verified: ${f.verified.join(', ')})` : f.title,
      edits: f.edits,
    }));
  } catch {
    // The engine could not compute or verify a fix: none is offered (the finding itself stays).
    return [];
  }
}

/**
 * "Fix all" for one file: the engine applies the verified fixes one after the other, re-verifying each on the
 * result of the previous (fixes that are each fine alone may not be fine together). The result is one edit per
 * changed file, from the first to the last changed character, so nothing else in the document moves.
 */
export function fixAllEdits(ws: Workspace, file: string, options: LintOptions): Map<string, EngineEdit[]> {
  const out = new Map<string, EngineEdit[]>();
  let result;
  try {
    result = fixAll(ws, [file], options);
  } catch {
    // The engine could not fix the file: no "Fix all" edit (each finding keeps its own quick fixes, if any).
    return out;
  }
  for (const [f, text] of result.texts) {
    const old = ws.text(f);
    if (old !== undefined && old !== text) out.set(f, [minimalEdit(f, old, text)]);
  }
  return out;
}

function minimalEdit(file: string, a: string, b: string): EngineEdit {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return replaceSpan(file, a, start, a.length - end, b.slice(start, b.length - end));
}
