// The fix of logon-support-release-missing: give the support reference back on every path of the logon's
// shutdown. Tried in order, the first verified wins: release it right before the statement that only forgets
// the pointer (`m_psup = NULL;`); move a release that only some paths reach out of its condition; release it
// (and forget it) at the end of Logoff/TransportLogoff — after a MakeInvalid of the logon, which the final
// Release never outlives; release it where the logon is destroyed (the end of the destructor, or right before
// the C logon's memory is freed).
import type { FixCandidate, FixProvider } from '../../fix/fix';
import { ObjectFix } from '../../fix/object';
import { statementAt, type StmtAt } from '../../fix/locate';
import { insertAt, replaceSpan } from '../../fix/style';
import { locKey } from '../../text/loc';
import type { FnDef } from '../../model/program';
import { allStatements, LogonFix } from '../logon/fix';

export const logonSupportReleaseMissingFix: FixProvider = {
  candidates(ctx) {
    const f = new LogonFix(ctx);
    const m = f.support();
    if (!m) return [];
    const out: FixCandidate[] = [];
    const title = `Release the support object (${m.name}) when the logon shuts down`;
    const logoff = f.logoff();
    const fns: FnDef[] = [];
    for (const fn of [logoff, ...f.shutdownFns(), f.method('Release'), f.dtor()]) if (fn?.ir.body && f.own(fn) && !fns.includes(fn)) fns.push(fn);

    // The pointer is forgotten without being released.
    if (!m.holder) {
      for (const fn of fns) {
        const rel = f.releaseStmts(fn, m)?.slice(0, 1);
        if (!rel) continue;
        for (const s of allStatements(fn.ir.body!)) {
          if (!f.isNulling(s, fn, m.name)) continue;
          const at = statementAt(fn.ir.body!, s.s);
          const prev = at?.block?.body[at.index - 1];
          if (prev && f.mentions(prev, fn, m.name) && /Release/.test(fn.unit.parsed.text.slice(prev.s, prev.e))) continue;
          const e = f.insertBefore(fn.unit, s, ObjectFix.stmts(rel), at);
          if (e) out.push({ title, edits: [e] });
        }
      }
    }

    // A release only some paths reach (inside an `if` about something else): after that `if`.
    const seen = new Set<string>();
    const places: { fn: FnDef; at: StmtAt }[] = [];
    for (const events of f.allEvents()) {
      for (const { ev } of f.supportReleases(events)) {
        const key = locKey(ev.loc!);
        if (seen.has(key)) continue;
        seen.add(key);
        const a = f.stmtAt(ev.loc);
        if (a) places.push(a);
      }
    }
    // Releases no path reached (a condition the analysis never saw true) are read from the code.
    for (const fn of fns) {
      for (const s of f.supportReleasesIn(fn, m.name)) {
        const at = statementAt(fn.ir.body!, s.s);
        if (at && !places.some((p) => p.at.stmt === s)) places.push({ fn, at });
      }
    }
    for (const a of places) {
      {
        if (!fns.includes(a.fn) || !a.at.block || a.at.block.body.length < 2) continue;
        const chain = [...a.at.ancestors, a.at.stmt];
        for (let i = chain.length - 2; i >= 1; i--) {
          const cond = chain[i];
          const parent = chain[i - 1];
          if (cond.k !== 'if' || parent.k !== 'block') continue;
          // A guard of the pointer itself (`if (m_psup)`) is not the problem.
          const condText = a.fn.unit.parsed.text.slice(cond.cond.s, cond.cond.e);
          const ref = f.ref(a.fn, m.name);
          if (ref && condText.replace(/\s+/g, '').includes(ref.replace(/\s+/g, ''))) break;
          const moved = f.withNulling(a.fn.unit, a.at, m.name, a.fn);
          const after = f.lines(a.fn.unit, cond);
          if (!moved || !after) break;
          const u = a.fn.unit;
          const indent = /^[ \t]*/.exec(after.text)![0];
          const text = moved.text
            .split(/(?<=\n)/)
            .map((l) => l.replace(/^[ \t]*/, indent))
            .join('');
          out.push({ title: `Release the support object (${m.name}) on every path`, edits: [insertAt(u.path, u.text, after.end, text), replaceSpan(u.path, u.text, moved.start, moved.end, '')] });
          break;
        }
      }
    }

    // At the end of the logoff method.
    if (logoff) {
      const rel = f.releaseStmts(logoff, m);
      const r = f.ref(logoff, m.name);
      if (rel && r) {
        const e = f.atEnd(logoff, rel);
        if (e) out.push({ title, edits: e });
        if (!m.holder) {
          const g = f.atEnd(logoff, rel, `if (${r})`);
          if (g) out.push({ title, edits: g });
        }
      }
    }

    // Where the logon is destroyed.
    const dtor = f.dtor();
    if (dtor) {
      const rel = f.releaseStmts(dtor, m);
      const r = f.ref(dtor, m.name);
      if (rel && r) {
        const e = f.atEnd(dtor, rel);
        if (e) out.push({ title, edits: e });
        if (!m.holder) {
          const g = f.atEnd(dtor, rel, `if (${r})`);
          if (g) out.push({ title, edits: g });
        }
      }
    }
    const destroy = f.destroyStmt();
    if (destroy && destroy.fn !== dtor) {
      const rel = f.releaseStmts(destroy.fn, m);
      const r = f.ref(destroy.fn, m.name);
      if (rel && r) {
        const e = f.insertBefore(destroy.fn.unit, destroy.at.stmt, ObjectFix.stmts(rel.slice(0, 1)), destroy.at);
        if (e) out.push({ title, edits: [e] });
        if (!m.holder) {
          const g = f.blockBefore(destroy.fn.unit, destroy.at.stmt, `if (${r})`, rel.slice(0, 1), destroy.at);
          if (g) out.push({ title, edits: [g] });
        }
      }
    }
    return out;
  },
};
