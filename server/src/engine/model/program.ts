// The program: the IR of every analysed file merged, with the lookups the simulator needs. A class declared
// in a header and implemented in several .cpp files is one class; when several providers in one tree share
// names, a name resolves to the definition nearest the file that uses it (same file, then the longest
// shared directory). Typedefs and `using` aliases are followed to the class or interface they name.
import type { ClassIR, EnumIR, Expr, FieldIR, FunctionIR, GlobalIR, TypedefIR, TypeRef } from '../ir/types';
import { INTERFACE_POINTER_TYPEDEFS, interfaceDecl, MAPI_FUNCTION_TYPEDEFS } from '../sdk/interfaces';
import type { FileUnit } from '../unit';

export interface FnDef {
  ir: FunctionIR;
  unit: FileUnit;
  /** The class the function is a method of (in-class or out-of-line), if any. */
  cls?: ClassDef;
  /** Unique key: file and function index. */
  key: string;
}

export interface ClassDef {
  ir: ClassIR;
  unit: FileUnit;
  name: string;
  /** Scope and name: `KC::ECMsgStore::xMsgStore`. */
  qname: string;
  /** Methods by name: inline definitions, declarations, and out-of-line definitions found anywhere. */
  methods: Map<string, FnDef[]>;
  /** The class this one is nested in. */
  outer?: ClassDef;
  key: string;
}

export interface GlobalDef {
  ir: GlobalIR;
  unit: FileUnit;
  key: string;
}

export interface ConstDef {
  value?: Expr;
  /** The value of the enumerator before it (enumerators without a value count up from it). */
  prev?: ConstDef;
  unit: FileUnit;
}

/** A type with its typedefs followed: the class (if any), the SDK interface (if any), the pointer depth. */
export interface ResolvedType {
  cls?: ClassDef;
  /** An SDK interface name (`IMAPISupport`) when the type is one, or a pointer to one. */
  iface?: string;
  ptr: number;
  /** The final type reference after typedefs (template arguments included). */
  ref: TypeRef;
  /** A function pointer type. */
  fnptr: boolean;
  /** The type is one of MAPI's function-pointer types: the function it designates (`MAPIFreeBuffer`). */
  mapiFn?: string;
}

export class Program {
  readonly classes = new Map<string, ClassDef[]>();
  readonly functions = new Map<string, FnDef[]>();
  readonly globals = new Map<string, GlobalDef[]>();
  readonly typedefs = new Map<string, { ir: TypedefIR; unit: FileUnit }[]>();
  readonly constants = new Map<string, ConstDef[]>();
  readonly allClasses: ClassDef[] = [];
  readonly allFunctions: FnDef[] = [];
  readonly byKey = new Map<string, FnDef>();
  /**
   * Names looked up and not found (or found only as a declaration): `Name`, `Class::member`. The workspace
   * brings in the files that define them and analyses again (engine/workspace.ts).
   */
  readonly misses = new Set<string>();

  constructor(readonly units: readonly FileUnit[]) {
    for (const u of units) {
      for (const c of u.ir.classes) this.addClass(c, u);
      for (const t of u.ir.typedefs) push(this.typedefs, t.name, { ir: t, unit: u });
      for (const g of u.ir.globals) push(this.globals, g.name, { ir: g, unit: u, key: `${u.path}#g${g.s}` });
      for (const e of u.ir.enums) this.addEnum(e, u);
    }
    // Nested classes: the class whose scope ends with the outer class's name.
    for (const c of this.allClasses) {
      if (!c.ir.scope.length) continue;
      const outerName = c.ir.scope[c.ir.scope.length - 1];
      const outer = this.nearest(this.classes.get(outerName) ?? [], c.unit.path, (o) => sameScope([...o.ir.scope, o.name], c.ir.scope));
      if (outer) c.outer = outer;
    }
    // In-class methods first, so that an out-of-line definition finds its declaration (and its access).
    for (const u of units) {
      for (const c of u.ir.classes) {
        const cls = this.classOfIR(c, u);
        for (const m of c.methods) {
          const def: FnDef = { ir: m, unit: u, cls, key: `${u.path}#${m.id}` };
          if (cls) push(cls.methods, m.name, def);
          this.allFunctions.push(def);
          this.byKey.set(def.key, def);
        }
      }
    }
    for (const u of units) for (const f of u.ir.functions) this.addFunction(f, u);
  }

  private readonly irToClass = new Map<ClassIR, ClassDef>();

  private classOfIR(c: ClassIR, _u: FileUnit): ClassDef | undefined {
    return this.irToClass.get(c);
  }

