// When documents are analysed: debounced on-type analysis of the edited document, a later re-analysis of the
// other open documents (their store may live partly in the edited file), the `mapiLint.run` policy (onType or
// onSave), and the versions that decide whether a result is still current when it is ready to publish.
import type { Finding } from '../engine';
import { analyse } from './analysis';
import type { DocState, GlobalState } from './state';

/** Debounce of on-type analysis of the edited document. */
export const CHANGE_DELAY_MS = 5;
/** Other open documents may depend on the edited one (header/implementation): re-analysed later. */
export const DEPENDENTS_DELAY_MS = 600;
/** After files changed on disk. */
export const WATCHED_DELAY_MS = 300;

export class Scheduler {
  /** The pending analysis of each open document. */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private othersTimer?: NodeJS.Timeout;

  constructor(private readonly state: GlobalState) {}

  /** Analyses `uri` after `delay` ms, replacing an analysis already pending for it. */
  schedule(uri: string, delay: number): void {
    const st = this.state.docs.get(uri);
    if (!st || this.state.shuttingDown) return;
    this.cancel(uri);
    const version = st.doc.version;
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.state.guard('analyse', () => this.analyseAndPublish(uri, version))();
      }, delay),
    );
  }

  /** Re-analyses the other open documents a little later (their store may live partly in the edited file). */
  scheduleOthers(exceptUri: string | undefined, delay = DEPENDENTS_DELAY_MS): void {
    if (this.othersTimer) clearTimeout(this.othersTimer);
    this.othersTimer = setTimeout(() => {
      this.othersTimer = undefined;
      for (const uri of this.state.docs.keys()) if (uri !== exceptUri) this.schedule(uri, 0);
    }, delay);
  }

  scheduleAll(delay: number): void {
    for (const uri of this.state.docs.keys()) this.schedule(uri, delay);
  }

  /** Drops the analysis pending for `uri`, if any. */
  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  /** How many analyses are pending (one per document at most, and the one of the other documents). */
  get pending(): number {
    return this.timers.size + (this.othersTimer ? 1 : 0);
  }

  /** Drops everything pending (shutdown). */
  cancelAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    if (this.othersTimer) clearTimeout(this.othersTimer);
    this.othersTimer = undefined;
  }

  // ───────────────────────────── `mapiLint.run` ─────────────────────────────

  /**
   * The document was edited (its new text is already in the engine, unless `dependents` is false: an ignored
   * document, which no other document depends on). With `run: onType` it is analysed after the debounce.
   */
  async edited(uri: string, dependents: boolean): Promise<void> {
    const s = await this.state.getSettings(uri);
    if (s.run !== 'onType') return;
    this.schedule(uri, CHANGE_DELAY_MS);
    if (dependents) this.scheduleOthers(uri);
  }

  /** The document was saved: with `run: onSave` it is analysed now, its dependents a little later. */
  async saved(uri: string): Promise<void> {
    if (!this.state.docs.has(uri)) return; // a document the server does not track (another language)
    const s = await this.state.getSettings(uri);
    if (s.run !== 'onSave') return;
    this.schedule(uri, 0);
    this.scheduleOthers(uri);
  }

  // ───────────────────────────── analysis and publishing ─────────────────────────────

  /** Analyses `uri` if it is still at `version`, and publishes unless a newer version arrived meanwhile. */
  private async analyseAndPublish(uri: string, version: number): Promise<void> {
    const { state } = this;
    const st = state.docs.get(uri);
    if (!st || st.doc.version !== version || state.shuttingDown) return; // superseded
    const settings = await state.getSettings(uri);
    const cur = state.docs.get(uri);
    if (!cur || cur !== st || st.doc.version !== version) return; // superseded while reading settings
    const diagnostics = analyse(state, st, settings);
    if (state.docs.get(uri) !== st || st.doc.version !== version) return;
    void state.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** Findings of the document's current version (analyses now, and publishes, if the last analysis is stale). */
  async freshFindings(st: DocState): Promise<Finding[]> {
    const { state } = this;
    if (st.analysedVersion === st.doc.version && st.analysedGeneration === state.generation) return st.findings;
    const settings = await state.getSettings(st.uri);
    this.cancel(st.uri);
    const version = st.doc.version;
    const diagnostics = analyse(state, st, settings);
    if (state.docs.get(st.uri) === st && st.doc.version === version) {
      void state.connection.sendDiagnostics({ uri: st.uri, version, diagnostics });
    }
    return st.findings;
  }
}
