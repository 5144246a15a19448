// The members of a protocol object that its other methods change while it lives (a count of advise
// connections, a state flag set by a method the client calls): at the start of a scenario they can hold
// anything. Members of class type (holders, containers) are not among them: the scenarios open no
// sub-objects, so collections start as the constructor leaves them.
import type { Expr, Stmt } from '../ir/types';
import type { ProtocolObject } from '../model/objects';
import type { FnDef, Program } from '../model/program';
import { walkStmt } from '../ir/walk';
import { interfaceDecl } from '../sdk/interfaces';

/** How a member changes during the object's life: where, and the constants it is set to (none: anything). */
export interface Mutation {
  where: string;
  /** Every assignment stores one of these constants (an enum state, a flag); absent: it can be anything. */
  constants?: { e: Expr; unit: FnDef['unit'] }[];
}

/** Member name → how the methods that run during the object's life change it. */
export function lifetimeMutations(program: Program, object: ProtocolObject, setup: ReadonlySet<FnDef>, calledAsMember?: (name: string) => boolean): Map<string, Mutation> {
  const out = new Map<string, Mutation>();
  const candidates = candidateFunctions(program, object, calledAsMember);
  const reached = reachable(program, object, candidates);
  const scalar = scalarMembers(program, object);
  for (const fn of candidates) {
    if (reached.has(fn) || setup.has(fn) || fn.ir.isCtor || fn.ir.isDtor || !fn.ir.body) continue;
    const selfNames = object.style === 'c' ? selfParams(program, object, fn) : new Set<string>();
    const locals = localNames(fn);
    const where = `${fn.cls ? `${fn.cls.name}::` : ''}${fn.ir.name}`;
    const note = (name: string | undefined, value?: Expr): void => {
      if (!name || !scalar.has(name)) return;
      const cur = out.get(name) ?? { where, constants: [] };
      if (value && isConstant(value) && cur.constants) cur.constants.push({ e: value, unit: fn.unit });
      else delete cur.constants;
      out.set(name, cur);
    };
    walkStmt(fn.ir.body, (e) => {
      if (e.k === 'assign') note(memberOf(e.l, object, selfNames, locals), e.op === '=' ? e.r : undefined);
      else if (e.k === 'update') note(memberOf(e.arg, object, selfNames, locals));
      else if (e.k === 'call') for (const a of e.args) if (a.k === 'unary' && a.op === '&') note(memberOf(a.arg, object, selfNames, locals));
      return true;
    });
  }
  return out;
}

/**
 * The code that can run on the object during its life: C++: its public methods (others call them: the methods
 * of the interfaces it implements, and those some code calls on an object) and the methods those call on
 * `this`; C: the functions that take the struct.
 */
function candidateFunctions(program: Program, object: ProtocolObject, calledAsMember?: (name: string) => boolean): FnDef[] {
  if (object.style === 'c') return program.allFunctions.filter((f) => f.ir.body && selfParams(program, object, f).size > 0);
  const classes = [...program.lineage(object.cls!), ...(object.iface ? program.lineage(object.iface.cls) : [])];
  const all = classes.flatMap((c) => [...c.methods.values()].flat()).filter((f) => f.ir.body);
  const byName = new Map<string, FnDef[]>();
  for (const f of all) byName.set(f.ir.name, [...(byName.get(f.ir.name) ?? []), f]);
  const interfaceMethods = new Set<string>();
  for (const c of classes) for (const a of program.ancestry(c)) for (const m of interfaceDecl(a)?.methods ?? []) interfaceMethods.add(m.name);
  const callable = (f: FnDef): boolean => interfaceMethods.has(f.ir.name) || !calledAsMember || calledAsMember(f.ir.name);
  const out = new Set(all.filter((f) => (f.ir.access === undefined || f.ir.access === 'public') && callable(f)));
  const queue = [...out];
  while (queue.length) {
    const f = queue.pop()!;
    walkStmt(f.ir.body!, (e) => {
      if (e.k !== 'call') return true;
      const onThis = e.fn.k === 'id' || e.fn.k === 'qid' || (e.fn.k === 'field' && e.fn.obj.k === 'this');
      const name = e.fn.k === 'id' || e.fn.k === 'qid' || e.fn.k === 'field' ? e.fn.name : undefined;
      if (!onThis || !name) return true;
      for (const g of byName.get(name) ?? []) {
        if (out.has(g)) continue;
        out.add(g);
        queue.push(g);
      }
      return true;
    });
  }
  return [...out];
}

