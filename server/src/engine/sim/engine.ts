// The path engine: C and C++ executed over abstract values, path by path. A condition it can decide takes
// one branch; an unknown one forks the path. Loops run zero, one and two times; `goto` jumps; objects live on
// a heap (members, embedded members, locals of class type with their destructors at scope exit); calls are
// followed into every function the sources define — methods with virtual dispatch, base-class calls, C
// vtables and tables of function pointers, lambdas, destructors chained through members and bases. What the
// sources do not define is answered by the library models or the environment; anything else that reaches
// the protocol's objects makes the path blind from there on (the rules that need it are then not decided).
// The engine knows no rule: checkers see its events (checker.ts). Work is bounded by deterministic budgets.
import { SDK_STRUCT_TYPES } from '../sdk/headers';
import type { Expr, FunctionIR, Stmt, TypeRef, VarDecl } from '../ir/types';
import { walkStmt } from '../ir/walk';
import type { ClassDef, FnDef, Program } from '../model/program';
import type { Loc } from '../types';
import { locOf, type FileUnit } from '../unit';
import type { Checker } from './checker';
import type { CallSite, Env, Limits, VOut } from './env';
import { containerElements, Library } from './library';
import { int, State, stateKey, unknown, UNKNOWN, valKey, ZERO, type Obj, type Val } from './state';

type Flow = { k: 'normal' } | { k: 'return'; v: Val } | { k: 'break' } | { k: 'continue' } | { k: 'goto'; label: string } | { k: 'throw' };
const NORMAL: Flow = { k: 'normal' };

interface Out {
  st: State;
  flow: Flow;
}

/** One call being executed (what is the same on every path through it). */
interface Frame {
  id: number;
  fn: FunctionIR;
  unit: FileUnit;
  def?: FnDef;
  cls?: ClassDef;
  depth: number;
  /** Names in scope, innermost last: name → key of the local in the frame object. */
  scopes: Map<string, string>[];
  /** Class-typed locals declared per scope, for their destructors at scope exit. */
  raii: string[][];
  /** A lambda's enclosing frame and the names visible there when it was written. */
  outer?: { frame: number; names: Map<string, string>; cls?: ClassDef; unit: FileUnit };
  /** Declared types of the parameters and locals, by key. */
  types: Map<string, TypeRef>;
  /** In a method of an instance of a class template: its parameters bound to the instance's arguments. */
  tsub?: Map<string, TypeRef>;
}

/** Deterministic budgets exceeded: why the path stops. */
class Cut extends Error {}

const MAX_NESTING = 400;
const FRAME_BASE = -1_000_000;
const GLOBALS = -1;

export interface RunStats {
  steps: number;
  cut?: string;
}

export class Engine {
  readonly lib: Library;
  private steps = 0;
  private nesting = 0;
  private capped: string | undefined;
  /** Paths alive right now across the run (for the path budget). */
  private live = 1;
  /** Names visible where each lambda was written. */
  private readonly lambdaScopes = new WeakMap<object, { names: Map<string, string>; cls?: ClassDef; unit: FileUnit }>();
  /** When set, every function of the sources that runs is added (the setup's functions are not the object's life). */
  entered: Set<FnDef> | undefined;
  /** Every function of the sources the engine ran, setup and scenarios alike. */
  readonly touched = new Set<FnDef>();
  /** Resolved class of each declared type, per file. */
  private readonly classCache = new Map<string, ClassDef | null>();

  constructor(
    readonly program: Program,
    readonly env: Env,
    readonly checkers: readonly Checker[],
    readonly limits: Limits,
  ) {
    this.lib = new Library(this);
  }

  // ---- runs and budgets ---------------------------------------------------------------------------

  newState(): State {
    const st = new State();
    st.chk = this.checkers.map((c) => c.initial());
    st.heap.set(GLOBALS, { id: GLOBALS, kind: 'global', fields: new Map(), alive: true, init: 'input', label: 'globals' });
    return st;
  }

  /** Starts a new budget (a scenario, or the setup before it). */
  startRun(): void {
    this.steps = 0;
    this.capped = undefined;
    this.live = 1;
  }

  get cutReason(): string | undefined {
    return this.capped;
  }

  private tick(st: State): void {
    if (++this.steps > this.limits.maxSteps) this.cutPath(st, `more than ${this.limits.maxSteps} statements`);
  }

  private cutPath(st: State, why: string): never {
    st.cut = st.cut ?? why;
    this.capped = this.capped ?? why;
    throw new Cut(why);
  }

  /** Forks a state unless the path budget is spent (then the fork is not explored and the run says so). */
  private fork(st: State): State | undefined {
    if (this.live >= this.limits.maxPaths) {
      this.capped = this.capped ?? `more than ${this.limits.maxPaths} paths`;
      st.cut = st.cut ?? `more than ${this.limits.maxPaths} paths`;
      return undefined;
    }
    this.live++;
    return st.clone();
  }

  /** Paths that no checker can tell apart are one path (the first one's trace is kept). */
  merge(states: State[]): State[] {
    if (states.length < 2) return states;
    const seen = new Set<string>();
    const out: State[] = [];
    for (const s of states) {
      const k = stateKey(s, (c, i) => this.checkers[i].key(c));
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(s);
    }
    this.live -= states.length - out.length;
    return out;
  }

  // ---- events -------------------------------------------------------------------------------------

  emit(st: State, kind: string, message: string, loc?: Loc, data?: Record<string, unknown>): void {
    const ev = data ? { kind, message, loc, data } : loc ? { kind, message, loc } : { kind, message };
    const index = st.eventCount;
    st.emit(ev);
    for (let i = 0; i < this.checkers.length; i++) st.chk[i] = this.checkers[i].onEvent(st.chk[i], ev, index);
  }

  loc(unit: FileUnit, s: number, e: number): Loc {
    return locOf(unit, s, e);
  }

  // ---- objects ------------------------------------------------------------------------------------

  /** A new object of a class of the sources (or a library class, or nothing known). */
  newObject(st: State, opts: { cls?: ClassDef; lib?: string; libArgs?: string[]; targs?: readonly TypeRef[]; kind?: string; init?: Obj['init']; label?: string; owner?: Obj['owner']; tracked?: string }): number {
    return st.alloc({
      kind: opts.kind ?? 'heap',
      cls: opts.cls,
      ...(opts.targs?.length ? { targs: opts.targs } : {}),
      lib: opts.lib,
      libArgs: opts.libArgs,
      init: opts.init ?? 'zero',
      label: opts.label,
      owner: opts.owner,
      tracked: opts.tracked,
    });
  }

  /** The class a type names, from a file (typedefs followed). */
  classOf(t: TypeRef, unit: FileUnit, scope: readonly string[] = []): ClassDef | undefined {
    const key = `${unit.path}|${scope.join('::')}|${t.text}`;
    if (this.classCache.has(key)) return this.classCache.get(key) ?? undefined;
    const r = this.program.resolveType(t, unit.path, scope);
    const cls = r.ptr === 0 && !r.fnptr ? r.cls : undefined;
    this.classCache.set(key, cls ?? null);
    return cls;
  }

  /** For a field or local of class type that is not a pointer: its class or library model. */
  objectType(t: TypeRef, unit: FileUnit, scope: readonly string[] = []): { cls?: ClassDef; lib?: string; libArgs?: string[]; targs?: readonly TypeRef[] } | undefined {
    if (t.ptr > 0 || t.ref || t.fnptr) return undefined;
    const r = this.program.resolveType(t, unit.path, scope);
    if (r.ptr > 0 || r.fnptr) return undefined;
    // Kopano's KC::object_ptr and KC::memory_ptr are modelled (the proxies behind `&~p`, the conversions): the
    // model stands for them also when their header (kopano/memory.hpp) is among the analysed sources.
    if (r.cls && /^(object_ptr|memory_ptr)$/.test(r.cls.name) && /(^|[\\/])memory\.hpp$/.test(r.cls.unit.path)) {
      const model = this.lib.modelFor({ ...r.ref, scope: [] });
      if (model) return model;
    }
    if (r.cls) return r.cls.ir.templateParams.length && r.ref.args.length ? { cls: r.cls, targs: r.ref.args } : { cls: r.cls };
    const lib = this.lib.modelFor(r.ref);
    if (lib) return lib;
    // A structure of the SDK or Win32: an object of fields nobody declared for the analysis.
    if (SDK_STRUCT_TYPES.has(r.ref.name)) return {};
    return undefined;
  }

  /** A type written in a method of a class template's instance, with the instance's arguments for its parameters. */
  private bindTemplate(t: TypeRef, frame: Frame, depth = 0): TypeRef {
    if (!frame.tsub?.size || depth > 4) return t;
    const sub = !t.scope.length ? frame.tsub.get(t.name) : undefined;
    if (sub) return { ...sub, ptr: sub.ptr + t.ptr, ref: t.ref || sub.ref };
    return t.args.length ? { ...t, args: t.args.map((a) => this.bindTemplate(a, frame, depth + 1)) } : t;
  }

  /** Reads a field of an object; a member nobody wrote reads as the object's kind says. */
  readField(st: State, id: number, name: string, site?: { unit: FileUnit; s: number; e: number }): Val {
    const o = st.get(id);
    if (!o) return unknown('unseen', `an object that is gone`);
    const v = o.fields.get(name);
    if (v !== undefined) return v;
    // A member of class type is an embedded object, made when first used.
    const decl = o.cls ? this.program.fieldsOf(o.cls).get(name) : undefined;
    if (decl) {
      const ot = this.objectType(decl.field.type, decl.owner.unit, [...decl.owner.ir.scope, decl.owner.name]);
      if (ot && !decl.field.type.array) {
        const sub = this.newObject(st, { ...ot, kind: 'embedded', init: o.init, label: name, owner: { obj: id, field: name } });
        if (ot.lib) this.lib.defaultConstruct(st, sub);
        st.setField(id, name, { k: 'obj', obj: sub });
        return { k: 'obj', obj: sub };
      }
    }
    if (o.init === 'opaque') {
      const u = unknown('unseen', `${name} of ${o.label ?? 'an object'}, which no analysed code sets`);
      return decl ? this.typed(u, decl.field.type, decl.owner.unit) : u;
    }
    if (o.init === 'zero') {
      if (o.tracked && decl && site && !o.zeroNoted?.has(name)) {
        this.emit(st, 'assume', `assumes ${name} starts at 0: nothing in the analysed sources sets it before shutdown`, undefined, { field: name });
        st.update(id, (x) => ({ ...x, zeroNoted: new Set([...(x.zeroNoted ?? []), name]) }));
      }
      return ZERO;
    }
    return decl ? this.typed(UNKNOWN, decl.field.type, decl.owner.unit) : UNKNOWN;
  }

  private fieldIsObject(st: State, id: number, name: string): boolean {
    const v = st.get(id)?.fields.get(name);
    return v?.k === 'obj';
  }

  /** What a pointer value designates: a field cell or a whole object. */
  load(st: State, p: Val): Val {
    if (p.k === 'ptr') {
      if (p.field !== undefined) return this.readField(st, p.obj, p.field);
      return { k: 'obj', obj: p.obj };
    }
    if (p.k === 'obj') return p;
    return unknown(p.k === 'unk' ? p.src : 'input', p.k === 'unk' ? p.why : undefined);
  }

  store(st: State, p: Val, v: Val): void {
    if (p.k === 'ptr' && p.field !== undefined) st.setField(p.obj, p.field, v);
    else if (p.k === 'ptr' || p.k === 'obj') this.copyInto(st, p.obj, v);
  }

  /** `*p = v` or `a = b` for objects: memberwise copy (a value we do not know leaves every member unknown). */
  private copyInto(st: State, dst: number, v: Val): void {
    const o = st.get(dst);
    if (!o) return;
    if ((v.k === 'obj' || v.k === 'ptr') && v.k === 'obj') {
      const src = st.get(v.obj);
      if (src) {
        // Member by member; a member object (a holder, a struct) is copied into a member object of the
        // destination, never shared with the source (a holder copy AddRefs, a move takes the pointer).
        const fields = new Map(src.fields);
        for (const [k, fv] of src.fields) {
          if (fv.k !== 'obj') continue;
          const sub = st.get(fv.obj);
          if (!sub || sub.owner?.obj !== v.obj) continue;
          const id = this.newObject(st, { cls: sub.cls, lib: sub.lib, libArgs: sub.libArgs, targs: sub.targs, kind: 'embedded', init: sub.init, label: sub.label, owner: { obj: dst, field: k } });
          if (sub.lib) this.lib.construct(st, id, [fv]);
          else this.copyInto(st, id, fv);
          fields.set(k, { k: 'obj', obj: id });
        }
        st.update(dst, (x) => ({ ...x, fields, init: src.init }));
        return;
      }
    }
    st.update(dst, (x) => ({ ...x, fields: new Map(), init: v.k === 'unk' && v.src === 'unseen' ? 'opaque' : 'input' }));
  }

  // ---- construction and destruction ---------------------------------------------------------------

  /** Runs the constructor of `cls` on object `id` (bases, members, body) with `args`. */
  construct(st: State, id: number, cls: ClassDef, args: Val[], depth: number, loc?: Loc): State[] {
    const ctor = this.pickCtor(cls, args, st);
    if (!ctor) {
      // Implicit constructor: bases and members default-constructed.
      return this.constructMembers(st, id, cls, undefined, depth);
    }
    if (!ctor.ir.body) {
      this.emit(st, 'unseen', `${cls.name}'s constructor is not in the analysed sources`, loc, { what: `${cls.name}::${cls.name}` });
      st.addBlind({ what: `the constructor ${cls.name}::${cls.name} (declared in ${ctor.unit.path}) is not in the analysed sources`, loc });
      st.update(id, (o) => ({ ...o, init: 'opaque' }));
      return [st];
    }
    return this.callFunction(st, ctor, { k: 'ptr', obj: id }, args, depth, loc).map((r) => r.st);
  }

