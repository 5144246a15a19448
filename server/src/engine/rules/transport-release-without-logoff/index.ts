// transport-release-without-logoff: a final Release that arrives without TransportLogoff leaves undone what
// TransportLogoff does (compared with the same session with TransportLogoff).
import type { Rule } from '../rule';
import { transportReleaseWithoutLogoffFix } from './fix';
import { endOf, releaseLoc, stepOf } from '../family/events';

interface S {
  end?: { supportHeld: boolean; statusAlive: boolean };
  /** In the provider's Shutdown, and whether it reached the freed logon (the logon left the provider's list). */
  inShutdown?: boolean;
  listLeft?: boolean;
}

const WITHOUT = 'xp-release-without-logoff';
const WITH = 'xp-status-released';

export const transportReleaseWithoutLogoff: Rule<S> = {
  meta: {
    id: 'transport-release-without-logoff',
    defaultSeverity: 'warning',
    short: 'A transport logon does not do its logoff work when its final Release comes without TransportLogoff.',
    full:
      'For robustness a transport logon should cope with a final Release that arrives without TransportLogoff: it then does ' +
      'the logoff work itself (releases its support object and status object, leaves the provider\'s list). Reported when ' +
      'the same session with TransportLogoff releases what the Release-only one leaves.',
    precision: 'medium',
    tags: ['mapi', 'transport', 'robustness'],
  },
  objects: ['xplogon'],
  fix: transportReleaseWithoutLogoffFix,
  scenarios: (sc) => sc.id === WITHOUT || sc.id === WITH,
  checker: {
    id: 'transport-release-without-logoff',
    initial: () => ({}),
    onEvent(s, ev) {
      const step = stepOf(ev);
      if (step) return { ...s, inShutdown: step === 'shutdown' };
      if (ev.kind === 'nested-begin' && ev.data?.what === 'Shutdown') return { ...s, inShutdown: true };
      if (ev.kind === 'use-after-free' && s.inShutdown && ev.data?.tracked === 'logon') return { ...s, listLeft: true };
      const end = endOf(ev);
      if (!end) return s;
      const sup = end.supports.find((x) => x.logon === 1);
      return { ...s, end: { supportHeld: !!sup && sup.held && (sup.refs ?? 0) > 0, statusAlive: end.alive.status === true } };
    },
    key: (s) => `${s.end ? `${s.end.supportHeld ? 1 : 0}${s.end.statusAlive ? 1 : 0}` : ''}${s.inShutdown ? 's' : ''}${s.listLeft ? 'l' : ''}`,
  },
  verdict() {
    return { violations: [] };
  },
  across(ends, { object }) {
    // A path that ended on a crash is judged only for the list entry it reached (its end is not seen).
    const without = ends.filter((e) => e.scenario === WITHOUT);
    const withLogoff = ends.filter((e) => e.scenario === WITH);
    if (!without.length || !withLogoff.length || withLogoff.some((e) => e.crashed)) return [];
    const whole = (list: typeof ends) => list.filter((e) => !e.crashed && e.state.end);
    const missing: string[] = [];
    if (whole(without).some((e) => e.state.end!.supportHeld) && whole(withLogoff).every((e) => !e.state.end!.supportHeld)) missing.push('release its support object');
    if (whole(without).some((e) => e.state.end!.statusAlive) && whole(withLogoff).every((e) => !e.state.end!.statusAlive)) missing.push('release its status object');
    if (without.some((e) => e.state.listLeft) && withLogoff.every((e) => !e.state.listLeft)) missing.push("leave the provider's list of logons");
    if (!missing.length) return [];
    return [{ scenario: WITHOUT, step: -1, loc: releaseLoc(object), message: `When ${object.name}'s final Release comes without TransportLogoff, it does not ${missing.join(' or ')}, as TransportLogoff does (scenario: ${WITHOUT}).` }];
  },
};
