// Running a protocol object through MAPI's scenarios: set it up as MAPI would find it (constructed, holding
// its reference on the support object, one client reference), then play each scenario's steps against it on
// the path engine. What comes out is every path of every scenario with its events, the checkers' states,
// what the path could not see and whether a budget cut it.
import type { Stmt } from '../ir/types';
import { walkStmt } from '../ir/walk';
import type { AnalysisContext } from '../analysis';
import { lifetimeMutations } from './lifetime';
import type { ProtocolObject } from '../model/objects';
import type { FnDef, Program } from '../model/program';
import type { Checker } from '../sim/checker';
import { Engine } from '../sim/engine';
import type { Limits, VOut } from '../sim/env';
import { int, unknown, UNKNOWN, ZERO, type Blind, type Ev, type State, type Val } from '../sim/state';
import type { Loc } from '../types';
import { LOGOFF_ORDERLY } from './constants';
import { MapiEnvironment } from './environment';
import { STORE_SCENARIOS, type StoreScenario } from './scenarios';

/** The taint bit of a value derived from the flags the caller passed to StoreLogoff. */
export const CALLER_FLAGS = 1;

export interface PathResult {
  events: Ev[];
  /** Final checker states, by checker index. */
  chk: unknown[];
  blind: Blind[];
  cut?: string;
  crashed?: { why: string; loc?: Loc };
}

/** What a rule may know of a scenario: its id and, for the store's, whether StoreLogoff came first. */
export interface ScenarioInfo {
  id: string;
  title: string;
  orderly?: boolean;
  transportsFail?: boolean;
}

export interface ScenarioRun {
  scenario: ScenarioInfo;
  paths: PathResult[];
  /** Why exploring this scenario was cut, if it was. */
  capped?: string;
}

export interface ObjectRun {
  object: ProtocolObject;
  runs: ScenarioRun[];
  /** What the setup assumed or could not see (named in the trace). */
  setupNotes: string[];
  /** Set when the object could not be set up at all. */
  failed?: string;
  /** The members that hold the support object once the store is set up: a pointer, or a holder (its class). */
  supportMembers: SupportMember[];
  /** The store's members after the setup, described (`psup = the support object`), for the simulation report. */
  setupState?: string[];
  /** The functions of the sources the setup and the scenarios ran. */
  touched?: FnDef[];
  /** The events of the setup's first path (where the object took its references), for rules' locations. */
  setupEvents?: Ev[];
}

export interface SupportMember {
  name: string;
  /** A library holder (`CComPtr`, `ComPtr`, `com_ptr`, `unique_ptr` …) or a holder class of the sources. */
  holder?: string;
  /** The holder's class is in the sources (its methods are the API a fix may call). */
  holderInSources?: boolean;
}

interface Setup {
  states: State[];
  store: number;
  /** The support object MAPI passed. */
  support: number;
  /** What MAPI's pointer designates: the store, or its embedded interface object. */
  entry: number;
  notes: string[];
  /** The functions the setup ran as the store's creation (not the store's life). */
  fns: Set<FnDef>;
  /** The store as other entry points make it (a client logon and a spooler logon sharing one creator). */
  alternatives?: Setup[];
  /** Said at the start of each path when there are alternatives: which entry point made the store. */
  madeBy?: string;
}

