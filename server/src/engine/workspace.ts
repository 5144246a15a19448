// A set of source files analysed together. Which files take part: those the probe finds mentioning a provider
// interface or the support object, the analysed headers they include, and then — in rounds — the files that
// define what the simulation looked for and did not find (a base class's members, a helper in another file).
// Each file is preprocessed, parsed and lowered once per version (re-parsed incrementally when only it changed);
// a lint is the program of those units run through the scenarios, with the rule settings applied afterwards.
import { DEFAULT_LIMITS, type LintOptions, type SimulatedPath, type SimulatedStore, type SimulationReport } from './api';
import { analyseUnits, type AnalysisResult, type ObjectReport } from './analysis';
import { buildUnits, IncludeResolver } from './build';
import { probeText, type FileProbe } from './probe';
import { RULE_CATALOG, ruleMeta, UNUSED_SUPPRESSION } from './rules/index';
import type { Limits } from './sim/env';
import { collectDirectives, type Directive } from './suppress';
import { locKey, formatLoc } from './text/loc';
import type { Finding, LintResult, Loc, Note, Severity, SourceInput, VerdictSummary } from './types';
import { locOf, type FileUnit } from './unit';
import { MAX_NESTING } from './ir/lower';
import { traceOf } from './verdict';

interface FileEntry {
  path: string;
  /** When the path was first added: files are analysed in that order. */
  seq: number;
  text: string;
  version: number;
  probe?: FileProbe;
  includes?: { spec: string; angled: boolean }[];
  directives?: Directive[];
}

/** A finding before the rule settings: what the analysis proved, with the object's place. */
export interface RawFinding extends Omit<Finding, 'severity'> {
  objectLoc: Loc;
}

/** The part of a lint that does not depend on the rule settings. */
export interface LintParts {
  findings: RawFinding[];
  notes: Note[];
  /** Suppression comments of the files read, by file. */
  directives: Map<string, Directive[]>;
  /** Parse notes of the files analysed, by file. */
  parseNotes: Map<string, Note[]>;
  summary: VerdictSummary;
}

const INCLUDE = /^[ \t]*#[ \t]*(?:include|include_next|import)[ \t]*([<"])([^>"\n]+)[>"]/gm;
/** Rounds of bringing in the files that define what the analysis missed. */
const MAX_ROUNDS = 6;
/** A name defined in more files than this is looked for only near the files that need it. */
const MANY = 4;

export class Workspace {
  private readonly entries = new Map<string, FileEntry>();
  private version = 0;
  private nextSeq = 0;
  private index: Map<string, Set<string>> | undefined;
  private units = new Map<string, FileUnit>();
  private analysis: { key: string; result: AnalysisResult; chosen: string[]; rounds: number } | undefined;

  setFile(path: string, text: string): void {
    const old = this.entries.get(path);
    if (old && old.text === text) return;
    if (old) this.unindex(old);
    const entry: FileEntry = { path, seq: old?.seq ?? this.nextSeq++, text, version: ++this.version };
    this.entries.set(path, entry);
    if (this.index) this.indexEntry(entry);
    this.analysis = undefined;
  }

