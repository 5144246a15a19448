// The fix of logon-open-objects-leaked: the logoff method releases the references the logon keeps on the
// objects it handed out — the cached object OpenEntry hands out, every element of the list OpenEntry adds them
// to (before the list is cleared), every entry of a C table with its count — before the support object is
// released when the logoff releases it, else at its end.
import type { FixCandidate, FixProvider } from '../../fix/fix';
import { allStatements, LogonFix } from '../logon/fix';
import { releaseInLogoff } from '../logon-status-object-leaked/fix';

export const logonOpenObjectsLeakedFix: FixProvider = {
  candidates(ctx) {
    const f = new LogonFix(ctx);
    const logoff = f.logoff();
    if (!logoff?.ir.body) return [];
    const out: FixCandidate[] = [];
    for (const m of f.openMembers()) {
      const title = `Release the objects ${m.name} keeps in ${f.logoffName}`;
      if (m.kind === 'container') {
        // `m.clear()` in the logoff: release every element right before it.
        const rel = f.releaseKept(logoff, m);
        const clear = allStatements(logoff.ir.body).find((s) => s.k === 'expr' && s.e0.k === 'call' && s.e0.fn.k === 'field' && s.e0.fn.name === 'clear' && f.memberOf(s.e0.fn.obj, logoff) === m.name);
        if (rel && clear) {
          const e = f.before(logoff, clear, rel.lines.slice(0, -1), undefined, true);
          if (e) out.push({ title, edits: e });
          continue;
        }
      }
      out.push(...releaseInLogoff(f, logoff, m, title));
    }
    return out;
  },
};
