// The fix of logoff-transports-missing, in the store's own design. Deferred (StoreLogoff saves the caller's
// flags in a member): the final release calls StoreLogoffTransports with them before it releases the support
// object. Eager (StoreLogoff records that it logged off in a member): StoreLogoff calls it with *lpulFlags,
// after its parameter checks and inside its locks, keeping the HRESULT. With neither, no fix is offered.
import type { FixCandidate, FixProvider } from '../../fix/fix';
import { userRange } from '../../fix/locate';
import { replaceSpan } from '../../fix/style';
import type { FnDef } from '../../model/program';
import { StoreFix } from '../store/fix';

export const logoffTransportsMissingFix: FixProvider = {
  candidates(ctx) {
    const f = new StoreFix(ctx);
    const m = f.support();
    if (!m) return [];
    const out: FixCandidate[] = [];
    const saved = f.savedFlags();
    const done = f.doneFlag();
    // Both designs may be sketched in the store (flags saved and a done flag): each is tried, the verification
    // keeps the one that works.
    if (done) out.push(...eager(f, m.name));
    if (saved) out.push(...deferred(f, m.name, saved));
    return out;
  },
};

/** StoreLogoff calls StoreLogoffTransports with the caller's flags, keeping its HRESULT. */
function eager(f: StoreFix, member: string): FixCandidate[] {
  const sl = f.method('StoreLogoff');
  if (!sl?.ir.body) return [];
  const supp = f.ref(sl, member);
  const param = sl.ir.params[f.cpp ? 0 : 1]?.name;
  if (!supp || !param) return [];
  const call = f.sltCall(sl, supp, param);
  const title = "Call StoreLogoffTransports with the caller's flags in StoreLogoff";
  const out: FixCandidate[] = [];
  // The `return S_OK;` StoreLogoff left through on the proving path becomes `return <the call>;`.
  const ret = f.returnStmt('StoreLogoff')?.at.stmt;
  const last = ret ?? sl.ir.body.body[sl.ir.body.body.length - 1];
  if (last?.k === 'return' && last.value && (last.value.k === 'num' ? last.value.v === 0 : last.value.k === 'id' && /^(S_OK|hrSuccess|NOERROR|SUCCESS_SUCCESS)$/.test(last.value.name))) {
    const r = userRange(sl.unit, last.value.s, last.value.e);
    if (r) out.push({ title, edits: [replaceSpan(sl.unit.path, sl.unit.text, r.start, r.end, call)] });
  }
  const hr = hresultLocal(sl);
  if (hr) {
    const e = f.atBodyStartEdit(sl, [`${hr} = ${call};`]);
    if (e) out.push({ title, edits: [e] });
  }
  return out;
}

/** The final release calls StoreLogoffTransports with the flags StoreLogoff saved, before it releases the support object. */
function deferred(f: StoreFix, member: string, saved: string): FixCandidate[] {
  const finalEvents = f.finalReleaseEvents(f.ctx.events);
  const rel = finalEvents.find((e) => e.kind === 'support-release' && e.loc);
  const at = f.stmtAt(rel?.loc) ?? f.destroyStmt(f.ctx.events);
  if (!at) return [];
  const supp = f.ref(at.fn, member);
  const flags = f.ref(at.fn, saved);
  if (!supp || !flags) return [];
  const e = f.insertBefore(at.fn.unit, at.at.stmt, StoreFix.stmts([`${f.sltCall(at.fn, supp, `&${flags}`)};`]), at.at);
  return e ? [{ title: `Call StoreLogoffTransports with the flags StoreLogoff saved (${saved}) in the final release`, edits: [e] }] : [];
}

/** The HRESULT local a function returns (`hr`), if it has one. */
function hresultLocal(fn: FnDef): string | undefined {
  const locals = new Set<string>();
  for (const s of fn.ir.body?.body ?? []) if (s.k === 'decl') for (const v of s.vars) if (/^(HRESULT|SCODE)$/.test(v.type.name)) locals.add(v.name);
  let returned: string | undefined;
  const visit = (s: import('../../ir/types').Stmt): void => {
    if (s.k === 'return' && s.value?.k === 'id' && locals.has(s.value.name)) returned ??= s.value.name;
    if (s.k === 'block') s.body.forEach(visit);
    if (s.k === 'label' && s.body) visit(s.body);
    if (s.k === 'if') {
      visit(s.then);
      if (s.else) visit(s.else);
    }
  };
  if (fn.ir.body) visit(fn.ir.body);
  return returned;
}
