// An audience phone's ballot for the people's vote, with the juror outbox's discipline
// (client/src/pages/jury/outbox.ts): the vote waits in storage until the server has
// acknowledged it, so a reload or a dropped connection loses nothing, and "counted"
// is said only after the acknowledgement. One vote waits at a time, the latest: a
// newer tap replaces an unsent one. Each vote carries the phone's own increasing
// revision, so a late retry never replaces a newer vote on the server.
// Pure TypeScript over an injected storage and send: it runs in node in the tests.
import type { VoteSaved } from '../../../../protocol/events.ts';
import type { Result, ResultError } from '../../../../protocol/result.ts';
import { backoffMs, isRetryable, type OutboxStorage } from '../jury/outbox.ts';

export interface BallotVote {
  teamId: string;
  revision: number;
  ticket?: string;
}

export interface PersistedBallot {
  /** The vote waiting for its acknowledgement, if any. */
  pending: BallotVote | null;
  attempts: number;
  /** The highest revision this phone ever used: revisions keep rising across reloads. */
  revision: number;
  /** What the server last said counts for this phone. */
  counted: VoteSaved | null;
}

export const BALLOT_KEY = 'podium:ballot';

const empty = (): PersistedBallot => ({ pending: null, attempts: 0, revision: 0, counted: null });

export function parseBallot(raw: string | null): PersistedBallot | null {
  if (raw === null) return null;
  try {
    const p = JSON.parse(raw) as Partial<PersistedBallot> | null;
    if (!p || typeof p.revision !== 'number') return null;
    return { pending: p.pending ?? null, attempts: p.attempts ?? 0, revision: p.revision, counted: p.counted ?? null };
  } catch {
    return null;
  }
}

export interface BallotOptions {
  storage: OutboxStorage;
  key?: string;
  send: (vote: BallotVote) => Promise<Result<VoteSaved>>;
  onChange?: () => void;
  /** A final refusal (closed, no device pass, used ticket): the vote is dropped and the person must read why. */
  onRefused?: (vote: BallotVote, error: ResultError) => void;
}

export class Ballot {
  private memory: PersistedBallot = empty();
  private flushing: Promise<void> | null = null;
  persisted = true;

  constructor(private readonly options: BallotOptions) {
    this.memory = this.read();
  }

  get state(): PersistedBallot {
    return this.read();
  }

  /** Votes for a team: it waits in storage until acknowledged. */
  vote(teamId: string, ticket?: string): BallotVote {
    const s = this.read();
    const revision = Math.max(s.revision, s.counted?.revision ?? 0, s.pending?.revision ?? 0) + 1;
    const vote: BallotVote = { teamId, revision, ...(ticket ? { ticket } : {}) };
    this.write({ ...s, pending: vote, attempts: 0, revision });
    return vote;
  }

  /** What the server says counts for this phone (on connect): revisions continue above it. */
  synced(counted: VoteSaved | null): void {
    const s = this.read();
    if (!counted) return;
    const pendingNewer = s.pending && s.pending.revision > counted.revision;
    this.write({ ...s, counted, revision: Math.max(s.revision, counted.revision), ...(pendingNewer ? {} : { pending: null, attempts: 0 }) });
  }

  nextDelay(): number | null {
    const s = this.read();
    return s.pending ? backoffMs(s.attempts) : null;
  }

  /** Sends the waiting vote; resolves with whether nothing waits any more. Concurrent calls share one run. */
  flush(): Promise<boolean> {
    this.flushing ??= this.run().finally(() => (this.flushing = null));
    return this.flushing.then(() => this.read().pending === null);
  }

  private async run(): Promise<void> {
    for (;;) {
      const vote = this.read().pending;
      if (!vote) return;
      let result: Result<VoteSaved>;
      try {
        result = await this.options.send(vote);
      } catch (e) {
        result = { ok: false, error: { code: 'internal', message: (e as Error).message || 'Not sent.' } };
      }
      const s = this.read();
      // A newer tap while this one was on its way: send that one next.
      const superseded = s.pending !== null && s.pending.revision !== vote.revision;
      if (result.ok) {
        const counted = result.data;
        this.write({ ...s, counted, revision: Math.max(s.revision, counted.revision), ...(superseded ? {} : { pending: null, attempts: 0 }) });
        if (!superseded) return;
      } else if (isRetryable(result.error.code)) {
        if (!superseded) {
          this.write({ ...s, attempts: s.attempts + 1 });
          return;
        }
      } else {
        if (!superseded) this.write({ ...s, pending: null, attempts: 0 });
        this.options.onRefused?.(vote, result.error);
        if (!superseded) return;
      }
    }
  }

  private read(): PersistedBallot {
    if (!this.persisted) return structuredClone(this.memory);
    try {
      return parseBallot(this.options.storage.getItem(this.options.key ?? BALLOT_KEY)) ?? structuredClone(this.memory);
    } catch {
      return structuredClone(this.memory);
    }
  }

  private write(state: PersistedBallot): void {
    this.memory = structuredClone(state);
    try {
      this.options.storage.setItem(this.options.key ?? BALLOT_KEY, JSON.stringify(state));
      this.persisted = true;
    } catch {
      this.persisted = false;
    }
    this.options.onChange?.();
  }
}
