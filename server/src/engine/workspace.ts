// A set of source files analysed together (a class declared in a header and implemented in a .cpp is one store).
// Keeps one parse per file, re-parses incrementally when given the edits, and parses only the files that can
// take part in a store: those that mention the store interface, and then those that implement the classes found.
import { DEFAULT_LIMITS, type Limits, type LintOptions, type SimulatedPath, type SimulatedStore, type SimulationReport, type TextChange } from './api';
import { extractFacts, type FileFacts } from './model/facts';
import { formatLoc, locKey, nodeLoc } from './model/loc';
import { dirOf, nearest, ProviderModel, type StoreModel } from './model/model';
import { parseText, reparseText, type EditDelta, type ParsedText } from './parse/parser';
import { RULE_CATALOG, ruleMeta } from './rules/catalog';
import { RULES } from './rules/index';
import type { StoreRun, Violation } from './rules/rule';
import { StoreSimulator, type Ev, type ScenarioRun } from './sim/interp';
import { SCENARIOS } from './sim/scenarios';
import { collectDirectives, type Directive } from './suppress';
import type { Finding, LintResult, Note, Severity, SourceInput, TraceStep } from './types';
import { candidatesFor, type FixContext } from './fix/candidates';
import { applyEdits, positionAt, type TextEdit } from './fix/style';

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
  text: string;
  version: number;
  parsed?: ParsedText;
  facts?: FileFacts;
  directives?: Directive[];
  /** The last tree of this file and the edits made since, for an incremental re-parse when it is needed. */
  base?: { parsed: ParsedText; edits: EditDelta[] };
  /** Whether the file implements one of the probed classes, per probe set (one per relevance round). */
  pull?: Map<string, boolean>;
}

/**
 * Identifiers in the text, and their `Prefix_` parts: the cheap index that decides which files to parse. It is
 * not kept (thousands of files' identifier sets cost more memory than recomputing them when the probes change).
 */
function wordsOf(e: FileEntry): Set<string> {
  const words = new Set<string>();
  for (const m of e.text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    const w = m[0];
    words.add(w);
    const u = w.indexOf('_', 1);
    if (u > 0) words.add(w.slice(0, u + 1));
  }
  return words;
}

interface Analysis {
  key: string;
  model: ProviderModel;
  runs: { store: StoreModel; runs: ScenarioRun[]; violations: Violation[] }[];
  notes: Note[];
}

/** Words whose presence makes a file worth parsing in the first round. */
const STORE_MARKERS = ['IMsgStore', 'StoreLogoff'];

export class Workspace {
  private readonly entries = new Map<string, FileEntry>();
  private version = 0;
  private analysis: Analysis | undefined;
  /** Simulation results per store, kept while the files the store is made of do not change. */
  private storeCache = new Map<string, { fingerprint: string; run: Analysis['runs'][number]; notes: Note[] }>();

  /**
   * Replace a file's text. With the editor's changes, the old tree is kept with the edits since it was built,
   * and the file is re-parsed incrementally when an analysis next needs it: a burst of keystrokes costs one
   * parse, not one per keystroke.
   */
  setFile(path: string, text: string, changes?: readonly TextChange[]): void {
    const old = this.entries.get(path);
    if (old && old.text === text) return;
    const entry: FileEntry = { path, text, version: ++this.version };
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
    this.entries.set(path, entry);
    this.analysis = undefined;
  }

