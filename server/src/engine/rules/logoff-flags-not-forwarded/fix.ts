// The fix of logoff-flags-not-forwarded. Eager design: StoreLogoff's StoreLogoffTransports call gets the
// caller's *lpulFlags instead of flags of its own. Deferred design: StoreLogoff saves *lpulFlags in the
// member the final release passes, before anything else (StoreLogoffTransports writes *lpulFlags).
import type { FixCandidate, FixProvider } from '../../fix/fix';
import type { Expr } from '../../ir/types';
import { walkStmt } from '../../ir/walk';
import { replaceSpan } from '../../fix/style';
import { preOffset, userRange } from '../../fix/locate';
import { SLT } from '../store/events';
import { StoreFix } from '../store/fix';

export const logoffFlagsNotForwardedFix: FixProvider = {
  candidates(ctx) {
    const f = new StoreFix(ctx);
    const sl = f.method('StoreLogoff');
    const param = sl?.ir.params[f.cpp ? 0 : 1]?.name;
    if (!sl || !param) return [];
    const out: FixCandidate[] = [];
    const call = ctx.events.find((e) => e.kind === 'support-call' && e.data?.method === SLT && e.loc);
    if (!call?.loc) return out;
    const at = f.stmtAt(call.loc);
    if (!at) return out;
    if (at.fn === sl) {
      // Replace the argument of the call that StoreLogoff makes.
      const off = preOffset(at.fn.unit, call.loc);
      let arg: Expr | undefined;
      walkStmt(at.at.stmt, (e) => {
        if (e.k === 'call' && off !== undefined && e.s <= off && off <= e.e && (e.fn.k === 'field' && e.fn.name === SLT)) arg = f.cpp ? e.args[0] : e.args[1];
        return !arg;
      });
      const r = arg ? userRange(at.fn.unit, arg.s, arg.e) : undefined;
      if (r) out.push({ title: "Pass the caller's flags (*lpulFlags) to StoreLogoffTransports", edits: [replaceSpan(at.fn.unit.path, at.fn.unit.text, r.start, r.end, param)] });
      return out;
    }
    // Deferred: the final release passes a member; StoreLogoff must fill it from the caller's flags.
    const off = preOffset(at.fn.unit, call.loc);
    let path: string | undefined;
    walkStmt(at.at.stmt, (e) => {
      if (e.k === 'call' && off !== undefined && e.s <= off && off <= e.e && e.fn.k === 'field' && e.fn.name === SLT) {
        const a = f.cpp ? e.args[0] : e.args[1];
        if (a?.k === 'unary' && a.op === '&') path = f.exprText(at.fn, a.arg);
      }
      return !path;
    });
    if (!path) return out;
    // StoreLogoff already writes that member (with a constant): it writes the caller's flags instead.
    const selfC = f.cpp ? undefined : f.selfParam(at.fn);
    const slSelf = f.cpp ? undefined : f.selfParam(sl);
    const inSl = selfC && slSelf ? path.replace(new RegExp(`^${selfC}->`), `${slSelf}->`) : path;
    walkStmt(sl.ir.body!, (e) => {
      if (e.k === 'assign' && e.op === '=' && f.exprText(sl, e.l) === inSl) {
        const r = userRange(sl.unit, e.r.s, e.r.e);
        if (r) out.push({ title: `Save the caller's flags in ${inSl} for the final release`, edits: [replaceSpan(sl.unit.path, sl.unit.text, r.start, r.end, `*${param}`)] });
      }
      return true;
    });
    if (out.length) return out;
    const e = f.atBodyStartEdit(sl, [`${inSl} = *${param};`]);
    if (e) out.push({ title: `Save the caller's flags in ${inSl} for the final release`, edits: [e] });
    return out;
  },
};
