// The fix of transport-makeinvalid-missing: `MakeInvalid(0, logon, count, methods)` on the support object right
// before TransportLogoff's support release (and the comment above it). Offered for C logons only — MAPI frees an
// invalidated object with MAPIFreeBuffer, which fits the MAPIAllocateBuffer memory of a C logon, not a C++ object
// made with `new` — and only when the logon's final Release has nothing left to give back: after MakeInvalid it
// never runs again, so it may only log off (the logoff method), take or leave locks and free the logon itself.
import type { FixProvider } from '../../fix/fix';
import type { Expr } from '../../ir/types';
import { walkStmt } from '../../ir/walk';
import type { FnDef } from '../../model/program';
import { LogonFix } from '../logon/fix';

export const transportMakeinvalidMissingFix: FixProvider = {
  candidates(ctx) {
    const f = new LogonFix(ctx);
    if (f.cpp || !ctx.object.vtable) return [];
    const rel = f.stmtAt(ctx.loc);
    const release = f.method('Release');
    if (!rel || !release?.ir.body || !releaseOnlyFrees(f, release)) return [];
    const self = f.selfParam(rel.fn);
    const count = refCountMember(f);
    const text = f.rawText(rel.fn, rel.at.stmt.k === 'expr' ? rel.at.stmt.e0 : ({ k: 'unknown', s: rel.at.stmt.s, e: rel.at.stmt.e } as Expr));
    const sup = text ? supportOf(text) : undefined;
    if (!self || !count || !sup) return [];
    const vt = ctx.object.vtable.ir.type.name;
    const args = `0, ${self}, ${self}->${count}, sizeof(${vt}) / sizeof(void *)`;
    const call = f.style(rel.fn.unit).interfaceMacros ? `IMAPISupport_MakeInvalid(${sup}, ${args});` : `${sup}->lpVtbl->MakeInvalid(${sup}, ${args});`;
    const e = f.before(rel.fn, rel.at.stmt, [call]);
    return e ? [{ title: `Invalidate the logon (MakeInvalid) before releasing the support object`, edits: e }] : [];
  },
};

/** The support pointer a release statement names (`IMAPISupport_Release(p)`, `p->lpVtbl->Release(p)`, `p->Release()`). */
function supportOf(text: string): string | undefined {
  const m = /IMAPISupport_Release\s*\(\s*([\w>.-]+?)\s*\)/.exec(text) ?? /([\w>.-]+?)\s*->\s*lpVtbl\s*->\s*Release\s*\(/.exec(text) ?? /UlRelease\s*\(\s*([\w>.-]+?)\s*\)/.exec(text);
  return m?.[1];
}

/** The member AddRef counts in (`++p->lcInit`, `InterlockedIncrement(&p->cRef)`). */
function refCountMember(f: LogonFix): string | undefined {
  const add = f.method('AddRef');
  if (!add?.ir.body) return undefined;
  let name: string | undefined;
  walkStmt(add.ir.body, (e) => {
    if (e.k === 'update' && e.op === '++') name ??= f.memberName(e.arg, add);
    if (e.k === 'call' && e.fn.k === 'id' && /^Interlocked(Increment|Add)/.test(e.fn.name) && e.args[0]?.k === 'unary' && e.args[0].op === '&') name ??= f.memberName(e.args[0].arg, add);
    return !name;
  });
  return name;
}

/**
 * Whether the logon's final Release only logs off (calls the logoff method), takes and leaves locks and frees
 * the logon: every call it makes is one of those, so nothing is lost when it never runs.
 */
function releaseOnlyFrees(f: LogonFix, release: FnDef): boolean {
  const self = f.selfParam(release);
  if (!self) return false;
  let ok = true;
  walkStmt(release.ir.body!, (e) => {
    if (e.k !== 'call') return true;
    const fn = e.fn;
    const name = fn.k === 'id' || fn.k === 'field' ? fn.name : undefined;
    const selfOnly = e.args.length > 0 && e.args.every((a) => {
      let x = a;
      while (x.k === 'cast') x = x.arg;
      return x.k === 'id' && x.name === self;
    });
    if (name === f.method(f.logoffName)?.ir.name) return true;
    if (name && /^(EnterCriticalSection|LeaveCriticalSection|DeleteCriticalSection|Interlocked\w+)$/.test(name)) return true;
    if (selfOnly) return true;
    ok = false;
    return false;
  });
  return ok;
}