export function runStore(program: Program, object: ProtocolObject, checkers: readonly Checker[], limits: Limits, context: AnalysisContext = {}): ObjectRun {
  const env = new MapiEnvironment();
  const engine = new Engine(program, env, checkers, limits);
  env.engine = engine;
  engine.startRun();
  let setup: Setup | string;
  engine.entered = new Set();
  engine.optimistic = true;
  try {
    setup = object.style === 'cpp' ? setupCpp(engine, env, object, context) : setupC(engine, env, object, context);
  } catch (e) {
    if (e instanceof RangeError) return { object, runs: [], setupNotes: [], failed: 'the code is nested too deeply to analyse', supportMembers: [] };
    throw e;
  }
  engine.entered = undefined;
  engine.optimistic = false;
  if (typeof setup === 'string') return { object, runs: [], setupNotes: [], failed: setup, supportMembers: [] };
  const runs: ScenarioRun[] = [];
  const setups = [setup, ...(setup.alternatives ?? [])];
  for (const scenario of STORE_SCENARIOS) {
    const paths: ScenarioRun['paths'] = [];
    let capped: string | undefined;
    for (const one of setups) {
      const r = runScenario(engine, env, object, one, scenario, setups.length > 1);
      paths.push(...r.paths);
      capped ??= r.capped;
    }
    runs.push({ scenario, capped, paths });
  }
  return { object, runs, setupNotes: setups.flatMap((x) => x.notes).filter((n, i, a) => a.indexOf(n) === i), supportMembers: supportMembersOf(setup), setupState: describeMembers(engine, setup), touched: [...engine.touched] };
}

function runScenario(engine: Engine, env: MapiEnvironment, object: ProtocolObject, setup: Setup, scenario: (typeof STORE_SCENARIOS)[number], say: boolean): Pick<ScenarioRun, 'paths' | 'capped'> {
  {
    engine.startRun();
    env.transportsFail = scenario.transportsFail;
    let states = setup.states.map((s) => s.clone());
    if (say && setup.madeBy) for (const st of states) engine.emit(st, 'branch', setup.madeBy, undefined);
    const finalIndex = scenario.steps.lastIndexOf('Release');
    try {
      scenario.steps.forEach((step, i) => {
        env.context = { entry: step, index: i, final: i === finalIndex, target: setup.store };
        const next: State[] = [];
        for (const st of states) {
          if (st.cut || st.crashed) {
            next.push(st);
            continue;
          }
          const who = step === 'StoreLogoff' ? `StoreLogoff(&ulFlags = ${scenario.callerFlags === 0x1 ? 'LOGOFF_NO_WAIT' : 'LOGOFF_ORDERLY'})` : step;
          const which = step === 'Release' ? (i === finalIndex ? ' (the last reference)' : ' (not the last reference)') : '';
          engine.emit(st, 'scenario', `MAPI calls the store's ${who}${which}`, undefined, { step, index: i, final: i === finalIndex });
          for (const r of callEntry(engine, object, setup, step, st, scenario.callerFlags)) {
            engine.emit(r.st, 'entry-return', `${step} returns ${engine.describe(r.st, r.v)}`, undefined, { step, index: i, value: r.v });
            next.push(r.st);
          }
        }
        states = engine.merge(next);
      });
      for (const st of states) engine.emit(st, 'scenario-end', 'the scenario ends', undefined, { scenario: scenario.id, supportRefs: env.refs(st, setup.support) });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      for (const st of states) st.cut = st.cut ?? 'the code is nested too deeply to analyse';
    }
    return {
      capped: engine.cutReason,
      paths: states.map((s) => ({ events: s.eventList(), chk: s.chk, blind: s.blind, cut: s.cut, crashed: s.crashed })),
    };
  }
}

