// The provider model: which classes or structs are message store objects, their Release, destructor,
// StoreLogoff and helpers, their support-object members and the initial values of their state members.
// Built from the facts of all files at once (a class declared in a header and implemented in a .cpp is one store).
import { cStorePrefix } from '../probe';
import type { SyntaxNode } from '../parse/parser';
import type { Loc } from '../types';
import type { ClassFact, FieldFact, FileFacts, FunctionFact, ParamFact, TypedefFact } from './facts';
import { lastComponent } from './facts';

export type StoreStyle = 'cpp-class' | 'c-vtable';

export interface SupportMember {
  field: FieldFact;
  /** Owning class (the store or one of its bases). */
  owner: string;
  /** Smart pointer: its destructor releases the support object when the store is deleted. */
  smart: boolean;
  /** The member holds a reference of its own (it is AddRef'd or released somewhere); a plain alias does not. */
  owning: boolean;
}

export interface StoreModel {
  name: string;
  style: StoreStyle;
  loc: Loc;
  /** The store class and its bases, most derived first (C: just the struct). */
  lineage: ClassFact[];
  /** The Release the client reaches (own or inherited); undefined when it comes from a library (ATL...). */
  release?: FunctionFact;
  storeLogoff?: FunctionFact;
  addRef?: FunctionFact;
  supportMembers: SupportMember[];
  /** All fields of the store and its bases, by name. */
  fields: Map<string, FieldFact>;
  /** For C stores: the function-name prefix (`IMS` of `IMS_Release`). */
  prefix?: string;
}

const SUPPORT_INTERFACES = new Set(['IMAPISupport']);
const SUPPORT_POINTER_TYPES = new Set(['LPMAPISUP', 'LPMAPISUPPORT', 'PMAPISUP', 'IMAPISupportPtr', 'LPMAPISUPPORTOBJ']);
const SMART_POINTER_NAME = /(^|::)(CComPtr|CComQIPtr|CComPtrBase|_com_ptr_t|object_ptr|mapi_object_ptr|unique_ptr|shared_ptr|ComPtr|com_ptr|CAdapt|auto_ptr|CAutoPtr)$/;

export class ProviderModel {
  readonly classes = new Map<string, ClassFact>();
  readonly typedefs = new Map<string, TypedefFact>();
  /** #define texts that are expressions (`((ULONG)0x00000001)`, `(A | B)`), evaluated on demand by the simulator. */
  readonly defines = new Map<string, string>();
  readonly macros = new Set<string>();
  /** Methods by class name, then by method name. */
  readonly methods = new Map<string, Map<string, FunctionFact[]>>();
  /** Free functions by name. */
  readonly freeFunctions = new Map<string, FunctionFact[]>();
  readonly stores: StoreModel[] = [];

  /** Every definition of a constant (#define, enumerator), by name, with its file. */
  private readonly constantLists = new Map<string, { file: string; v: number }[]>();

  /** The value of a constant as seen from `file`: its nearest definition. */
  constantNear(name: string, file: string | undefined): number | undefined {
    const list = this.constantLists.get(name);
    if (!list) return undefined;
    return (file ? nearest(list, file) : list[0])?.v;
  }

  private readonly cStructs = new Set<ClassFact>();
  private readonly freeByDir = new Map<string, FunctionFact[]>();

  /** The free functions defined in files of one directory. */
  functionsIn(dir: string): readonly FunctionFact[] {
    return this.freeByDir.get(dir) ?? [];
  }

  /** Every class or struct with a body, by name: two providers in one tree may both have a CMsgStore. */
  readonly classLists = new Map<string, ClassFact[]>();

  constructor(files: readonly FileFacts[]) {
    for (const f of files) {
      for (const c of f.classes) {
        const prev = this.classes.get(c.name);
        // A forward declaration has no fields or bases; the definition wins.
        if (!prev || (prev.fields.length === 0 && prev.bases.length === 0)) this.classes.set(c.name, c);
        push(this.classLists, c.name, c);
      }
      for (const [k, v] of f.typedefs) if (!this.typedefs.has(k)) this.typedefs.set(k, v);
      for (const [k, v] of f.constants) push(this.constantLists, k, { file: f.file, v });
      for (const [k, v] of f.defines) if (!this.defines.has(k)) this.defines.set(k, v);
      for (const m of f.macros) this.macros.add(m);
    }
    for (const f of files) {
      for (const fn of f.functions) {
        if (fn.scope) {
          // An out-of-line method belongs to the class of that name nearest to it.
          const owner = nearest(this.classLists.get(fn.scope) ?? [], fn.file);
          const key = owner ? this.keyOf(owner) : fn.scope;
          let m = this.methods.get(key);
          if (!m) this.methods.set(key, (m = new Map()));
          push(m, fn.name, fn);
        } else {
          push(this.freeFunctions, fn.name, fn);
          push(this.freeByDir, dirOf(fn.file), fn);
        }
      }
    }
    this.findCppStores();
    this.findCStores();
  }

