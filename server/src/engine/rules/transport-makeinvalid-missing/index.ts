// transport-makeinvalid-missing: TransportLogoff releases the support object without first invalidating the
// logon with IMAPISupport::MakeInvalid (advice of the reference; off by default).
import type { Loc } from '../../types';
import type { Rule } from '../rule';
import { transportMakeinvalidMissingFix } from './fix';
import { entryOf, isSupportEvent, logonOf, refsAfterOf, refsBeforeOf, stepOf } from '../family/events';

interface S {
  /** Inside MAPI's call of TransportLogoff, with the support count at its first support call. */
  inLogoff: boolean;
  refsAt?: number;
  invalidated: boolean;
  hit?: { index: number; loc?: Loc };
}

export const transportMakeinvalidMissing: Rule<S> = {
  meta: {
    id: 'transport-makeinvalid-missing',
    defaultSeverity: 'off',
    short: 'TransportLogoff releases the support object without invalidating the logon first.',
    full:
      'The reference advises a transport logon to invalidate itself (IMAPISupport::MakeInvalid) before it releases its support ' +
      'object in TransportLogoff. Reported only when TransportLogoff itself releases the support object with no MakeInvalid on ' +
      'the logon or its status object before it; a release deferred to the destructor is not reported.',
    precision: 'medium',
    tags: ['mapi', 'transport', 'advice'],
  },
  objects: ['xplogon'],
  fix: transportMakeinvalidMissingFix,
  checker: {
    id: 'transport-makeinvalid-missing',
    initial: () => ({ inLogoff: false, invalidated: false }),
    onEvent(s, ev, index) {
      if (s.hit) return s;
      const step = stepOf(ev);
      if (step === 'logoff') return { inLogoff: true, invalidated: false };
      if (ev.kind === 'step-end') return s.inLogoff ? { ...s, inLogoff: false } : s;
      if (!s.inLogoff) return s;
      if (ev.kind === 'make-invalid') return { ...s, invalidated: true };
      if (!isSupportEvent(ev) || logonOf(ev) !== 1 || entryOf(ev) !== 'TransportLogoff') return s;
      const refsAt = s.refsAt ?? refsBeforeOf(ev);
      if (ev.kind === 'support-release' && !s.invalidated && refsAt !== undefined && (refsAfterOf(ev) ?? refsAt) < refsAt) return { ...s, refsAt, hit: { index, loc: ev.loc } };
      return s.refsAt === undefined ? { ...s, refsAt } : s;
    },
    key: (s) => `${s.inLogoff ? 1 : 0}${s.refsAt ?? ''}${s.invalidated ? 1 : 0}${s.hit ? 'h' : ''}`,
  },
  verdict(s, { object, scenario }) {
    if (!s.hit) return { violations: [] };
    return { violations: [{ message: `${object.name}'s TransportLogoff releases its support object without calling MakeInvalid on the logon first (scenario: ${scenario.id}).`, step: s.hit.index, loc: s.hit.loc ?? object.loc }] };
  },
};
