// The objects of the protocol in a program: message stores (and, with the provider family, logons and
// providers). A C++ object is a class that derives from the interface (directly, through bases, template
// bases or CRTP), or a class that implements it in a nested class held as a member (Zarafa's xMsgStore in
// ECMsgStore). A C object is a struct whose vtable is a global initialised with its methods: the vtable's
// entries are matched to the interface by position, casts stripped (`(IMS_Release_METHOD *) OBJ_Release`).
import type { Expr } from '../ir/types';
import { vtableOf } from '../sdk/interfaces';
import type { Loc } from '../types';
import { locOf } from '../unit';
import type { ClassDef, FnDef, GlobalDef, Program } from './program';

export type ObjectKind = 'store' | 'mslogon' | 'ablogon' | 'xplogon' | 'msprovider' | 'abprovider' | 'xpprovider';

export const INTERFACE_OF: Record<ObjectKind, string> = {
  store: 'IMsgStore',
  mslogon: 'IMSLogon',
  ablogon: 'IABLogon',
  xplogon: 'IXPLogon',
  msprovider: 'IMSProvider',
  abprovider: 'IABProvider',
  xpprovider: 'IXPProvider',
};

export interface ProtocolObject {
  kind: ObjectKind;
  /** The name findings carry: the class (the outer class for a nested interface), or the C struct. */
  name: string;
  style: 'cpp' | 'c';
  loc: Loc;
  /** C++: the class of the object MAPI's pointer designates the outside of. */
  cls?: ClassDef;
  /** C++: the nested class that implements the interface, and the member of `cls` that holds it. */
  iface?: { cls: ClassDef; field: string };
  /** C: the object's struct and its vtable global. */
  struct?: ClassDef;
  vtable?: GlobalDef;
  /** The interface methods as the sources define them (for locations); absent when not found. */
  methods: Map<string, FnDef>;
  /** Classes that share this object's entry methods (subclasses that inherit them unchanged). */
  key: string;
}

export function findObjects(program: Program, kinds: readonly ObjectKind[] = ['store']): ProtocolObject[] {
  const out: ProtocolObject[] = [];
  for (const kind of kinds) {
    out.push(...cppObjects(program, kind));
    out.push(...cObjects(program, kind));
  }
  return out;
}

function cppObjects(program: Program, kind: ObjectKind): ProtocolObject[] {
  const iface = INTERFACE_OF[kind];
  const out: ProtocolObject[] = [];
  const seenOuter = new Set<ClassDef>();
  for (const cls of program.allClasses) {
    if (!cls.ir.defined || cls.ir.templateParams.length) continue;
    if (cls.unit.lang === 'c') continue;
    const anc = program.ancestry(cls);
    if (!anc.has(iface)) continue;
    // A nested class held as a member of its outer class: the outer class is the object.
    const outer = cls.outer;
    const holder = outer ? outer.ir.fields.find((f) => f.type.ptr === 0 && !f.type.ref && f.type.name === cls.name) : undefined;
    if (outer && holder) {
      if (seenOuter.has(outer)) continue;
      seenOuter.add(outer);
      out.push({
        kind,
        name: outer.name,
        style: 'cpp',
        loc: locOf(outer.unit, outer.ir.nameS, outer.ir.nameE),
        cls: outer,
        iface: { cls, field: holder.name },
        // The outer class's own methods where it has them (the nested ones forward to them).
        methods: new Map([...methodsOf(program, cls, iface), ...[...methodsOf(program, outer, iface)].filter(([, d]) => d.ir.body && d.cls === outer)]),
        key: `${kind}:${outer.key}`,
      });
      continue;
    }
    out.push({ kind, name: cls.name, style: 'cpp', loc: locOf(cls.unit, cls.ir.nameS, cls.ir.nameE), cls, methods: methodsOf(program, cls, iface), key: `${kind}:${cls.key}` });
  }
  // A subclass that inherits Release and the interface's own shutdown method unchanged is the same object
  // for the rules: it is reported once, on the class that defines them.
  const specific = vtableOf(iface)[specificIndex(iface)]?.name;
  return out.filter((o) => {
    // A base that does not define the interface's shutdown method is abstract: its subclasses are the objects.
    if (specific && !o.methods.has(specific) && o.cls && out.some((b) => b !== o && b.cls && program.lineage(b.cls).includes(o.cls!))) return false;
    const rel = o.methods.get('Release');
    const spec = specific ? o.methods.get(specific) : undefined;
    if (!rel || !o.cls || (rel.cls === o.cls) || (spec && spec.cls === o.cls)) return true;
    return !out.some((b) => b !== o && b.cls && b.methods.get('Release') === rel && (!specific || b.methods.get(specific) === spec) && program.lineage(o.cls!).includes(b.cls));
  });
}

