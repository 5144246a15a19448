// A set of source files analysed together (a class declared in a header and implemented in a .cpp is one store).
// Keeps one parse per file, re-parses incrementally when given the edits, and parses only the files that can
// take part in a store: those that mention the store interface, and then those that implement the classes found.
import { DEFAULT_LIMITS, type Limits, type LintOptions, type SimulatedPath, type SimulatedStore, type SimulationReport, type TextChange } from './api';
import { extractFacts, type FileFacts } from './model/facts';
import { cStorePrefix, NOT_PROBED, probeText, type FileProbe } from './probe';

export type { FileProbe } from './probe';
import { formatLoc, locKey, nodeLoc } from './model/loc';
import { nearest, ProviderModel, storeDirs, type StoreModel } from './model/model';
import { parseText, reparseText, type EditDelta, type ParsedText } from './parse/parser';
import { RULE_CATALOG, ruleMeta } from './rules/catalog';
import { RULES } from './rules/index';
import type { StoreRun, Violation } from './rules/rule';
import { StoreSimulator, type Ev, type ScenarioRun } from './sim/interp';
import { SCENARIOS } from './sim/scenarios';
import { lookupsHold, type Dep } from './sim/deps';
import { collectDirectives, type Directive } from './suppress';
import type { Finding, LintResult, Loc, Note, Severity, SourceInput, TraceStep } from './types';
import { candidatesFor, type FixContext } from './fix/candidates';
import { applyFileEdits, positionAt, type TextEdit } from './fix/style';

/** A fix that the simulator has run: the finding is gone and nothing new appeared. */
export interface VerifiedFix {
  title: string;
  ruleId: string;
  /** The finding it fixes (its location before the fix). */
  target: Finding;
  edits: TextEdit[];
  /** Scenarios in which the store breaks no rule once the fix is applied. */
  verified: string[];
}

export type FixOptions = LintOptions;

export interface FixAllResult {
  /** New texts of the files that changed. */
  texts: Map<string, string>;
  applied: VerifiedFix[];
  /** Findings left, with the reason no fix was applied. */
  unfixed: { finding: Finding; reason: string }[];
}

interface FileEntry {
  path: string;
  /** When the path was first added: the order files are analysed in. */
  seq: number;
  text: string;
  version: number;
  parsed?: ParsedText;
  facts?: FileFacts;
  directives?: Directive[];
  /** The last tree of this file and the edits made since, for an incremental re-parse when it is needed. */
  base?: { parsed: ParsedText; edits: EditDelta[] };
  /** What the relevance probe reads of the text (computed once per version). */
  probe?: FileProbe;
}


/** The part of a lint that does not depend on the rule settings: what the analysis of a set of stores found. */
export interface LintParts {
  /** Every rule violation of every store analysed, as a finding without its severity, with the store's place. */
  findings: RawFinding[];
  /** The analysis notes (caps, failures). */
  notes: Note[];
  /** The suppression comments of the files read, by file. */
  directives: Map<string, Directive[]>;
  /** The parse notes of the files parsed, by file. */
  parseNotes: Map<string, Note[]>;
}

export type RawFinding = Omit<Finding, 'severity'> & { storeLoc: Loc };

interface Analysis {
  key: string;
  model: ProviderModel;
  runs: { store: StoreModel; runs: ScenarioRun[]; violations: Violation[] }[];
  notes: Note[];
}


export class Workspace {
  private readonly entries = new Map<string, FileEntry>();
  private version = 0;
  private nextSeq = 0;
  private analysis: Analysis | undefined;
  /** Simulation results per store, kept while the files the store is made of do not change. */
  private storeCache = new Map<string, { fingerprint: string; deps: readonly Dep[]; depFiles: readonly string[]; run: Analysis['runs'][number]; notes: Note[] }>();
  /** The relevance probe's names, inverted: name -> the files it pulls in. Built on first use, then kept up to date. */
  private probeIndex: Map<string, Set<string>> | undefined;
  /** Files changed since the index was last brought up to date: probed when an analysis next needs it. */
  private readonly unindexed = new Set<string>();

