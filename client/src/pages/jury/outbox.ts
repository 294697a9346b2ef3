// The juror's outbox: every score they send waits here, on the phone, until the
// server has acknowledged it. Pure TypeScript over an injected storage and an
// injected send, so it runs the same in the browser, in node and in tests.
//
// Each entry carries a client-made operation id (the server applies it at most
// once, so retrying is always safe) and the juror's own increasing revision for
// the team (a late retry never overwrites a newer score).
import type { ScoreSaved } from '../../../../protocol/events.ts';
import type { ErrorCode, Result, ResultError } from '../../../../protocol/result.ts';

export interface OutboxEntry {
  opId: string;
  teamId: string;
  revision: number;
  marks: Record<string, number>;
  note: string;
  queuedAt: number;
  attempts: number;
  lastError: string | null;
}

export interface OutboxStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export type SendScore = (entry: OutboxEntry) => Promise<Result<ScoreSaved>>;

/** What one juror link's outbox keeps in storage, as JSON under `outboxKey(token)`. */
export interface PersistedOutbox {
  entries: OutboxEntry[];
  /** The highest revision this phone ever gave each team, so revisions keep rising. */
  revisions: Record<string, number>;
}
type Persisted = PersistedOutbox;

/** The storage key of a juror link's outbox: one outbox per link. */
export const outboxKey = (token: string): string => `podium:outbox:${token}`;

/** Where a juror link's drafts are kept: one entry per team, `podium:draft:<token>:<team id>` (drafts.svelte.ts writes them, link-handover.ts moves them). */
export const draftPrefix = (token: string): string => `podium:draft:${token}:`;

/** A stored outbox, or null when there is none or it is not one (then it is as good as none). */
export function parseOutbox(raw: string | null): PersistedOutbox | null {
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<PersistedOutbox> | null;
    if (!parsed || !Array.isArray(parsed.entries) || typeof parsed.revisions !== 'object' || parsed.revisions === null) return null;
    return { entries: parsed.entries, revisions: parsed.revisions };
  } catch {
    return null;
  }
}

export interface OutboxOptions {
  storage: OutboxStorage;
  /** Storage key: `outboxKey(token)` on the page. */
  key: string;
  send: SendScore;
  newOpId: () => string;
  now?: () => number;
  /** After any change to the entries. */
  onChange?: () => void;
  onSaved?: (entry: OutboxEntry, ack: ScoreSaved) => void;
  /** A final refusal: the entry is dropped, and the juror must read why. */
  onRefused?: (entry: OutboxEntry, error: ResultError) => void;
}

/** Refusals worth retrying: the server or the network may do better next time. */
const RETRYABLE: readonly ErrorCode[] = ['storage', 'internal', 'rate-limited'];
export const isRetryable = (code: ErrorCode): boolean => RETRYABLE.includes(code);

/** Wait before the next attempt: 1 s, 2 s, 4 s … up to 30 s. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

export class Outbox {
  private memory: Persisted = { entries: [], revisions: {} };
  private inFlight: string | null = null;
  private flushing: Promise<void> | null = null;
  /** Whether the last write to storage worked; if not, entries live in memory only. */
  persisted = true;

  constructor(private readonly options: OutboxOptions) {
    this.memory = this.read();
  }

  /** Entries waiting for an acknowledgement, oldest first. */
  entries(): OutboxEntry[] {
    return this.read().entries;
  }

  /** The newest waiting entry for a team, if any. */
  waitingFor(teamId: string): OutboxEntry | undefined {
    return this.entries().findLast((e) => e.teamId === teamId);
  }

  /**
   * Queues a score. Its revision is one above anything the server or this phone
   * has seen for the team. An older entry for the same team that is not on its
   * way is superseded: the newer one carries the juror's latest marks.
   */
  enqueue(teamId: string, marks: Record<string, number>, note: string, savedRevision: number): OutboxEntry {
    const state = this.read();
    const pending = state.entries.filter((e) => e.teamId === teamId).map((e) => e.revision);
    const revision = Math.max(savedRevision, state.revisions[teamId] ?? 0, ...pending) + 1;
    const entry: OutboxEntry = {
      opId: this.options.newOpId(),
      teamId,
      revision,
      marks: { ...marks },
      note,
      queuedAt: this.options.now?.() ?? Date.now(),
      attempts: 0,
      lastError: null,
    };
    state.entries = state.entries.filter((e) => e.teamId !== teamId || e.opId === this.inFlight);
    state.entries.push(entry);
    state.revisions[teamId] = revision;
    this.write(state);
    return entry;
  }

  /** Delay before the next retry, from the entry that has failed most; null when empty. */
  nextDelay(): number | null {
    const entries = this.entries();
    if (!entries.length) return null;
    return backoffMs(Math.max(...entries.map((e) => e.attempts)));
  }

  /**
   * Sends every waiting entry in order, one at a time. Stops at the first that
   * cannot be delivered now (offline, timeout, server trouble) and keeps it.
   * Resolves with whether the outbox is empty. Concurrent calls share one run.
   */
  flush(): Promise<boolean> {
    this.flushing ??= this.run().finally(() => {
      this.flushing = null;
    });
    return this.flushing.then(() => {
      const left = this.entries();
      // Entries never tried were queued after the shared run had finished: send them too.
      if (left.length && left.every((e) => e.attempts === 0)) return this.flush();
      return left.length === 0;
    });
  }

  private async run(): Promise<void> {
    for (;;) {
      const entry = this.entries()[0];
      if (!entry) return;
      this.inFlight = entry.opId;
      let result: Result<ScoreSaved>;
      try {
        result = await this.options.send(entry);
      } catch (e) {
        result = { ok: false, error: { code: 'internal', message: (e as Error).message || 'Not sent.' } };
      } finally {
        this.inFlight = null;
      }
      if (result.ok) {
        this.remove(entry.opId);
        this.options.onSaved?.(entry, result.data);
      } else if (isRetryable(result.error.code)) {
        this.update(entry.opId, (e) => ({ ...e, attempts: e.attempts + 1, lastError: result.error.message }));
        return;
      } else {
        this.remove(entry.opId);
        this.options.onRefused?.(entry, result.error);
      }
    }
  }

  private remove(opId: string): void {
    const state = this.read();
    state.entries = state.entries.filter((e) => e.opId !== opId);
    this.write(state);
  }

  private update(opId: string, fn: (e: OutboxEntry) => OutboxEntry): void {
    const state = this.read();
    state.entries = state.entries.map((e) => (e.opId === opId ? fn(e) : e));
    this.write(state);
  }

  // Storage is read before every change, so two tabs of the same juror share one outbox.
  private read(): Persisted {
    if (!this.persisted) return structuredClone(this.memory);
    try {
      return parseOutbox(this.options.storage.getItem(this.options.key)) ?? structuredClone(this.memory);
    } catch {
      return structuredClone(this.memory);
    }
  }

  private write(state: Persisted): void {
    this.memory = structuredClone(state);
    try {
      this.options.storage.setItem(this.options.key, JSON.stringify(state satisfies PersistedOutbox));
      this.persisted = true;
    } catch {
      // Storage full or forbidden (private mode): keep going from memory, and say so.
      this.persisted = false;
    }
    this.options.onChange?.();
  }
}
