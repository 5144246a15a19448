// The protocol rules, in the order their findings are reported.
import { logoffAbortMissing } from './logoff-abort-missing';
import { logoffFlagsNotForwarded } from './logoff-flags-not-forwarded';
import { logoffTransportsMissing } from './logoff-transports-missing';
import { logoffTransportsTwice } from './logoff-transports-twice';
import type { Rule } from './rule';
import { storelogoffTransportsFirst } from './storelogoff-transports-first';
import { supportReleaseMissing } from './support-release-missing';
import { supportUseAfterRelease } from './support-use-after-release';

export const RULES: readonly Rule[] = [
  supportReleaseMissing,
  logoffTransportsTwice,
  logoffAbortMissing,
  logoffTransportsMissing,
  logoffFlagsNotForwarded,
  storelogoffTransportsFirst,
  supportUseAfterRelease,
];
