// `// mapi-lint-disable-next-line <rule>[, <rule>…] [-- reason]` and `// mapi-lint-disable-line <rule>`.
// Directives are read from comment nodes only, so the same words inside a string literal do nothing.
import type { SyntaxNode } from './parse/parser';
import { nodeLoc } from './model/loc';
import type { Loc } from './types';

export interface Directive {
  /** The line (0-based) whose findings it suppresses. */
  targetLine: number;
  rules: string[];
  loc: Loc;
  kind: 'disable-line' | 'disable-next-line';
}

const DIRECTIVE = /mapi-lint-(disable-next-line|disable-line)\b([^\n]*)/;

export function parseDirectiveText(comment: string): { kind: Directive['kind']; rules: string[] } | undefined {
  const m = DIRECTIVE.exec(comment);
  if (!m) return undefined;
  let rest = m[2].replace(/\*\/\s*$/, '');
  const reason = rest.indexOf('--');
  if (reason >= 0) rest = rest.slice(0, reason);
  const rules = rest
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  return { kind: m[1] as Directive['kind'], rules };
}

export function collectDirectives(file: string, root: SyntaxNode, text: string): Directive[] {
  // Find the words in the text first: walking every node of a large file through the parser's API is slow.
  const out: Directive[] = [];
  const seen = new Set<number>();
  for (let i = text.indexOf('mapi-lint-disable'); i >= 0; i = text.indexOf('mapi-lint-disable', i + 1)) {
    const n = root.descendantForIndex(i);
    if (n.type !== 'comment' || seen.has(n.startIndex)) continue;
    seen.add(n.startIndex);
    const d = parseDirectiveText(n.text);
    if (!d) continue;
    const loc = nodeLoc(file, n);
    out.push({ ...d, loc, targetLine: d.kind === 'disable-line' ? loc.range.startLine : loc.range.endLine + 1 });
  }
  return out;
}
