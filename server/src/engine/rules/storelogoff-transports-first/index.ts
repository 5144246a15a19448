// storelogoff-transports-first: in the eager design, StoreLogoff calls other support methods first.
import type { Loc } from '../../types';
import type { Rule } from '../rule';
import { storelogoffTransportsFirstFix } from './fix';
import { entryOf, isOtherSupportMethod, isSupportCall, SLT } from '../store/events';

interface S {
  before?: { index: number; method: string; loc?: Loc };
  /** StoreLogoffTransports ran inside StoreLogoff after another support method. */
  late: boolean;
  done: boolean;
}

export const storelogoffTransportsFirst: Rule<S> = {
  meta: {
    id: 'storelogoff-transports-first',
    defaultSeverity: 'warning',
    short: 'StoreLogoff calls other support methods before StoreLogoffTransports.',
    full:
      'In the eager design, StoreLogoff should begin by calling IMAPISupport::StoreLogoffTransports so that the transports ' +
      'attached to the store log off before the store does anything else with MAPI.',
    precision: 'high',
    tags: ['mapi', 'message-store', 'protocol', 'ordering'],
  },
  objects: ['store'],
  fix: storelogoffTransportsFirstFix,
  scenarios: (sc) => sc.id === 'orderly',
  checker: {
    id: 'storelogoff-transports-first',
    initial: () => ({ late: false, done: false }),
    onEvent(s, ev, index) {
      if (s.done || ev.kind !== 'support-call' || entryOf(ev) !== 'StoreLogoff') return s;
      if (isSupportCall(ev, SLT)) return { ...s, late: !!s.before, done: true };
      if (!s.before && isOtherSupportMethod(ev)) return { ...s, before: { index, method: String(ev.data?.method), loc: ev.loc } };
      return s;
    },
    key: (s) => `${s.before ? 'b' : ''}${s.late ? 'l' : ''}${s.done ? 'd' : ''}`,
  },
  verdict(s, { object }) {
    if (!s.late || !s.before) return { violations: [] };
    return {
      violations: [
        {
          message: `StoreLogoff of ${object.name} calls ${s.before.method} on the support object before StoreLogoffTransports; it should begin by logging off the transports.`,
          step: s.before.index,
          loc: s.before.loc ?? object.loc,
        },
      ],
    };
  },
};