  deleteFile(path: string): void {
    if (this.entries.delete(path)) this.analysis = undefined;
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

  /** Parse the files that can take part in a store, in rounds until no new file is pulled in. */
  private relevantFiles(): FileEntry[] {
    const chosen = new Map<string, FileEntry>();
    for (const e of this.entries.values()) if (STORE_MARKERS.some((m) => e.text.includes(m))) chosen.set(e.path, e);
    for (let round = 0; round < 4; round++) {
      const names = new Set<string>();
      for (const e of chosen.values()) {
        const facts = this.ensureParsed(e).facts!;
        for (const c of facts.classes) {
          if (c.bases.length) names.add(c.name);
          for (const b of c.bases) names.add(b.name);
        }
        for (const f of facts.functions) {
          const m = /^(\w+?)_StoreLogoff$/.exec(f.name);
          if (m) names.add(`${m[1]}_`);
          for (const p of f.params) names.add(p.type.replace(/\*+$/, ''));
        }
      }
      const probes = [...names].filter((n) => n.length > 2 && !/^(IUnknown|IMsgStore|IMAPIProp|ULONG|LPULONG|void|BOOL|HRESULT)$/.test(n));
      let added = 0;
      const key = probes.join(',');
      for (const e of this.entries.values()) {
        if (chosen.has(e.path)) continue;
        let pulled = e.pull?.get(key);
        if (pulled === undefined) {
          const words = wordsOf(e);
          const pulls = (n: string): boolean =>
            words.has(n) && (n.endsWith('_') || e.text.includes(`${n}::`) || e.text.includes(`class ${n}`) || e.text.includes(`struct ${n}`) || e.text.includes(`} ${n}`));
          pulled = probes.some(pulls);
          if (!e.pull || e.pull.size >= 8) e.pull = new Map();
          e.pull.set(key, pulled);
        }
        if (pulled) {
          chosen.set(e.path, e);
          added++;
        }
      }
      if (!added) break;
    }
    return [...chosen.values()].map((e) => this.ensureParsed(e));
  }

  // ---- analysis -----------------------------------------------------------------------------------------

  private analyse(limits: Limits): Analysis {
    const key = `${this.version}:${JSON.stringify(limits)}`;
    if (this.analysis && this.analysis.key === key) return this.analysis;
    const relevant = this.relevantFiles();
    const model = new ProviderModel(relevant.map((e) => e.facts!));
    const notes: Note[] = [];
    const runs: Analysis['runs'] = [];
    const live = new Set<string>();
    for (const store of model.stores) {
      const fingerprint = this.fingerprint(model, store, limits);
      const cacheKey = `${store.style}:${store.name}:${store.loc.file}`;
      live.add(cacheKey);
      const cached = this.storeCache.get(cacheKey);
      if (cached && cached.fingerprint === fingerprint) {
        runs.push(cached.run);
        notes.push(...cached.notes);
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
        this.storeCache.set(cacheKey, { fingerprint, run, notes: notes.slice(notesBefore) });
      } catch (err) {
        // Stack exhaustion on absurdly nested code is a limit of the analysis, not a bug in it.
        const kind = err instanceof RangeError ? 'analysis-capped' : 'internal-error';
        notes.push({ file: store.loc.file, kind, message: `${store.name}: the analysis failed: ${errorText(err)}`, loc: store.loc });
      }
    }
    for (const k of [...this.storeCache.keys()]) if (!live.has(k)) this.storeCache.delete(k);
    this.analysis = { key, model, runs, notes };
    return this.analysis;
  }

  /**
   * What a store's simulation depends on: the files that declare its classes, define their methods (C: the
   * functions that take the store), and the limits. Other files' edits leave its result valid.
   * (A #define in an unrelated header that the store's code reads is the one input this does not track.)
   */
  private fingerprint(model: ProviderModel, store: StoreModel, limits: Limits): string {
    const files = new Set<string>();
    for (const c of store.lineage) {
      files.add(c.file);
      for (const defs of model.methods.get(model.keyOf(c))?.values() ?? []) for (const d of defs) files.add(d.file);
    }
    if (store.style === 'c-vtable') {
      // The functions that take the store live next to its struct, StoreLogoff or Release (see the simulator).
      for (const f of [store.loc.file, store.storeLogoff?.file, store.release?.file]) {
        if (f) for (const fn of model.functionsIn(dirOf(f))) files.add(fn.file);
      }
    }
    return [...files].sort().map((f) => `${f}@${this.entries.get(f)?.version ?? -1}`).join('|') + JSON.stringify(limits);
  }

  lint(options: LintOptions = {}): LintResult {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const only = options.only ? new Set(options.only) : undefined;
    const wanted = (file: string): boolean => !only || only.has(file);
    const analysis = this.analyse(limits);
    const severityOf = (ruleId: string, file: string): Severity | undefined => {
      const setting = options.settingsFor?.(file)?.[ruleId];
      if (setting === 'off') return undefined;
      if (setting === 'warning' || setting === 'error') return setting;
      return ruleMeta(ruleId)?.defaultSeverity;
    };

    // One finding per rule and place: the first scenario (in the documented order) that shows it.
    const byKey = new Map<string, Finding>();
    for (const { store, violations } of analysis.runs) {
      for (const v of violations) {
        const key = `${v.ruleId}@${locKey(v.loc)}`;
        if (byKey.has(key)) continue;
        const severity = severityOf(v.ruleId, v.loc.file);
        if (!severity) continue;
        byKey.set(key, { ruleId: v.ruleId, severity, message: v.message, loc: v.loc, scenario: v.scenario, store: store.name, trace: traceOf(v) });
      }
    }

    // Suppressions, and the ones that suppress nothing.
    const findings: Finding[] = [];
    const used = new Set<Directive>();
    const directivesByFile = new Map<string, Directive[]>();
    for (const e of this.entries.values()) {
      if (!wanted(e.path)) continue;
      if (!e.directives && e.text.includes('mapi-lint-disable')) this.ensureParsed(e);
      if (e.directives?.length) directivesByFile.set(e.path, e.directives);
    }
    for (const f of byKey.values()) {
      const ds = directivesByFile.get(f.loc.file) ?? this.entries.get(f.loc.file)?.directives ?? [];
      const d = ds.find((x) => x.targetLine === f.loc.range.startLine && x.rules.includes(f.ruleId));
      if (d) {
        used.add(d);
        continue;
      }
      if (wanted(f.loc.file)) findings.push(f);
    }
    const known = new Set(RULE_CATALOG.map((r) => r.id));
    for (const [file, ds] of directivesByFile) {
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

    const notes: Note[] = analysis.notes.filter((n) => wanted(n.file));
    for (const e of this.entries.values()) {
      if (!wanted(e.path) || !e.parsed) continue;
      if (e.parsed.degraded) notes.push({ file: e.path, kind: 'parse-error', message: e.parsed.degraded });
      if (!e.parsed.tree.rootNode.hasError) continue;
      const err = firstError(e);
      notes.push({
        file: e.path,
        kind: 'parse-error',
        message: `syntax the parser could not read${err ? ` at ${formatLoc(err)}` : ''}; the analysis of the code around it may be incomplete`,
        loc: err,
      });
    }
    findings.sort(compareFindings);
    return { findings, notes };
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
      else w.entries.set(path, { path, text: t, version: 0 });
    }
    w.version = this.version + 1;
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
    const byFile = new Map<string, TextEdit[]>();
    for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    const texts = new Map<string, string>();
    for (const [file, es] of byFile) {
      const old = base.text(file);
      if (old === undefined) return undefined;
      try {
        texts.set(file, applyEdits(old, es));
      } catch {
        return undefined;
      }
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
        const texts = new Map<string, string>();
        for (const file of new Set(fix.edits.map((e) => e.file))) texts.set(file, applyEdits(current.text(file)!, fix.edits.filter((e) => e.file === file)));
        current = forkWorkspace(current, texts);
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