function selfParams(program: Program, object: ProtocolObject, fn: FnDef): Set<string> {
  const out = new Set<string>();
  for (const p of fn.ir.params) {
    if (!p.name) continue;
    const r = program.resolveType(p.type, fn.unit.path);
    if (r.cls === object.struct && r.ptr >= 1) out.add(p.name);
  }
  return out;
}

function localNames(fn: FnDef): Set<string> {
  const out = new Set(fn.ir.params.map((p) => p.name).filter((n): n is string => !!n));
  const visit = (s: Stmt): void => {
    if (s.k === 'decl') for (const v of s.vars) out.add(v.name);
    if (s.k === 'block') s.body.forEach(visit);
    if (s.k === 'if') {
      visit(s.then);
      if (s.else) visit(s.else);
    }
    if (s.k === 'for' || s.k === 'while' || s.k === 'do' || s.k === 'range') visit(s.body);
  };
  if (fn.ir.body) visit(fn.ir.body);
  return out;
}

function memberOf(e: Expr, object: ProtocolObject, selfNames: ReadonlySet<string>, locals: ReadonlySet<string>): string | undefined {
  if (object.style === 'cpp') {
    if (e.k === 'id' && !locals.has(e.name)) return e.name;
    if (e.k === 'field' && e.obj.k === 'this') return e.name;
    return undefined;
  }
  if (e.k === 'field' && e.arrow && e.obj.k === 'id' && selfNames.has(e.obj.name)) return e.name;
  return undefined;
}

/** Scalar and pointer members (not embedded objects). */
function scalarMembers(program: Program, object: ProtocolObject): Set<string> {
  const cls = object.cls ?? object.struct!;
  const out = new Set<string>();
  for (const [name, { field, owner }] of program.fieldsOf(cls)) {
    if (field.type.ptr > 0 || field.type.fnptr) {
      out.add(name);
      continue;
    }
    const r = program.resolveType(field.type, owner.unit.path);
    if (r.ptr > 0 || r.fnptr || (!r.cls && !field.type.args.length && !r.iface)) out.add(name);
  }
  return out;
}

/** The functions the scenarios can run: the entry methods and what they call, by name. */
function reachable(program: Program, object: ProtocolObject, candidates: readonly FnDef[]): Set<FnDef> {
  const byName = new Map<string, FnDef[]>();
  for (const f of candidates) byName.set(f.ir.name, [...(byName.get(f.ir.name) ?? []), f]);
  const entries = ['Release', 'StoreLogoff', 'AddRef', 'Logoff', 'TransportLogoff', 'Shutdown', '~'];
  const queue: FnDef[] = entries.map((n) => object.methods.get(n)).filter((f): f is FnDef => !!f);
  for (const n of ['FinalRelease', ...entries]) for (const f of byName.get(n) ?? []) queue.push(f);
  if (object.cls) for (const c of program.lineage(object.cls)) for (const d of c.methods.get(`~${c.name}`) ?? []) queue.push(d);
  const seen = new Set<FnDef>();
  while (queue.length) {
    const f = queue.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (!f.ir.body) continue;
    walkStmt(f.ir.body, (e) => {
      if (e.k === 'call') {
        const name = e.fn.k === 'id' ? e.fn.name : e.fn.k === 'field' || e.fn.k === 'qid' ? e.fn.name : undefined;
        for (const g of (name && byName.get(name)) || []) queue.push(g);
        // Through any function of the sources (OBJ_Destroy takes the generic object, not the store's struct).
        for (const g of (name ? program.functions.get(name) : undefined) ?? []) queue.push(g);
      } else if (e.k === 'id') {
        // A function named as a value, or a table of functions (`rgfnNeuter[pobj->wType](pobj)`): it can run too.
        for (const g of program.functions.get(e.name) ?? []) queue.push(g);
        for (const gl of program.globals.get(e.name) ?? []) {
          if (!gl.ir.init) continue;
          walkStmt({ k: 'expr', e0: gl.ir.init, s: 0, e: 0 }, (x) => {
            if (x.k === 'id') for (const g of program.functions.get(x.name) ?? []) queue.push(g);
            return true;
          });
        }
      }
      return true;
    });
  }
  return seen;
}

/** A value that is the same whenever it is stored: a number, an enumerator, a named constant, a cast of one. */
function isConstant(e: Expr): boolean {
  if (e.k === 'num' || e.k === 'bool' || e.k === 'null' || e.k === 'qid' || e.k === 'id') return true;
  if (e.k === 'cast') return isConstant(e.arg);
  if (e.k === 'unary' && e.op === '-') return isConstant(e.arg);
  return false;
}
