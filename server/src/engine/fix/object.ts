// What fixes of any protocol object are made of (the store's and the logons'): where the object's code is
// (its methods, the C function that fills its struct), how the file names things (a member as a pointer or a
// holder with its own API, the object's parameter in C, NULL or nullptr), and edits that insert, wrap or move
// whole statements in the file's style, C89-safe (declarations stay first, new locals live in their own block),
// after parameter validation and inside the locks the code holds.
import type { Expr, Stmt } from '../ir/types';
import { walkStmt } from '../ir/walk';
import type { SupportMember } from '../mapi/run';
import type { FnDef } from '../model/program';
import type { Ev } from '../sim/state';
import type { Loc } from '../types';
import type { FileUnit } from '../unit';
import type { FixContext, TextEdit } from './fix';
import { sdkConstant } from '../mapi/constants';
import { functionAt, preOffset, statementAt, userRange, type StmtAt } from './locate';
import { block, detectStyle, indentAt, insertAt, lineStart, nextLineStart, replaceSpan, type Style } from './style';

/** The holder methods that release and null, per library holder (their real API). */
export const HOLDER_RELEASE: Record<string, string> = {
  CComPtr: 'Release',
  CComQIPtr: 'Release',
  CComPtrBase: 'Release',
  _com_ptr_t: 'Release',
  ComPtr: 'Reset',
  com_ptr: 'reset',
  unique_ptr: 'reset',
  shared_ptr: 'reset',
  object_ptr: 'reset',
};

const LOCK_CALL = /^(EnterCriticalSection|LeaveCriticalSection|pthread_mutex_lock|pthread_mutex_unlock|Lock|Unlock|lock|unlock|AcquireSRWLockExclusive|ReleaseSRWLockExclusive)$/;

/** The generic half of a rule's fix: one object (its context), its file styles, its members and places. */
export class ObjectFix {
  private readonly styles = new Map<string, Style>();

  constructor(readonly ctx: FixContext) {}

  get cpp(): boolean {
    return this.ctx.object.style === 'cpp';
  }

  /** The object's method as the sources define it (with a body). */
  method(name: string): FnDef | undefined {
    const m = this.ctx.object.methods.get(name);
    return m?.ir.body ? m : undefined;
  }

  style(unit: FileUnit): Style {
    let s = this.styles.get(unit.path);
    if (!s) this.styles.set(unit.path, (s = detectStyle(unit.text, unit.lang)));
    return s;
  }

  nullLit(unit: FileUnit): string {
    return this.style(unit).nullptr ? 'nullptr' : 'NULL';
  }

  trueLit(unit: FileUnit): string {
    return this.style(unit).winBool ? 'TRUE' : 'true';
  }

  falseLit(unit: FileUnit): string {
    return this.style(unit).winBool ? 'FALSE' : 'false';
  }

  /** The member that holds the support object (a plain pointer first). */
  support(): SupportMember | undefined {
    const ms = this.ctx.run.supportMembers;
    return ms.find((m) => !m.holder) ?? ms[0];
  }

  /** How code in `fn` names a member of the object: `m_x` in a C++ method, `pims->x` in C. */
  ref(fn: FnDef, member: string): string | undefined {
    if (this.cpp) return fn.cls ? member : undefined;
    const self = this.selfParam(fn);
    return self ? `${self}->${member}` : undefined;
  }

  /** C: the parameter (or local) of the function that points at the object's struct. */
  selfParam(fn: FnDef): string | undefined {
    const struct = this.ctx.object.struct;
    for (const p of fn.ir.params) {
      if (!p.name) continue;
      const r = this.ctx.program.resolveType(p.type, fn.unit.path);
      if (r.cls === struct && r.ptr >= 1) return p.name;
    }
    let local: string | undefined;
    for (const s of fn.ir.body?.body ?? []) {
      if (s.k !== 'decl') continue;
      for (const v of s.vars) {
        const r = this.ctx.program.resolveType(v.type, fn.unit.path);
        if (r.cls === struct && r.ptr >= 1) local ??= v.name;
      }
    }
    return local;
  }

