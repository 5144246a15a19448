// "Disable <rule> for this line": a `// mapi-lint-disable-next-line <rule>` comment on its own line above.
import type { TextEdit } from 'vscode-languageserver';
import { detectStyle } from '../engine';
import { parseDirectiveText } from '../engine';

export const DISABLE_NEXT_LINE = 'mapi-lint-disable-next-line';
export const DISABLE_LINE = 'mapi-lint-disable-line';

/** Line `line` (0-based) without its terminator. */
export function lineAt(text: string, line: number): string | undefined {
  let start = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return text.slice(start, end);
}

// `// mapi-lint-disable-next-line a, b -- reason` (rules separated by commas and/or spaces), as the engine reads it.
const NEXT_LINE_COMMENT = /^(\s*)\/\/\s*mapi-lint-disable-next-line\b([^\r\n]*)$/;

function splitRules(comment: string, list: string): { rules: string[]; reason: string } {
  // The rules as the engine reads them; everything from `--` on is the reason, kept as written.
  const dash = list.search(/\s*--/);
  return { rules: parseDirectiveText(comment)?.rules ?? [], reason: dash >= 0 ? list.slice(dash).trimEnd() : '' };
}

/**
 * The edit that disables `ruleId` on `line`, or undefined when the line above already disables it.
 * Extends an existing disable-next-line comment on the line above; otherwise inserts one with the
 * line's indentation and the document's line ending.
 */
export function disableRuleEdit(text: string, line: number, ruleId: string): TextEdit | undefined {
  const current = lineAt(text, line);
  if (current === undefined) return undefined;
  if (line > 0) {
    const above = lineAt(text, line - 1) ?? '';
    const m = NEXT_LINE_COMMENT.exec(above);
    if (m) {
      const { rules, reason } = splitRules(above, m[2]!);
      if (rules.includes(ruleId)) return undefined;
      const newText = `${m[1]}// ${DISABLE_NEXT_LINE} ${[...rules, ruleId].join(', ')}${reason}`;
      return { range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: above.length } }, newText };
    }
  }
  const indent = /^[ \t]*/.exec(current)![0];
  const eol = detectStyle(text, 'cpp').eol;
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}// ${DISABLE_NEXT_LINE} ${ruleId}${eol}` };
}
