// A fan-out node asking the primary for every room's public state (a snapshot): one request at a
// time, shared by whoever needs it, and asked again while a room still waits for it. A room waits
// when a patch did not fit the version the node held (mirror.ts `gaps`); pages that join it get
// nothing until the snapshot comes. Asked once and unanswered (the primary busy past the request's
// time limit), nothing else would ask again until the primary's next change to that room: a quiet
// primary (a break, a paused clock) left pages joining the node blank.
import type { ClusterSnapshot } from './mirror.ts';

export interface SnapshotRefreshOptions {
  /** Asks the primary, waiting at most `waitMs` for its answer. */
  ask: (waitMs: number) => Promise<ClusterSnapshot>;
  /** Takes the answer (the mirror's rooms, the pages that waited). */
  take: (snapshot: ClusterSnapshot) => void;
  /** Whether a room still waits for a snapshot. */
  waiting: () => boolean;
  /** How long a request may wait (ms). */
  timeoutMs: number;
  /** How long after an unanswered request to ask again, while a room waits (ms). */
  retryMs: number;
}

export class SnapshotRefresh {
  private asking: Promise<void> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly options: SnapshotRefreshOptions) {}

  /** The snapshot, asked now unless a request is already out (then that one's outcome). */
  now(waitMs = this.options.timeoutMs): Promise<void> {
    this.asking ??= this.options
      .ask(waitMs)
      .then((snapshot) => this.options.take(snapshot))
      .finally(() => (this.asking = null));
    return this.asking;
  }

  /** Asks now; unanswered, asks again every `retryMs` for as long as a room waits. */
  heal(): void {
    this.now().catch(() => this.later());
  }

  /** Asks again in `retryMs` if a room still waits then (a request that just failed elsewhere). */
  later(): void {
    if (this.closed || this.retry || !this.options.waiting()) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.closed && this.options.waiting()) this.heal();
    }, this.options.retryMs);
    this.retry.unref?.();
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }
}
