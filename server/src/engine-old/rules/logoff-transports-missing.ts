import type { Rule, StoreRun, Violation } from './rule';
import { completePaths, storeLogoffLoc, transportsCalls } from './rule';

export const logoffTransportsMissing: Rule = {
  id: 'logoff-transports-missing',
  check({ store, runs }: StoreRun): Violation[] {
    const out: Violation[] = [];
    for (const run of runs) {
      if (!run.scenario.orderly) continue;
      for (const path of completePaths(run)) {
        if (transportsCalls(path).length) continue;
        out.push({
          ruleId: this.id,
          message: `After StoreLogoff and the final Release, ${store.name} never called StoreLogoffTransports (scenario: ${run.scenario.id}).`,
          loc: storeLogoffLoc(store),
          scenario: run.scenario.id,
          path,
          step: -1,
        });
      }
    }
    return out;
  },
};
