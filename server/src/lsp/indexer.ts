// Finds the C/C++ sources of the workspace folders so the engine knows a store declared in a header and
// implemented in a .cpp before either is opened. Asynchronous and chunked: never blocks the first diagnostics.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SOURCE_EXTENSIONS } from './protocol';
import { decodeBytes } from '../engine';
import type { ConfigStore } from './config';

export const DEFAULT_MAX_FILES = 20_000;
/** Larger files are skipped by the index (generated code, amalgamations); they are still analysed when opened. */
export const MAX_INDEXED_FILE_BYTES = 4 * 1024 * 1024;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export function isSourcePath(p: string): boolean {
  const ext = path.extname(p).toLowerCase();
  return (SOURCE_EXTENSIONS as readonly string[]).includes(ext);
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

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** Lists source files under `root`, honouring node_modules/.git and the `ignore` globs of configs. */
export async function scanFolder(root: string, opts: ScanOptions): Promise<ScanResult> {
  const max = opts.maxFiles ?? DEFAULT_MAX_FILES;
  const files: string[] = [];
  const stack: string[] = [root];
  let visited = 0;
  while (stack.length > 0) {
    if (opts.cancelled?.()) break;
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)); // popped in name order
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        // Symlinked folders are not followed (cycles); Dirent.isDirectory() is false for symlinks.
        if (SKIPPED_DIRS.has(e.name)) continue;
        if (opts.configs.isIgnored(full, true)) continue;
        stack.push(full);
      } else if (e.isFile() && isSourcePath(e.name)) {
        if (opts.configs.isIgnored(full, false)) continue;
        files.push(full);
        if (files.length >= max) {
          opts.log?.(`mapi-lint: workspace index capped at ${max} files under ${root}`);
          return { files, capped: true };
        }
      }
    }
    if (++visited % 64 === 0) await yieldToLoop();
  }
  return { files, capped: false };
}

export type ReadResult = { kind: 'text'; text: string } | { kind: 'skip'; reason: string };

export async function readSourceFile(file: string): Promise<ReadResult> {
  try {
    const st = await fs.promises.stat(file);
    if (!st.isFile()) return { kind: 'skip', reason: 'not a file' };
    if (st.size > MAX_INDEXED_FILE_BYTES) return { kind: 'skip', reason: `larger than ${MAX_INDEXED_FILE_BYTES} bytes` };
    const bytes = await fs.promises.readFile(file);
    const d = decodeBytes(bytes);
    if (d.kind === 'binary') return { kind: 'skip', reason: `binary: ${d.reason}` };
    return { kind: 'text', text: d.text };
  } catch (e) {
    return { kind: 'skip', reason: e instanceof Error ? e.message : String(e) };
  }
}
