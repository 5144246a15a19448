// What the language status item says: the server's state, the files it knows, the provider objects (stores,
// logons, providers) the last analysis checked and how many of their rule verdicts are not decided, and the
// time of the last analysis. No `vscode` import: extension.ts maps the result onto the item, the tests read it.
import type { StatusParams } from '../../server/src/lsp/protocol';

/** The language client's state, as far as the item cares. */
export type ClientPhase = 'starting' | 'running' | 'stopped';

export interface StatusView {
  text: string;
  detail: string;
  severity: 'information' | 'warning' | 'error';
  busy: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Analyses slower than this turn the item into a warning. */
export const SLOW_ANALYSIS_MS = 2000;

export function statusView(s: StatusParams | undefined, phase: ClientPhase): StatusView {
  if (phase === 'stopped') return { text: 'MAPI Lint: stopped', detail: 'the server is not running', severity: 'error', busy: false };
  if (phase === 'starting' || !s) return { text: 'MAPI Lint: starting', detail: '', severity: 'information', busy: true };
  const parts: string[] = [`${plural(s.files, 'file')} known`];
  if (s.verdicts) {
    parts.push(`${plural(s.verdicts.objects, 'provider object')} checked`);
    parts.push(`${s.verdicts.notDecided} not decided`);
  }
  if (s.lastAnalysisMs !== undefined) {
    const at = s.lastAnalysisAt ? new Date(s.lastAnalysisAt).toLocaleTimeString() : '';
    parts.push(`last analysis ${s.lastAnalysisMs} ms${at ? ` at ${at}` : ''}`);
  }
  if (s.message) parts.push(s.message);
  switch (s.state) {
    case 'indexing':
      return { text: 'MAPI Lint: indexing', detail: parts.join(' · '), severity: 'information', busy: true };
    case 'error':
      return { text: 'MAPI Lint: error', detail: `${parts.join(' · ')} · see the output`, severity: 'error', busy: false };
    default:
      return {
        text: s.lastAnalysisMs !== undefined ? `MAPI Lint: ${s.lastAnalysisMs} ms` : 'MAPI Lint',
        detail: parts.join(' · '),
        severity: s.lastAnalysisMs !== undefined && s.lastAnalysisMs > SLOW_ANALYSIS_MS ? 'warning' : 'information',
        busy: false,
      };
  }
}