  /**
   * Replace a file's text. With the editor's changes, the old tree is kept with the edits since it was built,
   * and the file is re-parsed incrementally when an analysis next needs it: a burst of keystrokes costs one
   * parse, not one per keystroke.
   */
  setFile(path: string, text: string, changes?: readonly TextChange[]): void {
    const old = this.entries.get(path);
    if (old && old.text === text) return;
    const entry: FileEntry = { path, seq: old?.seq ?? this.nextSeq++, text, version: ++this.version };
    if (old && changes && changes.length) {
      const base = old.parsed ? { parsed: old.parsed, edits: [] as EditDelta[] } : old.base;
      if (base) {
        try {
          entry.base = { parsed: base.parsed, edits: [...base.edits, ...toEdits(old.text, changes)] };
        } catch {
          entry.base = undefined; // parsed from scratch when needed
        }
      }
    }
    if (old) this.unindex(old);
    this.entries.set(path, entry);
    if (this.probeIndex) this.unindexed.add(path);
    this.analysis = undefined;
  }

  deleteFile(path: string): void {
    const old = this.entries.get(path);
    if (!old) return;
    this.unindex(old);
    this.entries.delete(path);
    this.analysis = undefined;
  }

  /**
   * Give the relevance probes of files, computed elsewhere (the CLI's worker threads probe their share of the
   * files and exchange the results). A probe given for a text that later changes is recomputed.
   */
  setProbes(probes: Iterable<[string, FileProbe]>): void {
    for (const [path, probe] of probes) {
      const e = this.entries.get(path);
      if (!e || e.probe) continue;
      e.probe = probe;
      if (this.probeIndex) this.unindexed.add(path);
    }
  }

  /** The relevance probe of a file (computed now if needed). */
  probe(path: string): FileProbe | undefined {
    const e = this.entries.get(path);
    return e && this.probeOf(e);
  }

  private probeOf(e: FileEntry): FileProbe {
    return (e.probe ??= probeText(e.text));
  }

  private index(e: FileEntry): void {
    for (const n of this.probeOf(e).names) {
      let set = this.probeIndex!.get(n);
      if (!set) this.probeIndex!.set(n, (set = new Set()));
      set.add(e.path);
    }
  }

