// Models of the library classes and functions providers use whose source is never analysed: COM holders
// (ATL CComPtr/CComQIPtr, WRL ComPtr, wil::com_ptr, comdef's _com_ptr_t, std::unique_ptr with its deleter,
// std::shared_ptr, Kopano's object_ptr/memory_ptr when their header is not analysed), std containers,
// std::atomic, std::once_flag/std::call_once, std::function, locks, the Interlocked* and memory functions of
// the C runtime and Win32. Each holder exposes exactly its real public API: a call to a method the real
// class lacks (WRL's ComPtr has no Release) is a crash, so a fix that writes one can never pass.
// A library model is seen code for the rules; a holder class of an unknown library is not modelled.
import type { TypeRef } from '../ir/types';
import type { ClassDef } from '../model/program';
import type { CallSite, VOut } from './env';
import type { Engine } from './engine';
import { int, unknown, UNKNOWN, ZERO, type State, type Val } from './state';

interface HolderModel {
  /** Owns a COM reference: construction or assignment from a raw pointer AddRefs it. */
  counted: boolean;
  /** Methods that release the pointee and null the holder (with an optional new pointer to take). */
  release: string[];
  /** Methods that hand the pointer out and null the holder, releasing nothing. */
  detach: string[];
  /** Methods that take a pointer without AddRef (the old one is released). */
  attach: string[];
  /** Methods that return the pointer. */
  get: string[];
  /** Methods that return the address of the pointer for an out-parameter; `true`: the old pointee is released first. */
  address: Record<string, boolean>;
  /** Every other public method: allowed, no effect on the reference. */
  other: string[];
  /** The raw pointer member a program may read (`CComPtr::p`). */
  member?: string;
  /** Destruction frees with MAPIFreeBuffer instead of Release (Kopano's memory_ptr). */
  freesBuffer?: boolean;
  /** std::unique_ptr: releases through its deleter. */
  deleter?: boolean;
}

const ATL: HolderModel = {
  counted: true,
  release: ['Release'],
  detach: ['Detach'],
  attach: ['Attach'],
  get: [],
  address: { 'operator&': false },
  other: ['CopyTo', 'QueryInterface', 'CoCreateInstance', 'IsEqualObject', 'SetSite', 'Advise', 'operator!', 'operator*', 'operator==', 'operator!=', 'operator<'],
  member: 'p',
};

const HOLDERS: Record<string, HolderModel> = {
  CComPtr: ATL,
  CComQIPtr: ATL,
  CComPtrBase: ATL,
  ComPtr: {
    counted: true,
    release: ['Reset'],
    detach: ['Detach'],
    attach: ['Attach'],
    get: ['Get'],
    address: { GetAddressOf: false, ReleaseAndGetAddressOf: true, 'operator&': true },
    other: ['CopyTo', 'As', 'AsIID', 'AsWeak', 'Swap', 'operator*', 'operator==', 'operator!='],
  },
  com_ptr: {
    counted: true,
    release: ['reset'],
    detach: ['detach'],
    attach: ['attach'],
    get: ['get'],
    address: { put: true, put_void: true, put_unknown: true, addressof: false, 'operator&': true },
    other: ['query', 'try_query', 'copy_to', 'query_to', 'try_query_to', 'swap', 'operator*', 'operator==', 'operator!='],
  },
  _com_ptr_t: {
    counted: true,
    release: ['Release'],
    detach: ['Detach'],
    attach: ['Attach'],
    get: ['GetInterfacePtr'],
    address: { 'operator&': true },
    other: ['AddRef', 'CreateInstance', 'GetActiveObject', 'QueryInterface', 'operator*', 'operator==', 'operator!='],
  },
  unique_ptr: {
    counted: false,
    release: ['reset'],
    detach: ['release'],
    attach: [],
    get: ['get'],
    address: {},
    other: ['swap', 'get_deleter', 'operator*'],
    deleter: true,
  },
  shared_ptr: {
    counted: false,
    release: ['reset'],
    detach: [],
    attach: [],
    get: ['get'],
    address: {},
    other: ['swap', 'use_count', 'unique', 'owner_before', 'operator*'],
    deleter: true,
  },
  object_ptr: {
    counted: true,
    release: ['reset'],
    detach: ['release'],
    attach: [],
    get: ['get'],
    address: { 'operator~': true, 'operator+': false },
    other: ['swap', 'operator*'],
  },
  memory_ptr: {
    counted: false,
    release: ['reset'],
    detach: ['release'],
    attach: [],
    get: ['get'],
    address: { 'operator~': true, 'operator+': false },
    other: ['swap', 'operator*', 'realloc'],
    freesBuffer: true,
  },
};