  /** The key of a class in `methods`: its name, or name@file when several classes share the name. */
  keyOf(cls: ClassFact): string {
    const list = this.classLists.get(cls.name);
    return !list || list.length <= 1 ? cls.name : `${cls.name}@${cls.file}`;
  }

  /** The class of that name nearest to `file` (same file, then the longest shared directory). */
  classNear(name: string, file: string): ClassFact | undefined {
    return nearest(this.classLists.get(name) ?? [], file);
  }

  /** The free function of that name nearest to `file`. */
  freeNear(name: string, file: string | undefined): FunctionFact | undefined {
    const defs = this.freeFunctions.get(name);
    return defs && (file ? nearest(defs, file) : defs[0]);
  }

  /** Resolve typedefs: `PIMS` -> { name: '_IMS', pointer: true }. */
  resolveType(type: string): { name: string; pointer: boolean } {
    let name = type.replace(/\bconst\b|\bvolatile\b|\bstruct\b|\bclass\b/g, '').trim();
    let pointer = false;
    while (name.endsWith('*')) {
      pointer = true;
      name = name.slice(0, -1).trim();
    }
    for (let guard = 0; guard < 16; guard++) {
      const td = this.typedefs.get(name);
      if (!td || td.target === name) break;
      pointer = pointer || td.pointer;
      name = td.target;
    }
    return { name, pointer };
  }

  /** The class itself and all its bases found in the model, most derived first (no duplicates). */
  lineage(cls: ClassFact): ClassFact[] {
    const out: ClassFact[] = [];
    const seen = new Set<string>();
    const visit = (c: ClassFact): void => {
      if (seen.has(c.name) || out.length > 64) return;
      seen.add(c.name);
      out.push(c);
      for (const b of c.bases) {
        const bc = this.classNear(b.name, c.file);
        if (bc) visit(bc);
      }
    };
    visit(cls);
    return out;
  }

  /** Every type name the class derives from, directly, through bases, or as a template argument of a base. */
  private ancestry(cls: ClassFact): Set<string> {
    const names = new Set<string>();
    const stack: string[] = [];
    const push1 = (c: ClassFact): void => {
      for (const b of c.bases) {
        stack.push(b.name);
        for (const a of b.args) stack.push(a);
      }
    };
    push1(cls);
    while (stack.length && names.size < 256) {
      const n = stack.pop()!;
      if (names.has(n)) continue;
      names.add(n);
      const c = this.classNear(n, cls.file);
      if (c) push1(c);
    }
    return names;
  }

  isSupportClass(name: string): boolean {
    if (SUPPORT_INTERFACES.has(name)) return true;
    const c = this.classes.get(name);
    return !!c && [...this.ancestry(c)].some((n) => SUPPORT_INTERFACES.has(n));
  }

  /** Whether a field holds the support object, and how. */
  supportKind(field: FieldFact): 'raw' | 'smart' | undefined {
    const t = field.type;
    if (field.templated || /</.test(t)) {
      const outer = t.slice(0, t.indexOf('<'));
      const inner = t.slice(t.indexOf('<') + 1);
      const innerNames = inner.split(/[^A-Za-z0-9_]+/).filter(Boolean);
      if (SMART_POINTER_NAME.test(outer) && innerNames.some((n) => this.isSupportType(n))) return 'smart';
      return undefined;
    }
    if (/Ptr$/.test(t) && this.typedefs.get(t)?.target.includes('<')) {
      const td = this.typedefs.get(t)!;
      return this.supportKind({ ...field, type: td.target, templated: true });
    }
    if (t === 'IMAPISupportPtr') return 'smart';
    const r = this.resolveType(t);
    if ((r.pointer || field.pointer) && (this.isSupportClass(r.name) || SUPPORT_POINTER_TYPES.has(r.name))) return 'raw';
    if (SUPPORT_POINTER_TYPES.has(t)) return 'raw';
    return undefined;
  }

  private isSupportType(name: string): boolean {
    const r = this.resolveType(name);
    return SUPPORT_POINTER_TYPES.has(name) || this.isSupportClass(r.name);
  }

  /** Find a method by name on a class or its bases (the most derived definition wins). */
  findMethod(lineage: readonly ClassFact[], name: string, arity?: number): FunctionFact | undefined {
    for (const c of lineage) {
      const defs = this.methods.get(this.keyOf(c))?.get(name);
      if (defs && defs.length) return pickOverload(defs, arity);
    }
    return undefined;
  }

