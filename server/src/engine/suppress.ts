// `// mapi-lint-disable-next-line <rule>[, <rule>…] [-- reason]` and `// mapi-lint-disable-line <rule>`.
// Directives are read from comments only (a scan that knows strings and characters), so the same words in
// a string literal do nothing.
import { LineIndex } from './text/lines';
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

/** The comments of a text: [start, end) offsets. */
export function comments(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      let j = i + 2;
      while (j < n && text.charCodeAt(j) !== 10) j++;
      out.push({ start: i, end: j });
      i = j;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const e = text.indexOf('*/', i + 2);
      const j = e < 0 ? n : e + 2;
      out.push({ start: i, end: j });
      i = j;
    } else if (c === 34 || c === 39) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === c || d === 10) break;
        else j++;
      }
      i = j + 1;
    } else i++;
  }
  return out;
}

export function collectDirectives(file: string, text: string, lines?: LineIndex): Directive[] {
  if (!text.includes('mapi-lint-disable')) return [];
  const idx = lines ?? new LineIndex(text);
  const out: Directive[] = [];
  for (const c of comments(text)) {
    const body = text.slice(c.start, c.end);
    if (!body.includes('mapi-lint-disable')) continue;
    const d = parseDirectiveText(body);
    if (!d) continue;
    const a = idx.position(c.start);
    const b = idx.position(c.end);
    const loc: Loc = { file, range: { startLine: a.line, startCol: a.col, endLine: b.line, endCol: b.col } };
    out.push({ ...d, loc, targetLine: d.kind === 'disable-line' ? a.line : b.line + 1 });
  }
  return out;
}
