// GitHub Actions workflow commands: one annotation per finding.
//   ::error file=src/a.cpp,line=3,col=5,endLine=3,endColumn=9,title=rule-id::message
// Escaping as the runner expects: in the message '%', '\r', '\n'; in properties also ':' and ','.
import type { Severity } from '../../engine';
import { displayPath, oneBased, sortFindings, type Report } from './report';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function formatGithub(report: Report): string {
  const out: string[] = [];
  for (const f of sortFindings(report.findings)) {
    const p = oneBased(f.loc);
    const props = [
      `file=${escapeProperty(displayPath(f.loc.file, report.cwd))}`,
      `line=${p.line}`,
      `col=${p.column}`,
      `endLine=${p.endLine}`,
      `endColumn=${p.endColumn}`,
      `title=${escapeProperty(f.ruleId)}`,
    ];
    out.push(`::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`);
  }
  // What the engine could not decide (code it did not see, a budget that cut the analysis): notices, never errors.
  for (const n of report.notes) {
    if (n.kind !== 'not-decided' && n.kind !== 'analysis-capped') continue;
    const props = [`file=${escapeProperty(displayPath(n.file, report.cwd))}`];
    if (n.loc) {
      const p = oneBased(n.loc);
      props.push(`line=${p.line}`, `col=${p.column}`);
    }
    props.push(`title=${escapeProperty(n.kind === 'not-decided' ? 'mapi-lint: not decided' : 'mapi-lint: analysis cut')}`);
    out.push(`::notice ${props.join(',')}::${escapeData(n.message)}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
