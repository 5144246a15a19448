// logoff-transports-missing: after StoreLogoff and the final Release, StoreLogoffTransports was never called.
import type { Rule } from '../rule';
import { logoffTransportsMissingFix } from './fix';
import { isSupportCall, SLT, storeLogoffLoc } from '../store/events';

interface S {
  called: boolean;
  /** The store forwards StoreLogoff to another store object: that store's provider logs off its transports. */
  forwarded?: string;
}

export const logoffTransportsMissing: Rule<S> = {
  meta: {
    id: 'logoff-transports-missing',
    defaultSeverity: 'error',
    short: 'After StoreLogoff and the final Release, StoreLogoffTransports was never called.',
    full:
      'An orderly shutdown (StoreLogoff, then the last Release) must call IMAPISupport::StoreLogoffTransports, either in ' +
      'StoreLogoff (eager design) or in the final Release with the saved flags (deferred design).',
    precision: 'high',
    tags: ['mapi', 'message-store', 'protocol'],
  },
  objects: ['store'],
  fix: logoffTransportsMissingFix,
  scenarios: (sc) => sc.orderly === true,
  checker: {
    id: 'logoff-transports-missing',
    initial: () => ({ called: false }),
    onEvent(s, ev) {
      if (isSupportCall(ev, SLT)) return s.called ? s : { ...s, called: true };
      if (ev.kind === 'call-out' && ev.data?.method === 'StoreLogoff' && ev.data?.iface === 'IMsgStore' && !s.forwarded) return { ...s, forwarded: 'another IMsgStore' };
      return s;
    },
    key: (s) => `${s.called ? 1 : 0}${s.forwarded ? 'f' : ''}`,
  },
  verdict(s, { object, scenario }) {
    if (s.called) return { violations: [] };
    if (s.forwarded) return { violations: [], undecided: `StoreLogoff is forwarded to ${s.forwarded}, whose provider logs off its own transports` };
    return {
      violations: [
        {
          message: `After StoreLogoff and the final Release, ${object.name} never called StoreLogoffTransports (scenario: ${scenario.id}).`,
          step: -1,
          loc: storeLogoffLoc(object),
        },
      ],
    };
  },
};
