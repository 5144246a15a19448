// logon-status-object-leaked: the status object the logon handed out outlives the session.
import type { Rule } from '../rule';
import { logonStatusObjectLeakedFix } from './fix';
import { endOf, logoffLoc } from '../family/events';

interface S {
  leaked?: boolean;
}

export const logonStatusObjectLeaked: Rule<S> = {
  meta: {
    id: 'logon-status-object-leaked',
    defaultSeverity: 'error',
    short: 'The status object a logon handed out is still alive when the session has ended.',
    full:
      'A logon releases the status objects it keeps (from OpenStatusEntry) by the end of its shutdown. When the client has ' +
      'released its own reference and the session is over, the status object must be gone; a status object that holds its ' +
      'logon while the logon drops it only in its destructor keeps both alive.',
    precision: 'high',
    tags: ['mapi', 'logon', 'status', 'leak'],
  },
  objects: ['ablogon', 'xplogon', 'mslogon'],
  fix: logonStatusObjectLeakedFix,
  scenarios: (sc) => sc.id !== 'xp-release-without-logoff',
  checker: {
    id: 'logon-status-object-leaked',
    initial: () => ({}),
    onEvent(s, ev) {
      const end = endOf(ev);
      return end ? { leaked: end.alive.status === true } : s;
    },
    key: (s) => (s.leaked ? 'l' : ''),
  },
  verdict(s, { object, scenario }) {
    if (!s.leaked) return { violations: [] };
    return { violations: [{ message: `The status object ${object.name} handed out is still alive after the client released it and the session ended: the logon's shutdown does not release its own reference (scenario: ${scenario.id}).`, step: -1, loc: logoffLoc(object) }] };
  },
};
