// MAPI's side of the protocol, for the path engine: the support object and the functions of mapiutil.h /
// mapix.h that providers call. The support object counts the references the provider holds on it and
// reports every call on it (rules watch those events); StoreLogoffTransports fails in the `-failing`
// scenarios and writes its output flags into *lpulFlags, as MAPI does. Other support methods succeed (an
// assumption named in ARCHITECTURE.md); their out-parameters receive objects of MAPI.
import type { CallSite, Env, VOut } from '../sim/env';
import { int, unknown, UNKNOWN, ZERO, type State, type Val } from '../sim/state';
import type { Engine } from '../sim/engine';
import { flagsText, LOGOFF_COMPLETE, MAPI_E_CALL_FAILED, sdkConstant } from './constants';

/** The entry point of the protocol object that MAPI is running now (the same on every path at a time). */
export interface EntryContext {
  /** Interface method MAPI called: StoreLogoff, Release, AddRef, Logoff, TransportLogoff, Shutdown … */
  entry: string;
  /** Index of the scenario step. */
  index: number;
  /** This Release drops the last reference the client holds. */
  final: boolean;
  /** The object MAPI called (its id). */
  target?: number;
}

export const SUPPORT_KIND = 'support';

export class MapiEnvironment implements Env {
  engine!: Engine;
  context: EntryContext = { entry: 'setup', index: -1, final: false };
  /** StoreLogoffTransports fails (the `-failing` scenarios). */
  transportsFail = false;

  constant(name: string): number | undefined {
    return sdkConstant(name);
  }

  /** A new support object; `refs`: the references the provider holds on it. */
  newSupport(st: State, label = 'the support object'): number {
    const id = st.alloc({ kind: 'env', init: 'input', label, tracked: SUPPORT_KIND });
    st.setField(id, 'refs', ZERO);
    return id;
  }

  refs(st: State, id: number): Val {
    return st.get(id)?.fields.get('refs') ?? UNKNOWN;
  }

  protected data(st: State, id: number, extra: Record<string, unknown>): Record<string, unknown> {
    const logon = st.get(id)?.fields.get('logon');
    return { support: id, refs: this.refs(st, id), entry: this.context.entry, entryIndex: this.context.index, final: this.context.final, ...(logon?.k === 'int' ? { logon: logon.v } : {}), ...extra };
  }

  envMethod(st: State, obj: number, method: string, args: Val[], site: CallSite): VOut[] | undefined {
    const o = st.get(obj);
    if (o?.tracked !== SUPPORT_KIND) return undefined;
    const refs = this.refs(st, obj);
    switch (method) {
      case 'AddRef': {
        const after = refs.k === 'int' ? int(refs.v + 1) : UNKNOWN;
        st.setField(obj, 'refs', after);
        site.emit(st, 'support-addref', `AddRef() on ${o.label}`, this.data(st, obj, { refsBefore: refs }));
        return [{ st, v: after.k === 'int' ? int(after.v + 1) : UNKNOWN }];
      }
      case 'Release': {
        const after = refs.k === 'int' ? int(refs.v - 1) : UNKNOWN;
        const target = this.context.target !== undefined ? st.get(this.context.target) : undefined;
        site.emit(st, 'support-release', `releases ${o.label}`, this.data(st, obj, { refsBefore: refs, refsAfter: after, targetAlive: target?.alive ?? false }));
        st.setField(obj, 'refs', after);
        return [{ st, v: after.k === 'int' ? int(Math.max(0, after.v) + 1) : UNKNOWN }];
      }
      case 'QueryInterface': {
        // The support object answers for itself; the new reference is the provider's.
        const out = args[1];
        if (out) site.store(st, out, { k: 'ptr', obj });
        const after = refs.k === 'int' ? int(refs.v + 1) : UNKNOWN;
        st.setField(obj, 'refs', after);
        site.emit(st, 'support-call', `calls QueryInterface on ${o.label}`, this.data(st, obj, { method, refsBefore: refs }));
        return [{ st, v: ZERO }];
      }
      case 'StoreLogoffTransports': {
        const p = args[0];
        const flags = p ? site.load(st, p) : UNKNOWN;
        const fails = this.transportsFail;
        const text = flags.k === 'int' ? flagsText(flags.v) : 'flags the analysis cannot compute';
        const caller = (flags.k === 'int' || flags.k === 'unk') && flags.t ? " (the caller's flags)" : '';
        site.emit(st, 'support-call', `calls StoreLogoffTransports(${text})${caller}${fails ? ', which fails with MAPI_E_CALL_FAILED' : ''}`, this.data(st, obj, { method, flags, refsBefore: refs }));
        // MAPI writes its output flags back.
        if (p && (p.k === 'ptr')) site.store(st, p, int(LOGOFF_COMPLETE));
        return [{ st, v: int(fails ? MAPI_E_CALL_FAILED : 0) }];
      }
      default: {
        site.emit(st, 'support-call', `calls ${method} on ${o.label}`, this.data(st, obj, { method, refsBefore: refs }));
        // Out-parameters receive objects of MAPI's (a profile section, a table …).
        for (const a of args) {
          if (a.k === 'ptr' && a.field !== undefined) {
            const cur = site.load(st, a);
            if (cur.k !== 'obj') site.store(st, a, { k: 'ptr', obj: st.alloc({ kind: 'env', init: 'input', label: `the object ${method} returned` }) });
          }
        }
        return [{ st, v: ZERO }];
      }
    }
  }

