// Rule metadata, in one place: ids are stable (CI configs, suppressions and SARIF consumers depend on them).
import type { Severity } from '../types';

export const DOCS_BASE_URL = 'https://github.com/mapi-lint/mapi-lint/blob/main/docs/rules/';

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  /** One line, for listings and SARIF shortDescription. */
  short: string;
  /** A paragraph, for SARIF fullDescription and hovers. */
  full: string;
  /** Whether the rule observes simulated traces (false for engine-level checks such as unused suppressions). */
  simulated: boolean;
}

export const RULE_CATALOG: readonly RuleMeta[] = [
  {
    id: 'support-release-missing',
    defaultSeverity: 'error',
    short: "The store's final Release does not release the support object on some path.",
    full:
      "When the last reference to the message store goes, the store must release its reference to the " +
      'IMAPISupport object (Release, a helper it calls, or the destructor reached by `delete this`). ' +
      'MAPI only then removes the MAPIUIDs and status row, calls IMSLogon::Logoff and releases the logon object.',
    simulated: true,
  },
  {
    id: 'logoff-transports-twice',
    defaultSeverity: 'error',
    short: 'IMAPISupport::StoreLogoffTransports can run more than once in one shutdown.',
    full:
      'StoreLogoffTransports must be called exactly once during shutdown. A store that calls it in StoreLogoff ' +
      'must record that it did, so that its final Release does not call it again.',
    simulated: true,
  },
  {
    id: 'logoff-abort-missing',
    defaultSeverity: 'error',
    short: 'When StoreLogoff was skipped, the final Release does not call StoreLogoffTransports with LOGOFF_ABORT.',
    full:
      'Some clients release the store without calling IMsgStore::StoreLogoff. The final Release must detect that ' +
      'StoreLogoffTransports has not been called yet and call it with LOGOFF_ABORT.',
    simulated: true,
  },
  {
    id: 'logoff-transports-missing',
    defaultSeverity: 'error',
    short: 'After StoreLogoff and the final Release, StoreLogoffTransports was never called.',
    full:
      'An orderly shutdown (StoreLogoff, then the last Release) must call IMAPISupport::StoreLogoffTransports, ' +
      'either in StoreLogoff (eager design) or in the final Release with the saved flags (deferred design).',
    simulated: true,
  },
  {
    id: 'logoff-flags-not-forwarded',
    defaultSeverity: 'warning',
    short: "StoreLogoff neither forwards nor saves the caller's flags.",
    full:
      'IMsgStore::StoreLogoff receives the logoff flags (LOGOFF_ORDERLY, LOGOFF_NO_WAIT, ...) and must pass them on ' +
      'to StoreLogoffTransports, now or later from a saved copy.',
    simulated: true,
  },
  {
    id: 'storelogoff-transports-first',
    defaultSeverity: 'warning',
    short: 'StoreLogoff calls other support methods before StoreLogoffTransports.',
    full:
      'In the eager design, StoreLogoff should begin by calling IMAPISupport::StoreLogoffTransports so that the ' +
      'transports attached to the store log off before the store does anything else with MAPI.',
    simulated: true,
  },
  {
    id: 'support-use-after-release',
    defaultSeverity: 'error',
    short: 'The support object is used, or released again, after the store released it.',
    full:
      'Nothing may use the support object after the store released its reference; the release is the last thing ' +
      'the store does with it. A Release that drops the support reference on every call, not only the last, ' +
      'releases it more than once.',
    simulated: true,
  },
  {
    id: 'unused-suppression',
    defaultSeverity: 'warning',
    short: 'A mapi-lint-disable comment suppresses nothing.',
    full:
      'A `mapi-lint-disable-line` or `mapi-lint-disable-next-line` comment names a rule that reports nothing on ' +
      'that line (or an unknown rule). Remove it so that stale suppressions do not pile up.',
    simulated: false,
  },
];

export function ruleMeta(id: string): RuleMeta | undefined {
  return RULE_CATALOG.find((r) => r.id === id);
}

export function ruleDocUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