/** One step: MAPI calls the entry method on the object. */
function callEntry(engine: Engine, object: ProtocolObject, setup: Setup, step: string, st: State, callerFlags: number = LOGOFF_ORDERLY): VOut[] {
  const args: Val[] = [];
  const loc = object.loc;
  if (step === 'StoreLogoff') {
    // The caller's flags live in MAPI's memory; *lpulFlags is a valid pointer (MAPI's guarantee).
    const cell = st.alloc({ kind: 'heap', init: 'input', label: "the caller's flags" });
    st.setField(cell, 'v', int(callerFlags, CALLER_FLAGS));
    args.push({ k: 'ptr', obj: cell, field: 'v' });
  }
  if (object.style === 'cpp') return engine.callMethod(st, { k: 'ptr', obj: setup.entry }, step, args, 0, loc);
  // C: through the object's vtable, `p->lpVtbl->Method(p, …)`.
  const vt = engine.readField(st, setup.entry, 'lpVtbl');
  const table = vt.k === 'ptr' || vt.k === 'obj' ? vt.obj : undefined;
  const fn = table !== undefined ? engine.readField(st, table, step) : UNKNOWN;
  if (fn.k === 'fn' || fn.k === 'lambda') return engine.callValue(st, fn, [{ k: 'ptr', obj: setup.entry }, ...args], 0, loc, step);
  const def = object.methods.get(step);
  if (def) return engine.callFunction(st, def, undefined, [{ k: 'ptr', obj: setup.entry }, ...args], 1, loc);
  return engine.unseenCall(st, `${object.name}'s ${step}`, [{ k: 'ptr', obj: setup.entry }, ...args], loc, false);
}

/**
 * C++: the object as its constructor makes it when the constructor takes the support object; else as the code
 * that creates it and hands it the support object leaves it (an `Init(psup)` method, ATL's CreateInstance
 * followed by AddRef), run from the outermost function that passes the support object down.
 */
function setupCpp(engine: Engine, env: MapiEnvironment, object: ProtocolObject, context: AnalysisContext): Setup | string {
  const cls = object.cls!;
  const program = engine.program;
  const ctors = (cls.methods.get(cls.name) ?? []).filter((d) => d.ir.isCtor);
  const supportParam = (d: FnDef): number => d.ir.params.findIndex((p) => program.isSupportPointer(p.type, d.unit.path));
  const withSupport = ctors.find((d) => supportParam(d) >= 0 && d.ir.body) ?? ctors.find((d) => supportParam(d) >= 0);
  const notes: string[] = [];
  // A constructor that needs more than the support object (an outer unknown to aggregate with, a profile) is
  // given unknown arguments: the code that really creates the store, when there is one, is run instead.
  const otherArgs = withSupport ? withSupport.ir.params.some((p, i) => i !== supportParam(withSupport) && program.resolveType(p.type, withSupport.unit.path).iface !== undefined) : false;
  if (!withSupport || otherArgs) {
    // Functions that create the store (`new CStore`), or that hand out a static one (`g_store.Open(psup)`).
    const statics = new Set([...program.globals.values()].flat().filter((g) => program.resolveType(g.ir.type, g.unit.path).cls === cls && g.ir.type.ptr === 0).map((g) => g.ir.name));
    const creators = program.allFunctions.filter((f) => f.ir.body && (f.cls !== cls || f.ir.isStatic) && (creates(f.ir.body, cls.name) || (statics.size > 0 && mentions(f.ir.body, statics))));
    for (const creator of creators.slice(0, 4)) {
      for (const top of supportCallers(program, creator)) {
        if (!top.ir.params.some((p) => program.isSupportPointer(p.type, top.unit.path))) continue;
        const found = runCreator(engine, env, object, top, (st) => {
          for (const [id, o] of st.heap) if (o.cls === cls && o.alive && (o.kind === 'heap' || o.kind === 'global') && !o.owner) return id;
          return undefined;
        });
        if (!found) continue;
        notes.push(`${cls.name} is created by ${creator.ir.name}${top !== creator ? `, run from ${top.ir.name}` : ''} (which passes it the support object)`);
        return finishSetup(engine, object, context, { ...found, notes, fns: new Set([creator, top]) });
      }
    }
  }
  const st = engine.newState();
  const sup = env.newSupport(st);
  const store = engine.newObject(st, { cls, kind: 'heap', init: 'zero', label: 'the store', tracked: 'store' });
  const ctor = withSupport ?? ctors.find((d) => d.ir.body) ?? ctors[0];
  const args: Val[] = (ctor?.ir.params ?? []).map((p) => (program.isSupportPointer(p.type, ctor!.unit.path) ? { k: 'ptr', obj: sup } : UNKNOWN));
  env.context = { entry: 'setup', index: -1, final: false, target: store };
  let states = engine.construct(st, store, cls, args, 0, object.loc);
  if (ctor && !ctor.ir.body) notes.push(`${cls.name}'s constructor is declared in ${ctor.unit.path} but not in the analysed sources`);
  if (!withSupport) notes.push(`nothing in the analysed sources gives ${cls.name} the support object (no constructor takes it, no function that creates the store passes it); the analysis starts from ${ctor ? 'its constructor with unknown arguments' : 'its members as declared'}`);
  states = states.filter((s) => !s.cut);
  if (!states.length) return `the setup of ${object.name} (its constructor) could not be analysed within the budget`;
  const entry = object.iface ? interfaceMember(engine, states[0], store, object.iface.field) : store;
  return finishSetup(engine, object, context, { states, store, support: sup, entry, notes, fns: new Set(ctor ? [ctor] : []) });
}

