// What the provider family's fixes are made of, on top of what every object's fix is (fix/object.ts): the
// logon's logoff method (Logoff, TransportLogoff) and its final Release and destructor, the functions a path ran
// while the logon was shut down, the members that keep the objects it handed out (the status object, the
// sub-objects, in a pointer, a container or a C array with its count), releases of them in the file's idiom,
// and edits that append statements at the end of a function or move a statement (with the comment above it)
// within its block.
import type { Expr, FieldIR, Stmt, TypeRef } from '../../ir/types';
import { walkStmt } from '../../ir/walk';
import type { FnDef } from '../../model/program';
import type { Ev } from '../../sim/state';
import type { Loc } from '../../types';
import type { FileUnit } from '../../unit';
import { locOf } from '../../unit';
import type { TextEdit } from '../../fix/fix';
import { HOLDER_RELEASE, ObjectFix, constValue } from '../../fix/object';
import { preOffset, statementAt, userRange, type StmtAt } from '../../fix/locate';
import { block, detectCodeStyle, indentAt, insertAt, lineStart, nextLineStart, replaceSpan, type Style } from '../../fix/style';
import { LOGOFF_OF } from '../family/events';

/** Standard containers a logon may keep the objects it handed out in. */
const CONTAINERS = /^(vector|list|deque|set|unordered_set|CAtlList|CAtlArray)$/;

/** A member that keeps an object the logon handed out. */
export type KeptMember =
  | { kind: 'pointer'; name: string; type: TypeRef; holder?: string }
  | { kind: 'container'; name: string; type: TypeRef; element: string }
  | { kind: 'array'; name: string; count: string };

/** A statement of a function and the chain of statements around it, outermost (the body) first. */
export interface Anchor {
  fn: FnDef;
  at: StmtAt;
  chain: Stmt[];
}

export class LogonFix extends ObjectFix {
  private readonly codeStyles = new Map<string, Style>();

  /** The file's style as its code shows it (fix/style.ts detectCodeStyle). */
  override style(unit: FileUnit): Style {
    let s = this.codeStyles.get(unit.path);
    if (!s) this.codeStyles.set(unit.path, (s = detectCodeStyle(unit.text, unit.lang)));
    return s;
  }

  /** The name of the logon's logoff method. */
  get logoffName(): string {
    return LOGOFF_OF[this.ctx.object.kind] ?? 'Logoff';
  }

  /** The logoff method (Logoff, TransportLogoff) as the sources define it. */
  logoff(): FnDef | undefined {
    const fn = this.method(this.logoffName);
    return fn && this.own(fn) ? fn : undefined;
  }

  /** The destructor of the logon's own class (C++). */
  dtor(): FnDef | undefined {
    const fn = this.cpp ? this.method('~') : undefined;
    return fn && fn.cls === this.ctx.object.cls ? fn : undefined;
  }

  /** A method of the logon that code of the logon's class (or C struct) may name the members in. */
  own(fn: FnDef): boolean {
    if (!this.cpp) return !!this.selfParam(fn);
    const cls = this.ctx.object.cls;
    return !!fn.cls && !!cls && (fn.cls === cls || this.ctx.program.lineage(cls).includes(fn.cls));
  }

  private byName?: Map<string, FnDef>;

  /** The function whose definition an `enter` event names (by the place of its name). */
  enteredFn(ev: Ev): FnDef | undefined {
    if (ev.kind !== 'enter' || !ev.loc) return undefined;
    if (!this.byName) {
      this.byName = new Map();
      for (const f of this.ctx.program.allFunctions) {
        if (!f.ir.body) continue;
        const l = locOf(f.unit, f.ir.nameS, f.ir.nameE);
        this.byName.set(`${f.unit.path}:${l.range.startLine}:${l.range.startCol}`, f);
      }
    }
    return this.byName.get(`${ev.loc.file}:${ev.loc.range.startLine}:${ev.loc.range.startCol}`);
  }

