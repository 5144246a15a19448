// The fix contract: a rule proposes candidate edits for one of its findings; the engine keeps a candidate
// only when the edited provider, analysed again, shows the finding gone, nothing new, nothing it could no
// longer decide and no crash of the simulated code (verify.ts).
import type { ObjectRun } from '../mapi/run';
import type { ProtocolObject } from '../model/objects';
import type { Program } from '../model/program';
import type { Ev } from '../sim/state';
import type { Loc, Range } from '../types';
import type { FileUnit } from '../unit';

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface FixCandidate {
  title: string;
  edits: TextEdit[];
}

export interface FixContext {
  program: Program;
  object: ProtocolObject;
  run: ObjectRun;
  ruleId: string;
  /** The finding being fixed: where, in which scenario, and the events of the path that proves it. */
  loc: Loc;
  scenario: string;
  events: readonly Ev[];
  text(path: string): string | undefined;
  unit(path: string): FileUnit | undefined;
}

export interface FixProvider {
  candidates(ctx: FixContext): FixCandidate[];
}
