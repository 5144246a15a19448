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
import type { ProtocolObject } from './model/objects';
import { collectDirectives, type Directive } from './suppress';
import { locKey, formatLoc } from './text/loc';
import type { Finding, LintResult, Loc, Note, Severity, SourceInput, VerdictSummary } from './types';
import { langOfPath, locOf, type FileUnit, type Lang } from './unit';
import { MAX_NESTING } from './ir/lower';
import { traceOf, type VerdictKind } from './verdict';

/** The analysis of one build configuration besides the default one. */
interface Variant {
  /** The undetermined macros it defines (to 1). */
  config: ReadonlyMap<string, string>;
  result: AnalysisResult;
}

interface Analysed {
  key: string;
  /** The default configuration: every undetermined macro undefined. */
  result: AnalysisResult;
  chosen: string[];
  rounds: number;
  /** The undetermined macros that decide code the analysis ran, and the other configurations analysed. */
  names: string[];
  variants: Variant[];
  /** How many configurations those macros make (2^names), of which 1 + variants were analysed. */
  total: number;
}

/** At most this many build configurations are analysed (the default one included). */
const MAX_CONFIGURATIONS = 8;

interface FileEntry {
  path: string;
  /** When the path was first added: files are analysed in that order. */
  seq: number;
  text: string;
  version: number;
  probe?: FileProbe;
  includes?: { spec: string; angled: boolean }[];
  directives?: Directive[];
  /** The names the text calls as a member or takes the address of (memberUses), once asked. */
  memberUses?: Set<string>;
}

const WORD = /^\w+$/;
/**
 * `->name(` or `.name(` (blanks allowed around the name), and `&A::name` / `&A::B::name`, anywhere in the text:
 * for a plain name, the same answer as testing `(?:->|\.)\s*name\s*\(|&\s*(?:\w+::)+name\b` on the text.
 */