const CONTAINERS = new Set(['list', 'vector', 'deque', 'set', 'map', 'multimap', 'multiset', 'unordered_map', 'unordered_set', 'forward_list', 'queue', 'stack', 'CAtlList', 'CAtlArray', 'CAtlMap', 'CSimpleArray', 'CSimpleMap']);
const ADDS = new Set(['push_back', 'push_front', 'emplace_back', 'emplace_front', 'emplace', 'insert', 'push', 'AddTail', 'AddHead', 'Add', 'SetAt', 'operator[]']);
const REMOVES = new Set(['erase', 'remove', 'remove_if', 'pop_back', 'pop_front', 'pop', 'RemoveAt', 'RemoveHead', 'RemoveTail', 'Remove', 'RemoveKey']);
const CLEARS = new Set(['clear', 'RemoveAll']);

/** Namespaces a library class may be written under. */
const LIB_SCOPES: Record<string, RegExp> = {
  ComPtr: /^(Microsoft::WRL|WRL|)$/,
  com_ptr: /^(wil|)$/,
  unique_ptr: /^(std|)$/,
  shared_ptr: /^(std|)$/,
};

export class Library {
  constructor(private readonly engine: Engine) {}

  /** The model of a class the sources do not define, or undefined (then the value is treated as a scalar). */
  modelFor(t: TypeRef): { lib: string; libArgs: string[] } | undefined {
    const name = t.name;
    const scope = t.scope.join('::');
    const args = t.args.map((a) => a.text);
    if (HOLDERS[name] && (!LIB_SCOPES[name] || LIB_SCOPES[name].test(scope))) return { lib: name, libArgs: args };
    // wil's aliases of com_ptr_t
    if (/^com_ptr(_nothrow|_failfast|_t)?$/.test(name) && /^(wil|)$/.test(scope)) return { lib: 'com_ptr', libArgs: args };
    if (CONTAINERS.has(name)) return { lib: 'container', libArgs: args };
    if (name === 'atomic' || name === 'atomic_bool' || name === 'atomic_int' || name === 'atomic_flag') return { lib: 'atomic', libArgs: args };
    if (name === 'once_flag') return { lib: 'once_flag', libArgs: [] };
    if (name === 'function' && /^(std|)$/.test(scope)) return { lib: 'function', libArgs: args };
    if (/^(mutex|recursive_mutex|shared_mutex|timed_mutex|lock_guard|unique_lock|scoped_lock|shared_lock|CComCriticalSection|CComAutoCriticalSection|CCriticalSection|CComCritSecLock|CSingleLock)$/.test(name)) return { lib: 'lock', libArgs: args };
    if (/^(basic_string|string|wstring|tstring|CString|CStringA|CStringW|utf8string)$/.test(name)) return { lib: 'value', libArgs: args };
    // A template class of a library the engine does not model: an opaque holder (whatever it holds goes unseen).
    if (t.args.length) return { lib: `?${name}`, libArgs: args };
    return undefined;
  }

  private holder(st: State, id: number): HolderModel | undefined {
    const lib = st.get(id)?.lib;
    return lib ? HOLDERS[lib] : undefined;
  }

  defaultConstruct(st: State, id: number): void {
    const o = st.get(id);
    if (!o?.lib) return;
    if (HOLDERS[o.lib]) st.setField(id, 'p', ZERO);
    else if (o.lib === 'container') st.setField(id, 'size', ZERO);
    else if (o.lib === 'atomic') st.setField(id, 'v', ZERO);
    else if (o.lib === 'once_flag') st.setField(id, 'done', ZERO);
    else if (o.lib === 'function') st.setField(id, 'f', ZERO);
  }

  /** Construction from arguments (a holder from a raw pointer AddRefs it if it counts). */
  construct(st: State, id: number, args: Val[], loc?: import('../types').Loc): State {
    const o = st.get(id);
    if (!o?.lib) return st;
    this.defaultConstruct(st, id);
    const h = HOLDERS[o.lib];
    const a0 = args[0];
    if (h) {
      if (!a0) return st;
      if (a0.k === 'obj' && st.get(a0.obj)?.lib === o.lib) {
        // Copy or move from another holder of the same kind: a copy AddRefs, a move (std::move) takes it.
        const other = st.get(a0.obj)!;
        const p = other.fields.get('p') ?? ZERO;
        st.setField(id, 'p', p);
        const d = other.fields.get('d');
        if (d) st.setField(id, 'd', d);
        // A holder that only moves (unique_ptr) takes ownership; a counted one copies unless moved from.
        if (other.fields.get('#moved') || !h.counted) st.setField(a0.obj, 'p', ZERO);
        else this.addRef(st, p, loc);
        return st;
      }
      const p = this.raw(st, a0);
      st.setField(id, 'p', p);
      // _com_ptr_t(p, false) attaches without AddRef.
      const noAddRef = o.lib === '_com_ptr_t' && args[1]?.k === 'int' && args[1].v === 0;
      if (h.counted && !noAddRef) this.addRef(st, p, loc);
      if (h.deleter && args[1]) st.setField(id, 'd', args[1]);
      return st;
    }
    if (o.lib === 'atomic' && a0) st.setField(id, 'v', a0);
    if (o.lib === 'function' && a0) st.setField(id, 'f', a0);
    if (o.lib === 'container' && args.length) st.setField(id, 'size', UNKNOWN);
    return st;
  }