  /** The functions a path ran from its first logoff or MAPI Release of the logon on, in the order first entered. */
  shutdownFns(events: readonly Ev[] = this.ctx.events): FnDef[] {
    const out: FnDef[] = [];
    let on = false;
    for (const e of events) {
      if (e.kind === 'scenario' && e.data?.family && (e.data.step === 'logoff' || e.data.step === 'release' || e.data.step === 'session-end')) on = true;
      if (!on || e.kind !== 'enter') continue;
      const fn = this.enteredFn(e);
      if (fn && !out.includes(fn)) out.push(fn);
    }
    return out;
  }

  /** Events of every path of every scenario of the logon. */
  allEvents(): Ev[][] {
    return this.ctx.run.runs.flatMap((r) => r.paths.map((p) => p.events));
  }

  // ---- members ------------------------------------------------------------------------------------

  /** The fields of the logon's class or struct. */
  fields(): FieldIR[] {
    const o = this.ctx.object;
    if (o.cls) return [...this.ctx.program.fieldsOf(o.cls).values()].map((x) => x.field);
    return o.struct?.ir.fields ?? [];
  }

  field(name: string): FieldIR | undefined {
    return this.fields().find((f) => f.name === name);
  }

  /** The member an expression names, casts and `&`/parentheses taken off (`(LPMAPISTATUS)lpxpl->lpStatus`). */
  memberOf(e: Expr, fn: FnDef): string | undefined {
    let x = e;
    for (let guard = 0; guard < 8 && x.k === 'cast'; guard++) x = x.arg;
    return this.memberName(x, fn);
  }

  /** The member the logon's `method` hands out through its out-parameter (`*lppEntry = m_lpStatus`). */
  handedOut(method: string): KeptMember | undefined {
    const fn = this.method(method);
    if (!fn?.ir.body || !this.own(fn)) return undefined;
    const out = fn.ir.params[fn.ir.params.length - 1]?.name;
    let found: string | undefined;
    walkStmt(fn.ir.body, (e) => {
      if (e.k === 'assign' && e.op === '=' && e.l.k === 'unary' && e.l.op === '*' && e.l.arg.k === 'id' && e.l.arg.name === out) found ??= this.memberOf(e.r, fn);
      return !found;
    });
    return found ? this.kept(found) : undefined;
  }

  /** A member as a kept reference: a pointer (or a holder), a container of pointers. */
  kept(name: string): KeptMember | undefined {
    const f = this.field(name);
    if (!f) return undefined;
    const t = f.type;
    if (HOLDER_RELEASE[t.name] && t.args.length) return { kind: 'pointer', name, type: t, holder: t.name };
    if (t.ptr >= 1 || /^(LP|P)[A-Z]/.test(t.name)) return { kind: 'pointer', name, type: t };
    if (CONTAINERS.test(t.name) && t.args[0] && (t.args[0].ptr >= 1 || /^(LP|P)[A-Z]/.test(t.args[0].name))) return { kind: 'container', name, type: t, element: t.args[0].text };
    return undefined;
  }

  /**
   * The members in which OpenEntry keeps the objects it hands out: the one it hands out itself (a cached root
   * container), a container it adds them to (`m_open.push_back(p)`), a C array it fills (`a[n++] = p`).
   */
  openMembers(): KeptMember[] {
    const fn = this.method('OpenEntry');
    const out: KeptMember[] = [];
    if (!fn?.ir.body || !this.own(fn)) return out;
    const direct = this.handedOut('OpenEntry');
    if (direct) out.push(direct);
    walkStmt(fn.ir.body, (e) => {
      if (e.k === 'call' && e.fn.k === 'field' && /^(push_back|push_front|emplace_back|insert|AddTail|Add)$/.test(e.fn.name)) {
        const m = this.memberOf(e.fn.obj, fn);
        const k = m ? this.kept(m) : undefined;
        if (k?.kind === 'container' && !out.some((x) => x.name === k.name)) out.push(k);
      }
      if (e.k === 'assign' && e.op === '=' && e.l.k === 'index' && e.l.index.k === 'update' && e.l.index.op === '++' && !e.l.index.prefix) {
        const arr = this.memberOf(e.l.obj, fn);
        const count = this.memberOf(e.l.index.arg, fn);
        if (arr && count && !out.some((x) => x.name === arr)) out.push({ kind: 'array', name: arr, count });
      }
      return true;
    });
    return out;
  }

