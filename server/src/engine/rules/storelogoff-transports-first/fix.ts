// The fix of storelogoff-transports-first: move StoreLogoffTransports before the first other support call
// of StoreLogoff, within the same block (so it stays inside the lock or critical section it was in).
import type { FixProvider } from '../../fix/fix';
import { insertAt, replaceSpan } from '../../fix/style';
import { userRange } from '../../fix/locate';
import type { FnDef } from '../../model/program';
import { SLT } from '../store/events';
import { StoreFix } from '../store/fix';

export const storelogoffTransportsFirstFix: FixProvider = {
  candidates(ctx) {
    const f = new StoreFix(ctx);
    const evs = ctx.events.filter((e) => e.kind === 'support-call' && e.data?.entry === 'StoreLogoff' && e.loc);
    const sltEv = evs.find((e) => e.data?.method === SLT);
    const other = evs.find((e) => e.data?.method !== SLT && !['AddRef', 'Release', 'QueryInterface'].includes(String(e.data?.method)));
    const a = f.stmtAt(sltEv?.loc);
    const b = f.stmtAt(other?.loc);
    if (!a || !b || a.fn !== b.fn || !a.at.block) return [];
    // The statement of the other call, lifted to the block the StoreLogoffTransports statement is in.
    const blk = a.at.block;
    const target = [...b.at.ancestors, b.at.stmt].find((s) => blk.body.includes(s));
    if (!target) return [];
    const from = blk.body.indexOf(a.at.stmt);
    const to = blk.body.indexOf(target);
    if (to < 0 || to >= from || StoreFix.crossesLock(blk.body, to, from)) return [];
    const unit = a.fn.unit;
    const moved = f.lines(unit, a.at.stmt);
    const dest = f.lines(unit, target);
    if (!moved || !dest) return [];
    const title = 'Call StoreLogoffTransports first in StoreLogoff';
    const s = a.at.stmt;
    if (s.k !== 'return') return [{ title, edits: [insertAt(unit.path, unit.text, dest.start, moved.text), replaceSpan(unit.path, unit.text, moved.start, moved.end, '')] }];
    // `return p->StoreLogoffTransports(…);` — the call moves, its HRESULT is kept in a local and returned.
    const value = s.value ? userRange(unit, s.value.s, s.value.e) : undefined;
    if (!value) return [];
    const name = freshLocal(a.fn, 'hrTransports');
    const local = f.newLocal(a.fn, 'HRESULT', name, unit.text.slice(value.start, value.end));
    if (!local) return [];
    const edits = [
      f.insertBefore(unit, target, StoreFix.stmts([local.assign]))!,
      replaceSpan(unit.path, unit.text, value.start, value.end, name),
    ];
    if (local.decl) edits.push(local.decl);
    return edits.every(Boolean) ? [{ title, edits }] : [];
  },
};

/** A local name the function does not use yet. */
function freshLocal(fn: FnDef, base: string): string {
  const text = fn.unit.parsed.text.slice(fn.ir.s, fn.ir.e);
  let name = base;
  for (let k = 2; new RegExp(`\\b${name}\\b`).test(text); k++) name = `${base}${k}`;
  return name;
}
