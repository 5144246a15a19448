// mslogon-logoff-store-left-open: when the session ends with the store still open, IMSLogon::Logoff neither
// releases the store's support reference nor invalidates the store.
import type { Rule } from '../rule';
import { entryOf, logoffLoc, refsBeforeOf, stepOf } from '../family/events';

interface S {
  /** MAPI called IMSLogon::Logoff at the end of the session, with the store open. */
  loggedOff: boolean;
  hit?: boolean;
}

export const mslogonLogoffStoreLeftOpen: Rule<S> = {
  meta: {
    id: 'mslogon-logoff-store-left-open',
    defaultSeverity: 'warning',
    short: 'IMSLogon::Logoff leaves the store open when the session ends with the store still open.',
    full:
      'IMSLogon::Logoff exists to force the store provider down when the session ends while a client still holds the store: ' +
      'it closes the store (StoreLogoffTransports with LOGOFF_ABORT if not done, MakeInvalid on the store, the support ' +
      "object's release last). Reported when the client's later Release of the store still releases a support reference.",
    precision: 'medium',
    tags: ['mapi', 'message-store', 'logon'],
  },
  objects: ['mslogon'],
  scenarios: (sc) => sc.id === 'ms-session-end-store-open',
  checker: {
    id: 'mslogon-logoff-store-left-open',
    initial: () => ({ loggedOff: false }),
    onEvent(s, ev) {
      if (s.hit) return s;
      if (stepOf(ev) === 'store-release') return { ...s, loggedOff: true };
      if (!s.loggedOff) return s;
      if (ev.kind === 'support-release' && entryOf(ev) === 'StoreRelease' && (refsBeforeOf(ev) ?? 0) > 0) return { ...s, hit: true };
      if (ev.kind === 'use-after-free' && ev.data?.tracked === 'logon') return { ...s, hit: true };
      return s;
    },
    key: (s) => `${s.loggedOff ? 1 : 0}${s.hit ? 'h' : ''}`,
  },
  verdict(s, { object, scenario }) {
    if (!s.hit) return { violations: [] };
    return { violations: [{ message: `When the session ends with the store still open, ${object.name}'s Logoff neither releases the store's support reference nor invalidates the store; the client's later Release still does (scenario: ${scenario.id}).`, step: -1, loc: logoffLoc(object) }] };
  },
};
