// Lowering: the flat syntax tree of one file (parse/flat.ts) to the engine's IR (types.ts). One pass over
// the declarations; function bodies become statements and expressions. Whatever the parser could not read
// (ERROR nodes) becomes `unknown`, and declarations inside an ERROR node are still looked for, so that one
// broken line never hides the rest of a file.
import { parseIntLiteral } from '../pre/cond';
import { FlatTree, NONE } from '../parse/flat';
import type { BaseIR, ClassIR, CtorInit, EnumIR, Expr, FieldIR, FileIR, FunctionIR, GlobalIR, ParamIR, Stmt, TypedefIR, TypeRef, VarDecl } from './types';

interface Ctx {
  /** Namespaces and classes around the declaration. */
  scope: string[];
  templateParams: string[];
  /** The class whose body is being read. */
  cls?: ClassIR;
  /** The access in force at this point of a class body. */
  access?: { now: 'public' | 'protected' | 'private' };
}

interface Declarator {
  name: string;
  /** Qualifiers written before the name (`A::B::f`). */
  qual: string[];
  nameS: number;
  nameE: number;
  ptr: number;
  ref: boolean;
  array: boolean;
  /** Parameters of a function declarator (the outermost one that names the declared entity). */
  fn?: { params: ParamIR[]; variadic: boolean; node: number };
  /** A function pointer: `R (*name)(params)`. */
  fnptr: boolean;
  isDtor: boolean;
  init?: Expr;
  ctorArgs?: Expr[];
}

const ANON = '__anon_';
/** How deep statements and expressions nest before the lowering leaves the rest out (real code stays far below). */
export const MAX_NESTING = 256;

function anonName(offset: number): string {
  return `${ANON}${offset}`;
}

const EMPTY_TYPE: TypeRef = { text: '', name: '', scope: [], args: [], ptr: 0, ref: false };

export function lowerFile(flat: FlatTree): FileIR {
  return new Lowering(flat).run();
}

class Lowering {
  private readonly out: FileIR = { classes: [], functions: [], globals: [], typedefs: [], enums: [], errors: [] };
  private fnId = 0;

  constructor(private readonly t: FlatTree) {}

  run(): FileIR {
    this.topLevel(0, { scope: [], templateParams: [] });
    return this.out;
  }

  private type(n: number): string {
    return this.t.typeOf(n);
  }

  private text(n: number): string {
    return this.t.textOf(n);
  }

  private noteError(n: number): void {
    if (this.out.errors.length < 32) this.out.errors.push({ s: this.t.start[n], e: this.t.end[n] });
  }

  // ---- declarations ---------------------------------------------------------------------------------

  private topLevel(n: number, ctx: Ctx): void {
    for (let c = this.t.first[n]; c !== NONE; c = this.t.next[c]) this.declaration(c, ctx);
  }

  private declaration(c: number, ctx: Ctx): void {
    const t = this.t;
    switch (this.type(c)) {
      case 'function_definition':
        this.functionDefinition(c, ctx);
        return;
      case 'declaration':
        this.plainDeclaration(c, ctx);
        return;
      case 'type_definition':
        this.typeDefinition(c, ctx);
        return;
      case 'alias_declaration':
        this.aliasDeclaration(c, ctx);
        return;
      case 'class_specifier':
      case 'struct_specifier':
      case 'union_specifier':
        this.classSpecifier(c, ctx);
        return;
      case 'enum_specifier':
        this.enumSpecifier(c, ctx);
        return;
      case 'namespace_definition': {
        const name = t.child(c, 'name');
        const body = t.child(c, 'body');
        const names = name === NONE ? [] : this.text(name).split('::').map((x) => x.trim()).filter(Boolean);
        if (body !== NONE) this.topLevel(body, { ...ctx, scope: [...ctx.scope, ...names] });
        return;
      }
      case 'linkage_specification': {
        const body = t.child(c, 'body');
        if (body === NONE) return;
        if (this.type(body) === 'declaration_list') this.topLevel(body, ctx);
        else this.declaration(body, ctx);
        return;
      }
      case 'template_declaration': {
        const params = this.templateParams(t.child(c, 'parameters'));
        const inner: Ctx = { ...ctx, templateParams: [...ctx.templateParams, ...params] };
        for (const x of t.named(c)) if (x !== t.child(c, 'parameters')) this.declaration(x, inner);
        return;
      }
      case 'declaration_list':
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_else':
      case 'preproc_elif':
        this.topLevel(c, ctx);
        return;
      case 'ERROR':
        this.noteError(c);
        this.topLevel(c, ctx);
        return;
      default:
        if (t.flags[c] & 4) this.noteError(c);
        return;
    }
  }

  private templateParams(n: number): string[] {
    if (n === NONE) return [];
    const out: string[] = [];
    for (const p of this.t.named(n)) {
      const name = this.t.child(p, 'name');
      if (name !== NONE) out.push(this.text(name));
      else {
        const id = this.firstOfType(p, ['type_identifier', 'identifier']);
        if (id !== NONE) out.push(this.text(id));
      }
    }
    return out;
  }

  private firstOfType(n: number, types: string[]): number {
    for (let c = this.t.first[n]; c !== NONE; c = this.t.next[c]) if (types.includes(this.type(c))) return c;
    return NONE;
  }

  private hasKeyword(n: number, word: string): boolean {
    for (let c = this.t.first[n]; c !== NONE; c = this.t.next[c]) {
      const ty = this.type(c);
      if (ty === word) return true;
      if ((ty === 'storage_class_specifier' || ty === 'virtual_function_specifier' || ty === 'virtual') && this.text(c) === word) return true;
    }
    return false;
  }

  private functionDefinition(c: number, ctx: Ctx, inClass = false): FunctionIR | undefined {
    const t = this.t;
    const declNode = t.child(c, 'declarator');
    if (declNode === NONE) return undefined;
    const d = this.declarator(declNode);
    const typeNode = t.child(c, 'type');
    const body = t.child(c, 'body');
    const fn = this.makeFunction(c, d, typeNode === NONE ? undefined : this.typeRef(typeNode, d), ctx, inClass);
    if (body !== NONE && this.type(body) === 'compound_statement') fn.body = this.block(body);
    else if (body !== NONE && this.type(body) === 'try_statement') {
      // function-try-block
      fn.body = { k: 'block', body: [this.statement(body)], s: t.start[body], e: t.end[body] };
    }
    const inits = this.firstOfType(c, ['field_initializer_list']);
    if (inits !== NONE) fn.ctorInits = this.ctorInits(inits);
    if (!fn.body) this.markDefaulted(c, fn);
    this.pushFunction(fn, ctx, inClass);
    return fn;
  }

