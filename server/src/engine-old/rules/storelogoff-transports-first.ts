import type { Rule, StoreRun, Violation } from './rule';
import { completePaths } from './rule';

const IUNKNOWN = new Set(['AddRef', 'Release', 'QueryInterface']);

export const storelogoffTransportsFirst: Rule = {
  id: 'storelogoff-transports-first',
  check({ store, runs }: StoreRun): Violation[] {
    const out: Violation[] = [];
    for (const run of runs) {
      if (run.scenario.id !== 'orderly') continue;
      for (const path of completePaths(run)) {
        const during = path.events.map((ev, index) => ({ ev, index })).filter((e) => e.ev.entryName === 'StoreLogoff' && e.ev.entry === 0 && e.ev.kind === 'call');
        const transports = during.findIndex((e) => e.ev.method === 'StoreLogoffTransports');
        if (transports <= 0) continue; // deferred design, or it comes first
        const before = during.slice(0, transports).find((e) => e.ev.method && !IUNKNOWN.has(e.ev.method));
        if (!before?.ev.loc) continue;
        out.push({
          ruleId: this.id,
          message: `StoreLogoff of ${store.name} calls ${before.ev.method} on the support object before StoreLogoffTransports; it should begin by logging off the transports.`,
          loc: before.ev.loc,
          scenario: run.scenario.id,
          path,
          step: before.index,
        });
      }
    }
    return out;
  },
};
