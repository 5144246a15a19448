// The VS Code client's parts that need no editor: the lifecycle of the language client (start, restart, dispose
// while starting: no "Starting server failed", no restart of a client being disposed) against a stand-in that
// behaves as vscode-languageclient 9 does, and the text of the language status item.
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { ClientLifecycle, type ManagedClient } from '../../client/src/lifecycle';
import { statusView } from '../../client/src/status';
import type { StatusParams } from '../../server/src/lsp/protocol';

/**
 * vscode-languageclient's state machine, as far as the lifecycle meets it: a client cannot be stopped while it
 * starts, is never started again once disposed or after a failed start, and a request that waited for the start
 * fails with "Starting server failed" when the client is no longer running by the time it goes out.
 */
class FakeClient implements ManagedClient {
  state: 'initial' | 'starting' | 'running' | 'stopping' | 'stopped' | 'startFailed' = 'initial';
  disposed = false;
  starts = 0;
  stops = 0;
  /** What the real client would write to the output channel as an error. */
  readonly errors: string[] = [];
  private onStart?: Promise<void>;
  private finish?: (ok: boolean) => void;

  constructor(readonly name = 'client') {}

  async start(): Promise<void> {
    if (this.disposed) throw new Error("Client got disposed and can't be restarted.");
    if (this.state === 'stopping') throw new Error('Client is currently stopping. Can only restart a full stopped client');
    if (this.onStart) return this.onStart;
    this.starts++;
    this.state = 'starting';
    this.onStart = new Promise<void>((resolve, reject) => {
      this.finish = (ok) => {
        if (ok) {
          this.state = 'running';
          resolve();
        } else {
          this.state = 'startFailed';
          this.errors.push("couldn't create connection to server");
          reject(new Error('the server exited'));
        }
      };
    });
    return this.onStart;
  }

  /** The server answers initialize (or dies first). */
  settleStart(ok: boolean): void {
    assert.ok(this.finish, `${this.name} is not starting`);
    const f = this.finish;
    this.finish = undefined;
    f(ok);
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'initial') return;
    if (this.state !== 'running') throw new Error(`Client is not running and can't be stopped. It's current state is: ${this.state}`);
    this.stops++;
    this.state = 'stopping';
    await new Promise((r) => setTimeout(r, 1));
    this.state = 'stopped';
    this.onStart = undefined;
  }

  dispose(): Promise<void> {
    this.disposed = true;
    return this.stop();
  }

  isRunning(): boolean {
    return this.state === 'running';
  }

  /**
   * A request of a language feature (code actions, code lenses): BaseLanguageClient.sendRequest. `hops`: the
   * promise continuations between the settled start and the state check (middleware, converters); any number.
   */
  async request(hops = 0): Promise<'sent' | 'inactive' | 'failed'> {
    if (this.state === 'startFailed' || this.state === 'stopping' || this.state === 'stopped') return 'inactive'; // ConnectionInactive: not logged
    await this.start();
    for (let i = 0; i < hops; i++) await Promise.resolve();
    if (this.state !== 'running') {
      this.errors.push('Starting server failed');
      return 'failed';
    }
    return 'sent';
  }
}

function harness(...clients: FakeClient[]) {
  const made: FakeClient[] = [];
  const reports: string[] = [];
  const lifecycle = new ClientLifecycle(
    () => {
      const c = clients[made.length] ?? new FakeClient(`client ${made.length + 1}`);
      made.push(c);
      return c;
    },
    (m) => reports.push(m),
  );
  return { lifecycle, made, reports };
}

const tick = () => new Promise((r) => setTimeout(r, 5));
/** Ticks until a condition holds (a loaded machine may need more than one), at most 400 of them. */
async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await tick();
  assert.ok(cond(), what);
}

