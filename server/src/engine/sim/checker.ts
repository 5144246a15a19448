// The checker contract: a checker is a small state machine that sees the events of a path as they happen
// (calls on the protocol's objects, releases, deaths, returns, the scenario's steps, its end). Its state is
// part of what two paths must agree on to be merged, so merging never hides from a checker what it needs.
import type { Ev } from './state';

export interface Checker<S = unknown> {
  id: string;
  initial(): S;
  /** The new state after `ev`, the event at position `index` of the path. States are never changed in place. */
  onEvent(s: S, ev: Ev, index: number): S;
  /** What of the state matters for merging. */
  key(s: S): string;
}
