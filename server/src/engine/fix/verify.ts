// Verified fixes. A rule's candidate edits are applied to a copy of the workspace and the provider analysed
// again with every rule at its default severity: the candidate is kept only when the finding it fixes is gone,
// no finding is new, nothing the analysis decided before became undecided (nothing is left undecided at all when
// the object was undecided only because some of its paths crashed), no simulated path of the object crashes (a
// call through a null or released pointer) and no syntax error appeared in the edited files.
// Fix All applies verified fixes one at a time, re-analysing after each, until none is left to apply.
import type { LintOptions } from '../api';
import type { AnalysisResult, ObjectReport } from '../analysis';
import type { ProtocolObject } from '../model/objects';
import { RULES } from '../rules/index';
import { locKey } from '../text/loc';
import type { Finding, Loc } from '../types';
import type { Workspace } from '../workspace';
import type { ProvenViolation } from '../verdict';
import type { FixContext, TextEdit } from './fix';
import { functionAt } from './locate';
import { applyFileEdits } from './style';

export interface VerifiedFix {
  title: string;
  ruleId: string;
  /** The finding it fixes (its location before the fix). */
  target: Finding;
  edits: TextEdit[];
  /** Scenarios in which the object breaks no rule once the fix is applied. */
  verified: string[];
}

export interface FixAllResult {
  /** New texts of the files that changed. */
  texts: Map<string, string>;
  applied: VerifiedFix[];
  /** Findings left, with the reason no fix was applied. */
  unfixed: { finding: Finding; reason: string }[];
  /** Set when Fix All stopped at its safety limit with verified fixes still to apply: how many rounds it ran. */
  stoppedAt?: number;
}

/** Fix All's safety limit: rounds of "find one verified fix, apply it, analyse again". */
export const FIX_ALL_ROUNDS = 500;

type Keyed = { ruleId: string; store?: string; loc: Loc };

function defaults(options: LintOptions): LintOptions {
  // Verification judges with every rule at its default severity, whatever the user's settings.
  return { limits: options.limits, definesFor: options.definesFor };
}

function analysisOf(ws: Workspace, options: LintOptions): AnalysisResult {
  return ws.analysisResult(defaults(options));
}

/** A finding's identity across an edit: rule, object and the function it is in (lines move, functions do not). */
function keyOf(result: AnalysisResult, f: Keyed): string {
  const fn = functionAt(result.program, f.loc);
  const where = fn ? `${fn.cls?.name ?? ''}::${fn.ir.name}` : `${f.loc.file}:${f.loc.range.startLine}`;
  return `${f.ruleId}|${f.store ?? ''}|${where}`;
}

function allFindings(result: AnalysisResult): { rep: ObjectReport; f: ProvenViolation }[] {
  const out: { rep: ObjectReport; f: ProvenViolation }[] = [];
  for (const rep of result.objects) for (const v of rep.verdicts) for (const f of v.findings) out.push({ rep, f });
  return out;
}

function sameObject(a: ProtocolObject, b: ProtocolObject): boolean {
  return a.kind === b.kind && a.name === b.name && a.loc.file === b.loc.file;
}

/**
 * Why no fix is offered for a finding, or undefined when candidates may be tried. An object the analysis does
 * not see whole (code not in the sources, a budget that cut a path) gets none. One whose rules are undecided
 * only because some simulated paths crash (a call through a freed or null pointer: often the very defect being
 * fixed) may get one, held to more: with the edit, every rule must be decided (`strict`).
 */
function noFixReason(rep: ObjectReport): { reason?: string; strict: boolean } {
  const undecided = rep.verdicts.filter((v) => v.kind === 'not-decided');
  if (!undecided.length) return { strict: false };
  const crashes = new Set<string>();
  for (const run of rep.run.runs) for (const p of run.paths) if (p.crashed) crashes.add(`the code ${p.crashed.why}`);
  if (!rep.run.failed && undecided.every((v) => v.reasons.length > 0 && v.reasons.every((r) => !r.cut && crashes.has(r.what)))) return { strict: true };
  return { reason: `no fix is offered while ${rep.object.name} is not decided for ${undecided.map((v) => v.ruleId).join(', ')} (the analysis does not see all the code a fix would change)`, strict: false };
}

export function fixesFor(ws: Workspace, finding: Finding, options: LintOptions = {}): VerifiedFix[] {
  const base = analysisOf(ws, options);
  const r = tryFix(ws, base, finding, options);
  return r.fix ? [r.fix] : [];
}

