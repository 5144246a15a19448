// One analysis: the units of a set of files → the program → its protocol objects → each object run through
// its scenarios → the rules' verdicts. Pure: text in, verdicts out.
import { LOGON_KINDS, runLogon } from './mapi/family';
import { runStore, type ObjectRun } from './mapi/run';
import { findObjects, type ProtocolObject } from './model/objects';
import { Program } from './model/program';
import { RULES } from './rules/index';
import { DEFAULT_LIMITS, type Limits } from './sim/env';
import type { FileUnit } from './unit';
import { verdicts, type RuleVerdict } from './verdict';

export interface ObjectReport {
  object: ProtocolObject;
  run: ObjectRun;
  verdicts: RuleVerdict[];
}

export interface AnalysisResult {
  program: Program;
  objects: ObjectReport[];
}

/** What the analysis may ask about the sources beyond the units it was given. */
export interface AnalysisContext {
  /**
   * Whether some file of the workspace (analysed or not) calls a method of this name on an object (`p->name(`,
   * `x.name(`) or takes its address: a public method nobody calls never runs during the object's life.
   */
  calledAsMember?(name: string): boolean;
}

export function analyseUnits(units: readonly FileUnit[], limits: Limits = DEFAULT_LIMITS, only?: (o: ProtocolObject) => boolean, context: AnalysisContext = {}): AnalysisResult {
  const program = new Program(units);
  const objects: ObjectReport[] = [];
  const checkers = RULES.map((r) => r.checker);
  for (const object of findObjects(program, ['store', ...LOGON_KINDS])) {
    if (only && !only(object)) continue;
    const run = object.kind === 'store' ? runStore(program, object, checkers, limits, context) : runLogon(program, object, checkers, limits, context);
    objects.push({ object, run, verdicts: verdicts(run, RULES) });
  }
  return { program, objects };
}
