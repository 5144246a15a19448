// The service-provider shutdown family (docs: PROVIDER-SHUTDOWN.md): a logon object of an address book,
// transport or message store provider, run through the sequences MAPI performs when a session ends. The setup
// is a session: the provider as its entry point (`XPProviderInit` …) or constructor makes it, then its Logon
// method with a fresh support object, which makes the logon (and, for a message store, the store). The
// scenarios then drive the logon, the objects it hands out, the provider and — for stores — the store, as
// MAPI and a client do; MAPI's own reactions inside a support object's final Release (a transport provider
// shut down when its last logon lets go of its support object, IMSLogon::Logoff when a store's support comes
// back) happen where MAPI makes them. When no provider in the sources makes the logon, the logon is set up
// alone (its constructor or creator with the support object) and the provider steps are left out.
import { readyForScenarios, snapshot as memberInts } from './run';
import type { AnalysisContext } from '../analysis';
import type { Stmt } from '../ir/types';
import { walkStmt } from '../ir/walk';
import { findObjects, INTERFACE_OF, type ObjectKind, type ProtocolObject } from '../model/objects';
import type { ClassDef, FnDef, Program } from '../model/program';
import type { Checker } from '../sim/checker';
import { Engine } from '../sim/engine';
import type { CallSite, Limits, VOut } from '../sim/env';
import { int, UNKNOWN, ZERO, type State, type Val } from '../sim/state';
import { vtableOf } from '../sdk/interfaces';
import type { Loc } from '../types';
import { LOGOFF_ORDERLY } from './constants';
import { MapiEnvironment, SUPPORT_KIND } from './environment';
import type { ObjectRun, PathResult, ScenarioRun, SupportMember } from './run';

export type FamilyKind = 'ab' | 'xp' | 'ms';

/** One thing MAPI or the client does. */
export type FamilyStep =
  | 'logoff' // the logon's logoff method: AB Logoff(0), XP TransportLogoff(0), MS Logoff(&0)
  | 'release' // MAPI's Release of the logon
  | 'client-release' // the client's Release of the logon (its extra reference)
  | 'addref' // the client takes an extra reference on the logon
  | 'open-status' // OpenStatusEntry on the logon; the client holds the status object
  | 'release-status'
  | 'open-entry' // OpenEntry on the logon; the client holds the sub-object
  | 'release-entry'
  | 'logon2' // a second logon of the same provider, with its own support object
  | 'logoff2'
  | 'release2'
  | 'store-logoff' // the client's StoreLogoff(LOGOFF_ORDERLY) on the store
  | 'store-release' // the client's final Release of the store
  | 'store2-logoff'
  | 'store2-release'
  | 'session-end' // MAPI at the end of the session: IMSLogon::Logoff + Release if they did not come yet
  | 'shutdown'; // the provider's Shutdown and Release, unless MAPI made them already

export interface FamilyScenario {
  id: string;
  title: string;
  kind: FamilyKind;
  steps: FamilyStep[];
}

const AB: FamilyScenario[] = [
  { id: 'ab-logoff', kind: 'ab', title: 'session logoff: Logoff(0), MAPI releases the logon, provider Shutdown and Release', steps: ['logoff', 'release', 'shutdown'] },
  { id: 'ab-objects-released', kind: 'ab', title: 'a sub-object and the status object opened and released by the client, then the session logoff', steps: ['open-entry', 'release-entry', 'open-status', 'release-status', 'logoff', 'release', 'shutdown'] },
  { id: 'ab-object-held', kind: 'ab', title: 'the client still holds a sub-object at logoff and releases it after MAPI released the logon', steps: ['open-entry', 'logoff', 'release', 'release-entry', 'shutdown'] },
  { id: 'ab-status-held', kind: 'ab', title: 'the client still holds the status object at logoff and releases it after MAPI released the logon', steps: ['open-status', 'logoff', 'release', 'release-status', 'shutdown'] },
  { id: 'ab-extra-ref', kind: 'ab', title: "an extra reference on the logon, released after MAPI's", steps: ['addref', 'logoff', 'release', 'client-release', 'shutdown'] },
  { id: 'ab-two-logons', kind: 'ab', title: 'two logons of the provider, logged off and released in order, then Shutdown', steps: ['logon2', 'logoff', 'release', 'logoff2', 'release2', 'shutdown'] },
];

const XP: FamilyScenario[] = [
  { id: 'xp-logoff', kind: 'xp', title: 'session logoff: TransportLogoff(0), MAPI releases the logon, provider Shutdown and Release', steps: ['logoff', 'release', 'shutdown'] },
  { id: 'xp-status-released', kind: 'xp', title: 'the status object opened and released by the client, then the session logoff', steps: ['open-status', 'release-status', 'logoff', 'release', 'shutdown'] },
  { id: 'xp-status-held', kind: 'xp', title: 'the client still holds the status object at logoff and releases it after MAPI released the logon', steps: ['open-status', 'logoff', 'release', 'release-status', 'shutdown'] },
  { id: 'xp-extra-ref', kind: 'xp', title: "an extra reference on the logon, released after MAPI's", steps: ['addref', 'logoff', 'release', 'client-release', 'shutdown'] },
  { id: 'xp-two-logons', kind: 'xp', title: 'two logons of the provider, logged off and released in order, then Shutdown', steps: ['logon2', 'logoff', 'release', 'logoff2', 'release2', 'shutdown'] },
  { id: 'xp-release-without-logoff', kind: 'xp', title: 'the status object opened and released, then the final Release of the logon without TransportLogoff', steps: ['open-status', 'release-status', 'release', 'shutdown'] },
];

