// `mapi-lint simulate`: the simulated shutdown traces, per store object and per scenario, as numbered
// steps with their file:line; a step that breaks a rule is followed by a "breaks <rule>" line. The layout is
// the shared one of engine/trace-text.ts (the editor's trace view uses it too); SIMULATE_TRACE_STYLE is this
// command's wording and indentation, and a summary line ends the text.
import type { SimulationReport } from '../../engine';
import { renderTraceText, type TraceStyle } from '../../engine';
import type { Loc } from '../../engine';
import { displayPath, oneBased, plural } from './report';

export function countViolations(report: SimulationReport): number {
  let n = 0;
  for (const s of report.stores) for (const sc of s.scenarios) for (const p of sc.paths) n += p.violations.length;
  return n;
}

/** Nested by indentation; steps with a padded kind column and `(file:line)`; paths in their order. */
export const SIMULATE_TRACE_STYLE: TraceStyle = {
  noStore: ['No message store object found.'],
  storeGap: 'after',
  storeMarker: '',
  memberIndent: '  ',
  membersOnOneLine: true,
  scenarioMarker: '  ',
  pathIndent: '    ',
  capped: (reason) => `(exploration cut: ${reason})`,
  noPath: 'no path explored',
  failingPathsFirst: false,
  pathHeading: (p, index, total) => `Path ${index + 1} of ${total}: ${p.violations.length === 0 ? 'ok' : plural(p.violations.length, 'violation')}`,
  stepIndent: '      ',
  stepKind: 'column',
  stepLoc: { before: '  (', after: ')' },
  violation: (v, atEnd) => `** ${atEnd ? 'at the end: ' : ''}breaks ${v.ruleId}: ${v.message}`,
};

export function formatSimulationText(report: SimulationReport, cwd: string): string {
  const { lines } = renderTraceText(report, { style: SIMULATE_TRACE_STYLE, displayPath: (file) => displayPath(file, cwd) });
  if (report.stores.length > 0) {
    let scenarios = 0;
    let paths = 0;
    for (const s of report.stores) {
      scenarios += s.scenarios.length;
      for (const sc of s.scenarios) paths += sc.paths.length;
    }
    const v = countViolations(report);
    lines.push(
      `${plural(report.stores.length, 'store')}, ${plural(scenarios, 'scenario')}, ${plural(paths, 'path')}: ${
        v === 0 ? 'no rule broken' : plural(v, 'violation')
      }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The report with paths relative to `cwd` and 1-based positions, like the lint JSON output. */
export function formatSimulationJson(report: SimulationReport, cwd: string): string {
  const loc = (l: Loc | undefined): Record<string, unknown> | null => {
    if (!l) return null;
    const p = oneBased(l);
    return { file: displayPath(l.file, cwd), ...p };
  };
  const json = {
    schemaVersion: 1,
    stores: report.stores.map((s) => ({
      name: s.name,
      style: s.style,
      location: loc(s.loc),
      release: loc(s.release),
      storeLogoff: loc(s.storeLogoff),
      scenarios: s.scenarios.map((sc) => ({
        id: sc.id,
        title: sc.title,
        capped: sc.capped ?? null,
        paths: sc.paths.map((p) => ({
          steps: p.steps.map((st) => ({ kind: st.kind, message: st.message, location: loc(st.loc) })),
          violations: p.violations.map((v) => ({ ruleId: v.ruleId, step: v.step, message: v.message })),
        })),
      })),
    })),
    violations: countViolations(report),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
