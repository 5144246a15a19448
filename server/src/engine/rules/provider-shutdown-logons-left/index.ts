// provider-shutdown-logons-left: the provider's Shutdown or Release (or another logon's logoff) reaches a
// logon that is already gone: the logon did not take itself out of the provider's list.
import type { Loc } from '../../types';
import type { Rule } from '../rule';
import { stepOf } from '../family/events';

interface S {
  /** Where the path is: 0 elsewhere, 1 in the provider's Shutdown/Release, 2 in the second logon's methods. */
  where: 0 | 1 | 2;
  hit?: { index: number; loc?: Loc };
}

export const providerShutdownLogonsLeft: Rule<S> = {
  meta: {
    id: 'provider-shutdown-logons-left',
    defaultSeverity: 'error',
    short: "A provider's Shutdown (or another logon) reaches a logon that is already freed.",
    full:
      "Every path that ends a logon takes it out of its provider's list of logons, whatever its place in the list. A Shutdown " +
      "that walks the list, or another logon that unlinks itself, otherwise reaches freed memory.",
    precision: 'high',
    tags: ['mapi', 'provider', 'use-after-free'],
  },
  objects: ['ablogon', 'xplogon', 'mslogon'],
  scenarios: (sc) => sc.id !== 'xp-release-without-logoff',
  checker: {
    id: 'provider-shutdown-logons-left',
    initial: () => ({ where: 0 }),
    onEvent(s, ev, index) {
      if (s.hit) return s;
      const step = stepOf(ev);
      if (step) return { where: step === 'shutdown' ? 1 : step === 'logoff2' || step === 'release2' ? 2 : 0 };
      if (ev.kind === 'nested-begin' && ev.data?.what === 'Shutdown') return { ...s, where: 1 };
      if (ev.kind === 'nested-end' && ev.data?.what === 'Shutdown') return { ...s, where: 0 };
      if (ev.kind === 'use-after-free' && s.where !== 0 && ev.data?.tracked === 'logon' && !ev.data?.byMapi) return { ...s, hit: { index, loc: ev.loc } };
      return s;
    },
    key: (s) => `${s.where}${s.hit ? 'h' : ''}`,
  },
  verdict(s, { object, scenario }) {
    if (!s.hit) return { violations: [] };
    return { violations: [{ message: `The provider reaches a ${object.name} that is already freed: the logon did not take itself out of the provider's list (scenario: ${scenario.id}).`, step: s.hit.index, loc: s.hit.loc ?? object.loc }] };
  },
};