  deleteFile(path: string): void {
    const old = this.entries.get(path);
    if (!old) return;
    this.unindex(old);
    this.entries.delete(path);
    this.units.delete(path);
    this.analysis = undefined;
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  text(path: string): string | undefined {
    return this.entries.get(path)?.text;
  }

  files(): string[] {
    return [...this.entries.keys()];
  }

  /** The relevance probe of a file. */
  probe(path: string): FileProbe | undefined {
    const e = this.entries.get(path);
    return e && this.probeOf(e);
  }

  private probeOf(e: FileEntry): FileProbe {
    return (e.probe ??= probeText(e.text));
  }

  private includesOf(e: FileEntry): { spec: string; angled: boolean }[] {
    if (!e.includes) {
      e.includes = [];
      for (const m of e.text.matchAll(INCLUDE)) e.includes.push({ spec: m[2], angled: m[1] === '<' });
    }
    return e.includes;
  }

  private indexEntry(e: FileEntry): void {
    for (const n of this.probeOf(e).defines) {
      let set = this.index!.get(n);
      if (!set) this.index!.set(n, (set = new Set()));
      set.add(e.path);
    }
  }

  private unindex(e: FileEntry): void {
    if (!this.index || !e.probe) return;
    for (const n of e.probe.defines) {
      const set = this.index.get(n);
      set?.delete(e.path);
      if (set && !set.size) this.index.delete(n);
    }
  }

  // ---- relevance and analysis ---------------------------------------------------------------------

  private analyse(options: LintOptions): { result: AnalysisResult; chosen: string[] } {
    const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
    const key = `${this.version}|${JSON.stringify(limits)}|${this.definesKey(options)}`;
    if (this.analysis?.key === key) return this.analysis;
    if (!this.index) {
      this.index = new Map();
      for (const e of this.entries.values()) this.indexEntry(e);
    }
    const resolver = new IncludeResolver([...this.entries.keys()]);
    const chosen = new Set<string>();
    const add = (p: string): void => {
      if (chosen.has(p)) return;
      chosen.add(p);
      for (const inc of this.includesOf(this.entries.get(p)!)) {
        const h = resolver.resolve(inc.spec, p, inc.angled);
        if (h) add(h);
      }
    };
    for (const e of this.entries.values()) if (this.probeOf(e).seed) add(e.path);
    let result: AnalysisResult | undefined;
    let rounds = 0;
    for (; rounds < MAX_ROUNDS; rounds++) {
      const units = this.build([...chosen], options);
      result = analyseUnits(units, limits, undefined, { calledAsMember: (n) => this.calledAsMember(n) });
      const more = this.definitionsOf(result.program.misses, chosen);
      if (!more.length) break;
      for (const p of more) add(p);
    }
    this.analysis = { key, result: result ?? analyseUnits([], limits), chosen: [...chosen], rounds };
    return this.analysis;
  }

  private definesKey(options: LintOptions): string {
    if (!options.definesFor) return '';
    const parts: string[] = [];
    for (const p of this.entries.keys()) {
      const d = options.definesFor(p);
      if (d?.size) parts.push(`${p}:${[...d].map(([k, v]) => `${k}=${v}`).join(',')}`);
    }
    return parts.join(';');
  }

  /** The files that define names the analysis looked for and did not find (the nearest ones when many do). */
  private definitionsOf(misses: ReadonlySet<string>, chosen: ReadonlySet<string>): string[] {
    const out = new Set<string>();
    for (const name of misses) {
      const files = this.index!.get(name);
      if (!files) continue;
      const fresh = [...files].filter((f) => !chosen.has(f));
      if (!fresh.length) continue;
      if (fresh.length <= MANY) {
        for (const f of fresh) out.add(f);
        continue;
      }
      // Many providers in one tree: the files nearest the ones already in.
      let best = -1;
      const scored = fresh.map((f) => ({ f, s: Math.max(...[...chosen].map((c) => sharedDirs(c, f))) }));
      for (const x of scored) best = Math.max(best, x.s);
      for (const x of scored) if (x.s === best) out.add(x.f);
    }
    return [...out];
  }

  private memberCalls: { version: number; answers: Map<string, boolean> } | undefined;

  /** Whether any file of the workspace calls a method of this name on an object or takes its address. */
  private calledAsMember(name: string): boolean {
    if (this.memberCalls?.version !== this.version) this.memberCalls = { version: this.version, answers: new Map() };
    const cached = this.memberCalls.answers.get(name);
    if (cached !== undefined) return cached;
    const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`(?:->|\\.)\\s*${n}\\s*\\(|&\\s*(?:\\w+::)+${n}\\b`);
    let found = false;
    for (const e of this.entries.values()) {
      if (e.text.includes(name) && re.test(e.text)) {
        found = true;
        break;
      }
    }
    this.memberCalls.answers.set(name, found);
    return found;
  }