  private findCppStores(): void {
    const candidates: ClassFact[] = [];
    for (const c of [...this.classLists.values()].flat()) {
      if (c.templateParams.length) continue;
      if (this.ancestry(c).has('IMsgStore')) candidates.push(c);
    }
    // A base class that another store derives from is checked as part of that store, not on its own.
    const bases = new Set<string>();
    // (A class that names itself in its base's template arguments, CRTP-style, is not its own base.)
    for (const c of candidates) for (const a of this.ancestry(c)) if (a !== c.name) bases.add(a);
    for (const c of candidates) {
      if (bases.has(c.name)) continue;
      const lineage = this.lineage(c);
      const fields = new Map<string, FieldFact>();
      const supportMembers: SupportMember[] = [];
      for (const cls of [...lineage].reverse()) {
        for (const f of this.withStructFields(cls.fields)) {
          fields.set(f.name, f);
          const kind = this.supportKind(f);
          if (kind) supportMembers.push({ field: f, owner: cls.name, smart: kind === 'smart', owning: false });
        }
      }
      this.markOwning(supportMembers, lineage.flatMap((c) => [...(this.methods.get(this.keyOf(c))?.values() ?? [])].flat()));
      this.stores.push({
        name: c.name,
        style: 'cpp-class',
        loc: c.loc,
        lineage,
        release: this.findMethod(lineage, 'Release', 0),
        storeLogoff: this.findMethod(lineage, 'StoreLogoff', 1),
        addRef: this.findMethod(lineage, 'AddRef', 0),
        supportMembers,
        fields,
      });
    }
  }

  /** C providers: a struct whose `X_StoreLogoff(PX, ULONG FAR *)` and `X_Release(PX)` are free functions. */
  private findCStores(): void {
    for (const [name, defs] of this.freeFunctions) {
      const prefix = cStorePrefix(name);
      if (!prefix) continue;
      for (const fn of defs) this.addCStore(prefix, fn);
    }
  }

  private addCStore(prefix: string, fn: FunctionFact): void {
    if (fn.params.length < 2) return;
    {
      const self = this.resolveType(paramType(fn.params[0]));
      const cls = this.classNear(self.name, fn.file);
      if (!cls || this.cStructs.has(cls)) return;
      this.cStructs.add(cls);
      const fields = new Map<string, FieldFact>();
      const supportMembers: SupportMember[] = [];
      for (const f of this.withStructFields(cls.fields)) {
        fields.set(f.name, f);
        const kind = this.supportKind(f);
        if (kind) supportMembers.push({ field: f, owner: cls.name, smart: kind === 'smart', owning: false });
      }
      this.markOwning(supportMembers, [...this.functionsIn(dirOf(cls.file)), ...(dirOf(fn.file) !== dirOf(cls.file) ? this.functionsIn(dirOf(fn.file)) : [])]);
      // `typedef struct _IMS {...} IMS`: the code calls it IMS.
      const alias = [...this.typedefs].find(([, td]) => td.target === cls.name && !td.pointer)?.[0];
      this.stores.push({
        name: alias ?? cls.name,
        style: 'c-vtable',
        loc: cls.loc,
        lineage: [cls],
        release: this.freeNear(`${prefix}_Release`, fn.file),
        storeLogoff: fn,
        addRef: this.freeNear(`${prefix}_AddRef`, fn.file),
        supportMembers,
        fields,
        prefix,
      });
    }
  }

  /** Fields, plus the fields of members whose type is a struct of the provider's (`LOGOFFSTATE m_logoff` → `m_logoff.ulFlags`). */
  private withStructFields(fields: readonly FieldFact[]): FieldFact[] {
    const out: FieldFact[] = [];
    for (const f of fields) {
      out.push(f);
      if (f.pointer || f.templated || f.name.includes('.')) continue;
      const r = this.resolveType(f.type);
      const inner = r.pointer ? undefined : this.classNear(r.name, f.loc.file);
      if (!inner || inner.bases.length) continue;
      for (const g of inner.fields) out.push({ ...g, name: `${f.name}.${g.name}`, loc: g.loc });
    }
    return out;
  }

  /**
   * A support member owns a reference when the provider AddRefs or releases it somewhere (or it is a smart
   * pointer). When no member shows it, the first one is taken to own the reference MAPI expects the store to hold.
   */
  private markOwning(members: SupportMember[], functions: readonly FunctionFact[]): void {
    if (!members.length) return;
    const byLastName = new Map(members.map((m) => [m.field.name.slice(m.field.name.lastIndexOf('.') + 1), m]));
    for (const fn of functions) {
      for (const name of refCountedNames(fn)) {
        const m = byLastName.get(name);
        if (m) m.owning = true;
      }
    }
    for (const m of members) if (m.smart) m.owning = true;
    if (!members.some((m) => m.owning)) (members.find((m) => !m.smart) ?? members[0]).owning = true;
  }