  private unindex(e: FileEntry): void {
    if (!this.probeIndex || !e.probe) return;
    for (const n of e.probe.names) {
      const set = this.probeIndex.get(n);
      if (!set) continue;
      set.delete(e.path);
      if (!set.size) this.probeIndex.delete(n);
    }
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

  // ---- parsing ------------------------------------------------------------------------------------------

  private ensureParsed(e: FileEntry): FileEntry {
    if (!e.parsed && e.base) {
      try {
        e.parsed = reparseText(e.base.parsed, e.text, e.base.edits);
      } catch {
        e.parsed = undefined;
      }
      e.base = undefined;
    }
    if (!e.parsed) e.parsed = parseText(e.text);
    if (!e.facts) e.facts = extractFacts(e.path, e.parsed.tree.rootNode);
    if (!e.directives) e.directives = collectDirectives(e.path, e.parsed.tree.rootNode, e.parsed.masked);
    return e;
  }

  /**
   * Parse the files that can take part in a store, in rounds until no new file is pulled in: first the files
   * that mention the store interface (or the `seeds` given), then the files that implement the classes and take
   * the types found. The files come back in the order they were added to the workspace.
   */
  private relevantFiles(seeds?: readonly string[]): FileEntry[] {
    if (!this.probeIndex) {
      this.probeIndex = new Map();
      for (const e of this.entries.values()) this.index(e);
      this.unindexed.clear();
    }
    for (const p of this.unindexed) {
      const e = this.entries.get(p);
      if (e) this.index(e);
    }
    this.unindexed.clear();
    const chosen = new Set<string>();
    if (seeds) {
      for (const p of seeds) if (this.entries.has(p)) chosen.add(p);
    } else {
      for (const e of this.entries.values()) if (this.probeOf(e).seed) chosen.add(e.path);
    }
    const probed = new Set<string>();
    let fresh = [...chosen];
    for (let round = 0; round < 4 && fresh.length; round++) {
      const names = new Set<string>();
      for (const path of fresh) {
        const facts = this.ensureParsed(this.entries.get(path)!).facts!;
        for (const c of facts.classes) {
          if (c.bases.length) names.add(c.name);
          for (const b of c.bases) names.add(b.name);
        }
        for (const f of facts.functions) {
          const prefix = cStorePrefix(f.name);
          if (prefix) names.add(`${prefix}_`);
          for (const p of f.params) names.add(p.type.replace(/\*+$/, ''));
        }
      }
      fresh = [];
      for (const n of names) {
        if (n.length <= 2 || NOT_PROBED.test(n) || probed.has(n)) continue;
        probed.add(n);
        for (const path of this.probeIndex.get(n) ?? []) {
          if (chosen.has(path)) continue;
          chosen.add(path);
          fresh.push(path);
        }
      }
    }
    return [...chosen]
      .map((p) => this.entries.get(p)!)
      .sort((a, b) => a.seq - b.seq)
      .map((e) => this.ensureParsed(e));
  }

  // ---- analysis -----------------------------------------------------------------------------------------

  private analyse(limits: Limits): Analysis {
    const key = `${this.version}:${JSON.stringify(limits)}`;
    if (this.analysis && this.analysis.key === key) return this.analysis;
    this.analysis = this.analyseFiles(this.relevantFiles(), limits, true);
    this.analysis.key = key;
    return this.analysis;
  }

  /** Model and simulate the stores of these files; with `cached`, reuse (and keep) the per-store results. */
  private analyseFiles(relevant: readonly FileEntry[], limits: Limits, cached: boolean, owns?: (storeFile: string) => boolean): Analysis {
    const model = new ProviderModel(relevant.map((e) => e.facts!));
    const notes: Note[] = [];
    const runs: Analysis['runs'] = [];
    const live = new Set<string>();
    for (const store of model.stores) {
      if (owns && !owns(store.loc.file)) continue;
      const fingerprint = cached ? this.fingerprint(model, store, limits) : '';
      const cacheKey = `${store.style}:${store.name}:${store.loc.file}`;
      live.add(cacheKey);
      const hit = cached ? this.storeCache.get(cacheKey) : undefined;
      if (hit && hit.fingerprint === fingerprint + this.versions(hit.depFiles) && lookupsHold(hit.deps, model, store)) {
        runs.push(hit.run);
        notes.push(...hit.notes);
        continue;
      }
      const notesBefore = notes.length;
      try {
        const sim = new StoreSimulator(model, store, limits);
        const scenarioRuns = SCENARIOS.map((s) => sim.run(s));
        for (const r of scenarioRuns) {
          if (r.capped) notes.push({ file: store.loc.file, kind: 'analysis-capped', message: `${store.name}: ${r.capped}; findings on the cut paths are not reported`, loc: store.loc });
        }
        if (!store.supportMembers.length) {
          notes.push({ file: store.loc.file, kind: 'analysis-capped', message: `${store.name}: no member holding the support object (LPMAPISUP, IMAPISupport*, a smart pointer to it) was found; the support-release rules are not checked`, loc: store.loc });
        }
        const storeRun: StoreRun = { store, runs: scenarioRuns };
        const violations = RULES.flatMap((rule) => rule.check(storeRun));
        const run = { store, runs: scenarioRuns, violations };
        runs.push(run);
        if (cached) {
          const depFiles = [...sim.lookups.files].sort();
          this.storeCache.set(cacheKey, { fingerprint: fingerprint + this.versions(depFiles), deps: sim.lookups.deps, depFiles, run, notes: notes.slice(notesBefore) });
        }
      } catch (err) {
        // Stack exhaustion on absurdly nested code is a limit of the analysis, not a bug in it.
        const kind = err instanceof RangeError ? 'analysis-capped' : 'internal-error';
        notes.push({ file: store.loc.file, kind, message: `${store.name}: the analysis failed: ${errorText(err)}`, loc: store.loc });
      }
    }
    if (cached) for (const k of [...this.storeCache.keys()]) if (!live.has(k)) this.storeCache.delete(k);
    return { key: '', model, runs, notes };
  }

  /**
   * What a store's simulation depends on, besides the by-name lookups it makes (helpers, constants, #defines:
   * recorded by the simulator, see sim/deps.ts): the files that declare its classes and define their methods
   * (C: the functions that take the store), what the model derived for it, and the limits.
   */
  private fingerprint(model: ProviderModel, store: StoreModel, limits: Limits): string {
    const files = new Set<string>();
    for (const c of store.lineage) {
      files.add(c.file);
      for (const defs of model.methods.get(model.keyOf(c))?.values() ?? []) for (const d of defs) files.add(d.file);
    }
    // What the model derived for the store from other files (which members own a reference, which methods).
    const derived = {
      support: store.supportMembers.map((m) => [m.field.name, m.owner, m.smart, m.owning]),
      methods: [store.release, store.storeLogoff, store.addRef].map((f) => (f ? locKey(f.loc) : '')),
      prefix: store.prefix ?? '',
    };
    return this.versions([...files].sort()) + JSON.stringify(limits) + JSON.stringify(derived);
  }

  private versions(files: readonly string[]): string {
    return files.map((f) => `${f}@${this.entries.get(f)?.version ?? -1}`).join('|');
  }

  lint(options: LintOptions = {}): LintResult {
    return finishLint(this.lintParts(options), options);
  }

  /** What `lint` reports before the rule settings and suppressions are applied. */
  lintParts(options: LintOptions = {}): LintParts {
    const analysis = this.analyse({ ...DEFAULT_LIMITS, ...options.limits });
    const only = options.only ? new Set(options.only) : undefined;
    // Files with suppression comments are read even when no store needs them (to report the unused ones).
    for (const e of this.entries.values()) {
      if ((!only || only.has(e.path)) && !e.directives && e.text.includes('mapi-lint-disable')) this.ensureParsed(e);
    }
    // Only the reported files' suppressions and parse notes matter: findings elsewhere are not reported.
    return { ...partsOf(analysis), ...this.fileParts(options.only) };
  }

  /**
   * The parts of a lint of the stores that the `seeds` (and the files they pull in) hold, as if these were the
   * only first-round files; also the files it read. The CLI's worker threads each lint groups of providers
   * this way; the caller checks that the groups do not depend on each other (see engine/partition.ts). `owns`:
   * which stores (by the file that declares them) this group simulates; the others are left to their own group.
   */
  groupParts(
    seeds: readonly string[],
    options: LintOptions = {},
    owns?: (storeFile: string) => boolean,
  ): { closure: string[]; findings: RawFinding[]; notes: Note[]; storeDirs: string[] } {
    const relevant = this.relevantFiles(seeds);
    const analysis = this.analyseFiles(relevant, { ...DEFAULT_LIMITS, ...options.limits }, false, owns);
    // The directories whose free functions the C stores simulated here are matched with (see ProviderModel).
    const dirs = new Set<string>();
    for (const store of analysis.model.stores) {
      if (store.style === 'c-vtable' && (!owns || owns(store.loc.file))) for (const d of storeDirs(store)) dirs.add(d);
    }
    return { closure: relevant.map((e) => e.path), ...partsOf(analysis), storeDirs: [...dirs] };
  }

  /** Suppression comments and parse notes of the files parsed so far (`paths`: only those among them). */
  fileParts(paths?: readonly string[]): Pick<LintParts, 'directives' | 'parseNotes'> {
    const directives = new Map<string, Directive[]>();
    const parseNotes = new Map<string, Note[]>();
    const entries = paths ? paths.map((p) => this.entries.get(p)).filter((e): e is FileEntry => !!e) : this.entries.values();
    for (const e of entries) {
      if (!e.parsed) continue;
      if (e.directives?.length) directives.set(e.path, e.directives);
      const notes: Note[] = [];
      if (e.parsed.degraded) notes.push({ file: e.path, kind: 'parse-error', message: e.parsed.degraded });
      if (e.parsed.tree.rootNode.hasError) {
        const err = firstError(e);
        notes.push({
          file: e.path,
          kind: 'parse-error',
          message: `syntax the parser could not read${err ? ` at ${formatLoc(err)}` : ''}; the analysis of the code around it may be incomplete`,
          loc: err,
        });
      }
      if (notes.length) parseNotes.set(e.path, notes);
    }
    return { directives, parseNotes };
  }

  /** Parse these files now (they are not needed by a store, but their suppression comments are). */
  read(paths: readonly string[]): void {
    for (const p of paths) {
      const e = this.entries.get(p);
      if (e) this.ensureParsed(e);
    }
  }

  /** The facts of a parsed file (undefined when it was not parsed). */
  factsOf(path: string): FileFacts | undefined {
    return this.entries.get(path)?.facts;
  }

  /**
   * The verified fixes of one finding. Fixes live on the workspace because verifying one needs the whole
   * provider: the edited files re-parsed, the untouched ones shared, every store re-simulated.
   */
  fixes(finding: Finding, options: FixOptions = {}): VerifiedFix[] {
    return fixEngine(this).fixesFor(finding, options);
  }

  /** All verified fixes of the files (default: all), applied one after the other and re-verified. */
  fixAll(files?: readonly string[], options: FixOptions = {}): FixAllResult {
    return fixEngine(this).fixAll(files, options);
  }

  /** @internal for the fix engine */
  fork(texts: ReadonlyMap<string, string>): Workspace {
    const w = new Workspace();
    for (const [path, e] of this.entries) {
      const t = texts.get(path);
      if (t === undefined) w.entries.set(path, e);
      else w.entries.set(path, { path, seq: e.seq, text: t, version: 0 });
    }
    w.version = this.version + 1;
    w.nextSeq = this.nextSeq;
    return w;
  }

  /** @internal */
  analysisFor(options: LintOptions): Analysis {
    return this.analyse({ ...DEFAULT_LIMITS, ...options.limits });
  }

  /** @internal */
  rootOf(file: string) {
    const e = this.entries.get(file);
    return e ? this.ensureParsed(e).parsed!.tree.rootNode : undefined;
  }

  /** @internal scenarios in which the named store breaks no rule */
  passingScenarios(store: string, options: LintOptions): string[] {
    const a = this.analysisFor(options);
    const run = a.runs.find((r) => r.store.name === store);
    if (!run) return [];
    return run.runs.filter((r) => !run.violations.some((v) => v.scenario === r.scenario.id)).map((r) => r.scenario.id);
  }

  simulate(options: LintOptions = {}): SimulationReport {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const only = options.only ? new Set(options.only) : undefined;
    const analysis = this.analyse(limits);
    const stores: SimulatedStore[] = [];
    for (const { store, runs, violations } of analysis.runs) {
      const related = [store.loc.file, store.release?.file, store.storeLogoff?.file].filter((f): f is string => !!f);
      if (only && !related.some((f) => only.has(f))) continue;
      stores.push({
        name: store.name,
        loc: store.loc,
        style: store.style,
        release: store.release?.loc,
        storeLogoff: store.storeLogoff?.loc,
        scenarios: runs.map((r) => ({
          id: r.scenario.id,
          title: r.scenario.title,
          capped: r.capped,
          paths: r.paths.slice(0, 32).map((p): SimulatedPath => ({
            steps: p.events.map(stepOf),
            violations: violations.filter((v) => v.path === p).map((v) => ({ ruleId: v.ruleId, step: v.step, message: v.message })),
          })),
        })),
      });
    }
    return { stores };
  }
}

/** A copy of the workspace with edits applied; untouched files share their parse. */
export function forkWorkspace(ws: Workspace, texts: ReadonlyMap<string, string>): Workspace {
  return ws.fork(texts);
}

function fixEngine(ws: Workspace) {
  const keyOf = (f: Finding): string => `${f.ruleId}|${f.store ?? ''}`;
  const counts = (r: LintResult): Map<string, number> => {
    const m = new Map<string, number>();
    for (const f of r.findings) if (f.ruleId !== 'unused-suppression') m.set(keyOf(f), (m.get(keyOf(f)) ?? 0) + 1);
    return m;
  };
  const wholeOptions = (o: FixOptions): FixOptions => ({ settingsFor: o.settingsFor, limits: o.limits });

  function verify(base: Workspace, baseline: LintResult, target: Finding, title: string, edits: TextEdit[], options: FixOptions): VerifiedFix | undefined {
    let texts: Map<string, string>;
    try {
      texts = applyFileEdits(edits, (f) => base.text(f));
    } catch {
      return undefined;
    }
    const forked = forkWorkspace(base, texts);
    const after = forked.lint(wholeOptions(options));
    const before = counts(baseline);
    const now = counts(after);
    const k = keyOf(target);
    if ((now.get(k) ?? 0) >= (before.get(k) ?? 0)) return undefined;
    for (const [key, n] of now) if (n > (before.get(key) ?? 0)) return undefined;
    // No new syntax errors in the edited files.
    const errorsBefore = new Set(baseline.notes.filter((n) => n.kind === 'parse-error').map((n) => n.file));
    if (after.notes.some((n) => n.kind === 'parse-error' && texts.has(n.file) && !errorsBefore.has(n.file))) return undefined;
    const verified = forked.passingScenarios(target.store ?? '', options);
    return { title, ruleId: target.ruleId, target, edits, verified };
  }

  function contextFor(base: Workspace, finding: Finding, options: FixOptions): FixContext | undefined {
    const analysis = base.analysisFor(options);
    const named = analysis.model.stores.filter((s) => s.name === finding.store).map((s) => ({ s, file: s.loc.file }));
    const store = nearest(named, finding.loc.file)?.s;
    if (!store) return undefined;
    return { model: analysis.model, store, text: (f) => base.text(f), root: (f) => base.rootOf(f) };
  }

  function fixesFor(finding: Finding, options: FixOptions, base: Workspace = ws, baseline?: LintResult): VerifiedFix[] {
    const ctx = contextFor(base, finding, options);
    if (!ctx) return [];
    const bl = baseline ?? base.lint(wholeOptions(options));
    const out: VerifiedFix[] = [];
    for (const c of candidatesFor(ctx, finding)) {
      const v = verify(base, bl, finding, c.title, c.edits, options);
      if (v) {
        out.push(v);
        break; // the first verified candidate is the fix; the others were fallbacks
      }
    }
    return out;
  }

  function fixAll(files: readonly string[] | undefined, options: FixOptions): FixAllResult {
    let current: Workspace = ws;
    const applied: VerifiedFix[] = [];
    const wanted = (f: Finding): boolean => !files || files.includes(f.loc.file);
    const tried = new Set<string>();
    for (let round = 0; round < 32; round++) {
      const baseline = current.lint(wholeOptions(options));
      const next = baseline.findings.filter((f) => wanted(f) && f.ruleId !== 'unused-suppression' && !tried.has(`${keyOf(f)}@${f.loc.file}:${f.loc.range.startLine}`));
      let progressed = false;
      for (const f of next) {
        tried.add(`${keyOf(f)}@${f.loc.file}:${f.loc.range.startLine}`);
        const [fix] = fixesFor(f, options, current, baseline);
        if (!fix) continue;
        const base = current;
        current = forkWorkspace(current, applyFileEdits(fix.edits, (f) => base.text(f)));
        applied.push(fix);
        progressed = true;
        tried.clear();
        break; // positions moved: re-lint before the next fix
      }
      if (!progressed) break;
    }
    const texts = new Map<string, string>();
    for (const file of current.files()) if (current.text(file) !== ws.text(file)) texts.set(file, current.text(file)!);
    const remaining = current.lint(wholeOptions(options)).findings.filter((f) => wanted(f) && f.ruleId !== 'unused-suppression');
    return { texts, applied, unfixed: remaining.map((finding) => ({ finding, reason: noFixReason(finding) })) };
  }

  return { fixesFor: (f: Finding, o: FixOptions) => fixesFor(f, o), fixAll };
}

function noFixReason(f: Finding): string {
  switch (f.ruleId) {
    case 'support-release-missing':
      return 'no place was found where releasing the support object makes every scenario pass (the store is never destroyed on that path, or it holds the support object only through a smart pointer)';
    case 'support-use-after-release':
      return 'moving the release after the late use did not make every scenario pass (the use is in another function than the release)';
    default:
      return 'no candidate edit passed the simulator: every one either left the finding or introduced another';
  }
}

function partsOf(analysis: Analysis): { findings: RawFinding[]; notes: Note[] } {
  const findings: RawFinding[] = [];
  for (const { store, violations } of analysis.runs) {
    for (const v of violations) {
      findings.push({ ruleId: v.ruleId, message: v.message, loc: v.loc, scenario: v.scenario, store: store.name, trace: traceOf(v), storeLoc: store.loc });
    }
  }
  return { findings, notes: analysis.notes };
}

function compareLocs(a: Loc, b: Loc): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.startLine - b.range.startLine || a.range.startCol - b.range.startCol;
}