  /**
   * The call that releases one reference of an interface pointer `r` (an expression naming a member) in the
   * file's idiom: `r->Release()` in C++; in C the function the logon's code already releases that member (or
   * one like it) with (`ABS_Release(r)`, `UlRelease(r)`), else the call through the vtable.
   */
  releaseCall(fn: FnDef, r: string, member: string): string {
    if (this.cpp) return this.style(fn.unit).ulRelease ? `UlRelease(${r})` : `${r}->Release()`;
    const callee = this.releaseFunctionOf(member);
    if (callee) return `${callee}(${r})`;
    return this.style(fn.unit).ulRelease ? `UlRelease(${r})` : `${r}->lpVtbl->Release(${r})`;
  }

  /** C: the function the sources release a member with (`X_Release(p->member)`, `X_Release(p->member[i])`). */
  releaseFunctionOf(member: string): string | undefined {
    let callee: string | undefined;
    for (const f of this.ctx.program.allFunctions) {
      if (!f.ir.body || callee) continue;
      walkStmt(f.ir.body, (e) => {
        if (e.k === 'call' && e.fn.k === 'id' && /Release$/.test(e.fn.name) && e.args.length === 1) {
          let a = e.args[0];
          while (a.k === 'cast') a = a.arg;
          if (a.k === 'index') a = a.obj;
          if (a.k === 'field' && a.name === member) callee = e.fn.name;
        }
        return !callee;
      });
    }
    if (callee) return callee;
    // Else the C object's own `X_Release(LPX)` (its vtable's Release), for the member's type.
    const f = this.field(member);
    const file = this.ctx.object.loc.file;
    const cls = f ? this.ctx.program.resolveType(f.type, file).cls : undefined;
    if (!cls) return undefined;
    for (const g of this.ctx.program.allFunctions) {
      const p0 = g.ir.params[0];
      if (!g.ir.body || g.ir.params.length !== 1 || !/_Release$/.test(g.ir.name) || !p0) continue;
      const r = this.ctx.program.resolveType(p0.type, g.unit.path);
      if (r.cls === cls && r.ptr === 1) return g.ir.name;
    }
    return undefined;
  }

