// A unified diff of two texts, for `--fix-dry-run` and `simulate --fix`: jsdiff's line diff (Myers), three
// lines of context, `--- a/...` and `+++ b/...` headers as `git diff` writes them. Lines are compared whole,
// line endings included, so a CRLF file's diff shows its CRLF lines unchanged.
import { structuredPatch } from 'diff';

const CONTEXT = 3;

/** The diff from `a` to `b`; '' when they are equal. */
export function unifiedDiff(oldName: string, newName: string, a: string, b: string): string {
  if (a === b) return '';
  const patch = structuredPatch(oldName, newName, a, b, undefined, undefined, { context: CONTEXT });
  if (patch.hunks.length === 0) return '';
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  for (const h of patch.hunks) {
    // An empty side names the line before it, as diff -u does (jsdiff's formatPatch does the same).
    const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart;
    const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart;
    out += `@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@\n`;
    for (const line of h.lines) out += `${line}\n`;
  }
  return out;
}