  /** The statements that release the support member and forget it, as its type allows. */
  releaseStmts(fn: FnDef, m: SupportMember): string[] | undefined {
    const r = this.ref(fn, m.name);
    if (!r) return undefined;
    // C++: the member must be in scope where the fix writes it — a method of the class that declares it or of
    // one derived from it; a CRTP base's Release (`delete static_cast<D *>(this)`) cannot name D's members.
    if (this.cpp && !this.ctx.program.fieldsOf(fn.cls!).has(m.name)) return undefined;
    if (m.holder) {
      const method = m.holderInSources ? this.sourceHolderRelease(m.holder, fn) : HOLDER_RELEASE[m.holder];
      return method ? [`${r}.${method}();`] : undefined;
    }
    const st = this.style(fn.unit);
    const call = st.ulRelease ? `UlRelease(${r});` : this.cpp ? `${r}->Release();` : st.interfaceMacros ? `IMAPISupport_Release(${r});` : `${r}->lpVtbl->Release(${r});`;
    return [call, `${r} = ${this.nullLit(fn.unit)};`];
  }

  private sourceHolderRelease(holder: string, fn: FnDef): string | undefined {
    const cls = this.ctx.program.classNear(holder, fn.unit.path);
    if (!cls) return undefined;
    for (const name of ['reset', 'Reset', 'Release', 'release_and_null', 'clear']) {
      const m = this.ctx.program.findMethod(cls, name);
      if (m?.ir.body && m.ir.access !== 'private' && m.ir.access !== 'protected' && (name !== 'Release' || m.ir.params.length === 0)) return name;
    }
    return undefined;
  }

  // ---- places ---------------------------------------------------------------------------------------

  /** The statement at a place of a path event, in the function that holds it. */
  stmtAt(loc: Loc | undefined): { fn: FnDef; at: StmtAt } | undefined {
    if (!loc) return undefined;
    const fn = functionAt(this.ctx.program, loc);
    if (!fn?.ir.body) return undefined;
    const off = preOffset(fn.unit, loc);
    if (off === undefined) return undefined;
    const at = statementAt(fn.ir.body, off);
    return at ? { fn, at } : undefined;
  }

