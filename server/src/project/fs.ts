// The slice of the file system the walker, the configuration and the CLI use, so that tests can provoke the
// errors root cannot (EACCES) or that depend on timing (a file that vanishes between the walk and the read).
import * as fs from 'fs';

export interface FsLike {
  readFileSync(path: string): Uint8Array;
  readdirSync(path: string, options: { withFileTypes: true }): fs.Dirent[];
  statSync(path: string): fs.Stats;
  lstatSync(path: string): fs.Stats;
  realpathSync(path: string): string;
}

export const nodeFs: FsLike = {
  readFileSync: (p) => fs.readFileSync(p),
  readdirSync: (p, o) => fs.readdirSync(p, o),
  statSync: (p) => fs.statSync(p),
  lstatSync: (p) => fs.lstatSync(p),
  realpathSync: (p) => fs.realpathSync(p),
};

export function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;
}

/** A short, human reason for a file-system error. */
export function describeFsError(e: unknown): string {
  switch (errorCode(e)) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EISDIR':
      return 'is a directory';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
