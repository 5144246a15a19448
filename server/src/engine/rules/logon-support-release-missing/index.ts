// logon-support-release-missing: a logon's shutdown (logoff, MAPI's Release, the destructor) ends with the
// support object still referenced by the logon.
import type { Rule } from '../rule';
import { logonSupportReleaseMissingFix } from './fix';
import { endOf, logoffLoc } from '../family/events';

interface S {
  /** The logon's support object at the end of the scenario: whether the provider held it, its count. */
  end?: { held: boolean; refs?: number };
}

export const logonSupportReleaseMissing: Rule<S> = {
  meta: {
    id: 'logon-support-release-missing',
    defaultSeverity: 'error',
    short: "A logon's shutdown ends with its support object still referenced.",
    full:
      'The logoff method of an address book or transport logon gives back the reference the logon holds on its support object, ' +
      'in the logoff method itself or in the final Release or destructor that MAPI reaches right after it. When the session ' +
      'ends and the logon is gone, no provider reference on the support object may be left.',
    precision: 'high',
    tags: ['mapi', 'logon', 'address-book', 'transport', 'leak'],
  },
  objects: ['ablogon', 'xplogon'],
  fix: logonSupportReleaseMissingFix,
  // A final Release without TransportLogoff is transport-release-without-logoff's.
  scenarios: (sc) => sc.id !== 'xp-release-without-logoff',
  checker: {
    id: 'logon-support-release-missing',
    initial: () => ({}),
    onEvent(s, ev) {
      const end = endOf(ev);
      if (!end) return s;
      const sup = end.supports.find((x) => x.logon === 1);
      return sup ? { end: { held: sup.held, refs: sup.refs } } : s;
    },
    key: (s) => (s.end ? `${s.end.held ? 1 : 0}:${s.end.refs ?? '?'}` : ''),
  },
  verdict(s, { object, scenario }) {
    if (!s.end || !s.end.held) return { violations: [] };
    if (s.end.refs === undefined) return { violations: [], undecided: "the support object's reference count cannot be computed" };
    if (s.end.refs <= 0) return { violations: [] };
    return {
      violations: [
        {
          message: `When the session ends, ${object.name} still holds ${s.end.refs === 1 ? 'a reference' : `${s.end.refs} references`} on its support object: neither its ${object.kind === 'xplogon' ? 'TransportLogoff' : 'Logoff'} nor its final Release gives it back (scenario: ${scenario.id}).`,
          step: -1,
          loc: logoffLoc(object),
        },
      ],
    };
  },
};
