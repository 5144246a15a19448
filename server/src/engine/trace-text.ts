// The text of a SimulationReport (api.ts): stores, their scenarios, the explored paths as numbered steps, and
// the rules each path breaks; every location is written as `file:line` (1-based line) and returned with its
// place in the text, so a caller can turn it into a link. One layout for both shells: `mapi-lint simulate`
// (cli/format/simulation.ts) and the editor's trace view (lsp/simulate.ts, read by syntaxes/mapi-trace).
// What differs between them (markers, indentation, wording, path order) is a TraceStyle. Pure: no fs, no process.
//
// The layout, with the style's fields in <angle brackets> and [optional] lines:
//
//   <header>                                             (the whole text is <noStore> when there is no store)
//   ['' when storeGap is 'before']
//   <storeMarker>Store <name> (<style>) at <loc>
//   <memberIndent>Release at <loc>                       (membersOnOneLine: both on one line, joined by ", ")
//   <memberIndent>StoreLogoff at <loc>
//   [<memberIndent><storeVerdict>]
//   ''
//   <scenarioMarker>Scenario <id>: <title><scenarioSuffix>   (the id is not repeated when the title starts with it)
//   [<pathIndent><capped>]
//   [<pathIndent><noPath>]                               (a scenario without paths)
//   <pathIndent><pathHeading>                            (paths in order, or failing ones first)
//   <stepIndent><n>. <kind><message>[<stepLoc.before><loc><stepLoc.after>]
//   <stepIndent><blank as wide as n>  <violation>        (each rule broken at that step; then those at the end)
//   ['' when storeGap is 'after']
import type { SimulatedPath, SimulatedScenario, SimulatedStore, SimulationReport } from './api';
import type { Loc } from './types';

export type PathViolation = SimulatedPath['violations'][number];

/** What the two renderings of the trace do differently; see the layout above. */
export interface TraceStyle {
  /** The lines of the text when the report has no store (after the header). */
  readonly noStore: readonly string[];
  /** Where the blank line that separates stores goes: before each store's heading, or after its last scenario. */
  readonly storeGap: 'before' | 'after';
  /** Written before `Store <name> (<style>) at <loc>`. */
  readonly storeMarker: string;
  /** Indentation of the store's `Release at`/`StoreLogoff at` line(s) and of its verdict. */
  readonly memberIndent: string;
  /** `Release at <loc>, StoreLogoff at <loc>` on one line, or each on its own line. */
  readonly membersOnOneLine: boolean;
  /** A line after the store's locations (e.g. whether all scenarios pass), or none. */
  readonly storeVerdict?: (store: SimulatedStore) => string;
  /** Written before `Scenario <id>: <title>`. */
  readonly scenarioMarker: string;
  /** Written after the scenario's title (e.g. its verdict and path counts), or nothing. */
  readonly scenarioSuffix?: (scenario: SimulatedScenario) => string;
  /** Indentation of the path headings and of a scenario's capped and no-path lines. */
  readonly pathIndent: string;
  /** The line that says a cap cut the scenario's exploration. */
  readonly capped: (reason: string) => string;
  /** The line for a scenario without any explored path, or none. */
  readonly noPath?: string;
  /** Paths that break a rule before those that do not (each keeps its number). */
  readonly failingPathsFirst: boolean;
  /** A path's heading; `index` is its 0-based place among the scenario's `total` paths. */
  readonly pathHeading: (path: SimulatedPath, index: number, total: number) => string;
  /** Indentation of the steps and of the violation lines under them. */
  readonly stepIndent: string;
  /** The step's kind: a column as wide as the path's widest kind followed by two spaces, or `[kind] `. */
  readonly stepKind: 'column' | 'brackets';
  /** What surrounds a step's location, after the message. */
  readonly stepLoc: { readonly before: string; readonly after: string };
  /** A broken rule's line: at the step that breaks it, or at the end of the path (`atEnd`: an absence). */
  readonly violation: (violation: PathViolation, atEnd: boolean) => string;
}

