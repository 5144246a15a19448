// ─────────────────────────────────────────────────────────────────────────────────────────────────────
// SEAM: verified fixes. The engine will grow `Workspace.fixes(finding)` (a fix is kept only when re-parsing
// and re-simulating the edited text shows the finding gone and nothing new). Until then this returns [].
// Everything in the server that offers fixes (the per-diagnostic quick fix, "Fix all mapi-lint problems in
// this file", source.fixAll.mapi-lint, the mapi-lint.fixAll command) goes through `verifiedFixesFor`,
// so wiring the real API is a change in this file only.
// Assumed shape (adjust `asEngineFixes` when the API lands):
//   fixes(finding: Finding): { title: string; edits: { file: string; range: Range; newText: string }[] }[]
// ─────────────────────────────────────────────────────────────────────────────────────────────────────
import type { Finding, Range } from '../engine/types';
import type { Workspace } from '../engine/workspace';

export interface EngineEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface EngineFix {
  title: string;
  edits: EngineEdit[];
}

function isRange(r: unknown): r is Range {
  const o = r as Range | null;
  return !!o && [o.startLine, o.startCol, o.endLine, o.endCol].every((n) => Number.isInteger(n) && n >= 0);
}

function asEngineFixes(raw: unknown): EngineFix[] {
  if (!Array.isArray(raw)) return [];
  const out: EngineFix[] = [];
  for (const f of raw) {
    const fix = f as Partial<EngineFix> | null;
    if (!fix || typeof fix.title !== 'string' || !Array.isArray(fix.edits)) continue;
    const edits = fix.edits.filter((e): e is EngineEdit => !!e && typeof e.file === 'string' && typeof e.newText === 'string' && isRange(e.range));
    // The scenarios the simulator ran the fix through are part of what the user is offered.
    const verified = (f as { verified?: unknown }).verified;
    const title = Array.isArray(verified) && verified.length ? `${fix.title} (verified: ${verified.join(', ')})` : fix.title;
    if (edits.length > 0 && edits.length === fix.edits.length) out.push({ title, edits });
  }
  return out;
}

/** Verified fixes for one finding; [] until the engine has a fix API. Never throws. */
export function verifiedFixesFor(ws: Workspace, finding: Finding): EngineFix[] {
  const api = ws as unknown as { fixes?: (f: Finding) => unknown };
  if (typeof api.fixes !== 'function') return [];
  try {
    return asEngineFixes(api.fixes(finding));
  } catch {
    return [];
  }
}

/** Edits of several fixes that do not overlap one another (first come, first kept), per file. */
export function mergeFixes(fixes: readonly EngineFix[]): Map<string, EngineEdit[]> {
  const byFile = new Map<string, EngineEdit[]>();
  const before = (a: Range, b: Range) => a.endLine < b.startLine || (a.endLine === b.startLine && a.endCol <= b.startCol);
  for (const fix of fixes) {
    const clash = fix.edits.some((e) => (byFile.get(e.file) ?? []).some((k) => !(before(e.range, k.range) || before(k.range, e.range))));
    if (clash) continue; // the next fix-all round picks it up
    for (const e of fix.edits) {
      const list = byFile.get(e.file) ?? [];
      list.push(e);
      byFile.set(e.file, list);
    }
  }
  return byFile;
}