  private addClass(c: ClassIR, u: FileUnit): void {
    if (!c.name) return;
    const qname = [...c.scope, c.name].join('::');
    const def: ClassDef = { ir: c, unit: u, name: c.name, qname, methods: new Map(), key: `${u.path}#c${c.s}` };
    this.irToClass.set(c, def);
    // A forward declaration only counts while no definition is known.
    const list = this.classes.get(c.name) ?? [];
    if (!c.defined && list.some((x) => x.ir.defined && x.qname === qname)) return;
    if (c.defined) {
      const fwd = list.findIndex((x) => !x.ir.defined && x.qname === qname);
      if (fwd >= 0) list.splice(fwd, 1);
    }
    list.push(def);
    this.classes.set(c.name, list);
    this.allClasses.push(def);
  }

  private addEnum(e: EnumIR, u: FileUnit): void {
    let prev: ConstDef | undefined;
    for (const v of e.values) {
      const def: ConstDef = { value: v.value, prev: v.value ? undefined : prev, unit: u };
      push(this.constants, v.name, def);
      prev = def;
    }
  }

  private addFunction(f: FunctionIR, u: FileUnit): void {
    const def: FnDef = { ir: f, unit: u, key: `${u.path}#${f.id}` };
    this.allFunctions.push(def);
    this.byKey.set(def.key, def);
    if (f.written.length) {
      // An out-of-line method: the class named by its qualifiers, nearest to the file.
      const clsName = f.written[f.written.length - 1];
      const named = this.classes.get(clsName) ?? [];
      const defined = named.filter((c) => c.ir.defined);
      const cls = this.nearest(defined.length ? defined : named, u.path, (c) => endsWith([...c.ir.scope, c.name], f.written));
      if (cls) {
        def.cls = cls;
        const decl = cls.methods.get(f.name)?.find((m) => m.ir.inClass);
        if (decl && !f.access) f.access = decl.ir.access;
        push(cls.methods, f.name, def);
        return;
      }
      // A method of a class we do not have (or a namespace-qualified free function).
      if (this.classes.has(clsName)) return;
    }
    push(this.functions, f.name, def);
  }

  /** Among defs, the nearest to `file` (optionally among those satisfying `pred`, if any does). */
  nearest<T extends { unit: FileUnit }>(defs: readonly T[], file: string, pred?: (d: T) => boolean): T | undefined {
    const pool = pred ? defs.filter(pred) : defs;
    const list = pool.length ? pool : pred ? [] : defs;
    if (!list.length) return undefined;
    if (list.length === 1) return list[0];
    let best = list[0];
    let bestScore = -1;
    for (const d of list) {
      const score = d.unit.path === file ? 1e9 : sharedPrefix(dirOf(d.unit.path), dirOf(file));
      if (score > bestScore) {
        best = d;
        bestScore = score;
      }
    }
    return best;
  }

  /** A class by name as seen from `file`, preferring one in the given scope. */
  classNear(name: string, file: string, scope?: readonly string[]): ClassDef | undefined {
    const list = this.classes.get(name);
    if (!list) {
      if (name) this.misses.add(name);
      return undefined;
    }
    if (!list.some((c) => c.ir.defined)) this.misses.add(name);
    const defined = list.filter((c) => c.ir.defined);
    const pool = defined.length ? defined : list;
    if (scope && scope.length) {
      const inScope = pool.filter((c) => endsWith(scope, c.ir.scope) || endsWith(c.ir.scope, scope));
      if (inScope.length) return this.nearest(inScope, file);
    }
    return this.nearest(pool, file);
  }

  /**
   * The free function of that name nearest the file; with `scope` (`offline::LogoffTransports`), only those
   * whose enclosing namespaces end with it (when any does).
   */
  freeFunctionNear(name: string, file: string, scope: readonly string[] = []): FnDef | undefined {
    let defs = this.functions.get(name);
    if (!defs) {
      this.misses.add(name);
      return undefined;
    }
    if (scope.length) {
      const q = scope.filter((s) => s !== '');
      const scoped = defs.filter((d) => q.length <= d.ir.scope.length && q.every((s, i) => d.ir.scope[d.ir.scope.length - q.length + i] === s));
      if (scoped.length) defs = scoped;
    }
    const withBody = defs.filter((d) => d.ir.body);
    if (!withBody.length) this.misses.add(name);
    return this.nearest(withBody.length ? withBody : defs, file);
  }

