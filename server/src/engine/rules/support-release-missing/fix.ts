// The fix of support-release-missing: release the support member where the store is destroyed — at the end
// of its destructor (C++), or right before the statement that deletes or frees it — unguarded, then guarded
// for a store that may not hold one.
import type { FixCandidate, FixProvider } from '../../fix/fix';
import { constValue, StoreFix } from '../store/fix';
import { replaceSpan } from '../../fix/style';

export const supportReleaseMissingFix: FixProvider = {
  candidates(ctx) {
    const f = new StoreFix(ctx);
    const m = f.support();
    if (!m) return [];
    const out: FixCandidate[] = [];
    const destroy = f.destroyStmt(ctx.events);
    const dtor = f.cpp ? f.method('~') : undefined;
    const title = `Release the support object (${m.name}) when the store is destroyed`;
    if (dtor && dtor.cls === ctx.object.cls) {
      const rel = f.releaseStmts(dtor, m);
      const last = dtor.ir.body!.body[dtor.ir.body!.body.length - 1];
      if (rel) {
        const r = f.ref(dtor, m.name)!;
        const guarded = m.holder ? rel : undefined;
        const atEnd = last ? f.insertAfter(dtor.unit, last, StoreFix.stmts(rel)) : f.atBodyStartEdit(dtor, rel);
        if (atEnd) out.push({ title, edits: [atEnd] });
        if (!guarded && last) {
          const g = f.insertAfter(dtor.unit, last, (indent, st) => blockText(st, indent, `if (${r})`, rel));
          if (g) out.push({ title, edits: [g] });
        }
      }
    }
    // The pointer is forgotten (`m_psup = NULL;`) in the final release without being released: release it first.
    if (!m.holder) {
      for (const name of ['Release', '~', 'FinalRelease']) {
        const fn = name === 'FinalRelease' && f.cpp ? ctx.program.findMethod(ctx.object.cls!, name, 0) : f.method(name);
        if (!fn?.ir.body) continue;
        const rel = f.releaseStmts(fn, m)?.slice(0, 1);
        for (const s of allStatements(fn.ir.body)) {
          if (!rel || s.k !== 'expr' || s.e0.k !== 'assign' || s.e0.op !== '=' || constValue(s.e0.r) !== 0 || f.memberName(s.e0.l, fn) !== m.name) continue;
          const e = f.insertBefore(fn.unit, s, StoreFix.stmts(rel));
          if (e) out.push({ title, edits: [e] });
        }
      }
    }
    // A holder detached and dropped (`m_sp.release();` of a unique_ptr, `Detach()`): it releases instead.
    out.push(...detachedHolder(f, m));
    // ATL: the object's own shutdown is FinalRelease; the release goes at its end.
    const fin = f.cpp ? ctx.program.findMethod(ctx.object.cls!, 'FinalRelease', 0) : undefined;
    if (fin?.ir.body && fin.cls === ctx.object.cls) {
      const rel = f.releaseStmts(fin, m);
      const last = fin.ir.body.body[fin.ir.body.body.length - 1];
      const e = rel ? (last && last.k !== 'return' ? f.insertAfter(fin.unit, last, StoreFix.stmts(rel)) : last ? f.insertBefore(fin.unit, last, StoreFix.stmts(rel)) : f.atBodyStartEdit(fin, rel)) : undefined;
      if (e) out.push({ title, edits: [e] });
    }
    if (destroy) {
      const rel = f.releaseStmts(destroy.fn, m);
      const r = f.ref(destroy.fn, m.name);
      if (rel && r) {
        const e = f.insertBefore(destroy.fn.unit, destroy.at.stmt, StoreFix.stmts(rel), destroy.at);
        if (e) out.push({ title, edits: [e] });
        if (!m.holder) {
          const g = f.blockBefore(destroy.fn.unit, destroy.at.stmt, `if (${r})`, rel, destroy.at);
          if (g) out.push({ title, edits: [g] });
        }
      }
    }
    return out;
  },
};

function blockText(st: import('../../fix/style').Style, indent: string, head: string, lines: readonly string[]): string {
  const inner = lines.map((l) => `${indent}${st.unit}${l}`).join(st.eol);
  return st.braceOwnLine ? `${indent}${head}${st.eol}${indent}{${st.eol}${inner}${st.eol}${indent}}${st.eol}` : `${indent}${head} {${st.eol}${inner}${st.eol}${indent}}${st.eol}`;
}

/** In the final release path: `m.release();` / `m.Detach();` whose result is dropped, made the holder's release. */
function detachedHolder(f: StoreFix, m: import('../../mapi/run').SupportMember): FixCandidate[] {
  if (!m.holder) return [];
  const out: FixCandidate[] = [];
  const release = { unique_ptr: 'reset', shared_ptr: 'reset', CComPtr: 'Release', CComQIPtr: 'Release', ComPtr: 'Reset', com_ptr: 'reset', _com_ptr_t: 'Release', object_ptr: 'reset' }[m.holder];
  if (!release) return [];
  for (const name of ['Release', '~', 'FinalRelease']) {
    const fn = name === 'FinalRelease' ? f.ctx.program.findMethod(f.ctx.object.cls ?? f.ctx.object.struct!, name, 0) : f.method(name);
    if (!fn?.ir.body) continue;
    for (const s of allStatements(fn.ir.body)) {
      if (s.k !== 'expr' || s.e0.k !== 'call' || s.e0.fn.k !== 'field') continue;
      const callee = s.e0.fn;
      if (!/^(release|Detach|detach)$/.test(callee.name) || f.memberName(callee.obj, fn) !== m.name) continue;
      const text = f.rawText(fn, s.e0);
      const r = text ? { start: fn.unit.pre.map.toOriginal(s.e0.s, 'start'), end: fn.unit.pre.map.toOriginal(s.e0.e, 'end') } : undefined;
      if (!r || !text) continue;
      out.push({ title: `Release the support object (${m.name}.${release}()) instead of detaching it`, edits: [replaceSpan(fn.unit.path, fn.unit.text, r.start, r.end, text.replace(new RegExp(`\\b${callee.name}\\s*\\(`), `${release}(`))] });
    }
  }
  return out;
}

function allStatements(s: import('../../ir/types').Stmt): import('../../ir/types').Stmt[] {
  const out: import('../../ir/types').Stmt[] = [];
  const visit = (x: import('../../ir/types').Stmt): void => {
    out.push(x);
    if (x.k === 'block') x.body.forEach(visit);
    if (x.k === 'if') {
      visit(x.then);
      if (x.else) visit(x.else);
    }
    if (x.k === 'for' || x.k === 'while' || x.k === 'do' || x.k === 'range') visit(x.body);
    if (x.k === 'label' && x.body) visit(x.body);
  };
  visit(s);
  return out;
}
