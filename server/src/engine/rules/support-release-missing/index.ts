// support-release-missing: by the end of a shutdown the store still holds a reference on the support object.
import type { Rule } from '../rule';
import { supportReleaseMissingFix } from './fix';
import { int, releaseLoc } from '../store/events';

interface S {
  /** The store's references on the support object when the scenario ended (undefined: not known). */
  refs?: number;
  known: boolean;
  ended: boolean;
}

export const supportReleaseMissing: Rule<S> = {
  meta: {
    id: 'support-release-missing',
    defaultSeverity: 'error',
    short: "The store's final Release does not release the support object on some path.",
    full:
      'When the last reference to the message store goes, the store must release its reference to the IMAPISupport object ' +
      '(in Release, a helper it calls, or the destructor reached by `delete this`). MAPI only then removes the MAPIUIDs and ' +
      'status row, calls IMSLogon::Logoff and releases the logon object.',
    precision: 'high',
    tags: ['mapi', 'message-store', 'resource-leak', 'reference-counting'],
  },
  objects: ['store'],
  fix: supportReleaseMissingFix,
  checker: {
    id: 'support-release-missing',
    initial: () => ({ known: true, ended: false }),
    onEvent(s, ev) {
      if (ev.kind !== 'scenario-end') return s;
      const refs = ev.data?.supportRefs as { k: string; v?: number } | undefined;
      return refs?.k === 'int' ? { refs: refs.v, known: true, ended: true } : { known: false, ended: true };
    },
    key: (s) => `${s.ended ? 1 : 0}${s.known ? s.refs : '?'}`,
  },
  verdict(s, { object, scenario }) {
    if (!s.ended) return { violations: [] };
    if (!s.known) return { violations: [], undecided: 'the references the store holds on the support object are not known' };
    if ((s.refs ?? 0) <= 0) return { violations: [] };
    return {
      violations: [
        {
          message: `The final Release of ${object.name} can finish without releasing the support object (scenario: ${scenario.id}).`,
          step: -1,
          loc: releaseLoc(object),
        },
      ],
    };
  },
};
void int;