function tryFix(ws: Workspace, base: AnalysisResult, finding: Finding, options: LintOptions): { fix?: VerifiedFix; reason: string } {
  if (finding.configuration) return { reason: `the finding happens only ${finding.configuration}: no fix is offered for one build configuration` };
  const hit = allFindings(base).find((x) => x.f.ruleId === finding.ruleId && locKey(x.f.loc) === locKey(finding.loc));
  if (!hit) return { reason: 'the finding is no longer there' };
  const why = noFixReason(hit.rep);
  if (why.reason) return { reason: why.reason };
  const rule = RULES.find((r) => r.meta.id === finding.ruleId);
  if (!rule?.fix) return { reason: 'this rule has no fix' };
  const ctx: FixContext = {
    program: base.program,
    object: hit.rep.object,
    run: hit.rep.run,
    ruleId: finding.ruleId,
    loc: hit.f.loc,
    scenario: hit.f.scenario,
    events: hit.f.events,
    text: (p) => ws.text(p),
    unit: (p) => ws.unit(p),
  };
  let candidates;
  try {
    candidates = rule.fix.candidates(ctx);
  } catch (e) {
    // A generator that trips over odd code offers nothing rather than something wrong.
    return { reason: `the fix could not be built here (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!candidates.length) return { reason: `no edit of this ${hit.rep.object.kind === 'store' ? 'store' : 'logon'}'s design fixes it (see the rule's page)` };
  const beforeKeys = new Set(allFindings(base).map((x) => keyOf(base, { ruleId: x.f.ruleId, store: x.rep.object.name, loc: x.f.loc })));
  const targetKey = keyOf(base, { ruleId: finding.ruleId, store: hit.rep.object.name, loc: hit.f.loc });
  let last = 'no candidate edit passed the simulator';
  for (const c of candidates) {
    const verdict = verify(ws, base, hit.rep, c.edits, beforeKeys, targetKey, options, why.strict);
    if (typeof verdict === 'string') {
      last = verdict;
      continue;
    }
    return { fix: { title: c.title, ruleId: finding.ruleId, target: finding, edits: c.edits, verified: verdict }, reason: '' };
  }
  return { reason: last };
}

function verify(ws: Workspace, base: AnalysisResult, rep: ObjectReport, edits: TextEdit[], beforeKeys: Set<string>, targetKey: string, options: LintOptions, strict: boolean): string[] | string {
  let texts: Map<string, string>;
  try {
    texts = applyFileEdits(edits, (f) => ws.text(f));
  } catch (e) {
    return `the edits do not apply (${e instanceof Error ? e.message : String(e)})`;
  }
  const forked = ws.fork(texts);
  const after = analysisOf(forked, options);
  const afterFindings = allFindings(after);
  for (const x of afterFindings) {
    const k = keyOf(after, { ruleId: x.f.ruleId, store: x.rep.object.name, loc: x.f.loc });
    if (k === targetKey) return 'with the edit, the finding is still there';
    if (!beforeKeys.has(k)) return `the edit brings a new ${x.f.ruleId} finding`;
  }
  const obj = after.objects.find((o) => sameObject(o.object, rep.object));
  if (!obj) return 'with the edit, the store is no longer found';
  for (const v of obj.verdicts) {
    const before = rep.verdicts.find((b) => b.ruleId === v.ruleId);
    if (v.kind === 'not-decided' && before?.kind !== 'not-decided') return `with the edit, ${v.ruleId} is no longer decided (${v.reasons[0]?.what ?? ''})`;
    if (v.kind === 'not-decided' && strict) return `with the edit, ${v.ruleId} is still not decided (${v.reasons[0]?.what ?? ''})`;
  }
  for (const run of obj.run.runs) for (const p of run.paths) if (p.crashed) return `with the edit, scenario ${run.scenario.id} ${p.crashed.why}`;
  // The other build configurations: the edit must not bring a finding to any of them.
  const variantsBefore = ws.variantResults(defaults(options));
  const variantsAfter = forked.variantResults(defaults(options));
  for (const va of variantsAfter) {
    const vb = variantsBefore.find((x) => x.configuration === va.configuration);
    const keys = new Set(vb ? allFindings(vb.result).map((x) => keyOf(vb.result, { ruleId: x.f.ruleId, store: x.rep.object.name, loc: x.f.loc })) : []);
    for (const x of allFindings(va.result)) {
      const k = keyOf(va.result, { ruleId: x.f.ruleId, store: x.rep.object.name, loc: x.f.loc });
      if (!keys.has(k) && k !== targetKey) return `the edit brings a new ${x.f.ruleId} finding ${va.configuration}`;
    }
  }
  for (const file of texts.keys()) {
    const u0 = ws.unit(file);
    const u1 = forked.unit(file);
    if (u1 && (u1.ir.errors.length > (u0?.ir.errors.length ?? 0) || (u1.parsed.degraded && !u0?.parsed.degraded))) return 'the edit leaves text the parser cannot read';
  }
  const failing = new Set<string>();
  for (const v of obj.verdicts) for (const f of v.findings) failing.add(f.scenario);
  return obj.run.runs.map((r) => r.scenario.id).filter((id) => !failing.has(id));
}

export function fixAll(ws: Workspace, files: readonly string[] | undefined, options: LintOptions = {}): FixAllResult {
  const wanted = (f: { loc: Loc }): boolean => !files || files.includes(f.loc.file);
  let current = ws;
  const applied: VerifiedFix[] = [];
  const given = new Set<string>();
  let rounds = 0;
  let stoppedAt: number | undefined;
  for (;;) {
    if (rounds >= FIX_ALL_ROUNDS) {
      stoppedAt = rounds;
      break;
    }
    rounds++;
    const base = analysisOf(current, options);
    const findings = current.lint(options).findings.filter((f) => wanted(f) && RULES.some((r) => r.meta.id === f.ruleId));
    let progressed = false;
    for (const f of findings) {
      const k = `${f.ruleId}|${f.store ?? ''}|${locKey(f.loc)}`;
      if (given.has(k)) continue;
      const r = tryFix(current, base, f, options);
      if (!r.fix) {
        given.add(k);
        continue;
      }
      current = current.fork(applyFileEdits(r.fix.edits, (p) => current.text(p)));
      applied.push(r.fix);
      given.clear(); // positions moved: every remaining finding gets a fresh try
      progressed = true;
      break;
    }
    if (!progressed) break;
  }
  const texts = new Map<string, string>();
  for (const file of current.files()) if (current.text(file) !== ws.text(file)) texts.set(file, current.text(file)!);
  const base = analysisOf(current, options);
  const unfixed = current
    .lint(options)
    .findings.filter((f) => wanted(f) && RULES.some((r) => r.meta.id === f.ruleId))
    .map((finding) => ({ finding, reason: stoppedAt ? `Fix All stopped after ${stoppedAt} rounds (its safety limit)` : tryFix(current, base, finding, options).reason }));
  return { texts, applied, unfixed, stoppedAt };
}
