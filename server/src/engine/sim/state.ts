import type { TypeRef } from '../ir/types';
// Values, objects and the state of one path. The heap maps object ids to objects; objects are replaced,
// never changed in place, so a forked path shares every object it has not written to.
import type { FunctionIR } from '../ir/types';
import type { ClassDef, FnDef } from '../model/program';
import type { FileUnit } from '../unit';
import type { Loc } from '../types';

/** Where an unknown value comes from: an input the model leaves open, or code the engine did not see. */
export type UnknownSource = 'input' | 'unseen';

export type Val =
  | { k: 'int'; v: number; t?: number }
  | { k: 'unk'; t?: number; src?: UnknownSource; why?: string; iface?: string; mapiFn?: string }
  /** A pointer to an object, or to one of its fields (`field`). */
  | { k: 'ptr'; obj: number; field?: string }
  /** An object itself (an lvalue of class type: a member, a local). */
  | { k: 'obj'; obj: number }
  | { k: 'fn'; fn: FnDef }
  | { k: 'lambda'; fn: FunctionIR; unit: FileUnit; frame: number; self?: Val }
  /** `offsetof(cls, member) + add`: the distance from an object to one of its members. */
  | { k: 'off'; cls: string; member: string; add: number }
  /** A constant integer cast to a pointer (`(T *) 1`, the offsetof idiom). */
  | { k: 'fake'; cls: string; add: number };

export const UNKNOWN: Val = { k: 'unk' };
export const ZERO: Val = { k: 'int', v: 0 };

export function int(v: number, t?: number): Val {
  return t ? { k: 'int', v: v | 0, t } : { k: 'int', v: v | 0 };
}

export function unknown(src: UnknownSource = 'input', why?: string, t?: number): Val {
  const u: Val = { k: 'unk', src };
  if (why) u.why = why;
  if (t) u.t = t;
  return u;
}

export interface Obj {
  id: number;
  /** What the object is, for traces and the environment: 'heap', 'frame', 'global', 'env', 'embedded'. */
  kind: string;
  /** Its C++ class or C struct, when the analysed sources define it. */
  cls?: ClassDef;
  /** A library class modelled by the engine (`CComPtr`, `std::unique_ptr`): its name. */
  lib?: string;
  /** Template arguments of a library class, as written (the pointee type of a holder). */
  libArgs?: string[];
  /** Template arguments of an instance of a class template of the sources (`alloc_wrap<ECABLogon>`). */
  targs?: readonly TypeRef[];
  fields: ReadonlyMap<string, Val>;
  alive: boolean;
  /**
   * How fields nobody wrote read: 'zero' (constructed or zero-filled: 0), 'opaque' (made by code the engine
   * did not see: unseen), 'input' (unknown inputs).
   */
  init: 'zero' | 'opaque' | 'input';
  /** The object it is a member of. */
  owner?: { obj: number; field: string };
  /** Set by the environment for the objects of the protocol (the store, the support object, a logon …). */
  tracked?: string;
  /** A short name for traces: "the store", "m_spSup". */
  label?: string;
  /** Frame objects: the function running, and the frame a lambda's body reads captured names from. */
  frameOf?: FnDef | FunctionIR;
  parentFrame?: number;
  /** Frame objects: `this`. */
  self?: Val;
  /** Field names whose "nothing wrote it" read was already reported (trace notes once per field). */
  zeroNoted?: ReadonlySet<string>;
  /** Where it was destroyed (for use-after-free reports). */
  diedAt?: Loc;
}

/** Something a path could not see: a call into code that is not in the analysed sources, with the protocol's objects. */
export interface Blind {
  /** Index of the event after which the path is no longer seen end to end. */
  at: number;
  what: string;
  loc?: Loc;
}

export interface Ev {
  kind: string;
  message: string;
  loc?: Loc;
  /** Free-form data for checkers (method, flags, object ids …). */
  data?: Record<string, unknown>;
}