  /** Units for these files, reusing what did not change. */
  private build(paths: readonly string[], options: LintOptions): FileUnit[] {
    const inputs = paths
      .map((p) => this.entries.get(p)!)
      .sort((a, b) => a.seq - b.seq)
      .map((e) => ({ path: e.path, text: e.text }));
    const units = buildUnits(inputs, { previous: this.units, definesFor: options.definesFor });
    this.units = new Map([...this.units, ...units]);
    return inputs.map((i) => units.get(i.path)!);
  }

  // ---- lint ---------------------------------------------------------------------------------------

  lint(options: LintOptions = {}): LintResult {
    return finishLint(this.lintParts(options), options);
  }

  lintParts(options: LintOptions = {}): LintParts {
    const { result, chosen } = this.analyse(options);
    const findings: RawFinding[] = [];
    const notes: Note[] = [];
    const summary: VerdictSummary = { defect: 0, notDecided: 0, clean: 0, objects: result.objects.length };
    for (const rep of orderObjects(result.objects)) {
      for (const v of rep.verdicts) {
        if (v.kind === 'defect') summary.defect++;
        else if (v.kind === 'not-decided') summary.notDecided++;
        else summary.clean++;
        for (const f of v.findings) {
          findings.push({ ruleId: v.ruleId, message: f.message, loc: f.loc, scenario: f.scenario, store: rep.object.name, trace: f.trace, objectLoc: rep.object.loc });
        }
      }
      notes.push(...notDecidedNotes(rep));
      if (rep.run.failed) notes.push({ file: rep.object.loc.file, kind: 'not-decided', message: `${rep.object.name}: ${rep.run.failed}`, loc: rep.object.loc });
    }
    const only = options.only ? new Set(options.only) : undefined;
    const directives = new Map<string, Directive[]>();
    const parseNotes = new Map<string, Note[]>();
    const reported = only ? [...only] : this.files();
    for (const p of reported) {
      const e = this.entries.get(p);
      if (!e) continue;
      e.directives ??= collectDirectives(p, e.text);
      if (e.directives.length) directives.set(p, e.directives);
    }
    for (const p of chosen) {
      if (only && !only.has(p)) continue;
      const u = this.units.get(p);
      if (u) {
        const n = parseNotesOf(u);
        if (n.length) parseNotes.set(p, n);
      }
    }
    return { findings, notes, directives, parseNotes, summary };
  }

  /** The files the last analysis read (the relevant ones and what they pulled in). */
  analysedFiles(options: LintOptions = {}): string[] {
    return this.analyse(options).chosen;
  }

  /** The unit (preprocessed, parsed, lowered) of an analysed file. */
  unit(path: string): FileUnit | undefined {
    return this.units.get(path);
  }

  /** The analysis itself (for the fix engine and the tests). */
  analysisResult(options: LintOptions = {}): AnalysisResult {
    return this.analyse(options).result;
  }

  /** A copy with some texts replaced; the untouched files keep their probes and units. */
  fork(texts: ReadonlyMap<string, string>): Workspace {
    const w = new Workspace();
    for (const [path, e] of this.entries) {
      const t = texts.get(path);
      w.entries.set(path, t === undefined ? e : { path, seq: e.seq, text: t, version: 0 });
    }
    w.version = this.version + 1;
    w.nextSeq = this.nextSeq;
    w.units = new Map(this.units);
    return w;
  }