  externalFunction(st: State, name: string, args: Val[], site: CallSite): VOut[] | undefined {
    // mapival.h: parameter validation, which passes for the valid parameters MAPI gives.
    if (/^(Validate_|CheckParameters_|ValidateParameters|CheckParameters|ValidateParm|FBadParm|FBad[A-Z])/.test(name)) return [{ st, v: ZERO }];
    switch (name) {
      case 'UlAddRef':
      case 'UlRelease': {
        const p = args[0];
        if (!p || (p.k === 'int' && p.v === 0)) return [{ st, v: ZERO }];
        return site.callMethod(st, p, name === 'UlAddRef' ? 'AddRef' : 'Release', []);
      }
      case 'MAPIAllocateBuffer':
      case 'MAPIAllocateMore': {
        const out = args[name === 'MAPIAllocateMore' ? 2 : 1];
        // Fresh memory: what it holds is what the code writes into it (memset, assignments).
        if (out) site.store(st, out, { k: 'ptr', obj: st.alloc({ kind: 'heap', init: 'opaque', label: `a buffer from ${name}` }) });
        return [{ st, v: ZERO }];
      }
      case 'MAPIFreeBuffer': {
        const p = args[0];
        if (p?.k === 'ptr' && p.field === undefined) {
          const o = st.get(p.obj);
          if (o && o.kind !== 'env') {
            st.update(p.obj, (x) => ({ ...x, alive: false, diedAt: site.loc }));
            if (o.tracked) site.emit(st, 'destroy', `${o.label ?? 'the object'} is freed with MAPIFreeBuffer`, { obj: p.obj, tracked: o.tracked });
          }
        }
        return [{ st, v: ZERO }];
      }
      case 'FreeProws':
      case 'FreePadrlist':
      case 'MAPIDeinitIdle':
      case 'DeinitMapiUtil':
        return [{ st, v: UNKNOWN }];
      case 'HrGetOneProp':
      case 'HrQueryAllRows':
      case 'HrGetOnePropA':
      case 'HrGetOnePropW': {
        const out = args[args.length - 1];
        if (out?.k === 'ptr') site.store(st, out, { k: 'ptr', obj: st.alloc({ kind: 'heap', init: 'input', label: `the result of ${name}` }) });
        return [{ st, v: unknown('input') }];
      }
      default:
        return undefined;
    }
  }
}
