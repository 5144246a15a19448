// The fix of logon-status-object-leaked: the logoff method releases the logon's reference on the status object
// it keeps (the member OpenStatusEntry hands out) and forgets it — before the support object is released when
// the logoff releases it (MAPI may shut the provider down inside that release), else at its end.
import type { FixCandidate, FixProvider } from '../../fix/fix';
import { LogonFix } from '../logon/fix';

export const logonStatusObjectLeakedFix: FixProvider = {
  candidates(ctx) {
    const f = new LogonFix(ctx);
    const s = f.handedOut('OpenStatusEntry');
    const logoff = f.logoff();
    if (!s || s.kind !== 'pointer' || !logoff) return [];
    return releaseInLogoff(f, logoff, s, `Release the status object (${s.name}) in ${f.logoffName}`);
  },
};

/** Candidates releasing a kept member in the logoff method: before the support release, then at the end. */
export function releaseInLogoff(f: LogonFix, logoff: import('../../model/program').FnDef, m: import('../logon/fix').KeptMember, title: string): FixCandidate[] {
  const rel = f.releaseKept(logoff, m);
  if (!rel) return [];
  const out: FixCandidate[] = [];
  const top = f.supportReleaseStatement(logoff);
  if (top) {
    const e = f.before(logoff, top, rel.lines, rel.guard);
    if (e) out.push({ title, edits: e });
  }
  const end = f.atEnd(logoff, rel.lines, rel.guard);
  if (end) out.push({ title, edits: end });
  return out;
}
