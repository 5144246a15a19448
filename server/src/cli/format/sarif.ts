// SARIF 2.1.0, shaped for GitHub code scanning: one run; tool.driver with the full rule catalog;
// results with ruleId/ruleIndex/level, a physical location relative to %SRCROOT% (the working
// directory), partialFingerprints that survive code moving up or down, and the trace as
// relatedLocations and a codeFlow. Columns are 1-based UTF-16 code units (run.columnKind says so).
import { createHash } from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Finding, Loc, Note, Severity } from '../../engine';
import { PROJECT_URL, ruleDocUrl } from '../../project/docs';
import { RULE_CATALOG, ruleMeta, type RuleMeta } from '../../engine';
import { oneBased, sortFindings, type Report } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'mapiLintFingerprint/v1';
/** The project's home page, derived from where the rule docs live. */
export const INFORMATION_URI = PROJECT_URL;

type SarifLevel = 'error' | 'warning' | 'note';

function level(s: Severity): SarifLevel {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** "support-release-missing" -> "SupportReleaseMissing" (SARIF's reportingDescriptor.name is an identifier). */
export function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function ruleDescriptor(meta: RuleMeta, docsBase?: string): Record<string, unknown> {
  const url = ruleDocUrl(meta.id, docsBase);
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.short },
    fullDescription: { text: meta.full },
    help: { text: `${meta.full}\n\nSee ${url}`, markdown: `${meta.full}\n\n[Documentation for \`${meta.id}\`](${url})` },
    helpUri: url,
    defaultConfiguration: meta.defaultSeverity === 'off' ? { level: 'none', enabled: false } : { level: level(meta.defaultSeverity) },
    properties: { precision: meta.precision, tags: meta.tags },
  };
}

/** An artifact location: relative to %SRCROOT% (forward slashes, percent-encoded) when under the working directory. */
export function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(abs).href };
}

function region(loc: Loc): Record<string, number> {
  const p = oneBased(loc);
  let { endLine, endColumn } = p;
  if (endLine < p.line || (endLine === p.line && endColumn < p.column)) {
    endLine = p.line;
    endColumn = p.column;
  }
  return { startLine: p.line, startColumn: p.column, endLine, endColumn };
}

function physicalLocation(loc: Loc, cwd: string): Record<string, unknown> {
  return { artifactLocation: artifactLocation(loc.file, cwd), region: region(loc) };
}

export function fingerprint(ruleId: string, uri: string, lineText: string, occurrence: number): string {
  return createHash('sha256').update(`${ruleId}\0${uri}\0${lineText.trim()}\0${occurrence}`).digest('hex').slice(0, 32);
}

export function toSarif(report: Report): Record<string, unknown> {
  const rules: RuleMeta[] = [...RULE_CATALOG];
  const ruleIndex = (id: string): number => {
    let i = rules.findIndex((r) => r.id === id);
    if (i < 0) {
      // A rule the catalog does not know (should not happen): still a valid descriptor.
      rules.push(ruleMeta(id) ?? { id, defaultSeverity: 'warning', short: id, full: id, precision: 'medium', tags: [] });
      i = rules.length - 1;
    }
    return i;
  };
  const lineCache = new Map<string, string[]>();
  const lineText = (file: string, line: number): string => {
    let lines = lineCache.get(file);
    if (!lines) {
      lines = (report.sources.get(file) ?? '').split(/\r?\n|\r/);
      lineCache.set(file, lines);
    }
    return lines[line] ?? '';
  };
  const occurrences = new Map<string, number>();

  const results = sortFindings(report.findings).map((f: Finding) => {
    const uri = artifactLocation(f.loc.file, report.srcRoot ?? report.cwd).uri;
    const text = lineText(f.loc.file, f.loc.range.startLine).trim();
    const key = `${f.ruleId}\0${uri}\0${text}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    const located = f.trace
      .map((step, i) => ({ step, i }))
      .filter((s): s is { step: typeof s.step & { loc: Loc }; i: number } => s.step.loc !== undefined);
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex(f.ruleId),
      level: level(f.severity),
      message: { text: f.message },
      locations: [{ physicalLocation: physicalLocation(f.loc, report.srcRoot ?? report.cwd) }],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f.ruleId, uri, text, occurrence) },
    };
    if (located.length > 0) {
      result.relatedLocations = located.map(({ step, i }) => ({
        id: i,
        message: { text: `${i + 1}. ${step.message}` },
        physicalLocation: physicalLocation(step.loc, report.srcRoot ?? report.cwd),
      }));
      result.codeFlows = [
        {
          message: { text: f.scenario ? `Scenario: ${f.scenario}` : 'Path' },
          threadFlows: [
            {
              locations: located.map(({ step, i }) => ({
                location: { physicalLocation: physicalLocation(step.loc, report.srcRoot ?? report.cwd), message: { text: `${i + 1}. ${step.message}` } },
                kinds: [step.kind],
              })),
            },
          ],
        },
      ];
    }
    const props: Record<string, string> = {};
    if (f.store) props.store = f.store;
    if (f.scenario) props.scenario = f.scenario;
    if (Object.keys(props).length) result.properties = props;
    return result;
  });

  const notification = (n: Note): Record<string, unknown> => ({
    level: n.kind === 'skipped' || n.kind === 'not-decided' ? 'note' : n.kind === 'internal-error' ? 'error' : 'warning',
    message: { text: n.message },
    locations: [
      {
        physicalLocation: n.loc
          ? physicalLocation(n.loc, report.srcRoot ?? report.cwd)
          : { artifactLocation: artifactLocation(n.file, report.cwd) },
      },
    ],
    properties: { kind: n.kind },
  });

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.toolName,
            version: report.toolVersion,
            semanticVersion: report.toolVersion,
            informationUri: INFORMATION_URI,
            rules: rules.map((r) => ruleDescriptor(r, report.docsBaseUrl)),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(report.srcRoot ?? report.cwd).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: !report.incomplete, toolExecutionNotifications: report.notes.map(notification) }],
        results,
      },
    ],
  };
}

export function formatSarif(report: Report): string {
  return `${JSON.stringify(toSarif(report), null, 2)}\n`;
}
