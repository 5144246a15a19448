// From the paths of an object's scenarios to verdicts. Per (object, rule): a *defect* when some path that
// the engine saw end to end (up to the violating event) breaks the rule; *not decided* when a path that could
// hide a violation was not seen whole (a call into code that is not in the analysed sources and that could reach
// the protocol's objects, a value such code made, a budget that cut the path, flags the rule cannot compute);
// *clean* otherwise. A guess is never a defect.
import type { ObjectRun, PathResult } from './mapi/run';
import type { PathEnd, Rule, Violation } from './rules/rule';
import type { Ev } from './sim/state';
import { locKey } from './text/loc';
import type { Loc, TraceStep } from './types';

export type VerdictKind = 'defect' | 'not-decided' | 'clean';

export interface ProvenViolation extends Violation {
  ruleId: string;
  scenario: string;
  trace: TraceStep[];
  /** Every event of the path that proves it (what a fix reads). */
  events: readonly Ev[];
}

export interface RuleVerdict {
  ruleId: string;
  kind: VerdictKind;
  findings: ProvenViolation[];
  /** Why the rule is not decided (what was missing and where), when it is not. */
  reasons: { what: string; loc?: Loc; cut?: boolean; scenarios?: string[] }[];
}

export function verdicts(run: ObjectRun, rules: readonly Rule<never>[]): RuleVerdict[] {
  const out: RuleVerdict[] = [];
  rules.forEach((rule, index) => {
    if (!rule.objects.includes(run.object.kind)) return;
    const v: RuleVerdict = { ruleId: rule.meta.id, kind: 'clean', findings: [], reasons: [] };
    const seen = new Set<string>();
    const reason = (what: string, loc?: Loc, cut?: boolean, scenario?: string): void => {
      const cur = v.reasons.find((r) => r.what === what);
      if (cur) {
        if (scenario && cur.scenarios && !cur.scenarios.includes(scenario)) cur.scenarios.push(scenario);
        return;
      }
      v.reasons.push({ what, ...(loc ? { loc } : {}), ...(cut ? { cut } : {}), ...(scenario ? { scenarios: [scenario] } : {}) });
    };
    if (run.failed) reason(run.failed, run.object.loc);
    for (const sr of run.runs) {
      if (rule.scenarios && !rule.scenarios(sr.scenario)) continue;
      for (const path of sr.paths) {
        const pv = rule.verdict(path.chk[index] as never, { object: run.object, scenario: sr.scenario, events: path.events, setup: run.setupEvents });
        for (const viol of pv.violations) {
          if (proven(path, viol.step)) {
            const key = locKey(viol.loc);
            if (seen.has(key)) continue;
            seen.add(key);
            v.findings.push({ ...viol, ruleId: rule.meta.id, scenario: sr.scenario.id, trace: traceOf(path.events, viol), events: path.events });
          } else {
            for (const b of blindBefore(path, viol.step)) reason(b.what, b.loc);
            if (path.cut) reason(`the analysis was cut: ${path.cut}`, run.object.loc, true, sr.scenario.id);
            if (path.crashed) reason(`the code ${path.crashed.why}`, path.crashed.loc, false, sr.scenario.id);
          }
        }
        if (pv.violations.length) continue;
        if (pv.undecided) reason(pv.undecided, run.object.loc);
        for (const b of path.blind) reason(b.what, b.loc);
        if (path.cut) reason(`the analysis was cut: ${path.cut}`, run.object.loc, true, sr.scenario.id);
        if (path.crashed) reason(`the code ${path.crashed.why}`, path.crashed.loc, false, sr.scenario.id);
      }
    }
    if (rule.across) {
      const ends: PathEnd<never>[] = [];
      for (const sr of run.runs) {
        if (rule.scenarios && !rule.scenarios(sr.scenario)) continue;
        for (const path of sr.paths) if (!path.cut && !path.blind.length) ends.push({ scenario: sr.scenario.id, state: path.chk[index] as never, events: path.events, crashed: !!path.crashed });
      }
      for (const viol of rule.across(ends, { object: run.object, setup: run.setupEvents })) {
        const key = locKey(viol.loc);
        if (seen.has(key)) continue;
        seen.add(key);
        const end = ends.find((e) => e.scenario === viol.scenario);
        const events = end?.events ?? [];
        v.findings.push({ ...viol, ruleId: rule.meta.id, scenario: viol.scenario, trace: traceOf(events, viol), events });
      }
    }
    v.kind = v.findings.length ? 'defect' : v.reasons.length ? 'not-decided' : 'clean';
    out.push(v);
  });
  return out;
}

/**
 * A violation at event `step` is proven when nothing before it was unseen; an absence needs the whole path,
 * not cut and not ended by a crash of the simulated code (a call through a null pointer means the model of
 * the object is off, or the code is broken in another way: either way not this rule's proof).
 */
function proven(path: PathResult, step: number): boolean {
  if (step < 0) return !path.cut && !path.crashed && path.blind.length === 0;
  const crash = path.crashed ? path.events.findIndex((e) => e.kind === 'crash') : -1;
  return !path.blind.some((b) => b.at <= step) && (crash < 0 || step < crash);
}

function blindBefore(path: PathResult, step: number): PathResult['blind'] {
  return step < 0 ? path.blind : path.blind.filter((b) => b.at <= step);
}

const SHOWN: Record<string, TraceStep['kind']> = {
  scenario: 'scenario',
  enter: 'enter',
  branch: 'branch',
  'support-call': 'call',
  'support-release': 'release',
  'support-addref': 'addref',
  destroy: 'destroy',
  return: 'return',
  unseen: 'note',
  assume: 'note',
  note: 'note',
  crash: 'note',
  'use-after-free': 'note',
  'double-free': 'note',
  misuse: 'note',
  'free-buffer': 'note',
};

/** The steps of a path as a trace, up to the violating event (the whole path for an absence). */
export function traceOf(events: readonly Ev[], viol?: Violation): TraceStep[] {
  const end = viol && viol.step >= 0 ? viol.step + 1 : events.length;
  const steps: TraceStep[] = [];
  for (let i = 0; i < end; i++) {
    const ev = events[i];
    const kind = SHOWN[ev.kind];
    if (!kind || ev.data?.quiet) continue;
    steps.push(ev.loc ? { kind, message: ev.message, loc: ev.loc } : { kind, message: ev.message });
  }
  if (viol && viol.step < 0) steps.push({ kind: 'note', message: viol.message.replace(/ \(scenario: [^)]*\)\.$/, '.') });
  return steps;
}