function interfaceMember(engine: Engine, st: State, store: number, field: string): number {
  const v = engine.readField(st, store, field);
  return v.k === 'obj' ? v.obj : store;
}

/**
 * Runs a function that creates the object (with the support object for its support parameters and fresh cells
 * for its pointer parameters) and returns the states in which `find` sees the object.
 */
function runCreator(engine: Engine, env: MapiEnvironment, object: ProtocolObject, top: FnDef, find: (st: State) => number | undefined): Omit<Setup, 'notes' | 'fns'> | undefined {
  const program = engine.program;
  const st = engine.newState();
  const sup = env.newSupport(st);
  env.context = { entry: 'setup', index: -1, final: false };
  // MAPI's plain logon: the support object, flags and sizes 0, no interface asked for, pointers to fresh memory.
  const args = top.ir.params.map((p): Val => {
    if (program.isSupportPointer(p.type, top.unit.path)) return { k: 'ptr', obj: sup };
    if (/^(LPCIID|LPIID|REFIID|LPGUID)$/.test(p.type.name)) return ZERO;
    // MAPI's allocators, as MSProviderInit hands them over.
    const mapiFn = program.resolveType(p.type, top.unit.path).mapiFn;
    if (mapiFn && p.type.ptr === 0) return { k: 'unk', src: 'input', mapiFn };
    if (p.type.ptr >= 1 || /^(LP|P)/.test(p.type.name)) {
      // An out-parameter or an object the caller passes: a fresh cell (of the struct or class it points to).
      const r = program.resolveType(p.type, top.unit.path);
      const cls = r.ptr === 1 && r.cls ? r.cls : undefined;
      const cell = engine.newObject(st, { cls, kind: 'heap', init: 'input', label: p.name ?? 'an argument' });
      return p.type.ptr >= 2 || /^(PP|LPP)/.test(p.type.name) || /FAR\s*\*\s*FAR|\*\s*\*/.test(p.type.text) ? { k: 'ptr', obj: cell, field: 'v' } : { k: 'ptr', obj: cell };
    }
    return /^(ULONG|LONG|DWORD|UINT|INT|int|unsigned|BOOL|bool|ULONG_PTR|DWORD_PTR|WORD|BYTE|FLAGS)$/.test(p.type.name) ? ZERO : UNKNOWN;
  });
  engine.startRun();
  const outs = engine.callFunction(st, top, undefined, args, 0, object.loc);
  let found: { st: State; id: number; handed: boolean }[] = [];
  for (const o of outs) {
    if (o.st.cut || o.st.crashed) continue;
    const id = find(o.st);
    if (id === undefined) continue;
    // Handed out: an out-parameter (or the return value) holds the object.
    const handed = args.some((a) => a.k === 'ptr' && a.field !== undefined && pointsTo(engine.readField(o.st, a.obj, a.field), id)) || pointsTo(o.v, id);
    found.push({ st: o.st, id, handed });
  }
  if (found.some((f) => f.handed)) found = found.filter((f) => f.handed);
  if (!found.length) return undefined;
  const store = found[0].id;
  const states: State[] = [];
  for (const f of found) {
    if (f.id !== store) continue;
    f.st.update(f.id, (x) => ({ ...x, tracked: 'store', label: 'the store' }));
    states.push(f.st);
  }
  const entry = object.iface ? interfaceMember(engine, states[0], store, object.iface.field) : store;
  return { states: engine.merge(states).slice(0, 8), store, support: sup, entry };
}

