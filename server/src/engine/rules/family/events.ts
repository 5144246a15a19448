// What the family rules read of a session's events (mapi/family.ts emits them): the support objects of the
// logons, the scenario's steps, MAPI's nested calls inside a support release, the objects' ends.
import type { ProtocolObject } from '../../model/objects';
import type { Ev } from '../../sim/state';
import type { Loc } from '../../types';
import { locOf } from '../../unit';
import { methodLoc } from '../store/events';

export const LOGOFF_OF: Record<string, string> = { ablogon: 'Logoff', xplogon: 'TransportLogoff', mslogon: 'Logoff' };

export function isSupportEvent(ev: Ev): boolean {
  return ev.kind === 'support-call' || ev.kind === 'support-release' || ev.kind === 'support-addref';
}

/** Which logon's support object an event is about (1: the logon, 2: the second logon). */
export function logonOf(ev: Ev): number {
  const l = ev.data?.logon;
  return typeof l === 'number' ? l : 1;
}

export function refsBeforeOf(ev: Ev): number | undefined {
  const v = ev.data?.refsBefore as { k?: string; v?: number } | undefined;
  return v?.k === 'int' ? v.v : undefined;
}

export function refsAfterOf(ev: Ev): number | undefined {
  const v = ev.data?.refsAfter as { k?: string; v?: number } | undefined;
  return v?.k === 'int' ? v.v : undefined;
}

export function methodOf(ev: Ev): string {
  return ev.kind === 'support-release' ? 'Release' : ev.kind === 'support-addref' ? 'AddRef' : String(ev.data?.method ?? '');
}

export function entryOf(ev: Ev): string {
  return String(ev.data?.entry ?? '');
}

/** The scenario step a `scenario` event starts, if it is a family step. */
export function stepOf(ev: Ev): string | undefined {
  return ev.kind === 'scenario' && ev.data?.family ? String(ev.data.step) : undefined;
}

export interface EndSnapshot {
  alive: Partial<Record<'provider' | 'logon' | 'logon2' | 'status' | 'sub' | 'store' | 'store2', boolean>>;
  supports: { logon: number; refs: number | undefined; held: boolean }[];
}

export function endOf(ev: Ev): EndSnapshot | undefined {
  if (ev.kind !== 'scenario-end' || !ev.data?.alive) return undefined;
  return { alive: ev.data.alive as EndSnapshot['alive'], supports: (ev.data.supports as EndSnapshot['supports']) ?? [] };
}

/** Where an absence in the logon's logoff method is reported. */
export function logoffLoc(o: ProtocolObject): Loc {
  return methodLoc(o, LOGOFF_OF[o.kind] ?? 'Logoff');
}

/** Where a duty of the logon's Release is reported. */
export function releaseLoc(o: ProtocolObject): Loc {
  return methodLoc(o, 'Release');
}

/** The place of the first setup event that matches (an AddRef the logon made while it was created). */
export function setupLoc(setup: readonly Ev[] | undefined, match: (ev: Ev) => boolean): Loc | undefined {
  return setup?.find((e) => match(e) && e.loc)?.loc;
}

export { locOf };
