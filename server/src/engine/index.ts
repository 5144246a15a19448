// The engine's facade: the only module the shells (cli/, lsp/) and the project layer import. Everything
// here is pure — texts in, findings, traces and verified edits out; the file system stays with the callers.
export { Workspace, finishLint, lintSources, type LintParts, type RawFinding } from './workspace';
export { fixesFor, fixAll, FIX_ALL_ROUNDS, type FixAllResult, type VerifiedFix } from './fix/verify';
export { applyFileEdits, detectStyle, editsByFile, replaceSpan, type Style, type TextEdit } from './fix/style';
export { RULE_CATALOG, ruleMeta, UNUSED_SUPPRESSION } from './rules/index';
export type { RuleMeta } from './rules/rule';
export { parseDirectiveText } from './suppress';
export { decodeBytes, encodeText, eol, type DecodedText, type BinaryFile, type TextInfo } from './text/decode';
export { renderTraceText, type TraceStyle, type TraceText, type TraceTextLink, type TraceTextOptions } from './trace-text';
export { probeText, type FileProbe } from './probe';
export { DEFAULT_LIMITS, type Limits, type LintOptions, type SimulatedPath, type SimulatedScenario, type SimulatedStore, type SimulationReport } from './api';
export type { Finding, LintResult, Loc, Note, Range, RuleSetting, Severity, SourceInput, TraceStep, TraceStepKind, Verdict, VerdictSummary } from './types';
export { initParser, parserInfo, PARSER_ENV, type ParserInfo } from './parse/treesitter';