/**
 * C: the function that puts the struct's vtable in place creates the object; it is run (with the support
 * object for its support parameter), from the outermost caller that passes the support object down to it
 * (MSP_Logon → HrNewIMS in the SDK sample), so that the reference the provider takes is seen.
 */
function setupC(engine: Engine, env: MapiEnvironment, object: ProtocolObject, context: AnalysisContext): Setup | string {
  const program = engine.program;
  const vtName = object.vtable?.ir.name;
  if (!vtName) return `the vtable of ${object.name} was not found`;
  const creators = program.allFunctions.filter((f) => f.ir.body && assignsVtable(f.ir.body, vtName));
  if (!creators.length) return `no function of the analysed sources puts ${vtName} in place (the code that creates ${object.name} is not in them)`;
  const made: Setup[] = [];
  for (const creator of creators.slice(0, 4)) {
    for (const chain of entryChains(program, creator)) {
      for (const top of chain) {
        const found = runCreator(engine, env, object, top, (st) => findByVtable(st, vtName));
        if (!found) continue;
        const notes = top !== creator ? [`the store is created by ${creator.ir.name}, run from ${top.ir.name} (which passes the support object to it)`] : [];
        made.push(finishSetup(engine, object, context, { ...found, notes, fns: new Set([creator, ...chain]), madeBy: `the store as ${top.ir.name} makes it` }));
        break;
      }
      if (made.length >= MAX_SETUPS) break;
    }
    if (made.length) break;
  }
  if (!made.length) return `the function that creates ${object.name} could not be run to a state where the store exists`;
  return { ...made[0], alternatives: made.slice(1) };
}

/** At most this many entry points (logons that create the store) are each run as the store's setup. */
const MAX_SETUPS = 4;

/**
 * The chains of support-passing callers that lead to a creator, one per entry point: each function that calls
 * the creator with the support object (a client logon, a spooler logon), with its own callers outermost.
 */
function entryChains(program: Program, fn: FnDef): FnDef[][] {
  const direct = program.allFunctions.filter((f) => f.ir.body && f !== fn && calls(f.ir.body, fn.ir.name) && f.ir.params.some((p) => program.isSupportPointer(p.type, f.unit.path)));
  if (direct.length <= 1) return [supportCallers(program, fn)];
  return direct.slice(0, MAX_SETUPS).map((c) => [...supportCallers(program, c), fn]);
}

/** Which members of the set-up store hold the support object. */
function supportMembersOf(setup: Setup): SupportMember[] {
  const st = setup.states[0];
  const out: SupportMember[] = [];
  const store = st?.get(setup.store);
  if (!store) return out;
  for (const [name, v] of store.fields) {
    if (pointsTo(v, setup.support)) out.push({ name });
    else if (v.k === 'obj') {
      const sub = st.get(v.obj);
      if (!sub || sub.owner?.obj !== setup.store) continue;
      const held = [...sub.fields.values()].some((x) => pointsTo(x, setup.support));
      if (held && sub.lib) out.push({ name, holder: sub.lib });
      else if (held && sub.cls) out.push({ name, holder: sub.cls.name, holderInSources: true });
    }
  }
  return out;
}

function pointsTo(v: Val, id: number): boolean {
  return (v.k === 'ptr' && v.field === undefined && v.obj === id) || (v.k === 'obj' && v.obj === id);
}

