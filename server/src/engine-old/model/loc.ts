import type { SyntaxNode } from '../parse/parser';
import type { Loc } from '../types';

export function nodeLoc(file: string, node: SyntaxNode): Loc {
  const s = node.startPosition;
  const e = node.endPosition;
  return { file, range: { startLine: s.row, startCol: s.column, endLine: e.row, endCol: e.column } };
}

export function locKey(loc: Loc): string {
  const r = loc.range;
  return `${loc.file}:${r.startLine}:${r.startCol}:${r.endLine}:${r.endCol}`;
}

export function formatLoc(loc: Loc): string {
  return `${loc.file}:${loc.range.startLine + 1}:${loc.range.startCol + 1}`;
}
