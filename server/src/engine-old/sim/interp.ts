// The path-sensitive walk of a store's code. MAPI "calls" the store as a scenario says (scenarios.ts); this
// interpreter executes the provider's statements over abstract values: tracked members and locals, the support
// object (held references, released or not), the store itself. A condition it can decide takes one branch; an
// unknown one forks the path. Loops run zero, one and two times; gotos jump; `delete this` runs the destructor
// chain and the smart-pointer members' destructors; calls into the store's own methods and into functions that
// receive the store or the support object are followed. Work is capped (paths, statements, time, call depth)
// and a cut path is marked so that no rule judges it.
import { Lookups } from './deps';
import { parseText, type SyntaxNode } from '../parse/parser';
import type { FunctionFact } from '../model/facts';
import { nodeLoc } from '../model/loc';
import { storeDirs, type ProviderModel, type StoreModel } from '../model/model';
import type { Limits } from '../api';
import type { Loc, TraceStepKind } from '../types';
import { flagsText, LOGOFF_FLAGS, LOGOFF_ORDERLY, MAPI_E_CALL_FAILED, type EntryCall, type Scenario } from './scenarios';

// ---------------------------------------------------------------------------------------------------------
// Values and state

export type Val =
  | { k: 'int'; v: number; caller?: boolean }
  | { k: 'unknown'; caller?: boolean }
  | { k: 'sup' }
  | { k: 'self' }
  | { k: 'ref'; cell: string };

const UNKNOWN: Val = { k: 'unknown' };
const ZERO: Val = { k: 'int', v: 0 };
const SUP: Val = { k: 'sup' };
const SELF: Val = { k: 'self' };

function int(v: number, caller?: boolean): Val {
  return caller ? { k: 'int', v: v | 0, caller: true } : { k: 'int', v: v | 0 };
}

/** An event on a path: what the store did, where. */
export interface Ev {
  kind: TraceStepKind;
  message: string;
  loc?: Loc;
  /** Support method name for 'call' events. */
  method?: string;
  /** Flags passed to StoreLogoffTransports. */
  flags?: Val;
  /** Index of the scenario call (0-based) during which the event happened. */
  entry: number;
  /** Which entry point was running: StoreLogoff, Release, AddRef. */
  entryName?: EntryCall;
  /** The support object was already released when this happened. */
  afterRelease?: boolean;
  /** A release of the support object in a Release that is not the last one: the store is still referenced. */
  premature?: boolean;
}

interface EvNode {
  ev: Ev;
  prev: EvNode | null;
}

/** Cells: `m:<field>` store members, `l:<frame>:<name>` locals, `x:<name>` MAPI-side storage and globals. */
interface State {
  cells: Map<string, Val>;
  supRefs: number;
  destroyed: boolean;
  events: EvNode | null;
  eventCount: number;
  /** The exploration of this path was cut by a cap. */
  cut: boolean;
  gotos: number;
  /** The events the rules look at (calls, releases, destruction), as text: two paths that agree on it and on
   * the cells are the same path for every rule, whatever branches they took. */
  sig: string;
}

function clone(s: State): State {
  return { cells: new Map(s.cells), supRefs: s.supRefs, destroyed: s.destroyed, events: s.events, eventCount: s.eventCount, cut: s.cut, gotos: s.gotos, sig: s.sig };
}

function stateKey(s: State): string {
  let k = `${s.supRefs}|${s.destroyed ? 1 : 0}|${s.cut ? 1 : 0}|${s.gotos}|${s.sig}|`;
  for (const [c, v] of s.cells) k += `${c}=${v.k === 'int' ? `${v.v}${v.caller ? 'c' : ''}` : v.k === 'ref' ? `&${v.cell}` : v.k === 'unknown' && v.caller ? 'uc' : v.k};`;
  return k;
}

/** Merge paths that no rule can tell apart; the first one's trace is kept as the witness. */
function mergePaths(states: State[]): State[] {
  if (states.length < 2) return states;
  const seen = new Set<string>();
  const out: State[] = [];
  for (const s of states) {
    const k = stateKey(s);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
  }
  return out;
}

type Flow = { k: 'normal' } | { k: 'return'; val: Val } | { k: 'break' } | { k: 'continue' } | { k: 'goto'; label: string };
const NORMAL: Flow = { k: 'normal' };

interface Out {
  st: State;
  flow: Flow;
}
interface VOut {
  st: State;
  v: Val;
}

interface Frame {
  id: number;
  fn: FunctionFact;
  depth: number;
}

export interface PathResult {
  events: Ev[];
  cut: boolean;
  supRefsAtEnd: number;
  destroyed: boolean;
}

export interface ScenarioRun {
  scenario: Scenario;
  paths: PathResult[];
  capped?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Constants every provider sees (mapidefs.h, winerror.h); the provider's own #defines and enums come first.

const ATOMIC_OPS = new Set(['load', 'store', 'exchange', 'fetch_add', 'fetch_sub', 'compare_exchange_strong', 'compare_exchange_weak']);

const BUILTIN_CONSTANTS: ReadonlyMap<string, number> = new Map<string, number>([
  ...LOGOFF_FLAGS,
  ['TRUE', 1], ['FALSE', 0], ['NULL', 0], ['nullptr', 0], ['S_OK', 0], ['S_FALSE', 1], ['hrSuccess', 0], ['NOERROR', 0],
  ['SUCCESS_SUCCESS', 0],
]);

// ---------------------------------------------------------------------------------------------------------

/**
 * How deep statements and expressions may nest before a store's analysis gives up with a note. A fixed count, not
 * the JavaScript stack: the same code gets the same answer on the main thread and on a worker thread (whose stacks
 * differ in size). Real code nests a few dozen levels; this is far below what the smallest stack holds.
 */
const MAX_NESTING = 400;

export class StoreSimulator {
  private readonly initial: Map<string, Val>;
  readonly refCountField: string | undefined;
  private frameIds = 0;
  private steps = 0;
  private started = 0;
  private capped: string | undefined;
  private forks = 0;
  private scenario!: Scenario;
  private entry = 0;
  private entryName: EntryCall | undefined;
  private inFinalRelease = false;
  private readonly callerFlagsCell = 'x:callerFlags';
  private readonly supportFieldNames: Set<string>;
  private readonly smartSupportFields: Set<string>;

  /** The by-name lookups this store's simulation makes (see deps.ts). */
  readonly lookups: Lookups;

  constructor(
    private readonly model: ProviderModel,
    readonly store: StoreModel,
    private readonly limits: Limits,
  ) {
    this.lookups = new Lookups(model);
    this.supportFieldNames = new Set(store.supportMembers.map((m) => m.field.name));
    this.smartSupportFields = new Set(store.supportMembers.filter((m) => m.smart).map((m) => m.field.name));
    this.refCountField = this.findRefCountField();
    this.initial = this.initialMembers();
  }

  // ---- setup --------------------------------------------------------------------------------------------

  /** The member the store's Release decrements. */
  private findRefCountField(): string | undefined {
    const rel = this.store.release;
    if (!rel) return undefined;
    const self = this.selfParamName(rel);
    let found: string | undefined;
    walk(rel.body, (n) => {
      if (found) return false;
      let target: SyntaxNode | null = null;
      if (n.type === 'update_expression' && /--/.test(n.text)) target = n.childForFieldName('argument');
      else if (n.type === 'call_expression' && /InterlockedDecrement|InterlockedExchangeAdd|_InterlockedDecrement/.test(n.childForFieldName('function')?.text ?? '')) {
        target = n.childForFieldName('arguments')?.namedChild(0) ?? null;
        while (target && (target.type === 'cast_expression' || target.type === 'parenthesized_expression')) target = target.type === 'cast_expression' ? target.childForFieldName('value') : target.namedChild(0);
        if (target?.type === 'pointer_expression') target = target.childForFieldName('argument');
      } else if (n.type === 'assignment_expression' && n.childForFieldName('operator')?.text === '-=') target = n.childForFieldName('left');
      else if (n.type === 'call_expression' && n.childForFieldName('function')?.type === 'field_expression' && n.childForFieldName('function')?.childForFieldName('field')?.text === 'fetch_sub') {
        target = n.childForFieldName('function')!.childForFieldName('argument');
      }
      if (target) {
        const f = this.memberNameOf(target, self);
        if (f && this.store.fields.has(f)) found = f;
      }
      return true;
    });
    return found;
  }

  /** The member an expression names: `m_x`, `this->m_x`, `pims->x`, and struct members `m_ctx.psup`. */
  private memberNameOf(n: SyntaxNode, self: string | undefined): string | undefined {
    while (n.type === 'parenthesized_expression' && n.namedChild(0)) n = n.namedChild(0)!;
    if (n.type === 'identifier' || n.type === 'field_identifier') return this.store.style === 'cpp-class' ? n.text : undefined;
    if (n.type === 'field_expression') {
      const arg = n.childForFieldName('argument');
      const field = n.childForFieldName('field');
      if (!arg || !field) return undefined;
      if (arg.type === 'this' || (self && arg.text === self)) return field.text;
      if (n.childForFieldName('operator')?.text === '.') {
        const base = this.memberNameOf(arg, self);
        return base ? `${base}.${field.text}` : undefined;
      }
    }
    return undefined;
  }

