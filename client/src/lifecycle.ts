// The language client's life: start, restart (the "Restart Server" command) and dispose (the window reloads or
// closes), one at a time. vscode-languageclient cannot stop a client that is still starting, starts a disposed
// one never again, and a request that waited for a start which a stop then overtook fails with "Starting server
// failed". So: a dispose waits for the start or restart in progress to settle and lets the requests that
// waited for it go out first; nothing starts once a dispose has begun; failures of a client being disposed are
// nobody's business; a client whose start failed is replaced on restart (it can never start again).
// No `vscode` import: the tests drive it with a stand-in client.

/** What the lifecycle needs of a LanguageClient. */
export interface ManagedClient {
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
  isRunning(): boolean;
}

/** One turn of the event loop: the continuations waiting on a settled start run before what comes next. */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class ClientLifecycle<C extends ManagedClient> {
  private client: C;
  /** The client's last start failed: it cannot start again (vscode-languageclient keeps the failed start). */
  private failed = false;
  private disposed = false;
  private disposing?: Promise<void>;
  /** The operations in order; each one waits for the one before and never rejects. */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param create makes a client (once at first, again when a failed one is replaced on restart); it gets the
   *   lifecycle, whose `isDisposed` the client's error handler asks before restarting a server that went away
   * @param report tells the user that something failed (not called once the dispose has begun)
   */
  constructor(
    private readonly create: (owner: ClientLifecycle<C>) => C,
    private readonly report: (message: string) => void,
  ) {
    this.client = create(this);
  }

  /** The client, until the dispose begins. */
  get current(): C | undefined {
    return this.disposed ? undefined : this.client;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Starts the client; resolves with whether it runs. */
  start(): Promise<boolean> {
    return this.enqueue(() => this.startNow());
  }

  /** Stops the client if it runs (or replaces it if its start failed) and starts it again. */
  restart(): Promise<boolean> {
    return this.enqueue(async () => {
      if (this.failed) {
        const old = this.client;
        this.client = this.create(this);
        this.failed = false;
        // Its start failed: there is nothing to stop, and vscode-languageclient says so by throwing.
        await old.dispose().catch(() => undefined);
      } else if (this.client.isRunning()) {
        try {
          await this.client.stop();
        } catch (e) {
          if (!this.disposed) this.report(`the server did not stop: ${messageOf(e)}`);
          return false;
        }
      }
      return this.startNow();
    });
  }

  /**
   * Disposes the client, once: after the start or restart in progress has settled and the requests that waited
   * for it have gone out (a stop that overtakes them makes them fail with "Starting server failed").
   */
  dispose(): Promise<void> {
    if (!this.disposing) {
      this.disposed = true;
      this.disposing = this.queue
        .then(nextTurn)
        .then(() => this.client.dispose())
        .catch(() => {
          // A client that never ran cannot be stopped (vscode-languageclient throws): there is nothing to dispose.
        });
    }
    return this.disposing;
  }

  private async startNow(): Promise<boolean> {
    if (this.disposed) return false;
    try {
      await this.client.start();
      return true;
    } catch (e) {
      this.failed = true;
      if (!this.disposed) this.report(`the server did not start: ${messageOf(e)}`);
      return false;
    }
  }

  private enqueue(op: () => Promise<boolean>): Promise<boolean> {
    const run = this.queue.then(async () => {
      if (this.disposed) return false;
      try {
        return await op();
      } catch (e) {
        // Only create() can throw here (start and stop failures are handled where they happen).
        if (!this.disposed) this.report(`the server did not start: ${messageOf(e)}`);
        return false;
      }
    });
    this.queue = run;
    return run;
  }
}
