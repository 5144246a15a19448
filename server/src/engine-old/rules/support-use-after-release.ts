import type { Rule, StoreRun, Violation } from './rule';
import { completePaths } from './rule';

export const supportUseAfterRelease: Rule = {
  id: 'support-use-after-release',
  check({ store, runs }: StoreRun): Violation[] {
    const out: Violation[] = [];
    for (const run of runs) {
      for (const path of completePaths(run)) {
        const i = path.events.findIndex((e) => e.kind === 'use-after-release' || e.premature);
        if (i < 0 || !path.events[i].loc) continue;
        const ev = path.events[i];
        const message = ev.premature
          ? `${store.name} releases the support object in a Release that is not the last one, while the store is still referenced; the last Release then finds it released (scenario: ${run.scenario.id}).`
          : `${store.name} ${ev.method === 'Release' ? 'releases the support object again' : `calls ${ev.method} on the support object`} after it released it (scenario: ${run.scenario.id}).`;
        out.push({
          ruleId: this.id,
          message,
          loc: ev.loc!,
          scenario: run.scenario.id,
          path,
          step: i,
        });
      }
    }
    return out;
  },
};
