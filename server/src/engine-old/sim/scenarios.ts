// MAPI's side of the shutdown protocol: the sequences in which MAPI and its clients call a store.

export type EntryCall = 'StoreLogoff' | 'Release' | 'AddRef';

export interface Scenario {
  id: string;
  title: string;
  /** References the client holds when the scenario starts (the last Release drops the last one). */
  references: number;
  calls: EntryCall[];
  /** StoreLogoffTransports returns MAPI_E_CALL_FAILED. */
  transportsFail: boolean;
  /** The client called StoreLogoff (orderly) or not (abrupt). */
  orderly: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  { id: 'orderly', title: 'orderly: StoreLogoff(LOGOFF_ORDERLY), then the last Release', references: 1, calls: ['StoreLogoff', 'Release'], transportsFail: false, orderly: true },
  { id: 'orderly-failing', title: 'orderly, StoreLogoffTransports fails', references: 1, calls: ['StoreLogoff', 'Release'], transportsFail: true, orderly: true },
  { id: 'abrupt', title: 'abrupt: the last Release without StoreLogoff', references: 1, calls: ['Release'], transportsFail: false, orderly: false },
  { id: 'abrupt-failing', title: 'abrupt, StoreLogoffTransports fails', references: 1, calls: ['Release'], transportsFail: true, orderly: false },
  { id: 'extra-reference', title: 'extra reference: StoreLogoff, Release, then the last Release', references: 2, calls: ['StoreLogoff', 'Release', 'Release'], transportsFail: false, orderly: true },
  { id: 'abrupt-extra-reference', title: 'extra reference, abrupt: Release, then the last Release', references: 2, calls: ['Release', 'Release'], transportsFail: false, orderly: false },
];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

/** Flag values from mapidefs.h. */
export const LOGOFF_FLAGS: ReadonlyMap<string, number> = new Map([
  ['LOGOFF_NO_WAIT', 0x1],
  ['LOGOFF_ORDERLY', 0x2],
  ['LOGOFF_PURGE', 0x4],
  ['LOGOFF_ABORT', 0x8],
  ['LOGOFF_QUIET', 0x10],
  ['LOGOFF_COMPLETE', 0x10000],
  ['LOGOFF_INBOUND', 0x20000],
  ['LOGOFF_OUTBOUND', 0x40000],
  ['LOGOFF_OUTBOUND_QUEUE', 0x80000],
]);

export const LOGOFF_ABORT = 0x8;
export const LOGOFF_ORDERLY = 0x2;
export const MAPI_E_CALL_FAILED = 0x80004005 | 0;

export function flagsText(v: number): string {
  const names: string[] = [];
  let rest = v;
  for (const [n, bit] of LOGOFF_FLAGS) {
    if (bit <= 0x10 && (v & bit) === bit) {
      names.push(n);
      rest &= ~bit;
    }
  }
  if (rest) names.push(`0x${(rest >>> 0).toString(16)}`);
  return names.length ? names.join(' | ') : '0';
}
