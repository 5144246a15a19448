// unused-suppression: a mapi-lint-disable comment that suppresses nothing (an engine-level check).
import type { MetaRule } from '../rule';

export const unusedSuppression: MetaRule = {
  meta: {
    id: 'unused-suppression',
    defaultSeverity: 'warning',
    short: 'A mapi-lint-disable comment suppresses nothing.',
    full:
      'A `mapi-lint-disable-line` or `mapi-lint-disable-next-line` comment names a rule that reports nothing on that line (or ' +
      'an unknown rule). Remove it so that stale suppressions do not pile up.',
    precision: 'very-high',
    tags: ['maintainability', 'suppression'],
  },
};
