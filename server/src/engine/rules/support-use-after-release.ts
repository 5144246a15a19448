import type { Rule, StoreRun, Violation } from './rule';
import { completePaths } from './rule';

export const supportUseAfterRelease: Rule = {
  id: 'support-use-after-release',
  check({ store, runs }: StoreRun): Violation[] {
    const out: Violation[] = [];
    for (const run of runs) {
      for (const path of completePaths(run)) {
        const i = path.events.findIndex((e) => e.kind === 'use-after-release');
        if (i < 0 || !path.events[i].loc) continue;
        const ev = path.events[i];
        const what = ev.method === 'Release' ? 'releases the support object again' : `calls ${ev.method} on the support object`;
        out.push({
          ruleId: this.id,
          message: `${store.name} ${what} after it released it (scenario: ${run.scenario.id}).`,
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
