import type { Rule, StoreRun, Violation } from './rule';
import { completePaths, storeLogoffLoc, transportsCalls } from './rule';

export const logoffFlagsNotForwarded: Rule = {
  id: 'logoff-flags-not-forwarded',
  check({ store, runs }: StoreRun): Violation[] {
    if (!store.storeLogoff) return [];
    const out: Violation[] = [];
    for (const run of runs) {
      if (run.scenario.id !== 'orderly') continue;
      for (const path of completePaths(run)) {
        const calls = transportsCalls(path);
        if (!calls.length) continue; // that is logoff-transports-missing
        const forwarded = calls.some((c) => {
          const f = c.ev.flags;
          return !!f && (f.k === 'int' || f.k === 'unknown') && f.caller === true;
        });
        // Flags the simulator could not compute are given the benefit of the doubt.
        if (forwarded || calls.some((c) => c.ev.flags?.k === 'unknown')) continue;
        out.push({
          ruleId: this.id,
          message: `StoreLogoff of ${store.name} neither forwards nor saves the caller's flags (*lpulFlags): StoreLogoffTransports never receives them (scenario: ${run.scenario.id}).`,
          loc: storeLogoffLoc(store),
          scenario: run.scenario.id,
          path,
          step: calls[0].index,
        });
      }
    }
    return out;
  },
};
