// The sequences in which MAPI and its clients call a message store during shutdown.

export type StoreStep = 'AddRef' | 'StoreLogoff' | 'Release';

export interface StoreScenario {
  id: string;
  title: string;
  steps: StoreStep[];
  /** StoreLogoffTransports returns MAPI_E_CALL_FAILED. */
  transportsFail: boolean;
  /** The client called StoreLogoff (orderly) or not (abrupt). */
  orderly: boolean;
  /** The flags the client passes to StoreLogoff (default LOGOFF_ORDERLY). */
  callerFlags?: number;
}

export const STORE_SCENARIOS: readonly StoreScenario[] = [
  { id: 'orderly', title: 'orderly: StoreLogoff(LOGOFF_ORDERLY), then the last Release', steps: ['StoreLogoff', 'Release'], transportsFail: false, orderly: true },
  // The client asks not to wait for the transports (LOGOFF_NO_WAIT): a store that tests for LOGOFF_ORDERLY, or
  // rejects the flag, does its logoff wrong.
  { id: 'orderly-nowait', title: 'orderly without waiting: StoreLogoff(LOGOFF_NO_WAIT), then the last Release', steps: ['StoreLogoff', 'Release'], transportsFail: false, orderly: true, callerFlags: 0x1 },
  { id: 'orderly-failing', title: 'orderly, StoreLogoffTransports fails', steps: ['StoreLogoff', 'Release'], transportsFail: true, orderly: true },
  { id: 'abrupt', title: 'abrupt: the last Release without StoreLogoff', steps: ['Release'], transportsFail: false, orderly: false },
  { id: 'abrupt-failing', title: 'abrupt, StoreLogoffTransports fails', steps: ['Release'], transportsFail: true, orderly: false },
  { id: 'extra-reference', title: 'extra reference: StoreLogoff, Release, then the last Release', steps: ['AddRef', 'StoreLogoff', 'Release', 'Release'], transportsFail: false, orderly: true },
  { id: 'abrupt-extra-reference', title: 'extra reference, abrupt: Release, then the last Release', steps: ['AddRef', 'Release', 'Release'], transportsFail: false, orderly: false },
];