  private raw(st: State, v: Val): Val {
    if (v.k === 'obj') {
      const o = st.get(v.obj);
      if (o?.lib && HOLDERS[o.lib]) return o.fields.get('p') ?? ZERO;
      if (o?.kind === 'env' || o?.tracked) return { k: 'ptr', obj: v.obj };
    }
    return v;
  }

  private addRef(st: State, p: Val, loc?: import('../types').Loc): void {
    if (p.k === 'ptr' || p.k === 'obj') this.engine.callMethod(st, p, 'AddRef', [], 0, loc ?? this.here(st));
  }

  private here(st: State): import('../types').Loc {
    // The location of the event that led here: the holder operation's own call site is not known to the model.
    let last: import('../types').Loc | undefined;
    for (const e of st.eventList().reverse()) if (e.loc) return (last = e.loc);
    return last ?? { file: '', range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 } };
  }

  /** Releases what a holder holds: Release (counted), MAPIFreeBuffer, or its deleter. */
  private releaseHeld(st: State, id: number, site: CallSite | undefined, why: string): State[] {
    const o = st.get(id)!;
    const h = HOLDERS[o.lib!];
    const p = o.fields.get('p') ?? ZERO;
    st.setField(id, 'p', ZERO);
    if (p.k === 'int' && p.v === 0) return [st];
    if (p.k !== 'ptr' && p.k !== 'obj') return [st];
    const loc = site?.loc ?? this.here(st);
    if (h.freesBuffer) {
      this.engine.emit(st, 'free-buffer', `${o.label ?? 'a memory_ptr'} frees its buffer`, loc, { obj: p.obj });
      return [st];
    }
    if (h.deleter) {
      const d = o.fields.get('d');
      if (d && d.k !== 'int') return this.engine.callValue(st, d, [p], site?.depth ?? 0, loc, 'the deleter').map((r) => r.st);
      // A deleter class of the sources (the second template argument): its operator() releases.
      const dname = o.libArgs?.[1]?.replace(/^(struct|class)\s+/, '').trim();
      const dcls = dname ? this.engine.program.classNear(dname, loc.file) : undefined;
      if (dcls) {
        const tmp = this.engine.newObject(st, { cls: dcls, kind: 'heap', init: 'zero', label: dname });
        return this.engine.callMethod(st, { k: 'ptr', obj: tmp }, 'operator()', [p], site?.depth ?? 0, loc).map((r) => r.st);
      }
      // std::default_delete: `delete p`.
      const target = st.get(p.obj);
      if (target?.kind === 'env') {
        this.engine.emit(st, 'misuse', `${o.label ?? 'a unique_ptr'} deletes ${target.label ?? 'a MAPI object'} with delete (${why})`, loc, { obj: p.obj });
        return [st];
      }
      return this.engine.destroy(st, p.obj, true, site?.depth ?? 0, loc);
    }
    return this.engine.callMethod(st, p, 'Release', [], site?.depth ?? 0, loc).map((r) => r.st);
  }

  destroy(st: State, id: number, _depth: number): State[] {
    const o = st.get(id);
    if (!o?.lib) return [st];
    if (HOLDERS[o.lib]) return this.releaseHeld(st, id, undefined, `the destructor of ${o.label ?? o.lib}`);
    if (o.lib.startsWith('?')) {
      const held = [...o.fields.values()].find((v) => this.engine.reachesTracked(st, v));
      if (held) {
        st.addBlind({ what: `the destructor of ${o.label ?? 'a member'} (${o.lib.slice(1)}, a class the analysed sources do not define and the engine does not model) may release ${this.engine.reachesTracked(st, held)}` });
        this.engine.emit(st, 'unseen', `the destructor of ${o.label ?? 'a member'} (${o.lib.slice(1)}) is not known`, undefined, { what: o.lib.slice(1) });
      }
    }
    return [st];
  }

  pointee(st: State, id: number): Val {
    const o = st.get(id);
    if (!o?.lib) return UNKNOWN;
    if (HOLDERS[o.lib]) return o.fields.get('p') ?? ZERO;
    if (o.lib === 'atomic') return o.fields.get('v') ?? ZERO;
    return unknown(o.lib.startsWith('?') ? 'unseen' : 'input', `what ${o.label ?? 'a member'} holds`);
  }

  field(st: State, id: number, name: string): Val {
    const o = st.get(id);
    if (!o?.lib) return UNKNOWN;
    const h = HOLDERS[o.lib];
    if (h?.member === name) return o.fields.get('p') ?? ZERO;
    return UNKNOWN;
  }

  truth(st: State, id: number): boolean | undefined {
    const o = st.get(id);
    if (!o?.lib) return undefined;
    if (HOLDERS[o.lib]) return this.engine.truth(st, o.fields.get('p') ?? ZERO);
    if (o.lib === 'atomic') return this.engine.truth(st, o.fields.get('v') ?? ZERO);
    if (o.lib === 'function') return this.engine.truth(st, o.fields.get('f') ?? ZERO);
    return undefined;
  }

  isEmpty(st: State, id: number): boolean | undefined {
    const o = st.get(id);
    if (o?.lib !== 'container') return undefined;
    const size = o.fields.get('size');
    return size?.k === 'int' ? size.v === 0 : undefined;
  }

  /** `holder = value` and compound assignment on atomics. */
  assign(st: State, id: number, op: string, v: Val, site: CallSite): VOut[] {
    const o = st.get(id)!;
    const h = HOLDERS[o.lib!];
    if (h && op === '=') {
      if (v.k === 'obj' && st.get(v.obj)?.lib === o.lib) {
        const other = st.get(v.obj)!;
        const p = other.fields.get('p') ?? ZERO;
        const moved = !!other.fields.get('#moved');
        if (h.counted && !moved) this.addRef(st, p);
        const states = this.releaseHeld(st, id, site, 'assignment');
        for (const s of states) {
          s.setField(id, 'p', p);
          if (moved) s.setField(v.obj, 'p', ZERO);
        }
        return states.map((s) => ({ st: s, v: { k: 'obj', obj: id } }));
      }
      const p = this.raw(st, v);
      // unique_ptr = nullptr only; a counted holder AddRefs what it is given (before releasing the old one).
      if (h.counted && !(p.k === 'int' && p.v === 0)) this.addRef(st, p);
      const states = this.releaseHeld(st, id, site, 'assignment');
      for (const s of states) s.setField(id, 'p', p);
      return states.map((s) => ({ st: s, v: { k: 'obj', obj: id } }));
    }
    if (o.lib === 'atomic') {
      const cur = o.fields.get('v') ?? ZERO;
      const nv = op === '=' ? v : this.engine.binop(st, op.slice(0, -1), cur, v);
      st.setField(id, 'v', nv);
      return [{ st, v: nv }];
    }
    if (o.lib === 'function' && op === '=') {
      st.setField(id, 'f', v);
      return [{ st, v }];
    }
    if (o.lib?.startsWith('?')) {
      st.setField(id, 'held', v);
      return [{ st, v }];
    }
    return [{ st, v }];
  }

  /** A method of a library object; undefined when that class has no such public method. */
  method(st: State, id: number, name: string, args: Val[], site: CallSite): VOut[] | undefined {
    const o = st.get(id)!;
    const lib = o.lib!;
    const h = HOLDERS[lib];
    if (h) {
      if (name === 'operator->' || h.get.includes(name) || name === 'operator T*') return [{ st, v: o.fields.get('p') ?? ZERO }];
      if (h.release.includes(name)) {
        const next = args[0];
        // reset(p) of object_ptr AddRefs p; of unique_ptr takes it.
        if (next && h.counted && lib === 'object_ptr') this.addRef(st, this.raw(st, next));
        return this.releaseHeld(st, id, site, name).map((s) => {
          if (next) s.setField(id, 'p', this.raw(s, next));
          return { st: s, v: ZERO };
        });
      }
      if (h.detach.includes(name)) {
        const p = o.fields.get('p') ?? ZERO;
        st.setField(id, 'p', ZERO);
        return [{ st, v: p }];
      }
      if (h.attach.includes(name)) {
        const p = args[0] ? this.raw(st, args[0]) : ZERO;
        const addRef = lib === '_com_ptr_t' && args[1]?.k === 'int' && args[1].v !== 0;
        if (addRef) this.addRef(st, p);
        return this.releaseHeld(st, id, site, name).map((s) => {
          s.setField(id, 'p', p);
          return { st: s, v: ZERO };
        });
      }
      if (name in h.address) {
        const states = h.address[name] ? this.releaseHeld(st, id, site, name) : [st];
        return states.map((s) => ({ st: s, v: { k: 'ptr', obj: id, field: 'p' } }));
      }
      if (name === 'swap' || name === 'Swap') {
        const other = args[0];
        if (other?.k === 'obj') {
          const a = o.fields.get('p') ?? ZERO;
          const b = st.get(other.obj)?.fields.get('p') ?? ZERO;
          st.setField(id, 'p', b);
          st.setField(other.obj, 'p', a);
        }
        return [{ st, v: UNKNOWN }];
      }
      if (lib === '_com_ptr_t' && name === 'AddRef') {
        this.addRef(st, o.fields.get('p') ?? ZERO);
        return [{ st, v: UNKNOWN }];
      }
      if (h.other.includes(name)) return [{ st, v: UNKNOWN }];
      return undefined;
    }
    switch (lib) {
      case 'container': {
        const size = o.fields.get('size') ?? ZERO;
        const elems = containerElements(st, id);
        const setElems = (list: Val[] | undefined): void => {
          for (const k of [...(st.get(id)?.fields.keys() ?? [])]) if (/^e\d+$/.test(k)) st.update(id, (x) => { const f = new Map(x.fields); f.delete(k); return { ...x, fields: f }; });
          if (!list || list.length > MAX_TRACKED_ELEMENTS) {
            st.setField(id, 'size', list ? int(list.length) : UNKNOWN);
            st.setField(id, '#untracked', int(1));
            return;
          }
          list.forEach((v, i) => st.setField(id, `e${i}`, v));
          st.setField(id, 'size', int(list.length));
        };
        // The elements are followed while the container is small and every change to it is understood.
        if (name === 'push_back' || name === 'emplace_back' || name === 'AddTail' || name === 'push' || ((name === 'insert' || name === 'emplace') && args.length === 1)) {
          if (elems) setElems([...elems, args[args.length - 1] ?? UNKNOWN]);
          else st.setField(id, 'size', size.k === 'int' ? int(size.v + 1) : UNKNOWN);
        } else if (name === 'push_front' || name === 'emplace_front' || name === 'AddHead') {
          if (elems) setElems([args[0] ?? UNKNOWN, ...elems]);
          else st.setField(id, 'size', size.k === 'int' ? int(size.v + 1) : UNKNOWN);
        } else if ((name === 'pop_front' || name === 'RemoveHead') && elems) {
          const first = elems[0];
          setElems(elems.slice(1));
          return [{ st, v: first ?? UNKNOWN }];
        } else if ((name === 'pop_back' || name === 'RemoveTail') && elems) {
          const last = elems[elems.length - 1];
          setElems(elems.slice(0, -1));
          return [{ st, v: last ?? UNKNOWN }];
        } else if ((name === 'remove' || name === 'erase') && args.length === 1 && elems && sameKnown(args[0])) {
          setElems(elems.filter((e) => !sameValue(e, args[0])));
        } else if (ADDS.has(name)) {
          setElems(undefined);
          st.setField(id, 'size', size.k === 'int' ? int(size.v + 1) : UNKNOWN);
        } else if (REMOVES.has(name)) {
          setElems(undefined);
          st.setField(id, 'size', size.k === 'int' && size.v === 0 ? ZERO : UNKNOWN);
        } else if (CLEARS.has(name)) setElems([]);
        const now = containerElements(st, id);
        if (name === 'front' || name === 'GetHead') return [{ st, v: now?.[0] ?? UNKNOWN }];
        if (name === 'back' || name === 'GetTail') return [{ st, v: now?.[now.length - 1] ?? UNKNOWN }];
        const sz = st.get(id)?.fields.get('size') ?? ZERO;
        if (name === 'empty' || name === 'IsEmpty') return [{ st, v: sz.k === 'int' ? int(sz.v === 0 ? 1 : 0) : UNKNOWN }];
        if (name === 'size' || name === 'GetCount' || name === 'GetSize') return [{ st, v: sz }];
        return [{ st, v: UNKNOWN }];
      }
      case 'atomic': {
        const cur = o.fields.get('v') ?? ZERO;
        const a0 = args[0] ?? UNKNOWN;
        switch (name) {
          case 'load':
          case 'operator T':
            return [{ st, v: cur }];
          case 'store':
            st.setField(id, 'v', a0);
            return [{ st, v: UNKNOWN }];
          case 'exchange':
          case 'test_and_set':
            st.setField(id, 'v', name === 'test_and_set' ? int(1) : a0);
            return [{ st, v: cur }];
          case 'clear':
            st.setField(id, 'v', ZERO);
            return [{ st, v: UNKNOWN }];
          case 'fetch_add':
          case 'fetch_sub':
          case 'fetch_or':
          case 'fetch_and':
          case 'fetch_xor': {
            const op = { fetch_add: '+', fetch_sub: '-', fetch_or: '|', fetch_and: '&', fetch_xor: '^' }[name];
            st.setField(id, 'v', this.engine.binop(st, op, cur, a0));
            return [{ st, v: cur }];
          }
          case 'operator++':
          case 'operator--': {
            const nv = this.engine.binop(st, name === 'operator++' ? '+' : '-', cur, int(1));
            st.setField(id, 'v', nv);
            return [{ st, v: nv }];
          }
          case 'compare_exchange_strong':
          case 'compare_exchange_weak': {
            // compare_exchange(expected&, desired): on a match stores desired and returns true; else loads into expected.
            const expectedPtr = args[0];
            const desired = args[1] ?? UNKNOWN;
            const expected = expectedPtr ? site.load(st, expectedPtr) : UNKNOWN;
            const eq = this.engine.binop(st, '==', cur, expected);
            const outcome = (s: State, match: boolean): VOut => {
              if (match) s.setField(id, 'v', desired);
              else if (expectedPtr) site.store(s, expectedPtr, cur);
              return { st: s, v: int(match ? 1 : 0) };
            };
            if (eq.k === 'int') return [outcome(st, eq.v !== 0)];
            const other = st.clone();
            return [outcome(st, true), outcome(other, false)];
          }
          default:
            return [{ st, v: UNKNOWN }];
        }
      }
      case 'function':
        if (name === 'operator()') return site.callValue(st, o.fields.get('f') ?? ZERO, args);
        return [{ st, v: UNKNOWN }];
      case 'lock':
      case 'value':
      case 'once_flag':
        return [{ st, v: UNKNOWN }];
      default:
        // An unknown library's class: the call is unseen (and blind if it can reach the protocol's objects).
        return this.engine.unseenCall(st, `${lib.slice(1)}::${name}`, [{ k: 'ptr', obj: id }, ...args], site.loc, false);
    }
  }

  /**
   * A method a source class inherits from a library base (ATL): `Release` of CComObjectRootEx-based classes
   * (the ATL CComObject wrapper deletes the object on the last reference, after FinalRelease).
   */
  baseMethod(st: State, id: number, cls: ClassDef, name: string, args: Val[], site: CallSite, _qualifier?: string): VOut[] | undefined {
    const anc = this.engine.program.ancestry(cls);
    const atl = [...anc].some((n) => /^CComObjectRoot(Ex|Base)?$|^CComObject$|^CComCoClass$/.test(n));
    if (!atl) return undefined;
    const ref = this.engine.readField(st, id, 'm_dwRef');
    if (name === 'AddRef' || name === 'InternalAddRef') {
      const nv = this.engine.binop(st, '+', ref, int(1));
      st.setField(id, 'm_dwRef', nv);
      return [{ st, v: nv }];
    }
    if (name === 'InternalRelease') {
      const nv = this.engine.binop(st, '-', ref, int(1));
      st.setField(id, 'm_dwRef', nv);
      return [{ st, v: nv }];
    }
    if (name === 'Release') {
      const nv = this.engine.binop(st, '-', ref, int(1));
      st.setField(id, 'm_dwRef', nv);
      if (nv.k !== 'int') return [{ st, v: nv }];
      if (nv.v !== 0) return [{ st, v: nv }];
      this.engine.emit(st, 'note', 'ATL: CComObject<T>::Release deletes the object on the last reference, after FinalRelease', site.loc);
      const fin = this.engine.program.findMethod(cls, 'FinalRelease', 0);
      const states = fin?.ir.body ? this.engine.callFunction(st, fin, { k: 'ptr', obj: id }, [], site.depth + 1, site.loc).map((r) => r.st) : [st];
      return states.flatMap((s) => this.engine.destroy(s, id, true, site.depth + 1, site.loc)).map((s) => ({ st: s, v: ZERO }));
    }
    if (name === 'QueryInterface' && args.length === 2) {
      // CComObject<T>::QueryInterface (the COM map's InternalQueryInterface): for an interface of the map it
      // AddRefs and hands out the object. The interface asked is taken to be in the map (the object's own
      // creation code asks for the interface it implements).
      const nv = this.engine.binop(st, '+', ref, int(1));
      st.setField(id, 'm_dwRef', nv);
      const out = args[1];
      if (out.k === 'ptr') this.engine.store(st, out, { k: 'ptr', obj: id });
      return [{ st, v: ZERO }];
    }
    return undefined;
  }

  /**
   * Static functions of library classes that make objects: ATL's `CComObject<T>::CreateInstance(&p)` (a T with
   * a count of 0), `std::make_unique<T>(…)` / `make_shared` (a T constructed with the arguments).
   */
  makeObject(st: State, owner: string, name: string, targs: readonly TypeRef[] | undefined, args: Val[], site: CallSite, unitPath: string): VOut[] | undefined {
    const t = targs?.[0];
    if (!t) return undefined;
    const cls = this.engine.program.classNear(t.name, unitPath);
    const atl = /^CCom(Object|ObjectNoLock|PolyObject|AggObject|ObjectCached)$/.test(owner) && name === 'CreateInstance';
    const std = /^(make_unique|make_shared|allocate_shared)$/.test(name);
    if (!cls || (!atl && !std)) return undefined;
    const id = this.engine.newObject(st, { cls, kind: 'heap', init: 'zero', label: `a new ${cls.name}` });
    const states = this.engine.construct(st, id, cls, atl ? [] : args, site.depth + 1, site.loc);
    return states.map((s) => {
      if (atl) {
        s.setField(id, 'm_dwRef', ZERO);
        if (args[0]) site.store(s, args[0], { k: 'ptr', obj: id });
        return { st: s, v: ZERO };
      }
      return { st: s, v: { k: 'ptr', obj: id } };
    });
  }

  /** Free functions of the C runtime, Win32 and the C++ standard library. */
  function(st: State, name: string, args: Val[], site: CallSite): VOut[] | undefined {
    const base = name.replace(/^(std|::)+::/, '').replace(/^::/, '');
    switch (base) {
      case 'memset':
      case 'ZeroMemory':
      case 'SecureZeroMemory':
      case 'RtlZeroMemory':
      case 'bzero': {
        const p = args[0];
        const value = base === 'memset' ? args[1] : ZERO;
        if (p?.k === 'ptr' && p.field === undefined && value?.k === 'int' && value.v === 0) {
          const o = st.get(p.obj);
          if (o && !o.tracked && o.kind !== 'env') st.update(p.obj, (x) => ({ ...x, fields: new Map([...x.fields].filter(([, v]) => v.k === 'obj')), init: 'zero' }));
        } else if (p?.k === 'ptr' && p.field !== undefined) st.setField(p.obj, p.field, value?.k === 'int' && value.v === 0 ? ZERO : UNKNOWN);
        return [{ st, v: args[0] ?? UNKNOWN }];
      }
      case 'memcpy':
      case 'memmove':
      case 'CopyMemory':
      case 'strcpy':
      case 'lstrcpy':
      case 'wcscpy':
      case 'strncpy':
      case 'sprintf':
      case 'swprintf':
        return [{ st, v: args[0] ?? UNKNOWN }];
      case 'malloc':
      case 'calloc':
      case 'HeapAlloc':
      case 'LocalAlloc':
      case 'GlobalAlloc':
      case 'CoTaskMemAlloc': {
        const zero = base === 'calloc' || (base === 'HeapAlloc' && args[1]?.k === 'int' && (args[1].v & 8) !== 0) || /^(Local|Global)Alloc$/.test(base) && args[0]?.k === 'int' && (args[0].v & 0x40) !== 0;
        const id = this.engine.newObject(st, { kind: 'heap', init: zero ? 'zero' : 'opaque', label: `memory from ${base}` });
        if (base !== 'calloc') {
          // An allocation can fail.
          const other = st.clone();
          return [{ st, v: { k: 'ptr', obj: id } }, { st: other, v: ZERO }];
        }
        return [{ st, v: { k: 'ptr', obj: id } }];
      }
      case 'free':
      case 'HeapFree':
      case 'LocalFree':
      case 'GlobalFree':
      case 'CoTaskMemFree':
      case 'operator delete':
      case 'operator delete[]': {
        const p = base === 'HeapFree' ? args[2] : args[0];
        if (p?.k === 'ptr' && p.field === undefined) {
          const o = st.get(p.obj);
          if (o?.kind === 'env') {
            site.emit(st, 'misuse', `frees ${o.label ?? 'a MAPI object'} with ${base}`, { obj: p.obj });
            return [{ st, v: UNKNOWN }];
          }
          // The memory goes; destructors do not run (operator delete after an explicit destructor call).
          return site.destroy(st, p.obj, false).map((s) => {
            s.update(p.obj, (x) => ({ ...x, alive: false, diedAt: site.loc }));
            if (o?.tracked) site.emit(s, 'destroy', `${o.label ?? 'the object'} is freed`, { obj: p.obj, tracked: o.tracked });
            return { st: s, v: UNKNOWN };
          });
        }
        return [{ st, v: UNKNOWN }];
      }
      case 'make_pair':
      case 'make_tuple':
      case 'tie':
      case 'to_string':
      case 'to_wstring':
        return [{ st, v: UNKNOWN }];
      case 'move':
      case 'forward': {
        const a = args[0] ?? UNKNOWN;
        if (a.k === 'obj') st.setField(a.obj, '#moved', int(1));
        return [{ st, v: a }];
      }
      case 'exchange': {
        // std::exchange(obj, new) returns the old value.
        const p = args[0];
        if (!p) return [{ st, v: UNKNOWN }];
        const old = site.load(st, p);
        site.store(st, p, args[1] ?? UNKNOWN);
        return [{ st, v: old }];
      }
      case 'swap': {
        const [a, b] = args;
        if (a && b) {
          const va = site.load(st, a);
          const vb = site.load(st, b);
          site.store(st, a, vb);
          site.store(st, b, va);
        }
        return [{ st, v: UNKNOWN }];
      }
      case 'call_once': {
        const flag = args[0];
        const fn = args[1];
        if (flag?.k !== 'obj' && !(flag?.k === 'ptr' && flag.field === undefined)) return fn ? site.callValue(st, fn, args.slice(2)) : [{ st, v: UNKNOWN }];
        const done = this.engine.readField(st, flag.obj, 'done');
        const run = (s: State): VOut[] => {
          s.setField(flag.obj, 'done', int(1));
          return fn ? site.callValue(s, fn, args.slice(2)) : [{ st: s, v: UNKNOWN }];
        };
        if (done.k === 'int') return done.v ? [{ st, v: UNKNOWN }] : run(st);
        const other = st.clone();
        return [...run(st), { st: other, v: UNKNOWN }];
      }
      case 'InterlockedIncrement':
      case 'InterlockedDecrement':
      case '_InterlockedIncrement':
      case '_InterlockedDecrement':
      case 'InterlockedIncrement64':
      case 'InterlockedDecrement64': {
        const p = args[0];
        if (!p) return [{ st, v: UNKNOWN }];
        const nv = this.engine.binop(st, /Increment/.test(base) ? '+' : '-', site.load(st, p), int(1));
        site.store(st, p, nv);
        return [{ st, v: nv }];
      }
      case 'InterlockedExchange':
      case '_InterlockedExchange':
      case 'InterlockedExchangePointer':
      case 'InterlockedExchange64': {
        const p = args[0];
        if (!p) return [{ st, v: UNKNOWN }];
        const old = site.load(st, p);
        site.store(st, p, args[1] ?? UNKNOWN);
        return [{ st, v: old }];
      }
      case 'InterlockedExchangeAdd':
      case '_InterlockedExchangeAdd': {
        const p = args[0];
        if (!p) return [{ st, v: UNKNOWN }];
        const old = site.load(st, p);
        site.store(st, p, this.engine.binop(st, '+', old, args[1] ?? UNKNOWN));
        return [{ st, v: old }];
      }
      case 'InterlockedCompareExchange':
      case '_InterlockedCompareExchange':
      case 'InterlockedCompareExchangePointer':
      case 'InterlockedCompareExchange64': {
        const [p, exch, comparand] = args;
        if (!p) return [{ st, v: UNKNOWN }];
        const old = site.load(st, p);
        const eq = this.engine.binop(st, '==', old, comparand ?? UNKNOWN);
        if (eq.k === 'int') {
          if (eq.v) site.store(st, p, exch ?? UNKNOWN);
          return [{ st, v: old }];
        }
        const other = st.clone();
        site.store(st, p, exch ?? UNKNOWN);
        return [
          { st, v: comparand ?? UNKNOWN },
          { st: other, v: old },
        ];
      }
      case 'EnterCriticalSection':
      case 'LeaveCriticalSection':
      case 'InitializeCriticalSection':
      case 'InitializeCriticalSectionAndSpinCount':
      case 'DeleteCriticalSection':
      case 'TryEnterCriticalSection':
      case 'pthread_mutex_lock':
      case 'pthread_mutex_unlock':
      case 'pthread_mutex_init':
      case 'pthread_mutex_destroy':
      case 'WaitForSingleObject':
      case 'ReleaseMutex':
      case 'CloseHandle':
      case 'SetEvent':
      case 'ResetEvent':
      case 'assert':
      case 'Assert':
      case 'ASSERT':
      case '_ASSERT':
      case '_ASSERTE':
      case 'AssertSz':
      case 'OutputDebugString':
      case 'OutputDebugStringA':
      case 'OutputDebugStringW':
      case 'printf':
      case 'fprintf':
      case 'wprintf':
      case 'puts':
      case 'strlen':
      case 'wcslen':
      case 'lstrlen':
      case 'strcmp':
      case 'wcscmp':
      case 'lstrcmpi':
      case 'IsEqualGUID':
      case 'IsEqualIID': {
        // Two interface ids the SDK declares are equal exactly when they are the same one.
        const a = iidName(args[0]);
        const b = iidName(args[1]);
        if (a && b) return [{ st, v: int(a === b ? 1 : 0) }];
        return [{ st, v: UNKNOWN }];
      }
      case 'IsBadReadPtr':
      case 'IsBadWritePtr':
      case 'IsBadCodePtr':
      case 'GetLastError':
      case 'SetLastError':
      case 'Sleep':
      case 'abort':
      case 'exit':
        if (base === 'abort' || base === 'exit') {
          st.cut = st.cut ?? `${base}() ends the process`;
          return [{ st, v: UNKNOWN }];
        }
        if (/^(IsBadReadPtr|IsBadWritePtr|IsBadCodePtr)$/.test(base)) return [{ st, v: ZERO }]; // MAPI passes valid pointers
        return [{ st, v: UNKNOWN }];
      default:
        return undefined;
    }
  }
}

