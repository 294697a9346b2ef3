// The outbox on the juror's page: the pure Outbox over localStorage, sending
// through the page's live connection, with what the page shows kept in $state.
// It sends when the connection comes back, and retries with backoff until every
// score is acknowledged.
import { nanoid } from 'nanoid';
import { untrack } from 'svelte';
import type { Payload, ScoreSaved } from '../../../../protocol/events.ts';
import type { Result, ResultError } from '../../../../protocol/result.ts';
import type { Live } from '../../lib/live.svelte.ts';
import { Outbox, outboxKey, type OutboxEntry, type OutboxStorage } from './outbox.ts';

export interface Acked {
  revision: number;
  marks: Record<string, number>;
  note: string;
}

export interface Refusal {
  teamId: string;
  entry: OutboxEntry;
  error: ResultError;
}

export type PageStorage = OutboxStorage & Partial<Pick<Storage, 'key' | 'length' | 'removeItem'>>;

/** localStorage, or a stand-in when the browser forbids it (some private modes). */
export function pageStorage(): PageStorage {
  try {
    const probe = '__podium_probe__';
    localStorage.setItem(probe, probe);
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    const map = new Map<string, string>();
    return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
  }
}

/**
 * One attempt: the server's answer, or a retryable failure when none came in time. Offline it is
 * not sent at all (Socket.IO would buffer it and send it again on reconnect, beside the outbox's own retry).
 */
function sendScore(live: Live<'state:juror'>, payload: Payload<'score:submit'>): Promise<Result<ScoreSaved>> {
  if (!live.socket.connected) return Promise.resolve({ ok: false, error: { code: 'internal', message: 'Offline: not sent yet.' } });
  return live.send('score:submit', payload);
}

export class JurorOutbox {
  /** Scores on the phone that the server has not yet acknowledged. */
  waiting = $state<OutboxEntry[]>([]);
  /** What the server acknowledged, per team, before its next state arrives. */
  acked = $state<Record<string, Acked>>({});
  /** The last final refusal, for the juror to read. */
  refusal = $state<Refusal | null>(null);
  /** False when the phone's storage refused the outbox (it then lives in memory only). */
  persisted = $state(true);

  private readonly box: Outbox;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly live: Live<'state:juror'>,
    token: string,
    options: { storage?: OutboxStorage; onRefused?: (refusal: Refusal) => void } = {},
  ) {
    this.box = new Outbox({
      storage: options.storage ?? pageStorage(),
      key: outboxKey(token),
      newOpId: () => nanoid(),
      send: (e) => sendScore(live, { opId: e.opId, teamId: e.teamId, revision: e.revision, marks: e.marks, note: e.note }),
      onChange: () => this.refresh(),
      onSaved: (entry) => {
        const known = this.acked[entry.teamId];
        if (!known || known.revision < entry.revision) {
          this.acked[entry.teamId] = { revision: entry.revision, marks: entry.marks, note: entry.note };
        }
      },
      onRefused: (entry, error) => {
        this.refusal = { teamId: entry.teamId, entry, error };
        options.onRefused?.(this.refusal);
      },
    });
    this.refresh();
    // Connected again (or for the first time): send what waits.
    $effect(() => {
      if (this.live.online) untrack(() => void this.flush());
    });
    // Another tab of the same juror changed the outbox.
    const onStorage = (e: StorageEvent) => {
      if (e.key === outboxKey(token)) this.refresh();
    };
    addEventListener('storage', onStorage);
    $effect(() => () => {
      removeEventListener('storage', onStorage);
      if (this.retry) clearTimeout(this.retry);
    });
  }

  /** Queues a score and tries to send it at once. */
  submit(teamId: string, marks: Record<string, number>, note: string, savedRevision: number): OutboxEntry {
    if (this.refusal?.teamId === teamId) this.refusal = null;
    const entry = this.box.enqueue(teamId, marks, note, savedRevision);
    void this.flush();
    return entry;
  }

  waitingFor(teamId: string): OutboxEntry | undefined {
    return this.waiting.findLast((e) => e.teamId === teamId);
  }

  async flush(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    if (!this.live.online) return; // the effect above sends once the connection is back
    const empty = await this.box.flush();
    if (!empty && !this.retry) {
      this.retry = setTimeout(() => void this.flush(), this.box.nextDelay() ?? 5000);
    }
  }

  /** Reads the outbox again after its storage was changed from outside (a handover from an old link), and sends. */
  reload(): void {
    this.refresh();
    void this.flush();
  }

  private refresh(): void {
    this.waiting = this.box.entries();
    this.persisted = this.box.persisted;
  }
}
