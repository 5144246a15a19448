// The engine's public surface, used by the CLI, the language server and the tests.
// Pure: no file system, no process, no clock except the analysis time caps.
import type { Finding, LintResult, Loc, RuleSetting, TraceStep } from './types';

export interface Limits {
  /** Paths explored per scenario before the analysis is cut (and says so). */
  maxPaths: number;
  /** Statements executed per scenario before the analysis is cut. */
  maxSteps: number;
  /** Wall-clock milliseconds per store before the analysis is cut. */
  maxMillis: number;
  /** Depth of helper calls followed. */
  maxCallDepth: number;
}

export const DEFAULT_LIMITS: Limits = { maxPaths: 512, maxSteps: 200_000, maxMillis: 2_000, maxCallDepth: 12 };

export interface LintOptions {
  /** Rule settings for findings located in `file` (config + command line), merged over the defaults. */
  settingsFor?: (file: string) => Readonly<Record<string, RuleSetting>>;
  limits?: Partial<Limits>;
  /** Report findings only for these files (all files still feed the provider model). Default: all. */
  only?: readonly string[];
}

/** An incremental text change, as LSP sends it (positions before the change, 0-based, UTF-16 columns). */
export interface TextChange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** One explored path of one scenario. */
export interface SimulatedPath {
  steps: TraceStep[];
  /** Rule ids broken on this path, with the index of the step that breaks each (-1: an absence at the end). */
  violations: { ruleId: string; step: number; message: string }[];
}

export interface SimulatedScenario {
  id: string;
  title: string;
  paths: SimulatedPath[];
  /** Set when a cap cut the exploration of this scenario. */
  capped?: string;
}

export interface SimulatedStore {
  name: string;
  /** Where the store is declared. */
  loc: Loc;
  /** 'cpp-class' or 'c-vtable'. */
  style: string;
  release?: Loc;
  storeLogoff?: Loc;
  scenarios: SimulatedScenario[];
}

export interface SimulationReport {
  stores: SimulatedStore[];
}

export type { Finding, LintResult };
