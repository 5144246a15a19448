// The fix of logoff-abort-missing. Deferred design (the final release passes the flags StoreLogoff saved):
// the saved-flags member starts at LOGOFF_ABORT. Eager design: the final release calls
// StoreLogoffTransports(LOGOFF_ABORT) when StoreLogoff did not, before it releases the support object.
import type { FixCandidate, FixProvider } from '../../fix/fix';
import type { FnDef } from '../../model/program';
import { SLT } from '../store/events';
import { constValue, StoreFix } from '../store/fix';
import { walkStmt } from '../../ir/walk';
import { userRange } from '../../fix/locate';
import { replaceSpan } from '../../fix/style';
import { initialValueEdit } from '../store/init';

export const logoffAbortMissingFix: FixProvider = {
  candidates(ctx) {
    const f = new StoreFix(ctx);
    const out: FixCandidate[] = [];
    const saved = f.savedFlags();
    const finalEvents = f.finalReleaseEvents(ctx.events);
    const sltInFinal = finalEvents.find((e) => e.kind === 'support-call' && e.data?.method === SLT);
    if (saved && sltInFinal) {
      const e = initialValueEdit(f, saved, 'LOGOFF_ABORT');
      if (e) out.push({ title: `Start ${saved} at LOGOFF_ABORT, for a client that skips StoreLogoff`, edits: e });
      return out;
    }
    if (sltInFinal) {
      // The final release passes flags of its own (`ULONG ul = LOGOFF_ORDERLY;`): they become LOGOFF_ABORT.
      const at = f.stmtAt(sltInFinal.loc);
      const e = at ? abortInitializer(f, at.fn, at.at.stmt) : undefined;
      if (e) out.push({ title: 'Call StoreLogoffTransports with LOGOFF_ABORT in the final release', edits: [e] });
      return out;
    }
    const m = f.support();
    if (!m) return out;
    // Before the support object is released in the final release, else before the store is destroyed.
    const rel = finalEvents.find((e) => e.kind === 'support-release' && e.loc);
    const at = f.stmtAt(rel?.loc) ?? f.destroyStmt(ctx.events);
    if (!at) return out;
    const supp = f.cpp && m.holder ? m.name : f.ref(at.fn, m.name);
    if (!supp) return out;
    const existing = f.doneFlag();
    const flag = existing ?? f.freshMember(f.cpp ? 'm_fTransportsLoggedOff' : 'fTransportsLoggedOff');
    const r = f.ref(at.fn, flag);
    if (!r) return out;
    const edits = [];
    if (!existing) {
      const add = f.addFlagMember(flag);
      const sl = f.method('StoreLogoff');
      const slt = sl ? recordAfterStoreLogoffCall(f, sl, flag) : undefined;
      if (!add) return out;
      edits.push(...add);
      if (slt) edits.push(slt);
    }
    const ul = 'ulFlags';
    const body = [`ULONG ${ul} = LOGOFF_ABORT;`, `${r} = ${f.trueLit(at.fn.unit)};`, `${f.sltCall(at.fn, supp, `&${ul}`)};`];
    const e = f.blockBefore(at.fn.unit, at.at.stmt, `if (!${r})`, body, at.at);
    if (!e) return out;
    edits.push(e);
    out.push({ title: 'Call StoreLogoffTransports(LOGOFF_ABORT) in the final release when StoreLogoff did not', edits });
    return out;
  },
};

/** The initializer of the local the final release passes to StoreLogoffTransports, replaced by LOGOFF_ABORT. */
function abortInitializer(f: StoreFix, fn: FnDef, stmt: import('../../ir/types').Stmt) {
  let local: string | undefined;
  walkStmt(stmt, (e) => {
    if (e.k === 'call' && e.fn.k === 'field' && e.fn.name === SLT) {
      const a = f.cpp ? e.args[0] : e.args[1];
      if (a?.k === 'unary' && a.op === '&' && a.arg.k === 'id') local = a.arg.name;
    }
    return !local;
  });
  if (!local || !fn.ir.body) return undefined;
  let decl: import('../../ir/types').VarDecl | undefined;
  walkDecls(fn.ir.body, (v) => {
    if (v.name === local && v.init) decl = v;
  });
  if (!decl?.init || constValue(decl.init) === undefined) return undefined;
  const r = userRange(fn.unit, decl.init.s, decl.init.e);
  return r ? replaceSpan(fn.unit.path, fn.unit.text, r.start, r.end, 'LOGOFF_ABORT') : undefined;
}

function walkDecls(s: import('../../ir/types').Stmt, visit: (v: import('../../ir/types').VarDecl) => void): void {
  if (s.k === 'decl') s.vars.forEach(visit);
  if (s.k === 'block') s.body.forEach((x) => walkDecls(x, visit));
  if (s.k === 'if') {
    walkDecls(s.then, visit);
    if (s.else) walkDecls(s.else, visit);
  }
}

/** `flag = TRUE;` right before StoreLogoff's own StoreLogoffTransports call (the eager design records it). */
function recordAfterStoreLogoffCall(f: StoreFix, sl: FnDef, flag: string) {
  const ev = f.ctx.events.find((e) => e.kind === 'support-call' && e.data?.method === SLT && e.data?.entry === 'StoreLogoff' && e.loc);
  // The proving path of an abrupt scenario never ran StoreLogoff: find its call in the source instead.
  const loc = ev?.loc;
  const at = loc ? f.stmtAt(loc) : undefined;
  const r = f.ref(sl, flag);
  if (!r) return undefined;
  if (at) return f.insertBefore(at.fn.unit, at.at.stmt, StoreFix.stmts([`${r} = ${f.trueLit(at.fn.unit)};`]));
  const stmt = findCallStmt(sl, SLT);
  return stmt ? f.insertBefore(sl.unit, stmt, StoreFix.stmts([`${r} = ${f.trueLit(sl.unit)};`])) : undefined;
}

function findCallStmt(fn: FnDef, method: string) {
  for (const s of fn.ir.body?.body ?? []) {
    const text = fn.unit.parsed.text.slice(s.s, s.e);
    if (text.includes(method)) return s;
  }
  return undefined;
}