  private selfParamName(fn: FunctionFact): string | undefined {
    if (this.store.style !== 'c-vtable') return undefined;
    const p = fn.params[0];
    return p && this.lookups.pointsToStore(p.pointer ? `${p.type}*` : p.type, this.store) ? p.name : undefined;
  }

  /** Initial member values: constructors (C++) or the functions that fill the struct (C); 0 otherwise. */
  private initialMembers(): Map<string, Val> {
    const seen = new Map<string, Val[]>();
    const note = (field: string, v: Val): void => {
      if (!this.store.fields.has(field)) return;
      const a = seen.get(field);
      if (a) a.push(v);
      else seen.set(field, [v]);
    };
    if (this.store.style === 'cpp-class') {
      for (const cls of this.store.lineage) {
        for (const ctor of this.model.methods.get(this.model.keyOf(cls))?.get(cls.name) ?? []) {
          for (const init of ctor.initializers) note(init.field, init.value ? this.constValue(init.value, ctor) : ZERO);
          for (const stmt of ctor.body.namedChildren) {
            const e = stmt.type === 'expression_statement' ? stmt.namedChild(0) : null;
            if (e?.type !== 'assignment_expression' || e.childForFieldName('operator')?.text !== '=') continue;
            const left = e.childForFieldName('left');
            const right = e.childForFieldName('right');
            const f = left ? this.memberNameOf(left, undefined) : undefined;
            if (f && right) note(f, this.constValue(right, ctor));
          }
        }
      }
    } else {
      const own = new Set([this.store.release, this.store.storeLogoff, this.store.addRef]);
      for (const defs of [this.nearFunctions()]) {
        for (const fn of defs) {
          if (own.has(fn)) continue;
          const storeVars = new Set(fn.params.filter((p) => this.lookups.pointsToStore(p.pointer ? `${p.type}*` : p.type, this.store)).map((p) => p.name));
          walk(fn.body, (n) => {
            if (n.type === 'declaration') {
              const t = n.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
              for (const d of n.childrenForFieldName('declarator')) {
                const isPtr = d.type === 'pointer_declarator' || d.childForFieldName('declarator')?.type === 'pointer_declarator';
                const id = d.descendantsOfType('identifier')[0];
                if (id && this.lookups.pointsToStore(isPtr ? `${t}*` : t, this.store)) storeVars.add(id.text);
              }
            }
            if (n.type === 'assignment_expression' && n.childForFieldName('operator')?.text === '=') {
              const left = n.childForFieldName('left');
              const right = n.childForFieldName('right');
              if (left?.type === 'field_expression' && right) {
                const arg = left.childForFieldName('argument');
                const field = left.childForFieldName('field');
                if (arg && field && storeVars.has(arg.text)) note(field.text, this.constValue(right, fn));
              }
            }
            return true;
          });
        }
      }
    }
    // A member that other methods change during the store's life (AddConnection, SetFlags...) can hold
    // anything when shutdown starts.
    for (const field of this.lifetimeMutatedMembers()) note(field, UNKNOWN);
    const init = new Map<string, Val>();
    for (const [field, vals] of seen) {
      const first = vals[0];
      const agree = vals.every((v) => v.k === 'int' && first.k === 'int' && v.v === first.v);
      init.set(field, agree ? first : UNKNOWN);
    }
    return init;
  }

  /**
   * C functions are matched to a struct by type name; when several providers in the tree share the names, the
   * functions of this store are the ones in the directories of its struct, StoreLogoff and Release.
   */
  private nearFunctions(): FunctionFact[] {
    return storeDirs(this.store).flatMap((d) => [...this.lookups.functionsIn(d)]);
  }

  /** Members written by the store's methods outside shutdown (and outside construction and destruction). */
  private lifetimeMutatedMembers(): Set<string> {
    const methods: FunctionFact[] = [];
    const ctorsAndDtors = new Set<FunctionFact>();
    if (this.store.style === 'cpp-class') {
      for (const cls of this.store.lineage) {
        for (const [name, defs] of this.model.methods.get(this.model.keyOf(cls)) ?? []) {
          for (const d of defs) {
            if (name === cls.name || name.startsWith('~')) ctorsAndDtors.add(d);
            else methods.push(d);
          }
        }
      }
    } else {
      for (const fn of this.nearFunctions()) if (this.selfParamName(fn)) methods.push(fn);
    }
    // Everything shutdown can reach is simulated, not assumed.
    const byName = new Map<string, FunctionFact[]>();
    for (const m of methods) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
    const reached = new Set<FunctionFact>();
    const finalRelease = this.store.release ? undefined : this.model.findMethod(this.store.lineage, 'FinalRelease', 0);
    const queue = [this.store.release, this.store.storeLogoff, this.store.addRef, finalRelease].filter((f): f is FunctionFact => !!f);
    for (const c of ctorsAndDtors) if (c.name.startsWith('~')) queue.push(c);
    while (queue.length) {
      const fn = queue.pop()!;
      if (reached.has(fn)) continue;
      reached.add(fn);
      walk(fn.body, (n) => {
        if (n.type === 'call_expression') {
          const f = n.childForFieldName('function');
          const name = f?.type === 'field_expression' ? f.childForFieldName('field')?.text : f?.type === 'qualified_identifier' ? f.childForFieldName('name')?.text : f?.text;
          for (const m of (name && byName.get(name)) || []) queue.push(m);
          if (this.store.prefix && name) for (const m of byName.get(`${this.store.prefix}_${name}`) ?? []) queue.push(m);
        }
        return true;
      });
    }
    const mutated = new Set<string>();
    for (const fn of methods) {
      if (reached.has(fn)) continue;
      const self = this.selfParamName(fn);
      walk(fn.body, (n) => {
        let target: SyntaxNode | null = null;
        if (n.type === 'assignment_expression') target = n.childForFieldName('left');
        else if (n.type === 'update_expression') target = n.childForFieldName('argument');
        const f = target ? this.memberNameOf(target, self) : undefined;
        if (f && f !== this.refCountField && !this.supportFieldNames.has(f)) mutated.add(f);
        return true;
      });
    }
    return mutated;
  }

  /** Value of a constant expression (initialisers); unknown when it is not constant. */
  private constValue(n: SyntaxNode, where?: FunctionFact): Val {
    const st: State = { cells: new Map(), supRefs: 0, destroyed: false, events: null, eventCount: 0, cut: false, gotos: 0, sig: '' };
    // Constants are looked up from the function the expression is in (providers in one tree may share names).
    const frame: Frame = { id: -1, fn: { file: where?.file } as unknown as FunctionFact, depth: 0 };
    try {
      const r = this.evalPure(n, st, frame);
      return r.k === 'int' ? r : UNKNOWN;
    } catch {
      return UNKNOWN;
    }
  }

  // ---- scenarios ----------------------------------------------------------------------------------------

  run(scenario: Scenario): ScenarioRun {
    this.scenario = scenario;
    this.capped = undefined;
    this.steps = 0;
    this.forks = 0;
    this.started = Date.now();
    const cells = new Map<string, Val>();
    for (const [k, v] of this.initial) cells.set(`m:${k}`, v);
    for (const f of this.supportFieldNames) cells.set(`m:${f}`, SUP);
    if (this.refCountField) cells.set(`m:${this.refCountField}`, int(scenario.references));
    cells.set(this.callerFlagsCell, int(LOGOFF_ORDERLY, true));
    let states: State[] = [
      { cells, supRefs: this.store.supportMembers.filter((m) => m.owning).length, destroyed: false, events: null, eventCount: 0, cut: false, gotos: 0, sig: '' },
    ];
    const releases = scenario.calls.filter((c) => c === 'Release').length;
    let releaseNo = 0;
    scenario.calls.forEach((call, i) => {
      this.entry = i;
      this.entryName = call;
      if (call === 'Release') releaseNo++;
      this.inFinalRelease = call === 'Release' && releaseNo === releases;
      const next: State[] = [];
      for (const st of states) {
        if (st.cut) {
          next.push(st);
          continue;
        }
        for (const o of this.callEntry(call, st)) next.push(o);
      }
      states = mergePaths(next);
      this.forks -= next.length - states.length;
    });
    return {
      scenario,
      capped: this.capped,
      paths: states.map((s) => ({ events: toArray(s.events), cut: s.cut, supRefsAtEnd: s.supRefs, destroyed: s.destroyed })),
    };
  }