/**
 * The findings of a lint from its parts: the rule settings applied, one finding per rule and place (from the
 * store declared first, then the first scenario in the documented order that shows it), suppressions applied
 * and the suppressions that suppress nothing reported. Parts gathered from several workers give the same result
 * as one workspace's: the order of the parts does not matter.
 */
export function finishLint(parts: LintParts, options: LintOptions = {}): LintResult {
  const only = options.only ? new Set(options.only) : undefined;
  const wanted = (file: string): boolean => !only || only.has(file);
  const severityOf = (ruleId: string, file: string): Severity | undefined => {
    const setting = options.settingsFor?.(file)?.[ruleId];
    if (setting === 'off') return undefined;
    if (setting === 'warning' || setting === 'error') return setting;
    return ruleMeta(ruleId)?.defaultSeverity;
  };

  const byKey = new Map<string, Finding>();
  const ordered = parts.findings.map((f, i) => ({ f, i })).sort((a, b) => compareLocs(a.f.storeLoc, b.f.storeLoc) || (a.f.store ?? '').localeCompare(b.f.store ?? '') || a.i - b.i);
  for (const { f } of ordered) {
    const key = `${f.ruleId}@${locKey(f.loc)}`;
    if (byKey.has(key)) continue;
    const severity = severityOf(f.ruleId, f.loc.file);
    if (!severity) continue;
    const { storeLoc: _storeLoc, ...finding } = f;
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
    const severity = severityOf('unused-suppression', file);
    if (!severity) continue;
    for (const d of ds) {
      if (used.has(d)) continue;
      const unknown = d.rules.filter((r) => !known.has(r));
      const message = !d.rules.length
        ? 'This mapi-lint-disable comment names no rule; name the rules it suppresses.'
        : unknown.length
          ? `This mapi-lint-disable comment names unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}.`
          : `This mapi-lint-disable comment suppresses nothing: no ${d.rules.join(', ')} finding on line ${d.targetLine + 1}.`;
      findings.push({ ruleId: 'unused-suppression', severity, message, loc: d.loc, trace: [] });
    }
  }

  // Analysis notes once each (a store analysed in two groups reports its caps twice), then the parse notes.
  const seen = new Set<string>();
  const notes: Note[] = [];
  for (const n of parts.notes) {
    const k = `${n.file}|${n.kind}|${n.message}|${n.loc ? locKey(n.loc) : ''}`;
    if (!wanted(n.file) || seen.has(k)) continue;
    seen.add(k);
    notes.push(n);
  }
  const line = (n: Note): number => n.loc?.range.startLine ?? -1;
  notes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : line(a) - line(b) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)));
  const files = [...parts.parseNotes.keys()].filter(wanted).sort();
  for (const file of files) notes.push(...parts.parseNotes.get(file)!);
  findings.sort(compareFindings);
  return { findings, notes };
}

