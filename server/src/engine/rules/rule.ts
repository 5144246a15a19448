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
}

export interface Rule<S = unknown> {
  meta: RuleMeta;
  /** The kinds of object it checks. */
  objects: readonly ObjectKind[];
  /** The scenarios it looks at (all when absent). */
  scenarios?: (scenario: { id: string; orderly?: boolean }) => boolean;
  checker: Checker<S>;
  verdict(state: S, ctx: PathContext): PathVerdict;
  fix?: FixProvider;
}

/** Engine-level rules that observe no simulation (`unused-suppression`). */
export interface MetaRule {
  meta: RuleMeta;
}