  private callEntry(call: EntryCall, st: State): State[] {
    const fn = call === 'StoreLogoff' ? this.store.storeLogoff : call === 'Release' ? this.store.release : this.store.addRef;
    const who = call === 'StoreLogoff' ? 'StoreLogoff(&ulFlags = LOGOFF_ORDERLY)' : call;
    this.emit(st, 'scenario', `MAPI calls the store's ${who}${call === 'Release' ? (this.inFinalRelease ? ' (the last reference)' : ' (not the last reference)') : ''}`);
    if (!fn) {
      if (call === 'Release' && this.store.style === 'cpp-class') {
        // Release comes from a library base (ATL's CComObject and friends): on the last reference it deletes the object.
        if (!this.inFinalRelease) return [st];
        this.emit(st, 'note', 'Release is not in the analysed sources: assuming a library Release that deletes the object on the last reference');
        const fin = this.model.findMethod(this.store.lineage, 'FinalRelease', 0);
        let states = [st];
        if (fin) states = this.invoke(fin, [], states[0], 0).map((o) => o.st);
        return states.flatMap((s) => this.destroy(s, undefined, 0));
      }
      if (call === 'StoreLogoff') this.emit(st, 'note', 'StoreLogoff is not in the analysed sources');
      return [st];
    }
    const args: Val[] = [];
    if (this.store.style === 'c-vtable') args.push(SELF);
    if (call === 'StoreLogoff') args.push({ k: 'ref', cell: this.callerFlagsCell });
    return this.invoke(fn, args, st, 0).map((o) => o.st);
  }

  // ---- events -------------------------------------------------------------------------------------------

  private emit(st: State, kind: TraceStepKind, message: string, loc?: Loc, extra?: Partial<Ev>): void {
    if (st.eventCount > 400 && kind === 'branch') return; // keep traces readable on very long paths
    st.events = { ev: { kind, message, loc, entry: this.entry, entryName: this.entryName, ...extra }, prev: st.events };
    st.eventCount++;
    if (kind !== 'branch' && kind !== 'enter' && kind !== 'return' && kind !== 'note') {
      const f = extra?.flags;
      st.sig += `${kind[0]}${extra?.method ?? ''}${f ? (f.k === 'int' ? `${f.v}${f.caller ? 'c' : ''}` : f.k) : ''}@${loc ? `${loc.range.startLine}:${loc.range.startCol}` : ''}/${this.entry};`;
    }
  }

  private loc(frame: Frame, n: SyntaxNode): Loc {
    return nodeLoc(frame.fn.file, n);
  }

  // ---- caps ---------------------------------------------------------------------------------------------

  private tick(st: State): boolean {
    if (st.cut) return false;
    this.steps++;
    if (this.steps > this.limits.maxSteps) return this.cut(st, `more than ${this.limits.maxSteps} statements`);
    if ((this.steps & 255) === 0 && Date.now() - this.started > this.limits.maxMillis) return this.cut(st, `more than ${this.limits.maxMillis} ms`);
    return true;
  }

  private cut(st: State, why: string): false {
    st.cut = true;
    this.capped = this.capped ?? `analysis cut in scenario '${this.scenario.id}': ${why}`;
    return false;
  }

  /** Fork a state, unless the path cap is reached (then the path keeps only the first alternative). */
  private fork(st: State): State | undefined {
    if (++this.forks >= this.limits.maxPaths) {
      this.capped = this.capped ?? `analysis cut in scenario '${this.scenario.id}': more than ${this.limits.maxPaths} paths`;
      return undefined;
    }
    return clone(st);
  }

  // ---- functions ----------------------------------------------------------------------------------------

  private invoke(fn: FunctionFact, args: Val[], st: State, depth: number): VOut[] {
    if (depth > this.limits.maxCallDepth) {
      this.cut(st, `calls nested deeper than ${this.limits.maxCallDepth}`);
      return [{ st, v: UNKNOWN }];
    }
    const frame: Frame = { id: ++this.frameIds, fn, depth };
    fn.params.forEach((p, i) => {
      if (p.name) st.cells.set(`l:${frame.id}:${p.name}`, args[i] ?? UNKNOWN);
    });
    this.emit(st, 'enter', `enters ${fn.scope ? `${fn.scope}::` : ''}${fn.name}`, fn.loc);
    const outs = this.execBlock(fn.body, st, frame);
    return outs.map((o) => {
      // Locals of the frame die with it.
      for (const k of [...o.st.cells.keys()]) if (k.startsWith(`l:${frame.id}:`)) o.st.cells.delete(k);
      if (o.flow.k === 'goto' && !o.st.cut) this.cut(o.st, `goto ${o.flow.label} to a label that was not found`);
      return { st: o.st, v: o.flow.k === 'return' ? o.flow.val : UNKNOWN };
    });
  }

  // ---- statements ---------------------------------------------------------------------------------------

  private execBlock(block: SyntaxNode, st: State, frame: Frame): Out[] {
    const stmts = block.namedChildren.filter((c) => c.type !== 'comment');
    return this.execSeq(stmts, 0, st, frame);
  }

  private execSeq(stmts: SyntaxNode[], from: number, st0: State, frame: Frame): Out[] {
    let live: State[] = [st0];
    const done: Out[] = [];
    for (let i = from; i < stmts.length && live.length; i++) {
      const next: State[] = [];
      for (const st of live) {
        for (const o of this.exec(stmts[i], st, frame)) {
          if (o.flow.k === 'normal') next.push(o.st);
          else if (o.flow.k === 'goto') {
            const target = findLabel(stmts, o.flow.label);
            if (target >= 0 && o.st.gotos < 8) {
              o.st.gotos++;
              for (const r of this.execSeq(stmts, target, o.st, frame)) done.push(r);
            } else if (target >= 0) {
              this.cut(o.st, `goto ${o.flow.label} taken more than 8 times`);
              done.push({ st: o.st, flow: { k: 'return', val: UNKNOWN } });
            } else done.push(o);
          } else done.push(o);
        }
      }
      live = mergePaths(next);
      this.forks -= next.length - live.length; // merged paths give their budget back
    }
    for (const st of live) done.push({ st, flow: NORMAL });
    return done;
  }

  /** Statements and expressions being executed inside one another (see MAX_NESTING). */
  private nesting = 0;

  private enter(): void {
    if (this.nesting >= MAX_NESTING) throw new RangeError(`more than ${MAX_NESTING} statements or expressions inside one another`);
    this.nesting++;
  }

  private exec(n: SyntaxNode, st: State, frame: Frame): Out[] {
    this.enter();
    try {
      return this.execNode(n, st, frame);
    } finally {
      this.nesting--;
    }
  }

  private execNode(n: SyntaxNode, st: State, frame: Frame): Out[] {
    if (!this.tick(st)) return [{ st, flow: { k: 'return', val: UNKNOWN } }];
    switch (n.type) {
      case 'compound_statement':
        return this.execBlock(n, st, frame);
      case 'expression_statement': {
        const e = n.namedChild(0);
        if (!e) return [{ st, flow: NORMAL }];
        return this.eval(e, st, frame).map((r) => ({ st: r.st, flow: NORMAL }));
      }
      case 'declaration':
        return this.execDeclaration(n, st, frame);
      case 'if_statement':
        return this.execIf(n, st, frame);
      case 'while_statement':
      case 'for_statement':
      case 'do_statement':
      case 'for_range_loop':
        return this.execLoop(n, st, frame);
      case 'switch_statement':
        return this.execSwitch(n, st, frame);
      case 'return_statement': {
        const e = n.namedChild(0);
        if (!e) return [{ st, flow: { k: 'return', val: UNKNOWN } }];
        return this.eval(e, st, frame).map((r) => {
          this.emit(r.st, 'return', `returns ${describe(r.v)}`, this.loc(frame, n));
          return { st: r.st, flow: { k: 'return', val: r.v } };
        });
      }
      case 'break_statement':
        return [{ st, flow: { k: 'break' } }];
      case 'continue_statement':
        return [{ st, flow: { k: 'continue' } }];
      case 'goto_statement': {
        const label = n.childForFieldName('label')?.text ?? n.namedChild(0)?.text ?? '';
        this.emit(st, 'branch', `goto ${label}`, this.loc(frame, n));
        return [{ st, flow: { k: 'goto', label } }];
      }
      case 'labeled_statement': {
        const inner = n.namedChildren.filter((c) => c.type !== 'statement_identifier');
        return inner.length ? this.execSeq(inner, 0, st, frame) : [{ st, flow: NORMAL }];
      }
      case 'try_statement': {
        const body = n.childForFieldName('body');
        return body ? this.exec(body, st, frame) : [{ st, flow: NORMAL }];
      }
      case 'throw_statement':
        this.emit(st, 'return', 'throws', this.loc(frame, n));
        return [{ st, flow: { k: 'return', val: UNKNOWN } }];
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef':
      case 'preproc_else':
        return this.execConditionalGroup(n, st, frame);
      default:
        return [{ st, flow: NORMAL }];
    }
  }

