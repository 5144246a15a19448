import { formatLoc } from '../model/loc';
import type { Rule, StoreRun, Violation } from './rule';
import { completePaths, transportsCalls } from './rule';

export const logoffTransportsTwice: Rule = {
  id: 'logoff-transports-twice',
  check({ runs }: StoreRun): Violation[] {
    const out: Violation[] = [];
    for (const run of runs) {
      for (const path of completePaths(run)) {
        const calls = transportsCalls(path);
        if (calls.length < 2 || !calls[1].ev.loc) continue;
        const first = calls[0].ev.loc ? ` (first call at ${formatLoc(calls[0].ev.loc)})` : '';
        out.push({
          ruleId: this.id,
          message: `StoreLogoffTransports runs a second time in one shutdown${first}; it must run exactly once (scenario: ${run.scenario.id}).`,
          loc: calls[1].ev.loc,
          scenario: run.scenario.id,
          path,
          step: calls[1].index,
        });
      }
    }
    return out;
  },
};