const MS: FamilyScenario[] = [
  { id: 'ms-store-release', kind: 'ms', title: "the client's StoreLogoff and final Release of the store; MAPI's IMSLogon::Logoff inside the support's release", steps: ['store-logoff', 'store-release', 'session-end', 'shutdown'] },
  { id: 'ms-objects-released', kind: 'ms', title: 'a sub-object and the status object opened on the IMSLogon and released, then the store shut down', steps: ['open-entry', 'release-entry', 'open-status', 'release-status', 'store-logoff', 'store-release', 'session-end', 'shutdown'] },
  { id: 'ms-object-held', kind: 'ms', title: "a sub-object of the IMSLogon still held when the store goes, released after the store's final Release", steps: ['open-entry', 'store-logoff', 'store-release', 'release-entry', 'session-end', 'shutdown'] },
  { id: 'ms-status-held', kind: 'ms', title: "the status object still held when the store goes, released after the store's final Release", steps: ['open-status', 'store-logoff', 'store-release', 'release-status', 'session-end', 'shutdown'] },
  { id: 'ms-extra-ref', kind: 'ms', title: "an extra reference on the IMSLogon, dropped after the store's final Release", steps: ['addref', 'store-logoff', 'store-release', 'client-release', 'session-end', 'shutdown'] },
  { id: 'ms-two-logons', kind: 'ms', title: 'two logons (two stores) of the provider, each store logged off and released', steps: ['logon2', 'store-logoff', 'store-release', 'store2-logoff', 'store2-release', 'session-end', 'shutdown'] },
  { id: 'ms-session-end-store-open', kind: 'ms', title: 'the session ends with the store still open: IMSLogon::Logoff and Release, then the client releases the store', steps: ['session-end', 'store-release', 'shutdown'] },
];

export const FAMILY_SCENARIOS: Record<FamilyKind, readonly FamilyScenario[]> = { ab: AB, xp: XP, ms: MS };

export const LOGON_KINDS: readonly ObjectKind[] = ['ablogon', 'xplogon', 'mslogon'];
const FAMILY_OF: Record<string, FamilyKind> = { ablogon: 'ab', xplogon: 'xp', mslogon: 'ms' };
const PROVIDER_OF: Record<FamilyKind, ObjectKind> = { ab: 'abprovider', xp: 'xpprovider', ms: 'msprovider' };
const INIT_OF: Record<FamilyKind, string> = { ab: 'ABProviderInit', xp: 'XPProviderInit', ms: 'MSProviderInit' };
const LOGON_METHOD: Record<FamilyKind, string> = { ab: 'Logon', xp: 'TransportLogon', ms: 'Logon' };
const LOGOFF_METHOD: Record<FamilyKind, string> = { ab: 'Logoff', xp: 'TransportLogoff', ms: 'Logoff' };

export function familyOf(kind: ObjectKind): FamilyKind | undefined {
  return FAMILY_OF[kind];
}

/** The handles of the session, kept in an object of MAPI's on every path. */
const SESSION = 'the MAPI session';
type Handle = 'provider' | 'logon' | 'logon2' | 'status' | 'sub' | 'store' | 'store2';

/** MAPI's side of a family session: the support objects' final releases and the stubs of invalidated objects. */
export class FamilyEnvironment extends MapiEnvironment {
  session = 0;
  kind: FamilyKind = 'ab';
  /** How a call on a handle is made (set by the driver). */
  call!: (st: State, on: Handle, method: string, args: Val[], site?: CallSite) => VOut[];

  override envMethod(st: State, obj: number, method: string, args: Val[], site: CallSite): VOut[] | undefined {
    const o = st.get(obj);
    if (o?.tracked === 'invalid-stub') return this.stubMethod(st, (args[0] as { obj?: number })?.obj, method, site);
    if (o?.tracked === SUPPORT_KIND && method === 'MakeInvalid') {
      // MakeInvalid(ulFlags, lpObject, ulRefCount, cMethods): MAPI swaps the object's methods for a stub.
      const target = args[1];
      const count = args[2];
      const id = target && (target.k === 'ptr' || target.k === 'obj') ? target.obj : undefined;
      if (id !== undefined) {
        const t = st.get(id);
        st.setField(id, '#stub', count?.k === 'int' ? count : int(1));
        if (t && (!t.cls || t.fields.has('lpVtbl') || t.cls.ir.fields.some((f) => f.name === 'lpVtbl'))) {
          // A C object: its lpVtbl now designates MAPI's stub table.
          const stub = st.alloc({ kind: 'env', init: 'input', label: "MAPI's invalid-object stub", tracked: 'invalid-stub' });
          st.setField(id, 'lpVtbl', { k: 'ptr', obj: stub });
        }
        site.emit(st, 'make-invalid', `calls MakeInvalid on ${t?.label ?? 'an object'}`, { obj: id, tracked: t?.tracked, support: obj, entry: this.context.entry });
      }
      site.emit(st, 'support-call', `calls MakeInvalid on ${o.label}`, { support: obj, method, refsBefore: this.refs(st, obj), entry: this.context.entry, target: id });
      return [{ st, v: ZERO }];
    }
    const out = super.envMethod(st, obj, method, args, site);
    if (!out || o?.tracked !== SUPPORT_KIND) return out;
    if (method === 'AddRef' || method === 'QueryInterface') {
      // The provider holds the support object now (MAPI's own reference is not counted).
      for (const r of out) r.st.setField(obj, 'held', int(1));
      return out;
    }
    if (method !== 'Release') return out;
    return out.flatMap((r) => this.afterSupportRelease(r, obj, site));
  }

  intercept(st: State, obj: number, method: string, _args: Val[], site: CallSite): VOut[] | undefined {
    // The stub replaces the vtable: the interface's methods; a non-virtual helper the object calls on itself
    // (`this->Unlink()`) still runs its code.
    const cls = st.get(obj)?.cls;
    if (cls && !this.interfaceMethods(cls).has(method)) return undefined;
    return this.stubMethod(st, obj, method, site);
  }

  private readonly ifaceCache = new Map<ClassDef, Set<string>>();

  private interfaceMethods(cls: ClassDef): Set<string> {
    let set = this.ifaceCache.get(cls);
    if (!set) {
      set = new Set<string>();
      for (const a of this.engine.program.ancestry(cls)) for (const m of vtableOf(a)) set.add(m.name);
      this.ifaceCache.set(cls, set);
    }
    return set;
  }