  /**
   * `#if` / `#ifdef` inside a function: run the group a preprocessor would keep, judging macros by the
   * #defines of the analysed files (a macro defined nowhere in them, such as DEBUG, is undefined).
   * A condition that cannot be evaluated keeps the first group.
   */
  private execConditionalGroup(n: SyntaxNode, st: State, frame: Frame): Out[] {
    const cond = n.childForFieldName('condition');
    const name = n.childForFieldName('name');
    const alt = n.childForFieldName('alternative');
    let take = true;
    if (n.type === 'preproc_ifdef' || n.type === 'preproc_elifdef') {
      const defined = !!name && this.lookups.hasMacro(name.text);
      take = /^#\s*(ifndef|elifndef)/.test(n.text) ? !defined : defined;
    } else if (cond) {
      take = preprocTruth(cond, { has: (m) => this.lookups.hasMacro(m) }, (id) => this.constant(id, frame.fn?.file)) ?? true;
    }
    if (!take) return alt ? this.exec(alt, st, frame) : [{ st, flow: NORMAL }];
    const stmts = n.namedChildren.filter((c) => c !== cond && c !== name && c !== alt && c.type !== 'comment');
    return this.execSeq(stmts, 0, st, frame);
  }

  private execDeclaration(n: SyntaxNode, st: State, frame: Frame): Out[] {
    let states: State[] = [st];
    for (const d of n.childrenForFieldName('declarator')) {
      const nameNode = declaredName(d);
      if (!nameNode) continue;
      const cell = `l:${frame.id}:${nameNode.text}`;
      const value = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
      const next: State[] = [];
      for (const s of states) {
        if (!value) {
          s.cells.set(cell, UNKNOWN);
          next.push(s);
          continue;
        }
        const init = value.type === 'argument_list' || value.type === 'initializer_list' ? value.namedChild(0) : value;
        if (!init) {
          s.cells.set(cell, ZERO);
          next.push(s);
          continue;
        }
        for (const r of this.eval(init, s, frame)) {
          r.st.cells.set(cell, r.v);
          next.push(r.st);
        }
      }
      states = next;
    }
    return states.map((s) => ({ st: s, flow: NORMAL }));
  }

  /** Evaluate a condition and split the paths by its truth. */
  private decide(cond: SyntaxNode, st: State, frame: Frame, what: string): { st: State; truth: boolean }[] {
    const out: { st: State; truth: boolean }[] = [];
    const text = oneLine(cond.text);
    const results = cond.type === 'condition_clause' ? this.evalCondition(cond, st, frame) : this.eval(cond, st, frame);
    for (const r of results) {
      const t = truth(r.v);
      if (t !== undefined) {
        this.emit(r.st, 'branch', `${what} ${text} is ${t}`, this.loc(frame, cond));
        out.push({ st: r.st, truth: t });
        continue;
      }
      const other = this.fork(r.st);
      this.emit(r.st, 'branch', `${what} ${text}: assumed true (not decidable here)`, this.loc(frame, cond));
      out.push({ st: r.st, truth: true });
      if (other) {
        this.emit(other, 'branch', `${what} ${text}: assumed false (not decidable here)`, this.loc(frame, cond));
        out.push({ st: other, truth: false });
      }
    }
    return out;
  }

  private evalCondition(clause: SyntaxNode, st: State, frame: Frame): VOut[] {
    // condition_clause: `(expr)` or `(init; expr)` or `(T x = expr)`
    let states: State[] = [st];
    let last: VOut[] = [];
    for (const c of clause.namedChildren) {
      if (c.type === 'comment') continue;
      if (c.type === 'declaration' || c.type === 'init_statement') {
        states = states.flatMap((s) => this.exec(c, s, frame).map((o) => o.st));
        const id = declaredName(c.childForFieldName('declarator') ?? c);
        if (id) last = states.map((s) => ({ st: s, v: s.cells.get(`l:${frame.id}:${id.text}`) ?? UNKNOWN }));
        continue;
      }
      last = states.flatMap((s) => this.eval(c, s, frame));
      states = last.map((r) => r.st);
    }
    return last.length ? last : states.map((s) => ({ st: s, v: UNKNOWN }));
  }

  private execIf(n: SyntaxNode, st: State, frame: Frame): Out[] {
    const cond = n.childForFieldName('condition');
    const cons = n.childForFieldName('consequence');
    const alt = n.childForFieldName('alternative');
    if (!cond) return [{ st, flow: NORMAL }];
    const out: Out[] = [];
    for (const d of this.decide(cond, st, frame, 'if')) {
      const branch = d.truth ? cons : alt ? (alt.type === 'else_clause' ? alt.namedChild(0) : alt) : null;
      if (branch) for (const o of this.exec(branch, d.st, frame)) out.push(o);
      else out.push({ st: d.st, flow: NORMAL });
    }
    return out;
  }

  private execLoop(n: SyntaxNode, st: State, frame: Frame): Out[] {
    const body = n.childForFieldName('body');
    const out: Out[] = [];
    let states: State[] = [st];
    if (n.type === 'for_statement') {
      const init = n.childForFieldName('initializer');
      if (init) states = states.flatMap((s) => (init.type === 'declaration' ? this.exec(init, s, frame) : this.eval(init, s, frame).map((r) => ({ st: r.st, flow: NORMAL }))).map((o) => o.st));
    }
    const cond = n.childForFieldName('condition');
    const update = n.childForFieldName('update');
    const isDo = n.type === 'do_statement';
    const isRange = n.type === 'for_range_loop';
    // Run the body at most twice; a third trip adds nothing the first two did not show for this protocol.
    for (let trip = 0; trip < 3 && states.length; trip++) {
      const entering: State[] = [];
      for (const s of states) {
        if (trip === 2) {
          out.push({ st: s, flow: NORMAL });
          continue;
        }
        if (isDo && trip === 0) {
          entering.push(s);
          continue;
        }
        if (isRange) {
          const other = trip === 0 ? this.fork(s) : undefined;
          entering.push(s);
          if (other) out.push({ st: other, flow: NORMAL });
          continue;
        }
        if (!cond) {
          entering.push(s);
          continue;
        }
        for (const d of this.decide(cond, s, frame, 'loop')) {
          if (d.truth) entering.push(d.st);
          else out.push({ st: d.st, flow: NORMAL });
        }
      }
      const again: State[] = [];
      for (const s of entering) {
        const results = body ? this.exec(body, s, frame) : [{ st: s, flow: NORMAL }];
        for (const o of results) {
          if (o.flow.k === 'break') out.push({ st: o.st, flow: NORMAL });
          else if (o.flow.k === 'return' || o.flow.k === 'goto') out.push(o);
          else again.push(o.st);
        }
      }
      states = update ? again.flatMap((s) => this.eval(update, s, frame).map((r) => r.st)) : again;
      if (trip === 1 && !cond && !isRange && !isDo) {
        // for (;;) or while (true) that did not break in two trips: cut rather than guess.
        for (const s of states) {
          this.cut(s, 'a loop without a decidable exit');
          out.push({ st: s, flow: { k: 'return', val: UNKNOWN } });
        }
        states = [];
      }
    }
    return out;
  }

  private execSwitch(n: SyntaxNode, st: State, frame: Frame): Out[] {
    const cond = n.childForFieldName('condition');
    const body = n.childForFieldName('body');
    if (!cond || !body) return [{ st, flow: NORMAL }];
    const cases = body.namedChildren.filter((c) => c.type === 'case_statement');
    const out: Out[] = [];
    const subjects = cond.type === 'condition_clause' ? this.evalCondition(cond, st, frame) : this.eval(cond, st, frame);
    for (const r of subjects) {
      let starts: number[] = [];
      const def = cases.findIndex((c) => !c.childForFieldName('value'));
      if (r.v.k === 'int') {
        const v = r.v.v;
        const hit = cases.findIndex((c) => {
          const val = c.childForFieldName('value');
          if (!val) return false;
          const cv = this.evalPure(val, r.st, frame);
          return cv.k === 'int' && cv.v === v;
        });
        starts = [hit >= 0 ? hit : def];
      } else {
        starts = cases.map((_, i) => i);
        if (def < 0) starts.push(-1);
      }
      starts.forEach((start, i) => {
        const s = i === 0 ? r.st : this.fork(r.st);
        if (!s) return;
        if (start < 0) {
          out.push({ st: s, flow: NORMAL });
          return;
        }
        this.emit(s, 'branch', `switch ${oneLine(cond.text)}: case ${oneLine(cases[start].childForFieldName('value')?.text ?? 'default')}`, this.loc(frame, cases[start]));
        const stmts = cases.slice(start).flatMap((c) => c.namedChildren.filter((x) => x !== c.childForFieldName('value') && x.type !== 'comment'));
        for (const o of this.execSeq(stmts, 0, s, frame)) out.push(o.flow.k === 'break' ? { st: o.st, flow: NORMAL } : o);
      });
    }
    return out;
  }

  // ---- expressions --------------------------------------------------------------------------------------

  /** Evaluate without following calls (case labels, constants). */
  private evalPure(n: SyntaxNode, st: State, frame: Frame): Val {
    const r = this.eval(n, clone(st), frame, true);
    return r.length === 1 ? r[0].v : UNKNOWN;
  }

  private eval(n: SyntaxNode, st: State, frame: Frame, pure = false): VOut[] {
    this.enter();
    try {
      return this.evalNode(n, st, frame, pure);
    } finally {
      this.nesting--;
    }
  }

