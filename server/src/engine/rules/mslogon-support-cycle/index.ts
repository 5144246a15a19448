// mslogon-support-cycle: an IMSLogon that holds its own reference on the support object: after the store's
// final Release the support's count never comes back to MAPI's, so MAPI's IMSLogon::Logoff never comes.
import type { ProtocolObject } from '../../model/objects';
import type { Ev } from '../../sim/state';
import type { Loc } from '../../types';
import type { Rule } from '../rule';
import { isSupportEvent, locOf, logonOf, refsAfterOf, refsBeforeOf, stepOf } from '../family/events';

interface S {
  storeFreed: boolean;
  logoffCame: boolean;
  /** The support object's count as the last support event left it. */
  refs?: number;
  hit?: boolean;
}

export const mslogonSupportCycle: Rule<S> = {
  meta: {
    id: 'mslogon-support-cycle',
    defaultSeverity: 'error',
    short: "An IMSLogon holds the support object, so MAPI's IMSLogon::Logoff never comes.",
    full:
      "MAPI calls IMSLogon::Logoff from within the final release of the store's support object. An IMSLogon that takes its " +
      'own reference on the support object and gives it back only in Logoff or its own Release makes a cycle: after the ' +
      "store's final Release the support object is still referenced and the store provider is not shut down until the session ends.",
    precision: 'high',
    tags: ['mapi', 'message-store', 'logon', 'cycle'],
  },
  objects: ['mslogon'],
  scenarios: (sc) => sc.id === 'ms-store-release',
  checker: {
    id: 'mslogon-support-cycle',
    initial: () => ({ storeFreed: false, logoffCame: false }),
    onEvent(s, ev) {
      if (s.hit !== undefined) return s;
      if (ev.kind === 'destroy' && ev.data?.tracked === 'store') return { ...s, storeFreed: true };
      if (ev.kind === 'nested-begin' && ev.data?.what === 'Logoff') return { ...s, logoffCame: true };
      if (isSupportEvent(ev) && logonOf(ev) === 1) {
        const after = ev.kind === 'support-release' ? refsAfterOf(ev) : ev.kind === 'support-addref' ? (refsBeforeOf(ev) ?? -1) + 1 : refsBeforeOf(ev);
        return after !== undefined && after >= 0 ? { ...s, refs: after } : s;
      }
      // Right after the store's final Release returned.
      if (ev.kind === 'step-end' && ev.data?.step === 'store-release') return { ...s, hit: s.storeFreed && !s.logoffCame && (s.refs ?? 0) > 0 };
      if (stepOf(ev)) return s;
      return s;
    },
    key: (s) => `${s.storeFreed ? 1 : 0}${s.logoffCame ? 1 : 0}${s.refs ?? ''}${s.hit === undefined ? '' : s.hit ? 'h' : 'n'}`,
  },
  verdict(s, { object, scenario, setup }) {
    if (!s.hit) return { violations: [] };
    return {
      violations: [
        {
          message: `${object.name} holds its own reference on the support object: after the store's final Release the support object is still referenced, so MAPI never calls ${object.name}'s Logoff until the session ends (scenario: ${scenario.id}).`,
          step: -1,
          loc: addRefLoc(object, setup) ?? object.loc,
        },
      ],
    };
  },
};

/** The AddRef by which the logon's own code took its support reference while it was set up. */
function addRefLoc(object: ProtocolObject, setup: readonly Ev[] | undefined): Loc | undefined {
  const fns = object.cls ? [...object.cls.methods.values()].flat() : [...object.methods.values()];
  const spans = fns.filter((f) => f.ir.body).map((f) => locOf(f.unit, f.ir.s, f.ir.e));
  const addRefs = setup?.filter((e) => e.kind === 'support-addref' && e.loc) ?? [];
  const own = addRefs.find((e) => spans.some((sp) => sp.file === e.loc!.file && sp.range.startLine <= e.loc!.range.startLine && e.loc!.range.startLine <= sp.range.endLine));
  // Else the provider's Logon took it for the logon: the last AddRef of the setup (the store's comes first).
  return (own ?? (addRefs.length > 1 ? addRefs[addRefs.length - 1] : undefined))?.loc;
}
