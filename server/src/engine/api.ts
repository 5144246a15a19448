// The shapes of the engine's answers that cross into the shells: options, the simulation report.
import type { RuleSetting, TraceStep, Verdict, Loc } from './types';
import type { Limits } from './sim/env';

export type { Limits } from './sim/env';
export { DEFAULT_LIMITS } from './sim/env';

export interface LintOptions {
  /** Rule settings for findings located in `file` (config + command line), merged over the defaults. */
  settingsFor?: (file: string) => Readonly<Record<string, RuleSetting>>;
  limits?: Partial<Limits>;
  /** Report findings only for these files (all files still feed the provider model). Default: all. */
  only?: readonly string[];
  /** `defines` of the configuration for a file (name → value; '' for a name defined as empty). */
  definesFor?: (file: string) => ReadonlyMap<string, string> | undefined;
}

/** One explored path of one scenario. */
export interface SimulatedPath {
  steps: TraceStep[];
  /** Rule ids broken on this path, with the index of the step that breaks each (-1: an absence at the end). */
  violations: { ruleId: string; step: number; message: string }[];
  /** What this path could not see (code not in the analysed sources), if anything. */
  unseen?: string[];
}

export interface SimulatedScenario {
  id: string;
  title: string;
  paths: SimulatedPath[];
  /** Set when a budget cut the exploration of this scenario. */
  capped?: string;
}

export interface SimulatedStore {
  name: string;
  /** Where the object is declared. */
  loc: Loc;
  /** 'cpp-class' or 'c-vtable'. */
  style: string;
  /** The kind of protocol object (store, logon, provider). */
  kind?: string;
  release?: Loc;
  storeLogoff?: Loc;
  /** A logon's logoff method (IABLogon/IMSLogon::Logoff, IXPLogon::TransportLogoff). */
  logoff?: Loc;
  scenarios: SimulatedScenario[];
  /** Each rule's verdict on this object. */
  verdicts?: { ruleId: string; verdict: Verdict; reasons: string[] }[];
  /** What the setup assumed or could not see. */
  setup?: string[];
}

export interface SimulationReport {
  stores: SimulatedStore[];
}
