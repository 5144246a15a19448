// Machine-readable output. The shape is stable (bump `schemaVersion` on any incompatible change):
// {
//   "schemaVersion": 1,
//   "tool": { "name": "mapi-lint", "version": "0.1.0" },
//   "files": [ { "path": "src/store.cpp", "errors": 1, "warnings": 0, "infos": 0 } ],
//   "findings": [ {
//     "ruleId": "support-release-missing", "severity": "error" | "warning" | "info", "message": "...",
//     "file": "src/store.cpp", "line": 52, "column": 5, "endLine": 52, "endColumn": 17,
//     "store": "CMsgStore" | null, "scenario": "abrupt" | null,
//     "docsUrl": "https://.../support-release-missing.md",
//     "trace": [ { "kind": "call", "message": "...", "file": "src/store.cpp" | null,
//                  "line": 40 | null, "column": 3 | null, "endLine": 40 | null, "endColumn": 30 | null } ]
//   } ],
//   "notes": [ { "kind": "parse-error" | "analysis-capped" | "skipped" | "internal-error",
//                "file": "src/store.cpp", "message": "...", "line": 3 | null, "column": 1 | null } ],
//   "summary": { "files": 1, "problems": 1, "errors": 1, "warnings": 0, "infos": 0 }
// }
// Paths are relative to the working directory with '/' (absolute when outside it). Lines and columns
// are 1-based; columns count UTF-16 code units; endColumn is one past the last character.
import type { Loc } from '../../engine';
import { ruleDocUrl } from '../../project/docs';
import { countFindings, displayPath, oneBased, sortFindings, type Report } from './report';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonLocation {
  file: string | null;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
}

export interface JsonTraceStep extends JsonLocation {
  kind: string;
  message: string;
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  store: string | null;
  scenario: string | null;
  docsUrl: string;
  trace: JsonTraceStep[];
}

export interface JsonNote {
  kind: string;
  file: string;
  message: string;
  line: number | null;
  column: number | null;
  /** For `not-decided` and `analysis-capped` notes: the rules it leaves undecided. */
  rules?: string[];
}

export interface JsonReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  files: { path: string; errors: number; warnings: number; infos: number }[];
  findings: JsonFinding[];
  notes: JsonNote[];
  summary: {
    files: number;
    problems: number;
    errors: number;
    warnings: number;
    infos: number;
    /** Provider objects checked, and how many (object, rule) pairs were found defective, not decided, clean. */
    verdicts: { objects: number; defect: number; notDecided: number; clean: number };
  };
}

export function toJsonReport(report: Report): JsonReport {
  const rel = (f: string): string => displayPath(f, report.cwd);
  const loc = (l: Loc | undefined): JsonLocation => {
    if (!l) return { file: null, line: null, column: null, endLine: null, endColumn: null };
    const p = oneBased(l);
    return { file: rel(l.file), line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn };
  };
  const findings = sortFindings(report.findings);
  const counts = countFindings(findings);
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: report.toolName, version: report.toolVersion },
    files: report.files.map((file) => {
      const c = countFindings(findings.filter((f) => f.loc.file === file));
      return { path: rel(file), errors: c.errors, warnings: c.warnings, infos: c.infos };
    }),
    findings: findings.map((f) => {
      const p = oneBased(f.loc);
      return {
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        file: rel(f.loc.file),
        line: p.line,
        column: p.column,
        endLine: p.endLine,
        endColumn: p.endColumn,
        store: f.store ?? null,
        scenario: f.scenario ?? null,
        docsUrl: ruleDocUrl(f.ruleId, report.docsBaseUrl),
        trace: f.trace.map((s) => ({ kind: s.kind, message: s.message, ...loc(s.loc) })),
      };
    }),
    notes: report.notes.map((n) => {
      const p = n.loc ? oneBased(n.loc) : undefined;
      return { kind: n.kind, file: rel(n.file), message: n.message, line: p?.line ?? null, column: p?.column ?? null, ...(n.rules ? { rules: n.rules } : {}) };
    }),
    summary: {
      files: report.files.length,
      problems: counts.errors + counts.warnings + counts.infos,
      errors: counts.errors,
      warnings: counts.warnings,
      infos: counts.infos,
      verdicts: { objects: report.verdicts?.objects ?? 0, defect: report.verdicts?.defect ?? 0, notDecided: report.verdicts?.notDecided ?? 0, clean: report.verdicts?.clean ?? 0 },
    },
  };
}

export function formatJson(report: Report): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
