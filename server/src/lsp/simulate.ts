// The `mapi-lint.simulate` command: the SimulationReport for the store under the cursor (or every store that
// touches the document), and a text rendering of it with clickable locations.
import * as path from 'node:path';
import type { SimulatedScenario, SimulatedStore, SimulationReport } from '../engine/api';
import type { Loc } from '../engine/types';
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

export interface RenderOptions {
  /** Shortens a path for display (e.g. relative to the workspace folder). */
  displayPath: (file: string) => string;
  toUri: (file: string) => string;
  title: string;
}

/** Renders the report; locations appear as `file:line` (1-based) and are returned as links. */
export function renderReport(report: SimulationReport, opts: RenderOptions): { text: string; links: TraceLink[] } {
  const lines: string[] = [];
  const links: TraceLink[] = [];
  const locText = (loc: Loc) => `${opts.displayPath(loc.file)}:${loc.range.startLine + 1}`;
  const pushWithLoc = (prefix: string, loc: Loc | undefined, suffix = '') => {
    if (!loc) {
      lines.push(prefix + suffix);
      return;
    }
    const t = locText(loc);
    links.push({
      line: lines.length,
      startCol: prefix.length,
      endCol: prefix.length + t.length,
      target: opts.toUri(loc.file),
      targetLine: loc.range.startLine,
      targetCol: loc.range.startCol,
    });
    lines.push(prefix + t + suffix);
  };

  lines.push(`# ${opts.title}`);
  if (report.stores.length === 0) {
    lines.push('', 'No message store object found for this document.');
    lines.push('(A store is a class implementing IMsgStore, or a C struct whose vtable has Release and StoreLogoff.)');
  }
  for (const store of report.stores) {
    const failing = failingScenarioCount(store);
    lines.push('');
    pushWithLoc(`== Store ${store.name} (${store.style}) at `, store.loc);
    if (store.release) pushWithLoc('   Release at ', store.release);
    if (store.storeLogoff) pushWithLoc('   StoreLogoff at ', store.storeLogoff);
    lines.push(
      `   ${failing === 0 ? 'PASS: all scenarios pass' : `FAIL: ${failing} of ${store.scenarios.length} scenario${store.scenarios.length === 1 ? '' : 's'} fail`}`,
    );
    for (const sc of store.scenarios) {
      const bad = sc.paths.filter((p) => p.violations.length > 0).length;
      lines.push('');
      // Engine titles may already start with the id ("orderly: StoreLogoff(...)...").
      const heading = sc.title.startsWith(`${sc.id}:`) ? sc.title : `${sc.id}: ${sc.title}`;
      lines.push(
        `-- Scenario ${heading} [${bad === 0 ? 'PASS' : 'FAIL'}] (${sc.paths.length} path${sc.paths.length === 1 ? '' : 's'}${bad ? `, ${bad} failing` : ''})`,
      );
      if (sc.capped) lines.push(`   note: analysis capped: ${sc.capped}`);
      // Failing paths first: they are what the reader came for.
      const ordered = sc.paths.map((p, i) => ({ p, i })).sort((a, b) => Number(b.p.violations.length > 0) - Number(a.p.violations.length > 0) || a.i - b.i);
      for (const { p, i } of ordered) {
        const rules = [...new Set(p.violations.map((v) => v.ruleId))];
        lines.push(`   Path ${i + 1}${rules.length ? ` VIOLATES ${rules.join(', ')}` : ': ok'}`);
        const width = String(p.steps.length).length;
        p.steps.forEach((step, k) => {
          const num = String(k + 1).padStart(width, ' ');
          const head = `   ${num}. [${step.kind}] ${step.message}`;
          pushWithLoc(step.loc ? `${head}  @ ` : head, step.loc);
          for (const v of p.violations) if (v.step === k) lines.push(`   ${' '.repeat(width)}  !! ${v.ruleId}: ${v.message}`);
        });
        for (const v of p.violations) {
          if (v.step < 0 || v.step >= p.steps.length) lines.push(`   ${' '.repeat(width)}  !! ${v.ruleId} (at the end): ${v.message}`);
        }
      }
    }
  }
  lines.push('');
  return { text: lines.join('\n'), links };
}

export function displayPathFor(file: string, roots: readonly string[]): string {
  for (const r of roots) {
    const rel = path.relative(r, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return file;
}
