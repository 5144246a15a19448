// Shared helpers for the CLI tests: temporary trees, in-process and spawned runs, synthetic findings.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, type CliIO } from '../../server/src/cli/main';
import { nodeFs, type FsLike } from '../../server/src/project/fs';
import type { Finding, Loc, Note } from '../../server/src/engine';
import type { Report } from '../../server/src/cli/format/report';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const BIN = path.join(REPO_ROOT, 'bin', 'mapi-lint.js');

/** A fresh temporary directory (real path: /tmp may be a link), removed when the process exits. */
export function tmpDir(prefix = 'mapi-lint-cli-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `files` (relative path -> content) under `root`. */
export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

export interface RunResult {
  code: number | 'running';
  stdout: string;
  stderr: string;
  written: Map<string, string>;
}

type RunOptions = { fs?: FsLike; tty?: boolean; stderrTty?: boolean; env?: Record<string, string>; stdin?: string | Uint8Array };

/** Run the CLI in this process. */
export function runInProcess(argv: string[], cwd: string, options: RunOptions = {}): RunResult {
  const { io, result } = inProcessIO(cwd, options);
  const code = main(argv, io);
  return { ...result(), code };
}

function inProcessIO(cwd: string, options: RunOptions): { io: CliIO; result: () => Omit<RunResult, 'code'> } {
  let stdout = '';
  let stderr = '';
  const written = new Map<string, string>();
  const io: CliIO = {
    cwd,
    env: options.env ?? {},
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.stderrTty ?? false,
    fs: options.fs ?? nodeFs,
    writeFile: (file, data) => {
      fs.writeFileSync(file, data);
      written.set(file, data);
    },
    readStdin: () => {
      if (options.stdin === undefined) throw new Error('the test gave no standard input');
      return typeof options.stdin === 'string' ? Buffer.from(options.stdin, 'utf8') : options.stdin;
    },
  };
  return { io, result: () => ({ stdout, stderr, written }) };
}

export function spawnCli(argv: string[], cwd: string, env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function loc(file: string, startLine: number, startCol: number, endLine = startLine, endCol = startCol + 1): Loc {
  return { file, range: { startLine, startCol, endLine, endCol } };
}

export function finding(over: Partial<Finding> & { loc: Loc }): Finding {
  return {
    ruleId: 'support-release-missing',
    severity: 'error',
    message: 'The support object is not released when the last reference goes.',
    trace: [],
    ...over,
  };
}

export function report(cwd: string, findings: Finding[], sources: Record<string, string>, notes: Note[] = []): Report {
  return {
    toolName: 'mapi-lint',
    toolVersion: '9.8.7',
    cwd,
    files: Object.keys(sources),
    findings,
    notes,
    sources: new Map(Object.entries(sources)),
  };
}

/** A FsLike that throws `code` for the given paths, and otherwise uses the real file system. */
export function failingFs(failures: Record<string, { op: keyof FsLike; code: string }>): FsLike {
  const wrap =
    <K extends keyof FsLike>(op: K) =>
    (p: string, ...rest: unknown[]): ReturnType<FsLike[K]> => {
      const f = failures[p];
      if (f && f.op === op) {
        const e = new Error(`${f.code}: simulated failure, ${op} '${p}'`) as NodeJS.ErrnoException;
        e.code = f.code;
        throw e;
      }
      return (nodeFs[op] as (...a: unknown[]) => ReturnType<FsLike[K]>)(p, ...rest);
    };
  return {
    readFileSync: wrap('readFileSync'),
    readdirSync: wrap('readdirSync') as FsLike['readdirSync'],
    statSync: wrap('statSync'),
    lstatSync: wrap('lstatSync'),
    realpathSync: wrap('realpathSync'),
  };
}
