// What a rule is: a small observer over the simulated traces of one store.
import type { StoreModel } from '../model/model';
import type { Ev, PathResult, ScenarioRun } from '../sim/interp';
import type { Loc } from '../types';

export interface StoreRun {
  store: StoreModel;
  runs: ScenarioRun[];
}

export interface Violation {
  ruleId: string;
  message: string;
  loc: Loc;
  scenario: string;
  path: PathResult;
  /** Index of the event that breaks the rule; -1 when the problem is an absence at the end of the path. */
  step: number;
}

export interface Rule {
  id: string;
  check(run: StoreRun): Violation[];
}

/** Paths that ran to the end (a path cut by a cap is never judged). */
export function completePaths(run: ScenarioRun): PathResult[] {
  return run.paths.filter((p) => !p.cut);
}

export function transportsCalls(path: PathResult): { ev: Ev; index: number }[] {
  const out: { ev: Ev; index: number }[] = [];
  path.events.forEach((ev, index) => {
    if (ev.kind === 'call' && ev.method === 'StoreLogoffTransports') out.push({ ev, index });
  });
  return out;
}

/** Where an absence in the final release is reported: the Release the client reaches, or the store's name. */
export function releaseLoc(store: StoreModel): Loc {
  return store.release && store.lineage.some((c) => c.name === store.release!.scope) && store.release.scope === store.name
    ? store.release.loc
    : store.release && store.style === 'c-vtable'
      ? store.release.loc
      : store.loc;
}

export function storeLogoffLoc(store: StoreModel): Loc {
  return store.storeLogoff?.loc ?? store.loc;
}