/** The object whose `lpVtbl` points at the vtable global (the global's table object carries its name). */
function findByVtable(st: State, vtName: string): number | undefined {
  for (const [id, o] of st.heap) {
    const lp = o.fields.get('lpVtbl');
    if (!lp || (lp.k !== 'ptr' && lp.k !== 'obj')) continue;
    if (st.get(lp.obj)?.label === vtName && st.get(lp.obj)?.kind === 'global') return id;
  }
  return undefined;
}

/**
 * The callers of `fn` that pass a support pointer parameter down to it (three levels at most), outermost
 * first and `fn` last: the setup runs the outermost one it can run to the object's creation.
 */
function supportCallers(program: Program, fn: FnDef): FnDef[] {
  const chain = [fn];
  let cur = fn;
  for (let level = 0; level < 3; level++) {
    const callers = program.allFunctions.filter((f) => f.ir.body && f !== cur && !chain.includes(f) && calls(f.ir.body, cur.ir.name) && f.ir.params.some((p) => program.isSupportPointer(p.type, f.unit.path)));
    if (!callers.length) break;
    // Prefer a provider's Logon (what MAPI calls), then the first.
    cur = callers.find((c) => /Logon$/.test(c.ir.name)) ?? callers[0];
    chain.unshift(cur);
  }
  return chain;
}

/** After construction: the client's reference (exactly one), and checkers and events reset for the scenarios. */
function finishSetup(engine: Engine, object: ProtocolObject, context: AnalysisContext, setup: Setup): Setup {
  const out: State[] = [];
  const counts = new Set<string>();
  for (const st of setup.states) {
    // Find the reference count: the member one AddRef increments. A count of 0 after construction (ATL,
    // Kopano's ECUnknown) means the creator's AddRef gives the client its reference: take that state.
    const trial = st.clone();
    const before = snapshot(trial, setup.store);
    const r = callEntryFor(engine, object, setup, 'AddRef', trial);
    const after = r.length === 1 ? snapshot(r[0].st, setup.store) : undefined;
    let chosen = st;
    if (after) {
      for (const [k, v] of after) {
        const b = before.get(k);
        if (b === undefined || v !== b + 1) continue;
        counts.add(k.split('.')[0]);
        if (b === 0) chosen = r[0].st;
      }
    }
    out.push(chosen);
  }
  const notes = [...setup.notes];
  // Members the store's other methods change during its life can hold anything when shutdown starts (not the
  // reference count, which the scenario sets, nor what the setup's own functions set).
  const setupFns = new Set([...setup.fns, ...(engine.entered ?? [])]);
  const mutated = lifetimeMutations(engine.program, object, setupFns, context.calledAsMember);
  for (const c of counts) mutated.delete(c);
  // A member set only to constants (an enum state, a flag) starts at its value or at one of them; other
  // members can hold anything. The combinations are capped: past the cap the member is unknown.
  let variants = [...out];
  for (const [m, mut] of mutated) {
    const values = mut.constants?.map((c) => engine.constEval(c.e, c.unit));
    const ints = values && values.every((v) => v.k === 'int') ? [...new Set(values.map((v) => (v as { v: number }).v))] : undefined;
    if (!ints || variants.length * (ints.length + 1) > 16) {
      for (const st of variants) st.setField(setup.store, m, unknown('input', `${m}, which ${mut.where} changes during the store's life`));
      continue;
    }
    const next: State[] = [];
    for (const st of variants) {
      next.push(st);
      const cur = st.get(setup.store)?.fields.get(m);
      for (const v of ints) {
        if (cur?.k === 'int' && cur.v === v) continue;
        const c = st.clone();
        c.setField(setup.store, m, int(v));
        next.push(c);
      }
    }
    variants = next;
  }
  out.length = 0;
  out.push(...variants);
  readyForScenarios(engine, out, notes, 'the store');
  return { ...setup, states: engine.merge(out), notes };
}

