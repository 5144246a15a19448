// Finds the C/C++ sources of the workspace folders so the engine knows a store declared in a header and
// implemented in a .cpp before either is opened. It walks with the project layer's walker, the CLI's, so the
// index holds exactly the files `mapi-lint <folder>` checks (.gitignore, the config's `ignore`, node_modules,
// symbolic links, `maxFileSize`). Taken a few directories at a time: never blocks the first diagnostics.
import * as fs from 'node:fs';
import { decodeBytes } from '../engine';
import { DEFAULT_MAX_FILE_SIZE, hasSourceExtension } from '../project/constants';
import { nodeFs } from '../project/fs';
import { isWalked, newWalkResult, walkSteps } from '../project/walk';
import type { ConfigStore } from './config';

export const DEFAULT_MAX_FILES = 20_000;

export function isSourcePath(p: string): boolean {
  return hasSourceExtension(p);
}

export interface ScanOptions {
  maxFiles?: number;
  configs: ConfigStore;
  /** Returns true to stop early (server shutting down, folder removed). */
  cancelled?: () => boolean;
  log?: (msg: string) => void;
}

export interface ScanResult {
  files: string[];
  capped: boolean;
}

/** Directories read between two turns of the event loop. */
const DIRS_PER_TURN = 16;

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** Lists the source files under `root` that the CLI would check there, sorted as the CLI lists them. */
export async function scanFolder(root: string, opts: ScanOptions): Promise<ScanResult> {
  const max = opts.maxFiles ?? DEFAULT_MAX_FILES;
  const result = newWalkResult();
  const steps = walkSteps([root], { cwd: root, fs: nodeFs, config: opts.configs.resolver }, result);
  for (let n = 1; !steps.next().done; n++) {
    if (result.files.length >= max || opts.cancelled?.()) break;
    if (n % DIRS_PER_TURN === 0) await yieldToLoop();
  }
  steps.return();
  // Config errors are not logged here: diagnostics report them (ConfigStore.forFile).
  for (const p of result.problems) opts.log?.(`mapi-lint: ${p.path}: ${p.message}`);
  for (const t of result.tooLarge) opts.log?.(`mapi-lint: ${t.file}: skipped: ${t.size} bytes, larger than maxFileSize (${t.limit})`);
  const capped = result.files.length >= max;
  if (capped) {
    opts.log?.(`mapi-lint: workspace index capped at ${max} files under ${root}`);
  }
  return { files: result.files.slice(0, max), capped };
}

/** Whether scanFolder(root) would list `file` (for a file created or changed on disk: does it join the index). */
export function isIndexed(root: string, file: string, configs: ConfigStore): boolean {
  return isWalked(root, file, { fs: nodeFs, config: configs.resolver });
}

export type ReadResult = { kind: 'text'; text: string } | { kind: 'skip'; reason: string };

/**
 * The text of a source file on disk. Anything but a regular file is never read; a file larger than `maxBytes`
 * (pass ConfigStore.maxFileSize(file) to agree with the walk) is skipped.
 */
export async function readSourceFile(file: string, maxBytes: number = DEFAULT_MAX_FILE_SIZE): Promise<ReadResult> {
  try {
    const st = await fs.promises.stat(file);
    if (!st.isFile()) return { kind: 'skip', reason: 'not a file' };
    if (st.size > maxBytes) return { kind: 'skip', reason: `larger than ${maxBytes} bytes` };
    const bytes = await fs.promises.readFile(file);
    const d = decodeBytes(bytes);
    if (d.kind === 'binary') return { kind: 'skip', reason: `binary: ${d.reason}` };
    return { kind: 'text', text: d.text };
  } catch (e) {
    return { kind: 'skip', reason: e instanceof Error ? e.message : String(e) };
  }
}