const MEMBER_USE = /(?:->|\.)\s*(\w+)\s*\(|&\s*(\w+(?:::\w+)+)/g;

/** Every name a text calls as a member or takes the address of through a qualified name (not the first qualifier). */
function memberUses(text: string): Set<string> {
  const out = new Set<string>();
  if (!text.includes('.') && !text.includes('->') && !text.includes('&')) return out;
  for (const m of text.matchAll(MEMBER_USE)) {
    if (m[1] !== undefined) out.add(m[1]);
    else {
      const parts = m[2].split('::');
      for (let i = 1; i < parts.length; i++) out.add(parts[i]);
    }
  }
  return out;
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
  private analysis: Analysed | undefined;
  /** Units of the other build configurations (undetermined macros defined), by configuration. */
  private variantUnits = new Map<string, Map<string, FileUnit>>();

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
    for (const units of this.variantUnits.values()) units.delete(path);
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

  private analyse(options: LintOptions): Analysed {
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
    const base = result ?? analyseUnits([], limits);
    // Conditional code whose condition depends on macros the build may set: the other configurations that
    // change code the analysis ran, each analysed over the same files.
    const { names, configs, total, affects } = configurationsFor(base, [...chosen].map((p) => this.units.get(p)).filter((u): u is FileUnit => !!u));
    // Only the configurations of this analysis keep their parsed files (a macro renamed while typing would
    // otherwise leave one cache per name it ever had).
    const wanted = new Set(configs.map((c) => [...c.keys()].join(',')));
    for (const k of [...this.variantUnits.keys()]) if (!wanted.has(k)) this.variantUnits.delete(k);
    const variants: Variant[] = [];
    for (const config of configs) {
      const ckey = [...config.keys()].join(',');
      const units = this.build([...chosen], options, config, ckey);
      // Only the objects whose code a macro of this configuration conditions are analysed again; the others are
      // as in the base analysis.
      const touches = (o: ProtocolObject): boolean => [...(affects.get(objectKey(o)) ?? [])].some((n) => config.has(n));
      const again = analyseUnits(units, limits, touches, { calledAsMember: (n) => this.calledAsMember(n) });
      const mine = new Map(again.objects.map((r) => [objectKey(r.object), r]));
      const objects = base.objects.map((b) => mine.get(objectKey(b.object)) ?? b);
      for (const r of again.objects) if (!objects.includes(r)) objects.push(r);
      variants.push({ config, result: { ...again, objects } });
    }
    this.analysis = { key, result: base, chosen: [...chosen], rounds, names, variants, total };
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

  private headerLangs: { version: number; langs: Map<string, Lang> } | undefined;

  /** A header's language from every file of the workspace that includes it: C++ if any C++ file does. */
  private headerLang(path: string): Lang | undefined {
    if (this.headerLangs?.version !== this.version) {
      const resolver = new IncludeResolver([...this.entries.keys()]);
      const langs = new Map<string, Lang>();
      const visit = (from: string, lang: Lang, seen: Set<string>): void => {
        for (const inc of this.includesOf(this.entries.get(from)!)) {
          const h = resolver.resolve(inc.spec, from, inc.angled);
          if (!h || seen.has(h) || langOfPath(h)) continue;
          seen.add(h);
          if (langs.get(h) !== 'cpp') langs.set(h, lang);
          visit(h, lang, seen);
        }
      };
      for (const p of this.entries.keys()) if (langOfPath(p) === 'c') visit(p, 'c', new Set());
      for (const p of this.entries.keys()) if (langOfPath(p) === 'cpp') visit(p, 'cpp', new Set());
      this.headerLangs = { version: this.version, langs };
    }
    return this.headerLangs.langs.get(path);
  }

  private memberCalls: { version: number; answers: Map<string, boolean>; all?: Set<string> } | undefined;

  /** Whether any file of the workspace calls a method of this name on an object or takes its address. */
  private calledAsMember(name: string): boolean {
    if (this.memberCalls?.version !== this.version) this.memberCalls = { version: this.version, answers: new Map() };
    const cached = this.memberCalls.answers.get(name);
    if (cached !== undefined) return cached;
    let found = false;
    if (WORD.test(name)) {
      // A plain name: each text is scanned once, for every name it calls as a member or takes the address of
      // (kept with the text), and the names of all the texts are gathered once per version.
      if (!this.memberCalls.all) {
        const all = new Set<string>();
        for (const e of this.entries.values()) for (const n of (e.memberUses ??= memberUses(e.text))) all.add(n);
        this.memberCalls.all = all;
      }
      found = this.memberCalls.all.has(name);
    } else {
      const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const re = new RegExp(`(?:->|\\.)\\s*${n}\\s*\\(|&\\s*(?:\\w+::)+${n}\\b`);
      for (const e of this.entries.values()) {
        if (e.text.includes(name) && re.test(e.text)) {
          found = true;
          break;
        }
      }
    }
    this.memberCalls.answers.set(name, found);
    return found;
  }

  /** Units for these files, reusing what did not change (per build configuration: `config` defines macros). */
  private build(paths: readonly string[], options: LintOptions, config?: ReadonlyMap<string, string>, configKey = ''): FileUnit[] {
    const inputs = paths
      .map((p) => this.entries.get(p)!)
      .sort((a, b) => a.seq - b.seq)
      .map((e) => ({ path: e.path, text: e.text }));
    const cache = configKey ? (this.variantUnits.get(configKey) ?? this.units) : this.units;
    const units = buildUnits(inputs, { previous: cache, definesFor: options.definesFor, configured: config ? (n) => config.get(n) : undefined, headerLang: (p) => this.headerLang(p) });
    if (configKey) this.variantUnits.set(configKey, new Map([...(this.variantUnits.get(configKey) ?? []), ...units]));
    else this.units = new Map([...this.units, ...units]);
    return inputs.map((i) => units.get(i.path)!);
  }

  // ---- lint ---------------------------------------------------------------------------------------

  lint(options: LintOptions = {}): LintResult {
    return finishLint(this.lintParts(options), options);
  }

  lintParts(options: LintOptions = {}): LintParts {
    const analysed = this.analyse(options);
    const { result, chosen } = analysed;
    const runs = [{ config: new Map<string, string>(), result }, ...analysed.variants];
    // A finding, note or verdict that holds in only some of the configurations says in which.
    const byKey = new Map<string, { f: RawFinding; in: number[] }>();
    const noteKeys = new Map<string, { n: Note; in: number[] }>();
    const verdictOf = new Map<string, VerdictKind>();
    const objects = new Set<string>();
    runs.forEach((run, index) => {
      for (const rep of orderObjects(run.result.objects)) {
        objects.add(`${rep.object.kind}|${rep.object.name}|${locKey(rep.object.loc)}`);
        for (const v of rep.verdicts) {
          const vk = `${rep.object.name}|${locKey(rep.object.loc)}|${v.ruleId}`;
          verdictOf.set(vk, worse(verdictOf.get(vk), v.kind));
          for (const f of v.findings) {
            const k = `${v.ruleId}@${locKey(f.loc)}`;
            const cur = byKey.get(k);
            if (cur) {
              if (!cur.in.includes(index)) cur.in.push(index);
            } else {
              byKey.set(k, { f: { ruleId: v.ruleId, message: f.message, loc: f.loc, scenario: f.scenario, store: rep.object.name, trace: f.trace, objectLoc: rep.object.loc }, in: [index] });
            }
          }
        }
        for (const n of notDecidedNotes(rep)) {
          const k = `${n.kind}|${n.message}|${n.loc ? locKey(n.loc) : ''}`;
          const cur = noteKeys.get(k);
          if (cur) {
            if (!cur.in.includes(index)) cur.in.push(index);
          } else noteKeys.set(k, { n, in: [index] });
        }
      }
    });
    const label = (idx: number[]): string | undefined => (idx.length === runs.length ? undefined : idx.map((i) => describeConfig(runs[i].config, analysed.names)).join(' or '));
    const findings: RawFinding[] = [];
    for (const { f, in: idx } of byKey.values()) {
      const configuration = label(idx);
      findings.push(configuration ? { ...f, configuration, message: `${f.message} (${configuration})` } : f);
    }
    const notes: Note[] = [];
    for (const { n, in: idx } of noteKeys.values()) {
      const configuration = label(idx);
      notes.push(configuration ? { ...n, message: `${n.message} (${configuration})` } : n);
    }
    if (analysed.total > runs.length) {
      const first = result.objects[0]?.object.loc;
      notes.push({ file: first?.file ?? chosen[0] ?? '', kind: 'analysis-capped', message: `${runs.length} of the ${analysed.total} build configurations of ${analysed.names.join(', ')} were analysed (defined or not: the build may set them)`, ...(first ? { loc: first } : {}) });
    }
    const summary: VerdictSummary = { defect: 0, notDecided: 0, clean: 0, objects: objects.size };
    for (const k of verdictOf.values()) {
      if (k === 'defect') summary.defect++;
      else if (k === 'not-decided') summary.notDecided++;
      else summary.clean++;
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

  /** The analysis itself (for the fix engine and the tests): the default build configuration. */
  analysisResult(options: LintOptions = {}): AnalysisResult {
    return this.analyse(options).result;
  }

  /** The analyses of the other build configurations (undetermined macros defined), with their description. */
  variantResults(options: LintOptions = {}): { configuration: string; result: AnalysisResult }[] {
    const a = this.analyse(options);
    return a.variants.map((v) => ({ configuration: describeConfig(v.config, a.names), result: v.result }));
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
    w.variantUnits = new Map([...this.variantUnits].map(([k, v]) => [k, new Map(v)]));
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
        ...logoffLoc(o),
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

function worse(a: VerdictKind | undefined, b: VerdictKind): VerdictKind {
  const rank = { clean: 0, 'not-decided': 1, defect: 2 } as const;
  return a === undefined || rank[b] > rank[a] ? b : a;
}

/**
 * The undetermined macros whose `#if` chains span code the analysis ran (a function it entered, the class or
 * struct of a protocol object), and the configurations to analyse besides the default (all undefined): each
 * macro defined alone, then all of them, up to MAX_CONFIGURATIONS in all.
 */
function configurationsFor(result: AnalysisResult, units: readonly FileUnit[]): { names: string[]; configs: Map<string, string>[]; total: number; affects: Map<string, Set<string>> } {
  const byPath = new Map(units.map((u) => [u.path, u]));
  const names = new Set<string>();
  // Per object: the macros whose #if chains span code its analysis ran (only those objects are analysed again
  // in a configuration that defines them).
  const affects = new Map<string, Set<string>>();
  for (const rep of result.objects) {
    const mine = new Set<string>();
    const addSpan = (unit: FileUnit, s: number, e: number): void => {
      const u = byPath.get(unit.path);
      if (!u) return;
      const from = unit.pre.map.toOriginal(s, 'start');
      const to = unit.pre.map.toOriginal(e, 'end');
      for (const c of u.pre.conditionals) if (from < c.to && c.from < to) for (const n of c.names) mine.add(n);
    };
    for (const fn of rep.run.touched ?? []) addSpan(fn.unit, fn.ir.s, fn.ir.e);
    const o = rep.object;
    for (const c of o.cls ? result.program.lineage(o.cls) : []) addSpan(c.unit, c.ir.s, c.ir.e);
    if (o.struct) addSpan(o.struct.unit, o.struct.ir.s, o.struct.ir.e);
    if (mine.size) affects.set(objectKey(o), mine);
    for (const n of mine) names.add(n);
  }
  const sorted = [...names].sort();
  if (!sorted.length) return { names: [], configs: [], total: 1, affects };
  const configs: Map<string, string>[] = sorted.map((n) => new Map([[n, '1']]));
  if (sorted.length > 1) configs.push(new Map(sorted.map((n) => [n, '1'])));
  const total = 2 ** Math.min(sorted.length, 30);
  return { names: sorted, configs: configs.slice(0, MAX_CONFIGURATIONS - 1), total, affects };
}

/** An object's identity across analyses of the same files (configurations). */
function objectKey(o: { kind: string; name: string; loc: Loc }): string {
  return `${o.kind}|${o.name}|${locKey(o.loc)}`;
}

/** `with USE_CACHE defined`, `with USE_CACHE and FAST defined`, `with none of USE_CACHE, FAST defined`. */
function describeConfig(config: ReadonlyMap<string, string>, names: readonly string[]): string {
  const on = names.filter((n) => config.has(n));
  if (!on.length) return names.length === 1 ? `with ${names[0]} not defined` : `with none of ${names.join(', ')} defined`;
  const list = on.length === 1 ? on[0] : `${on.slice(0, -1).join(', ')} and ${on[on.length - 1]}`;
  return on.length === names.length || names.length === 1 ? `with ${list} defined` : `with only ${list} defined`;
}

/** A logon's logoff method, where the editor's code lens goes (a store's is StoreLogoff). */
function logoffLoc(o: ProtocolObject): { logoff?: Loc } {
  if (o.kind === 'store') return {};
  const fn = o.methods.get('Logoff') ?? o.methods.get('TransportLogoff');
  return fn?.ir.body ? { logoff: locOf(fn.unit, fn.ir.nameS, fn.ir.nameE) } : {};
}