/** One-shot convenience: lint a set of files. */
export function lintSources(inputs: readonly SourceInput[], options: LintOptions = {}): LintResult {
  const ws = new Workspace();
  for (const f of inputs) ws.setFile(f.path, f.text);
  return ws.lint(options);
}

// ---------------------------------------------------------------------------------------------------------

function stepOf(ev: Ev): TraceStep {
  return ev.loc ? { kind: ev.kind, message: ev.message, loc: ev.loc } : { kind: ev.kind, message: ev.message };
}

function traceOf(v: Violation): TraceStep[] {
  const events = v.step >= 0 ? v.path.events.slice(0, v.step + 1) : v.path.events;
  const steps = events.map(stepOf);
  if (v.step < 0) steps.push({ kind: 'note', message: v.message.replace(/ \(scenario: [^)]*\)\.$/, '.') });
  return steps;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.loc.file.localeCompare(b.loc.file) ||
    a.loc.range.startLine - b.loc.range.startLine ||
    a.loc.range.startCol - b.loc.range.startCol ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

function firstError(e: FileEntry) {
  const root = e.parsed!.tree.rootNode;
  // Descend towards the first ERROR or MISSING node without visiting the whole tree.
  let n = root;
  for (let guard = 0; guard < 10_000; guard++) {
    if (n.type === 'ERROR' || n.isMissing) return nodeLoc(e.path, n);
    const next = n.children.find((c) => c.hasError || c.isMissing || c.type === 'ERROR');
    if (!next) return nodeLoc(e.path, n);
    n = next;
  }
  return undefined;
}