describe('the language client lifecycle', () => {
  test('the stand-in reproduces the failure: a stop right after the start makes a waiting request fail', async () => {
    const c = new FakeClient();
    const started = c.start();
    const req = c.request();
    const stopped = started.then(() => c.dispose());
    c.settleStart(true);
    await stopped;
    assert.equal(await req, 'failed');
    assert.deepEqual(c.errors, ['Starting server failed']);
  });

  test('a window that closes while the client starts: the dispose waits for the start and the waiting requests, then disposes; nothing is logged', async () => {
    const { lifecycle, made, reports } = harness();
    const c = made[0]!;
    const started = lifecycle.start();
    await tick(); // starting
    const req = c.request(50); // a code-action request arriving during the start, through a long promise chain
    const disposed = lifecycle.dispose();
    assert.equal(lifecycle.current, undefined, 'no client to talk to once the dispose has begun');
    await tick();
    assert.equal(c.disposed, false, 'not stopped while starting (vscode-languageclient would throw)');
    c.settleStart(true);
    await disposed;
    assert.equal(await started, true);
    assert.equal(await req, 'sent');
    assert.equal(c.disposed, true);
    assert.equal(c.state, 'stopped');
    assert.deepEqual(c.errors, []);
    assert.deepEqual(reports, []);
  });

  test('a start that fails because the window closes is not reported', async () => {
    const { lifecycle, made, reports } = harness();
    const started = lifecycle.start();
    await tick();
    const disposed = lifecycle.dispose();
    made[0]!.settleStart(false);
    assert.equal(await started, false);
    await disposed; // a client that never ran cannot be stopped: the dispose still resolves
    assert.deepEqual(reports, []);
  });

  test('a start that fails otherwise is reported once', async () => {
    const { lifecycle, made, reports } = harness();
    const started = lifecycle.start();
    await tick();
    made[0]!.settleStart(false);
    assert.equal(await started, false);
    assert.deepEqual(reports, ['the server did not start: the server exited']);
  });

  test('a restart asked for while the client starts waits for the start, then stops and starts it once', async () => {
    const { lifecycle, made, reports } = harness();
    const c = made[0]!;
    void lifecycle.start();
    const restarted = lifecycle.restart();
    await tick();
    c.settleStart(true);
    await until('stopped once, then starting again', () => c.stops === 1 && c.state === 'starting');
    assert.equal(c.stops, 1);
    c.settleStart(true);
    assert.equal(await restarted, true);
    assert.equal(c.starts, 2);
    assert.equal(c.state, 'running');
    assert.deepEqual(c.errors, []);
    assert.deepEqual(reports, []);
  });

  test('a client being disposed is never restarted: not by a restart that was stopping it, nor by a later one', async () => {
    const { lifecycle, made, reports } = harness();
    const c = made[0]!;
    const started = lifecycle.start();
    await tick();
    c.settleStart(true);
    await started;
    const restarted = lifecycle.restart();
    await Promise.resolve().then(() => undefined);
    assert.equal(c.state, 'stopping');
    const disposed = lifecycle.dispose();
    assert.equal(await restarted, false);
    await disposed;
    assert.equal(c.starts, 1, 'not started again after its stop');
    assert.equal(await lifecycle.restart(), false);
    assert.equal(await lifecycle.start(), false);
    assert.equal(c.starts, 1);
    assert.equal(c.disposed, true);
    assert.deepEqual(c.errors, []);
    assert.deepEqual(reports, []);
  });

  test('a client whose start failed is replaced on restart (vscode-languageclient never starts it again)', async () => {
    const { lifecycle, made, reports } = harness();
    const first = lifecycle.start();
    await tick();
    made[0]!.settleStart(false);
    await first;
    const restarted = lifecycle.restart();
    await tick();
    assert.equal(made.length, 2);
    assert.equal(made[0]!.disposed, true);
    assert.equal(lifecycle.current, made[1]);
    made[1]!.settleStart(true);
    assert.equal(await restarted, true);
    assert.deepEqual(reports, ['the server did not start: the server exited']);
  });

  test('a dispose that comes before the start began: the client is never started', async () => {
    const { lifecycle, made, reports } = harness();
    const started = lifecycle.start();
    const disposed = lifecycle.dispose();
    assert.equal(await started, false);
    await disposed;
    assert.equal(made[0]!.starts, 0);
    assert.deepEqual(reports, []);
  });

  test('dispose is idempotent, also on a client that never started', async () => {
    const { lifecycle, made } = harness();
    const a = lifecycle.dispose();
    assert.equal(lifecycle.dispose(), a);
    await a;
    assert.equal(made[0]!.disposed, true);
    assert.equal(made[0]!.starts, 0);
  });
});

describe('the language status item', () => {
  const ready: StatusParams = { state: 'ready', files: 12, lastAnalysisMs: 40, lastAnalysisAt: '2026-01-01T10:00:00.000Z' };

  test('shows the provider objects checked and the not-decided count of the last analysis', () => {
    const v = statusView({ ...ready, verdicts: { objects: 3, defect: 2, notDecided: 5, clean: 14 } }, 'running');
    assert.equal(v.text, 'MAPI Lint: 40 ms');
    assert.match(v.detail, /^12 files known · 3 provider objects checked · 5 not decided · last analysis 40 ms at /);
    assert.equal(v.severity, 'information');
    assert.equal(statusView({ ...ready, verdicts: { objects: 1, defect: 0, notDecided: 0, clean: 7 } }, 'running').detail.split(' · ').slice(1, 3).join(' · '), '1 provider object checked · 0 not decided');
  });

  test('before any analysis, and in the other states', () => {
    assert.equal(statusView({ state: 'indexing', files: 1 }, 'running').detail, '1 file known');
    assert.equal(statusView(undefined, 'starting').text, 'MAPI Lint: starting');
    assert.equal(statusView(ready, 'stopped').severity, 'error');
    const err = statusView({ ...ready, state: 'error', verdicts: { objects: 2, defect: 0, notDecided: 1, clean: 13 } }, 'running');
    assert.equal(err.text, 'MAPI Lint: error');
    assert.match(err.detail, /2 provider objects checked · 1 not decided · .* · see the output$/);
    assert.equal(statusView({ ...ready, lastAnalysisMs: 2500 }, 'running').severity, 'warning');
  });
});
