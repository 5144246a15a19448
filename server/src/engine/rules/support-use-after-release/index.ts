// support-use-after-release: the support object is used, or released again, after the store released it.
import type { Loc } from '../../types';
import type { Rule } from '../rule';
import { supportUseAfterReleaseFix } from './fix';
import { entryOf, int, refsBefore } from '../store/events';

interface S {
  /** The store's references on the support object fell to 0 through a release. */
  released: boolean;
  hit?: { index: number; what: 'use' | 'again' | 'premature'; method?: string; loc?: Loc };
}

export const supportUseAfterRelease: Rule<S> = {
  meta: {
    id: 'support-use-after-release',
    defaultSeverity: 'error',
    short: 'The support object is used, or released again, after the store released it.',
    full:
      'Nothing may use the support object after the store released its reference; the release is the last thing the store ' +
      'does with it. A Release that drops the support reference on every call, not only the last, releases it more than once.',
    precision: 'high',
    tags: ['mapi', 'message-store', 'use-after-free'],
  },
  objects: ['store'],
  fix: supportUseAfterReleaseFix,
  checker: {
    id: 'support-use-after-release',
    initial: () => ({ released: false }),
    onEvent(s, ev, index) {
      if (s.hit) return s;
      const k = ev.kind;
      if (k !== 'support-call' && k !== 'support-release' && k !== 'support-addref') return s;
      const before = int(refsBefore(ev));
      if (s.released && before !== undefined && before <= 0) {
        return { ...s, hit: { index, what: k === 'support-release' ? 'again' : 'use', method: String(ev.data?.method ?? (k === 'support-addref' ? 'AddRef' : 'Release')), loc: ev.loc } };
      }
      if (k === 'support-release') {
        const after = int(ev.data?.refsAfter as never);
        if (after !== undefined && after <= 0 && before !== undefined && before > 0) {
          // Released in a Release that is not the last one: the store lives on without its reference.
          if (entryOf(ev) === 'Release' && ev.data?.final === false) return { released: true, hit: { index, what: 'premature', loc: ev.loc } };
          return { ...s, released: true };
        }
      }
      return s;
    },
    key: (s) => `${s.released ? 1 : 0}${s.hit ? s.hit.what : ''}`,
  },
  verdict(s, { object, scenario }) {
    if (!s.hit) return { violations: [] };
    const h = s.hit;
    const message =
      h.what === 'premature'
        ? `${object.name} releases the support object in a Release that is not the last one, while the store is still referenced; the last Release then finds it released (scenario: ${scenario.id}).`
        : h.what === 'again'
          ? `${object.name} releases the support object again after it released it (scenario: ${scenario.id}).`
          : `${object.name} calls ${h.method} on the support object after it released it (scenario: ${scenario.id}).`;
    return { violations: [{ message, step: h.index, loc: h.loc ?? object.loc }] };
  },
};