  private pushFunction(fn: FunctionIR, ctx: Ctx, inClass: boolean): void {
    if (inClass && ctx.cls) {
      if (ctx.access) fn.access = ctx.access.now;
      ctx.cls.methods.push(fn);
    } else this.out.functions.push(fn);
  }

  private makeFunction(n: number, d: Declarator, returns: TypeRef | undefined, ctx: Ctx, inClass: boolean): FunctionIR {
    const t = this.t;
    const clsName = inClass ? ctx.cls?.name : d.qual[d.qual.length - 1];
    const isDtor = d.isDtor;
    const isCtor = !isDtor && !!clsName && d.name === clsName.replace(/<.*$/, '');
    const fnDecl = d.fn?.node;
    return {
      id: this.fnId++,
      name: isDtor ? `~${d.name}` : d.name,
      scope: inClass && ctx.cls ? [...ctx.cls.scope, ctx.cls.name] : [...ctx.scope, ...d.qual],
      written: d.qual,
      params: d.fn?.params ?? [],
      variadic: d.fn?.variadic ?? false,
      returns,
      ctorInits: [],
      isCtor,
      isDtor,
      isVirtual: this.hasKeyword(n, 'virtual'),
      isPure: false,
      isStatic: this.hasKeyword(n, 'static'),
      isOverride: fnDecl !== undefined && this.hasVirtualSpecifier(fnDecl),
      ...(fnDecl !== undefined && this.isConstMember(fnDecl) ? { isConst: true } : {}),
      inClass,
      templateParams: ctx.templateParams,
      s: t.start[n],
      e: t.end[n],
      nameS: d.nameS,
      nameE: d.nameE,
    };
  }