/** The name of an SDK interface id a value designates (`IID_IMsgStore`, `&IID_IUnknown`), if it does. */
function iidName(v: Val | undefined): string | undefined {
  if (!v) return undefined;
  if (v.k === 'unk' && v.why) {
    const m = /^&?((?:IID|CLSID|GUID)_\w+)$/.exec(v.why);
    return m?.[1];
  }
  return undefined;
}

/** Containers are followed element by element up to this size. */
const MAX_TRACKED_ELEMENTS = 8;

/** The elements of a container, in order, while the analysis follows them (undefined: not known). */
export function containerElements(st: State, id: number): Val[] | undefined {
  const o = st.get(id);
  if (!o || o.lib !== 'container' || o.fields.has('#untracked')) return undefined;
  const size = o.fields.get('size') ?? ZERO;
  if (size.k !== 'int') return undefined;
  const out: Val[] = [];
  for (let i = 0; i < size.v; i++) {
    const v = o.fields.get(`e${i}`);
    if (!v) return undefined;
    out.push(v);
  }
  return out;
}

function sameKnown(v: Val | undefined): boolean {
  return !!v && (v.k === 'ptr' || v.k === 'obj' || v.k === 'int');
}

function sameValue(a: Val, b: Val | undefined): boolean {
  if (!b) return false;
  if ((a.k === 'ptr' || a.k === 'obj') && (b.k === 'ptr' || b.k === 'obj')) return a.obj === b.obj && (a.k !== 'ptr' || b.k !== 'ptr' || a.field === b.field);
  return a.k === 'int' && b.k === 'int' && a.v === b.v;
}