  /** The calls on an invalidated object: AddRef and Release count, MAPI frees it at zero; the rest fail. */
  stubMethod(st: State, id: number | undefined, method: string, site: CallSite): VOut[] {
    if (id === undefined) return [{ st, v: UNKNOWN }];
    const count = st.get(id)?.fields.get('#stub');
    const n = count?.k === 'int' ? count.v : 1;
    if (method === 'AddRef') {
      st.setField(id, '#stub', int(n + 1));
      return [{ st, v: int(n + 1) }];
    }
    if (method === 'Release') {
      const left = Math.max(0, n - 1);
      st.setField(id, '#stub', int(left));
      if (left === 0) {
        const o = st.get(id);
        st.update(id, (x) => ({ ...x, alive: false, diedAt: site.loc }));
        if (o?.tracked) site.emit(st, 'destroy', `MAPI frees ${o.label ?? 'the invalidated object'} (its stub's count reached zero)`, { obj: id, tracked: o.tracked, byStub: true });
      }
      return [{ st, v: int(left) }];
    }
    return [{ st, v: int(0x80040108) }]; // MAPI_E_INVALID_OBJECT
  }

  /** MAPI's reactions when a logon's support object comes back to MAPI's own reference. */
  private afterSupportRelease(r: VOut, sup: number, site: CallSite): VOut[] {
    const st = r.st;
    const refs = this.refs(st, sup);
    const s = st.get(sup);
    if (!s || refs.k !== 'int') return [r];
    if (refs.v > 0) return [r];
    if (s.fields.get('held')?.k !== 'int' || (s.fields.get('done') as { v?: number } | undefined)?.v === 1) return [r];
    st.setField(sup, 'done', int(1));
    const session = this.sessionOf(st);
    if (session === undefined) return [r];
    const which = (s.fields.get('logon') as { v?: number } | undefined)?.v === 2 ? 2 : 1;
    if (this.kind === 'xp') {
      // RTP: the logon is off MAPI's count of live logons; at zero MAPI shuts the provider down, now.
      const live = (st.get(session)?.fields.get('live') as { v?: number } | undefined)?.v ?? 1;
      st.setField(session, 'live', int(Math.max(0, live - 1)));
      if (live - 1 > 0 || (st.get(session)?.fields.get('shut') as { v?: number } | undefined)?.v === 1) return [r];
      return this.nested(st, site, 'Shutdown', (s2) => this.shutdownNow(s2, site)).map((x) => ({ st: x, v: r.v }));
    }
    if (this.kind === 'ms') {
      // MSLO: inside the store support's final release MAPI calls IMSLogon::Logoff and releases the logon.
      const flag = which === 2 ? 'logoff2' : 'logoff1';
      if ((st.get(session)?.fields.get(flag) as { v?: number } | undefined)?.v === 1) return [r];
      st.setField(session, flag, int(1));
      const on: Handle = which === 2 ? 'logon2' : 'logon';
      return this.nested(st, site, 'Logoff', (s2) => this.msLogoffNow(s2, on, site)).map((x) => ({ st: x, v: r.v }));
    }
    return [r];
  }

  private nested(st: State, site: CallSite, what: string, run: (st: State) => State[]): State[] {
    const saved = this.context;
    this.context = { ...saved, entry: `nested:${what}` };
    site.emit(st, 'nested-begin', `MAPI, inside the support object's release, calls ${what === 'Shutdown' ? "the provider's Shutdown and Release" : "the IMSLogon's Logoff and releases it"}`, { what });
    let out: State[];
    try {
      out = run(st);
    } finally {
      this.context = saved;
    }
    for (const s of out) site.emit(s, 'nested-end', `back in the support object's release`, { what });
    return out;
  }

  /** The provider's Shutdown(&0) then its Release (once). */
  shutdownNow(st: State, site?: CallSite): State[] {
    const session = this.sessionOf(st);
    if (session === undefined) return [st];
    st.setField(session, 'shut', int(1));
    if (!this.handle(st, 'provider')) return [st];
    const cell = st.alloc({ kind: 'heap', init: 'input', label: 'the Shutdown flags' });
    st.setField(cell, 'v', ZERO);
    const saved = this.context;
    this.context = { ...saved, entry: saved.entry.startsWith('nested') ? 'nested:Shutdown' : 'Shutdown', target: this.handle(st, 'provider')?.obj };
    const afterShutdown = this.call(st, 'provider', 'Shutdown', [{ k: 'ptr', obj: cell, field: 'v' }], site).map((x) => x.st);
    this.context = { ...saved, entry: saved.entry.startsWith('nested') ? 'nested:ProviderRelease' : 'ProviderRelease', target: this.handle(st, 'provider')?.obj };
    const out = afterShutdown.flatMap((s) => (s.crashed ? [s] : this.call(s, 'provider', 'Release', [], site).map((x) => x.st)));
    this.context = saved;
    return out;
  }

  /** MAPI's IMSLogon::Logoff(&0) then its Release of the logon. */
  msLogoffNow(st: State, on: Handle, site?: CallSite): State[] {
    if (!this.handle(st, on)) return [st];
    const cell = st.alloc({ kind: 'heap', init: 'input', label: 'the Logoff flags' });
    st.setField(cell, 'v', ZERO);
    const saved = this.context;
    this.context = { ...saved, entry: saved.entry.startsWith('nested') ? 'nested:Logoff' : 'Logoff', target: this.handle(st, on)?.obj };
    const after = this.call(st, on, 'Logoff', [{ k: 'ptr', obj: cell, field: 'v' }], site).map((x) => x.st);
    this.context = { ...saved, entry: saved.entry.startsWith('nested') ? 'nested:Release' : 'Release', target: this.handle(st, on)?.obj };
    const out = after.flatMap((s) => (s.crashed ? [s] : this.call(s, on, 'Release', [], site).map((x) => x.st)));
    this.context = saved;
    return out;
  }