  globalNear(name: string, file: string): GlobalDef | undefined {
    const defs = this.globals.get(name);
    if (!defs) {
      this.misses.add(name);
      return undefined;
    }
    const withInit = defs.filter((d) => d.ir.init);
    return this.nearest(withInit.length ? withInit : defs, file);
  }

  constantNear(name: string, file: string): ConstDef | undefined {
    const defs = this.constants.get(name);
    return defs ? this.nearest(defs, file) : undefined;
  }

  typedefNear(name: string, file: string): TypedefIR | undefined {
    const defs = this.typedefs.get(name);
    return defs ? this.nearest(defs, file)?.ir : undefined;
  }

  constantNearOrMiss(name: string, file: string): ConstDef | undefined {
    const c = this.constantNear(name, file);
    if (!c) this.misses.add(name);
    return c;
  }

  /** The class and its bases, most derived first (no duplicates); template bases resolved by name. */
  lineage(cls: ClassDef): ClassDef[] {
    const out: ClassDef[] = [];
    const seen = new Set<ClassDef>();
    const visit = (c: ClassDef, depth: number): void => {
      if (seen.has(c) || depth > 32) return;
      seen.add(c);
      out.push(c);
      for (const b of c.ir.bases) {
        const r = this.resolveType(b.type, c.unit.path, [...c.ir.scope]);
        if (r.cls) visit(r.cls, depth + 1);
      }
    };
    visit(cls, 0);
    return out;
  }

  /** Every name a class derives from: bases, their bases, SDK interfaces, template arguments of bases. */
  ancestry(cls: ClassDef): Set<string> {
    const names = new Set<string>();
    const stack: { t: TypeRef; from: ClassDef }[] = cls.ir.bases.map((b) => ({ t: b.type, from: cls }));
    const seenCls = new Set<ClassDef>([cls]);
    while (stack.length && names.size < 512) {
      const { t, from } = stack.pop()!;
      const r = this.resolveType(t, from.unit.path, from.ir.scope);
      names.add(t.name);
      if (r.iface) {
        for (let i: string | undefined = r.iface; i; i = interfaceDecl(i)?.base) names.add(i);
      }
      if (r.cls && !seenCls.has(r.cls)) {
        seenCls.add(r.cls);
        names.add(r.cls.name);
        for (const b of r.cls.ir.bases) stack.push({ t: b.type, from: r.cls });
      }
      // A template base names the interface it implements as an argument (ATL's CComObjectRootEx<…>,
      // IDispatchImpl<IMsgStore>). A template of the sources passes its argument on only when it derives from
      // it (CRTP, `Impl<T> : T`); a holder or container (`object_ptr<IMsgStore>`, `CComPtr<IMsgStore>`) holds
      // an interface, it does not implement it.
      if (r.cls && r.cls.ir.templateParams.length && !r.cls.ir.bases.some((b) => mentionsParam(b.type, r.cls!.ir.templateParams))) continue;
      if (!r.cls && /^(CComPtr|CComQIPtr|CComPtrBase|ComPtr|com_ptr\w*|_com_ptr_t|unique_ptr|shared_ptr|weak_ptr|auto_ptr|object_ptr|memory_ptr|vector|list|deque|set|map|multimap|multiset|unordered_map|unordered_set|optional)$/.test(t.name)) continue;
      for (const a of t.args) if (a.args.length || interfaceDecl(a.name)) stack.push({ t: a, from });
    }
    return names;
  }

  /** Follows typedefs and aliases. */
  resolveType(t: TypeRef, file: string, scope: readonly string[] = []): ResolvedType {
    let ref = t;
    let ptr = t.ptr;
    let fnptr = !!t.fnptr;
    for (let guard = 0; guard < 16; guard++) {
      const mapiFn = MAPI_FUNCTION_TYPEDEFS.get(ref.name);
      if (mapiFn) return { ptr, ref, fnptr: true, mapiFn };
      const iface = interfaceDecl(ref.name) ? ref.name : INTERFACE_POINTER_TYPEDEFS.get(ref.name);
      if (iface) return { iface, ptr: ptr + (interfaceDecl(ref.name) ? 0 : 1), ref, fnptr };
      const cls = ref.name ? this.classNear(ref.name, file, [...ref.scope.length ? ref.scope : scope]) : undefined;
      const td = ref.name ? this.typedefNear(ref.name, file) : undefined;
      if (cls && (!td || td.type.name === cls.name)) return { cls, ptr, ref, fnptr };
      if (!td || td.type.name === ref.name && td.type.ptr === 0 && !td.templateParams.length) return { cls, ptr, ref, fnptr };
      ptr += td.type.ptr;
      fnptr = fnptr || !!td.type.fnptr;
      // An alias template `template<class T> using P = X<T, …>`: substitute the arguments.
      ref = td.templateParams.length ? substitute(td.type, td.templateParams, ref.args) : { ...td.type, args: td.type.args.length ? td.type.args : ref.args };
    }
    return { ptr, ref, fnptr };
  }