  /** `= default` / `= delete` after a declarator (the grammar puts them in different nodes per construct). */
  private markDefaulted(n: number, fn: FunctionIR): void {
    const tail = this.t.text.slice(this.t.start[n], this.t.end[n]).replace(/\s+/g, ' ');
    if (/\)\s*(const\s*|noexcept\s*|override\s*)*=\s*default\s*;?\s*$/.test(tail)) {
      fn.isDefaulted = true;
      fn.body = { k: 'block', body: [], s: fn.e, e: fn.e };
    } else if (/=\s*delete\s*;?\s*$/.test(tail)) fn.isDeleted = true;
  }

  /** `f(...) const`: the qualifier after the parameter list (a child of the function declarator). */
  private isConstMember(fnDecl: number): boolean {
    for (let c = this.t.first[fnDecl]; c !== NONE; c = this.t.next[c]) if (this.type(c) === 'type_qualifier' && this.text(c) === 'const') return true;
    return false;
  }

  private hasVirtualSpecifier(fnDecl: number): boolean {
    for (let c = this.t.first[fnDecl]; c !== NONE; c = this.t.next[c]) if (this.type(c) === 'virtual_specifier') return true;
    return false;
  }

  private ctorInits(n: number): CtorInit[] {
    const t = this.t;
    const out: CtorInit[] = [];
    for (const fi of t.named(n)) {
      if (this.type(fi) !== 'field_initializer') continue;
      const kids = t.named(fi);
      const nameNode = kids[0];
      const argsNode = kids[kids.length - 1];
      if (nameNode === undefined || argsNode === undefined || nameNode === argsNode) continue;
      let name = this.text(nameNode);
      name = name.replace(/<[\s\S]*$/, '').split('::').pop()!.trim();
      const args = this.type(argsNode) === 'argument_list' || this.type(argsNode) === 'initializer_list' ? t.named(argsNode).map((a) => this.expr(a)) : [];
      out.push({ name, args, s: t.start[fi], e: t.end[fi] });
    }
    return out;
  }

  private plainDeclaration(c: number, ctx: Ctx, inClass = false): void {
    const t = this.t;
    const typeNode = t.child(c, 'type');
    if (typeNode !== NONE) this.nestedTypeDecl(typeNode, ctx);
    const isStatic = this.hasKeyword(c, 'static');
    const isExtern = this.hasKeyword(c, 'extern');
    for (const dn of t.children(c, 'declarator')) {
      const d = this.declarator(dn);
      if (!d.name) continue;
      if (d.fn && !d.fnptr) {
        // A function declaration (prototype), or a constructor / destructor declared in a class.
        const fn = this.makeFunction(c, d, typeNode === NONE ? undefined : this.typeRef(typeNode, d), ctx, inClass);
        this.markDefaulted(c, fn);
        this.pushFunction(fn, ctx, inClass);
        continue;
      }
      const type = typeNode === NONE ? EMPTY_TYPE : this.typeRef(typeNode, d);
      if (inClass && ctx.cls) {
        ctx.cls.fields.push({ name: d.name, type, init: d.init ?? (d.ctorArgs ? d.ctorArgs[0] : undefined), isStatic, s: t.start[c], e: t.end[c] });
        continue;
      }
      const g: GlobalIR = { name: d.name, scope: [...ctx.scope, ...d.qual], type, init: d.init, isStatic, isExtern, s: t.start[c], e: t.end[c] };
      if (!g.init && d.ctorArgs) g.init = { k: 'init', items: d.ctorArgs, s: t.start[dn], e: t.end[dn] };
      this.out.globals.push(g);
    }
  }

  /** `struct X {...} x;` and `typedef struct _X {...} X;` declare the struct too. */
  private nestedTypeDecl(typeNode: number, ctx: Ctx): ClassIR | undefined {
    const ty = this.type(typeNode);
    if ((ty === 'struct_specifier' || ty === 'class_specifier' || ty === 'union_specifier') && this.t.child(typeNode, 'body') !== NONE) return this.classSpecifier(typeNode, ctx);
    if (ty === 'enum_specifier' && this.t.child(typeNode, 'body') !== NONE) this.enumSpecifier(typeNode, ctx);
    return undefined;
  }

  private typeDefinition(c: number, ctx: Ctx): void {
    const t = this.t;
    const typeNode = t.child(c, 'type');
    if (typeNode === NONE) return;
    const cls = this.nestedTypeDecl(typeNode, ctx);
    let renamed: string | undefined;
    for (const dn of t.children(c, 'declarator')) {
      const d = this.declarator(dn);
      if (!d.name) continue;
      const type = this.typeRef(typeNode, d);
      // An anonymous struct takes its (first) typedef's name.
      if (cls && cls.name.startsWith(ANON) && !renamed) {
        renamed = d.name;
        cls.name = d.name;
      }
      if (renamed && type.name.startsWith(ANON)) {
        type.name = renamed;
        type.text = type.text.replace(/struct\s*|__anon_\d+/g, '').trim() || renamed;
      }
      if (d.fn) type.fnptr = d.fn !== undefined;
      this.out.typedefs.push({ name: d.name, scope: ctx.scope, type, templateParams: ctx.templateParams, s: t.start[c], e: t.end[c] });
    }
  }

  private aliasDeclaration(c: number, ctx: Ctx): void {
    const t = this.t;
    const name = t.child(c, 'name');
    const ty = t.child(c, 'type');
    if (name === NONE || ty === NONE) return;
    const td: TypedefIR = { name: this.text(name), scope: ctx.scope, type: this.typeDescriptor(ty), templateParams: ctx.templateParams, s: t.start[c], e: t.end[c] };
    if (ctx.cls) td.scope = [...ctx.cls.scope, ctx.cls.name];
    this.out.typedefs.push(td);
  }

  private classSpecifier(c: number, ctx: Ctx): ClassIR {
    const t = this.t;
    const nameNode = t.child(c, 'name');
    const body = t.child(c, 'body');
    // An anonymous struct gets a name of its own (its field's type refers to it by the same name).
    let name = nameNode === NONE ? anonName(t.start[c]) : this.text(nameNode);
    let scope = ctx.cls ? [...ctx.cls.scope, ctx.cls.name] : ctx.scope;
    if (name.includes('::')) {
      const parts = name.split('::').map((x) => x.trim());
      name = parts.pop()!;
      scope = [...scope, ...parts];
    }
    name = name.replace(/<[\s\S]*$/, '').trim();
    const kind = this.type(c) === 'class_specifier' ? 'class' : this.type(c) === 'union_specifier' ? 'union' : 'struct';
    const cls: ClassIR = {
      name,
      scope,
      kind,
      templateParams: ctx.templateParams,
      bases: [],
      fields: [],
      methods: [],
      defined: body !== NONE,
      s: t.start[c],
      e: t.end[c],
      nameS: nameNode === NONE ? t.start[c] : t.start[nameNode],
      nameE: nameNode === NONE ? t.start[c] : t.end[nameNode],
    };
    const baseClause = this.firstOfType(c, ['base_class_clause']);
    if (baseClause !== NONE) cls.bases = this.bases(baseClause);
    this.out.classes.push(cls);
    if (body !== NONE) this.classBody(body, { scope, templateParams: [], cls, access: { now: kind === 'class' ? 'private' : 'public' } });
    return cls;
  }

  private bases(n: number): BaseIR[] {
    const out: BaseIR[] = [];
    let virt = false;
    for (let c = this.t.first[n]; c !== NONE; c = this.t.next[c]) {
      const ty = this.type(c);
      if (ty === 'virtual' || (ty === 'access_specifier' && false)) virt = true;
      if (ty === 'type_identifier' || ty === 'template_type' || ty === 'qualified_identifier') {
        out.push({ type: this.typeRef(c), isVirtual: virt });
        virt = false;
      }
    }
    return out;
  }

  private classBody(n: number, ctx: Ctx): void {
    const t = this.t;
    for (let c = t.first[n]; c !== NONE; c = t.next[c]) {
      switch (this.type(c)) {
        case 'access_specifier': {
          const a = this.text(c).replace(/:$/, '').trim();
          if (ctx.access && (a === 'public' || a === 'protected' || a === 'private')) ctx.access.now = a;
          break;
        }
        case 'function_definition':
          this.functionDefinition(c, ctx, true);
          break;
        case 'field_declaration':
          this.fieldDeclaration(c, ctx);
          break;
        case 'declaration':
          this.plainDeclaration(c, ctx, true);
          break;
        case 'template_declaration': {
          const params = this.templateParams(t.child(c, 'parameters'));
          const inner: Ctx = { ...ctx, templateParams: [...ctx.templateParams, ...params] };
          for (const x of t.named(c)) {
            if (x === t.child(c, 'parameters')) continue;
            if (this.type(x) === 'function_definition') this.functionDefinition(x, inner, true);
            else if (this.type(x) === 'field_declaration') this.fieldDeclaration(x, inner);
            else if (this.type(x) === 'declaration') this.plainDeclaration(x, inner, true);
            else this.declaration(x, { ...inner, scope: [...ctx.scope, ctx.cls!.name], cls: undefined });
          }
          break;
        }
        case 'alias_declaration':
          this.aliasDeclaration(c, ctx);
          break;
        case 'type_definition':
          this.typeDefinition(c, { ...ctx, scope: [...ctx.cls!.scope, ctx.cls!.name] });
          break;
        case 'class_specifier':
        case 'struct_specifier':
        case 'union_specifier':
          this.classSpecifier(c, ctx);
          break;
        case 'enum_specifier':
          this.enumSpecifier(c, { ...ctx, scope: [...ctx.cls!.scope, ctx.cls!.name] });
          break;
        case 'preproc_if':
        case 'preproc_ifdef':
        case 'preproc_else':
        case 'preproc_elif':
          this.classBody(c, ctx);
          break;
        case 'ERROR':
          this.noteError(c);
          this.classBody(c, ctx);
          break;
        default:
          break;
      }
    }
  }

  private fieldDeclaration(c: number, ctx: Ctx): void {
    const t = this.t;
    const typeNode = t.child(c, 'type');
    if (typeNode !== NONE) this.nestedTypeDecl(typeNode, ctx);
    const isStatic = this.hasKeyword(c, 'static');
    const dflt = t.child(c, 'default_value');
    for (const dn of t.children(c, 'declarator')) {
      const d = this.declarator(dn);
      if (!d.name) continue;
      if (d.fn && !d.fnptr) {
        const fn = this.makeFunction(c, d, typeNode === NONE ? undefined : this.typeRef(typeNode, d), ctx, true);
        if (dflt !== NONE && this.text(dflt).trim() === '0') fn.isPure = true;
        this.markDefaulted(c, fn);
        this.pushFunction(fn, ctx, true);
        continue;
      }
      const field: FieldIR = { name: d.name, type: typeNode === NONE ? EMPTY_TYPE : this.typeRef(typeNode, d), isStatic, s: t.start[c], e: t.end[c] };
      if (dflt !== NONE) field.init = this.type(dflt) === 'initializer_list' ? this.initItem(dflt) : this.expr(dflt);
      ctx.cls!.fields.push(field);
    }
  }

  private enumSpecifier(c: number, ctx: Ctx): void {
    const t = this.t;
    const body = t.child(c, 'body');
    if (body === NONE) return;
    const name = t.child(c, 'name');
    const e: EnumIR = { name: name === NONE ? undefined : this.text(name), scope: ctx.cls ? [...ctx.cls.scope, ctx.cls.name] : ctx.scope, values: [] };
    for (const en of t.named(body)) {
      if (this.type(en) !== 'enumerator') continue;
      const nm = t.child(en, 'name');
      const val = t.child(en, 'value');
      if (nm === NONE) continue;
      e.values.push({ name: this.text(nm), value: val === NONE ? undefined : this.expr(val), s: t.start[en], e: t.end[en] });
    }
    this.out.enums.push(e);
  }

  // ---- declarators and types ------------------------------------------------------------------------

  private declarator(n: number): Declarator {
    const t = this.t;
    const d: Declarator = { name: '', qual: [], nameS: t.start[n], nameE: t.start[n], ptr: 0, ref: false, array: false, fnptr: false, isDtor: false };
    let cur = n;
    let sawPointerInsideFn = false;
    for (let guard = 0; cur !== NONE && guard < 64; guard++) {
      const ty = this.type(cur);
      switch (ty) {
        case 'init_declarator': {
          const v = t.child(cur, 'value');
          if (v !== NONE) {
            const vt = this.type(v);
            if (vt === 'argument_list') d.ctorArgs = t.named(v).map((a) => this.expr(a));
            else if (vt === 'initializer_list') d.init = this.initItem(v);
            else d.init = this.expr(v);
          }
          cur = t.child(cur, 'declarator');
          continue;
        }
        case 'pointer_declarator':
          if (d.fn) sawPointerInsideFn = true;
          else d.ptr++;
          cur = t.child(cur, 'declarator');
          continue;
        case 'reference_declarator':
          d.ref = true;
          cur = t.named(cur)[0] ?? NONE;
          continue;
        case 'array_declarator':
          d.array = true;
          cur = t.child(cur, 'declarator');
          continue;
        case 'function_declarator': {
          if (d.fn) {
            // `R (*name)(params)` after an outer function declarator: a function returning a function pointer
            cur = t.child(cur, 'declarator');
            continue;
          }
          d.fn = this.params(t.child(cur, 'parameters'));
          d.fn.node = cur;
          cur = t.child(cur, 'declarator');
          continue;
        }
        case 'parenthesized_declarator':
        case 'attributed_declarator':
          cur = t.named(cur)[0] ?? NONE;
          continue;
        case 'qualified_identifier': {
          const scope = t.child(cur, 'scope');
          if (scope !== NONE) d.qual.push(this.text(scope).replace(/<[\s\S]*$/, '').trim());
          cur = t.child(cur, 'name');
          continue;
        }
        case 'destructor_name': {
          d.isDtor = true;
          const id = t.named(cur)[0];
          d.name = id !== undefined ? this.text(id) : this.text(cur).replace(/^~\s*/, '');
          d.nameS = t.start[cur];
          d.nameE = t.end[cur];
          cur = NONE;
          continue;
        }
        case 'template_function':
        case 'template_type': {
          const nm = t.child(cur, 'name');
          d.name = this.text(nm === NONE ? cur : nm);
          d.nameS = t.start[cur];
          d.nameE = t.end[cur];
          cur = NONE;
          continue;
        }
        case 'operator_cast': {
          // `operator T *() const`: a conversion operator; its parameters are in the abstract declarator.
          d.name = 'operator cast';
          d.nameS = t.start[cur];
          d.nameE = t.end[cur];
          const stack = [cur];
          while (stack.length) {
            const x = stack.pop()!;
            if (this.type(x) === 'parameter_list') {
              d.fn = { ...this.params(x), node: x };
              break;
            }
            for (let c = t.first[x]; c !== NONE; c = t.next[c]) stack.push(c);
          }
          d.fn ??= { params: [], variadic: false, node: cur };
          cur = NONE;
          continue;
        }
        case 'identifier':
        case 'field_identifier':
        case 'type_identifier':
        case 'operator_name':
        case 'namespace_identifier':
          d.name = this.text(cur).replace(/\s+/g, '');
          d.nameS = t.start[cur];
          d.nameE = t.end[cur];
          cur = NONE;
          continue;
        default:
          cur = NONE;
      }
    }
    if (sawPointerInsideFn) d.fnptr = true;
    return d;
  }

  private params(n: number): { params: ParamIR[]; variadic: boolean; node: number } {
    const t = this.t;
    const out: ParamIR[] = [];
    let variadic = false;
    if (n === NONE) return { params: out, variadic, node: NONE };
    for (let c = t.first[n]; c !== NONE; c = t.next[c]) {
      const ty = this.type(c);
      if (ty === 'variadic_parameter' || ty === '...' || ty === 'variadic_parameter_declaration') {
        variadic = true;
        continue;
      }
      if (ty !== 'parameter_declaration' && ty !== 'optional_parameter_declaration') continue;
      const typeNode = t.child(c, 'type');
      const dn = t.child(c, 'declarator');
      const d = dn === NONE ? undefined : this.declarator(dn);
      const type = typeNode === NONE ? EMPTY_TYPE : this.typeRef(typeNode, d);
      if (dn !== NONE && this.type(dn).startsWith('abstract_')) {
        type.ptr += this.abstractPointers(dn);
        if (/function/.test(this.type(dn)) || this.text(dn).includes('(')) type.fnptr = true;
      }
      // `void` alone means no parameters.
      if (type.text === 'void' && !d?.name && type.ptr === 0 && out.length === 0 && t.next[c] === NONE) continue;
      if (type.text === 'void' && !d?.name && type.ptr === 0) continue;
      const param: ParamIR = d?.name ? { name: d.name, type } : { type };
      const dv = ty === 'optional_parameter_declaration' ? t.child(c, 'default_value') : NONE;
      if (dv !== NONE) param.dflt = this.expr(dv);
      out.push(param);
    }
    return { params: out, variadic, node: n };
  }

  private abstractPointers(n: number): number {
    let k = 0;
    const stack = [n];
    while (stack.length) {
      const x = stack.pop()!;
      if (this.type(x) === 'abstract_pointer_declarator') k++;
      if (this.type(x) === 'parameter_list') continue;
      for (let c = this.t.first[x]; c !== NONE; c = this.t.next[c]) stack.push(c);
    }
    return k;
  }

  /** The type of a declaration's `type` node with its declarator's pointers, references and arrays. */
  private typeRef(n: number, d?: Declarator): TypeRef {
    const base = this.baseType(n);
    if (d) {
      base.ptr += d.ptr;
      base.ref = d.ref;
      if (d.array) base.array = true;
      if (d.fnptr) base.fnptr = true;
      if (d.ptr || d.ref || d.array) base.text = `${base.text}${'*'.repeat(d.ptr)}${d.ref ? '&' : ''}${d.array ? '[]' : ''}`;
    }
    return base;
  }

  private baseType(n: number): TypeRef {
    const t = this.t;
    const ty = this.type(n);
    const text = this.text(n).replace(/\s+/g, ' ').trim();
    switch (ty) {
      case 'template_type': {
        const nm = t.child(n, 'name');
        const argsNode = t.child(n, 'arguments');
        return { text, name: nm === NONE ? text : this.text(nm), scope: [], args: argsNode === NONE ? [] : this.templateArgs(argsNode), ptr: 0, ref: false };
      }
      case 'qualified_identifier': {
        const scopes: string[] = [];
        let cur = n;
        for (let guard = 0; guard < 16 && this.type(cur) === 'qualified_identifier'; guard++) {
          const sc = t.child(cur, 'scope');
          if (sc !== NONE) scopes.push(this.text(sc).replace(/<[\s\S]*$/, '').trim());
          cur = t.child(cur, 'name');
          if (cur === NONE) break;
        }
        const inner = cur === NONE ? { ...EMPTY_TYPE, text } : this.baseType(cur);
        return { ...inner, text, scope: [...scopes, ...inner.scope] };
      }
      case 'struct_specifier':
      case 'class_specifier':
      case 'union_specifier':
      case 'enum_specifier': {
        const nm = t.child(n, 'name');
        const name = nm === NONE ? (t.child(n, 'body') !== NONE ? anonName(t.start[n]) : '') : this.text(nm).split('::').pop()!.trim();
        const tag = ty === 'struct_specifier' ? 'struct' : ty === 'class_specifier' ? 'class' : ty === 'union_specifier' ? 'union' : 'enum';
        return { text: name ? `${tag} ${name}` : tag, name, scope: [], args: [], ptr: 0, ref: false, tag };
      }
      case 'type_descriptor':
        return this.typeDescriptor(n);
      case 'placeholder_type_specifier':
        return { text: 'auto', name: 'auto', scope: [], args: [], ptr: 0, ref: false };
      default:
        return { text, name: text.split('::').pop()!.trim(), scope: [], args: [], ptr: 0, ref: false };
    }
  }

  private typeDescriptor(n: number): TypeRef {
    const t = this.t;
    const tn = t.child(n, 'type');
    const base = tn === NONE ? { ...EMPTY_TYPE, text: this.text(n) } : this.baseType(tn);
    const dn = t.child(n, 'declarator');
    if (dn !== NONE) {
      base.ptr += this.abstractPointers(dn);
      if (/function/.test(this.type(dn)) || this.text(dn).includes('(')) base.fnptr = true;
      if (/reference/.test(this.type(dn))) base.ref = true;
    }
    base.text = this.text(n).replace(/\s+/g, ' ').trim();
    return base;
  }

  private templateArgs(n: number): TypeRef[] {
    const out: TypeRef[] = [];
    for (const a of this.t.named(n)) {
      if (this.type(a) === 'type_descriptor') out.push(this.typeDescriptor(a));
      else out.push({ text: this.text(a), name: this.text(a), scope: [], args: [], ptr: 0, ref: false });
    }
    return out;
  }

  // ---- statements -----------------------------------------------------------------------------------

  private block(n: number): Stmt & { k: 'block' } {
    const t = this.t;
    const body: Stmt[] = [];
    for (let c = t.first[n]; c !== NONE; c = t.next[c]) {
      if (!(t.flags[c] & 1) || this.type(c) === 'comment') continue;
      body.push(this.statement(c));
    }
    return { k: 'block', body, s: t.start[n], e: t.end[n] };
  }

  /** Statements and expressions nested deeper than this are left out (an unknown value, an empty statement). */
  private nesting = 0;

  private tooDeep(n: number): boolean {
    if (this.nesting < MAX_NESTING) return false;
    this.out.tooDeep ??= { s: this.t.start[n], e: this.t.end[n] };
    return true;
  }

  private statement(n: number): Stmt {
    if (this.tooDeep(n)) return { k: 'empty', s: this.t.start[n], e: this.t.end[n] };
    this.nesting++;
    try {
      return this.statementAt(n);
    } finally {
      this.nesting--;
    }
  }

  private statementAt(n: number): Stmt {
    const t = this.t;
    const s = t.start[n];
    const e = t.end[n];
    switch (this.type(n)) {
      case 'compound_statement':
        return this.block(n);
      case 'expression_statement': {
        const x = t.named(n)[0];
        return x === undefined ? { k: 'empty', s, e } : { k: 'expr', e0: this.expr(x), s, e };
      }
      case 'declaration':
        return this.localDeclaration(n);
      case 'if_statement': {
        const cond = t.child(n, 'condition');
        const cons = t.child(n, 'consequence');
        const alt = t.child(n, 'alternative');
        const c = this.condition(cond);
        const st: Stmt = { k: 'if', cond: c.cond, then: cons === NONE ? { k: 'empty', s, e } : this.statement(cons), s, e };
        if (c.init) st.init = c.init;
        if (c.decl) st.condDecl = c.decl;
        if (alt !== NONE) {
          const a = this.type(alt) === 'else_clause' ? t.named(alt)[0] : alt;
          if (a !== undefined) st.else = this.statement(a);
        }
        return st;
      }
      case 'while_statement': {
        const c = this.condition(t.child(n, 'condition'));
        const body = t.child(n, 'body');
        const st: Stmt = { k: 'while', cond: c.cond, body: body === NONE ? { k: 'empty', s, e } : this.statement(body), s, e };
        if (c.decl) st.condDecl = c.decl;
        return st;
      }
      case 'do_statement': {
        const body = t.child(n, 'body');
        const cond = t.child(n, 'condition');
        return { k: 'do', body: body === NONE ? { k: 'empty', s, e } : this.statement(body), cond: cond === NONE ? { k: 'unknown', s, e } : this.expr(cond), s, e };
      }
      case 'for_statement': {
        const init = t.child(n, 'initializer');
        const cond = t.child(n, 'condition');
        const upd = t.child(n, 'update');
        const body = t.child(n, 'body');
        const st: Stmt = { k: 'for', body: body === NONE ? { k: 'empty', s, e } : this.statement(body), s, e };
        if (init !== NONE) st.init = this.type(init) === 'declaration' ? this.localDeclaration(init) : { k: 'expr', e0: this.expr(init), s: t.start[init], e: t.end[init] };
        if (cond !== NONE) st.cond = this.expr(cond);
        if (upd !== NONE) st.update = this.expr(upd);
        return st;
      }
      case 'for_range_loop': {
        const typeNode = t.child(n, 'type');
        const dn = t.child(n, 'declarator');
        const right = t.child(n, 'right');
        const body = t.child(n, 'body');
        const d = dn === NONE ? undefined : this.declarator(dn);
        const decl: VarDecl = { name: d?.name ?? '', type: typeNode === NONE ? EMPTY_TYPE : this.typeRef(typeNode, d), s, e, nameS: d?.nameS ?? s, nameE: d?.nameE ?? s };
        return { k: 'range', decl, range: right === NONE ? { k: 'unknown', s, e } : this.expr(right), body: body === NONE ? { k: 'empty', s, e } : this.statement(body), s, e };
      }
      case 'switch_statement': {
        const c = this.condition(t.child(n, 'condition'));
        const body = t.child(n, 'body');
        return { k: 'switch', cond: c.cond, body: body === NONE ? { k: 'empty', s, e } : this.statement(body), s, e };
      }
      case 'case_statement': {
        const value = t.child(n, 'value');
        const body: Stmt[] = [];
        for (let c = t.first[n]; c !== NONE; c = t.next[c]) {
          if (c === value || !(t.flags[c] & 1) || this.type(c) === 'comment') continue;
          body.push(this.statement(c));
        }
        const st: Stmt = { k: 'case', body, s, e };
        if (value !== NONE) st.value = this.expr(value);
        return st;
      }
      case 'return_statement': {
        const x = t.named(n)[0];
        return x === undefined ? { k: 'return', s, e } : { k: 'return', value: this.type(x) === 'initializer_list' ? this.initItem(x) : this.expr(x), s, e };
      }
      case 'break_statement':
        return { k: 'break', s, e };
      case 'continue_statement':
        return { k: 'continue', s, e };
      case 'goto_statement': {
        const l = t.child(n, 'label');
        return { k: 'goto', label: l === NONE ? this.text(n).replace(/^goto\s+|;$/g, '').trim() : this.text(l), s, e };
      }
      case 'labeled_statement': {
        const l = t.child(n, 'label');
        const inner = t.named(n).filter((c) => c !== l);
        const st: Stmt = { k: 'label', name: l === NONE ? '' : this.text(l), s, e };
        if (inner.length) st.body = this.statement(inner[0]);
        return st;
      }
      case 'try_statement': {
        const body = t.child(n, 'body');
        const handlers: Stmt[] = [];
        for (const c of t.named(n)) {
          if (this.type(c) !== 'catch_clause') continue;
          const b = t.child(c, 'body');
          if (b !== NONE) handlers.push(this.block(b));
        }
        return { k: 'try', body: body === NONE ? { k: 'empty', s, e } : this.statement(body), handlers, s, e };
      }
      case 'throw_statement':
        return { k: 'throw', s, e };
      case 'type_definition':
      case 'alias_declaration':
      case 'static_assert_declaration':
      case 'using_declaration':
        return { k: 'empty', s, e };
      case 'ERROR':
        this.noteError(n);
        return { k: 'unknown', s, e };
      default:
        // A statement-like expression the grammar left bare, or a declaration form it does not name.
        if (t.flags[n] & 4) this.noteError(n);
        return { k: 'unknown', s, e };
    }
  }

  private condition(n: number): { cond: Expr; init?: Stmt; decl?: VarDecl } {
    const t = this.t;
    if (n === NONE) return { cond: { k: 'unknown', s: 0, e: 0 } };
    if (this.type(n) !== 'condition_clause') return { cond: this.expr(n) };
    const init = t.child(n, 'initializer');
    const value = t.child(n, 'value');
    const out: { cond: Expr; init?: Stmt; decl?: VarDecl } = { cond: { k: 'unknown', s: t.start[n], e: t.end[n] } };
    if (init !== NONE) {
      const inner = t.named(init)[0];
      if (inner !== undefined) out.init = this.type(inner) === 'declaration' ? this.localDeclaration(inner) : this.statement(inner);
    }
    if (value !== NONE) {
      if (this.type(value) === 'declaration') {
        const decl = this.localDeclaration(value);
        if (decl.k === 'decl' && decl.vars[0]) {
          out.decl = decl.vars[0];
          out.cond = { k: 'id', name: decl.vars[0].name, s: t.start[value], e: t.end[value] };
        }
      } else out.cond = this.expr(value);
    } else {
      const x = t.named(n).filter((c) => c !== init)[0];
      if (x !== undefined) out.cond = this.expr(x);
    }
    return out;
  }

  private localDeclaration(n: number): Stmt {
    const t = this.t;
    const typeNode = t.child(n, 'type');
    const vars: VarDecl[] = [];
    const isStatic = this.hasKeyword(n, 'static');
    for (const dn of t.children(n, 'declarator')) {
      const d = this.declarator(dn);
      if (!d.name || (d.fn && !d.fnptr)) continue; // a local function prototype declares nothing to run
      const v: VarDecl = { name: d.name, type: typeNode === NONE ? EMPTY_TYPE : this.typeRef(typeNode, d), s: t.start[dn], e: t.end[dn], nameS: d.nameS, nameE: d.nameE };
      if (d.init) v.init = d.init;
      if (d.ctorArgs) v.ctorArgs = d.ctorArgs;
      if (isStatic) v.isStatic = true;
      vars.push(v);
    }
    return { k: 'decl', vars, s: t.start[n], e: t.end[n] };
  }

  // ---- expressions ----------------------------------------------------------------------------------

  private initItem(n: number): Expr {
    const t = this.t;
    const items: Expr[] = [];
    const designators: (string | undefined)[] = [];
    let named = false;
    for (const c of t.named(n)) {
      if (this.type(c) === 'initializer_pair') {
        const des = t.child(c, 'designator');
        const val = t.child(c, 'value');
        designators.push(des === NONE ? undefined : this.text(des).replace(/^\./, '').trim());
        named = true;
        items.push(val === NONE ? { k: 'unknown', s: t.start[c], e: t.end[c] } : this.type(val) === 'initializer_list' ? this.initItem(val) : this.expr(val));
        continue;
      }
      designators.push(undefined);
      items.push(this.type(c) === 'initializer_list' ? this.initItem(c) : this.expr(c));
    }
    const e: Expr = { k: 'init', items, s: t.start[n], e: t.end[n] };
    if (named) e.designators = designators;
    return e;
  }

  private expr(n: number): Expr {
    if (this.tooDeep(n)) return { k: 'unknown', s: this.t.start[n], e: this.t.end[n] };
    this.nesting++;
    try {
      return this.exprAt(n);
    } finally {
      this.nesting--;
    }
  }

  private exprAt(n: number): Expr {
    const t = this.t;
    const s = t.start[n];
    const e = t.end[n];
    switch (this.type(n)) {
      case 'number_literal': {
        try {
          return { k: 'num', v: parseIntLiteral(this.text(n)), s, e };
        } catch {
          return { k: 'unknown', s, e };
        }
      }
      case 'char_literal': {
        const body = this.text(n).replace(/^[LuU8]*'/, '').replace(/'$/, '');
        return { k: 'num', v: body.startsWith('\\') ? 0 : body.charCodeAt(0) || 0, s, e };
      }
      case 'string_literal':
      case 'concatenated_string':
      case 'raw_string_literal':
        return { k: 'str', s, e };
      case 'true':
        return { k: 'bool', v: true, s, e };
      case 'false':
        return { k: 'bool', v: false, s, e };
      case 'null':
      case 'nullptr':
        return { k: 'null', s, e };
      case 'this':
        return { k: 'this', s, e };
      case 'identifier':
      case 'field_identifier':
      case 'namespace_identifier':
      case 'type_identifier':
        return { k: 'id', name: this.text(n), s, e };
      case 'qualified_identifier': {
        const scope: string[] = [];
        let stargs: TypeRef[] | undefined;
        let cur = n;
        for (let guard = 0; guard < 16 && cur !== NONE && this.type(cur) === 'qualified_identifier'; guard++) {
          const sc = t.child(cur, 'scope');
          if (sc !== NONE) {
            scope.push(this.text(sc).replace(/<[\s\S]*$/, '').trim());
            const a = this.type(sc) === 'template_type' ? t.child(sc, 'arguments') : NONE;
            stargs = a === NONE ? undefined : this.templateArgs(a);
          }
          cur = t.child(cur, 'name');
        }
        if (cur === NONE) return { k: 'unknown', s, e };
        const last = this.type(cur) === 'template_function' ? t.child(cur, 'name') : cur;
        const name = this.type(cur) === 'destructor_name' ? `~${this.text(cur).replace(/^~\s*/, '')}` : this.text(last === NONE ? cur : last);
        const q: Expr = { k: 'qid', scope, name, s, e };
        if (stargs) q.stargs = stargs;
        return q;
      }
      case 'template_function': {
        const nm = t.child(n, 'name');
        const args = t.child(n, 'arguments');
        return { k: 'tmpl', name: nm === NONE ? this.text(n) : this.text(nm), scope: [], targs: args === NONE ? [] : this.templateArgs(args), s, e };
      }
      case 'field_expression': {
        const obj = t.child(n, 'argument');
        const field = t.child(n, 'field');
        const op = t.child(n, 'operator');
        const arrow = op !== NONE ? this.text(op) === '->' : /->/.test(this.text(n).slice(obj === NONE ? 0 : t.end[obj] - s, field === NONE ? undefined : t.start[field] - s));
        let name = field === NONE ? '' : this.text(field);
        if (field !== NONE && this.type(field) === 'destructor_name') name = `~${name.replace(/^~\s*/, '')}`;
        if (field !== NONE && this.type(field) === 'template_method') name = this.text(t.child(field, 'name') === NONE ? field : t.child(field, 'name'));
        return { k: 'field', obj: obj === NONE ? { k: 'unknown', s, e } : this.expr(obj), name, arrow, s, e };
      }
      case 'subscript_expression': {
        const obj = t.child(n, 'argument');
        let idx = t.child(n, 'index');
        if (idx === NONE) {
          const il = t.child(n, 'indices');
          idx = il === NONE ? NONE : (t.named(il)[0] ?? NONE);
        }
        return { k: 'index', obj: obj === NONE ? { k: 'unknown', s, e } : this.expr(obj), index: idx === NONE ? { k: 'unknown', s, e } : this.expr(idx), s, e };
      }
      case 'call_expression': {
        const fn = t.child(n, 'function');
        const argsNode = t.child(n, 'arguments');
        const args = argsNode === NONE ? [] : t.named(argsNode).map((a) => (this.type(a) === 'initializer_list' ? this.initItem(a) : this.expr(a)));
        if (fn !== NONE && this.type(fn) === 'template_function') {
          const nm = this.text(t.child(fn, 'name') === NONE ? fn : t.child(fn, 'name'));
          const targsNode = t.child(fn, 'arguments');
          const targs = targsNode === NONE ? [] : this.templateArgs(targsNode);
          if (/^(static_cast|reinterpret_cast|const_cast|dynamic_cast|safe_cast)$/.test(nm) && args.length === 1) {
            return { k: 'cast', type: targs[0] ?? EMPTY_TYPE, arg: args[0], s, e };
          }
          return { k: 'call', fn: { k: 'id', name: nm, s: t.start[fn], e: t.end[fn] }, args, targs, s, e };
        }
        return { k: 'call', fn: fn === NONE ? { k: 'unknown', s, e } : this.expr(fn), args, s, e };
      }
      case 'pointer_expression':
      case 'unary_expression': {
        const op = t.child(n, 'operator');
        const arg = t.child(n, 'argument');
        return { k: 'unary', op: op === NONE ? this.text(n).trim()[0] : this.text(op), arg: arg === NONE ? { k: 'unknown', s, e } : this.expr(arg), s, e };
      }
      case 'binary_expression': {
        const l = t.child(n, 'left');
        const r = t.child(n, 'right');
        const op = t.child(n, 'operator');
        return { k: 'binary', op: op === NONE ? '?' : this.text(op), l: l === NONE ? { k: 'unknown', s, e } : this.expr(l), r: r === NONE ? { k: 'unknown', s, e } : this.expr(r), s, e };
      }
      case 'assignment_expression': {
        const l = t.child(n, 'left');
        const r = t.child(n, 'right');
        const op = t.child(n, 'operator');
        const right: Expr = r === NONE ? { k: 'unknown', s, e } : this.type(r) === 'initializer_list' ? this.initItem(r) : this.expr(r);
        return { k: 'assign', op: op === NONE ? '=' : this.text(op), l: l === NONE ? { k: 'unknown', s, e } : this.expr(l), r: right, s, e };
      }
      case 'update_expression': {
        const arg = t.child(n, 'argument');
        const op = t.child(n, 'operator');
        const opText = op === NONE ? (this.text(n).includes('++') ? '++' : '--') : this.text(op);
        const prefix = arg !== NONE && op !== NONE ? t.start[op] < t.start[arg] : /^\s*(\+\+|--)/.test(this.text(n));
        return { k: 'update', op: opText === '++' ? '++' : '--', prefix, arg: arg === NONE ? { k: 'unknown', s, e } : this.expr(arg), s, e };
      }
      case 'conditional_expression': {
        const c = t.child(n, 'condition');
        const a = t.child(n, 'consequence');
        const b = t.child(n, 'alternative');
        const u: Expr = { k: 'unknown', s, e };
        return { k: 'cond', c: c === NONE ? u : this.expr(c), t: a === NONE ? u : this.expr(a), f: b === NONE ? u : this.expr(b), s, e };
      }
      case 'cast_expression': {
        const ty = t.child(n, 'type');
        const v = t.child(n, 'value');
        return { k: 'cast', type: ty === NONE ? EMPTY_TYPE : this.typeDescriptor(ty), arg: v === NONE ? { k: 'unknown', s, e } : this.expr(v), s, e };
      }
      case 'parenthesized_expression': {
        const inner = t.named(n);
        if (inner.length === 1) return this.expr(inner[0]);
        return { k: 'unknown', s, e };
      }
      case 'comma_expression': {
        const l = t.child(n, 'left');
        const r = t.child(n, 'right');
        return { k: 'comma', l: l === NONE ? { k: 'unknown', s, e } : this.expr(l), r: r === NONE ? { k: 'unknown', s, e } : this.expr(r), s, e };
      }
      case 'sizeof_expression':
      case 'alignof_expression':
        return { k: 'sizeof', s, e };
      case 'offsetof_expression': {
        const ty = t.child(n, 'type');
        const m = t.child(n, 'member');
        return { k: 'offsetof', type: ty === NONE ? EMPTY_TYPE : this.typeDescriptor(ty), member: m === NONE ? '' : this.text(m), s, e };
      }
      case 'new_expression': {
        const ty = t.child(n, 'type');
        const args = t.child(n, 'arguments');
        const declarator = t.child(n, 'declarator');
        return {
          k: 'new',
          type: ty === NONE ? EMPTY_TYPE : this.baseType(ty),
          args: args === NONE ? [] : t.named(args).map((a) => this.expr(a)),
          array: declarator !== NONE,
          s,
          e,
        };
      }
      case 'delete_expression': {
        const arg = t.named(n)[0];
        return { k: 'delete', arg: arg === undefined ? { k: 'unknown', s, e } : this.expr(arg), array: /^delete\s*\[/.test(this.text(n)), s, e };
      }
      case 'lambda_expression':
        return this.lambda(n);
      case 'initializer_list':
        return this.initItem(n);
      case 'compound_literal_expression': {
        const v = t.child(n, 'value');
        return v === NONE ? { k: 'unknown', s, e } : this.expr(v);
      }
      case 'ERROR':
        this.noteError(n);
        return { k: 'unknown', s, e };
      default:
        return { k: 'unknown', s, e };
    }
  }

  private lambda(n: number): Expr {
    const t = this.t;
    const s = t.start[n];
    const e = t.end[n];
    const caps = t.child(n, 'captures');
    const decl = t.child(n, 'declarator');
    const body = t.child(n, 'body');
    const capText = caps === NONE ? '' : this.text(caps);
    const params = decl === NONE ? { params: [], variadic: false, node: NONE } : this.params(t.child(decl, 'parameters'));
    const fn: FunctionIR = {
      id: this.fnId++,
      name: '<lambda>',
      scope: [],
      written: [],
      params: params.params,
      variadic: params.variadic,
      ctorInits: [],
      isCtor: false,
      isDtor: false,
      isVirtual: false,
      isPure: false,
      isStatic: false,
      isOverride: false,
      inClass: false,
      templateParams: [],
      isLambda: true,
      s,
      e,
      nameS: s,
      nameE: s,
    };
    if (body !== NONE) fn.body = this.block(body);
    return { k: 'lambda', fn, byRef: /&/.test(capText) || /this/.test(capText), s, e };
  }
}