export interface TraceTextOptions {
  style: TraceStyle;
  /** Lines before everything else (e.g. a title). */
  header?: readonly string[];
  /** How a file is shown in `file:line` (e.g. relative to the working directory or the workspace folder). */
  displayPath: (file: string) => string;
}

/** Where a location is written: line and columns in the rendered lines, 0-based, end column exclusive. */
export interface TraceTextLink {
  line: number;
  startCol: number;
  endCol: number;
  /** The location written there. */
  loc: Loc;
}

export interface TraceText {
  /** The text's lines, without line breaks; the text is `lines.join('\n') + '\n'`. */
  lines: string[];
  /** Every location written, in the order of the text. */
  links: TraceTextLink[];
}

/** A piece of a line: literal text, or a location (written as `file:line` and recorded as a link). */
type Piece = string | Loc;

export function renderTraceText(report: SimulationReport, opts: TraceTextOptions): TraceText {
  const { style } = opts;
  const lines: string[] = [...(opts.header ?? [])];
  const links: TraceTextLink[] = [];
  const push = (...pieces: Piece[]): void => {
    let text = '';
    for (const p of pieces) {
      if (typeof p === 'string') {
        text += p;
        continue;
      }
      const written = `${opts.displayPath(p.file)}:${p.range.startLine + 1}`;
      links.push({ line: lines.length, startCol: text.length, endCol: text.length + written.length, loc: p });
      text += written;
    }
    lines.push(text);
  };

  if (report.stores.length === 0) lines.push(...style.noStore);
  for (const store of report.stores) {
    if (style.storeGap === 'before') lines.push('');
    push(`${style.storeMarker}Store ${store.name} (${store.style}) at `, store.loc);
    const members: Piece[][] = [];
    if (store.release) members.push(['Release at ', store.release]);
    if (store.storeLogoff) members.push(['StoreLogoff at ', store.storeLogoff]);
    if (style.membersOnOneLine) {
      if (members.length > 0) push(style.memberIndent, ...members.flatMap((m, i) => (i === 0 ? m : [', ', ...m])));
    } else {
      for (const m of members) push(style.memberIndent, ...m);
    }
    if (style.storeVerdict) lines.push(style.memberIndent + style.storeVerdict(store));
    for (const sc of store.scenarios) {
      const heading = sc.title.startsWith(`${sc.id}:`) ? sc.title : `${sc.id}: ${sc.title}`;
      lines.push('', `${style.scenarioMarker}Scenario ${heading}${style.scenarioSuffix?.(sc) ?? ''}`);
      if (sc.capped) lines.push(style.pathIndent + style.capped(sc.capped));
      if (sc.paths.length === 0 && style.noPath !== undefined) lines.push(style.pathIndent + style.noPath);
      const order = sc.paths.map((p, i) => ({ p, i }));
      if (style.failingPathsFirst) order.sort((a, b) => Number(b.p.violations.length > 0) - Number(a.p.violations.length > 0) || a.i - b.i);
      for (const { p, i } of order) {
        lines.push(style.pathIndent + style.pathHeading(p, i, sc.paths.length));
        pushSteps(p, style, push);
      }
    }
    if (style.storeGap === 'after') lines.push('');
  }
  return { lines, links };
}

function pushSteps(p: SimulatedPath, style: TraceStyle, push: (...pieces: Piece[]) => void): void {
  const numWidth = String(p.steps.length).length;
  const under = `${style.stepIndent}${' '.repeat(numWidth)}  `;
  const kindWidth = Math.max(0, ...p.steps.map((s) => s.kind.length));
  p.steps.forEach((step, k) => {
    const kind = style.stepKind === 'column' ? `${step.kind.padEnd(kindWidth)}  ` : `[${step.kind}] `;
    const head = `${style.stepIndent}${String(k + 1).padStart(numWidth)}. ${kind}${step.message}`;
    if (step.loc) push(head, style.stepLoc.before, step.loc, style.stepLoc.after);
    else push(head);
    for (const v of p.violations) if (v.step === k) push(under + style.violation(v, false));
  });
  for (const v of p.violations) if (v.step < 0 || v.step >= p.steps.length) push(under + style.violation(v, true));
}