  private evalNode(n: SyntaxNode, st: State, frame: Frame, pure: boolean): VOut[] {
    switch (n.type) {
      case 'number_literal': {
        const v = parseNumber(n.text);
        return [{ st, v: v === undefined ? UNKNOWN : int(v) }];
      }
      case 'true':
        return [{ st, v: int(1) }];
      case 'false':
      case 'null':
      case 'nullptr':
        return [{ st, v: ZERO }];
      case 'string_literal':
      case 'char_literal':
      case 'concatenated_string':
      case 'raw_string_literal':
        return [{ st, v: UNKNOWN }];
      case 'this':
        return [{ st, v: SELF }];
      case 'identifier':
        return [{ st, v: this.readIdentifier(n.text, st, frame) }];
      case 'qualified_identifier': {
        const name = n.childForFieldName('name')?.text ?? n.text;
        return [{ st, v: this.constant(name, frame.fn?.file) ?? UNKNOWN }];
      }
      case 'field_expression':
        return this.evalField(n, st, frame, pure);
      case 'parenthesized_expression':
      case 'condition_clause': {
        const inner = n.namedChildren.filter((c) => c.type !== 'comment');
        if (!inner.length) return [{ st, v: UNKNOWN }];
        return this.evalSequence(inner, st, frame, pure);
      }
      case 'comma_expression': {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        return this.evalSequence([l, r].filter((x): x is SyntaxNode => !!x), st, frame, pure);
      }
      case 'cast_expression': {
        const v = n.childForFieldName('value');
        return v ? this.eval(v, st, frame, pure) : [{ st, v: UNKNOWN }];
      }
      case 'pointer_expression':
        return this.evalPointer(n, st, frame, pure);
      case 'unary_expression':
        return this.evalUnary(n, st, frame, pure);
      case 'binary_expression':
        return this.evalBinary(n, st, frame, pure);
      case 'conditional_expression':
        return this.evalConditional(n, st, frame, pure);
      case 'update_expression':
        return pure ? [{ st, v: UNKNOWN }] : this.evalUpdate(n, st, frame);
      case 'assignment_expression':
        return pure ? [{ st, v: UNKNOWN }] : this.evalAssign(n, st, frame);
      case 'call_expression':
        return pure ? this.evalPureCall(n, st, frame) : this.evalCall(n, st, frame);
      case 'delete_expression': {
        if (pure) return [{ st, v: UNKNOWN }];
        const target = n.namedChildren.find((c) => c.type !== 'comment');
        if (!target) return [{ st, v: UNKNOWN }];
        return this.eval(target, st, frame).flatMap((r) => (r.v.k === 'self' ? this.destroy(r.st, this.loc(frame, n), frame.depth).map((s) => ({ st: s, v: UNKNOWN })) : [{ st: r.st, v: UNKNOWN }]));
      }
      case 'sizeof_expression':
      case 'alignof_expression':
        return [{ st, v: UNKNOWN }];
      default:
        return [{ st, v: UNKNOWN }];
    }
  }

  private evalSequence(nodes: SyntaxNode[], st: State, frame: Frame, pure: boolean): VOut[] {
    let cur: VOut[] = [{ st, v: UNKNOWN }];
    for (const x of nodes) cur = cur.flatMap((r) => this.eval(x, r.st, frame, pure));
    return cur;
  }

  private constant(name: string, file?: string): Val | undefined {
    const v = this.lookups.constantNear(name, file) ?? BUILTIN_CONSTANTS.get(name) ?? this.defineValue(name);
    if (v !== undefined) return int(v);
    if (/^(MAPI_E_|E_)[A-Z0-9_]+$/.test(name)) return int(MAPI_E_CALL_FAILED);
    if (/^(MAPI_W_|S_)[A-Z0-9_]+$/.test(name)) return int(1);
    return undefined;
  }

  private readonly defineCache = new Map<string, number | undefined>();

  /** The value of `#define NAME <expression>`: the expression is parsed and evaluated once. */
  private defineValue(name: string): number | undefined {
    if (this.defineCache.has(name)) return this.defineCache.get(name);
    const text = this.lookups.define(name);
    if (text === undefined) return undefined;
    this.defineCache.set(name, undefined); // a define that refers to itself stays unknown
    const parsed = parseText(`int mapi_lint_value = ${text.replace(/\\\r?\n/g, ' ')};`);
    const init = parsed.tree.rootNode.descendantsOfType('init_declarator')[0]?.childForFieldName('value');
    const v = init ? this.constValue(init) : UNKNOWN;
    const out = v.k === 'int' ? v.v : undefined;
    this.defineCache.set(name, out);
    return out;
  }

  private readIdentifier(name: string, st: State, frame: Frame): Val {
    const local = st.cells.get(`l:${frame.id}:${name}`);
    if (local !== undefined) return local;
    if (this.isMemberName(name, frame)) return st.cells.get(`m:${name}`) ?? ZERO;
    const global = st.cells.get(`x:${name}`);
    if (global !== undefined) return global;
    return this.constant(name, frame.fn?.file) ?? UNKNOWN;
  }

  /** An unqualified identifier names a member inside the store's own C++ methods. */
  private isMemberName(name: string, frame: Frame): boolean {
    return this.store.style === 'cpp-class' && !!frame.fn && frame.fn.scope !== undefined && this.store.fields.has(name);
  }

  /** The cell an lvalue designates, or undefined when it is not tracked. */
  private cellOf(n: SyntaxNode, st: State, frame: Frame): string | undefined {
    while (n.type === 'parenthesized_expression' && n.namedChild(0)) n = n.namedChild(0)!;
    switch (n.type) {
      case 'identifier': {
        const local = `l:${frame.id}:${n.text}`;
        if (st.cells.has(local)) return local;
        if (this.isMemberName(n.text, frame)) return `m:${n.text}`;
        return `x:${n.text}`;
      }
      case 'field_expression': {
        const arg = n.childForFieldName('argument');
        const field = n.childForFieldName('field');
        if (!arg || !field) return undefined;
        if (n.childForFieldName('operator')?.text === '.') {
          // m_ctx.psup, this->m_logoff.ulFlags: a field of a struct member.
          const inner = this.cellOf(arg, st, frame);
          const path = inner?.startsWith('m:') ? `${inner.slice(2)}.${field.text}` : undefined;
          return path && this.store.fields.has(path) ? `m:${path}` : undefined;
        }
        const base = this.evalPure(arg, st, frame);
        if (base.k === 'self' && this.store.fields.has(field.text)) return `m:${field.text}`;
        return undefined;
      }
      case 'pointer_expression': {
        if (n.childForFieldName('operator')?.text !== '*') return undefined;
        const arg = n.childForFieldName('argument');
        const p = arg ? this.evalPure(arg, st, frame) : UNKNOWN;
        return p.k === 'ref' ? p.cell : undefined;
      }
      case 'cast_expression': {
        const v = n.childForFieldName('value');
        return v ? this.cellOf(v, st, frame) : undefined;
      }
      default:
        return undefined;
    }
  }

  private evalField(n: SyntaxNode, st: State, frame: Frame, pure: boolean): VOut[] {
    const arg = n.childForFieldName('argument');
    const field = n.childForFieldName('field');
    if (!arg || !field) return [{ st, v: UNKNOWN }];
    if (n.childForFieldName('operator')?.text === '.') {
      const cell = this.cellOf(n, st, frame);
      if (cell) return [{ st, v: st.cells.get(cell) ?? ZERO }];
    }
    return this.eval(arg, st, frame, pure).map((r) => {
      if (r.v.k === 'self' && this.store.fields.has(field.text)) return { st: r.st, v: r.st.cells.get(`m:${field.text}`) ?? ZERO };
      if (r.v.k === 'sup' && field.text === 'lpVtbl') return { st: r.st, v: SUP };
      // `.p` of a smart pointer is the raw interface pointer.
      if (r.v.k === 'sup' && field.text === 'p') return { st: r.st, v: SUP };
      return { st: r.st, v: UNKNOWN };
    });
  }

  private evalPointer(n: SyntaxNode, st: State, frame: Frame, pure: boolean): VOut[] {
    const op = n.childForFieldName('operator')?.text;
    const arg = n.childForFieldName('argument');
    if (!arg) return [{ st, v: UNKNOWN }];
    if (op === '&') {
      const cell = this.cellOf(arg, st, frame);
      if (cell) return [{ st, v: { k: 'ref', cell } }];
      return this.eval(arg, st, frame, pure).map((r) => ({ st: r.st, v: r.v.k === 'self' || r.v.k === 'sup' ? r.v : UNKNOWN }));
    }
    return this.eval(arg, st, frame, pure).map((r) => {
      if (r.v.k === 'ref') return { st: r.st, v: r.st.cells.get(r.v.cell) ?? UNKNOWN };
      if (r.v.k === 'self' || r.v.k === 'sup') return { st: r.st, v: r.v };
      return { st: r.st, v: UNKNOWN };
    });
  }