function errorText(err: unknown): string {
  if (err instanceof RangeError) return 'the code is nested too deeply to analyse';
  return err instanceof Error ? err.message : String(err);
}

/** LSP content changes (each relative to the text after the previous one) as tree-sitter edits. */
function toEdits(oldText: string, changes: readonly TextChange[]): EditDelta[] {
  const edits: EditDelta[] = [];
  let text = oldText;
  for (const c of changes) {
    const starts = lineStarts(text);
    const startIndex = indexAt(starts, text, c.range.start.line, c.range.start.character);
    const oldEndIndex = indexAt(starts, text, c.range.end.line, c.range.end.character);
    const newEndIndex = startIndex + c.text.length;
    const after = text.slice(0, startIndex) + c.text + text.slice(oldEndIndex);
    edits.push({
      startIndex,
      oldEndIndex,
      newEndIndex,
      startPosition: pointAt(text, startIndex),
      oldEndPosition: pointAt(text, oldEndIndex),
      newEndPosition: pointAt(after, newEndIndex),
    });
    text = after;
  }
  return edits;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function indexAt(starts: number[], text: string, line: number, character: number): number {
  if (line >= starts.length) return text.length;
  return Math.min(starts[line] + character, line + 1 < starts.length ? starts[line + 1] : text.length);
}

/** tree-sitter's point (row, column) of an offset. */
function pointAt(text: string, index: number): { row: number; column: number } {
  const p = positionAt(text, index);
  return { row: p.line, column: p.col };
}