  sessionOf(st: State): number | undefined {
    return this.session && st.get(this.session) ? this.session : undefined;
  }

  handle(st: State, h: Handle): { obj: number } | undefined {
    const s = this.sessionOf(st);
    const v = s !== undefined ? st.get(s)?.fields.get(h) : undefined;
    return v && (v.k === 'ptr' || v.k === 'obj') ? { obj: v.obj } : undefined;
  }
}

interface Session {
  states: State[];
  notes: string[];
  support: number;
  logon: number;
  /** The provider could not be made: no provider steps. */
  alone: boolean;
  fns: Set<FnDef>;
}

/** Runs a logon object through its family's scenarios. */
export function runLogon(program: Program, object: ProtocolObject, checkers: readonly Checker[], limits: Limits, _context: AnalysisContext = {}): ObjectRun {
  const kind = FAMILY_OF[object.kind];
  const env = new FamilyEnvironment();
  env.kind = kind;
  const engine = new Engine(program, env, checkers, limits);
  env.engine = engine;
  env.call = (st, on, method, args, site) => callOn(engine, env, st, on, method, args, site, object.loc);
  engine.startRun();
  engine.optimistic = true;
  let session: Session | string;
  try {
    session = setupSession(engine, env, object, kind);
  } catch (e) {
    if (e instanceof RangeError) return { object, runs: [], setupNotes: [], failed: 'the code is nested too deeply to analyse', supportMembers: [] };
    throw e;
  }
  engine.optimistic = false;
  if (typeof session === 'string') return { object, runs: [], setupNotes: [], failed: session, supportMembers: [] };
  // MAPI holds exactly one reference on the logon it was handed. A logon whose count is 0 after the setup (a
  // base that starts at 0, like Kopano's ECUnknown, with the QueryInterface or AddRef that gives MAPI its
  // reference in code the setup did not follow) gets that reference: the state after one AddRef.
  const logonId = session.logon;
  session.states = session.states.map((st) => {
    const trial = st.clone();
    const before = memberInts(trial, logonId);
    env.context = { entry: 'setup', index: -1, final: false, target: logonId };
    const r = env.call(trial, 'logon', 'AddRef', []);
    if (r.length !== 1 || r[0].st.cut || r[0].st.crashed) return st;
    const after = memberInts(r[0].st, logonId);
    for (const [k, v] of after) if (before.get(k) === 0 && v === 1) return r[0].st;
    return st;
  });
  const setupEvents = session.states[0]?.eventList() ?? [];
  readyForScenarios(engine, session.states, session.notes, 'the logon');
  const runs: ScenarioRun[] = [];
  for (const scenario of FAMILY_SCENARIOS[kind]) {
    if (session.alone && scenario.steps.some((s) => s === 'logon2' || s.startsWith('store'))) continue;
    engine.startRun();
    let states = session.states.map((s) => s.clone());
    try {
      scenario.steps.forEach((step, i) => {
        const next: State[] = [];
        for (const st of states) {
          if (st.cut || st.crashed) {
            next.push(st);
            continue;
          }
          engine.emit(st, 'scenario', stepText(kind, step), undefined, { step, index: i, scenario: scenario.id, family: true });
          for (const s of runStep(engine, env, st, kind, step, object.loc)) {
            engine.emit(s, 'step-end', `${step} returns`, undefined, { step, index: i });
            next.push(s);
          }
        }
        states = engine.merge(next);
      });
      for (const st of states) engine.emit(st, 'scenario-end', 'the scenario ends', undefined, { scenario: scenario.id, ...snapshot(env, st) });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      for (const st of states) st.cut = st.cut ?? 'the code is nested too deeply to analyse';
    }
    runs.push({
      scenario: { id: scenario.id, title: scenario.title },
      capped: engine.cutReason,
      paths: states.map((s): PathResult => ({ events: s.eventList(), chk: s.chk, blind: s.blind, cut: s.cut, crashed: s.crashed })),
    });
  }
  // Every scenario of the kind needs what the alone setup lacks (the message store scenarios need the store the
  // provider's Logon makes): nothing was run, so nothing is decided.
  if (!runs.length) {
    const why = `${object.name} is analysed without its provider (${session.notes.join('; ') || 'no provider makes it'}), and every ${kind === 'ms' ? 'message store' : 'provider'} scenario needs the ${kind === 'ms' ? 'store that the provider\'s Logon opens with it' : 'provider'}`;
    return { object, runs: [], setupNotes: session.notes, failed: why, supportMembers: [] };
  }
  return { object, runs, setupNotes: session.notes, supportMembers: supportMembersOf(session), touched: [...engine.touched], setupEvents };
}

function stepText(kind: FamilyKind, step: FamilyStep): string {
  const logoff = kind === 'ab' ? 'Logoff(0)' : kind === 'xp' ? 'TransportLogoff(0)' : 'Logoff(&0)';
  const texts: Record<FamilyStep, string> = {
    logoff: `MAPI calls the logon's ${logoff}`,
    release: "MAPI releases the logon",
    'client-release': "the client releases its extra reference on the logon",
    addref: 'the client takes an extra reference on the logon',
    'open-status': "the client opens the logon's status object (OpenStatusEntry)",
    'release-status': 'the client releases the status object',
    'open-entry': 'the client opens an object of the logon (OpenEntry)',
    'release-entry': 'the client releases that object',
    logon2: 'MAPI logs on a second time (a second logon, its own support object)',
    logoff2: `MAPI calls the second logon's ${logoff}`,
    release2: 'MAPI releases the second logon',
    'store-logoff': 'the client calls StoreLogoff(LOGOFF_ORDERLY) on the store',
    'store-release': 'the client releases the store (its last reference)',
    'store2-logoff': 'the client calls StoreLogoff(LOGOFF_ORDERLY) on the second store',
    'store2-release': 'the client releases the second store',
    'session-end': 'the session ends: MAPI calls IMSLogon::Logoff and releases the logon if it has not yet',
    shutdown: "MAPI calls the provider's Shutdown and Release (unless it did already)",
  };
  return texts[step];
}

