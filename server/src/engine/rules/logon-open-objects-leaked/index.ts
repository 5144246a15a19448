// logon-open-objects-leaked: an object the logon handed out (OpenEntry) outlives the session.
import type { Rule } from '../rule';
import { logonOpenObjectsLeakedFix } from './fix';
import { endOf, logoffLoc } from '../family/events';

interface S {
  leaked?: boolean;
}

export const logonOpenObjectsLeaked: Rule<S> = {
  meta: {
    id: 'logon-open-objects-leaked',
    defaultSeverity: 'error',
    short: 'An object a logon handed out is still alive when the session has ended.',
    full:
      'A logon releases the references it keeps on the objects it handed out (containers, folders, messages, tables kept in a ' +
      'list with AddRef) by the end of its shutdown. When the client has released them and the session is over, they must be ' +
      'gone. A list of pointers the logon never AddRef-ed does not keep them.',
    precision: 'high',
    tags: ['mapi', 'logon', 'leak'],
  },
  objects: ['ablogon', 'mslogon'],
  fix: logonOpenObjectsLeakedFix,
  checker: {
    id: 'logon-open-objects-leaked',
    initial: () => ({}),
    onEvent(s, ev) {
      const end = endOf(ev);
      return end ? { leaked: end.alive.sub === true } : s;
    },
    key: (s) => (s.leaked ? 'l' : ''),
  },
  verdict(s, { object, scenario }) {
    if (!s.leaked) return { violations: [] };
    return { violations: [{ message: `The object ${object.name} handed out with OpenEntry is still alive after the client released it and the session ended: the logon's shutdown keeps a reference on it (scenario: ${scenario.id}).`, step: -1, loc: logoffLoc(object) }] };
  },
};
