// Human-readable output: one `file:line:col  severity  message  rule-id` line per finding (clickable in
// terminals and editors), then a summary. Nothing at all when there is nothing to report.
import type { Severity } from '../../engine';
import { countFindings, displayPath, oneBased, sortFindings, summaryLine, verdictLine, type Report } from './report';

export interface TextOptions {
  color: boolean;
}

const ANSI = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;

export function formatText(report: Report, options: TextOptions): string {
  const paint = (code: keyof typeof ANSI, s: string): string => (options.color ? `\u001b[${ANSI[code]}m${s}\u001b[0m` : s);
  const sevColor: Record<Severity, keyof typeof ANSI> = { error: 'red', warning: 'yellow', info: 'cyan' };
  const findings = sortFindings(report.findings);
  const verdicts = verdictLine(report.verdicts);
  // Silent on success; a run that left rules undecided says so even without findings.
  if (findings.length === 0) return verdicts && report.verdicts!.notDecided > 0 ? `${paint('dim', verdicts)}\n` : '';
  const rows = findings.map((f) => {
    const p = oneBased(f.loc);
    return { where: `${displayPath(f.loc.file, report.cwd)}:${p.line}:${p.column}`, f };
  });
  const whereWidth = Math.max(...rows.map((r) => r.where.length));
  const sevWidth = Math.max(...rows.map((r) => r.f.severity.length));
  const lines = rows.map(
    ({ where, f }) =>
      `${where.padEnd(whereWidth)}  ${paint(sevColor[f.severity], f.severity.padEnd(sevWidth))}  ${oneLine(f.message)}  ${paint('dim', f.ruleId)}`,
  );
  const counts = countFindings(findings);
  const summary = summaryLine(counts);
  lines.push('', paint('bold', counts.errors > 0 ? paint('red', summary) : counts.warnings > 0 ? paint('yellow', summary) : summary));
  if (verdicts) lines.push(paint('dim', verdicts));
  return `${lines.join('\n')}\n`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ');
}