function methodsOf(program: Program, cls: ClassDef, iface: string): Map<string, FnDef> {
  const m = new Map<string, FnDef>();
  for (const meth of vtableOf(iface)) {
    const def = program.findMethod(cls, meth.name);
    if (def) m.set(meth.name, def);
  }
  const dtor = program.findMethod(cls, `~${cls.name}`);
  if (dtor) m.set('~', dtor);
  return m;
}

/** Strips casts and `&` from a vtable entry: the function it names. */
function entryFunction(program: Program, e: Expr, file: string): FnDef | undefined {
  let x: Expr = e;
  for (let guard = 0; guard < 8; guard++) {
    if (x.k === 'cast') x = x.arg;
    else if (x.k === 'unary' && x.op === '&') x = x.arg;
    else break;
  }
  return x.k === 'id' ? program.freeFunctionNear(x.name, file) : undefined;
}

function cObjects(program: Program, kind: ObjectKind): ProtocolObject[] {
  const iface = INTERFACE_OF[kind];
  const methods = vtableOf(iface);
  const key = methods[methods.length > 3 ? specificIndex(iface) : 0]?.name;
  if (!key) return [];
  const out: ProtocolObject[] = [];
  const seen = new Set<string>();
  for (const defs of program.globals.values()) {
    for (const g of defs) {
      const init = g.ir.init;
      if (!init || init.k !== 'init' || init.items.length < 3) continue;
      const r = program.resolveType(g.ir.type, g.unit.path);
      const fieldNames = r.cls?.ir.fields.map((f) => f.name) ?? [];
      // Match by the vtable struct's field names when it is declared, else by the interface's order.
      const names = fieldNames.length === init.items.length || fieldNames.includes(key) ? fieldNames : methods.map((m) => m.name);
      // IABLogon and IMSLogon both have Logoff fifth: the interface whose length is nearer the table's wins.
      if (!init.designators?.some((d) => d) && nearerInterface(iface, key, init.items.length)) continue;
      const at = init.designators?.some((d) => d) ? init.designators.indexOf(key) : names.indexOf(key);
      if (at < 0 || at >= init.items.length) continue;
      // The entry must be that method of this interface: `X_StoreLogoff`, or the struct says so.
      const fn = entryFunction(program, init.items[at], g.unit.path);
      if (!fn) continue;
      if (!fieldNames.includes(key) && !fn.ir.name.endsWith(`_${key}`) && !fn.ir.name.endsWith(key)) continue;
      const found = new Map<string, FnDef>();
      init.items.forEach((item, i) => {
        const name = init.designators?.[i] ?? names[i];
        const f = name ? entryFunction(program, item, g.unit.path) : undefined;
        if (name && f) found.set(name, f);
      });
      // The object's struct: the type of the method's first parameter (`PIMS pims`).
      const p0 = fn.ir.params[0];
      const st = p0 ? program.resolveType(p0.type, fn.unit.path).cls : undefined;
      const struct = st ?? r.cls;
      if (!struct || seen.has(struct.key)) continue;
      seen.add(struct.key);
      out.push({
        kind,
        name: struct.name,
        style: 'c',
        loc: locOf(struct.unit, struct.ir.nameS, struct.ir.nameE),
        struct,
        vtable: g,
        methods: found,
        key: `${kind}:${struct.key}`,
      });
    }
  }
  return out;
}

/** Another interface with `key` at the same place whose method count is nearer `count` than `iface`'s. */
function nearerInterface(iface: string, key: string, count: number): boolean {
  const at = vtableOf(iface).findIndex((m) => m.name === key);
  const mine = Math.abs(vtableOf(iface).length - count);
  return Object.values(INTERFACE_OF).some((other) => other !== iface && vtableOf(other).findIndex((m) => m.name === key) === at && Math.abs(vtableOf(other).length - count) < mine);
}

/** The index in an interface's vtable of the method that tells it apart (StoreLogoff, Logoff, TransportLogoff …). */
function specificIndex(iface: string): number {
  const m = vtableOf(iface);
  const tell: Record<string, string> = { IMsgStore: 'StoreLogoff', IMSLogon: 'Logoff', IABLogon: 'Logoff', IXPLogon: 'TransportLogoff', IMSProvider: 'Logon', IABProvider: 'Logon', IXPProvider: 'TransportLogon' };
  const i = m.findIndex((x) => x.name === tell[iface]);
  return i < 0 ? 0 : i;
}