  private evalUnary(n: SyntaxNode, st: State, frame: Frame, pure: boolean): VOut[] {
    const op = n.childForFieldName('operator')?.text;
    const arg = n.childForFieldName('argument');
    if (!arg) return [{ st, v: UNKNOWN }];
    return this.eval(arg, st, frame, pure).map((r) => {
      const v = r.v;
      if (op === '!') {
        const t = truth(v);
        return { st: r.st, v: t === undefined ? UNKNOWN : int(t ? 0 : 1) };
      }
      if (v.k !== 'int') return { st: r.st, v: UNKNOWN };
      if (op === '-') return { st: r.st, v: int(-v.v, v.caller) };
      if (op === '~') return { st: r.st, v: int(~v.v, v.caller) };
      return { st: r.st, v };
    });
  }

  private evalBinary(n: SyntaxNode, st: State, frame: Frame, pure: boolean): VOut[] {
    const op = n.childForFieldName('operator')?.text ?? '';
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right) return [{ st, v: UNKNOWN }];
    if (op === '&&' || op === '||') {
      const out: VOut[] = [];
      for (const l of this.eval(left, st, frame, pure)) {
        const t = truth(l.v);
        if (op === '&&' && t === false) out.push({ st: l.st, v: ZERO });
        else if (op === '||' && t === true) out.push({ st: l.st, v: int(1) });
        else {
          for (const r of this.eval(right, l.st, frame, pure)) {
            const u = truth(r.v);
            if (t === undefined) {
              // Left undecided: the result is decided only if the right side settles it.
              const v = op === '&&' ? (u === false ? ZERO : UNKNOWN) : u === true ? int(1) : UNKNOWN;
              out.push({ st: r.st, v });
            } else out.push({ st: r.st, v: u === undefined ? UNKNOWN : int(u ? 1 : 0) });
          }
        }
      }
      return out;
    }
    const out: VOut[] = [];
    for (const l of this.eval(left, st, frame, pure)) {
      for (const r of this.eval(right, l.st, frame, pure)) out.push({ st: r.st, v: binop(op, l.v, r.v) });
    }
    return out;
  }

  private evalConditional(n: SyntaxNode, st: State, frame: Frame, pure: boolean): VOut[] {
    const cond = n.childForFieldName('condition');
    const cons = n.childForFieldName('consequence');
    const alt = n.childForFieldName('alternative');
    if (!cond || !cons || !alt) return [{ st, v: UNKNOWN }];
    if (pure) {
      const t = truth(this.evalPure(cond, st, frame));
      if (t === undefined) return [{ st, v: UNKNOWN }];
      return this.eval(t ? cons : alt, st, frame, true);
    }
    return this.decide(cond, st, frame, '?:').flatMap((d) => this.eval(d.truth ? cons : alt, d.st, frame));
  }

  private evalUpdate(n: SyntaxNode, st: State, frame: Frame): VOut[] {
    const arg = n.childForFieldName('argument');
    if (!arg) return [{ st, v: UNKNOWN }];
    const op = n.childForFieldName('operator')?.text ?? (n.text.includes('++') ? '++' : '--');
    const prefix = n.firstChild?.type === '++' || n.firstChild?.type === '--';
    const cell = this.cellOf(arg, st, frame);
    if (!cell) return [{ st, v: UNKNOWN }];
    const old = st.cells.get(cell) ?? (cell.startsWith('m:') ? ZERO : UNKNOWN);
    const nv = old.k === 'int' ? int(old.v + (op === '++' ? 1 : -1)) : UNKNOWN;
    st.cells.set(cell, nv);
    return [{ st, v: prefix ? nv : old }];
  }

  private evalAssign(n: SyntaxNode, st: State, frame: Frame): VOut[] {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    const op = n.childForFieldName('operator')?.text ?? '=';
    if (!left || !right) return [{ st, v: UNKNOWN }];
    return this.eval(right, st, frame).flatMap((r) => {
      const cell = this.cellOf(left, r.st, frame);
      if (!cell) {
        // `*lpulFlags = x` through an untracked pointer, `p->x = ...` on another object: evaluate for effects only.
        return [{ st: r.st, v: r.v }];
      }
      const old = r.st.cells.get(cell) ?? (cell.startsWith('m:') ? ZERO : UNKNOWN);
      const nv = op === '=' ? r.v : binop(op.slice(0, -1), old, r.v);
      const field = cell.startsWith('m:') ? cell.slice(2) : undefined;
      const states: State[] = [r.st];
      if (field && this.smartSupportFields.has(field) && old.k === 'sup' && op === '=') {
        // Assigning to a smart pointer releases what it held (CComPtr = NULL, .reset-like).
        if (!(nv.k === 'sup')) this.supportRelease(r.st, this.loc(frame, n), `${field} = ${oneLine(right.text)} releases the support object`);
      }
      if (field && this.supportFieldNames.has(field) && nv.k === 'sup' && old.k !== 'sup' && this.smartSupportFields.has(field)) {
        // Smart pointer assignment from a raw pointer AddRefs.
        r.st.supRefs++;
      }
      r.st.cells.set(cell, nv);
      return states.map((s) => ({ st: s, v: nv }));
    });
  }

  // ---- calls --------------------------------------------------------------------------------------------

  private argNodes(call: SyntaxNode): SyntaxNode[] {
    return call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  }

  /** Evaluate arguments left to right; each result carries the state and the argument values. */
  private evalArgs(nodes: SyntaxNode[], st: State, frame: Frame): { st: State; vals: Val[] }[] {
    let cur: { st: State; vals: Val[] }[] = [{ st, vals: [] }];
    for (const a of nodes) {
      cur = cur.flatMap((c) => this.eval(a, c.st, frame).map((r) => ({ st: r.st, vals: [...c.vals, r.v] })));
    }
    return cur;
  }

  private evalPureCall(n: SyntaxNode, st: State, frame: Frame): VOut[] {
    const fnName = n.childForFieldName('function')?.text ?? '';
    const args = this.argNodes(n);
    if (args.length === 1 && /^(SUCCEEDED|FAILED|HR_SUCCEEDED|HR_FAILED)$/.test(fnName)) {
      const v = this.evalPure(args[0], st, frame);
      return [{ st, v: hresultTest(fnName, v) }];
    }
    return [{ st, v: UNKNOWN }];
  }

  private evalCall(n: SyntaxNode, st: State, frame: Frame): VOut[] {
    const fnNode = n.childForFieldName('function');
    if (!fnNode) return [{ st, v: UNKNOWN }];
    const args = this.argNodes(n);
    const loc = this.loc(frame, n);
    if (fnNode.type === 'field_expression') return this.evalMemberCall(fnNode, args, st, frame, loc);
    if (fnNode.type === 'qualified_identifier') {
      // Base::Release(), CStore::Helper(): a method of the store's hierarchy called non-virtually.
      const name = fnNode.childForFieldName('name')?.text ?? '';
      const scope = fnNode.childForFieldName('scope')?.text.replace(/<.*$/s, '') ?? '';
      // ::InterlockedDecrement(...), std::...: a free function.
      if (scope === '' || scope === 'std') return this.evalNamedCall(name, args, st, frame, loc);
      const idx = this.store.lineage.findIndex((c) => c.name === scope);
      if (idx >= 0) {
        const fn = this.model.findMethod(this.store.lineage.slice(idx), name, args.length);
        if (fn) return this.evalArgs(args, st, frame).flatMap((a) => this.invoke(fn, a.vals, a.st, frame.depth + 1));
      }
      return this.unknownCall(name, args, st, frame);
    }
    const name = fnNode.type === 'identifier' ? fnNode.text : fnNode.type === 'template_function' ? fnNode.childForFieldName('name')?.text ?? '' : '';
    if (!name) return this.evalArgs(args, st, frame).map((a) => ({ st: a.st, v: UNKNOWN }));
    return this.evalNamedCall(name, args, st, frame, loc);
  }