/** Whether each object of the session is alive, and what each support object's count is, at the end. */
function snapshot(env: FamilyEnvironment, st: State): Record<string, unknown> {
  const alive: Record<string, boolean> = {};
  for (const h of ['provider', 'logon', 'logon2', 'status', 'sub', 'store', 'store2'] as Handle[]) {
    const p = env.handle(st, h);
    if (p) alive[h] = st.get(p.obj)?.alive ?? false;
  }
  const supports: { logon: number; refs: number | undefined; held: boolean }[] = [];
  for (const [id, o] of st.heap) {
    if (o.tracked !== SUPPORT_KIND) continue;
    const r = env.refs(st, id);
    supports.push({ logon: (o.fields.get('logon') as { v?: number } | undefined)?.v ?? 1, refs: r.k === 'int' ? r.v : undefined, held: o.fields.get('held')?.k === 'int' });
  }
  return { alive, supports };
}

function setField(st: State, id: number, h: Handle, v: Val): void {
  st.setField(id, h, v);
}

/** Runs one step on a path. */
function runStep(engine: Engine, env: FamilyEnvironment, st: State, kind: FamilyKind, step: FamilyStep, loc: Loc): State[] {
  const call = (s: State, on: Handle, method: string, args: Val[], entry: string): State[] => {
    env.context = { entry, index: 0, final: false, target: env.handle(s, on)?.obj };
    return env.call(s, on, method, args).map((x) => x.st);
  };
  const flagsCell = (s: State, v: number): Val => {
    const cell = s.alloc({ kind: 'heap', init: 'input', label: 'the flags' });
    s.setField(cell, 'v', int(v));
    return { k: 'ptr', obj: cell, field: 'v' };
  };
  const logoffArgs = (s: State): Val[] => (kind === 'ms' ? [flagsCell(s, 0)] : [ZERO]);
  const open = (s: State, method: 'OpenStatusEntry' | 'OpenEntry', as: Handle, label: string): State[] => {
    const out = s.alloc({ kind: 'heap', init: 'input', label: `the object ${method} returns` });
    const type = s.alloc({ kind: 'heap', init: 'input', label: 'the object type' });
    const args: Val[] =
      method === 'OpenStatusEntry'
        ? [ZERO, ZERO, { k: 'ptr', obj: type, field: 'v' }, { k: 'ptr', obj: out, field: 'v' }]
        : [ZERO, ZERO, ZERO, ZERO, { k: 'ptr', obj: type, field: 'v' }, { k: 'ptr', obj: out, field: 'v' }];
    return call(s, 'logon', method, args, method).map((x) => {
      const v = x.get(out)?.fields.get('v');
      const session = env.sessionOf(x);
      if (v && (v.k === 'ptr' || v.k === 'obj') && session !== undefined) {
        const o = x.get(v.obj);
        if (o && o.kind !== 'env') {
          x.update(v.obj, (y) => ({ ...y, tracked: y.tracked ?? as, label: label }));
          setField(x, session, as, { k: 'ptr', obj: v.obj });
          engine.emit(x, 'object-opened', `${method} hands out ${label}`, undefined, { obj: v.obj, as });
        }
      }
      return x;
    });
  };
  const session = env.sessionOf(st);
  switch (step) {
    case 'logoff':
      return call(st, 'logon', LOGOFF_METHOD[kind], logoffArgs(st), LOGOFF_METHOD[kind]);
    case 'logoff2':
      return call(st, 'logon2', LOGOFF_METHOD[kind], logoffArgs(st), LOGOFF_METHOD[kind]);
    case 'release':
      return call(st, 'logon', 'Release', [], 'Release');
    case 'release2':
      return call(st, 'logon2', 'Release', [], 'Release');
    case 'client-release':
      return call(st, 'logon', 'Release', [], 'ClientRelease');
    case 'addref':
      return call(st, 'logon', 'AddRef', [], 'AddRef');
    case 'open-status':
      return open(st, 'OpenStatusEntry', 'status', 'the status object');
    case 'open-entry':
      return open(st, 'OpenEntry', 'sub', 'the sub-object');
    case 'release-status':
      return env.handle(st, 'status') ? call(st, 'status', 'Release', [], 'StatusRelease') : [st];
    case 'release-entry':
      return env.handle(st, 'sub') ? call(st, 'sub', 'Release', [], 'EntryRelease') : [st];
    case 'store-logoff':
      return env.handle(st, 'store') ? call(st, 'store', 'StoreLogoff', [flagsCell(st, LOGOFF_ORDERLY)], 'StoreLogoff') : [st];
    case 'store2-logoff':
      return env.handle(st, 'store2') ? call(st, 'store2', 'StoreLogoff', [flagsCell(st, LOGOFF_ORDERLY)], 'StoreLogoff') : [st];
    case 'store-release':
      return env.handle(st, 'store') ? call(st, 'store', 'Release', [], 'StoreRelease') : [st];
    case 'store2-release':
      return env.handle(st, 'store2') ? call(st, 'store2', 'Release', [], 'StoreRelease') : [st];
    case 'session-end': {
      if (kind !== 'ms' || session === undefined) return [st];
      let states = [st];
      for (const [flag, on] of [['logoff1', 'logon'], ['logoff2', 'logon2']] as const) {
        states = states.flatMap((s) => {
          if ((s.get(session)?.fields.get(flag) as { v?: number } | undefined)?.v === 1 || !env.handle(s, on)) return [s];
          s.setField(session, flag, int(1));
          env.context = { entry: 'Logoff', index: 0, final: false };
          return env.msLogoffNow(s, on);
        });
      }
      return states;
    }
    case 'shutdown': {
      if (session === undefined || (st.get(session)?.fields.get('shut') as { v?: number } | undefined)?.v === 1) return [st];
      env.context = { entry: 'Shutdown', index: 0, final: false };
      return env.shutdownNow(st);
    }
    case 'logon2':
      return secondLogon(engine, env, st, kind, loc);
  }
}

