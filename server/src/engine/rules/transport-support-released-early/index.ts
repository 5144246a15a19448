// transport-support-released-early: a transport logon's support release is not the last thing its shutdown
// does: inside that release MAPI may shut the provider down and free it.
import type { Loc } from '../../types';
import type { Rule } from '../rule';
import { transportSupportReleasedEarlyFix } from './fix';
import { isSupportEvent, logonOf, methodOf, refsAfterOf, refsBeforeOf } from '../family/events';

interface S {
  /** The logon's support object went back to MAPI's reference. */
  gone: boolean;
  /** MAPI's nested Shutdown and Release of the provider: not yet, running, done. */
  phase: 0 | 1 | 2;
  /** Objects freed during that nested teardown. */
  freed: number[];
  hit?: { index: number; what: string; loc?: Loc };
}

export const transportSupportReleasedEarly: Rule<S> = {
  meta: {
    id: 'transport-support-released-early',
    defaultSeverity: 'error',
    short: "A transport logon touches its support object or its provider after releasing the support object.",
    full:
      "Releasing its support object must be a transport logon's last act of TransportLogoff: inside that release the " +
      "spooler may shut the provider down and release it. After it, the logon may neither call the support object nor " +
      "touch the provider object (its list, its critical section, its members).",
    precision: 'high',
    tags: ['mapi', 'transport', 'ordering', 'use-after-free'],
  },
  objects: ['xplogon'],
  fix: transportSupportReleasedEarlyFix,
  checker: {
    id: 'transport-support-released-early',
    initial: () => ({ gone: false, phase: 0, freed: [] }),
    onEvent(s, ev, index) {
      if (s.hit) return s;
      if (ev.kind === 'nested-begin' && ev.data?.what === 'Shutdown') return { ...s, phase: 1 };
      if (ev.kind === 'nested-end' && ev.data?.what === 'Shutdown') return { ...s, phase: 2 };
      if (ev.kind === 'destroy' && s.phase === 1 && typeof ev.data?.obj === 'number') return { ...s, freed: [...s.freed, ev.data.obj as number] };
      if (ev.kind === 'use-after-free' && s.phase === 2 && s.freed.includes(ev.data?.obj as number) && !ev.data?.byMapi) {
        return { ...s, hit: { index, what: 'the provider, which MAPI shut down and freed inside that release', loc: ev.loc } };
      }
      if (!isSupportEvent(ev) || logonOf(ev) !== 1) return s;
      if (s.gone && s.phase !== 1 && ev.kind === 'support-call' && (refsBeforeOf(ev) ?? 1) <= 0) {
        return { ...s, hit: { index, what: `its support object (${methodOf(ev)})`, loc: ev.loc } };
      }
      if (ev.kind === 'support-release' && (refsBeforeOf(ev) ?? 0) > 0 && refsAfterOf(ev) === 0) return { ...s, gone: true };
      return s;
    },
    key: (s) => `${s.gone ? 1 : 0}${s.phase}${s.freed.join(',')}${s.hit ? 'h' : ''}`,
  },
  verdict(s, { object, scenario }) {
    if (!s.hit) return { violations: [] };
    return { violations: [{ message: `${object.name} uses ${s.hit.what} after releasing its support object; that release must come last (scenario: ${scenario.id}).`, step: s.hit.index, loc: s.hit.loc ?? object.loc }] };
  },
};
