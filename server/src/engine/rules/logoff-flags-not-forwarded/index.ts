// logoff-flags-not-forwarded: StoreLogoff neither forwards nor saves the caller's flags.
import type { Rule } from '../rule';
import { logoffFlagsNotForwardedFix } from './fix';
import { flagsOf, fromCaller, isSupportCall, SLT, storeLogoffLoc } from '../store/events';

interface S {
  /** The first StoreLogoffTransports call: whether its flags are the caller's, or unknown. */
  first?: { index: number; caller: boolean; known: boolean };
}

export const logoffFlagsNotForwarded: Rule<S> = {
  meta: {
    id: 'logoff-flags-not-forwarded',
    defaultSeverity: 'warning',
    short: "StoreLogoff neither forwards nor saves the caller's flags.",
    full:
      'IMsgStore::StoreLogoff receives the logoff flags (LOGOFF_ORDERLY, LOGOFF_NO_WAIT, ...) and must pass them on to ' +
      'StoreLogoffTransports, now or later from a saved copy. A StoreLogoff that never leads to StoreLogoffTransports is ' +
      'logoff-transports-missing, not this rule.',
    precision: 'high',
    tags: ['mapi', 'message-store', 'protocol'],
  },
  objects: ['store'],
  fix: logoffFlagsNotForwardedFix,
  scenarios: (sc) => sc.id === 'orderly' || sc.id === 'orderly-nowait',
  checker: {
    id: 'logoff-flags-not-forwarded',
    initial: () => ({}),
    onEvent(s, ev, index) {
      if (s.first || !isSupportCall(ev, SLT)) return s;
      const f = flagsOf(ev);
      return { first: { index, caller: fromCaller(f), known: f?.k === 'int' } };
    },
    key: (s) => (s.first ? `${s.first.caller ? 'c' : ''}${s.first.known ? 'k' : ''}` : '-'),
  },
  verdict(s, { object, scenario }) {
    if (!s.first || s.first.caller) return { violations: [] };
    if (!s.first.known) return { violations: [], undecided: 'the flags passed to StoreLogoffTransports could not be computed' };
    return {
      violations: [
        {
          message: `StoreLogoff of ${object.name} neither forwards nor saves the caller's flags (*lpulFlags): StoreLogoffTransports never receives them (scenario: ${scenario.id}).`,
          step: s.first.index,
          loc: storeLogoffLoc(object),
        },
      ],
    };
  },
};