/** A call on a handle of the session as MAPI or the client makes it: through the object's vtable or class. */
function callOn(engine: Engine, env: FamilyEnvironment, st: State, on: Handle, method: string, args: Val[], site: CallSite | undefined, loc: Loc): VOut[] {
  const h = env.handle(st, on);
  if (!h) return [{ st, v: UNKNOWN }];
  const o = st.get(h.obj);
  if (!o) return [{ st, v: UNKNOWN }];
  if (o.fields.has('#stub')) return env.stubMethod(st, h.obj, method, site ?? engine.site(loc, [], 0));
  if (!o.alive) {
    engine.emit(st, 'use-after-free', `MAPI calls ${method} on ${o.label ?? 'an object'}, which the provider already freed`, loc, { obj: h.obj, tracked: o.tracked, method, byMapi: true });
    engine.crash(st, `MAPI calls ${method} on ${o.label ?? 'an object'} after the provider freed it`, loc);
    return [{ st, v: UNKNOWN }];
  }
  const self: Val = { k: 'ptr', obj: h.obj };
  const depth = site ? site.depth + 1 : 0;
  if (o.cls && !o.fields.has('lpVtbl')) return engine.callMethod(st, self, method, args, depth, site?.loc ?? loc);
  // C (or a C++ object with a vtable pointer of its own): `p->lpVtbl->Method(p, …)`.
  const vt = engine.readField(st, h.obj, 'lpVtbl');
  const table = vt.k === 'ptr' || vt.k === 'obj' ? vt.obj : undefined;
  const tobj = table !== undefined ? st.get(table) : undefined;
  if (tobj?.kind === 'env') return env.envMethod(st, table!, method, [self, ...args], site ?? engine.site(loc, [], depth)) ?? [{ st, v: UNKNOWN }];
  const fn = table !== undefined ? engine.readField(st, table, method) : UNKNOWN;
  if (fn.k === 'fn' || fn.k === 'lambda') return engine.callValue(st, fn, [self, ...args], depth, site?.loc ?? loc, method);
  if (o.cls) return engine.callMethod(st, self, method, args, depth, site?.loc ?? loc);
  return engine.unseenCall(st, `${o.label ?? 'the object'}'s ${method}`, [self, ...args], site?.loc ?? loc, false);
}

// ---- setup -------------------------------------------------------------------------------------------

/** The arguments MAPI passes to a function of the provider: support objects, allocators, fresh cells. */
function mapiArgs(engine: Engine, st: State, fn: FnDef, support: number): { args: Val[]; outs: { obj: number; field: string }[] } {
  const program = engine.program;
  const outs: { obj: number; field: string }[] = [];
  const args = fn.ir.params.map((p): Val => {
    if (program.isSupportPointer(p.type, fn.unit.path)) return { k: 'ptr', obj: support };
    if (/^(LPCIID|LPIID|REFIID|LPGUID)$/.test(p.type.name)) return ZERO;
    const r = program.resolveType(p.type, fn.unit.path);
    if (r.mapiFn && p.type.ptr === 0) return { k: 'unk', src: 'input', mapiFn: r.mapiFn };
    if (r.iface === 'IMalloc' || /^LPMALLOC$/.test(p.type.name)) return { k: 'ptr', obj: st.alloc({ kind: 'env', init: 'input', label: "MAPI's IMalloc" }) };
    if (p.type.ptr >= 1 || /^(LP|P)/.test(p.type.name)) {
      const doublePtr = p.type.ptr >= 2 || /^(PP|LPP)/.test(p.type.name) || /FAR\s*\*\s*FAR|\*\s*\*/.test(p.type.text) || (r.ptr >= 2 && !r.cls);
      const cls = r.ptr === 1 && r.cls ? r.cls : undefined;
      const cell = engine.newObject(st, { cls: doublePtr ? undefined : cls, kind: 'heap', init: 'input', label: p.name ?? 'an argument' });
      if (doublePtr || r.iface) {
        outs.push({ obj: cell, field: 'v' });
        return { k: 'ptr', obj: cell, field: 'v' };
      }
      return { k: 'ptr', obj: cell };
    }
    if (/^(ULONG|LONG|DWORD|UINT|INT|int|unsigned|BOOL|bool|ULONG_PTR|DWORD_PTR|WORD|BYTE|FLAGS)$/.test(p.type.name)) return /ver/i.test(p.name ?? '') ? int(0x00010010) : ZERO;
    return UNKNOWN;
  });
  return { args, outs };
}

function isObjectOf(st: State, id: number, o: ProtocolObject, program: Program): boolean {
  const x = st.get(id);
  if (!x || !x.alive || x.kind === 'env') return false;
  if (o.cls) return !!x.cls && (x.cls === o.cls || program.lineage(x.cls).includes(o.cls));
  const lp = x.fields.get('lpVtbl');
  return !!lp && (lp.k === 'ptr' || lp.k === 'obj') && st.get(lp.obj)?.label === o.vtable?.ir.name && st.get(lp.obj)?.kind === 'global';
}

function findOf(st: State, o: ProtocolObject, program: Program, except: ReadonlySet<number> = new Set()): number | undefined {
  for (const [id] of st.heap) if (!except.has(id) && isObjectOf(st, id, o, program)) return id;
  return undefined;
}