interface EvNode {
  ev: Ev;
  prev: EvNode | null;
}

export class State {
  heap: Map<number, Obj>;
  nextId: number;
  events: EvNode | null;
  eventCount: number;
  /** Checker states, by checker index. */
  chk: unknown[];
  blind: Blind[];
  cut?: string;
  gotos: number;
  /** Crash: a call through a null or freed pointer (a fix must never produce one). */
  crashed?: { why: string; loc?: Loc };

  constructor(from?: State) {
    if (from) {
      this.heap = new Map(from.heap);
      this.nextId = from.nextId;
      this.events = from.events;
      this.eventCount = from.eventCount;
      this.chk = [...from.chk];
      this.blind = from.blind;
      this.cut = from.cut;
      this.gotos = from.gotos;
      this.crashed = from.crashed;
    } else {
      this.heap = new Map();
      this.nextId = 1;
      this.events = null;
      this.eventCount = 0;
      this.chk = [];
      this.blind = [];
      this.gotos = 0;
    }
  }

  clone(): State {
    return new State(this);
  }

  get(id: number): Obj | undefined {
    return this.heap.get(id);
  }

  /** A new object; returns its id. */
  alloc(o: Omit<Obj, 'id' | 'fields' | 'alive'> & { fields?: ReadonlyMap<string, Val> }): number {
    const id = this.nextId++;
    this.heap.set(id, { ...o, id, fields: o.fields ?? new Map(), alive: true });
    return id;
  }

  update(id: number, f: (o: Obj) => Obj): void {
    const o = this.heap.get(id);
    if (o) this.heap.set(id, f(o));
  }

  setField(id: number, field: string, v: Val): void {
    const o = this.heap.get(id);
    if (!o) return;
    const fields = new Map(o.fields);
    fields.set(field, v);
    this.heap.set(id, { ...o, fields });
  }

  drop(id: number): void {
    this.heap.delete(id);
  }

  emit(ev: Ev): void {
    this.events = { ev, prev: this.events };
    this.eventCount++;
  }

  eventList(): Ev[] {
    const out: Ev[] = [];
    for (let n = this.events; n; n = n.prev) out.push(n.ev);
    return out.reverse();
  }

  addBlind(b: Omit<Blind, 'at'>): void {
    this.blind = [...this.blind, { ...b, at: this.eventCount }];
  }
}

export function valKey(v: Val): string {
  switch (v.k) {
    case 'int':
      return v.t ? `${v.v}t${v.t}` : `${v.v}`;
    case 'unk':
      return `?${v.src === 'unseen' ? 'u' : ''}${v.t ?? ''}${v.iface ?? ''}${v.mapiFn ?? ''}`;
    case 'ptr':
      return v.field ? `&${v.obj}.${v.field}` : `&${v.obj}`;
    case 'obj':
      return `@${v.obj}`;
    case 'fn':
      return `f${v.fn.key}`;
    case 'lambda':
      return `l${v.fn.id}@${v.frame}`;
    case 'off':
      return `o${v.cls}.${v.member}+${v.add}`;
    case 'fake':
      return `k${v.cls}+${v.add}`;
  }
}

/** What two paths must agree on to be merged: the heap, the checkers' states, blindness and cuts. */
export function stateKey(st: State, checkerKeys: (s: unknown, i: number) => string): string {
  const parts: string[] = [];
  const ids = [...st.heap.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const o = st.heap.get(id)!;
    let s = `${id}${o.alive ? '' : 'x'}:`;
    const names = [...o.fields.keys()].sort();
    for (const n of names) s += `${n}=${valKey(o.fields.get(n)!)},`;
    parts.push(s);
  }
  st.chk.forEach((c, i) => parts.push(`c${i}=${checkerKeys(c, i)}`));
  parts.push(`b${st.blind.length}|${st.cut ?? ''}|${st.crashed ? 'crash' : ''}|${st.gotos}`);
  return parts.join(';');
}
