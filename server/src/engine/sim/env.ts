// What the path engine asks of the world around the code: the environment (MAPI's side of the protocol,
// in engine/mapi/) answers method calls on its own objects and calls to functions the sources do not
// define; the library models (library.ts) answer for the C and C++ libraries providers are written with.
import type { Expr } from '../ir/types';
import type { Loc } from '../types';
import type { State, Val } from './state';

export interface VOut {
  st: State;
  v: Val;
}

/** What a model of a call may use of the engine. */
export interface CallSite {
  loc: Loc;
  /** The argument expressions as written (a model may need to know `&x` from `x`). */
  argExprs: readonly Expr[];
  depth: number;
  /** Calls a method on an object the way the code would (virtual dispatch, models, the environment). */
  callMethod(st: State, recv: Val, name: string, args: Val[]): VOut[];
  /** Calls a function value (a function pointer, a lambda). */
  callValue(st: State, fn: Val, args: Val[]): VOut[];
  /** Reads what a pointer points at, writes through it. */
  load(st: State, p: Val): Val;
  store(st: State, p: Val, v: Val): void;
  /** Runs the destructors of an object and frees it (`delete`). */
  destroy(st: State, obj: number, free: boolean): State[];
  /** Adds an event to the path (checkers see it). */
  emit(st: State, kind: string, message: string, data?: Record<string, unknown>): void;
  /** Describes a value for a trace ("the support object", "0x8"). */
  describe(st: State, v: Val): string;
}

export interface Env {
  /** A method call on an object of the environment (`obj.kind === 'env'`); undefined: not modelled. */
  envMethod(st: State, obj: number, method: string, args: Val[], site: CallSite): VOut[] | undefined;
  /** A free function the sources do not define (a library's); undefined: not modelled (unseen). */
  externalFunction(st: State, name: string, args: Val[], site: CallSite): VOut[] | undefined;
  /** Constants of the SDK headers (`LOGOFF_ABORT`, `S_OK`, `MAPI_E_CALL_FAILED`). */
  constant(name: string): number | undefined;
  /**
   * A method call on an object of the sources that the environment took over (MAPI's stub after MakeInvalid):
   * the environment answers instead of the object's code; undefined: the object's code runs.
   */
  intercept?(st: State, obj: number, method: string, args: Val[], site: CallSite): VOut[] | undefined;
}

export interface Limits {
  /** Paths alive at once per scenario before the analysis is cut (and says so). */
  maxPaths: number;
  /** Statements executed per scenario before the analysis is cut. */
  maxSteps: number;
  /** Depth of calls followed. */
  maxCallDepth: number;
}

export const DEFAULT_LIMITS: Limits = { maxPaths: 256, maxSteps: 200_000, maxCallDepth: 24 };