function setupSession(engine: Engine, env: FamilyEnvironment, logon: ProtocolObject, kind: FamilyKind): Session | string {
  const program = engine.program;
  const providers = findObjects(program, [PROVIDER_OF[kind]]);
  const stores = kind === 'ms' ? findObjects(program, ['store']) : [];
  const failures: string[] = [];
  for (const provider of providers.slice(0, 4)) {
    const r = providerSession(engine, env, provider, logon, kind, stores);
    if (typeof r !== 'string') return r;
    failures.push(r);
  }
  const alone = logonAlone(engine, env, logon);
  if (typeof alone !== 'string') {
    if (providers.length) alone.notes.push(`no provider of the analysed sources could be run to make ${logon.name} (${failures.join('; ')}): ${logon.name} is analysed alone, without its provider`);
    else alone.notes.push(`no ${INTERFACE_OF[PROVIDER_OF[kind]]} in the analysed sources: ${logon.name} is analysed alone, without its provider`);
    return alone;
  }
  return failures.length ? `${failures[0]}; ${alone}` : alone;
}

function newSession(env: FamilyEnvironment, st: State): number {
  const id = st.alloc({ kind: 'env', init: 'input', label: SESSION });
  env.session = id;
  st.setField(id, 'live', int(1));
  return id;
}

/** The provider made as MAPI makes it, then its Logon. */
function providerSession(engine: Engine, env: FamilyEnvironment, provider: ProtocolObject, logon: ProtocolObject, kind: FamilyKind, stores: readonly ProtocolObject[]): Session | string {
  const program = engine.program;
  const st = engine.newState();
  const session = newSession(env, st);
  const fns = new Set<FnDef>();
  env.context = { entry: 'setup', index: -1, final: false };
  let states: State[];
  const init = (program.functions.get(INIT_OF[kind]) ?? []).find((f) => f.ir.body);
  if (init) {
    fns.add(init);
    const dummy = env.newSupport(st, 'no support object');
    st.heap.delete(dummy);
    const { args, outs } = mapiArgs(engine, st, init, 0);
    states = engine.callFunction(st, init, undefined, args, 0, provider.loc).filter((o) => !o.st.cut && !o.st.crashed).map((o) => {
      for (const out of outs) {
        const v = engine.readField(o.st, out.obj, out.field);
        if ((v.k === 'ptr' || v.k === 'obj') && isObjectOf(o.st, v.obj, provider, program)) o.st.setField(session, 'provider', { k: 'ptr', obj: v.obj });
      }
      return o.st;
    });
    states = states.filter((s) => env.handle(s, 'provider'));
    if (!states.length) return `${INIT_OF[kind]} could not be run to a state where it hands out ${provider.name}`;
  } else if (provider.cls) {
    const id = engine.newObject(st, { cls: provider.cls, kind: 'heap', init: 'zero', label: 'the provider', tracked: 'provider' });
    const ctor = (provider.cls.methods.get(provider.cls.name) ?? []).find((d) => d.ir.isCtor && d.ir.body);
    states = engine.construct(st, id, provider.cls, (ctor?.ir.params ?? []).map(() => UNKNOWN), 0, provider.loc).filter((s) => !s.cut);
    for (const s of states) s.setField(session, 'provider', { k: 'ptr', obj: id });
  } else return `no ${INIT_OF[kind]} in the analysed sources makes ${provider.name}`;
  for (const s of states) {
    const p = env.handle(s, 'provider')!;
    s.update(p.obj, (x) => ({ ...x, tracked: 'provider', label: 'the provider' }));
  }
  const out: State[] = [];
  const method = provider.methods.get(LOGON_METHOD[kind]);
  if (method) fns.add(method);
  for (const s of states.slice(0, 4)) out.push(...logonOnce(engine, env, s, kind, logon, stores, 1, provider.loc));
  if (!out.length) return `${provider.name}'s ${LOGON_METHOD[kind]} could not be run to a state where it hands out ${logon.name}`;
  const merged = engine.merge(out).slice(0, 8);
  const first = merged[0];
  return { states: merged, notes: [], support: supportOf(first, 1) ?? 0, logon: env.handle(first, 'logon')!.obj, alone: false, fns };
}

/** The provider's Logon with a fresh support object: the states in which it handed out this kind of logon. */
function logonOnce(engine: Engine, env: FamilyEnvironment, st: State, kind: FamilyKind, logon: ProtocolObject, stores: readonly ProtocolObject[], which: 1 | 2, loc: Loc): State[] {
  const program = engine.program;
  const session = env.sessionOf(st)!;
  const sup = env.newSupport(st, which === 1 ? 'the support object' : "the second logon's support object");
  st.setField(sup, 'logon', int(which));
  const existing = new Set<number>([...st.heap.keys()]);
  const prov = env.handle(st, 'provider');
  const outs: State[] = [];
  const provObj = prov ? st.get(prov.obj) : undefined;
  const providerDef = provObj?.cls ? program.findMethod(provObj.cls, LOGON_METHOD[kind]) : undefined;
  let results: VOut[];
  let outCells: { obj: number; field: string }[] = [];
  env.context = { entry: 'setup', index: -1, final: false };
  if (provObj?.cls && providerDef?.ir.body) {
    const { args, outs: o } = mapiArgs(engine, st, providerDef, sup);
    outCells = o;
    results = engine.callMethod(st, { k: 'ptr', obj: prov!.obj }, LOGON_METHOD[kind], args, 0, loc);
  } else {
    // C: through the provider's vtable.
    const vt = prov ? engine.readField(st, prov.obj, 'lpVtbl') : UNKNOWN;
    const fnv = vt.k === 'ptr' || vt.k === 'obj' ? engine.readField(st, vt.obj, LOGON_METHOD[kind]) : UNKNOWN;
    if (fnv.k !== 'fn') return [];
    const { args, outs: o } = mapiArgs(engine, st, fnv.fn, sup);
    outCells = o;
    results = engine.callFunction(st, fnv.fn, undefined, [{ k: 'ptr', obj: prov!.obj }, ...args.slice(1)], 0, loc);
  }
  for (const r of results) {
    if (r.st.cut || r.st.crashed) continue;
    // The logon (and the store) it handed out through its out-parameters.
    let logonId: number | undefined;
    let storeId: number | undefined;
    for (const c of outCells) {
      const v = engine.readField(r.st, c.obj, c.field);
      if (v.k !== 'ptr' && v.k !== 'obj') continue;
      if (logonId === undefined && isObjectOf(r.st, v.obj, logon, program)) logonId = v.obj;
      else if (storeId === undefined && stores.some((s) => isObjectOf(r.st, v.obj, s, program))) storeId = v.obj;
    }
    logonId ??= findOf(r.st, logon, program, existing);
    if (logonId === undefined) continue;
    r.st.update(logonId, (x) => ({ ...x, tracked: 'logon', label: which === 1 ? 'the logon' : 'the second logon' }));
    r.st.setField(session, which === 1 ? 'logon' : 'logon2', { k: 'ptr', obj: logonId });
    if (storeId !== undefined) {
      r.st.update(storeId, (x) => ({ ...x, tracked: 'store', label: which === 1 ? 'the store' : 'the second store' }));
      r.st.setField(session, which === 1 ? 'store' : 'store2', { k: 'ptr', obj: storeId });
    }
    if (which === 2) r.st.setField(session, 'live', int(2));
    outs.push(r.st);
  }
  return outs;
}

