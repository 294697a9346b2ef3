// Group commit: changes that arrive while a batch is being synced wait and go
// together in the next batch, so a burst of scores costs a few appends, not one
// each. Each change's caller is answered only when the batch holding it is on
// disk. Exclusive tasks (rotating the log) run between batches.

interface Waiting {
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface CommitHandlers {
  /** Writes everything changed so far as one batch; must take the batch synchronously, before its first await. */
  commit: () => Promise<void>;
  /** A commit failed: put the state back and return (or resolve with) the error to give every change still waiting. */
  failed: (e: unknown) => unknown;
}

export class CommitQueue {
  private waiting: Waiting[] = [];
  private tasks: (() => Promise<void>)[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly handlers: CommitHandlers) {}

  /** Resolves when everything changed up to now is on disk. */
  enqueue(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.kick();
    });
  }

  /** Runs `task` between two batches, never during one. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.tasks.push(() => task().then(resolve, reject));
      this.kick();
    });
  }

  /** Resolves once nothing is waiting or being written. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.run().finally(() => {
      this.running = null;
      // A change made by a caller just answered (in a microtask before this one) found the queue still running.
      if (this.waiting.length > 0 || this.tasks.length > 0) this.kick();
    });
  }

  private async run(): Promise<void> {
    while (this.waiting.length > 0 || this.tasks.length > 0) {
      const task = this.tasks.shift();
      if (task) {
        await task();
        continue;
      }
      const batch = this.waiting.splice(0);
      try {
        await this.handlers.commit();
        for (const w of batch) w.resolve();
      } catch (e) {
        // Changes that came in meanwhile were made on top of the failed ones: they go too.
        const pending = batch.concat(this.waiting.splice(0));
        // Answered once the state is back to what is on disk: nothing runs between batches meanwhile.
        const error = await this.handlers.failed(e);
        for (const w of pending) w.reject(error);
      }
    }
  }
}
