// Requests for the tests only, registered when MAPI_LINT_TEST_HOOKS=1: what the server holds, after a garbage
// collection when the process runs with --expose-gc. Never announced in the capabilities.
import type { Scheduler } from '../scheduler';
import type { GlobalState } from '../state';

export const TEST_HOOKS_ENABLED = process.env.MAPI_LINT_TEST_HOOKS === '1';

export const MEMORY_REQUEST = 'mapiLint/test/memory';

export interface MemoryReport {
  /** Whether a full garbage collection ran first (the server was started with --expose-gc). */
  gc: boolean;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  rss: number;
  /** What the server keeps per document or per pending analysis. */
  docs: number;
  pendingAnalyses: number;
  settingsCache: number;
  shownConfigErrors: number;
  engineFiles: number;
  /** The characters of the open documents' texts (what one version of each costs). */
  openChars: number;
}

const turn = () => new Promise<void>((r) => setImmediate(r));

export async function memoryReport(state: GlobalState, scheduler: Scheduler): Promise<MemoryReport> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    // Twice, with a turn between: finalizers (web-tree-sitter's trees) run after the first and free more.
    gc();
    await turn();
    gc();
  }
  const m = process.memoryUsage();
  let openChars = 0;
  for (const d of state.docs.values()) openChars += d.doc.getText().length;
  return {
    gc: !!gc,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    rss: m.rss,
    docs: state.docs.size,
    pendingAnalyses: scheduler.pending,
    settingsCache: state.settingsCache.size,
    shownConfigErrors: state.shownConfigErrors.size,
    engineFiles: state.ws.files().length,
    openChars,
  };
}
