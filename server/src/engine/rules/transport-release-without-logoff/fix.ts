// The fix of transport-release-without-logoff: a final Release that arrives without TransportLogoff does the
// logoff work. A call of TransportLogoff the final Release or the destructor makes under a condition that is
// false exactly then (an inverted "logged off" test) gets its condition negated; with no call at all, the
// destructor (C++) or the final branch of the C Release starts by calling TransportLogoff(0). Verification
// keeps the edit only when TransportLogoff may run twice (after the spooler's own call it must do nothing).
import type { FixCandidate, FixProvider } from '../../fix/fix';
import type { Expr, Stmt } from '../../ir/types';
import type { FnDef } from '../../model/program';
import { replaceSpan } from '../../fix/style';
import { userRange } from '../../fix/locate';
import { allStatements, LogonFix } from '../logon/fix';

export const transportReleaseWithoutLogoffFix: FixProvider = {
  candidates(ctx) {
    const f = new LogonFix(ctx);
    const logoff = f.logoff();
    if (!logoff) return [];
    const out: FixCandidate[] = [];
    const hosts = [f.method('Release'), f.dtor()].filter((x): x is FnDef => !!x?.ir.body && f.own(x));
    let called = false;
    for (const fn of hosts) {
      for (const s of allStatements(fn.ir.body!)) {
        if (s.k !== 'if' || s.else || !callsLogoff(f, fn, s.then, logoff)) continue;
        called = true;
        const r = userRange(fn.unit, s.cond.s, s.cond.e);
        if (!r) continue;
        const cond = fn.unit.text.slice(r.start, r.end);
        out.push({ title: `Call ${logoff.ir.name} from ${fn.ir.name} when it has not run`, edits: [replaceSpan(fn.unit.path, fn.unit.text, r.start, r.end, negate(s.cond, cond))] });
      }
      if (allStatements(fn.ir.body!).some((s) => s.k === 'expr' && callsLogoff(f, fn, s, logoff))) called = true;
    }
    if (called) return out;
    const call = f.cpp ? `${logoff.ir.name}(0);` : `${logoff.ir.name}(${f.selfParam(f.method('Release') ?? logoff) ?? ''}, 0);`;
    const dtor = f.dtor();
    const release = f.method('Release');
    const host = f.cpp ? dtor : release && f.own(release) ? release : undefined;
    if (!host || (!f.cpp && !f.selfParam(host))) return out;
    const e = f.atBodyStartEdit(host, [call]);
    if (e) out.push({ title: `Call ${logoff.ir.name} from ${host.ir.name} when it has not run`, edits: [e] });
    return out;
  },
};

function callsLogoff(f: LogonFix, fn: FnDef, s: Stmt, logoff: FnDef): boolean {
  const stmts = allStatements(s);
  return stmts.some((x) => x.k === 'expr' && x.e0.k === 'call' && f.calleeOf(fn, x.e0) === logoff);
}

/** The negation of a condition as written: `x` → `!x`, `!x` → `x`, anything else → `!(…)`. */
function negate(e: Expr, text: string): string {
  if (e.k === 'unary' && e.op === '!') return text.replace(/^!\s*/, '').replace(/^\((.*)\)$/s, '$1');
  if (e.k === 'id' || e.k === 'field' || e.k === 'call') return `!${text}`;
  return `!(${text})`;
}
