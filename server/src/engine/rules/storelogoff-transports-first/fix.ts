// The fix of storelogoff-transports-first: move StoreLogoffTransports before the first other support call
// of StoreLogoff, within the same block (so it stays inside the lock or critical section it was in).
import type { FixCandidate, FixProvider } from '../../fix/fix';
import type { Expr, Stmt } from '../../ir/types';
import { walkStmt } from '../../ir/walk';
import { insertAt, replaceSpan } from '../../fix/style';
import { userRange } from '../../fix/locate';
import type { FnDef } from '../../model/program';
import { SLT } from '../store/events';
import { isLockCall, StoreFix } from '../store/fix';

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
    if (to < 0 || to >= from) return [];
    const unit = a.fn.unit;
    if (StoreFix.crossesLock(blk.body, to, from)) {
      // StoreLogoffTransports stays inside its lock: the earlier call moves down instead, to just after the
      // locked region (or after the call when the region does not close in this block).
      return moveDown(f, unit, blk.body, to, from);
    }
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

/**
 * Moves statement `to` of a block below statement `from` — after the unlock that follows it, when one does — if
 * nothing in between writes what the moved statement reads and it is a plain call statement.
 */
function moveDown(f: StoreFix, unit: FnDef['unit'], body: readonly Stmt[], to: number, from: number): FixCandidate[] {
  const moved = body[to];
  if (moved.k !== 'expr' || moved.e0.k !== 'call' || isLockCall(moved.e0)) return [];
  let after = from;
  for (let i = from + 1; i < body.length; i++) {
    const x = body[i];
    if (x.k === 'expr' && isLockCall(x.e0)) {
      after = i;
      break;
    }
    if (x.k === 'return' || x.k === 'goto' || x.k === 'break' || x.k === 'continue') break;
  }
  const reads = namesIn(moved);
  for (let i = to + 1; i <= after; i++) if ([...writtenIn(body[i])].some((n) => reads.has(n))) return [];
  const src = f.lines(unit, moved);
  const dest = f.lines(unit, body[after]);
  if (!src || !dest) return [];
  return [
    {
      title: 'Call StoreLogoffTransports first in StoreLogoff (the earlier support call moves after it)',
      edits: [replaceSpan(unit.path, unit.text, src.start, src.end, ''), insertAt(unit.path, unit.text, dest.end, src.text)],
    },
  ];
}

function namesIn(s: Stmt): Set<string> {
  const out = new Set<string>();
  walkStmt(s, (e) => {
    if (e.k === 'id') out.add(e.name);
    return true;
  });
  return out;
}

/** Names a statement may write: assigned, incremented, or whose address it takes. */
function writtenIn(s: Stmt): Set<string> {
  const out = new Set<string>();
  const root = (e: Expr): string | undefined => (e.k === 'id' ? e.name : e.k === 'field' || e.k === 'index' ? root(e.obj) : e.k === 'unary' && e.op === '*' ? root(e.arg) : undefined);
  walkStmt(s, (e) => {
    const n = e.k === 'assign' ? root(e.l) : e.k === 'update' ? root(e.arg) : e.k === 'unary' && e.op === '&' ? root(e.arg) : undefined;
    if (n) out.add(n);
    return true;
  });
  if (s.k === 'decl') for (const v of s.vars) out.add(v.name);
  return out;
}

/** A local name the function does not use yet. */
function freshLocal(fn: FnDef, base: string): string {
  const text = fn.unit.parsed.text.slice(fn.ir.s, fn.ir.e);
  let name = base;
  for (let k = 2; new RegExp(`\\b${name}\\b`).test(text); k++) name = `${base}${k}`;
  return name;
}
