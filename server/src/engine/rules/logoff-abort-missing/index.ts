// logoff-abort-missing: without StoreLogoff, the final release does not call StoreLogoffTransports(LOGOFF_ABORT).
import { flagsText, LOGOFF_ABORT } from '../../mapi/constants';
import type { Loc } from '../../types';
import type { Rule } from '../rule';
import { logoffAbortMissingFix } from './fix';
import { flagsOf, isSupportCall, releaseLoc, SLT } from '../store/events';

interface S {
  abort: boolean;
  /** A call whose flags the analysis cannot compute: where. */
  unknownAt?: Loc;
  /** The store forwards its Release to another IMsgStore (a wrapper): that store's provider handles its transports. */
  forwarded?: boolean;
  /** The first call, with flags that are not LOGOFF_ABORT. */
  other?: { index: number; flags: number; loc?: Loc };
}

export const logoffAbortMissing: Rule<S> = {
  meta: {
    id: 'logoff-abort-missing',
    defaultSeverity: 'error',
    short: 'When StoreLogoff was skipped, the final Release does not call StoreLogoffTransports with LOGOFF_ABORT.',
    full:
      'Some clients release the store without calling IMsgStore::StoreLogoff. The final Release must detect that ' +
      'StoreLogoffTransports has not been called yet and call it with LOGOFF_ABORT.',
    precision: 'high',
    tags: ['mapi', 'message-store', 'protocol'],
  },
  objects: ['store'],
  fix: logoffAbortMissingFix,
  scenarios: (sc) => sc.orderly === false,
  checker: {
    id: 'logoff-abort-missing',
    initial: () => ({ abort: false }),
    onEvent(s, ev, index) {
      if (ev.kind === 'call-out' && ev.data?.iface === 'IMsgStore' && (ev.data?.method === 'Release' || ev.data?.method === 'StoreLogoff')) return s.forwarded ? s : { ...s, forwarded: true };
      if (!isSupportCall(ev, SLT)) return s;
      const f = flagsOf(ev);
      if (f?.k !== 'int') return s.unknownAt ? s : { ...s, unknownAt: ev.loc };
      if ((f.v & LOGOFF_ABORT) !== 0) return { ...s, abort: true };
      return s.other ? s : { ...s, other: { index, flags: f.v, loc: ev.loc } };
    },
    key: (s) => `${s.abort ? 1 : 0}${s.unknownAt ? 'u' : ''}${s.other ? 'o' : ''}${s.forwarded ? 'f' : ''}`,
  },
  verdict(s, { object, scenario }) {
    if (s.abort) return { violations: [] };
    if (s.forwarded) return { violations: [], undecided: 'Release is forwarded to another IMsgStore, whose provider logs off its own transports' };
    if (s.unknownAt) return { violations: [], undecided: 'the flags passed to StoreLogoffTransports could not be computed' };
    const message = s.other
      ? `When StoreLogoff was skipped, ${object.name} calls StoreLogoffTransports with ${flagsText(s.other.flags)}${s.other.loc ? ` at line ${s.other.loc.range.startLine + 1}` : ''} instead of LOGOFF_ABORT (scenario: ${scenario.id}).`
      : `When StoreLogoff was skipped, the final Release of ${object.name} never calls StoreLogoffTransports(LOGOFF_ABORT) (scenario: ${scenario.id}).`;
    return { violations: [{ message, step: s.other ? s.other.index : -1, loc: releaseLoc(object) }] };
  },
};
