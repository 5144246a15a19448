// logon-support-use-after-release: a logon uses its support object, or releases it again, after its last
// reference on it is gone.
import type { Loc } from '../../types';
import type { Rule } from '../rule';
import { logonSupportUseAfterReleaseFix } from './fix';
import { entryOf, isSupportEvent, logonOf, methodOf, refsAfterOf, refsBeforeOf } from '../family/events';

interface S {
  /** Bit per logon (1, 2): its references on its support object are all given back. */
  gone: number;
  /** Inside MAPI's calls from within a support release (IMSLogon::Logoff): MAPI's object is still alive. */
  nested: number;
  hit?: { index: number; what: 'use' | 'again'; method: string; loc?: Loc };
}

/** Store methods' support calls are the store rules' business. */
const STORE_ENTRIES = new Set(['StoreLogoff', 'StoreRelease', 'setup']);

export const logonSupportUseAfterRelease: Rule<S> = {
  meta: {
    id: 'logon-support-use-after-release',
    defaultSeverity: 'error',
    short: 'A logon uses or releases its support object after giving back its last reference.',
    full:
      "A released reference is gone: after a logon's last reference on its support object is released, nothing may call " +
      'the support object (Release again, ModifyStatusRow, MakeInvalid …). A logoff and a destructor that both release ' +
      'without clearing the pointer, or a Release that drops the support object on every call, do.',
    precision: 'high',
    tags: ['mapi', 'logon', 'use-after-free'],
  },
  objects: ['ablogon', 'xplogon', 'mslogon'],
  fix: logonSupportUseAfterReleaseFix,
  checker: {
    id: 'logon-support-use-after-release',
    initial: () => ({ gone: 0, nested: 0 }),
    onEvent(s, ev, index) {
      if (s.hit) return s;
      if (ev.kind === 'nested-begin') return { ...s, nested: s.nested + 1 };
      if (ev.kind === 'nested-end') return { ...s, nested: Math.max(0, s.nested - 1) };
      if (!isSupportEvent(ev)) return s;
      const entry = entryOf(ev);
      if (STORE_ENTRIES.has(entry) || s.nested > 0 || entry.startsWith('nested:')) return s;
      const bit = logonOf(ev) === 2 ? 2 : 1;
      const before = refsBeforeOf(ev);
      if (before !== undefined && before <= 0 && (s.gone & bit || ev.kind === 'support-release')) {
        // After the last release (or a release of MAPI's own reference).
        return { ...s, hit: { index, what: ev.kind === 'support-release' ? 'again' : 'use', method: methodOf(ev), loc: ev.loc } };
      }
      if (ev.kind === 'support-release' && before !== undefined && before > 0 && refsAfterOf(ev) === 0) return { ...s, gone: s.gone | bit };
      return s;
    },
    key: (s) => `${s.gone}${s.nested}${s.hit ? s.hit.what : ''}`,
  },
  verdict(s, { object, scenario }) {
    if (!s.hit) return { violations: [] };
    const message =
      s.hit.what === 'again'
        ? `${object.name} releases its support object again after its last reference on it was released (scenario: ${scenario.id}).`
        : `${object.name} calls ${s.hit.method} on its support object after releasing its last reference on it (scenario: ${scenario.id}).`;
    return { violations: [{ message, step: s.hit.index, loc: s.hit.loc ?? object.loc }] };
  },
};
