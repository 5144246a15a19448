// What the formatters receive: the engine's results plus what they need to print them
// (the working directory for relative paths, the sources for SARIF fingerprints, the tool version).
import * as path from 'path';
import type { Finding, Loc, Note, Severity, VerdictSummary } from '../../engine';

export interface Report {
  toolName: string;
  toolVersion: string;
  /** Absolute working directory: paths are shown relative to it. */
  cwd: string;
  /** The files that were linted, by their engine path (absolute). */
  files: readonly string[];
  /** The findings to report (already filtered by --quiet). */
  findings: readonly Finding[];
  /** Engine and CLI notes (parse errors, caps, skipped files); not findings. */
  notes: readonly Note[];
  /** Source text per engine path, for line text in fingerprints. */
  sources: ReadonlyMap<string, string>;
  /** Some input could not be read or configured (the run exits 2): the report is not the whole picture. */
  incomplete?: boolean;
  /** The engine's verdicts: (object, rule) pairs found defective, not decided and clean. */
  verdicts?: VerdictSummary;
  /** SARIF's %SRCROOT% (absolute); default: cwd. */
  srcRoot?: string;
  /** Where rule pages are linked (a folder URL); default: project/docs.ts's. */
  docsBaseUrl?: string;
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const c: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const f of findings) {
    if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.infos++;
  }
  return c;
}

/** `file` relative to `cwd` with forward slashes when it is inside `cwd`; otherwise as it is. */
export function displayPath(file: string, cwd: string): string {
  if (!path.isAbsolute(file)) return file.replace(/\\/g, '/');
  const rel = path.relative(cwd, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return file;
  return rel.split(path.sep).join('/');
}

/** A message with the absolute paths under `cwd` it mentions made relative (`first call at src/store.cpp:33`). */
export function relativeMessage(message: string, cwd: string): string {
  const prefix = cwd.endsWith(path.sep) ? cwd : `${cwd}${path.sep}`;
  if (!message.includes(prefix)) return message;
  return message.split(prefix).join('');
}

/** Stable order: file, line, column, rule id, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      cmp(a.loc.file, b.loc.file) ||
      a.loc.range.startLine - b.loc.range.startLine ||
      a.loc.range.startCol - b.loc.range.startCol ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 1-based positions; end column exclusive (one past the last character), as SARIF and GitHub expect. */
export interface Position1 {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function oneBased(loc: Loc): Position1 {
  const r = loc.range;
  return { line: r.startLine + 1, column: r.startCol + 1, endLine: r.endLine + 1, endColumn: r.endCol + 1 };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(c: Counts): string {
  const total = c.errors + c.warnings + c.infos;
  const parts = [plural(c.errors, 'error'), plural(c.warnings, 'warning')];
  if (c.infos > 0) parts.push(`${c.infos} info`);
  return `${plural(total, 'problem')} (${parts.join(', ')})`;
}

/** `2 stores checked: 3 rule verdicts defect, 5 not decided, 6 clean`, or undefined when nothing was checked. */
export function verdictLine(v: VerdictSummary | undefined): string | undefined {
  if (!v || !v.objects) return undefined;
  return `${plural(v.objects, 'provider object')} checked; rule verdicts: ${v.defect} defect, ${v.notDecided} not decided, ${v.clean} clean`;
}

export function severityRank(s: Severity): number {
  return s === 'error' ? 2 : s === 'warning' ? 1 : 0;
}