  /** The whole lines a statement occupies in the user's text, when it is the user's own and alone on them. */
  lines(unit: FileUnit, s: Stmt): { start: number; end: number; text: string } | undefined {
    // The user's text, or a whole macro use (`CHK(hr = …);`): a fix edits the use, never the expansion.
    const r = userRange(unit, s.s, s.e) ?? { start: unit.pre.map.toOriginal(s.s, 'start'), end: unit.pre.map.toOriginal(s.e, 'end') };
    if (r.end <= r.start) return undefined;
    const text = unit.text;
    const start = lineStart(text, r.start);
    const end = nextLineStart(text, r.end - 1 >= r.start ? r.end - 1 : r.end);
    if (text.slice(start, r.start).trim() || text.slice(r.end, end).replace(/\/\/[^\n]*/, '').replace(/\/\*.*?\*\//g, '').trim()) return undefined;
    return { start, end, text: text.slice(start, end) };
  }

  /** The user's text range of a statement (or of the whole macro use it is). */
  protected span(unit: FileUnit, s: Stmt): { start: number; end: number } | undefined {
    const r = userRange(unit, s.s, s.e) ?? { start: unit.pre.map.toOriginal(s.s, 'start'), end: unit.pre.map.toOriginal(s.e, 'end') };
    return r.end > r.start ? r : undefined;
  }

  /**
   * Lines inserted before a statement, at its indentation (inline, when it shares its line with other code).
   * Before the brace-less body of an `if` or a loop (`at.block` unset), the body becomes a block holding both.
   */
  insertBefore(unit: FileUnit, s: Stmt, body: (indent: string, st: Style) => string, at?: StmtAt): TextEdit | undefined {
    if (at && !at.block && at.stmt === s) return this.bracedWith(unit, s, body, 'before');
    const l = this.lines(unit, s);
    if (l) return insertAt(unit.path, unit.text, l.start, body(indentAt(unit.text, l.start), this.style(unit)));
    const r = this.span(unit, s);
    if (!r) return undefined;
    return insertAt(unit.path, unit.text, r.start, `${inline(body('', this.style(unit)))} `);
  }

  insertAfter(unit: FileUnit, s: Stmt, body: (indent: string, st: Style) => string, at?: StmtAt): TextEdit | undefined {
    if (at && !at.block && at.stmt === s) return this.bracedWith(unit, s, body, 'after');
    const l = this.lines(unit, s);
    if (l) return insertAt(unit.path, unit.text, l.end, body(indentAt(unit.text, l.start), this.style(unit)));
    const r = this.span(unit, s);
    if (!r) return undefined;
    return insertAt(unit.path, unit.text, r.end, ` ${inline(body('', this.style(unit)))}`);
  }

  /** A brace-less body replaced by a block of itself and new lines (`if (x)\n  a;` → `if (x)\n{\n  new;\n  a;\n}`). */
  protected bracedWith(unit: FileUnit, s: Stmt, body: (indent: string, st: Style) => string, where: 'before' | 'after'): TextEdit | undefined {
    const r = this.span(unit, s);
    if (!r) return undefined;
    const st = this.style(unit);
    const own = unit.text.slice(r.start, r.end);
    const l = this.lines(unit, s);
    if (!l) {
      const added = inline(body('', st));
      return replaceSpan(unit.path, unit.text, r.start, r.end, `{ ${where === 'before' ? `${added} ${own}` : `${own} ${added}`} }`);
    }
    // The body on its own line(s): a block at the indentation of the line that holds the `if`.
    const indent = indentAt(unit.text, l.start);
    const outer = indent.length >= st.unit.length && indent.endsWith(st.unit) ? indent.slice(0, indent.length - st.unit.length) : indent;
    const added = body('', st).split(/\r?\n/).filter((x) => x.trim());
    const inner = l.text.replace(/\r?\n$/, '').split(/\r?\n/).map((x) => x.replace(new RegExp(`^${escape(indent)}`), ''));
    const lines = where === 'before' ? [...added, ...inner] : [...inner, ...added];
    return replaceSpan(unit.path, unit.text, l.start, l.end, block(st, outer, '', lines));
  }

  /** Plain statement lines at an indentation. */
  static stmts(lines: readonly string[]): (indent: string, st: Style) => string {
    return (indent, st) => lines.map((l) => `${indent}${l}${st.eol}`).join('');
  }

  /**
   * Where new work goes at the start of a function: after its declarations (C89), its parameter validation
   * (an `if` that returns, a validation macro's call) and the locks it takes, before anything else.
   */
  bodyStart(fn: FnDef): Stmt | undefined {
    const body = fn.ir.body?.body ?? [];
    for (const s of body) {
      if (s.k === 'decl' || s.k === 'empty') continue;
      if (s.k === 'if' && returnsOnly(s.then) && !s.else) continue;
      if (s.k === 'block' && s.body.every((x) => x.k === 'expr' || x.k === 'decl' || (x.k === 'if' && returnsOnly(x.then)))) {
        // A validation macro's expansion `{ Validate_…(…); if (bad) return …; }`.
        if (s.body.some((x) => x.k === 'if')) continue;
      }
      if (s.k === 'expr' && isLockCall(s.e0)) continue;
      if (s.k === 'expr' && isValidationCall(s.e0)) continue;
      return s;
    }
    return undefined;
  }

  /** The user's text of an expression, as written. */
  rawText(fn: FnDef, e: Expr): string | undefined {
    const r = userRange(fn.unit, e.s, e.e) ?? { start: fn.unit.pre.map.toOriginal(e.s, 'start'), end: fn.unit.pre.map.toOriginal(e.e, 'end') };
    return r.end > r.start ? fn.unit.text.slice(r.start, r.end) : undefined;
  }

  /** The member an lvalue names in a function of the object (`m_x`, `this->m_x`, `pims->x`). */
  memberName(e: Expr, fn: FnDef): string | undefined {
    if (this.cpp) {
      if (e.k === 'id') return e.name;
      if (e.k === 'field' && e.obj.k === 'this') return e.name;
      return undefined;
    }
    const self = this.selfParam(fn);
    if (e.k === 'field' && e.arrow && e.obj.k === 'id' && e.obj.name === self) return e.name;
    return undefined;
  }

  /** The user's text of an expression with `this->` taken off (to compare member paths like `m_logoff.ulFlags`). */
  exprText(fn: FnDef, e: Expr): string | undefined {
    const r = userRange(fn.unit, e.s, e.e);
    return r ? fn.unit.text.slice(r.start, r.end).replace(/\s+/g, '').replace(/^this->/, '') : undefined;
  }

  /** A statement and the next one when that one forgets the same pointer (`p->Release(); p = NULL;`). */
  withNulling(unit: FileUnit, at: StmtAt, member: string, fn: FnDef): { start: number; end: number; text: string } | undefined {
    const l = this.lines(unit, at.stmt);
    if (!l || !at.block) return l;
    const next = at.block.body[at.index + 1];
    if (next?.k === 'expr' && next.e0.k === 'assign' && next.e0.op === '=' && constValue(next.e0.r) === 0 && this.memberName(next.e0.l, fn) === member) {
      const n = this.lines(unit, next);
      if (n && n.start === l.end) return { start: l.start, end: n.end, text: l.text + n.text };
    }
    return l;
  }

  /** The name for a new member: the first of the candidates the class or struct does not have. */
  freshMember(base: string): string {
    const cls = this.ctx.object.cls ?? this.ctx.object.struct!;
    const fields = this.ctx.program.fieldsOf(cls);
    let name = base;
    for (let k = 2; fields.has(name); k++) name = `${base}${k}`;
    return name;
  }

  /**
   * A new BOOL member, FALSE when the store is created: its declaration after the support member's (or the
   * last field), and its initial value in every constructor (C++) or where C code puts the vtable in place.
   */
  addFlagMember(name: string): TextEdit[] | undefined {
    const cls = this.ctx.object.cls ?? this.ctx.object.struct;
    if (!cls) return undefined;
    const unit = cls.unit;
    const fields = cls.ir.fields;
    const anchor = fields.find((f) => f.name === this.support()?.name) ?? fields[fields.length - 1];
    if (!anchor) return undefined;
    const type = this.style(unit).winBool ? 'BOOL' : 'bool';
    const decl = this.insertAfter(unit, { k: 'empty', s: anchor.s, e: anchor.e }, (indent, st) => `${indent}${type} ${name};${st.eol}`);
    if (!decl) return undefined;
    const edits = [decl];
    if (this.cpp) {
      const ctors = (this.ctx.object.cls!.methods.get(cls.name) ?? []).filter((d) => d.ir.isCtor && d.ir.body && !d.ir.isDefaulted);
      if (!ctors.length) {
        // No constructor: a default member initializer (C++11).
        edits[0] = this.insertAfter(unit, { k: 'empty', s: anchor.s, e: anchor.e }, (indent, st) => `${indent}${type} ${name} = ${this.falseLit(unit)};${st.eol}`)!;
        return edits;
      }
      for (const c of ctors) {
        const e = this.atBodyStartEdit(c, [`${name} = ${this.falseLit(c.unit)};`]);
        if (!e) return undefined;
        edits.push(e);
      }
      return edits;
    }
    // C: where the store's vtable is put in place.
    const init = this.vtableAssignment();
    if (!init) return undefined;
    const e = this.insertAfter(init.fn.unit, init.at.stmt, ObjectFix.stmts([`${init.target}->${name} = ${this.falseLit(init.fn.unit)};`]));
    if (!e) return undefined;
    edits.push(e);
    return edits;
  }

  /** C: the statement `x->lpVtbl = &vtbl` (or a macro use that expands to it) and the expression `x`. */
  vtableAssignment(): { fn: FnDef; at: StmtAt; target: string } | undefined {
    const vt = this.ctx.object.vtable?.ir.name;
    if (!vt) return undefined;
    for (const fn of this.ctx.program.allFunctions) {
      if (!fn.ir.body) continue;
      let hit: Expr | undefined;
      walkStmt(fn.ir.body, (e) => {
        if (e.k === 'assign' && e.l.k === 'field' && e.l.name === 'lpVtbl') {
          let mentions = false;
          walkStmt({ k: 'expr', e0: e.r, s: 0, e: 0 }, (x) => {
            if (x.k === 'id' && x.name === vt) mentions = true;
            return !mentions;
          });
          if (mentions) hit = e;
        }
        return !hit;
      });
      if (!hit || hit.k !== 'assign' || hit.l.k !== 'field') continue;
      const at = statementAt(fn.ir.body, hit.s);
      if (!at) continue;
      // The statement may be a macro's expansion: the use is what a fix can follow.
      const target = fn.unit.parsed.text.slice(hit.l.obj.s, hit.l.obj.e).replace(/[()\s]/g, '');
      const whole = this.lines(fn.unit, at.stmt) ? at : wholeStatementOfUse(fn, hit.s);
      if (!whole || !/^\w+$/.test(target)) continue;
      return { fn, at: whole, target };
    }
    return undefined;
  }

  /**
   * A new local: C++ declares it where it is first assigned; C89 code declares it after the function's leading
   * declarations. Returns the edit of the declaration (C) and the text of the first assignment.
   */
  newLocal(fn: FnDef, type: string, name: string, value: string): { decl?: TextEdit; assign: string } | undefined {
    if (fn.unit.lang === 'cpp') return { assign: `${type} ${name} = ${value};` };
    const body = fn.ir.body?.body ?? [];
    const decls = body.filter((x) => x.k === 'decl');
    const lastDecl = decls.length && body.indexOf(decls[decls.length - 1]) === decls.length - 1 ? decls[decls.length - 1] : undefined;
    const decl = lastDecl ? this.insertAfter(fn.unit, lastDecl, ObjectFix.stmts([`${type} ${name};`])) : body[0] ? this.insertBefore(fn.unit, body[0], ObjectFix.stmts([`${type} ${name};`])) : undefined;
    return decl ? { decl, assign: `${name} = ${value};` } : undefined;
  }

  /** The statement StoreLogoff (or another entry) returned through on the proving path. */
  returnStmt(entry: string): { fn: FnDef; at: StmtAt } | undefined {
    const fn = this.method(entry);
    let inEntry = false;
    let last: Ev | undefined;
    for (const e of this.ctx.events) {
      if (e.kind === 'scenario') inEntry = e.data?.step === entry;
      if (inEntry && e.kind === 'return' && e.loc && fn && e.loc.file === fn.unit.path) last = e;
    }
    const at = this.stmtAt(last?.loc);
    return at && at.fn === fn ? at : undefined;
  }

  /** An edit inserting statements where new work goes at the start of `fn`. */
  atBodyStartEdit(fn: FnDef, lines: readonly string[]): TextEdit | undefined {
    const first = this.bodyStart(fn);
    if (first) return this.insertBefore(fn.unit, first, ObjectFix.stmts(lines));
    // An empty body (or only declarations): before its closing brace.
    const body = fn.ir.body!;
    const r = userRange(fn.unit, body.e - 1, body.e);
    if (!r) return undefined;
    const text = fn.unit.text;
    const st = this.style(fn.unit);
    const start = lineStart(text, r.start);
    if (text.slice(start, r.start).trim()) {
      // `{ }` on one line: open it up.
      const indent = indentAt(text, r.start);
      return insertAt(fn.unit.path, text, r.start, `${st.eol}${lines.map((l) => `${indent}${st.unit}${l}${st.eol}`).join('')}${indent}`);
    }
    const indent = indentAt(text, start) + st.unit;
    return insertAt(fn.unit.path, text, start, lines.map((l) => `${indent}${l}${st.eol}`).join(''));
  }

  /** Edits wrapping a statement in `if (cond) { … }` plus extra statements inside, in the file's style. */
  wrap(unit: FileUnit, s: Stmt, cond: string, before: readonly string[], after: readonly string[] = []): TextEdit | undefined {
    const l = this.lines(unit, s);
    const st = this.style(unit);
    if (!l) {
      const r = this.span(unit, s);
      if (!r) return undefined;
      const own = unit.text.slice(r.start, r.end);
      return replaceSpan(unit.path, unit.text, r.start, r.end, `if (${cond}) { ${[...before, own, ...after].join(' ')} }`);
    }
    const indent = indentAt(unit.text, l.start);
    const inner = l.text.replace(/\r?\n$/, '').split(/\r?\n/).map((x) => x.replace(new RegExp(`^${escape(indent)}`), ''));
    return replaceSpan(unit.path, unit.text, l.start, l.end, block(st, indent, `if (${cond})`, [...before, ...inner, ...after]));
  }

  /** A new bare block of statements before `s` (C89: the block may open with declarations). */
  blockBefore(unit: FileUnit, s: Stmt, head: string, lines: readonly string[], at?: StmtAt): TextEdit | undefined {
    if (at && !at.block && at.stmt === s) return this.bracedWith(unit, s, (indent, st) => block(st, indent, head, lines), 'before');
    const l = this.lines(unit, s);
    if (!l) return undefined;
    const st = this.style(unit);
    return insertAt(unit.path, unit.text, l.start, block(st, indentAt(unit.text, l.start), head, lines));
  }

  /** Whether moving code from one statement of a block to another crosses a lock being taken or given back. */
  static crossesLock(blockBody: readonly Stmt[], from: number, to: number): boolean {
    const [a, b] = from < to ? [from, to] : [to, from];
    for (let i = a; i <= b; i++) {
      const s = blockBody[i];
      if (s?.k === 'expr' && isLockCall(s.e0)) return true;
    }
    return false;
  }
}

/** The value of a constant expression (numbers, TRUE/true, casts, unary minus, | and &), or undefined. */
export function constValue(e: Expr): number | undefined {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'bool':
      return e.v ? 1 : 0;
    case 'null':
      return 0;
    case 'id':
      return /^(true)$/.test(e.name) ? 1 : /^(false)$/.test(e.name) ? 0 : sdkConstant(e.name);
    case 'cast':
      return constValue(e.arg);
    case 'unary': {
      const v = constValue(e.arg);
      return v === undefined ? undefined : e.op === '-' ? -v : e.op === '~' ? ~v : e.op === '!' ? (v ? 0 : 1) : v;
    }
    case 'binary': {
      const a = constValue(e.l);
      const b = constValue(e.r);
      if (a === undefined || b === undefined) return undefined;
      return e.op === '|' ? a | b : e.op === '&' ? a & b : e.op === '+' ? a + b : undefined;
    }
    default:
      return undefined;
  }
}

function returnsOnly(s: Stmt): boolean {
  if (s.k === 'return') return true;
  if (s.k === 'block') return s.body.length > 0 && s.body.every((x) => x.k === 'return' || x.k === 'expr') && s.body.some((x) => x.k === 'return');
  return false;
}

function callName(e: Expr): string | undefined {
  if (e.k !== 'call') return undefined;
  const f = e.fn;
  return f.k === 'id' || f.k === 'qid' || f.k === 'field' ? f.name : undefined;
}

export function isLockCall(e: Expr): boolean {
  const n = callName(e);
  return !!n && LOCK_CALL.test(n);
}

function isValidationCall(e: Expr): boolean {
  const n = callName(e);
  return !!n && /^(Validate_|CheckParameters_|ValidateParameters|CheckParameters|AssertSz|Assert|ASSERT|assert|DebugTrace|TRACE)/.test(n);
}

/** When a macro's expansion holds the expression, the statement the macro's use is. */
function wholeStatementOfUse(fn: FnDef, off: number): StmtAt | undefined {
  const use = fn.unit.pre.map.macroAt(off);
  if (!use || !fn.ir.body) return undefined;
  for (const s of fn.ir.body.body) {
    const a = fn.unit.pre.map.toOriginal(s.s, 'start');
    const b = fn.unit.pre.map.toOriginal(s.e, 'end');
    if (a <= use.start && b >= use.end) return { stmt: s, block: fn.ir.body, index: fn.ir.body.body.indexOf(s), ancestors: [fn.ir.body] };
  }
  return undefined;
}

/** Statement lines as one line of text. */
function inline(text: string): string {
  return text
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean)
    .join(' ');
}

function escape(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
