// The fix of logon-support-use-after-release: forget the support pointer (`m_psup = NULL;`) right after the
// logon's last release of it, so that the later call — guarded by a test of the pointer — does nothing. It is
// offered only when that is so: verification drops it when the later use is not guarded (it would call through
// a null pointer), and a use through a copy of the pointer gets no fix.
import type { FixCandidate, FixProvider } from '../../fix/fix';
import { LogonFix } from '../logon/fix';

export const logonSupportUseAfterReleaseFix: FixProvider = {
  candidates(ctx) {
    const f = new LogonFix(ctx);
    const m = f.support();
    if (!m || m.holder) return [];
    const ev = ctx.events;
    let hit = -1;
    ev.forEach((e, i) => {
      if (e.loc && e.loc.file === ctx.loc.file && e.loc.range.startLine === ctx.loc.range.startLine && /^support-/.test(e.kind)) hit = i;
    });
    if (hit < 0) return [];
    const releases = f.supportReleases(ev.slice(0, hit)).filter(({ ev: r }) => {
      const after = r.data?.refsAfter as { k?: string; v?: number } | undefined;
      return after?.k === 'int' && after.v === 0;
    });
    const last = releases[releases.length - 1];
    const first = last ? f.stmtAt(last.ev.loc) : undefined;
    if (!first || !f.own(first.fn) || !f.mentions(first.at.stmt, first.fn, m.name)) return [];
    const next = first.at.block?.body[first.at.index + 1];
    if (next && f.isNulling(next, first.fn, m.name)) return [];
    const r = f.ref(first.fn, m.name);
    if (!r) return [];
    const out: FixCandidate[] = [];
    const e = f.after(first.fn, first.at, [`${r} = ${f.nullLit(first.fn.unit)};`]);
    if (e) out.push({ title: `Forget the support object (${m.name} = ${f.nullLit(first.fn.unit)}) right after releasing it`, edits: [e] });
    return out;
  },
};
