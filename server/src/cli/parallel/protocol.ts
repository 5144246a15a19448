// Messages between the CLI's main thread and its analysis workers (structured-cloned; no functions, no trees).
import type { Limits } from '../../engine-old/api';
import type { Directive } from '../../engine-old/suppress';
import type { Note } from '../../engine-old/types';
import type { FileProbe, RawFinding } from '../../engine-old/workspace';

export interface GroupJob {
  id: number;
  seeds: string[];
  /** The providers the group stands for: it simulates their stores (see ownsStore). */
  keys: string[];
}

export type ToWorker =
  /** Texts (every worker needs all of them to pull files in); with `probe`, this worker probes them. No answer. */
  | { t: 'add'; files: [string, string][]; probe: boolean }
  /** The probes made since the last time. */
  | { t: 'probes' }
  /** Lint these groups; also read the suppressions of `read`. `probes`: every file's probe, sent once. */
  | { t: 'analyse'; probes?: [string, FileProbe][]; split?: { common: string; keys: string[] }; groups: GroupJob[]; read: string[]; limits: Partial<Limits> }
  /** For each group, the files outside its closure whose definitions it could see (see engine/partition.ts). */
  | { t: 'check'; defs: [string, string[]][]; groups: { id: number; closure: string[] }[] };

export interface GroupResult {
  id: number;
  closure: string[];
  /** The directories of the C stores it simulated (their free functions count: see directoryConflicts). */
  storeDirs: string[];
  findings: RawFinding[];
  notes: Note[];
}

export interface FileReport {
  path: string;
  defined: string[];
  directives: Directive[];
  parseNotes: Note[];
}

export type FromWorker =
  | { t: 'ready' }
  | { t: 'probed'; probes: [string, FileProbe][] }
  | { t: 'analysed'; groups: GroupResult[]; files: FileReport[] }
  | { t: 'checked'; conflicts: { id: number; files: string[] }[] }
  | { t: 'error'; message: string };
