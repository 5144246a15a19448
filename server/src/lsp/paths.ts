// URI <-> engine path. The engine identifies files by the path string the caller gives; the server gives
// file-system paths for file: URIs (so that indexed files and open documents share one identity) and the
// URI itself for anything else (untitled:, vscode-notebook-cell:, ...).
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function normalizeFsPath(p: string): string {
  // VS Code lower-cases the drive letter in URIs; fs.readdir keeps what the folder URI said. One spelling.
  if (process.platform === 'win32' && /^[A-Z]:/.test(p)) return p[0]!.toLowerCase() + p.slice(1);
  return p;
}

export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return normalizeFsPath(fileURLToPath(uri));
    } catch {
      // Not a valid file: URI (a host on another machine, bad escapes): the URI itself is the file's identity.
      return uri;
    }
  }
  return uri;
}

export function pathToUri(p: string): string {
  if (/^[a-zA-Z][\w+.-]+:/.test(p) && !/^[a-zA-Z]:[\\/]/.test(p)) return p; // already a URI
  if (!path.isAbsolute(p)) return p;
  return pathToFileURL(p).href;
}

export function normalizePath(p: string): string {
  return normalizeFsPath(path.normalize(p));
}
