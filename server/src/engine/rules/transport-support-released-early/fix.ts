// The fix of transport-support-released-early: the support release becomes the last thing its function does.
// The statement that releases it (or calls the helper that does) moves, with the statement that forgets the
// pointer and the comment above it, to the end of the block it shares with the later access (before a final
// `return`), or else right after that access.
import type { FixCandidate, FixProvider } from '../../fix/fix';
import { LogonFix } from '../logon/fix';

export const transportSupportReleasedEarlyFix: FixProvider = {
  candidates(ctx) {
    const f = new LogonFix(ctx);
    const ev = ctx.events;
    let hit = -1;
    ev.forEach((e, i) => {
      if (e.loc && e.loc.file === ctx.loc.file && e.loc.range.startLine === ctx.loc.range.startLine && (e.kind === 'use-after-free' || /^support-/.test(e.kind))) hit = i;
    });
    if (hit < 0) return [];
    const releases = f.supportReleases(ev.slice(0, hit)).filter(({ ev: r }) => {
      const after = r.data?.refsAfter as { k?: string; v?: number } | undefined;
      return after?.k === 'int' && after.v === 0;
    });
    const rel = releases[releases.length - 1]?.ev;
    const use = f.stmtAt(ev[hit].loc);
    const r = f.stmtAt(rel?.loc);
    if (!rel?.loc || !use || !r) return [];
    const out: FixCandidate[] = [];
    const m = f.support();
    for (const fn of [use.fn, r.fn]) {
      const a = f.anchorIn(fn, rel.loc);
      const b = f.anchorIn(fn, ev[hit].loc!);
      if (!a || !b) continue;
      const c = LogonFix.common(a, b);
      if (!c || c.ia >= c.ib) continue;
      const moved = c.block.body[c.ia];
      if (moved.k === 'return' || moved.k === 'decl') continue;
      const member = m && !m.holder ? { name: m.name, fn } : undefined;
      const lastIndex = c.block.body.length - 1;
      const title = `Release the support object last in ${fn.ir.name}`;
      const tos = [lastIndex, c.ib].filter((x, i, all) => all.indexOf(x) === i);
      for (const to of tos) {
        const e = f.moveAfter(fn.unit, c.block, c.ia, to, member);
        if (e) out.push({ title, edits: e });
      }
      if (out.length) break;
    }
    return out;
  },
};
