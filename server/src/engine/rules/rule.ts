// What a rule is: its metadata (id, severity, documentation), the objects and scenarios it looks at, a
// checker that watches a path's events (sim/checker.ts), the verdict it draws from the checker's state at the
// end of a path, and optionally a fix. The engine knows no rule; a rule knows nothing of the engine's insides.
import type { ObjectKind, ProtocolObject } from '../model/objects';
import type { Checker } from '../sim/checker';
import type { Ev } from '../sim/state';
import type { Loc, Severity } from '../types';
import type { FixProvider } from '../fix/fix';

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity | 'off';
  /** One line, for listings and SARIF shortDescription. */
  short: string;
  /** A paragraph, for SARIF fullDescription and hovers. */
  full: string;
  /** SARIF `precision`: how often a finding of this rule is right. */
  precision: 'very-high' | 'high' | 'medium' | 'low';
  /** SARIF tags. */
  tags: string[];
}

export interface Violation {
  message: string;
  /** Index of the event that breaks the rule; -1 when the problem is an absence at the end of the path. */
  step: number;
  loc: Loc;
}

/** What a rule concludes from one path. */
export interface PathVerdict {
  violations: Violation[];
  /** The rule cannot judge this path (flags it cannot compute …): why. */
  undecided?: string;
}

export interface PathContext {
  object: ProtocolObject;
  scenario: { id: string; orderly?: boolean };
  events: readonly Ev[];
  /** The events of the object's setup (its creation: the provider's Logon, a constructor), for locations. */
  setup?: readonly Ev[];
}

/** A path's end as a rule that compares scenarios sees it. */
export interface PathEnd<S> {
  scenario: string;
  state: S;
  events: readonly Ev[];
  /** The path ended on a crash of the simulated code (a call through a freed pointer). */
  crashed: boolean;
}

export interface Rule<S = unknown> {
  meta: RuleMeta;
  /** The kinds of object it checks. */
  objects: readonly ObjectKind[];
  /** The scenarios it looks at (all when absent). */
  scenarios?: (scenario: { id: string; orderly?: boolean }) => boolean;
  checker: Checker<S>;
  verdict(state: S, ctx: PathContext): PathVerdict;
  /**
   * A judgement across scenarios (a duty missing on one path that another does): called with the ends of the
   * paths the analysis saw whole (not cut, not blind; crashed ones flagged); each violation names its scenario.
   */
  across?(ends: readonly PathEnd<S>[], ctx: { object: ProtocolObject; setup?: readonly Ev[] }): (Violation & { scenario: string })[];
  fix?: FixProvider;
}

/** Engine-level rules that observe no simulation (`unused-suppression`). */
export interface MetaRule {
  meta: RuleMeta;
}