  /** The constructor a call with these arguments picks: by arity, then by what each argument is. */
  private pickCtor(cls: ClassDef, args: readonly Val[], st?: State): FnDef | undefined {
    const defs = (cls.methods.get(cls.name) ?? []).filter((d) => d.ir.isCtor && !d.ir.isDeleted);
    if (!defs.length) return undefined;
    const arity = args.length;
    // The constructors this many arguments can call: the parameters past them have defaults.
    const callable = (d: FnDef): boolean => d.ir.params.length >= arity && d.ir.params.slice(arity).every((p) => p.dflt) || (d.ir.variadic && arity >= d.ir.params.length);
    const exact = defs.filter(callable);
    const pool = exact.length ? exact : defs.filter((d) => d.ir.params.length >= arity);
    const list = pool.length ? pool : defs;
    const score = (d: FnDef): number => {
      let sc = d.ir.body ? 1 : 0;
      d.ir.params.slice(0, arity).forEach((p, i) => {
        const a = args[i];
        const text = p.type.text;
        const isNull = a.k === 'int' && a.v === 0;
        const sameClass = a.k === 'obj' && st?.get(a.obj)?.cls === cls;
        if (/nullptr_t/.test(text)) sc += isNull ? 4 : -4;
        else if (p.type.ref && (p.type.name === cls.name || text.includes(cls.name))) sc += sameClass ? 4 : -4;
        else if (p.type.ptr > 0 && (a.k === 'ptr' || isNull)) sc += 2;
      });
      return sc;
    };
    return [...list].sort((a, b) => score(b) - score(a))[0];
  }

  /** Base and member construction of a constructor (before its body): its initializer list, then defaults. */
  private constructMembers(st: State, id: number, cls: ClassDef, ctor: { frame: Frame; def: FnDef } | undefined, depth: number): State[] {
    let states = [st];
    const inits = new Map((ctor?.def.ir.ctorInits ?? []).map((i) => [i.name, i]));
    // Bases first, in declaration order.
    for (const b of cls.ir.bases) {
      const bc = this.program.resolveType(b.type, cls.unit.path, cls.ir.scope).cls;
      if (!bc || bc === cls) continue;
      const init = inits.get(b.type.name) ?? inits.get(bc.name);
      states = states.flatMap((s) => {
        if (!init || !ctor) return this.construct(s, id, bc, [], depth + 1);
        return this.evalArgs(init.args, s, ctor.frame).flatMap((a) => this.construct(a.st, id, bc, a.vals, depth + 1));
      });
    }
    // Then the members, in declaration order: the initializer list, else the default member initializer.
    for (const f of cls.ir.fields) {
      if (f.isStatic) continue;
      const init = inits.get(f.name);
      const ot = this.objectType(f.type, cls.unit, [...cls.ir.scope, cls.name]);
      states = states.flatMap((s) => {
        if (ot && !f.type.array) {
          const sub = this.newObject(s, { ...ot, kind: 'embedded', init: 'zero', label: f.name, owner: { obj: id, field: f.name } });
          s.setField(id, f.name, { k: 'obj', obj: sub });
          const argExprs = init ? init.args : f.init ? (f.init.k === 'init' ? f.init.items : [f.init]) : [];
          const frame = ctor?.frame ?? this.memberFrame(cls, id, s, depth);
          const initLoc = init ? this.loc(frame.unit, init.s, init.e) : undefined;
          return this.evalArgs(argExprs, s, frame).flatMap((a) => {
            if (ot.lib) return [this.lib.construct(a.st, sub, a.vals, initLoc)];
            if (ot.cls) return this.construct(a.st, sub, ot.cls, a.vals, depth + 1);
            return [a.st];
          });
        }
        const expr = init ? (init.args.length === 1 ? init.args[0] : init.args.length === 0 ? undefined : init.args[0]) : f.init;
        if (init && init.args.length === 0) {
          s.setField(id, f.name, ZERO); // value-initialised: `m_x()`
          return [s];
        }
        if (!expr) return [s];
        const frame = ctor?.frame ?? this.memberFrame(cls, id, s, depth);
        return this.eval(expr, s, frame).map((r) => {
          r.st.setField(id, f.name, r.v);
          return r.st;
        });
      });
    }
    return states;
  }

  /** A frame for evaluating default member initializers outside any constructor. */
  private memberFrame(cls: ClassDef, id: number, st: State, depth: number): Frame {
    const fid = FRAME_BASE - depth - 1;
    if (!st.get(fid)) st.heap.set(fid, { id: fid, kind: 'frame', fields: new Map([['#this', { k: 'ptr', obj: id }]]), alive: true, init: 'input' });
    const fn: FunctionIR = { id: -1, name: cls.name, scope: [...cls.ir.scope, cls.name], written: [], params: [], variadic: false, ctorInits: [], isCtor: true, isDtor: false, isVirtual: false, isPure: false, isStatic: false, isOverride: false, inClass: true, templateParams: [], s: cls.ir.s, e: cls.ir.e, nameS: cls.ir.s, nameE: cls.ir.s };
    return { id: fid, fn, unit: cls.unit, cls, depth: depth + 1, scopes: [new Map()], raii: [[]], types: new Map() };
  }

  /**
   * Runs the destructors of object `id` — its class's destructor body, then its members' destructors in
   * reverse order, then the bases' — and, with `free`, frees it. A second destruction is reported, not run.
   */
  destroy(st: State, id: number, free: boolean, depth: number, loc?: Loc): State[] {
    const o = st.get(id);
    if (!o) return [st];
    if (!o.alive) {
      this.emit(st, 'double-free', `${o.label ?? 'an object'} is destroyed a second time`, loc, { obj: id });
      return [st];
    }
    let states = [st];
    if (!(o as Obj & { destructed?: boolean }).destructed) {
      st.update(id, (x) => ({ ...x, destructed: true }) as Obj);
      if (o.lib) states = states.flatMap((s) => this.lib.destroy(s, id, depth));
      else if (o.cls) states = this.destroyClass(states, id, o.cls, depth, loc);
      // Embedded members of an object without a class we know (a C struct copy) go with it.
    }
    if (free) {
      for (const s of states) {
        s.update(id, (x) => ({ ...x, alive: false, diedAt: loc }));
        this.freeEmbedded(s, id, loc);
        if (o.tracked) this.emit(s, 'destroy', `${o.label ?? 'the object'} is destroyed`, loc, { obj: id, tracked: o.tracked });
      }
    }
    return states;
  }

  private freeEmbedded(st: State, id: number, loc?: Loc): void {
    const o = st.get(id);
    if (!o) return;
    for (const v of o.fields.values()) {
      if (v.k !== 'obj') continue;
      const sub = st.get(v.obj);
      if (sub?.owner?.obj === id && sub.alive) {
        st.update(v.obj, (x) => ({ ...x, alive: false, diedAt: loc }));
        this.freeEmbedded(st, v.obj, loc);
      }
    }
  }

  private destroyClass(states: State[], id: number, cls: ClassDef, depth: number, loc?: Loc): State[] {
    const dtor = (cls.methods.get(`~${cls.name}`) ?? []).find((d) => d.ir.body) ?? cls.methods.get(`~${cls.name}`)?.[0];
    // While a base's destructor runs the object is of the base's type: a virtual call there runs the base's
    // version (the derived part is already gone).
    for (const s of states) if (s.get(id)?.cls && s.get(id)!.cls !== cls) s.update(id, (x) => ({ ...x, cls }));
    if (dtor && dtor.ir.body) {
      states = states.flatMap((s) => this.callFunction(s, dtor, { k: 'ptr', obj: id }, [], depth + 1, loc, true).map((r) => r.st));
    } else if (dtor) {
      for (const s of states) {
        this.emit(s, 'unseen', `the destructor ${cls.name}::~${cls.name} is not in the analysed sources`, loc, { what: `${cls.name}::~${cls.name}` });
        if (this.reachesTracked(s, { k: 'ptr', obj: id })) s.addBlind({ what: `the destructor ${cls.name}::~${cls.name} (declared in ${dtor.unit.path}) is not in the analysed sources`, loc: this.loc(dtor.unit, dtor.ir.s, dtor.ir.e) });
      }
    }
    // Members in reverse declaration order.
    for (const f of [...cls.ir.fields].reverse()) {
      if (f.isStatic) continue;
      states = states.flatMap((s) => {
        const v = s.get(id)?.fields.get(f.name);
        if (v?.k !== 'obj') return [s];
        const sub = s.get(v.obj);
        if (!sub || sub.owner?.obj !== id) return [s];
        return this.destroy(s, v.obj, false, depth + 1, loc);
      });
    }
    for (const b of [...cls.ir.bases].reverse()) {
      const bc = this.program.resolveType(b.type, cls.unit.path, cls.ir.scope).cls;
      if (bc && bc !== cls) states = this.destroyClass(states, id, bc, depth + 1, loc);
    }
    return states;
  }

  // ---- calls --------------------------------------------------------------------------------------

  /**
   * Calls a function of the sources. `self` is `this` for a method; `noDtorDispatch` marks a destructor
   * body run by destroy(), which must not chain again.
   */
  callFunction(st: State, def: FnDef, self: Val | undefined, args: Val[], depth: number, loc?: Loc, _isDtorBody = false): VOut[] {
    return this.invoke(st, def.ir, def.unit, def, def.cls, self, args, depth, loc);
  }

  private invoke(st: State, fn: FunctionIR, unit: FileUnit, def: FnDef | undefined, cls: ClassDef | undefined, self: Val | undefined, args: Val[], depth: number, loc?: Loc, outer?: Frame['outer']): VOut[] {
    if (depth > this.limits.maxCallDepth) {
      st.cut = st.cut ?? `calls nested deeper than ${this.limits.maxCallDepth}`;
      this.capped = this.capped ?? st.cut;
      return [{ st, v: UNKNOWN }];
    }
    // Declared but not in the analysed sources (a function-table entry naming a prototype, `(IMS_Release_METHOD *)
    // OBJ_Release` with OBJ_Release in a file not analysed): code the engine did not see.
    if (!fn.body) return this.unseenCall(st, cls ? `${cls.name}::${fn.name}` : fn.name, [...(self ? [self] : []), ...args], loc ?? locOf(unit, fn.nameS, fn.nameE), true, def);
    if (def) {
      this.entered?.add(def);
      this.touched.add(def);
    }
    // Recursion is followed two levels deep, like loops; deeper calls are not seen.
    if (this.stack.filter((f) => f === fn).length >= 2) {
      const what = `${fn.name} called recursively more than twice`;
      // Like a call into code that is not there: it blinds the path only when it is passed the protocol's
      // objects (a recursive walk over a tree of the store's data is not).
      const reach = [...(self ? [self] : []), ...args].map((a) => this.reachesTracked(st, a)).find((x) => x);
      if (reach) st.addBlind({ what: `${what} (not followed) with ${reach}`, loc });
      this.emit(st, 'unseen', `${what}: not followed`, loc, { what, reach });
      return [{ st, v: unknown('unseen', `the result of ${fn.name} called recursively`) }];
    }
    this.stack.push(fn);
    try {
      return this.invokeBody(st, fn, unit, def, cls, self, args, depth, loc, outer);
    } finally {
      this.stack.pop();
    }
  }

  /** The functions running now, outermost first. */
  private readonly stack: FunctionIR[] = [];

  private invokeBody(st: State, fn: FunctionIR, unit: FileUnit, def: FnDef | undefined, cls: ClassDef | undefined, self: Val | undefined, args: Val[], depth: number, loc?: Loc, outer?: Frame['outer']): VOut[] {
    const id = FRAME_BASE - depth;
    const frame: Frame = { id, fn, unit, def, cls, depth, scopes: [new Map()], raii: [[]], outer, types: new Map() };
    const selfObj = self && (self.k === 'ptr' || self.k === 'obj') ? st.get(self.obj) : undefined;
    if (cls?.ir.templateParams.length && selfObj?.targs?.length) {
      frame.tsub = new Map(cls.ir.templateParams.map((name, i) => [name, selfObj.targs![i]] as [string, TypeRef]).filter((x) => x[1]));
    }
    const fields = new Map<string, Val>();
    if (self) fields.set('#this', self);
    fn.params.forEach((p, i) => {
      if (!p.name) return;
      const key = `${p.name}@p`;
      frame.scopes[0].set(p.name, key);
      frame.types.set(key, p.type);
      // A parameter the call leaves out takes its default (`bool addref = true`, `T *p = nullptr`).
      fields.set(key, this.typed(args[i] ?? (p.dflt ? this.defaultValue(p.dflt) : UNKNOWN), p.type, unit));
    });
    const saved = st.get(id);
    st.heap.set(id, { id, kind: 'frame', fields, alive: true, init: 'input', frameOf: def ?? fn, self });
    const name = `${fn.scope.length && !fn.isLambda ? `${fn.scope[fn.scope.length - 1]}::` : ''}${fn.name}`;
    this.emit(st, 'enter', `enters ${name}`, this.loc(unit, fn.nameS, fn.nameE), { fn: name });
    let outs: Out[];
    let states: State[] = [st];
    if (fn.isCtor && cls && self && (self.k === 'ptr' || self.k === 'obj')) {
      states = this.constructMembers(st, self.obj, cls, { frame, def: def! }, depth);
    }
    try {
      outs = states.flatMap((s) => this.execBlock(fn.body!, s, frame));
    } catch (e) {
      if (!(e instanceof Cut)) throw e;
      outs = states.filter((s) => s.cut).map((s) => ({ st: s, flow: { k: 'return', v: UNKNOWN } as Flow }));
      if (!outs.length) outs = [{ st, flow: { k: 'return', v: UNKNOWN } }];
    }
    const results = outs.map((o) => {
      const v = o.flow.k === 'return' ? o.flow.v : UNKNOWN;
      if (o.flow.k === 'goto' && !o.st.cut) o.st.cut = `goto ${o.flow.label}: label not found`;
      if (o.flow.k === 'throw') this.emit(o.st, 'return', `${name} throws (exceptions are not followed)`, undefined, { fn: name, threw: true });
      if (saved) o.st.heap.set(id, saved);
      else o.st.drop(id);
      return { st: o.st, v };
    });
    return this.mergeResults(results);
  }

