// The fix of logoff-transports-twice. A store with both designs (StoreLogoff calls StoreLogoffTransports and
// the final release calls it with the flags StoreLogoff saved) keeps the deferred one: StoreLogoff's call goes.
// Otherwise the second call runs only when the first did not, recorded in the store's existing "done" member
// (or a bit of it), or a new member FALSE when the store is created. One helper called twice gets a guard at
// its start.
import type { FixCandidate, FixProvider } from '../../fix/fix';
import { replaceSpan } from '../../fix/style';
import { userRange } from '../../fix/locate';
import type { FnDef } from '../../model/program';
import { SLT } from '../store/events';
import { StoreFix } from '../store/fix';

export const logoffTransportsTwiceFix: FixProvider = {
  candidates(ctx) {
    const f = new StoreFix(ctx);
    const calls = ctx.events.filter((e) => e.kind === 'support-call' && e.data?.method === SLT && e.loc);
    if (calls.length < 2) return [];
    const first = f.stmtAt(calls[0].loc);
    const second = f.stmtAt(calls[1].loc);
    if (!first || !second) return [];
    const out: FixCandidate[] = [];
    // Both designs: drop StoreLogoff's eager call, keep the deferred one.
    const saved = f.savedFlags();
    if (saved && calls[0].data?.entry === 'StoreLogoff' && first.fn === f.method('StoreLogoff')) {
      const s = first.at.stmt;
      const value = s.k === 'return' && s.value ? userRange(first.fn.unit, s.value.s, s.value.e) ?? macroUse(first.fn, s.value) : undefined;
      if (value) out.push({ title: 'Keep the deferred design: StoreLogoff only saves the flags', edits: [replaceSpan(first.fn.unit.path, first.fn.unit.text, value.start, value.end, 'S_OK')] });
      else if (s.k === 'expr') {
        const l = f.lines(first.fn.unit, s);
        if (l) out.push({ title: 'Keep the deferred design: StoreLogoff only saves the flags', edits: [replaceSpan(first.fn.unit.path, first.fn.unit.text, l.start, l.end, '')] });
      }
    }
    if (first.at.stmt === second.at.stmt) {
      out.push(...helperGuard(f, first.fn, first.at.stmt));
      return out;
    }
    const existing = f.doneRecord(second.fn);
    if (existing) {
      const guard = f.wrap(second.fn.unit, second.at.stmt, `!${existing.test}`, [existing.set]);
      if (guard) out.push({ title: `Call StoreLogoffTransports only once (${existing.name} records it)`, edits: [guard] });
    }
    const flag = f.freshMember(f.cpp ? 'm_fTransportsLoggedOff' : 'fTransportsLoggedOff');
    const r1 = f.ref(first.fn, flag);
    const r2 = f.ref(second.fn, flag);
    const add = f.addFlagMember(flag);
    if (!r1 || !r2 || !add) return out;
    const set = f.insertBefore(first.fn.unit, first.at.stmt, StoreFix.stmts([`${r1} = ${f.trueLit(first.fn.unit)};`]), first.at);
    const guard = f.wrap(second.fn.unit, second.at.stmt, `!${r2}`, [`${r2} = ${f.trueLit(second.fn.unit)};`]);
    if (set && guard) out.push({ title: `Call StoreLogoffTransports only once (remember it in ${flag})`, edits: [...add, set, guard] });
    return out;
  },
};

/**
 * One helper that calls StoreLogoffTransports, called twice: the member its guard tests is set before the
 * call (a guard that tests one member while the helper sets another), or a new guard at the helper's start.
 */
function helperGuard(f: StoreFix, fn: FnDef, stmt: import('../../ir/types').Stmt): FixCandidate[] {
  const out: FixCandidate[] = [];
  const body = fn.ir.body?.body ?? [];
  for (const s of body) {
    if (s === stmt) break;
    if (s.k !== 'if' || !(s.then.k === 'return' || (s.then.k === 'block' && s.then.body.some((x) => x.k === 'return')))) continue;
    const member = s.cond.k === 'unary' && s.cond.op === '!' ? undefined : f.memberName(s.cond, fn);
    if (!member) continue;
    const r = f.ref(fn, member)!;
    const e = f.insertBefore(fn.unit, stmt, StoreFix.stmts([`${r} = ${f.trueLit(fn.unit)};`]));
    if (e) out.push({ title: `Set ${member}, which the guard of ${fn.ir.name} tests, before StoreLogoffTransports`, edits: [e] });
  }
  const ret = fn.ir.returns?.name;
  const early = ret === 'HRESULT' || ret === 'SCODE' ? 'return S_OK;' : ret === 'void' ? 'return;' : undefined;
  if (!early) return out;
  const flag = f.freshMember(f.cpp ? 'm_fTransportsLoggedOff' : 'fTransportsLoggedOff');
  const r = f.ref(fn, flag);
  const add = f.addFlagMember(flag);
  if (!r || !add) return out;
  const e = f.atBodyStartEdit(fn, [`if (${r})`, `${f.style(fn.unit).unit}${early}`, `${r} = ${f.trueLit(fn.unit)};`]);
  if (e) out.push({ title: `Call StoreLogoffTransports only once (remember it in ${flag})`, edits: [...add, e] });
  return out;
}

function macroUse(fn: FnDef, e: import('../../ir/types').Expr): { start: number; end: number } | undefined {
  const a = fn.unit.pre.map.toOriginal(e.s, 'start');
  const b = fn.unit.pre.map.toOriginal(e.e, 'end');
  return b > a ? { start: a, end: b } : undefined;
}
