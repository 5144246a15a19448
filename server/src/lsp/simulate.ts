// The `mapi-lint.simulate` command: the SimulationReport for the store under the cursor (or every store that
// touches the document), and a text rendering of it with clickable locations.
import * as path from 'node:path';
import type { SimulatedScenario, SimulatedStore, SimulationReport } from '../engine';
import { renderTraceText, type TraceStyle } from '../engine';
import type { Loc } from '../engine';
import type { TraceLink } from './protocol';

export function storeLocs(s: SimulatedStore): Loc[] {
  const locs: Loc[] = [s.loc];
  if (s.release) locs.push(s.release);
  if (s.storeLogoff) locs.push(s.storeLogoff);
  return locs;
}

function contains(loc: Loc, line: number, character: number): boolean {
  const r = loc.range;
  if (line < r.startLine || line > r.endLine) return false;
  if (line === r.startLine && character < r.startCol) return false;
  if (line === r.endLine && character > r.endCol) return false;
  return true;
}

/** Whether the store is declared in, implemented in, or runs code of `file`. */
export function storeTouches(s: SimulatedStore, file: string): boolean {
  if (storeLocs(s).some((l) => l.file === file)) return true;
  return s.scenarios.some((sc) => sc.paths.some((p) => p.steps.some((st) => st.loc?.file === file)));
}

/**
 * The stores the request is about: with a position, the store whose declaration/Release/StoreLogoff range
 * contains it, else the one whose declaration, Release or StoreLogoff comes closest before it in this file;
 * without one (or when nothing matches), every store that touches the document.
 */
export function filterReport(report: SimulationReport, file: string, position?: { line: number; character: number }): SimulationReport {
  const related = report.stores.filter((s) => storeTouches(s, file));
  if (!position) return { stores: related };
  const containing = related.filter((s) => storeLocs(s).some((l) => l.file === file && contains(l, position.line, position.character)));
  if (containing.length > 0) return { stores: containing };
  let best: SimulatedStore | undefined;
  let bestLine = -1;
  for (const s of related) {
    for (const l of storeLocs(s)) {
      if (l.file === file && l.range.startLine <= position.line && l.range.startLine > bestLine) {
        best = s;
        bestLine = l.range.startLine;
      }
    }
  }
  return { stores: best ? [best] : related };
}

export function scenarioFails(sc: SimulatedScenario): boolean {
  return sc.paths.some((p) => p.violations.length > 0);
}

export function failingScenarioCount(s: SimulatedStore): number {
  return s.scenarios.filter(scenarioFails).length;
}

/**
 * The trace view's dialect of the shared layout (engine/trace-text.ts), which the `mapi-trace` grammar reads:
 * `==`/`--` headings with PASS/FAIL, `[kind]` steps with `@ file:line`, `!!` violations, failing paths first.
 */
export const TRACE_VIEW_STYLE: TraceStyle = {
  noStore: [
    '',
    'No message store object found for this document.',
    '(A store is a class implementing IMsgStore, or a C struct whose vtable has Release and StoreLogoff.)',
  ],
  storeGap: 'before',
  storeMarker: '== ',
  memberIndent: '   ',
  membersOnOneLine: false,
  storeVerdict: (store) => {
    const failing = failingScenarioCount(store);
    const n = store.scenarios.length;
    return failing === 0 ? 'PASS: all scenarios pass' : `FAIL: ${failing} of ${n} scenario${n === 1 ? '' : 's'} fail`;
  },
  scenarioMarker: '-- ',
  scenarioSuffix: (sc) => {
    const bad = sc.paths.filter((p) => p.violations.length > 0).length;
    const n = sc.paths.length;
    return ` [${bad === 0 ? 'PASS' : 'FAIL'}] (${n} path${n === 1 ? '' : 's'}${bad ? `, ${bad} failing` : ''})`;
  },
  pathIndent: '   ',
  capped: (reason) => `note: analysis capped: ${reason}`,
  // Failing paths first: they are what the reader came for.
  failingPathsFirst: true,
  pathHeading: (p, index) => {
    const rules = [...new Set(p.violations.map((v) => v.ruleId))];
    return `Path ${index + 1}${rules.length ? ` VIOLATES ${rules.join(', ')}` : ': ok'}`;
  },
  stepIndent: '   ',
  stepKind: 'brackets',
  stepLoc: { before: '  @ ', after: '' },
  violation: (v, atEnd) => `!! ${v.ruleId}${atEnd ? ' (at the end)' : ''}: ${v.message}`,
};

export interface RenderOptions {
  /** Shortens a path for display (e.g. relative to the workspace folder). */
  displayPath: (file: string) => string;
  toUri: (file: string) => string;
  title: string;
}

/** Renders the report; locations appear as `file:line` (1-based) and are returned as links. */
export function renderReport(report: SimulationReport, opts: RenderOptions): { text: string; links: TraceLink[] } {
  const { lines, links } = renderTraceText(report, { style: TRACE_VIEW_STYLE, header: [`# ${opts.title}`], displayPath: opts.displayPath });
  return {
    text: `${lines.join('\n')}\n`,
    links: links.map((l) => ({
      line: l.line,
      startCol: l.startCol,
      endCol: l.endCol,
      target: opts.toUri(l.loc.file),
      targetLine: l.loc.range.startLine,
      targetCol: l.loc.range.startCol,
    })),
  };
}

export function displayPathFor(file: string, roots: readonly string[]): string {
  for (const r of roots) {
    const rel = path.relative(r, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return file;
}