  /** Whether a (C) parameter of this type points at the given store struct. */
  pointsToStore(type: string, store: StoreModel): boolean {
    if (store.style !== 'c-vtable') return false;
    const r = this.resolveType(type);
    return r.name === store.lineage[0].name && r.pointer;
  }
}

/** Per function (its facts outlive an analysis while its file is unchanged): the names it AddRefs or releases. */
const refCountedCache = new WeakMap<FunctionFact, Set<string>>();

/** `p->AddRef()`, `UlRelease(pims->psup)`, `x->lpVtbl->Release(x)`, `sp.reset()`: the last name of each receiver. */
function refCountedNames(fn: FunctionFact): Set<string> {
  const cached = refCountedCache.get(fn);
  if (cached) return cached;
  const names = new Set<string>();
  // Only call expressions matter: find them through the text first, then look at those nodes alone.
  const text = fn.body.text;
  if (/AddRef|Release|reset/.test(text)) {
    for (const n of fn.body.descendantsOfType('call_expression')) {
      const f = n.childForFieldName('function');
      if (!f) continue;
      let receiver: SyntaxNode | null | undefined;
      if (f.type === 'field_expression' && /^(AddRef|Release|reset)$/.test(f.childForFieldName('field')?.text ?? '')) {
        receiver = f.childForFieldName('argument');
        if (receiver?.type === 'field_expression' && receiver.childForFieldName('field')?.text === 'lpVtbl') receiver = receiver.childForFieldName('argument');
      } else if (/^(UlAddRef|UlRelease|SafeRelease|SAFE_RELEASE|I\w*_(AddRef|Release))$/.test(f.text)) {
        receiver = n.childForFieldName('arguments')?.namedChild(0);
      }
      while (receiver && (receiver.type === 'cast_expression' || receiver.type === 'parenthesized_expression' || receiver.type === 'pointer_expression')) {
        receiver = receiver.type === 'cast_expression' ? receiver.childForFieldName('value') : receiver.type === 'pointer_expression' ? receiver.childForFieldName('argument') : receiver.namedChild(0);
      }
      const name = receiver?.type === 'field_expression' ? receiver.childForFieldName('field')?.text : receiver?.text;
      if (name) names.add(name);
    }
  }
  refCountedCache.set(fn, names);
  return names;
}

/** How many leading directories two files share. */
export function sharedDirDepth(a: string, b: string): number {
  const x = a.split(/[\\/]/);
  const y = b.split(/[\\/]/);
  let n = 0;
  while (n < x.length - 1 && n < y.length - 1 && x[n] === y[n]) n++;
  return n;
}

/**
 * The directories a C store's functions are matched in (see `functionsIn`): those of its struct, StoreLogoff and
 * Release. Providers in one tree may share names; these directories tell this store's functions apart.
 */
export function storeDirs(store: StoreModel): string[] {
  const files = [store.loc.file, store.storeLogoff?.file, store.release?.file].filter((f): f is string => !!f);
  return [...new Set(files.map(dirOf))];
}

export function dirOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i < 0 ? '' : file.slice(0, i);
}

interface NearIndex<T> {
  byFile: Map<string, T>;
  byDir: Map<string, T>;
}
const nearIndexes = new WeakMap<readonly unknown[], NearIndex<unknown>>();

/**
 * The item nearest to `file`: the same file, else the same directory, else the longest shared directory
 * prefix; ties keep the first. The file and directory cases are answered from an index built once per list,
 * so a tree of a thousand copies of the same provider stays linear.
 */
export function nearest<T extends { file: string }>(items: readonly T[], file: string): T | undefined {
  if (items.length <= 1) return items[0];
  let idx = nearIndexes.get(items) as NearIndex<T> | undefined;
  if (!idx) {
    idx = { byFile: new Map(), byDir: new Map() };
    for (const it of items) {
      if (!idx.byFile.has(it.file)) idx.byFile.set(it.file, it);
      const d = dirOf(it.file);
      if (!idx.byDir.has(d)) idx.byDir.set(d, it);
    }
    nearIndexes.set(items, idx);
  }
  const hit = idx.byFile.get(file) ?? idx.byDir.get(dirOf(file));
  if (hit) return hit;
  let best: T | undefined;
  let bestScore = -1;
  for (const it of items) {
    const score = sharedDirDepth(it.file, file);
    if (score > bestScore) {
      best = it;
      bestScore = score;
    }
  }
  return best;
}

function paramType(p: ParamFact): string {
  return p.pointer ? `${p.type}*` : p.type;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

function pickOverload(defs: FunctionFact[], arity?: number): FunctionFact {
  if (arity === undefined) return defs[0];
  return defs.find((d) => d.params.length === arity) ?? defs[0];
}

export { lastComponent };