  private evalNamedCall(name: string, args: SyntaxNode[], st: State, frame: Frame, loc: Loc): VOut[] {
    switch (name) {
      case 'SUCCEEDED':
      case 'FAILED':
      case 'HR_SUCCEEDED':
      case 'HR_FAILED':
        return this.evalArgs(args, st, frame).map((a) => ({ st: a.st, v: hresultTest(name, a.vals[0] ?? UNKNOWN) }));
      case 'InterlockedDecrement':
      case 'InterlockedIncrement':
      case '_InterlockedDecrement':
      case '_InterlockedIncrement':
      case 'InterlockedExchange':
      case 'InterlockedExchangeAdd':
        return this.evalArgs(args, st, frame).map((a) => ({ st: a.st, v: interlocked(name, a.st, a.vals) }));
      case 'static_cast':
      case 'dynamic_cast':
      case 'reinterpret_cast':
      case 'const_cast':
        // C++ casts keep the value: static_cast<CStore *>(this) is the store.
        return this.evalArgs(args, st, frame).map((a) => ({ st: a.st, v: a.vals[0] ?? UNKNOWN }));
      default:
        break;
    }
    // Store methods called without `this->` (C++), and free functions that receive the store or the support.
    if (this.store.style === 'cpp-class' && frame.fn?.scope) {
      const m = this.model.findMethod(this.store.lineage, name, args.length);
      if (m) return this.evalArgs(args, st, frame).flatMap((a) => this.invoke(m, a.vals, a.st, frame.depth + 1));
    }
    return this.evalArgs(args, st, frame).flatMap((a) => {
      // C interface macros: IMAPISupport_StoreLogoffTransports(psup, &ul), IUnknown_Release(psup), IMS_Release(pims)
      const macro = /^I[A-Za-z0-9]*_([A-Za-z]+)$/.exec(name);
      if (macro && a.vals[0]?.k === 'sup') return this.supportCall(macro[1], a.vals.slice(1), a.st, loc);
      if (/^(UlRelease|SafeRelease|SAFE_RELEASE|RELEASE|ReleaseInterface|ReleaseObj)$/i.test(name) || /release/i.test(name)) {
        const defined = this.lookups.freeNear(name, frame.fn?.file);
        if (!defined && a.vals.some((v) => v.k === 'sup' || (v.k === 'ref' && a.st.cells.get(v.cell)?.k === 'sup'))) {
          const refArg = a.vals.find((v): v is Extract<Val, { k: 'ref' }> => v.k === 'ref' && a.st.cells.get(v.cell)?.k === 'sup');
          const out = this.supportCall('Release', [], a.st, loc, `${name}(…)`);
          if (refArg || /^SAFE_RELEASE$|^SafeRelease$/i.test(name)) {
            const cell = refArg ? refArg.cell : this.cellOf(args[0], a.st, frame);
            if (cell) for (const o of out) o.st.cells.set(cell, ZERO);
          }
          return out;
        }
      }
      if (name === 'StoreLogoffTransports' || /_StoreLogoffTransports$/.test(name)) {
        // Called through something we cannot resolve to the support member: still the protocol call.
        return this.supportCall('StoreLogoffTransports', a.vals.slice(1), a.st, loc);
      }
      const fn = this.lookups.freeNear(name, frame.fn?.file);
      if (fn && a.vals.some((v) => v.k === 'self' || v.k === 'sup' || v.k === 'ref')) return this.invoke(fn, a.vals, a.st, frame.depth + 1);
      if (a.vals.some((v) => v.k === 'self') && /free|destroy|delete|dealloc/i.test(name) && !fn) {
        return this.destroy(a.st, loc, frame.depth).map((s) => ({ st: s, v: UNKNOWN }));
      }
      return this.unknownEffects(name, a.vals, a.st);
    });
  }

  private evalMemberCall(fnNode: SyntaxNode, args: SyntaxNode[], st: State, frame: Frame, loc: Loc): VOut[] {
    const method = fnNode.childForFieldName('field')?.text ?? '';
    let recv = fnNode.childForFieldName('argument');
    const dot = fnNode.childForFieldName('operator')?.text === '.';
    let callArgs = args;
    // C style: p->lpVtbl->Method(p, ...)
    if (recv?.type === 'field_expression' && recv.childForFieldName('field')?.text === 'lpVtbl') {
      recv = recv.childForFieldName('argument');
      callArgs = args.slice(1);
    }
    if (!recv) return [{ st, v: UNKNOWN }];
    // Smart pointer operations: m_spSup.Release(), .reset(), .Detach()
    const recvCell = dot ? this.cellOf(recv, st, frame) : undefined;
    const smartField = recvCell?.startsWith('m:') && this.smartSupportFields.has(recvCell.slice(2)) ? recvCell.slice(2) : undefined;
    if (recvCell && !smartField && ATOMIC_OPS.has(method)) return this.atomicOp(method, recvCell, callArgs, st, frame);
    if (smartField) {
      const held = st.cells.get(recvCell!)?.k === 'sup';
      if (/^(Release|reset|Reset)$/.test(method)) {
        return this.evalArgs(callArgs, st, frame).map((a) => {
          if (held) this.supportRelease(a.st, loc, `${smartField}.${method}() releases the support object`);
          a.st.cells.set(recvCell!, ZERO);
          return { st: a.st, v: ZERO };
        });
      }
      if (/^(Detach|release)$/.test(method)) {
        st.cells.set(recvCell!, ZERO);
        return [{ st, v: held ? SUP : ZERO }];
      }
      return this.evalArgs(callArgs, st, frame).map((a) => ({ st: a.st, v: UNKNOWN }));
    }
    return this.eval(recv, st, frame).flatMap((r) => {
      if (r.v.k === 'sup') {
        return this.evalArgs(callArgs, r.st, frame).flatMap((a) => this.supportCall(method, a.vals, a.st, loc));
      }
      if (r.v.k === 'self') {
        const m =
          this.store.style === 'cpp-class'
            ? this.model.findMethod(this.store.lineage, method, callArgs.length)
            : this.lookups.freeNear(`${this.store.prefix}_${method}`, frame.fn?.file);
        if (m) {
          return this.evalArgs(callArgs, r.st, frame).flatMap((a) => this.invoke(m, this.store.style === 'c-vtable' ? [SELF, ...a.vals] : a.vals, a.st, frame.depth + 1));
        }
      }
      if (method === 'StoreLogoffTransports') {
        return this.evalArgs(callArgs, r.st, frame).flatMap((a) => this.supportCall(method, a.vals, a.st, loc));
      }
      return this.evalArgs(callArgs, r.st, frame).flatMap((a) => this.unknownEffects(method, a.vals, a.st));
    });
  }

  /** std::atomic<T> members: load, store, exchange, fetch_add, fetch_sub. */
  private atomicOp(method: string, cell: string, args: SyntaxNode[], st: State, frame: Frame): VOut[] {
    return this.evalArgs(args, st, frame).map((a) => {
      const old = a.st.cells.get(cell) ?? (cell.startsWith('m:') ? ZERO : UNKNOWN);
      const arg = a.vals[0] ?? UNKNOWN;
      switch (method) {
        case 'load':
          return { st: a.st, v: old };
        case 'store':
          a.st.cells.set(cell, arg);
          return { st: a.st, v: UNKNOWN };
        case 'exchange':
          a.st.cells.set(cell, arg);
          return { st: a.st, v: old };
        case 'fetch_add':
        case 'fetch_sub':
          a.st.cells.set(cell, binop(method === 'fetch_add' ? '+' : '-', old, arg));
          return { st: a.st, v: old };
        default:
          a.st.cells.set(cell, UNKNOWN);
          return { st: a.st, v: UNKNOWN };
      }
    });
  }

  private unknownCall(name: string, args: SyntaxNode[], st: State, frame: Frame): VOut[] {
    return this.evalArgs(args, st, frame).flatMap((a) => this.unknownEffects(name, a.vals, a.st));
  }

  /** A call we cannot see into: out-parameters become unknown. */
  private unknownEffects(_name: string, vals: Val[], st: State): VOut[] {
    for (const v of vals) {
      if (v.k === 'ref' && !v.cell.startsWith('x:callerFlags')) {
        const cur = st.cells.get(v.cell);
        if (cur?.k !== 'sup') st.cells.set(v.cell, UNKNOWN);
      }
    }
    return [{ st, v: UNKNOWN }];
  }

  private supportCall(method: string, vals: Val[], st: State, loc: Loc, how?: string): VOut[] {
    const after = this.supportFieldNames.size > 0 && st.supRefs <= 0;
    if (method === 'Release') {
      this.supportRelease(st, loc, `${how ?? 'Release()'} releases the support object`);
      return [{ st, v: UNKNOWN }];
    }
    if (after) {
      this.emit(st, 'use-after-release', `calls ${method} on the support object after it was released`, loc, { method, afterRelease: true });
    }
    if (method === 'AddRef') {
      st.supRefs++;
      this.emit(st, 'addref', 'AddRef() on the support object', loc);
      return [{ st, v: UNKNOWN }];
    }
    if (method === 'QueryInterface') return [{ st, v: UNKNOWN }];
    if (method === 'StoreLogoffTransports') {
      const fv = vals[0] ?? UNKNOWN;
      const flags = fv.k === 'ref' ? st.cells.get(fv.cell) ?? UNKNOWN : fv;
      const text = flags.k === 'int' ? flagsText(flags.v) : 'unknown flags';
      const fromCaller = (flags.k === 'int' || flags.k === 'unknown') && flags.caller ? " (the caller's flags)" : '';
      const fails = this.scenario.transportsFail;
      this.emit(st, 'call', `calls StoreLogoffTransports(${text})${fromCaller}${fails ? ', which fails with MAPI_E_CALL_FAILED' : ''}`, loc, { method, flags, afterRelease: after });
      return [{ st, v: int(fails ? MAPI_E_CALL_FAILED : 0) }];
    }
    this.emit(st, 'call', `calls ${method} on the support object`, loc, { method, afterRelease: after });
    return [{ st, v: ZERO }];
  }

