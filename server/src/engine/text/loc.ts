// Locations as text.
import type { Loc } from '../types';

export function locKey(loc: Loc): string {
  const r = loc.range;
  return `${loc.file}:${r.startLine}:${r.startCol}:${r.endLine}:${r.endCol}`;
}

export function formatLoc(loc: Loc): string {
  return `${loc.file}:${loc.range.startLine + 1}:${loc.range.startCol + 1}`;
}