/**
 * The states a setup left, made the start of the scenarios: what the setup could not see becomes a note (it is
 * assumed to leave `what` as the analysed code does), and events, checkers, cuts and goto counts start afresh.
 */
export function readyForScenarios(engine: Engine, states: readonly State[], notes: string[], what: string): void {
  for (const st of states) {
    for (const b of st.blind) {
      const t = `setup: ${b.what}; assumed to leave ${what} as the analysed code does`;
      if (!notes.includes(t)) notes.push(t);
    }
    st.blind = [];
    st.events = null;
    st.eventCount = 0;
    st.chk = engine.checkers.map((c) => c.initial());
    st.cut = undefined;
    st.gotos = 0;
  }
}

function describeMembers(engine: Engine, setup: Setup): string[] {
  const st = setup.states[0];
  const o = st?.get(setup.store);
  if (!o) return [];
  const out = [...o.fields].map(([k, v]) => `${k} = ${engine.describe(st, v)}`);
  if (o.init === 'zero') out.push('(other members 0)');
  else if (o.init === 'opaque') out.push('(other members: never set)');
  return out;
}

function callEntryFor(engine: Engine, object: ProtocolObject, setup: Setup, step: string, st: State): VOut[] {
  try {
    return callEntry(engine, object, setup, step, st);
  } catch (e) {
    if (e instanceof RangeError) return [];
    throw e;
  }
}

/** The integer members of an object and of the objects embedded in it (reference counts among them). */
export function snapshot(st: State, id: number): Map<string, number> {
  const m = new Map<string, number>();
  const collect = (obj: number, prefix: string, depth: number): void => {
    const o = st.get(obj);
    if (!o || depth > 3) return;
    for (const [k, v] of o.fields) {
      if (v.k === 'int') m.set(prefix + k, v.v);
      else if (v.k === 'obj' && st.get(v.obj)?.owner?.obj === obj) collect(v.obj, `${prefix}${k}.`, depth + 1);
    }
  };
  collect(id, '', 0);
  return m;
}

// ---- IR scans ----------------------------------------------------------------------------------------

/** Whether a body puts a vtable in place: `x->lpVtbl = … vtbl …` (OBJ_Initialize and friends expand to it). */
function assignsVtable(body: Stmt, vtName: string): boolean {
  let hit = false;
  walkStmt(body, (e) => {
    if (e.k === 'assign' && e.l.k === 'field' && e.l.name === 'lpVtbl') {
      walkStmt({ k: 'expr', e0: e.r, s: 0, e: 0 }, (x) => {
        if (x.k === 'id' && x.name === vtName) hit = true;
        return !hit;
      });
    }
    return !hit;
  });
  return hit;
}

/** Whether a body creates an object of class `name`: `new X`, `make_unique<X>`, `CComObject<X>::CreateInstance`. */
function creates(body: Stmt, name: string): boolean {
  let hit = false;
  walkStmt(body, (e) => {
    if (e.k === 'new' && e.type.name === name) hit = true;
    else if (e.k === 'call' && e.targs?.some((t) => t.name === name)) hit = true;
    else if (e.k === 'call' && e.fn.k === 'qid' && e.fn.stargs?.some((t) => t.name === name)) hit = true;
    return !hit;
  });
  return hit;
}

function calls(body: Stmt, name: string): boolean {
  let hit = false;
  walkStmt(body, (e) => {
    if (e.k === 'call' && (e.fn.k === 'id' || e.fn.k === 'qid' || e.fn.k === 'field') && e.fn.name === name) hit = true;
    return !hit;
  });
  return hit;
}

/** Whether a body names one of these identifiers. */
function mentions(body: Stmt, names: ReadonlySet<string>): boolean {
  let found = false;
  walkStmt(body, (e) => {
    if (e.k === 'id' && names.has(e.name)) found = true;
    return !found;
  });
  return found;
}