  private supportRelease(st: State, loc: Loc | undefined, message: string): void {
    if (this.supportFieldNames.size > 0 && st.supRefs <= 0) {
      this.emit(st, 'use-after-release', `${message} again: it was already released`, loc, { method: 'Release', afterRelease: true });
      return;
    }
    st.supRefs--;
    if (this.entryName === 'Release' && !this.inFinalRelease && !st.destroyed) {
      this.emit(st, 'release', `${message}, in a Release that is not the last one: the store is still referenced`, loc, { method: 'Release', premature: true });
      return;
    }
    this.emit(st, 'release', message, loc);
  }

  /** `delete this` or freeing the C struct: destructors, then the smart-pointer members' destructors. */
  private destroy(st: State, loc: Loc | undefined, depth: number): State[] {
    if (st.destroyed) return [st];
    st.destroyed = true;
    this.emit(st, 'destroy', 'the store object is destroyed', loc);
    let states = [st];
    if (this.store.style === 'cpp-class') {
      for (const cls of this.store.lineage) {
        const dtor = this.model.methods.get(this.model.keyOf(cls))?.get(`~${cls.name}`)?.[0];
        if (dtor) states = states.flatMap((s) => this.invoke(dtor, [], s, depth + 1).map((o) => o.st));
      }
      for (const m of this.store.supportMembers) {
        if (!m.smart) continue;
        for (const s of states) {
          if (s.cells.get(`m:${m.field.name}`)?.k === 'sup') {
            this.supportRelease(s, m.field.loc, `the destructor of ${m.field.name} (${m.field.type}) releases the support object`);
            s.cells.set(`m:${m.field.name}`, ZERO);
          }
        }
      }
    }
    return states;
  }
}

// ---------------------------------------------------------------------------------------------------------
// helpers

/** Truth of a preprocessor condition: `defined(X)`, numbers, macros, !, &&, ||, comparisons. */
function preprocTruth(n: SyntaxNode, macros: { has(name: string): boolean }, constant: (name: string) => Val | undefined): boolean | undefined {
  const value = (x: SyntaxNode): number | undefined => {
    switch (x.type) {
      case 'number_literal':
        return parseNumber(x.text);
      case 'true':
        return 1;
      case 'false':
        return 0;
      case 'identifier': {
        if (!macros.has(x.text)) return 0; // an undefined macro is 0 in #if
        const c = constant(x.text);
        return c?.k === 'int' ? c.v : undefined;
      }
      case 'preproc_defined': {
        const id = x.namedChildren.find((c) => c.type === 'identifier');
        return id && macros.has(id.text) ? 1 : 0;
      }
      case 'parenthesized_expression':
        return x.namedChild(0) ? value(x.namedChild(0)!) : undefined;
      case 'unary_expression': {
        const a = x.childForFieldName('argument');
        const v = a ? value(a) : undefined;
        if (v === undefined) return undefined;
        const op = x.childForFieldName('operator')?.text;
        return op === '!' ? (v ? 0 : 1) : op === '-' ? -v : op === '~' ? ~v : v;
      }
      case 'binary_expression': {
        const l = x.childForFieldName('left');
        const r = x.childForFieldName('right');
        const a = l ? value(l) : undefined;
        const b = r ? value(r) : undefined;
        const op = x.childForFieldName('operator')?.text ?? '';
        if (op === '&&' && (a === 0 || b === 0)) return 0;
        if (op === '||' && ((a !== undefined && a !== 0) || (b !== undefined && b !== 0))) return 1;
        if (a === undefined || b === undefined) return undefined;
        const v = binop(op, int(a), int(b));
        return v.k === 'int' ? v.v : undefined;
      }
      default:
        return undefined;
    }
  };
  const v = value(n);
  return v === undefined ? undefined : v !== 0;
}

function toArray(list: EvNode | null): Ev[] {
  const out: Ev[] = [];
  for (let n = list; n; n = n.prev) out.push(n.ev);
  return out.reverse();
}

function truth(v: Val): boolean | undefined {
  switch (v.k) {
    case 'int':
      return v.v !== 0;
    case 'sup':
    case 'self':
    case 'ref':
      return true;
    default:
      return undefined;
  }
}

function binop(op: string, a: Val, b: Val): Val {
  const caller = (a.k === 'int' || a.k === 'unknown') && a.caller ? true : (b.k === 'int' || b.k === 'unknown') && b.caller ? true : undefined;
  // Pointer comparisons against NULL.
  if ((op === '==' || op === '!=') && (a.k === 'sup' || a.k === 'self' || a.k === 'ref' || b.k === 'sup' || b.k === 'self' || b.k === 'ref')) {
    const other = a.k === 'int' ? a : b.k === 'int' ? b : undefined;
    if (other && other.v === 0) return int(op === '!=' ? 1 : 0);
    return UNKNOWN;
  }
  if (a.k !== 'int' || b.k !== 'int') {
    // x & 0 is 0 whatever x is; other operations on unknowns are unknown (keeping the caller's taint for flags).
    if (op === '&' && ((a.k === 'int' && a.v === 0) || (b.k === 'int' && b.v === 0))) return ZERO;
    return caller ? { k: 'unknown', caller: true } : UNKNOWN;
  }
  const x = a.v;
  const y = b.v;
  switch (op) {
    case '+': return int(x + y, caller);
    case '-': return int(x - y, caller);
    case '*': return int(Math.imul(x, y), caller);
    case '/': return y === 0 ? UNKNOWN : int(Math.trunc(x / y), caller);
    case '%': return y === 0 ? UNKNOWN : int(x % y, caller);
    case '&': return int(x & y, caller);
    case '|': return int(x | y, caller);
    case '^': return int(x ^ y, caller);
    case '<<': return int(x << y, caller);
    case '>>': return int(x >> y, caller);
    case '==': return int(x === y ? 1 : 0);
    case '!=': return int(x !== y ? 1 : 0);
    case '<': return int(x < y ? 1 : 0);
    case '>': return int(x > y ? 1 : 0);
    case '<=': return int(x <= y ? 1 : 0);
    case '>=': return int(x >= y ? 1 : 0);
    default: return UNKNOWN;
  }
}

function hresultTest(name: string, v: Val): Val {
  if (v.k !== 'int') return UNKNOWN;
  const failed = v.v < 0;
  return int((name === 'FAILED' || name === 'HR_FAILED') === failed ? 1 : 0);
}

function interlocked(name: string, st: State, vals: Val[]): Val {
  const target = vals[0];
  if (target?.k !== 'ref') return UNKNOWN;
  const old = st.cells.get(target.cell) ?? ZERO;
  let nv: Val = UNKNOWN;
  let ret: Val = UNKNOWN;
  if (/Decrement/.test(name)) {
    nv = old.k === 'int' ? int(old.v - 1) : UNKNOWN;
    ret = nv;
  } else if (/Increment/.test(name)) {
    nv = old.k === 'int' ? int(old.v + 1) : UNKNOWN;
    ret = nv;
  } else if (name === 'InterlockedExchange') {
    nv = vals[1] ?? UNKNOWN;
    ret = old;
  } else if (name === 'InterlockedExchangeAdd') {
    const d = vals[1];
    nv = old.k === 'int' && d?.k === 'int' ? int(old.v + d.v) : UNKNOWN;
    ret = old;
  }
  st.cells.set(target.cell, nv);
  return ret;
}

function parseNumber(text: string): number | undefined {
  const t = text.replace(/[uUlL]+$/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t, 16) | 0;
  if (/^0[0-7]+$/.test(t)) return Number.parseInt(t, 8);
  if (/^\d+$/.test(t)) return Number.parseInt(t, 10);
  return undefined;
}

function describe(v: Val): string {
  switch (v.k) {
    case 'int':
      return String(v.v);
    case 'sup':
      return 'the support object';
    case 'self':
      return 'the store';
    default:
      return 'a value';
  }
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

function declaredName(d: SyntaxNode): SyntaxNode | null {
  let cur: SyntaxNode | null = d;
  for (let guard = 0; cur && guard < 32; guard++) {
    if (cur.type === 'identifier') return cur;
    cur = cur.childForFieldName('declarator') ?? (cur.type === 'init_declarator' ? cur.namedChild(0) : null);
  }
  return null;
}

function findLabel(stmts: SyntaxNode[], label: string): number {
  return stmts.findIndex((s) => {
    let cur: SyntaxNode | null = s;
    while (cur?.type === 'labeled_statement') {
      const l = cur.childForFieldName('label') ?? cur.namedChild(0);
      if (l?.text === label) return true;
      cur = cur.namedChildren.find((c) => c.type !== 'statement_identifier') ?? null;
    }
    return false;
  });
}

/** Pre-order walk; the visitor returns false to skip a node's children. Iterative. */
export function walk(root: SyntaxNode, visit: (n: SyntaxNode) => boolean): void {
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (!visit(n)) continue;
    for (let i = n.namedChildCount - 1; i >= 0; i--) stack.push(n.namedChild(i)!);
  }
}
