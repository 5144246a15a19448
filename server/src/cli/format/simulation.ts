// `mapi-lint simulate`: the simulated shutdown traces, per store object and per scenario, as numbered
// steps with their file:line; a step that breaks a rule is followed by a "breaks <rule>" line.
import type { SimulationReport, SimulatedPath } from '../../engine/api';
import type { Loc } from '../../engine/types';
import { displayPath, oneBased, plural } from './report';

export function countViolations(report: SimulationReport): number {
  let n = 0;
  for (const s of report.stores) for (const sc of s.scenarios) for (const p of sc.paths) n += p.violations.length;
  return n;
}

export function formatSimulationText(report: SimulationReport, cwd: string): string {
  const where = (loc: Loc | undefined): string => {
    if (!loc) return '';
    const p = oneBased(loc);
    return `${displayPath(loc.file, cwd)}:${p.line}`;
  };
  const out: string[] = [];
  if (report.stores.length === 0) return 'No message store object found.\n';
  let paths = 0;
  let scenarios = 0;
  for (const store of report.stores) {
    out.push(`Store ${store.name} (${store.style}) at ${where(store.loc)}`);
    const parts: string[] = [];
    if (store.release) parts.push(`Release at ${where(store.release)}`);
    if (store.storeLogoff) parts.push(`StoreLogoff at ${where(store.storeLogoff)}`);
    if (parts.length) out.push(`  ${parts.join(', ')}`);
    for (const sc of store.scenarios) {
      scenarios++;
      // Titles may already begin with the scenario id ("orderly: ..."); do not say it twice.
      out.push('', `  Scenario ${sc.title.startsWith(`${sc.id}:`) ? sc.title : `${sc.id}: ${sc.title}`}`);
      if (sc.capped) out.push(`    (exploration cut: ${sc.capped})`);
      if (sc.paths.length === 0) out.push('    no path explored');
      sc.paths.forEach((p, i) => {
        paths++;
        out.push(...formatPath(p, i, sc.paths.length, where));
      });
    }
    out.push('');
  }
  const v = countViolations(report);
  out.push(
    `${plural(report.stores.length, 'store')}, ${plural(scenarios, 'scenario')}, ${plural(paths, 'path')}: ${
      v === 0 ? 'no rule broken' : plural(v, 'violation')
    }`,
  );
  return `${out.join('\n')}\n`;
}

function formatPath(p: SimulatedPath, index: number, total: number, where: (l: Loc | undefined) => string): string[] {
  const out: string[] = [];
  const verdict = p.violations.length === 0 ? 'ok' : plural(p.violations.length, 'violation');
  out.push(`    Path ${index + 1} of ${total}: ${verdict}`);
  const numWidth = String(p.steps.length).length;
  const kindWidth = Math.max(0, ...p.steps.map((s) => s.kind.length));
  p.steps.forEach((s, i) => {
    const loc = where(s.loc);
    out.push(`      ${String(i + 1).padStart(numWidth)}. ${s.kind.padEnd(kindWidth)}  ${s.message}${loc ? `  (${loc})` : ''}`);
    for (const v of p.violations.filter((x) => x.step === i)) {
      out.push(`      ${' '.repeat(numWidth)}  ** breaks ${v.ruleId}: ${v.message}`);
    }
  });
  for (const v of p.violations.filter((x) => x.step < 0 || x.step >= p.steps.length)) {
    out.push(`      ${' '.repeat(numWidth)}  ** at the end: breaks ${v.ruleId}: ${v.message}`);
  }
  return out;
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
