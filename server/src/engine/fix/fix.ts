// The fix contract: a rule proposes candidate edits for one of its findings; the engine keeps a candidate
// only when the edited provider, analysed again, shows the finding gone and nothing new (verify.ts).
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
  /** The finding being fixed: where, and the path that proves it. */
  loc: Loc;
  events: readonly Ev[];
  scenario: string;
  unit(path: string): FileUnit | undefined;
}

export interface FixProvider {
  candidates(ctx: FixContext): FixCandidate[];
}
