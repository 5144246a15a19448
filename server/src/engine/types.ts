// Shared vocabulary of the engine. Everything here is plain data: the engine is pure
// (text in, findings out) and these shapes cross into the CLI and the language server.

/** Lines and columns are 0-based; columns count UTF-16 code units (what LSP and JS strings use). */
export interface Range {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

/** A place in one source file. `file` is the path the caller gave for that file (its identity). */
export interface Loc {
  file: string;
  range: Range;
}

export type Severity = 'error' | 'warning' | 'info';
export type RuleSetting = 'off' | 'warning' | 'error';

/** One input file, already decoded to text (see text/decode.ts). */
export interface SourceInput {
  path: string;
  text: string;
}

export type TraceStepKind =
  | 'scenario' // what MAPI does next: "client calls StoreLogoff(LOGOFF_ORDERLY)"
  | 'enter' // the provider's code starts running a function
  | 'branch' // a condition was decided (known value) or assumed (fork)
  | 'call' // a method call on the support object
  | 'release' // the support object's reference was released
  | 'addref'
  | 'use-after-release'
  | 'destroy' // the store object was deleted / freed
  | 'return'
  | 'note';

/** The verdict of a rule on one object: a proven defect, not decided (what was missing), or clean. */
export type Verdict = 'defect' | 'not-decided' | 'clean';

export interface TraceStep {
  kind: TraceStepKind;
  message: string;
  loc?: Loc;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** The call, or the function name where the problem is an absence. */
  loc: Loc;
  /** Scenario id (see sim/scenarios.ts) in which the rule broke; absent for non-simulation findings. */
  scenario?: string;
  /** Name of the store object (class or struct) the finding is about. */
  store?: string;
  /** The steps of the path that breaks the rule, in order. */
  trace: TraceStep[];
  /** The build configurations (of undetermined macros) in which it happens, when not in all of them. */
  configuration?: string;
}

/** Something the engine could not do fully: a parse error, a cap that cut the analysis, a skipped file. */
export interface Note {
  file: string;
  message: string;
  kind: 'parse-error' | 'analysis-capped' | 'skipped' | 'internal-error' | 'not-decided';
  loc?: Loc;
  /** For `not-decided`: the rules it is about. */
  rules?: string[];
}

/** How many (object, rule) pairs got each verdict. */
export interface VerdictSummary {
  defect: number;
  notDecided: number;
  clean: number;
  /** Protocol objects checked. */
  objects: number;
}

export interface LintResult {
  findings: Finding[];
  notes: Note[];
  summary: VerdictSummary;
}