  simulate(options: LintOptions = {}): SimulationReport {
    const { result } = this.analyse(options);
    const only = options.only ? new Set(options.only) : undefined;
    const stores: SimulatedStore[] = [];
    for (const rep of orderObjects(result.objects)) {
      const o = rep.object;
      const related = [o.loc.file, ...[...o.methods.values()].map((m) => m.unit.path)];
      if (only && !related.some((f) => only.has(f))) continue;
      const release = o.methods.get('Release');
      const storeLogoff = o.methods.get('StoreLogoff');
      stores.push({
        name: o.name,
        loc: o.loc,
        style: o.style === 'cpp' ? 'cpp-class' : 'c-vtable',
        kind: o.kind,
        release: release?.ir.body ? locOf(release.unit, release.ir.nameS, release.ir.nameE) : undefined,
        storeLogoff: storeLogoff?.ir.body ? locOf(storeLogoff.unit, storeLogoff.ir.nameS, storeLogoff.ir.nameE) : undefined,
        setup: rep.run.setupNotes,
        verdicts: rep.verdicts.map((v) => ({ ruleId: v.ruleId, verdict: v.kind, reasons: v.reasons.map((r) => r.what) })),
        scenarios: rep.run.runs.map((r) => ({
          id: r.scenario.id,
          title: r.scenario.title,
          capped: r.capped,
          paths: r.paths.slice(0, 32).map((p): SimulatedPath => {
            const violations: SimulatedPath['violations'] = [];
            for (const v of rep.verdicts) for (const f of v.findings) if (f.scenario === r.scenario.id && sameTrace(f.trace, traceOf(p.events, f))) violations.push({ ruleId: v.ruleId, step: stepIndex(p.events, f.step), message: f.message });
            const sp: SimulatedPath = { steps: traceOf(p.events), violations };
            if (p.blind.length) sp.unseen = p.blind.map((b) => b.what);
            return sp;
          }),
        })),
      });
    }
    return { stores };
  }
}

/** Objects in the order their findings win: bases before the classes that derive from them, then declaration order. */
function orderObjects(objects: readonly ObjectReport[]): ObjectReport[] {
  return [...objects].sort((a, b) => compareLocs(a.object.loc, b.object.loc));
}

function sameTrace(a: readonly { message: string }[], b: readonly { message: string }[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => x.message === b[i].message);
}

/** The index of a path event in its shown trace. */
function stepIndex(events: readonly { kind: string; data?: Record<string, unknown> }[], step: number): number {
  if (step < 0) return -1;
  return traceOf(events.slice(0, step + 1) as never).length - 1;
}

function notDecidedNotes(rep: ObjectReport): Note[] {
  // One note per reason, naming the rules it leaves undecided.
  const byReason = new Map<string, { rules: string[]; loc?: Loc; cut?: boolean; scenarios: Set<string> }>();
  for (const v of rep.verdicts) {
    if (v.kind !== 'not-decided') continue;
    for (const r of v.reasons) {
      let cur = byReason.get(r.what);
      if (!cur) byReason.set(r.what, (cur = { rules: [], loc: r.loc, cut: r.cut, scenarios: new Set() }));
      cur.rules.push(v.ruleId);
      for (const sc of r.scenarios ?? []) cur.scenarios.add(sc);
    }
  }
  const out: Note[] = [];
  for (const [reason, { rules, loc, cut, scenarios }] of byReason) {
    const l = loc ?? rep.object.loc;
    const ids = [...scenarios];
    const what = ids.length ? `${reason} (scenario${ids.length > 1 ? 's' : ''} ${ids.join(', ')})` : reason;
    // A budget that cut the exploration is an "analysis cut" note; it too leaves the rules it names undecided.
    out.push({ file: l.file, kind: cut ? 'analysis-capped' : 'not-decided', message: `${rep.object.name}: not decided for ${rules.join(', ')}: ${what}`, loc: l, rules });
  }
  return out;
}

function parseNotesOf(u: FileUnit): Note[] {
  const notes: Note[] = [];
  if (u.parsed.degraded) notes.push({ file: u.path, kind: 'parse-error', message: u.parsed.degraded });
  if (u.pre.cut) notes.push({ file: u.path, kind: 'parse-error', message: u.pre.cut });
  if (u.ir.tooDeep) {
    const loc = locOf(u, u.ir.tooDeep.s, u.ir.tooDeep.e);
    notes.push({ file: u.path, kind: 'analysis-capped', message: `code nested more than ${MAX_NESTING} levels deep at ${formatLoc(loc)} was left out of the analysis`, loc });
  }
  const err = u.ir.errors[0];
  if (err) {
    const loc = locOf(u, err.s, err.e);
    notes.push({ file: u.path, kind: 'parse-error', message: `syntax the parser could not read at ${formatLoc(loc)}; the analysis of the code around it may be incomplete`, loc });
  }
  return notes;
}