  /** Whether a type names the support object (a pointer to it, a typedef of it). */
  isSupportPointer(t: TypeRef, file: string): boolean {
    const r = this.resolveType(t, file);
    if (r.iface === 'IMAPISupport' && r.ptr >= 1) return true;
    if (r.cls && r.ptr >= 1 && this.ancestry(r.cls).has('IMAPISupport')) return true;
    return false;
  }

  /** Fields of a class and its bases, most derived last (so a derived field shadows). */
  fieldsOf(cls: ClassDef): Map<string, { field: FieldIR; owner: ClassDef }> {
    const out = new Map<string, { field: FieldIR; owner: ClassDef }>();
    for (const c of [...this.lineage(cls)].reverse()) for (const f of c.ir.fields) if (!f.isStatic) out.set(f.name, { field: f, owner: c });
    return out;
  }

  /** A method by name on a class or its bases (the most derived definition with a body wins, then a declaration). */
  findMethod(cls: ClassDef, name: string, arity?: number): FnDef | undefined {
    const found = this.findMethodIn(cls, name, arity);
    if (!found?.ir.body) for (const c of this.lineage(cls)) this.misses.add(`${c.name}::${name}`);
    return found;
  }

  private findMethodIn(cls: ClassDef, name: string, arity?: number): FnDef | undefined {
    let decl: FnDef | undefined;
    const lineage = this.lineage(cls);
    // A base's virtual of this name fixes the const-qualification an override must have: a derived
    // `f() const` over a base's virtual `f()` is another function (it hides, it does not override), and a call
    // through the base — the store's own Release calling its hook — reaches the base's.
    const virtualConst = (c: ClassDef): boolean | undefined => {
      for (const b of lineage.slice(lineage.indexOf(c) + 1)) {
        const v = b.methods.get(name)?.find((d) => d.ir.isVirtual && (arity === undefined || fits(d.ir, arity)));
        if (v) return !!v.ir.isConst;
      }
      return undefined;
    };
    for (const c of lineage) {
      const all = c.methods.get(name);
      if (!all?.length) continue;
      const wanted = virtualConst(c);
      const defs = wanted === undefined ? all : all.filter((d) => !!d.ir.isConst === wanted);
      if (!defs.length) continue;
      const fitting = arity === undefined ? defs : defs.filter((d) => fits(d.ir, arity));
      const pool = fitting.length ? fitting : defs;
      const withBody = pool.find((d) => d.ir.body);
      if (withBody) return withBody;
      decl ??= pool[0];
      // A declaration in a derived class hides the base's definition (C++ name hiding); keep looking only
      // for its out-of-line body, which addFunction attached to the same class.
      return decl;
    }
    return decl;
  }
}

function fits(f: FunctionIR, arity: number): boolean {
  return f.params.length === arity || (f.variadic && arity >= f.params.length) || f.params.length > arity;
}

function substitute(t: TypeRef, params: readonly string[], args: readonly TypeRef[]): TypeRef {
  const k = params.indexOf(t.name);
  if (k >= 0 && args[k]) {
    const a = args[k];
    return { ...a, ptr: a.ptr + t.ptr, ref: a.ref || t.ref };
  }
  return { ...t, args: t.args.map((x) => substitute(x, params, args)) };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

export function dirOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? '' : p.slice(0, i);
}

function sharedPrefix(a: string, b: string): number {
  const pa = a.split(/[\\/]/);
  const pb = b.split(/[\\/]/);
  let n = 0;
  while (n < pa.length && n < pb.length && pa[n] === pb[n]) n++;
  return n;
}

function endsWith(a: readonly string[], b: readonly string[]): boolean {
  if (b.length > a.length) return false;
  for (let i = 1; i <= b.length; i++) if (a[a.length - i] !== b[b.length - i]) return false;
  return true;
}

function sameScope(a: readonly string[], b: readonly string[]): boolean {
  return endsWith(a, b) || endsWith(b, a);
}

function mentionsParam(t: TypeRef, params: readonly string[]): boolean {
  return params.includes(t.name) || t.args.some((a) => mentionsParam(a, params));
}
