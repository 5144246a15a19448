// logoff-transports-twice: StoreLogoffTransports runs more than once in one shutdown.
import { formatLoc } from '../../text/loc';
import type { Loc } from '../../types';
import type { Rule } from '../rule';
import { logoffTransportsTwiceFix } from './fix';
import { isSupportCall, SLT } from '../store/events';

interface S {
  count: number;
  first?: Loc;
  second?: { index: number; loc?: Loc };
}

export const logoffTransportsTwice: Rule<S> = {
  meta: {
    id: 'logoff-transports-twice',
    defaultSeverity: 'error',
    short: 'IMAPISupport::StoreLogoffTransports can run more than once in one shutdown.',
    full:
      'StoreLogoffTransports must be called exactly once during shutdown. A store that calls it in StoreLogoff must record ' +
      'that it did, so that its final Release does not call it again.',
    precision: 'very-high',
    tags: ['mapi', 'message-store', 'protocol'],
  },
  objects: ['store'],
  fix: logoffTransportsTwiceFix,
  checker: {
    id: 'logoff-transports-twice',
    initial: () => ({ count: 0 }),
    onEvent(s, ev, index) {
      if (!isSupportCall(ev, SLT)) return s;
      if (s.count === 0) return { count: 1, first: ev.loc };
      if (s.count === 1) return { ...s, count: 2, second: { index, loc: ev.loc } };
      return s;
    },
    key: (s) => `${Math.min(s.count, 2)}`,
  },
  verdict(s, { scenario, object }) {
    if (s.count < 2 || !s.second) return { violations: [] };
    const first = s.first ? ` (first call at ${formatLoc(s.first)})` : '';
    return {
      violations: [
        {
          message: `StoreLogoffTransports runs a second time in one shutdown of ${object.name}${first}; it must run exactly once (scenario: ${scenario.id}).`,
          step: s.second.index,
          loc: s.second.loc ?? object.loc,
        },
      ],
    };
  },
};
