// The list of rules, in the order their findings are reported. Adding a rule: a folder with its index.ts,
// one line here, its tests, its page docs/rules/<id>.md (a test checks the page and the settings schema).
import { logoffAbortMissing } from './logoff-abort-missing';
import { logonObjectLeaked } from './logon-object-leaked';
import { logonOpenObjectsLeaked } from './logon-open-objects-leaked';
import { logonStatusObjectLeaked } from './logon-status-object-leaked';
import { logonSupportReleaseMissing } from './logon-support-release-missing';
import { logonSupportUseAfterRelease } from './logon-support-use-after-release';
import { mslogonLogoffStoreLeftOpen } from './mslogon-logoff-store-left-open';
import { mslogonSupportCycle } from './mslogon-support-cycle';
import { providerShutdownLogonsLeft } from './provider-shutdown-logons-left';
import { transportMakeinvalidMissing } from './transport-makeinvalid-missing';
import { transportReleaseWithoutLogoff } from './transport-release-without-logoff';
import { transportSupportReleasedEarly } from './transport-support-released-early';
import { logoffFlagsNotForwarded } from './logoff-flags-not-forwarded';
import { logoffTransportsMissing } from './logoff-transports-missing';
import { logoffTransportsTwice } from './logoff-transports-twice';
import type { MetaRule, Rule, RuleMeta } from './rule';
import { storelogoffTransportsFirst } from './storelogoff-transports-first';
import { supportReleaseMissing } from './support-release-missing';
import { supportUseAfterRelease } from './support-use-after-release';
import { unusedSuppression } from './unused-suppression';

export const RULES: readonly Rule<never>[] = [
  supportReleaseMissing,
  logoffTransportsTwice,
  logoffAbortMissing,
  logoffTransportsMissing,
  logoffFlagsNotForwarded,
  storelogoffTransportsFirst,
  supportUseAfterRelease,
  // The provider family (PROVIDER-SHUTDOWN.md).
  logonSupportReleaseMissing,
  logonSupportUseAfterRelease,
  transportSupportReleasedEarly,
  transportMakeinvalidMissing,
  logonStatusObjectLeaked,
  logonOpenObjectsLeaked,
  logonObjectLeaked,
  providerShutdownLogonsLeft,
  transportReleaseWithoutLogoff,
  mslogonSupportCycle,
  mslogonLogoffStoreLeftOpen,
] as unknown as Rule<never>[];

export const META_RULES: readonly MetaRule[] = [unusedSuppression];

export const RULE_CATALOG: readonly RuleMeta[] = [...RULES.map((r) => r.meta), ...META_RULES.map((r) => r.meta)];

export function ruleMeta(id: string): RuleMeta | undefined {
  return RULE_CATALOG.find((r) => r.id === id);
}

export const UNUSED_SUPPRESSION = unusedSuppression.meta.id;
