import type { Rule, StoreRun, Violation } from './rule';
import { completePaths, releaseLoc } from './rule';

export const supportReleaseMissing: Rule = {
  id: 'support-release-missing',
  check({ store, runs }: StoreRun): Violation[] {
    if (!store.supportMembers.length) return [];
    const names = store.supportMembers.map((m) => m.field.name).join(', ');
    const out: Violation[] = [];
    for (const run of runs) {
      for (const path of completePaths(run)) {
        if (path.supRefsAtEnd <= 0) continue;
        out.push({
          ruleId: this.id,
          message: `The final Release of ${store.name} can finish without releasing the support object (${names}) (scenario: ${run.scenario.id}).`,
          loc: releaseLoc(store),
          scenario: run.scenario.id,
          path,
          step: -1,
        });
      }
    }
    return out;
  },
};