function sharedDirs(a: string, b: string): number {
  const pa = a.split(/[\\/]/);
  const pb = b.split(/[\\/]/);
  let n = 0;
  while (n < pa.length - 1 && n < pb.length - 1 && pa[n] === pb[n]) n++;
  return n;
}

function compareLocs(a: Loc, b: Loc): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.startLine - b.range.startLine || a.range.startCol - b.range.startCol;
}

function compareFindings(a: Finding, b: Finding): number {
  return a.loc.file.localeCompare(b.loc.file) || a.loc.range.startLine - b.loc.range.startLine || a.loc.range.startCol - b.loc.range.startCol || a.ruleId.localeCompare(b.ruleId);
}

/**
 * The findings of a lint from its parts: the rule settings applied, one finding per rule and place,
 * suppressions applied and the suppressions that suppress nothing reported.
 */
export function finishLint(parts: LintParts, options: LintOptions = {}): LintResult {
  const only = options.only ? new Set(options.only) : undefined;
  const wanted = (file: string): boolean => !only || only.has(file);
  const severityOf = (ruleId: string, file: string): Severity | undefined => {
    const setting = options.settingsFor?.(file)?.[ruleId];
    if (setting === 'off') return undefined;
    if (setting === 'warning' || setting === 'error') return setting;
    const d = ruleMeta(ruleId)?.defaultSeverity;
    return d === 'off' ? undefined : d;
  };
  const byKey = new Map<string, Finding>();
  for (const f of [...parts.findings].sort((a, b) => compareLocs(a.objectLoc, b.objectLoc))) {
    const key = `${f.ruleId}@${locKey(f.loc)}`;
    if (byKey.has(key)) continue;
    const severity = severityOf(f.ruleId, f.loc.file);
    if (!severity) continue;
    const { objectLoc: _o, ...finding } = f;
    byKey.set(key, { ...finding, severity });
  }
  const findings: Finding[] = [];
  const used = new Set<Directive>();
  for (const f of byKey.values()) {
    const d = parts.directives.get(f.loc.file)?.find((x) => x.targetLine === f.loc.range.startLine && x.rules.includes(f.ruleId));
    if (d) {
      used.add(d);
      continue;
    }
    if (wanted(f.loc.file)) findings.push(f);
  }
  const known = new Set(RULE_CATALOG.map((r) => r.id));
  for (const [file, ds] of parts.directives) {
    if (!wanted(file)) continue;
    const severity = severityOf(UNUSED_SUPPRESSION, file);
    if (!severity) continue;
    for (const d of ds) {
      if (used.has(d)) continue;
      const unknown = d.rules.filter((r) => !known.has(r));
      const message = !d.rules.length
        ? 'This mapi-lint-disable comment names no rule; name the rules it suppresses.'
        : unknown.length
          ? `This mapi-lint-disable comment names unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}.`
          : `This mapi-lint-disable comment suppresses nothing: no ${d.rules.join(', ')} finding on line ${d.targetLine + 1}.`;
      findings.push({ ruleId: UNUSED_SUPPRESSION, severity, message, loc: d.loc, trace: [] });
    }
  }
  const seen = new Set<string>();
  const notes: Note[] = [];
  for (const n of parts.notes) {
    // A not-decided note only about rules that are off says nothing.
    if (n.rules && n.rules.every((r) => !severityOf(r, n.file))) continue;
    const k = `${n.file}|${n.kind}|${n.message}|${n.loc ? locKey(n.loc) : ''}`;
    if (!wanted(n.file) || seen.has(k)) continue;
    seen.add(k);
    notes.push(n);
  }
  const line = (n: Note): number => n.loc?.range.startLine ?? -1;
  notes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : line(a) - line(b) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)));
  for (const file of [...parts.parseNotes.keys()].filter(wanted).sort()) notes.push(...parts.parseNotes.get(file)!);
  findings.sort(compareFindings);
  return { findings, notes, summary: parts.summary };
}

/** One-shot convenience: lint a set of files. */
export function lintSources(inputs: readonly SourceInput[], options: LintOptions = {}): LintResult {
  const ws = new Workspace();
  for (const f of inputs) ws.setFile(f.path, f.text);
  return ws.lint(options);
}
