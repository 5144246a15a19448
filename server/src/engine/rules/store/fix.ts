// What the store rules' fixes are made of, on top of what every object's fix is (fix/object.ts): StoreLogoff
// and its "done" records (a flag, a bit, the caller's flags saved), the statement that destroys the store, the
// final Release of a path, and StoreLogoffTransports in the file's idiom.
import type { FnDef } from '../../model/program';
import type { Ev } from '../../sim/state';
import { walkStmt } from '../../ir/walk';
import { ObjectFix, constValue } from '../../fix/object';
import type { StmtAt } from '../../fix/locate';

export { constValue, isLockCall } from '../../fix/object';

export class StoreFix extends ObjectFix {
  /** `p->StoreLogoffTransports(arg)` in the file's idiom (C: through the vtable, or the interface macro). */
  sltCall(fn: FnDef, supp: string, arg: string): string {
    if (this.cpp) return `${supp}->StoreLogoffTransports(${arg})`;
    return this.style(fn.unit).interfaceMacros ? `IMAPISupport_StoreLogoffTransports(${supp}, ${arg})` : `${supp}->lpVtbl->StoreLogoffTransports(${supp}, ${arg})`;
  }

  /** The statement that destroys the store on a path (`delete this`, the C free), from the path's destroy event. */
  destroyStmt(events: readonly Ev[]): { fn: FnDef; at: StmtAt } | undefined {
    const ev = [...events].reverse().find((e) => e.kind === 'destroy' && e.data?.tracked === 'store' && e.loc);
    return this.stmtAt(ev?.loc);
  }

  /** Events of the final Release of a path (from the scenario step that is the last Release). */
  finalReleaseEvents(events: readonly Ev[]): Ev[] {
    let start = -1;
    events.forEach((e, i) => {
      if (e.kind === 'scenario' && e.data?.final === true) start = i;
    });
    return start < 0 ? [] : events.slice(start);
  }

  /**
   * The eager design's "done" record as expressions: `test` is true once StoreLogoff ran, `set` records it
   * (`m_fLoggedOff` / `m_fLoggedOff = TRUE`, or a bit: `(m_ulFlags & MSF_OFF)` / `m_ulFlags |= MSF_OFF`).
   */
  doneRecord(fn: FnDef): { name: string; test: string; set: string } | undefined {
    const sl = this.method('StoreLogoff');
    if (!sl?.ir.body) return undefined;
    let rec: { name: string; bit?: string } | undefined;
    walkStmt(sl.ir.body, (e) => {
      if (rec) return false;
      if (e.k === 'assign' && (e.op === '|=' || e.op === '=')) {
        const v = constValue(e.r);
        const m = v !== undefined && v !== 0 ? this.memberName(e.l, sl) : undefined;
        if (m) rec = e.op === '|=' ? { name: m, bit: this.rawText(sl, e.r) } : { name: m };
      }
      return !rec;
    });
    if (!rec) return undefined;
    const r = this.ref(fn, rec.name);
    if (!r) return undefined;
    if (rec.bit) return { name: rec.name, test: `(${r} & ${rec.bit})`, set: `${r} |= ${rec.bit};` };
    return { name: rec.name, test: r, set: `${r} = ${this.trueLit(fn.unit)};` };
  }

  /** A member that StoreLogoff sets to a non-zero constant (the eager design's "done" record). */
  doneFlag(): string | undefined {
    const sl = this.method('StoreLogoff');
    if (!sl?.ir.body) return undefined;
    let flag: string | undefined;
    walkStmt(sl.ir.body, (e) => {
      if (flag) return false;
      // A bit set in a flags member: `m_ulState |= MSF_LOGGED_OFF`; or a member set to a non-zero constant.
      if (e.k === 'assign' && (e.op === '|=' || e.op === '=')) {
        const v = constValue(e.r);
        if (v !== undefined && v !== 0) {
          const m = this.memberName(e.l, sl);
          if (m) flag = m;
        }
      }
      return !flag;
    });
    return flag;
  }

  /** A member StoreLogoff saves the caller's flags into (the deferred design). */
  savedFlags(): string | undefined {
    const sl = this.method('StoreLogoff');
    const p = sl?.ir.params[this.cpp ? 0 : 1]?.name;
    if (!sl?.ir.body || !p) return undefined;
    let saved: string | undefined;
    walkStmt(sl.ir.body, (e) => {
      if (e.k === 'assign' && e.op === '=' && e.r.k === 'unary' && e.r.op === '*' && e.r.arg.k === 'id' && e.r.arg.name === p) saved ??= this.memberName(e.l, sl);
      return !saved;
    });
    return saved;
  }

}
