import { LOGOFF_ABORT, flagsText } from '../sim/scenarios';
import type { Rule, StoreRun, Violation } from './rule';
import { completePaths, releaseLoc, transportsCalls } from './rule';

export const logoffAbortMissing: Rule = {
  id: 'logoff-abort-missing',
  check({ store, runs }: StoreRun): Violation[] {
    const out: Violation[] = [];
    for (const run of runs) {
      if (run.scenario.orderly) continue;
      for (const path of completePaths(run)) {
        const calls = transportsCalls(path);
        // Flags we cannot compute are given the benefit of the doubt.
        if (calls.some((c) => c.ev.flags?.k !== 'int')) continue;
        if (calls.some((c) => c.ev.flags?.k === 'int' && (c.ev.flags.v & LOGOFF_ABORT) !== 0)) continue;
        const message = calls.length
          ? `When StoreLogoff was skipped, ${store.name} calls StoreLogoffTransports with ${calls
              .map((c) => (c.ev.flags?.k === 'int' ? flagsText(c.ev.flags.v) : '?'))
              .join(', ')}${calls[0].ev.loc ? ` at line ${calls[0].ev.loc.range.startLine + 1}` : ''} instead of LOGOFF_ABORT (scenario: ${run.scenario.id}).`
          : `When StoreLogoff was skipped, the final Release of ${store.name} never calls StoreLogoffTransports(LOGOFF_ABORT) (scenario: ${run.scenario.id}).`;
        out.push({
          ruleId: this.id,
          message,
          // The problem is the final release's: the wrong call is in the message and the trace.
          loc: releaseLoc(store),
          scenario: run.scenario.id,
          path,
          step: calls.length ? calls[0].index : -1,
        });
      }
    }
    return out;
  },
};
