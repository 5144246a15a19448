// Names and shapes shared by the language server and the VS Code client (the client bundles this file).
// Keep it free of runtime imports so that both sides can use it (project/constants.ts has none either).

/** Server commands (executeCommandProvider). */
export const ServerCommands = {
  simulate: 'mapi-lint.simulate',
  showDocumentation: 'mapi-lint.showDocumentation',
  fixAll: 'mapi-lint.fixAll',
} as const;

/** Client commands (contributed by the extension; code lenses run `showSimulation`). */
export const ClientCommands = {
  simulate: 'mapiLint.simulate',
  fixAll: 'mapiLint.fixAll',
  restartServer: 'mapiLint.restartServer',
  showOutput: 'mapiLint.showOutput',
} as const;

export const FIX_ALL_KIND = 'source.fixAll.mapi-lint';
export const DIAGNOSTIC_SOURCE = 'mapi-lint';
/** Diagnostic codes that are not rule ids. */
export const NOTE_CODE = 'analysis-note';
export const CONFIG_ERROR_CODE = 'config-error';
export const INTERNAL_ERROR_CODE = 'internal-error';

export const STATUS_NOTIFICATION = 'mapiLint/status';

export type ServerState = 'starting' | 'indexing' | 'ready' | 'error';

export interface StatusParams {
  state: ServerState;
  /** Files known to the engine (index + open documents). */
  files: number;
  /** Duration of the last analysis, in milliseconds. */
  lastAnalysisMs?: number;
  /** ISO time of the last analysis. */
  lastAnalysisAt?: string;
  /** URI of the document analysed last. */
  lastUri?: string;
  /** The verdicts of the last analysis: every protocol object of the workspace it checked, not one file's. */
  verdicts?: VerdictCounts;
  message?: string;
}

/** How many protocol objects (stores, logons, providers) were checked, and how many (object, rule) pairs got each verdict. */
export interface VerdictCounts {
  objects: number;
  defect: number;
  notDecided: number;
  clean: number;
}

export interface SimulateArgs {
  uri: string;
  /** 0-based, UTF-16 columns. */
  position?: { line: number; character: number };
}

/** A clickable location in the rendered trace text. Lines/columns 0-based. */
export interface TraceLink {
  line: number;
  startCol: number;
  endCol: number;
  /** Target document URI. */
  target: string;
  targetLine: number;
  targetCol: number;
}

export interface SimulateResult<Report = unknown> {
  /** The SimulationReport, filtered to the stores that concern the request. */
  report: Report;
  /** Plain-text rendering (numbered steps, file:line locations, violations marked with the rule id). */
  text: string;
  links: TraceLink[];
  /** Short title for the trace document. */
  title: string;
}

export interface FixAllArgs {
  uri: string;
  version?: number;
}

/** The shape of `mapiLint.*` settings as the server reads them. */
export interface ClientSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: Record<string, string>;
  /** Where rule pages are linked (mapiLint.docsBaseUrl); absent: the pages shipped with the extension. */
  docsBaseUrl?: string;
}

export const DEFAULT_SETTINGS: ClientSettings = { enable: true, run: 'onType', rules: {} };

export { CONFIG_FILE_NAME, SOURCE_EXTENSIONS } from '../project/constants';