  /** Paths that leave a function with the same state and the same value are one. */
  private mergeResults(results: VOut[]): VOut[] {
    if (results.length < 2) return results;
    const seen = new Set<string>();
    const out: VOut[] = [];
    for (const r of results) {
      const k = `${valKey(r.v)}|${stateKey(r.st, (c, i) => this.checkers[i].key(c))}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(r);
    }
    this.live -= results.length - out.length;
    return out;
  }

  /** An unknown value of a declared interface-pointer type carries the interface (a call on it names it). */
  typed(v: Val, t: TypeRef, unit: FileUnit): Val {
    if (v.k !== 'unk' || v.iface || v.mapiFn || t.ptr > 1) return v;
    const r = this.program.resolveType(t, unit.path);
    if (r.mapiFn && r.ptr === 0) return { ...v, mapiFn: r.mapiFn };
    if (r.iface && r.ptr === 1) return { ...v, iface: r.iface };
    return v;
  }

  /** The value of a default argument that is a constant; unknown otherwise. */
  private defaultValue(e: Expr): Val {
    switch (e.k) {
      case 'num':
        return int(e.v);
      case 'bool':
        return int(e.v ? 1 : 0);
      case 'null':
        return ZERO;
      case 'cast':
        return this.defaultValue(e.arg);
      case 'id': {
        if (e.name === 'NULL' || e.name === 'FALSE' || e.name === 'false') return ZERO;
        if (e.name === 'TRUE' || e.name === 'true') return int(1);
        const c = this.env.constant(e.name);
        return c === undefined ? UNKNOWN : int(c);
      }
      case 'call':
        // `pointer()`, `T()`: a value-initialised T.
        return e.args.length === 0 ? ZERO : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  /** A method call on a value (an object, a pointer to one, a holder …). */
  callMethod(st: State, recv: Val, name: string, args: Val[], depth: number, loc: Loc, argExprs: readonly Expr[] = [], qualifier?: ClassDef): VOut[] {
    const target = this.objectOf(st, recv, loc, name);
    if (target === undefined) return this.unseenCall(st, `${recv.k === 'unk' && recv.iface ? `${recv.iface}::` : ''}${name}()`, [recv, ...args], loc, false, undefined, { method: name, iface: recv.k === 'unk' ? recv.iface : undefined });
    if (target === 'null') {
      this.crash(st, `calls ${name} through a null pointer`, loc);
      return [{ st, v: UNKNOWN }];
    }
    const o = st.get(target);
    // A pointer to an object that is not in the state (a reference bound to something the analysis does not
    // model): code it cannot follow.
    if (!o) return this.unseenCall(st, `${name}()`, [recv, ...args], loc, false);
    if (!o.alive) {
      this.emit(st, 'use-after-free', `calls ${name} on ${o.label ?? 'an object'} after it was destroyed`, loc, { obj: target, tracked: o.tracked, method: name });
      if (o.tracked) this.crash(st, `calls ${name} on ${o.label ?? 'an object'} after it was destroyed`, loc);
    }
    if (o.kind === 'env') {
      const r = this.env.envMethod(st, target, name, args, this.site(loc, argExprs, depth));
      if (r) return r;
      return this.unseenCall(st, `${o.label ?? 'object'}->${name}()`, args, loc, false);
    }
    if (this.env.intercept && o.fields.has('#stub')) {
      const r = this.env.intercept(st, target, name, args, this.site(loc, argExprs, depth));
      if (r) return r;
    }
    if (o.lib) {
      const r = this.lib.method(st, target, name, args, this.site(loc, argExprs, depth));
      if (r) return r;
      this.crash(st, `${o.lib} has no method ${name}`, loc);
      return [{ st, v: UNKNOWN }];
    }
    // `p->~T()`: an explicit destructor call runs the object's destructors (virtually), without freeing it.
    if (name.startsWith('~') && (o.cls || o.lib)) return this.destroy(st, target, false, depth, loc).map((s) => ({ st: s, v: UNKNOWN }));
    const cls = qualifier ?? o.cls;
    if (cls) {
      const m = this.program.findMethod(cls, name, args.length);
      if (m?.ir.body) {
        // Virtual dispatch: an override in the object's own class wins over a qualified base's non-virtual pick.
        return this.callFunction(st, m, { k: 'ptr', obj: target }, args, depth + 1, loc);
      }
      if (m) return this.unseenCall(st, `${m.cls?.name ?? cls.name}::${name}`, [{ k: 'ptr', obj: target }, ...args], loc, true, m);
      // A method of a library base (ATL's CComObjectRootEx::InternalRelease …)
      const r = this.lib.baseMethod(st, target, cls, name, args, this.site(loc, argExprs, depth));
      if (r) return r;
      return this.unseenCall(st, `${cls.name}::${name}`, [{ k: 'ptr', obj: target }, ...args], loc, true);
    }
    return this.unseenCall(st, `${o.label ?? 'object'}->${name}()`, [{ k: 'ptr', obj: target }, ...args], loc, false);
  }

  /** The object a receiver value designates; 'null' for a null pointer; undefined when unknown. */
  private objectOf(st: State, v: Val, _loc: Loc, _name: string): number | 'null' | undefined {
    if (v.k === 'ptr' && v.field === undefined) return v.obj;
    if (v.k === 'obj') return v.obj;
    if (v.k === 'ptr' && v.field !== undefined) {
      const inner = this.readField(st, v.obj, v.field);
      return inner.k === 'obj' ? inner.obj : undefined;
    }
    if (v.k === 'int' && v.v === 0) return 'null';
    return undefined;
  }

  crash(st: State, why: string, loc?: Loc): void {
    if (!st.crashed) st.crashed = { why, loc };
    this.emit(st, 'crash', why, loc, { why });
  }

  /** Calls a function value: a function pointer, a lambda, a method reference. */
  callValue(st: State, fn: Val, args: Val[], depth: number, loc: Loc, what: string): VOut[] {
    if (fn.k === 'fn') return this.callFunction(st, fn.fn, fn.fn.cls ? args[0] : undefined, fn.fn.cls && !fn.fn.ir.isStatic ? args.slice(1) : args, depth + 1, loc);
    if (fn.k === 'lambda') {
      const scope = this.lambdaScopes.get(fn.fn);
      return this.invoke(st, fn.fn, fn.unit, undefined, scope?.cls, fn.self, args, depth + 1, loc, scope ? { frame: fn.frame, names: scope.names, cls: scope.cls, unit: scope.unit } : undefined);
    }
    if (fn.k === 'obj') {
      const o = st.get(fn.obj);
      if (o?.lib) {
        const r = this.lib.method(st, fn.obj, 'operator()', args, this.site(loc, [], depth));
        if (r) return r;
      }
      if (o?.cls) return this.callMethod(st, fn, 'operator()', args, depth, loc);
    }
    if (fn.k === 'unk' && fn.mapiFn) {
      // MAPI's allocator, handed over as a function pointer (MSProviderInit's lpFreeBuffer …).
      const r = this.env.externalFunction(st, fn.mapiFn, args, this.site(loc, [], 0));
      if (r) return r;
    }
    if (fn.k === 'int' && fn.v === 0) {
      this.crash(st, `calls ${what} through a null function pointer`, loc);
      return [{ st, v: UNKNOWN }];
    }
    return this.unseenCall(st, what, args, loc, false);
  }

  /**
   * A call into code the engine does not have. Out-parameters become new objects that code the engine did not
   * see made (or unknown values); if the call can reach the protocol's objects, the path is blind from here.
   */
  unseenCall(st: State, what: string, args: Val[], loc: Loc, declared: boolean, decl?: FnDef, callee?: { method: string; iface?: string }): VOut[] {
    // Quiet: which method of what the code called out to (a rule may care that StoreLogoff is forwarded).
    if (callee) this.emit(st, 'call-out', `calls ${what}`, loc, { method: callee.method, iface: callee.iface, quiet: true });
    const reach = args.map((a) => this.reachesTracked(st, a)).find((x) => x);
    if (reach) {
      const where = decl ? ` (declared in ${decl.unit.path})` : '';
      st.addBlind({ what: `${what}${where} is not in the analysed sources and is passed ${reach}`, loc });
      this.emit(st, 'unseen', `calls ${what}, which is not in the analysed sources, with ${reach}`, loc, { what, reach, declared });
    }
    for (const a of args) this.havocOut(st, a, what);
    if (this.optimistic && this.returnsHresult(what, decl)) return [{ st, v: ZERO }];
    return [{ st, v: unknown('input') }];
  }

  /**
   * While an object is set up, calls the engine cannot see that return an HRESULT are taken to succeed (the
   * setup wants the object MAPI gets, not the ways its creation can fail). Named in ARCHITECTURE.md.
   */
  optimistic = false;

  private returnsHresult(what: string, decl?: FnDef): boolean {
    const r = decl?.ir.returns?.name;
    if (r) return r === 'HRESULT' || r === 'SCODE';
    const name = what.replace(/\(\)$/, '').split(/::|->/).pop() ?? '';
    return /^(Hr|Sc)[A-Z]/.test(name);
  }

  /** What an unseen callee could write through a pointer argument. */
  private havocOut(st: State, a: Val, what: string): void {
    if (a.k !== 'ptr') return;
    const o = st.get(a.obj);
    if (!o || o.kind === 'env' || o.tracked) return;
    if (a.field !== undefined) {
      const cur = o.fields.get(a.field);
      if (cur?.k === 'obj') return;
      // An out-parameter: a pointer the callee fills in points at an object made by code we do not see.
      const fresh = this.newObject(st, { kind: 'opaque', init: 'opaque', label: `the object ${what} returned` });
      st.setField(a.obj, a.field, { k: 'ptr', obj: fresh });
      return;
    }
    if (o.kind === 'frame' || o.kind === 'global') return;
    if (!o.lib && !o.cls) st.update(a.obj, (x) => ({ ...x, fields: new Map(), init: 'opaque' }));
  }

  /** Whether a value leads to a tracked object (directly, through a member, a holder, a pointer to a member). */
  reachesTracked(st: State, v: Val, depth = 0): string | undefined {
    if (depth > 3) return undefined;
    let id: number | undefined;
    if (v.k === 'ptr' || v.k === 'obj') id = v.obj;
    if (id === undefined) return undefined;
    const o = st.get(id);
    if (!o) return undefined;
    if (v.k === 'ptr' && v.field !== undefined) {
      if (o.tracked) {
        const inner = o.fields.get(v.field);
        return inner ? this.reachesTracked(st, inner, depth + 1) : undefined;
      }
      const inner = o.fields.get(v.field);
      return inner ? this.reachesTracked(st, inner, depth + 1) : undefined;
    }
    if (o.tracked) return o.label ?? o.tracked;
    if (o.kind === 'frame' || o.kind === 'global') return undefined;
    for (const f of o.fields.values()) {
      const r = this.reachesTracked(st, f, depth + 1);
      if (r) return r;
    }
    return undefined;
  }

  site(loc: Loc, argExprs: readonly Expr[], depth: number): CallSite {
    return {
      loc,
      argExprs,
      depth,
      callMethod: (st, recv, name, args) => this.callMethod(st, recv, name, args, depth, loc),
      callValue: (st, fn, args) => this.callValue(st, fn, args, depth, loc, 'a function pointer'),
      load: (st, p) => this.load(st, p),
      store: (st, p, v) => this.store(st, p, v),
      destroy: (st, obj, free) => this.destroy(st, obj, free, depth, loc),
      emit: (st, kind, message, data) => this.emit(st, kind, message, loc, data),
      describe: (st, v) => this.describe(st, v),
    };
  }

  describe(st: State, v: Val): string {
    switch (v.k) {
      case 'int':
        return v.v < 0 || v.v > 9 ? `0x${(v.v >>> 0).toString(16)}` : String(v.v);
      case 'ptr':
      case 'obj': {
        const o = st.get(v.obj);
        return v.k === 'ptr' && v.field ? `&${o?.label ?? 'object'}.${v.field}` : o?.label ?? 'an object';
      }
      case 'fn':
        return v.fn.ir.name;
      case 'lambda':
        return 'a lambda';
      default:
        return 'a value';
    }
  }

  // ---- statements ---------------------------------------------------------------------------------

  private enter(): void {
    if (this.nesting >= MAX_NESTING) throw new RangeError(`more than ${MAX_NESTING} statements or expressions inside one another`);
    this.nesting++;
  }

  private execBlock(block: Stmt & { k: 'block' }, st: State, frame: Frame): Out[] {
    frame.scopes.push(new Map());
    frame.raii.push([]);
    try {
      const outs = this.execSeq(block.body, 0, st, frame);
      return this.leaveScope(outs, frame);
    } finally {
      frame.scopes.pop();
      frame.raii.pop();
    }
  }

  /** Locals of class type die at the end of their block, whatever way it is left. */
  private leaveScope(outs: Out[], frame: Frame): Out[] {
    const raii = frame.raii[frame.raii.length - 1];
    if (!raii.length) return outs;
    const result: Out[] = [];
    for (const o of outs) {
      let states = [o.st];
      for (const key of [...raii].reverse()) {
        states = states.flatMap((s) => {
          const v = s.get(frame.id)?.fields.get(key);
          if (v?.k !== 'obj') return [s];
          const obj = s.get(v.obj);
          if (!obj?.alive) return [s];
          return this.destroy(s, v.obj, true, frame.depth + 1);
        });
      }
      for (const s of states) result.push({ st: s, flow: o.flow });
    }
    return result;
  }

  private execSeq(stmts: readonly Stmt[], from: number, st0: State, frame: Frame): Out[] {
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
              o.st.cut = o.st.cut ?? `goto ${o.flow.label} taken more than 8 times`;
              this.capped = this.capped ?? o.st.cut;
              done.push({ st: o.st, flow: { k: 'return', v: UNKNOWN } });
            } else done.push(o);
          } else done.push(o);
        }
      }
      live = this.merge(next);
    }
    for (const st of live) done.push({ st, flow: NORMAL });
    return done;
  }

  private exec(n: Stmt, st: State, frame: Frame): Out[] {
    this.enter();
    try {
      if (st.cut || st.crashed) return [{ st, flow: { k: 'return', v: UNKNOWN } }];
      this.tick(st);
      return this.execNode(n, st, frame);
    } finally {
      this.nesting--;
    }
  }

  private execNode(n: Stmt, st: State, frame: Frame): Out[] {
    switch (n.k) {
      case 'block':
        return this.execBlock(n, st, frame);
      case 'expr':
        return this.eval(n.e0, st, frame).map((r) => ({ st: r.st, flow: NORMAL }));
      case 'decl':
        return this.execDecl(n.vars, st, frame).map((s) => ({ st: s, flow: NORMAL }));
      case 'if':
        return this.execIf(n, st, frame);
      case 'while':
      case 'do':
      case 'for':
      case 'range':
        return this.execLoop(n, st, frame);
      case 'switch':
        return this.execSwitch(n, st, frame);
      case 'case':
        return this.execSeq(n.body, 0, st, frame);
      case 'return': {
        if (!n.value) {
          this.emit(st, 'return', 'returns', this.loc(frame.unit, n.s, n.e), { fn: frame.fn.name });
          return [{ st, flow: { k: 'return', v: UNKNOWN } }];
        }
        return this.eval(n.value, st, frame).map((r) => {
          this.emit(r.st, 'return', `returns ${this.describe(r.st, r.v)}`, this.loc(frame.unit, n.s, n.e), { fn: frame.fn.name, value: r.v });
          return { st: r.st, flow: { k: 'return', v: r.v } };
        });
      }
      case 'break':
        return [{ st, flow: { k: 'break' } }];
      case 'continue':
        return [{ st, flow: { k: 'continue' } }];
      case 'goto':
        this.emit(st, 'branch', `goto ${n.label}`, this.loc(frame.unit, n.s, n.e));
        return [{ st, flow: { k: 'goto', label: n.label } }];
      case 'label':
        return n.body ? this.exec(n.body, st, frame) : [{ st, flow: NORMAL }];
      case 'try':
        return this.exec(n.body, st, frame);
      case 'throw':
        this.emit(st, 'branch', 'throws', this.loc(frame.unit, n.s, n.e));
        return [{ st, flow: { k: 'throw' } }];
      default:
        return [{ st, flow: NORMAL }];
    }
  }

  private declareLocal(frame: Frame, v: VarDecl): string {
    const key = `${v.name}@${v.nameS}`;
    frame.scopes[frame.scopes.length - 1].set(v.name, key);
    frame.types.set(key, v.type);
    return key;
  }

  /**
   * The class an expression designates (or points to) by its declared type: a parameter, a local, a cast, a
   * member of a typed expression. Raw memory (MAPIAllocateBuffer's) gets its class from the pointer that
   * reaches it (`PIMS pims; … pims->eidStore.cb`).
   */
  private staticClass(n: Expr, frame: Frame, depth = 0): ClassDef | undefined {
    if (depth > 8) return undefined;
    let t: TypeRef | undefined;
    let unit = frame.unit;
    if (n.k === 'id') {
      const key = this.lookupLocal(n.name, frame);
      t = key ? frame.types.get(key) : undefined;
    } else if (n.k === 'cast') t = n.type;
    else if (n.k === 'field') {
      const owner = this.staticClass(n.obj, frame, depth + 1);
      const decl = owner ? this.program.fieldsOf(owner).get(n.name) : undefined;
      if (decl) {
        t = decl.field.type;
        unit = decl.owner.unit;
      }
    } else if (n.k === 'this') return frame.cls;
    if (!t) return undefined;
    const r = this.program.resolveType(t, unit.path);
    return r.cls && r.ptr <= 1 ? r.cls : undefined;
  }

  private lookupLocal(name: string, frame: Frame): string | undefined {
    for (let i = frame.scopes.length - 1; i >= 0; i--) {
      const k = frame.scopes[i].get(name);
      if (k) return k;
    }
    return undefined;
  }

  private execDecl(vars: readonly VarDecl[], st: State, frame: Frame): State[] {
    let states = [st];
    for (const v of vars) {
      if (v.isStatic) {
        // A function-local static: one object for the whole program, initialised once.
        const key = `${v.name}@${v.nameS}`;
        frame.scopes[frame.scopes.length - 1].set(v.name, `#static:${frame.unit.path}:${key}`);
        continue;
      }
      const key = this.declareLocal(frame, v);
      const ot = this.objectType(this.bindTemplate(v.type, frame), frame.unit, frame.fn.scope);
      states = states.flatMap((s) => {
        if (ot && !v.type.array) {
          // A local of class type: constructed here, destroyed at the end of its block.
          const sub = this.newObject(s, { ...ot, kind: 'heap', init: 'zero', label: v.name });
          s.setField(frame.id, key, { k: 'obj', obj: sub });
          frame.raii[frame.raii.length - 1].includes(key) || frame.raii[frame.raii.length - 1].push(key);
          const argExprs = v.ctorArgs ?? (v.init ? (v.init.k === 'init' ? v.init.items : [v.init]) : []);
          return this.evalArgs(argExprs, s, frame).flatMap((a) => {
            // `T x = other;` of the same class copies it.
            if (a.vals.length === 1 && a.vals[0].k === 'obj' && !v.ctorArgs && a.vals[0].obj !== sub) {
              const src = a.st.get(a.vals[0].obj);
              if (src && (src.cls === ot.cls && ot.cls || src.lib === ot.lib && ot.lib)) {
                if (ot.lib) return [this.lib.construct(a.st, sub, a.vals)];
              }
            }
            if (ot.lib) return [this.lib.construct(a.st, sub, a.vals)];
            if (ot.cls) return this.construct(a.st, sub, ot.cls, a.vals, frame.depth + 1, this.loc(frame.unit, v.s, v.e));
            return [a.st];
          });
        }
        if (!v.init && !v.ctorArgs) {
          s.setField(frame.id, key, unknown('input', `${v.name} is not initialised`));
          return [s];
        }
        const init = v.init ?? (v.ctorArgs && v.ctorArgs.length === 1 ? v.ctorArgs[0] : undefined);
        if (!init) {
          s.setField(frame.id, key, ZERO);
          return [s];
        }
        const expr = init.k === 'init' && init.items.length <= 1 && !(v.type.array) ? init.items[0] : init;
        if (!expr) {
          s.setField(frame.id, key, ZERO);
          return [s];
        }
        if (v.type.ref) {
          return this.lvalue(expr, s, frame).map((r) => {
            // A reference to something that is not a cell the analysis models (a temporary, an unknown): unknown.
            if (r.v.k !== 'ptr') {
              r.st.setField(frame.id, key, unknown('input', `what ${v.name} refers to`));
              return r.st;
            }
            r.st.setField(frame.id, key, { k: 'ptr', obj: r.v.obj, field: r.v.field });
            r.st.setField(frame.id, `${key}#ref`, int(1));
            return r.st;
          });
        }
        return this.eval(expr, s, frame).map((r) => {
          // `IMAPISupport *p = m_spSupport;`: a holder's conversion to the pointer it holds (CComPtr's operator T*).
          if (r.v.k === 'obj' && (v.type.ptr ?? 0) >= 1) {
            const o = r.st.get(r.v.obj);
            if (o?.lib && o.fields.has('p')) {
              r.st.setField(frame.id, key, o.fields.get('p')!);
              return r.st;
            }
          }
          r.st.setField(frame.id, key, r.v);
          // `auto guard = OnScopeExit(…)`: a local that takes over an object of a class of the sources owns it,
          // and its destructor runs at the end of the block.
          if (r.v.k === 'obj' && !v.type.ptr) {
            const o = r.st.get(r.v.obj);
            if (o?.cls && o.kind === 'heap' && !o.owner && !o.tracked) frame.raii[frame.raii.length - 1].includes(key) || frame.raii[frame.raii.length - 1].push(key);
          }
          return r.st;
        });
      });
    }
    return states;
  }

  /** Splits the paths by the truth of a condition. */
  private decide(cond: Expr, st: State, frame: Frame, what: string): { st: State; truth: boolean }[] {
    const out: { st: State; truth: boolean }[] = [];
    const text = oneLine(frame.unit.pre.text.slice(cond.s, cond.e)) || oneLine(frame.unit.parsed.text.slice(cond.s, cond.e));
    const loc = this.loc(frame.unit, cond.s, cond.e);
    for (const r of this.eval(cond, st, frame)) {
      const t = this.truth(r.st, r.v);
      if (t !== undefined) {
        this.emit(r.st, 'branch', `${what} ${text} is ${t}`, loc);
        out.push({ st: r.st, truth: t });
        continue;
      }
      const unseenWhy = r.v.k === 'unk' && r.v.src === 'unseen' ? r.v.why : undefined;
      const other = this.fork(r.st);
      this.emit(r.st, 'branch', `${what} ${text}: assumed true`, loc, { assumed: true });
      if (unseenWhy) r.st.addBlind({ what: `the condition ${text} depends on ${unseenWhy}`, loc });
      out.push({ st: r.st, truth: true });
      if (other) {
        this.emit(other, 'branch', `${what} ${text}: assumed false`, loc, { assumed: true });
        if (unseenWhy) other.addBlind({ what: `the condition ${text} depends on ${unseenWhy}`, loc });
        out.push({ st: other, truth: false });
      }
    }
    return out;
  }

  private withCondInit(n: { init?: Stmt; condDecl?: VarDecl }, st: State, frame: Frame): State[] {
    let states = [st];
    if (n.init) states = states.flatMap((s) => this.exec(n.init!, s, frame).map((o) => o.st));
    if (n.condDecl) states = states.flatMap((s) => this.execDecl([n.condDecl!], s, frame));
    return states;
  }

  private execIf(n: Stmt & { k: 'if' }, st: State, frame: Frame): Out[] {
    frame.scopes.push(new Map());
    frame.raii.push([]);
    try {
      const out: Out[] = [];
      for (const s of this.withCondInit(n, st, frame)) {
        for (const d of this.decide(n.cond, s, frame, 'if')) {
          const branch = d.truth ? n.then : n.else;
          if (branch) for (const o of this.exec(branch, d.st, frame)) out.push(o);
          else out.push({ st: d.st, flow: NORMAL });
        }
      }
      return this.leaveScope(out, frame);
    } finally {
      frame.scopes.pop();
      frame.raii.pop();
    }
  }

  /**
   * A loop over elements the analysis follows (a range-for, a begin()/end() iterator walk): the body once per
   * element with the loop variable bound to `bound[i]`; `break` leaves, `return`/`goto`/`throw` go out as they are.
   */
  private runPerElement(body: Stmt, start: State[], key: string, bound: readonly Val[], frame: Frame): Out[] {
    const out: Out[] = [];
    let cur = start;
    for (const v of bound) {
      const next: State[] = [];
      for (const s of cur) {
        s.setField(frame.id, key, v);
        for (const o of this.exec(body, s, frame)) {
          if (o.flow.k === 'break') out.push({ st: o.st, flow: NORMAL });
          else if (o.flow.k === 'return' || o.flow.k === 'goto' || o.flow.k === 'throw') out.push(o);
          else next.push(o.st);
        }
      }
      cur = this.merge(next);
    }
    for (const s of cur) out.push({ st: s, flow: NORMAL });
    return out;
  }

  /** The container object an expression designates (the object itself, or a pointer to it). */
  private containerId(e: Expr, st: State | undefined, frame: Frame): number | undefined {
    if (!st) return undefined;
    const rs = this.eval(e, st.clone(), frame, true);
    if (rs.length !== 1) return undefined;
    const v = rs[0].v;
    return v.k === 'obj' ? v.obj : v.k === 'ptr' && v.field === undefined ? v.obj : undefined;
  }

  /** The elements of the container a range-for walks, when it has one path and the analysis follows them. */
  private knownElements(range: Expr, st: State, frame: Frame): { st: State; elems: Val[] } | undefined {
    const rs = this.eval(range, st.clone(), frame, true);
    if (rs.length !== 1) return undefined;
    const v = rs[0].v;
    const id = v.k === 'obj' ? v.obj : v.k === 'ptr' && v.field === undefined ? v.obj : undefined;
    if (id === undefined) return undefined;
    const elems = containerElements(st, id);
    return elems ? { st, elems } : undefined;
  }

  private execLoop(n: Stmt & { k: 'while' | 'do' | 'for' | 'range' }, st: State, frame: Frame): Out[] {
    frame.scopes.push(new Map());
    frame.raii.push([]);
    try {
      const out: Out[] = [];
      let states: State[] = [st];
      // `for (it = c.begin(); it != c.end(); ++it)` over a container whose elements the analysis follows: the
      // body runs once per element, with the iterator designating it (`*it` is the element).
      const walk = n.k === 'for' ? iteratorWalk(n, frame.unit.parsed.text) : undefined;
      const walked = walk ? this.knownElements(walk.container, st, frame) : undefined;
      if (n.k === 'for' && walk && walked) {
        let cur: State[] = this.exec(n.init!, walked.st, frame).map((o) => o.st);
        const key = this.lookupLocal(walk.iterator, frame);
        const id = this.containerId(walk.container, cur[0], frame);
        if (key && id !== undefined && cur.length === 1) {
          const bound = walked.elems.map((_, i): Val => ({ k: 'ptr', obj: id, field: `e${i}` }));
          return this.leaveScope(this.runPerElement(n.body, cur, key, bound, frame), frame);
        }
        states = cur;
      } else if (n.k === 'for' && n.init) states = states.flatMap((s) => this.exec(n.init!, s, frame).map((o) => o.st));
      if (n.k === 'range') {
        const key = this.declareLocal(frame, n.decl);
        // A container whose elements the analysis follows: the body runs once per element, in order.
        const known = this.knownElements(n.range, st, frame);
        if (known) return this.leaveScope(this.runPerElement(n.body, [known.st], key, known.elems, frame), frame);
        states = states.flatMap((s) =>
          this.eval(n.range, s, frame).map((r) => {
            r.st.setField(frame.id, key, unknown('input', `an element of ${oneLine(frame.unit.parsed.text.slice(n.range.s, n.range.e))}`));
            return r.st;
          }),
        );
      }
      const cond = n.k === 'while' || n.k === 'do' ? n.cond : n.k === 'for' ? n.cond : undefined;
      const body = n.body;
      // Run the body at most twice: a third trip shows the protocol nothing the first two did not.
      for (let trip = 0; trip < 3 && states.length; trip++) {
        const entering: State[] = [];
        for (const s of states) {
          if (trip === 2) {
            out.push({ st: s, flow: NORMAL });
            continue;
          }
          if (n.k === 'do' && trip === 0) {
            entering.push(s);
            continue;
          }
          if (n.k === 'range') {
            const empty = this.rangeEmpty(s, n.range, frame);
            if (empty !== false && trip === 0) {
              const other = empty === undefined ? this.fork(s) : undefined;
              if (empty === true) {
                out.push({ st: s, flow: NORMAL });
                continue;
              }
              if (other) out.push({ st: other, flow: NORMAL });
            } else if (trip === 1) {
              const other = this.fork(s);
              if (other) out.push({ st: other, flow: NORMAL });
            }
            entering.push(s);
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
          for (const o of this.exec(body, s, frame)) {
            if (o.flow.k === 'break') out.push({ st: o.st, flow: NORMAL });
            else if (o.flow.k === 'return' || o.flow.k === 'goto' || o.flow.k === 'throw') out.push(o);
            else again.push(o.st);
          }
        }
        states = n.k === 'for' && n.update ? again.flatMap((s) => this.eval(n.update!, s, frame).map((r) => r.st)) : again;
        states = this.merge(states);
        if (trip === 1 && !cond && n.k !== 'range' && n.k !== 'do') {
          // `for (;;)` or `while (true)` without a break in two trips: cut rather than guess.
          for (const s of states) {
            s.cut = s.cut ?? 'a loop without a decidable exit';
            this.capped = this.capped ?? s.cut;
            out.push({ st: s, flow: { k: 'return', v: UNKNOWN } });
          }
          states = [];
        }
      }
      return this.leaveScope(out, frame);
    } finally {
      frame.scopes.pop();
      frame.raii.pop();
    }
  }

  /** Whether a range-for's container is known to be empty (a library container the scenarios left empty). */
  private rangeEmpty(st: State, range: Expr, frame: Frame): boolean | undefined {
    const r = this.eval(range, st.clone(), frame);
    if (r.length !== 1) return undefined;
    const v = r[0].v;
    if (v.k !== 'obj') return undefined;
    return this.lib.isEmpty(r[0].st, v.obj);
  }

  private execSwitch(n: Stmt & { k: 'switch' }, st: State, frame: Frame): Out[] {
    const out: Out[] = [];
    const body = n.body.k === 'block' ? n.body.body : [n.body];
    // Cases may be nested in the body's statements only at top level here.
    const cases = body.map((s, i) => ({ s, i })).filter((x) => x.s.k === 'case') as { s: Stmt & { k: 'case' }; i: number }[];
    for (const r of this.eval(n.cond, st, frame)) {
      const def = cases.find((c) => !c.s.value);
      let starts: number[];
      if (r.v.k === 'int') {
        const v = r.v.v;
        const hit = cases.find((c) => {
          if (!c.s.value) return false;
          const cv = this.evalPure(c.s.value, r.st, frame);
          return cv.k === 'int' && cv.v === v;
        });
        starts = [hit ? hit.i : def ? def.i : -1];
      } else {
        starts = cases.map((c) => c.i);
        if (!def) starts.push(-1);
      }
      starts.forEach((start, k) => {
        const s = k === 0 ? r.st : this.fork(r.st);
        if (!s) return;
        if (start < 0) {
          out.push({ st: s, flow: NORMAL });
          return;
        }
        const c = body[start] as Stmt & { k: 'case' };
        this.emit(s, 'branch', `switch: ${c.value ? `case ${oneLine(frame.unit.parsed.text.slice(c.value.s, c.value.e))}` : 'default'}`, this.loc(frame.unit, c.s, c.s));
        // Fall through: the rest of the switch body from this case on.
        const rest: Stmt[] = [];
        for (let j = start; j < body.length; j++) {
          const x = body[j];
          if (x.k === 'case') rest.push(...x.body);
          else rest.push(x);
        }
        for (const o of this.execSeq(rest, 0, s, frame)) out.push(o.flow.k === 'break' ? { st: o.st, flow: NORMAL } : o);
      });
    }
    return out;
  }

  // ---- expressions --------------------------------------------------------------------------------

  /** Evaluates without following calls (case labels, constants). */
  evalPure(n: Expr, st: State, frame: Frame): Val {
    const before = this.steps;
    try {
      const r = this.eval(n, st.clone(), frame, true);
      return r.length === 1 ? r[0].v : UNKNOWN;
    } catch (e) {
      if (e instanceof Cut) return UNKNOWN;
      throw e;
    } finally {
      this.steps = before;
    }
  }

  eval(n: Expr, st: State, frame: Frame, pure = false): VOut[] {
    this.enter();
    try {
      return this.evalNode(n, st, frame, pure);
    } finally {
      this.nesting--;
    }
  }

  private evalArgs(args: readonly Expr[], st: State, frame: Frame): { st: State; vals: Val[] }[] {
    let cur: { st: State; vals: Val[] }[] = [{ st, vals: [] }];
    for (const a of args) {
      const next: { st: State; vals: Val[] }[] = [];
      for (const c of cur) for (const r of this.eval(a, c.st, frame)) next.push({ st: r.st, vals: [...c.vals, r.v] });
      cur = next;
    }
    return cur;
  }

  private evalNode(n: Expr, st: State, frame: Frame, pure: boolean): VOut[] {
    switch (n.k) {
      case 'num':
        return [{ st, v: int(n.v) }];
      case 'bool':
        return [{ st, v: int(n.v ? 1 : 0) }];
      case 'null':
        return [{ st, v: ZERO }];
      case 'str':
      case 'sizeof':
      case 'unknown':
        return [{ st, v: UNKNOWN }];
      case 'this':
        return [{ st, v: this.thisOf(st, frame) ?? UNKNOWN }];
      case 'id':
        return [{ st, v: this.readName(n.name, st, frame) }];
      case 'qid':
        return [{ st, v: this.readQualified(n.scope, n.name, st, frame) }];
      case 'tmpl':
        return [{ st, v: this.readName(n.name, st, frame) }];
      case 'field':
        return this.evalField(n, st, frame, pure).map((r) => ({ st: r.st, v: r.lv ? this.load(r.st, r.lv) : r.v }));
      case 'index':
        return this.evalIndex(n, st, frame, pure);
      case 'call':
        return pure ? [{ st, v: UNKNOWN }] : this.evalCall(n, st, frame);
      case 'unary':
        return this.evalUnary(n, st, frame, pure);
      case 'binary': {
        // `(PPV) &p->x`, `(LPVOID) *pp`: C's cast of a unary expression reads as a binary one to a parser that
        // does not know the type names; a left operand that names a type of the sources makes it the cast.
        if ((n.op === '&' || n.op === '*' || n.op === '-' || n.op === '+') && n.l.k === 'id' && !this.lookupLocal(n.l.name, frame) && (this.program.typedefNear(n.l.name, frame.unit.path) || this.program.classes.has(n.l.name))) {
          const type: TypeRef = { text: n.l.name, name: n.l.name, scope: [], args: [], ptr: 0, ref: false };
          return this.eval({ k: 'cast', type, arg: { k: 'unary', op: n.op, arg: n.r, s: n.s, e: n.e }, s: n.s, e: n.e }, st, frame, pure);
        }
        return this.evalBinary(n, st, frame, pure);
      }
      case 'assign':
        return pure ? [{ st, v: UNKNOWN }] : this.evalAssign(n, st, frame);
      case 'update':
        return pure ? [{ st, v: UNKNOWN }] : this.evalUpdate(n, st, frame);
      case 'cond': {
        if (pure) {
          const c = this.truth(st, this.evalPure(n.c, st, frame));
          return c === undefined ? [{ st, v: UNKNOWN }] : this.eval(c ? n.t : n.f, st, frame, true);
        }
        const out: VOut[] = [];
        for (const d of this.decide(n.c, st, frame, '?:')) for (const r of this.eval(d.truth ? n.t : n.f, d.st, frame)) out.push(r);
        return out;
      }
      case 'cast':
        return this.eval(n.arg, st, frame, pure).map((r) => ({ st: r.st, v: this.cast(r.v, n.type) }));
      case 'comma':
        return this.eval(n.l, st, frame, pure).flatMap((r) => this.eval(n.r, r.st, frame, pure));
      case 'offsetof':
        return [{ st, v: { k: 'off', cls: n.type.name, member: n.member, add: 0 } }];
      case 'new':
        return pure ? [{ st, v: UNKNOWN }] : this.evalNew(n, st, frame);
      case 'delete':
        return pure ? [{ st, v: UNKNOWN }] : this.evalDelete(n, st, frame);
      case 'lambda': {
        if (!this.lambdaScopes.has(n.fn)) this.lambdaScopes.set(n.fn, { names: this.visibleNames(frame), cls: frame.cls, unit: frame.unit });
        return [{ st, v: { k: 'lambda', fn: n.fn, unit: frame.unit, frame: frame.id, self: this.thisOf(st, frame) } }];
      }
      case 'init':
        return n.items.length === 1 ? this.eval(n.items[0], st, frame, pure) : [{ st, v: UNKNOWN }];
    }
  }

  private visibleNames(frame: Frame): Map<string, string> {
    const m = new Map<string, string>();
    if (frame.outer) for (const [k, v] of frame.outer.names) m.set(k, `#outer:${v}`);
    for (const s of frame.scopes) for (const [k, v] of s) m.set(k, v);
    return m;
  }

  private thisOf(st: State, frame: Frame): Val | undefined {
    let f: { id: number } | undefined = frame;
    const v = st.get(frame.id)?.fields.get('#this');
    if (v) return v;
    if (frame.outer) {
      f = { id: frame.outer.frame };
      return st.get(f.id)?.fields.get('#this');
    }
    return undefined;
  }

  /** The frame cell a name designates, if it is a local (or a captured local of an enclosing function). */
  private localCell(name: string, frame: Frame): { obj: number; field: string } | undefined {
    for (let i = frame.scopes.length - 1; i >= 0; i--) {
      const key = frame.scopes[i].get(name);
      if (key !== undefined) {
        if (key.startsWith('#static:')) return { obj: GLOBALS, field: key };
        return { obj: frame.id, field: key };
      }
    }
    if (frame.outer) {
      const key = frame.outer.names.get(name);
      if (key !== undefined) {
        if (key.startsWith('#static:')) return { obj: GLOBALS, field: key };
        if (key.startsWith('#outer:')) return undefined; // two levels of lambdas: not followed
        return { obj: frame.outer.frame, field: key };
      }
    }
    return undefined;
  }

  private readName(name: string, st: State, frame: Frame): Val {
    const cell = this.localCell(name, frame);
    if (cell) {
      const v = st.get(cell.obj)?.fields.get(cell.field);
      if (st.get(cell.obj)?.fields.get(`${cell.field}#ref`)) return v ? this.load(st, v) : UNKNOWN;
      return v ?? UNKNOWN;
    }
    const self = this.thisOf(st, frame);
    const cls = frame.cls ?? frame.outer?.cls;
    if (self && cls && (self.k === 'ptr' || self.k === 'obj')) {
      const o = st.get(self.obj);
      const fields = o?.cls ? this.program.fieldsOf(o.cls) : this.program.fieldsOf(cls);
      if (fields.has(name) || o?.fields.has(name)) return this.readField(st, self.obj, name, { unit: frame.unit, s: 0, e: 0 });
      const m = o?.cls ? this.program.findMethod(o.cls, name) : this.program.findMethod(cls, name);
      if (m) return { k: 'fn', fn: m };
    }
    return this.readGlobalName(name, st, frame.unit, cls);
  }

  private readGlobalName(name: string, st: State, unit: FileUnit, cls?: ClassDef): Val {
    const g = this.program.globalNear(name, unit.path);
    if (g) return this.readGlobal(st, g.key, g.ir.init, g.unit, g.ir.name);
    if (cls) {
      // A static member or a method named without `this`.
      const m = this.program.findMethod(cls, name);
      if (m) return { k: 'fn', fn: m };
    }
    const fn = this.program.freeFunctionNear(name, unit.path);
    if (fn) return { k: 'fn', fn };
    const c = this.constantValue(name, unit);
    if (c !== undefined) return int(c);
    return unknown('input', name);
  }

  private readQualified(scope: readonly string[], name: string, st: State, frame: Frame): Val {
    const owner = scope[scope.length - 1];
    const cls = owner ? this.program.classNear(owner, frame.unit.path, scope.slice(0, -1)) : undefined;
    if (cls) {
      const m = this.program.findMethod(cls, name);
      if (m) return { k: 'fn', fn: m };
      const f = cls.ir.fields.find((x) => x.name === name && x.isStatic);
      if (f) return this.readGlobal(st, `${cls.key}::${name}`, f.init, cls.unit, name);
    }
    const c = this.constantValue(name, frame.unit);
    if (c !== undefined) return int(c);
    return this.readGlobalName(name, st, frame.unit);
  }

  /** A global of the sources: initialised from its initializer the first time it is read. */
  private readGlobal(st: State, key: string, init: Expr | undefined, unit: FileUnit, name: string): Val {
    const g = st.get(GLOBALS)!;
    const cur = g.fields.get(key);
    if (cur) return cur;
    let v: Val = unknown('input', name);
    const decl = this.program.globalNear(name, unit.path);
    const ot = decl && !init ? this.objectType(decl.ir.type, decl.unit) : undefined;
    if (ot && (ot.cls || ot.lib)) {
      // A static object of a class (`static CMsgStore g_store;`): zero-initialised storage, its constructor is
      // not run (it runs before anything the analysis sees; its initializers are taken to leave zeros).
      const id = this.newObject(st, { ...ot, kind: 'global', init: 'zero', label: name });
      if (ot.lib) this.lib.defaultConstruct(st, id);
      v = { k: 'obj', obj: id };
    } else if (init) {
      if (init.k === 'init') {
        // A table (a vtable, an array of function pointers): an object whose fields are its entries.
        const id = this.newObject(st, { kind: 'global', init: 'input', label: name });
        const fields = new Map<string, Val>();
        const names = this.tableFieldNames(name, unit, init);
        init.items.forEach((item, i) => fields.set(init.designators?.[i] ?? names[i] ?? String(i), this.constEval(item, unit)));
        init.items.forEach((item, i) => fields.set(String(i), this.constEval(item, unit)));
        st.update(id, (o) => ({ ...o, fields }));
        v = { k: 'obj', obj: id };
      } else v = this.constEval(init, unit);
    }
    st.setField(GLOBALS, key, v);
    return v;
  }

  /** The field names of a global's struct type, in order (for a positional initializer). */
  private tableFieldNames(name: string, unit: FileUnit, _init: Expr): string[] {
    const g = this.program.globalNear(name, unit.path);
    if (!g) return [];
    const r = this.program.resolveType(g.ir.type, unit.path);
    if (r.cls) return r.cls.ir.fields.map((f) => f.name);
    if (r.iface) return [];
    return [];
  }

  /** Evaluates an initializer of a global: constants, addresses of globals, function names, casts. */
  constEval(e: Expr, unit: FileUnit): Val {
    switch (e.k) {
      case 'qid': {
        const c = this.constantValue(e.name, unit);
        return c === undefined ? unknown('input', e.name) : int(c);
      }
      case 'num':
        return int(e.v);
      case 'null':
        return ZERO;
      case 'bool':
        return int(e.v ? 1 : 0);
      case 'cast':
        return this.constEval(e.arg, unit);
      case 'id': {
        const fn = this.program.freeFunctionNear(e.name, unit.path);
        if (fn) return { k: 'fn', fn };
        const c = this.constantValue(e.name, unit);
        if (c !== undefined) return int(c);
        return unknown('input', e.name);
      }
      case 'unary':
        if (e.op === '&' && e.arg.k === 'id') {
          const fn = this.program.freeFunctionNear(e.arg.name, unit.path);
          if (fn) return { k: 'fn', fn };
          return { k: 'unk', src: 'input', why: `&${e.arg.name}`, t: 0 };
        }
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private readonly constCache = new Map<string, number | null>();

  constantValue(name: string, unit: FileUnit): number | undefined {
    const key = `${unit.path}|${name}`;
    const hit = this.constCache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    this.constCache.set(key, null); // a constant defined through itself stays unknown
    let v: number | undefined;
    const c = this.program.constantNearOrMiss(name, unit.path);
    if (c) {
      // An enumerator: its value, or one more than the one before it.
      let steps = 0;
      let cur: typeof c | undefined = c;
      while (cur && !cur.value && cur.prev) {
        cur = cur.prev;
        steps++;
      }
      const base = cur?.value ? this.constExpr(cur.value, cur.unit) : cur ? -1 : undefined;
      v = base === undefined ? undefined : cur?.value ? base + steps : steps;
      if (cur && !cur.value && !cur.prev) v = steps;
    } else v = this.env.constant(name);
    this.constCache.set(key, v ?? null);
    return v;
  }

  private constExpr(e: Expr, unit: FileUnit): number | undefined {
    const st = this.newState();
    const frame: Frame = { id: FRAME_BASE, fn: { id: -1, name: '', scope: [], written: [], params: [], variadic: false, ctorInits: [], isCtor: false, isDtor: false, isVirtual: false, isPure: false, isStatic: false, isOverride: false, inClass: false, templateParams: [], s: 0, e: 0, nameS: 0, nameE: 0 }, unit, depth: 0, scopes: [new Map()], raii: [[]], types: new Map() };
    const v = this.evalPure(e, st, frame);
    return v.k === 'int' ? v.v : undefined;
  }

  // -- fields, indexing, pointers --

  /** An lvalue: the address of what an expression designates (a field cell, a local cell, an object). */
  private lvalue(n: Expr, st: State, frame: Frame): VOut[] {
    switch (n.k) {
      case 'id': {
        const cell = this.localCell(n.name, frame);
        if (cell) {
          if (st.get(cell.obj)?.fields.get(`${cell.field}#ref`)) {
            const p = st.get(cell.obj)?.fields.get(cell.field);
            return [{ st, v: p ?? UNKNOWN }];
          }
          return [{ st, v: { k: 'ptr', obj: cell.obj, field: cell.field } }];
        }
        const self = this.thisOf(st, frame);
        if (self && (self.k === 'ptr' || self.k === 'obj') && (frame.cls || frame.outer?.cls)) {
          const o = st.get(self.obj);
          const fields = this.program.fieldsOf(o?.cls ?? (frame.cls ?? frame.outer!.cls)!);
          if (fields.has(n.name)) {
            const cur = o?.fields.get(n.name) ?? this.readField(st, self.obj, n.name);
            if (cur.k === 'obj') return [{ st, v: { k: 'ptr', obj: cur.obj } }];
            return [{ st, v: { k: 'ptr', obj: self.obj, field: n.name } }];
          }
        }
        const g = this.program.globalNear(n.name, frame.unit.path);
        if (g) {
          const cur = this.readGlobal(st, g.key, g.ir.init, g.unit, g.ir.name);
          if (cur.k === 'obj') return [{ st, v: { k: 'ptr', obj: cur.obj } }];
          return [{ st, v: { k: 'ptr', obj: GLOBALS, field: g.key } }];
        }
        const fn = this.program.freeFunctionNear(n.name, frame.unit.path);
        if (fn) return [{ st, v: { k: 'fn', fn } }];
        return [{ st, v: unknown('input', `&${n.name}`) }];
      }
      case 'field':
        return this.evalField(n, st, frame, false).map((r) => ({ st: r.st, v: r.lv ?? r.v }));
      case 'unary':
        if (n.op === '*') return this.eval(n.arg, st, frame);
        return [{ st, v: UNKNOWN }];
      case 'index':
        return this.evalIndexLvalue(n, st, frame);
      case 'cast':
        return this.lvalue(n.arg, st, frame);
      default:
        return this.eval(n, st, frame).map((r) => ({ st: r.st, v: r.v.k === 'obj' ? { k: 'ptr', obj: r.v.obj } : UNKNOWN }));
    }
  }

  /** `a.b` / `a->b`: the field's address (`lv`), or a value when the base is not an object we track. */
  private evalField(n: Expr & { k: 'field' }, st: State, frame: Frame, pure: boolean): { st: State; v: Val; lv?: Val }[] {
    return this.eval(n.obj, st, frame, pure).flatMap((r) => {
      let base = r.v;
      // `holder->m` on a smart pointer: its operator-> gives the raw pointer.
      if (n.arrow && base.k === 'obj') {
        const o = r.st.get(base.obj);
        if (o?.lib) base = this.lib.pointee(r.st, base.obj);
        else if (o?.cls) {
          const op = this.program.findMethod(o.cls, 'operator->');
          if (op?.ir.body && !pure) return this.callFunction(r.st, op, base, [], frame.depth + 1).map((x) => this.fieldOf(x.st, x.v, n.name, frame, n));
        }
      }
      if (!n.arrow && base.k === 'ptr' && base.field === undefined) base = { k: 'obj', obj: base.obj };
      if (base.k === 'fake') return [{ st: r.st, v: { k: 'off', cls: base.cls, member: n.name, add: base.add } }];
      if ((base.k === 'ptr' && base.field === undefined) || base.k === 'obj') {
        const o = r.st.get(base.obj);
        if (o && !o.cls && !o.lib && o.kind === 'heap') {
          const cls = this.staticClass(n.obj, frame);
          if (cls) r.st.update(base.obj, (x) => ({ ...x, cls }));
        }
      }
      return [this.fieldOf(r.st, base, n.name, frame, n)];
    });
  }

  private fieldOf(st: State, base: Val, name: string, frame: Frame, n: Expr): { st: State; v: Val; lv?: Val } {
    let id: number | undefined;
    if (base.k === 'ptr' && base.field === undefined) id = base.obj;
    else if (base.k === 'obj') id = base.obj;
    else if (base.k === 'ptr' && base.field !== undefined) {
      const inner = this.readField(st, base.obj, base.field);
      if (inner.k === 'obj') id = inner.obj;
    }
    if (id === undefined) {
      // `p->x` through a null pointer crashes; `v.x` of a value the analysis holds as 0 (a member of a structure
      // whose declaration it lacks) is just a value it does not know.
      if (base.k === 'int' && base.v === 0 && (n.k !== 'field' || n.arrow)) this.crash(st, `reads ${name} through a null pointer`, this.loc(frame.unit, n.s, n.e));
      return { st, v: base.k === 'unk' && base.src === 'unseen' ? unknown('unseen', base.why) : UNKNOWN };
    }
    const o = st.get(id);
    if (!o) return { st, v: UNKNOWN };
    if (o.kind === 'env') {
      // The environment's objects have no fields the code can read, but `p->lpVtbl` is `p` for a method call.
      if (name === 'lpVtbl') return { st, v: { k: 'obj', obj: id } };
      return { st, v: UNKNOWN };
    }
    if (o.lib) return { st, v: this.lib.field(st, id, name) };
    if (!o.alive && o.tracked) this.emit(st, 'use-after-free', `reads ${name} of ${o.label ?? 'an object'} after it was destroyed`, this.loc(frame.unit, n.s, n.e), { obj: id, tracked: o.tracked });
    const cur = o.fields.get(name) ?? this.readField(st, id, name, { unit: frame.unit, s: n.s, e: n.e });
    if (cur.k === 'obj' && st.get(cur.obj)?.owner?.obj === id) return { st, v: cur, lv: { k: 'ptr', obj: cur.obj } };
    return { st, v: cur, lv: { k: 'ptr', obj: id, field: name } };
  }

  private evalIndex(n: Expr & { k: 'index' }, st: State, frame: Frame, pure: boolean): VOut[] {
    return this.evalIndexLvalue(n, st, frame, pure).map((r) => ({ st: r.st, v: r.v.k === 'ptr' ? this.load(r.st, r.v) : r.v }));
  }

  private evalIndexLvalue(n: Expr & { k: 'index' }, st: State, frame: Frame, pure = false): VOut[] {
    // An element of an array member or local (`pims->rgulLogoff[ISLOT_REQUESTED]`): a cell of its own, named
    // by the array and the constant index, in the object that holds the array.
    if (!pure && (n.obj.k === 'field' || n.obj.k === 'id')) {
      const arrays = this.lvalue(n.obj, st.clone(), frame);
      if (arrays.length === 1 && arrays[0].v.k === 'ptr' && arrays[0].v.field !== undefined && this.isArrayCell(arrays[0].st, arrays[0].v.obj, arrays[0].v.field, frame)) {
        const arr = arrays[0].v;
        return this.lvalue(n.obj, st, frame).flatMap((a) =>
          this.eval(n.index, a.st, frame).map((i) => ({ st: i.st, v: i.v.k === 'int' ? ({ k: 'ptr', obj: arr.obj, field: `${arr.field}[${i.v.v}]` } as Val) : UNKNOWN })),
        );
      }
    }
    return this.eval(n.obj, st, frame, pure).flatMap((a) =>
      this.eval(n.index, a.st, frame, pure).map((i) => {
        const base = a.v;
        if ((base.k === 'obj' || (base.k === 'ptr' && base.field === undefined)) && i.v.k === 'int') {
          const o = i.st.get(base.obj);
          if (o?.lib) return { st: i.st, v: this.lib.field(i.st, base.obj, `[${i.v.v}]`) };
          return { st: i.st, v: { k: 'ptr', obj: base.obj, field: String(i.v.v) } as Val };
        }
        return { st: i.st, v: UNKNOWN };
      }),
    );
  }

  /** Whether a cell (a member of an object, or a local of a frame) is declared as an array. */
  private isArrayCell(st: State, obj: number, field: string, frame: Frame): boolean {
    if (obj === frame.id) return !!frame.types.get(field)?.array;
    const o = st.get(obj);
    const cls = o?.cls;
    return !!(cls && this.program.fieldsOf(cls).get(field)?.field.type.array);
  }

  private evalUnary(n: Expr & { k: 'unary' }, st: State, frame: Frame, pure: boolean): VOut[] {
    if (n.op === '&') {
      // `&Release<T>`: a function template named with its arguments is the function.
      if (n.arg.k === 'tmpl') return this.eval(n.arg, st, frame, pure);
      // `&~p` / `&+p` (Kopano's holders): the address the holder's operator gives.
      if (n.arg.k === 'unary' && (n.arg.op === '~' || n.arg.op === '+') && !pure) {
        return this.eval(n.arg, st, frame).map((r) => ({ st: r.st, v: r.v.k === 'ptr' ? r.v : UNKNOWN }));
      }
      // `&x`: the address of a local, a member, a global; `&function` is the function.
      return this.lvalue(n.arg, st, frame).map((r) => {
        if (r.v.k === 'off') return { st: r.st, v: r.v };
        return { st: r.st, v: r.v };
      });
    }
    if (n.op === '*') {
      return this.eval(n.arg, st, frame, pure).map((r) => {
        if (r.v.k === 'int' && r.v.v === 0) {
          this.crash(r.st, 'dereferences a null pointer', this.loc(frame.unit, n.s, n.e));
          return { st: r.st, v: UNKNOWN };
        }
        if (r.v.k === 'fn' || r.v.k === 'lambda') return { st: r.st, v: r.v };
        return { st: r.st, v: this.load(r.st, r.v) };
      });
    }
    // `~p`, `+p` on a holder: its operator (Kopano's object_ptr: release, then the address of the pointer it
    // holds); `&~p` is that address.
    if ((n.op === '~' || n.op === '+') && !pure) {
      const outs: VOut[] = [];
      for (const r of this.eval(n.arg, st, frame)) {
        const o = r.v.k === 'obj' ? r.st.get(r.v.obj) : undefined;
        if (o?.lib) {
          const res = this.lib.method(r.st, r.v.k === 'obj' ? r.v.obj : -1, `operator${n.op}`, [], this.site(this.loc(frame.unit, n.s, n.e), [], frame.depth));
          if (res) {
            outs.push(...res);
            continue;
          }
        }
        if (o?.cls) {
          const op = this.program.findMethod(o.cls, `operator${n.op}`, 0);
          if (op?.ir.body) {
            outs.push(...this.callFunction(r.st, op, r.v, [], frame.depth + 1, this.loc(frame.unit, n.s, n.e)));
            continue;
          }
        }
        outs.push(...this.unaryValue(n, r));
      }
      return outs;
    }
    return this.eval(n.arg, st, frame, pure).flatMap((r) => this.unaryValue(n, r));
  }

  private unaryValue(n: Expr & { k: 'unary' }, r: VOut): VOut[] {
    {
      const v = r.v;
      if (n.op === '!') {
        const t = this.truth(r.st, v);
        return [{ st: r.st, v: t === undefined ? (v.k === 'unk' ? { ...v } : UNKNOWN) : int(t ? 0 : 1) }];
      }
      if (v.k !== 'int') return [{ st: r.st, v: v.k === 'unk' ? v : UNKNOWN }];
      if (n.op === '-') return [{ st: r.st, v: int(-v.v, v.t) }];
      if (n.op === '~') return [{ st: r.st, v: int(~v.v, v.t) }];
      return [{ st: r.st, v }];
    }
  }

  private evalBinary(n: Expr & { k: 'binary' }, st: State, frame: Frame, pure: boolean): VOut[] {
    if (n.op === '&&' || n.op === '||') {
      const out: VOut[] = [];
      for (const l of this.eval(n.l, st, frame, pure)) {
        const t = this.truth(l.st, l.v);
        if (n.op === '&&' && t === false) out.push({ st: l.st, v: ZERO });
        else if (n.op === '||' && t === true) out.push({ st: l.st, v: int(1) });
        else {
          for (const r of this.eval(n.r, l.st, frame, pure)) {
            const u = this.truth(r.st, r.v);
            if (t !== undefined && u !== undefined) out.push({ st: r.st, v: int((n.op === '&&' ? t && u : t || u) ? 1 : 0) });
            else if (u === false && n.op === '&&') out.push({ st: r.st, v: ZERO });
            else if (u === true && n.op === '||') out.push({ st: r.st, v: int(1) });
            else out.push({ st: r.st, v: combineUnknown(l.v, r.v) });
          }
        }
      }
      return out;
    }
    const out: VOut[] = [];
    for (const l of this.eval(n.l, st, frame, pure)) for (const r of this.eval(n.r, l.st, frame, pure)) out.push({ st: r.st, v: this.binop(r.st, n.op, l.v, r.v) });
    return out;
  }

  binop(st: State, op: string, a: Val, b: Val): Val {
    // Pointers: comparisons with null and with each other; `p - offsetof(T, m)` is the object holding member m.
    if (op === '-' && (a.k === 'ptr' || a.k === 'obj') && b.k === 'off' && b.add === 0) {
      const inner = st.get(a.obj);
      if (inner?.owner && inner.owner.field === b.member) {
        const outer = st.get(inner.owner.obj);
        if (outer && (!outer.cls || outer.cls.name === b.cls || this.program.ancestry(outer.cls).has(b.cls))) return { k: 'ptr', obj: outer.id };
      }
      return UNKNOWN;
    }
    if (a.k === 'off' && b.k === 'int' && (op === '-' || op === '+')) return { ...a, add: op === '-' ? a.add - b.v : a.add + b.v };
    const isPtr = (v: Val): boolean => v.k === 'ptr' || v.k === 'obj' || v.k === 'fn' || v.k === 'lambda';
    if ((op === '==' || op === '!=') && (isPtr(a) || isPtr(b))) {
      if (isPtr(a) && isPtr(b)) {
        const same = valId(a) === valId(b);
        const known = valId(a) !== undefined && valId(b) !== undefined;
        if (!known) return UNKNOWN;
        // Two different objects of ours are different; an object and an unknown pointer may be the same.
        return int((op === '==') === same ? 1 : 0);
      }
      const other = isPtr(a) ? b : a;
      const ptr = isPtr(a) ? a : b;
      if (other.k === 'int' && other.v === 0) {
        const t = this.truth(st, ptr);
        return t === undefined ? UNKNOWN : int((op === '!=') === t ? 1 : 0);
      }
      return UNKNOWN;
    }
    if (a.k !== 'int' || b.k !== 'int') {
      if (op === '&' && ((a.k === 'int' && a.v === 0) || (b.k === 'int' && b.v === 0))) return ZERO;
      return combineUnknown(a, b);
    }
    const t = (a.t ?? 0) | (b.t ?? 0) || undefined;
    const x = a.v;
    const y = b.v;
    switch (op) {
      case '+': return int(x + y, t);
      case '-': return int(x - y, t);
      case '*': return int(Math.imul(x, y), t);
      case '/': return y === 0 ? UNKNOWN : int(Math.trunc(x / y), t);
      case '%': return y === 0 ? UNKNOWN : int(x % y, t);
      case '&': return int(x & y, t);
      case '|': return int(x | y, t);
      case '^': return int(x ^ y, t);
      case '<<': return int(x << y, t);
      case '>>': return int(x >> y, t);
      case '==': return int(x === y ? 1 : 0);
      case '!=': return int(x !== y ? 1 : 0);
      case '<': return int(x < y ? 1 : 0);
      case '>': return int(x > y ? 1 : 0);
      case '<=': return int(x <= y ? 1 : 0);
      case '>=': return int(x >= y ? 1 : 0);
      default: return UNKNOWN;
    }
  }

  truth(st: State, v: Val): boolean | undefined {
    switch (v.k) {
      case 'int':
        return v.v !== 0;
      case 'fn':
      case 'lambda':
        return true;
      case 'ptr':
        if (v.field === undefined) return true;
        return true;
      case 'obj': {
        const o = st.get(v.obj);
        if (o?.lib) return this.lib.truth(st, v.obj);
        if (o?.cls) {
          // An object in a condition: its `operator bool` or conversion to a pointer decides.
          const conv = this.program.findMethod(o.cls, 'operator cast') ?? this.program.findMethod(o.cls, 'operatorbool');
          if (conv?.ir.body) {
            const r = this.callFunction(st.clone(), conv, v, [], 1);
            const ts = r.map((x) => this.truth(x.st, x.v));
            return ts.length && ts.every((t) => t === ts[0]) ? ts[0] : undefined;
          }
        }
        return true;
      }
      default:
        return undefined;
    }
  }

  private cast(v: Val, t: TypeRef): Val {
    // `(T *) 1` in the offsetof idiom.
    if (v.k === 'int' && t.ptr > 0 && v.v !== 0 && Math.abs(v.v) < 4096) return { k: 'fake', cls: t.name, add: v.v };
    if (v.k === 'int' && t.ptr === 0 && /^(BYTE|BOOL|bool|char|unsigned char|UCHAR|WORD|USHORT|short)$/.test(t.text)) {
      if (t.text === 'bool' || t.text === 'BOOL') return v;
      if (/BYTE|char|UCHAR/.test(t.text)) return int(v.v & 0xff, v.t);
      return int(v.v & 0xffff, v.t);
    }
    return v;
  }

  private evalAssign(n: Expr & { k: 'assign' }, st: State, frame: Frame): VOut[] {
    const out: VOut[] = [];
    for (const l of this.lvalue(n.l, st, frame)) {
      for (const r of this.eval(n.r, l.st, frame)) {
        const s = r.st;
        const lv = l.v;
        // Assignment to an object of class type: its operator= (a holder's, or the class's own), else a copy.
        let target = lv.k === 'ptr' && lv.field === undefined ? lv.obj : undefined;
        // A variable or member of struct or class type (not a pointer) holds its object by value: `st = pims->state;`
        // copies the members into it, it does not make the variable another name for pims->state.
        if (target === undefined && lv.k === 'ptr' && lv.field !== undefined && n.op === '=' && r.v.k === 'obj') {
          const cur = this.load(s, lv);
          if (cur.k === 'obj' && cur.obj !== r.v.obj && s.get(cur.obj) && !s.get(cur.obj)?.tracked) target = cur.obj;
        }
        if (target !== undefined) {
          const o = s.get(target);
          if (o?.lib) {
            for (const x of this.lib.assign(s, target, n.op, r.v, this.site(this.loc(frame.unit, n.s, n.e), [n.r], frame.depth))) out.push(x);
            continue;
          }
          if (o?.cls && n.op === '=') {
            const op = this.program.findMethod(o.cls, 'operator=');
            if (op?.ir.body) {
              for (const x of this.callFunction(s, op, { k: 'ptr', obj: target }, [r.v], frame.depth + 1)) out.push({ st: x.st, v: { k: 'obj', obj: target } });
              continue;
            }
            this.copyInto(s, target, r.v);
            out.push({ st: s, v: r.v });
            continue;
          }
        }
        if (lv.k !== 'ptr') {
          out.push({ st: s, v: r.v });
          continue;
        }
        let v = r.v;
        if (n.op !== '=') v = this.binop(s, n.op.slice(0, -1), this.load(s, lv), r.v);
        this.store(s, lv, v);
        out.push({ st: s, v });
      }
    }
    return out;
  }

  private evalUpdate(n: Expr & { k: 'update' }, st: State, frame: Frame): VOut[] {
    return this.lvalue(n.arg, st, frame).map((l) => {
      if (l.v.k !== 'ptr') return { st: l.st, v: UNKNOWN };
      const old = this.load(l.st, l.v);
      if (old.k === 'obj') {
        const o = l.st.get(old.obj);
        if (o?.lib) {
          const r = this.lib.method(l.st, old.obj, n.op === '++' ? 'operator++' : 'operator--', [], this.site(this.loc(frame.unit, n.s, n.e), [], frame.depth));
          if (r?.length) return r[0];
        }
        return { st: l.st, v: UNKNOWN };
      }
      const nv = this.binop(l.st, n.op === '++' ? '+' : '-', old, int(1));
      this.store(l.st, l.v, nv);
      return { st: l.st, v: n.prefix ? nv : old };
    });
  }

  private evalNew(n: Expr & { k: 'new' }, st: State, frame: Frame): VOut[] {
    if (n.array) return [{ st, v: { k: 'ptr', obj: this.newObject(st, { kind: 'heap', init: 'input', label: `new ${n.type.text}[]` }) } }];
    const ot = this.objectType(this.bindTemplate(n.type, frame), frame.unit, frame.fn.scope);
    const loc = this.loc(frame.unit, n.s, n.e);
    return this.evalArgs(n.args, st, frame).flatMap((a) => {
      if (ot?.cls) {
        const id = this.newObject(a.st, { cls: ot.cls, targs: ot.targs, kind: 'heap', init: 'zero', label: `a new ${ot.cls.name}` });
        return this.construct(a.st, id, ot.cls, a.vals, frame.depth + 1, loc).map((s) => ({ st: s, v: { k: 'ptr', obj: id } as Val }));
      }
      if (ot?.lib) {
        const id = this.newObject(a.st, { ...ot, kind: 'heap', init: 'zero', label: `a new ${n.type.text}` });
        return [{ st: this.lib.construct(a.st, id, a.vals), v: { k: 'ptr', obj: id } as Val }];
      }
      // A type we do not have: scalar `new int(0)` or a class of an unseen library.
      const id = this.newObject(a.st, { kind: 'heap', init: 'opaque', label: `a new ${n.type.text}` });
      return [{ st: a.st, v: { k: 'ptr', obj: id } as Val }];
    });
  }

  private evalDelete(n: Expr & { k: 'delete' }, st: State, frame: Frame): VOut[] {
    const loc = this.loc(frame.unit, n.s, n.e);
    return this.eval(n.arg, st, frame).flatMap((r) => {
      const v = r.v;
      if (v.k === 'int' && v.v === 0) return [{ st: r.st, v: UNKNOWN }]; // delete of null does nothing
      if (v.k === 'ptr' && v.field === undefined) {
        const o = r.st.get(v.obj);
        if (o?.kind === 'env') {
          this.emit(r.st, 'misuse', `deletes ${o.label ?? 'an object of MAPI'} with delete`, loc, { obj: v.obj });
          return [{ st: r.st, v: UNKNOWN }];
        }
        return this.destroy(r.st, v.obj, true, frame.depth, loc).map((s) => ({ st: s, v: UNKNOWN }));
      }
      return this.unseenCall(r.st, 'delete', [v], loc, false);
    });
  }

  // -- calls --

  private evalCall(n: Expr & { k: 'call' }, st: State, frame: Frame): VOut[] {
    const loc = this.loc(frame.unit, n.s, n.e);
    const fn = n.fn;
    // C: p->lpVtbl->Method(p, …): a call through the object's vtable.
    if (fn.k === 'field' && fn.obj.k === 'field' && fn.obj.name === 'lpVtbl') {
      const recvExpr = fn.obj.obj;
      return this.eval(recvExpr, st, frame).flatMap((r) => {
        const o = this.objectOf(r.st, r.v, loc, fn.name);
        if (typeof o === 'number' && r.st.get(o)?.kind === 'env') {
          return this.evalArgs(n.args.slice(1), r.st, frame).flatMap((a) => this.callMethod(a.st, r.v, fn.name, a.vals, frame.depth, loc, n.args.slice(1)));
        }
        // An object whose vtable the environment replaced (MAPI's stub after MakeInvalid): the environment answers.
        if (typeof o === 'number') {
          const vt = this.readField(r.st, o, 'lpVtbl');
          const table = vt.k === 'ptr' || vt.k === 'obj' ? vt.obj : undefined;
          if (table !== undefined && r.st.get(table)?.kind === 'env') {
            return this.evalArgs(n.args, r.st, frame).flatMap((a) => this.env.envMethod(a.st, table, fn.name, a.vals, this.site(loc, n.args, frame.depth)) ?? this.unseenCall(a.st, `->lpVtbl->${fn.name}`, a.vals, loc, false));
          }
        }
        return this.eval(fn, r.st, frame).flatMap((f) =>
          this.evalArgs(n.args, f.st, frame).flatMap((a) => {
            if (f.v.k === 'fn' || f.v.k === 'lambda') return this.callValue(a.st, f.v, a.vals, frame.depth, loc, fn.name);
            if (o === 'null') {
              this.crash(a.st, `calls ${fn.name} through a null pointer`, loc);
              return [{ st: a.st, v: UNKNOWN }];
            }
            return this.unseenCall(a.st, `->lpVtbl->${fn.name}`, a.vals, loc, false);
          }),
        );
      });
    }
    if (fn.k === 'field') {
      // obj.method(…) / ptr->method(…)
      return this.eval(fn.obj, st, frame).flatMap((r) => {
        let recv = r.v;
        if (fn.arrow && recv.k === 'obj') {
          const o = r.st.get(recv.obj);
          if (o?.lib) recv = this.lib.pointee(r.st, recv.obj);
          else if (o?.cls) {
            const op = this.program.findMethod(o.cls, 'operator->');
            if (op?.ir.body) {
              return this.callFunction(r.st, op, recv, [], frame.depth + 1, loc).flatMap((x) => this.evalArgs(n.args, x.st, frame).flatMap((a) => this.callMethod(a.st, x.v, fn.name, a.vals, frame.depth, loc, n.args)));
            }
          }
        }
        if (!fn.arrow && recv.k === 'ptr' && recv.field === undefined) recv = { k: 'obj', obj: recv.obj };
        // A member that holds a function pointer or a lambda: `p->lpfn(x)`.
        // `&outer->inner` designates the embedded object held in the field.
        const t0 = this.objectOf(r.st, recv, loc, fn.name);
        const target = typeof t0 === 'number' ? t0 : undefined;
        const tobj = target !== undefined ? r.st.get(target) : undefined;
        if (tobj && !tobj.lib && tobj.kind !== 'env' && !(tobj.cls && this.program.findMethod(tobj.cls, fn.name))) {
          let fv = tobj.fields.get(fn.name);
          // A declared member nobody wrote yet reads as its type says (MAPI's allocator for an LPALLOCATEBUFFER …).
          if (fv === undefined && tobj.cls && this.program.fieldsOf(tobj.cls).has(fn.name)) fv = this.readField(r.st, target!, fn.name);
          if (fv && (fv.k === 'fn' || fv.k === 'lambda' || fv.k === 'unk' || fv.k === 'int')) {
            return this.evalArgs(n.args, r.st, frame).flatMap((a) => this.callValue(a.st, fv, a.vals, frame.depth, loc, fn.name));
          }
        }
        const qualifier = undefined;
        // `flag.compare_exchange_strong(expected, desired)`: `expected` is a reference the call writes.
        if (/^compare_exchange_(strong|weak)$/.test(fn.name) && n.args.length >= 2) {
          return this.lvalue(n.args[0], r.st, frame).flatMap((e) =>
            this.evalArgs(n.args.slice(1), e.st, frame).flatMap((a) => this.callMethod(a.st, recv, fn.name, [e.v, ...a.vals], frame.depth, loc, n.args, qualifier)),
          );
        }
        return this.evalArgs(n.args, r.st, frame).flatMap((a) => this.callMethod(a.st, recv, fn.name, a.vals, frame.depth, loc, n.args, qualifier));
      });
    }
    if (fn.k === 'qid') return this.evalQualifiedCall(n, fn, st, frame, loc);
    if (fn.k === 'id' || fn.k === 'tmpl') {
      const name = fn.name;
      const cell = this.localCell(name, frame);
      if (cell) {
        const fv = this.readName(name, st, frame);
        return this.evalArgs(n.args, st, frame).flatMap((a) => this.callValue(a.st, fv, a.vals, frame.depth, loc, name));
      }
      // An implicit `this->method(…)`.
      const self = this.thisOf(st, frame);
      const cls = frame.cls ?? frame.outer?.cls;
      if (self && cls && (self.k === 'ptr' || self.k === 'obj')) {
        const o = st.get(self.obj);
        const dyn = o?.cls ?? cls;
        const m = this.program.findMethod(dyn, name, n.args.length) ?? this.program.findMethod(cls, name, n.args.length);
        if (m) return this.evalArgs(n.args, st, frame).flatMap((a) => (m.ir.isStatic ? this.callStatic(a.st, m, a.vals, frame, loc) : this.callMethod(a.st, self, name, a.vals, frame.depth, loc, n.args)));
        const fields = this.program.fieldsOf(dyn);
        if (fields.has(name)) {
          // A member holding a function pointer, a lambda or a std::function.
          const fv = this.readField(st, self.obj, name);
          return this.evalArgs(n.args, st, frame).flatMap((a) => this.callValue(a.st, fv, a.vals, frame.depth, loc, name));
        }
      }
      const g = this.program.globalNear(name, frame.unit.path);
      if (g) {
        const fv = this.readGlobal(st, g.key, g.ir.init, g.unit, g.ir.name);
        return this.evalArgs(n.args, st, frame).flatMap((a) => this.callValue(a.st, fv, a.vals, frame.depth, loc, name));
      }
      const def = this.program.freeFunctionNear(name, frame.unit.path);
      // `(HRESULT)(hr)` reads as a call of HRESULT: a type name called with one argument is a cast.
      if (!def && n.args.length <= 1 && this.isTypeName(name, frame.unit) && !this.program.classNear(name, frame.unit.path)) {
        // `T()` is a value-initialised T (0, a null pointer).
        return n.args.length ? this.eval(n.args[0], st, frame) : [{ st, v: ZERO }];
      }
      // `com_unique<T>(p, &ReleaseInterface<T>)`: a temporary of a library type (an alias template of one).
      if (!def && (n.targs || fn.k === 'tmpl')) {
        const ot = this.objectType({ text: name, name, scope: [], args: n.targs ?? (fn.k === 'tmpl' ? fn.targs : []), ptr: 0, ref: false }, frame.unit, frame.fn.scope);
        if (ot?.lib) {
          return this.evalArgs(n.args, st, frame).flatMap((a) => {
            const id = this.newObject(a.st, { ...ot, kind: 'heap', init: 'zero', label: `a ${name}` });
            return [{ st: this.lib.construct(a.st, id, a.vals), v: { k: 'obj', obj: id } as Val }];
          });
        }
      }
      // `ScopeExit<F>(f)`, `CLock(cs)`: a temporary of a class of the sources, constructed here. It lives as long
      // as what it initialises (a local takes it over); a temporary nothing keeps is not destroyed (a limit).
      const tcls = !def ? this.program.classNear(name, frame.unit.path) : undefined;
      if (tcls && tcls.ir.defined) {
        return this.evalArgs(n.args, st, frame).flatMap((a) => {
          const id = this.newObject(a.st, { cls: tcls, kind: 'heap', init: 'zero', label: `a ${tcls.name}` });
          return this.construct(a.st, id, tcls, a.vals, frame.depth + 1, loc).map((s) => ({ st: s, v: { k: 'obj', obj: id } as Val }));
        });
      }
      return this.evalArgs(n.args, st, frame).flatMap((a) => {
        if (!def?.ir.body && n.targs) {
          const made = this.lib.makeObject(a.st, '', name.replace(/^std::/, ''), n.targs, a.vals, this.site(loc, n.args, frame.depth), frame.unit.path);
          if (made) return made;
        }
        return this.callNamed(a.st, name, def, a.vals, n.args, frame, loc);
      });
    }
    // (*pfn)(x), table[i](x), a call's result called.
    return this.eval(fn, st, frame).flatMap((f) => this.evalArgs(n.args, f.st, frame).flatMap((a) => this.callValue(a.st, f.v, a.vals, frame.depth, loc, 'a function pointer')));
  }

  private isTypeName(name: string, unit: FileUnit): boolean {
    if (/^(int|long|short|char|unsigned|signed|bool|float|double|size_t|ptrdiff_t|uintptr_t|intptr_t)$/.test(name)) return true;
    if (this.program.typedefNear(name, unit.path) || this.program.classes.has(name)) return true;
    return /^[A-Z][A-Z0-9_]*$/.test(name) && !this.program.functions.has(name);
  }

  private callStatic(st: State, m: FnDef, args: Val[], frame: Frame, loc: Loc): VOut[] {
    if (m.ir.body) return this.callFunction(st, m, undefined, args, frame.depth + 1, loc);
    return this.unseenCall(st, `${m.cls?.name ?? ''}::${m.ir.name}`, args, loc, true, m);
  }

  /** `Base::Release()`, `Class::Create(…)`, `std::call_once(…)`, `KC::ECUnknown::Release()`. */
  private evalQualifiedCall(n: Expr & { k: 'call' }, fn: Expr & { k: 'qid' }, st: State, frame: Frame, loc: Loc): VOut[] {
    // `std::swap(a, b)`, `std::exchange(a, v)`: the standard library's, on the lvalues (never a `swap` of the
    // sources found by its last name).
    if (fn.scope.length === 1 && fn.scope[0] === 'std' && (fn.name === 'swap' || fn.name === 'exchange') && n.args.length === 2) {
      return this.lvalue(n.args[0], st, frame).flatMap((a) => {
        const second = fn.name === 'swap' ? this.lvalue(n.args[1], a.st, frame) : this.eval(n.args[1], a.st, frame);
        return second.flatMap((b) => this.lib.function(b.st, fn.name, [a.v, b.v], this.site(loc, n.args, frame.depth)) ?? [{ st: b.st, v: UNKNOWN }]);
      });
    }
    const owner = fn.scope[fn.scope.length - 1];
    const cls = owner ? this.program.classNear(owner, frame.unit.path, fn.scope.slice(0, -1)) : undefined;
    if (cls) {
      const m = this.program.findMethod(cls, fn.name, n.args.length);
      const self = this.thisOf(st, frame);
      return this.evalArgs(n.args, st, frame).flatMap((a) => {
        if (m && !m.ir.isStatic && self && !m.ir.isCtor) {
          // A qualified call is not virtual: the named class's method runs on this object.
          if (m.ir.body) return this.callFunction(a.st, m, self, a.vals, frame.depth + 1, loc);
          return this.unseenCall(a.st, `${cls.name}::${fn.name}`, [self, ...a.vals], loc, true, m);
        }
        if (m) return this.callStatic(a.st, m, a.vals, frame, loc);
        const self2 = self;
        if (self2) {
          const r = this.lib.baseMethod(a.st, (self2.k === 'ptr' || self2.k === 'obj') ? self2.obj : -1, cls, fn.name, a.vals, this.site(loc, n.args, frame.depth));
          if (r) return r;
        }
        return this.unseenCall(a.st, `${cls.name}::${fn.name}`, self2 ? [self2, ...a.vals] : a.vals, loc, false);
      });
    }
    // A namespace-qualified free function, or a library class's static or base method (`CComObjectRootEx<…>::InternalRelease`).
    const def = this.program.freeFunctionNear(fn.name, frame.unit.path, fn.scope);
    if (!def && owner) {
      const made = this.evalArgs(n.args, st, frame).flatMap((a) => this.lib.makeObject(a.st, owner, fn.name, fn.stargs, a.vals, this.site(loc, n.args, frame.depth), frame.unit.path) ?? []);
      if (made.length) return made;
    }
    const qualified = [...fn.scope, fn.name].join('::');
    return this.evalArgs(n.args, st, frame).flatMap((a) => {
      const self = this.thisOf(a.st, frame);
      if (!def && self && (self.k === 'ptr' || self.k === 'obj')) {
        const o = a.st.get(self.obj);
        if (o?.cls) {
          const r = this.lib.baseMethod(a.st, self.obj, o.cls, fn.name, a.vals, this.site(loc, n.args, frame.depth), owner);
          if (r) return r;
        }
      }
      return this.callNamed(a.st, qualified, def, a.vals, n.args, frame, loc);
    });
  }

  /** A call by name: the sources' function, else a library model, else the environment's, else unseen. */
  private callNamed(st: State, name: string, def: FnDef | undefined, args: Val[], argExprs: readonly Expr[], frame: Frame, loc: Loc): VOut[] {
    if (def?.ir.body) return this.callFunction(st, def, undefined, args, frame.depth + 1, loc);
    const site = this.site(loc, argExprs, frame.depth);
    const lib = this.lib.function(st, name, args, site);
    if (lib) return lib;
    const env = this.env.externalFunction(st, name.replace(/^::/, ''), args, site);
    if (env) return env;
    return this.unseenCall(st, `${name}()`, args, loc, !!def, def);
  }
}

function valId(v: Val): string | undefined {
  if (v.k === 'ptr') return v.field ? `${v.obj}.${v.field}` : `${v.obj}`;
  if (v.k === 'obj') return `${v.obj}`;
  if (v.k === 'fn') return `f${v.fn.key}`;
  return undefined;
}

function combineUnknown(a: Val, b: Val): Val {
  const t = ((a.k === 'int' || a.k === 'unk') && a.t ? a.t : 0) | ((b.k === 'int' || b.k === 'unk') && b.t ? b.t : 0);
  const unseen = (a.k === 'unk' && a.src === 'unseen' ? a : b.k === 'unk' && b.src === 'unseen' ? b : undefined) as (Val & { k: 'unk' }) | undefined;
  if (unseen) return unknown('unseen', unseen.why, t || undefined);
  return t ? { k: 'unk', src: 'input', t } : UNKNOWN;
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

function findLabel(stmts: readonly Stmt[], label: string): number {
  return stmts.findIndex((s) => {
    let cur: Stmt | undefined = s;
    while (cur?.k === 'label') {
      if (cur.name === label) return true;
      cur = cur.body;
    }
    return false;
  });
}

/**
 * `for (T it = c.begin(); it != c.end(); ++it) body` (also cbegin/cend, `it++`, `auto`), where the body never
 * assigns the iterator (no `it = c.erase(it)`): the container expression and the iterator's name.
 */
function iteratorWalk(n: Stmt & { k: 'for' }, text: string): { container: Expr; iterator: string } | undefined {
  if (n.init?.k !== 'decl' || n.init.vars.length !== 1 || !n.cond || !n.update) return undefined;
  const v = n.init.vars[0];
  const init = v.init ?? (v.ctorArgs?.length === 1 ? v.ctorArgs[0] : undefined);
  const member = (e: Expr | undefined, names: RegExp): Expr | undefined =>
    e?.k === 'call' && !e.args.length && e.fn.k === 'field' && names.test(e.fn.name) ? e.fn.obj : undefined;
  const container = member(init, /^c?begin$/);
  if (!container) return undefined;
  const c = n.cond;
  if (c.k !== 'binary' || c.op !== '!=' || c.l.k !== 'id' || c.l.name !== v.name) return undefined;
  const end = member(c.r, /^c?end$/);
  const same = (a: Expr, b: Expr): boolean => text.slice(a.s, a.e).replace(/\s+/g, '') === text.slice(b.s, b.e).replace(/\s+/g, '');
  if (!end || !same(end, container)) return undefined;
  if (n.update.k !== 'update' || n.update.op !== '++' || n.update.arg.k !== 'id' || n.update.arg.name !== v.name) return undefined;
  let assigned = false;
  walkStmt(n.body, (e) => {
    if ((e.k === 'assign' && e.l.k === 'id' && e.l.name === v.name) || (e.k === 'update' && e.arg.k === 'id' && e.arg.name === v.name)) assigned = true;
    return !assigned;
  });
  return assigned ? undefined : { container, iterator: v.name };
}
