// What the store rules read of a path's events: the calls on the support object (environment.ts emits them)
// and the scenario's steps. Shared by the rules of the message store.
import type { ProtocolObject } from '../../model/objects';
import type { Ev, Val } from '../../sim/state';
import type { Loc } from '../../types';
import { locOf } from '../../unit';

export const SLT = 'StoreLogoffTransports';
const IUNKNOWN = new Set(['AddRef', 'Release', 'QueryInterface']);

export function isSupportCall(ev: Ev, method?: string): boolean {
  return ev.kind === 'support-call' && (method === undefined || ev.data?.method === method);
}

export function isOtherSupportMethod(ev: Ev): boolean {
  return ev.kind === 'support-call' && !IUNKNOWN.has(String(ev.data?.method));
}

export function flagsOf(ev: Ev): Val | undefined {
  return ev.data?.flags as Val | undefined;
}

export function entryOf(ev: Ev): string | undefined {
  return ev.data?.entry as string | undefined;
}

export function refsBefore(ev: Ev): Val | undefined {
  return ev.data?.refsBefore as Val | undefined;
}

/**
 * Where an absence in a method is reported: the store's own definition of it, or the object's name when the
 * method is inherited (a base shared by several stores is not where one store's omission is).
 */
export function methodLoc(o: ProtocolObject, name: string): Loc {
  const r = o.methods.get(name);
  if (!r?.ir.body) return o.loc;
  if (r.cls && o.cls && r.cls !== o.cls && r.cls !== o.iface?.cls) return o.loc;
  return locOf(r.unit, r.ir.nameS, r.ir.nameE);
}

export function releaseLoc(o: ProtocolObject): Loc {
  return methodLoc(o, 'Release');
}

export function storeLogoffLoc(o: ProtocolObject): Loc {
  return methodLoc(o, 'StoreLogoff');
}

export function int(v: Val | undefined): number | undefined {
  return v?.k === 'int' ? v.v : undefined;
}

/** Whether a value came from the flags the caller passed to StoreLogoff (the taint bit of run.ts). */
export function fromCaller(v: Val | undefined): boolean {
  return !!v && (v.k === 'int' || v.k === 'unk') && ((v.t ?? 0) & 1) !== 0;
}
