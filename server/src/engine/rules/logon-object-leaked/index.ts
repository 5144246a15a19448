// logon-object-leaked: the logon object itself outlives the session.
import type { Rule } from '../rule';
import { endOf } from '../family/events';

interface S {
  leaked?: 'logon' | 'logon2';
}

export const logonObjectLeaked: Rule<S> = {
  meta: {
    id: 'logon-object-leaked',
    defaultSeverity: 'error',
    short: 'The logon object is still alive after MAPI released it and shut the provider down.',
    full:
      "After the logoff method, MAPI's Release of the logon and the provider's Shutdown and Release, the logon must be gone. " +
      'A back reference a status object or a sub-object holds, a list entry the provider never releases, or an extra AddRef ' +
      'of its own keeps it alive.',
    precision: 'high',
    tags: ['mapi', 'logon', 'leak'],
  },
  objects: ['ablogon', 'xplogon', 'mslogon'],
  scenarios: (sc) => sc.id !== 'xp-release-without-logoff',
  checker: {
    id: 'logon-object-leaked',
    initial: () => ({}),
    onEvent(s, ev) {
      const end = endOf(ev);
      if (!end) return s;
      return end.alive.logon === true ? { leaked: 'logon' } : end.alive.logon2 === true ? { leaked: 'logon2' } : {};
    },
    key: (s) => s.leaked ?? '',
  },
  verdict(s, { object, scenario }) {
    if (!s.leaked) return { violations: [] };
    return { violations: [{ message: `${s.leaked === 'logon2' ? 'The second' : 'The'} ${object.name} object is still alive when the session has ended: something of the provider still holds a reference on it (scenario: ${scenario.id}).`, step: -1, loc: object.loc }] };
  },
};