function secondLogon(engine: Engine, env: FamilyEnvironment, st: State, kind: FamilyKind, loc: Loc): State[] {
  const program = engine.program;
  const first = env.handle(st, 'logon');
  const o = first ? st.get(first.obj) : undefined;
  const logonObj = findObjects(program, [({ ab: 'ablogon', xp: 'xplogon', ms: 'mslogon' } as const)[kind]]).find((x) => o && isObjectOf(st, first!.obj, x, program));
  if (!logonObj) return [st];
  engine.emit(st, 'scenario', 'the second logon', undefined, {});
  const out = logonOnce(engine, env, st, kind, logonObj, kind === 'ms' ? findObjects(program, ['store']) : [], 2, loc);
  return out.length ? out : [st];
}

/** No provider: the logon as its constructor (with the support object) or its creator makes it. */
function logonAlone(engine: Engine, env: FamilyEnvironment, logon: ProtocolObject): Session | string {
  const program = engine.program;
  const st = engine.newState();
  const session = newSession(env, st);
  env.context = { entry: 'setup', index: -1, final: false };
  const sup = env.newSupport(st);
  st.setField(sup, 'logon', int(1));
  const fns = new Set<FnDef>();
  if (logon.cls) {
    const cls = logon.cls;
    const ctors = (cls.methods.get(cls.name) ?? []).filter((d) => d.ir.isCtor);
    const withSupport = ctors.find((d) => d.ir.body && d.ir.params.some((p) => program.isSupportPointer(p.type, d.unit.path)));
    if (!withSupport) {
      // A creator function (a static Create, a factory) run with the support object.
      const creator = program.allFunctions.find((f) => f.ir.body && creates(f.ir.body, cls.name) && f.ir.params.some((p) => program.isSupportPointer(p.type, f.unit.path)));
      if (creator) {
        fns.add(creator);
        const existing = new Set(st.heap.keys());
        const { args } = mapiArgs(engine, st, creator, sup);
        const outs = engine.callFunction(st, creator, undefined, args, 0, logon.loc).filter((o) => !o.st.cut && !o.st.crashed);
        const states: State[] = [];
        for (const o of outs) {
          const id = findOf(o.st, logon, program, existing);
          if (id === undefined) continue;
          o.st.update(id, (x) => ({ ...x, tracked: 'logon', label: 'the logon' }));
          o.st.setField(session, 'logon', { k: 'ptr', obj: id });
          states.push(o.st);
        }
        if (states.length) return { states: engine.merge(states).slice(0, 8), notes: [`${cls.name} is created by ${creator.ir.name}`], support: sup, logon: env.handle(states[0], 'logon')!.obj, alone: true, fns };
      }
      return `nothing in the analysed sources gives ${cls.name} the support object (no provider's Logon makes it, no constructor or creator takes the support object)`;
    }
    fns.add(withSupport);
    const id = engine.newObject(st, { cls, kind: 'heap', init: 'zero', label: 'the logon', tracked: 'logon' });
    st.setField(session, 'logon', { k: 'ptr', obj: id });
    const args = withSupport.ir.params.map((p): Val => (program.isSupportPointer(p.type, withSupport.unit.path) ? { k: 'ptr', obj: sup } : UNKNOWN));
    const states = engine.construct(st, id, cls, args, 0, logon.loc).filter((s) => !s.cut);
    if (!states.length) return `the constructor of ${cls.name} could not be analysed within the budget`;
    return { states: engine.merge(states).slice(0, 8), notes: [], support: sup, logon: id, alone: true, fns };
  }
  return `no provider of the analysed sources makes ${logon.name}`;
}

function supportOf(st: State | undefined, which: number): number | undefined {
  if (!st) return undefined;
  for (const [id, o] of st.heap) if (o.tracked === SUPPORT_KIND && (o.fields.get('logon') as { v?: number } | undefined)?.v === which) return id;
  return undefined;
}

function supportMembersOf(session: Session): SupportMember[] {
  const st = session.states[0];
  const o = st?.get(session.logon);
  if (!o) return [];
  const out: SupportMember[] = [];
  for (const [name, v] of o.fields) {
    if ((v.k === 'ptr' && v.field === undefined && v.obj === session.support) || (v.k === 'obj' && v.obj === session.support)) out.push({ name });
    else if (v.k === 'obj') {
      const sub = st.get(v.obj);
      if (sub?.owner?.obj === session.logon && [...sub.fields.values()].some((x) => (x.k === 'ptr' || x.k === 'obj') && x.obj === session.support)) out.push({ name, holder: sub.lib ?? sub.cls?.name, holderInSources: !sub.lib });
    }
  }
  return out;
}

function creates(body: Stmt, name: string): boolean {
  let found = false;
  walkStmt(body, (e) => {
    if (e.k === 'new' && e.type.name === name) found = true;
    return !found;
  });
  return found;
}

export type { ClassDef };
