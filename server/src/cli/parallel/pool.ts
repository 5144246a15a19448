// The CLI's parallel lint: worker threads each lint groups of stores (one group per provider directory, see
// engine/partition.ts), then check that no group could see another's definitions; groups that could are merged
// and linted again. The result is the same LintParts one Workspace would give, put together from the groups.
//
// A worker that throws, fails to start or exits makes the whole parallel lint fail with a ParallelError; the
// caller then lints on its own thread.
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Limits } from '../../engine-old/api';
import { directoryConflicts, Merges, premerge, providerGroups } from '../../engine-old/partition';
import type { Directive } from '../../engine-old/suppress';
import type { Note } from '../../engine-old/types';
import type { FileProbe, LintParts } from '../../engine-old/workspace';
import type { FileReport, FromWorker, GroupJob, GroupResult, ToWorker } from './protocol';

export class ParallelError extends Error {}

export interface ParallelStats {
  workers: number;
  /** Groups at the start (provider directories holding first-round files). */
  groups: number;
  /** Groups after merging the providers that will pull in each other's files (before any analysis). */
  premerged: number;
  /** Rounds of merging groups that depended on each other. */
  mergeRounds: number;
  /** Groups analysed at the end. */
  finalGroups: number;
  /** Files in the groups' closures, counted per group, and counted once. */
  closureFiles: number;
  distinctFiles: number;
  /** Milliseconds per phase: start, load (texts in, probes out), analyse, check and merge. */
  ms: { start: number; load: number; analyse: number; merge: number };
}

/** After this many merge rounds everything left is analysed as one group. */
const MAX_MERGE_ROUNDS = 3;

class Pool {
  private readonly workers: Worker[] = [];
  /** Answers awaited, per worker. */
  private readonly waiting = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  constructor(n: number, workerFile: string) {
    for (let i = 0; i < n; i++) {
      const worker = new Worker(workerFile);
      worker.on('message', (m: FromWorker) => {
        const w = this.waiting.get(i);
        this.waiting.delete(i);
        if (!w) return;
        if (m.t === 'error') w.reject(new ParallelError(m.message));
        else w.resolve(m);
      });
      const fail = (e: Error): void => {
        this.failure ??= e;
        const w = this.waiting.get(i);
        this.waiting.delete(i);
        w?.reject(e);
      };
      worker.on('error', (e) => fail(new ParallelError(`a worker thread failed: ${e.message}`)));
      worker.on('exit', (code) => fail(new ParallelError(`a worker thread stopped (exit code ${code})`)));
      this.workers.push(worker);
    }
    this.started = Promise.all(this.workers.map((_, i) => this.answer(i))).then(() => undefined);
    this.started.catch(() => undefined); // awaited (and reported) by ready()
  }

  private readonly started: Promise<void>;

  get size(): number {
    return this.workers.length;
  }

  /** Wait until every worker says it is ready. */
  ready(): Promise<void> {
    return this.started;
  }

  /** Send a message that has no answer. */
  post(i: number, m: ToWorker): void {
    this.workers[i].postMessage(m);
  }