  /** Statements that release a kept member and forget it, guarded when it may be empty (`if (p) { … }`). */
  releaseKept(fn: FnDef, m: KeptMember): { lines: string[]; guard?: string } | undefined {
    const r = this.ref(fn, m.name);
    if (!r) return undefined;
    // C++: the member must be in scope where the fix writes it (a method of the class that has it).
    if (this.cpp && !this.ctx.program.fieldsOf(fn.cls!).has(m.name)) return undefined;
    if (m.kind === 'pointer') {
      if (m.holder) return { lines: [`${r}.${HOLDER_RELEASE[m.holder]}();`] };
      return { lines: [`${this.releaseCall(fn, r, m.name)};`, `${r} = ${this.nullLit(fn.unit)};`], guard: `if (${r})` };
    }
    if (m.kind === 'container') {
      if (!this.cpp) return undefined;
      const text = fn.unit.text;
      const lp = (text.match(/\blp[A-Z]\w*/g) ?? []).length >= (text.match(/\bp[A-Z]\w*/g) ?? []).length;
      const v = this.freshLocal(fn, lp ? 'lpObj' : 'pObj');
      return { lines: [`for (${m.element.replace(/\s*\*$/, ' *')}${v} : ${r})`, `${this.style(fn.unit).unit}${v}->Release();`, `${r}.clear();`] };
    }
    const count = this.ref(fn, m.count);
    if (!count) return undefined;
    return { lines: [`for (#I; #i < ${count}; #i++)`, `${this.style(fn.unit).unit}${this.releaseCall(fn, `${r}[#i]`, m.name)};`, `${count} = 0;`] };
  }

  /** A local name the function does not use yet. */
  freshLocal(fn: FnDef, base: string): string {
    const text = fn.unit.parsed.text.slice(fn.ir.s, fn.ir.e);
    let name = base;
    for (let k = 2; new RegExp(`\\b${name}\\b`).test(text); k++) name = `${base}${k}`;
    return name;
  }

  /**
   * Statement lines made ready for `fn`: a loop counter they name as `#i` (`#I` where it is set to 0) gets a fresh
   * name — declared in the `for` in C++, with the function's leading declarations in C (C89).
   */
  private prepared(fn: FnDef, lines: readonly string[]): { lines: readonly string[]; decl?: { at: number; text: string } } | undefined {
    if (!lines.some((l) => l.includes('#i'))) return { lines };
    const name = this.freshLocal(fn, 'i');
    const cpp = fn.unit.lang === 'cpp';
    const out = lines.map((l) => l.replace(/#I/g, cpp ? `ULONG ${name} = 0` : `${name} = 0`).replace(/#i/g, name));
    if (cpp) return { lines: out };
    const decl = this.declareLocal(fn, 'ULONG', name);
    return decl ? { lines: out, decl } : undefined;
  }

  /** Edits inserting `text` at `at`, with a new declaration in front of the function's code (one edit where both go at one place). */
  private withDecl(fn: FnDef, at: number, text: string, decl?: { at: number; text: string }): TextEdit[] {
    const u = fn.unit;
    if (!decl) return [insertAt(u.path, u.text, at, text)];
    if (decl.at === at) return [insertAt(u.path, u.text, at, decl.text + text)];
    return [insertAt(u.path, u.text, decl.at, decl.text), insertAt(u.path, u.text, at, text)];
  }

  /** The edits that put statement lines at the end of a function (before its final `return`); a guard makes them a block. */
  atEnd(fn: FnDef, lines: readonly string[], guard?: string): TextEdit[] | undefined {
    const body = fn.ir.body;
    const p = body ? this.prepared(fn, lines) : undefined;
    if (!body || !p) return undefined;
    const st = this.style(fn.unit);
    const render = (indent: string): string => (guard ? block(st, indent, guard, p.lines) : p.lines.map((l) => `${indent}${l}${st.eol}`).join(''));
    const stmts = body.body;
    const last = stmts[stmts.length - 1];
    if (!last) {
      if (guard || p.decl) return undefined;
      const e = this.atBodyStartEdit(fn, p.lines);
      return e ? [e] : undefined;
    }
    const l = this.lines(fn.unit, last);
    if (!l) return undefined;
    const indent = indentAt(fn.unit.text, l.start);
    return this.withDecl(fn, last.k === 'return' ? l.start : l.end, render(indent), p.decl);
  }

  /** Lines inserted before a statement of a function (and the comment above it, unless `tight`); a guard makes them a block. */
  before(fn: FnDef, s: Stmt, lines: readonly string[], guard?: string, tight = false): TextEdit[] | undefined {
    const own = this.lines(fn.unit, s);
    const l = tight ? own : this.withComment(fn.unit, s);
    const p = l ? this.prepared(fn, lines) : undefined;
    if (!own || !l || !p) return undefined;
    const st = this.style(fn.unit);
    const indent = indentAt(fn.unit.text, own.start);
    return this.withDecl(fn, l.start, guard ? block(st, indent, guard, p.lines) : p.lines.map((x) => `${indent}${x}${st.eol}`).join(''), p.decl);
  }

  /** The top-level statement of the logoff method through which it releases the support object, on some path. */
  supportReleaseStatement(logoff: FnDef): Stmt | undefined {
    for (const events of [this.ctx.events, ...this.allEvents()]) {
      for (const { ev } of this.supportReleases(events)) {
        if (ev.data?.entry !== this.logoffName) continue;
        const a = this.anchorIn(logoff, ev.loc!);
        if (a && a.chain[1]) return a.chain[1];
      }
    }
    return undefined;
  }

  /** The statement that destroys the logon (`delete this`, the C free), from a path's destroy event. */
  destroyStmt(): { fn: FnDef; at: StmtAt } | undefined {
    for (const events of [this.ctx.events, ...this.allEvents()]) {
      const ev = [...events].reverse().find((e) => e.kind === 'destroy' && e.data?.tracked === 'logon' && e.loc);
      const at = ev ? this.stmtAt(ev.loc) : undefined;
      if (at) return at;
    }
    return undefined;
  }

  /** C: where a new local's declaration goes — after the function's leading declarations, or, with none, first (a blank line after it). */
  declareLocal(fn: FnDef, type: string, name: string): { at: number; text: string } | undefined {
    const body = fn.ir.body?.body ?? [];
    const st = this.style(fn.unit);
    let n = 0;
    while (n < body.length && body[n].k === 'decl') n++;
    if (n > 0) {
      const l = this.lines(fn.unit, body[n - 1]);
      return l ? { at: l.end, text: `${indentAt(fn.unit.text, l.start)}${type} ${name};${st.eol}` } : undefined;
    }
    const first = body[0];
    const l = first ? this.withComment(fn.unit, first) : undefined;
    const own = first ? this.lines(fn.unit, first) : undefined;
    return l && own ? { at: l.start, text: `${indentAt(fn.unit.text, own.start)}${type} ${name};${st.eol}${st.eol}` } : undefined;
  }

  /**
   * The statements of `fn` that release the support member, read from the code (a path may not reach them):
   * `p->Release()`, `p->lpVtbl->Release(p)`, `IMAPISupport_Release(p)`, `UlRelease(p)`, with `p` the member or a
   * local the function copied it to.
   */
  supportReleasesIn(fn: FnDef, member: string): Stmt[] {
    const body = fn.ir.body;
    if (!body) return [];
    const copies = new Set<string>();
    walkStmt(body, (e) => {
      if (e.k === 'assign' && e.op === '=' && e.l.k === 'id' && this.memberOf(e.r, fn) === member) copies.add(e.l.name);
      return true;
    });
    for (const s of allStatements(body)) if (s.k === 'decl') for (const v of s.vars) if (v.init && this.memberOf(v.init, fn) === member) copies.add(v.name);
    const names = (x: Expr): boolean => {
      let y = x;
      while (y.k === 'cast') y = y.arg;
      return this.memberName(y, fn) === member || (y.k === 'id' && copies.has(y.name));
    };
    return allStatements(body).filter((s) => {
      if (s.k !== 'expr' || s.e0.k !== 'call') return false;
      const c = s.e0;
      if (c.fn.k === 'field' && c.fn.name === 'Release') return c.fn.obj.k === 'field' && c.fn.obj.name === 'lpVtbl' ? !!c.args[0] && names(c.args[0]) : names(c.fn.obj);
      if (c.fn.k === 'id' && /^(IMAPISupport_Release|UlRelease)$/.test(c.fn.name)) return !!c.args[0] && names(c.args[0]);
      // A macro's expansion (`IMAPISupport_Release(p)` → `(p)->lpVtbl->Release(p)`) is read as written.
      return false;
    });
  }

  // ---- places on the path -------------------------------------------------------------------------

  /** The support releases of the logon (the first logon) on a path: the events and their places. */
  supportReleases(events: readonly Ev[]): { ev: Ev; index: number }[] {
    const out: { ev: Ev; index: number }[] = [];
    events.forEach((ev, index) => {
      if (ev.kind === 'support-release' && ev.loc && (ev.data?.logon ?? 1) === 1) out.push({ ev, index });
    });
    return out;
  }

  /** The statement of `fn` that holds a place, or that calls (through helpers, a few levels deep) the function that holds it. */
  anchorIn(fn: FnDef, loc: Loc): Anchor | undefined {
    const body = fn.ir.body;
    if (!body) return undefined;
    const target = this.stmtAt(loc);
    if (!target) return undefined;
    let off: number | undefined;
    if (target.fn === fn) off = preOffset(fn.unit, loc);
    else {
      const call = this.callToward(fn, target.fn, 3);
      off = call?.s;
    }
    if (off === undefined) return undefined;
    const at = statementAt(body, off);
    return at ? { fn, at, chain: [...at.ancestors, at.stmt] } : undefined;
  }

  /** The first call in `fn` whose callee is `target` or reaches it within `depth` calls. */
  private callToward(fn: FnDef, target: FnDef, depth: number, seen: Set<FnDef> = new Set()): Expr | undefined {
    if (!fn.ir.body || depth <= 0 || seen.has(fn)) return undefined;
    seen.add(fn);
    let found: Expr | undefined;
    walkStmt(fn.ir.body, (e) => {
      if (e.k !== 'call') return true;
      const callee = this.calleeOf(fn, e);
      if (callee && (callee === target || this.callToward(callee, target, depth - 1, seen))) found = e;
      return !found;
    });
    return found;
  }

  /** The function a call names: a free function (C), a method of the caller's class (`Helper()`, `this->Helper()`). */
  calleeOf(fn: FnDef, e: Expr & { k: 'call' }): FnDef | undefined {
    const f = e.fn;
    if (f.k === 'id') {
      if (fn.cls) {
        const m = this.ctx.program.findMethod(fn.cls, f.name);
        if (m?.ir.body) return m;
      }
      const g = this.ctx.program.freeFunctionNear(f.name, fn.unit.path);
      return g?.ir.body ? g : undefined;
    }
    if (f.k === 'field' && f.obj.k === 'this' && fn.cls) {
      const m = this.ctx.program.findMethod(fn.cls, f.name);
      return m?.ir.body ? m : undefined;
    }
    return undefined;
  }

  /** Two anchors of one function lifted to the deepest block that holds both: that block and their indices in it. */
  static common(a: Anchor, b: Anchor): { block: Stmt & { k: 'block' }; ia: number; ib: number } | undefined {
    for (let i = Math.min(a.chain.length, b.chain.length) - 2; i >= 0; i--) {
      const blk = a.chain[i];
      if (blk !== b.chain[i] || blk.k !== 'block') continue;
      const ca = a.chain[i + 1];
      const cb = b.chain[i + 1];
      const ia = blk.body.indexOf(ca);
      const ib = blk.body.indexOf(cb);
      if (ia < 0 || ib < 0) continue;
      return { block: blk, ia, ib };
    }
    return undefined;
  }

  // ---- moving statements --------------------------------------------------------------------------

  /**
   * The lines of a statement with the whole-line comments right above it (no blank line between), as a fix moves
   * them: the comment says what the statement does.
   */
  withComment(unit: FileUnit, s: Stmt): { start: number; end: number; text: string } | undefined {
    const l = this.lines(unit, s);
    if (!l) return undefined;
    const text = unit.text;
    let start = l.start;
    for (;;) {
      if (start === 0) break;
      const prevStart = lineStart(text, start - 1);
      const prev = text.slice(prevStart, start);
      const t = prev.trim();
      if (/^\/\//.test(t)) {
        start = prevStart;
        continue;
      }
      if (/\*\/$/.test(t)) {
        // A block comment ending on that line: it must start a line of its own.
        const open = text.lastIndexOf('/*', prevStart + prev.lastIndexOf('*/'));
        if (open < 0) break;
        const openLine = lineStart(text, open);
        if (text.slice(openLine, open).trim()) break;
        start = openLine;
        continue;
      }
      break;
    }
    return { start, end: l.end, text: text.slice(start, l.end) };
  }

  /**
   * Moves statement `from` of a block after statement `to` (or, with `to` the block's last statement being a
   * `return`, before that return): the lines move whole, with their comment.
   */
  moveAfter(unit: FileUnit, blk: Stmt & { k: 'block' }, from: number, to: number, member?: { name: string; fn: FnDef }): TextEdit[] | undefined {
    const moved = member ? this.withNullingAndComment(unit, blk, from, member) : this.withComment(unit, blk.body[from]);
    const dest = blk.body[to];
    if (!moved || !dest) return undefined;
    let at: number;
    if (dest.k === 'return' && to > from) {
      const l = this.withComment(unit, dest);
      if (!l) return undefined;
      at = l.start;
    } else {
      const l = this.lines(unit, dest);
      if (!l) return undefined;
      at = l.end;
    }
    if (at > moved.start && at < moved.end) return undefined;
    // A statement that stood alone between blank lines takes one of them along.
    const text = unit.text;
    let end = moved.end;
    const prevBlank = moved.start > 0 && !text.slice(lineStart(text, moved.start - 1), moved.start).trim();
    const nextLine = text.slice(end, nextLineStart(text, end));
    if (prevBlank && nextLine.length && !nextLine.trim() && at !== end) end += nextLine.length;
    return [insertAt(unit.path, text, at, moved.text), replaceSpan(unit.path, text, moved.start, end, '')];
  }

  /** A statement with its comment and the statement after it when that one forgets the same member (`p = NULL;`). */
  private withNullingAndComment(unit: FileUnit, blk: Stmt & { k: 'block' }, i: number, member: { name: string; fn: FnDef }): { start: number; end: number; text: string } | undefined {
    const l = this.withComment(unit, blk.body[i]);
    if (!l) return undefined;
    const next = blk.body[i + 1];
    if (next?.k === 'expr' && next.e0.k === 'assign' && next.e0.op === '=' && constValue(next.e0.r) === 0 && this.memberName(next.e0.l, member.fn) === member.name) {
      const n = this.lines(unit, next);
      if (n && n.start === l.end) return { start: l.start, end: n.end, text: l.text + n.text };
    }
    return l;
  }

  /**
   * Lines added after a statement. The brace-less body of an `if` written on the `if`'s line
   * (`if (p) p->Release();`) makes the `if` a block in the file's style, holding the body and the new lines.
   */
  after(fn: FnDef, at: StmtAt, lines: readonly string[]): TextEdit | undefined {
    const parent = at.ancestors[at.ancestors.length - 1];
    if (!at.block && parent?.k === 'if' && parent.then === at.stmt && !parent.else) {
      const whole = this.lines(fn.unit, parent);
      const cond = userRange(fn.unit, parent.cond.s, parent.cond.e);
      const body = this.rawText(fn, at.stmt.k === 'expr' ? at.stmt.e0 : ({ k: 'unknown', s: at.stmt.s, e: at.stmt.e } as Expr));
      if (whole && cond && body && !/\/[/*]/.test(whole.text) && whole.text.replace(/\r?\n$/, '').split(/\r?\n/).length === 1) {
        const st = this.style(fn.unit);
        const indent = indentAt(fn.unit.text, whole.start);
        const text = block(st, indent, `if (${fn.unit.text.slice(cond.start, cond.end)})`, [`${body};`, ...lines]);
        return replaceSpan(fn.unit.path, fn.unit.text, whole.start, whole.end, text);
      }
    }
    return this.insertAfter(fn.unit, at.stmt, ObjectFix.stmts(lines), at);
  }

  /** Whether a statement is `m = NULL` (or 0) for a member. */
  isNulling(s: Stmt, fn: FnDef, member: string): boolean {
    return s.k === 'expr' && s.e0.k === 'assign' && s.e0.op === '=' && constValue(s.e0.r) === 0 && this.memberName(s.e0.l, fn) === member;
  }

  /** Whether a statement mentions a member (`m_x`, `this->m_x`, `p->x`). */
  mentions(s: Stmt, fn: FnDef, member: string): boolean {
    let hit = false;
    walkStmt(s, (x) => {
      if (this.memberName(x, fn) === member) hit = true;
      return !hit;
    });
    return hit;
  }
}

/** Every statement of a tree, the tree first. */
export function allStatements(s: Stmt): Stmt[] {
  const out: Stmt[] = [];
  const visit = (x: Stmt): void => {
    out.push(x);
    if (x.k === 'block') x.body.forEach(visit);
    if (x.k === 'if') {
      visit(x.then);
      if (x.else) visit(x.else);
    }
    if (x.k === 'for' || x.k === 'while' || x.k === 'do' || x.k === 'range' || x.k === 'switch') visit(x.body);
    if (x.k === 'case') x.body.forEach(visit);
    if (x.k === 'label' && x.body) visit(x.body);
  };
  visit(s);
  return out;
}