  private answer(i: number): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.set(i, { resolve, reject }));
  }

  /** Send one worker a message and wait for its answer. */
  async request(i: number, m: ToWorker): Promise<FromWorker> {
    const answer = this.answer(i);
    this.workers[i].postMessage(m);
    return answer;
  }

  /** Send each worker its message (if any) and wait for all the answers. */
  async exchange(messages: Map<number, ToWorker>): Promise<Map<number, FromWorker>> {
    return new Map(await Promise.all([...messages].map(async ([i, m]): Promise<[number, FromWorker]> => [i, await this.request(i, m)])));
  }

  async close(): Promise<void> {
    this.failure ??= new ParallelError('closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function workerFile(): string {
  return path.join(__dirname, 'worker.js');
}

/**
 * A lint on worker threads that takes the files while they are being read: the workers start at once, and each
 * batch of texts goes to all of them (every worker needs every text to pull files in), one of them probing it.
 * `finish` runs the analysis. Throws ParallelError when a worker cannot start or fails; the caller then lints on
 * its own thread.
 */
export class ParallelLint {
  private readonly pool: Pool;
  private readonly t0 = performance.now();
  private readonly files = new Map<string, string>();
  private batch: [string, string][] = [];
  private batchBytes = 0;
  private batches = 0;
  private closed = false;

  /**
   * `optional`: the threads were not asked for (--jobs): when the providers cannot be split so that each thread
   * gets a fair share, finish() gives up and answers undefined (one thread is faster then). `file`: the worker
   * script (tests give a broken one).
   */
  constructor(
    jobs: number,
    private readonly optional = false,
    file: string = workerFile(),
  ) {
    this.pool = new Pool(Math.max(1, jobs), file);
  }

  add(path: string, text: string): void {
    this.files.set(path, text);
    this.batch.push([path, text]);
    this.batchBytes += text.length;
    if (this.batch.length >= 256 || this.batchBytes >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (!this.batch.length) return;
    const prober = this.batches++ % this.pool.size;
    for (let i = 0; i < this.pool.size; i++) this.pool.post(i, { t: 'add', files: this.batch, probe: i === prober });
    this.batch = [];
    this.batchBytes = 0;
  }

  async finish(limits: Partial<Limits> = {}): Promise<{ parts: LintParts; stats: ParallelStats } | undefined> {
    try {
      this.flush();
      await this.pool.ready();
      const started = performance.now() - this.t0;
      const r = await coordinate(this.pool, this.files, limits, this.optional);
      if (r) r.stats.ms.start = Math.round(started);
      return r;
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
  }
}

/** Below this share of the first-round bytes for the biggest group, threads are worth it (see ParallelLint). */
const FAIR_SHARE = 0.5;

async function coordinate(
  pool: Pool,
  files: ReadonlyMap<string, string>,
  limits: Partial<Limits>,
  optional: boolean,
): Promise<{ parts: LintParts; stats: ParallelStats } | undefined> {
  const n = pool.size;
  const paths = [...files.keys()];
  let t = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const d = Math.round(now - t);
    t = now;
    return d;
  };
  const ms = { start: 0, load: 0, analyse: 0, merge: 0 };
  // 1. The probes the workers made of the texts they were sent.
  const asks = new Map<number, ToWorker>();
  for (let i = 0; i < n; i++) asks.set(i, { t: 'probes' });
  const probes = new Map<string, FileProbe>();
  for (const m of (await pool.exchange(asks)).values()) if (m.t === 'probed') for (const [p, probe] of m.probes) probes.set(p, probe);
  const probeList = paths.map((p): [string, FileProbe] => [p, probes.get(p)!]);
  ms.load = lap();

  // 2. Groups of first-round files, by provider directory. Workers take them from a queue, biggest first, a few
  //    at a time: closures differ in size more than seeds do.
  const seedOrder = new Map<string, number>();
  paths.forEach((p, i) => seedOrder.set(p, i));
  const seeds = paths.filter((p) => probes.get(p)!.seed);
  const active = new Map<number, { seeds: string[]; keys: string[]; worker: number; result?: GroupResult }>();
  let nextId = 0;
  const bytes = (ss: string[]): number => ss.reduce((a, s) => a + files.get(s)!.length, 0);
  const providers = providerGroups(seeds);
  const split = { common: providers.common, keys: providers.groups.map((g) => g.key) };
  // Providers that will pull in each other's files start as one group.
  const sets = premerge(providers, probes);
  const merged = new Set(sets.flat());
  const initial = providers.groups.filter((_, i) => !merged.has(i)).map((g) => ({ seeds: g.seeds, keys: [g.key] }));
  for (const set of sets) {
    const seedsOf = set.flatMap((i) => providers.groups[i].seeds).sort((a, b) => seedOrder.get(a)! - seedOrder.get(b)!);
    initial.push({ seeds: seedsOf, keys: set.map((i) => providers.groups[i].key) });
  }
  initial.sort((a, b) => bytes(b.seeds) - bytes(a.seeds));
  const seedBytes = bytes(seeds);
  if (optional && (initial.length < 2 || bytes(initial[0].seeds) > FAIR_SHARE * seedBytes)) return undefined;
  for (const g of initial) active.set(nextId++, { ...g, worker: -1 });
  const initialGroups = providers.groups.length;
  const premerged = active.size;
  const withSuppressions = paths.filter((p) => files.get(p)!.includes('mapi-lint-disable'));

  const reports = new Map<string, FileReport>();
  const sentProbes = new Set<number>();
  const analyse = async (ids: number[], read: (w: number) => string[], only?: number): Promise<void> => {
    const queue = [...ids];
    const take = (): GroupJob[] => {
      const size = Math.max(1, Math.min(32, Math.ceil(queue.length / (4 * n))));
      return queue.splice(0, size).map((id) => ({ id, seeds: active.get(id)!.seeds, keys: active.get(id)!.keys }));
    };
    const drive = async (w: number): Promise<void> => {
      let r = read(w);
      for (;;) {
        const groups = only === undefined || only === w ? take() : [];
        if (!groups.length && !r.length && sentProbes.has(w)) return;
        const first = !sentProbes.has(w);
        const m = await pool.request(w, { t: 'analyse', probes: first ? probeList : undefined, split: first ? split : undefined, groups, read: r, limits });
        sentProbes.add(w);
        r = [];
        if (m.t !== 'analysed') throw new ParallelError(`a worker answered ${m.t} to analyse`);
        for (const g of m.groups) Object.assign(active.get(g.id)!, { result: g, worker: w });
        for (const f of m.files) if (!reports.has(f.path)) reports.set(f.path, f);
        if (!groups.length) return;
      }
    };
    await Promise.all(Array.from({ length: n }, (_, w) => drive(w)));
  };
  await analyse([...active.keys()], (w) => withSuppressions.filter((_, k) => k % n === w));
  ms.analyse = lap();

  // 3. Merge the groups that could see each other's definitions, until none can.
  let mergeRounds = 0;
  for (;;) {
    const ids = [...active.keys()];
    if (ids.length < 2) break;
    const index = new Map<number, number>();
    ids.forEach((id, i) => index.set(id, i));
    const closures = ids.map((id) => active.get(id)!.result!.closure);
    const holders = new Map<string, number[]>();
    closures.forEach((c, i) => {
      for (const f of c) (holders.get(f) ?? holders.set(f, []).get(f)!).push(i);
    });
    const defs = new Map<string, string[]>();
    for (const f of holders.keys()) {
      for (const name of reports.get(f)?.defined ?? []) (defs.get(name) ?? defs.set(name, []).get(name)!).push(f);
    }
    const merges = new Merges(ids.length);
    let merged = false;
    for (const [a, b] of directoryConflicts(closures, ids.map((id) => active.get(id)!.result!.storeDirs))) merged = merges.union(a, b) || merged;
    const checks = new Map<number, ToWorker>();
    const defList = [...defs];
    for (let w = 0; w < n; w++) {
      const groups = ids.filter((id) => active.get(id)!.worker === w).map((id) => ({ id, closure: active.get(id)!.result!.closure }));
      if (groups.length) checks.set(w, { t: 'check', defs: defList, groups });
    }
    for (const m of (await pool.exchange(checks)).values()) {
      if (m.t !== 'checked') continue;
      for (const c of m.conflicts) for (const f of c.files) for (const h of holders.get(f) ?? []) merged = merges.union(index.get(c.id)!, h) || merged;
    }
    if (!merged) break;
    mergeRounds++;
    const sets = mergeRounds >= MAX_MERGE_ROUNDS ? [ids.map((_, i) => i)] : merges.merged();
    const fresh: number[] = [];
    for (const set of sets) {
      const members = set.map((i) => active.get(ids[i])!);
      const biggest = members.reduce((a, b) => (b.result!.closure.length > a.result!.closure.length ? b : a));
      const union = [...new Set(members.flatMap((m) => m.seeds))].sort((a, b) => seedOrder.get(a)! - seedOrder.get(b)!);
      const keys = [...new Set(members.flatMap((m) => m.keys))];
      for (const i of set) active.delete(ids[i]);
      const id = nextId++;
      active.set(id, { seeds: union, keys, worker: biggest.worker });
      fresh.push(id);
    }
    // Each merged group goes back to the worker that holds most of its trees already.
    const byWorker = new Map<number, number[]>();
    for (const id of fresh) {
      const w = active.get(id)!.worker;
      byWorker.set(w, [...(byWorker.get(w) ?? []), id]);
    }
    await Promise.all([...byWorker].map(([w, ids]) => analyse(ids, () => [], w)));
  }

  ms.merge = lap();

  // 4. The parts of the whole lint.
  const findings = [];
  const notes: Note[] = [];
  for (const g of active.values()) {
    findings.push(...g.result!.findings);
    notes.push(...g.result!.notes);
  }
  const directives = new Map<string, Directive[]>();
  const parseNotes = new Map<string, Note[]>();
  for (const r of reports.values()) {
    if (r.directives.length) directives.set(r.path, r.directives);
    if (r.parseNotes.length) parseNotes.set(r.path, r.parseNotes);
  }
  const closed = [...active.values()].map((g) => g.result!.closure);
  const stats: ParallelStats = {
    workers: n,
    groups: initialGroups,
    premerged,
    mergeRounds,
    finalGroups: active.size,
    closureFiles: closed.reduce((a, c) => a + c.length, 0),
    distinctFiles: new Set(closed.flat()).size,
    ms,
  };
  return { parts: { findings, notes, directives, parseNotes }, stats };
}
