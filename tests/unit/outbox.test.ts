import { describe, expect, it } from 'vitest';
import type { ScoreSaved } from '../../protocol/events.ts';
import type { Result, ResultError } from '../../protocol/result.ts';
import { backoffMs, Outbox, type OutboxEntry, type OutboxStorage } from '../../client/src/pages/jury/outbox.ts';

class MemoryStorage implements OutboxStorage {
  map = new Map<string, string>();
  full = false;
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.full) throw new Error('QuotaExceededError');
    this.map.set(key, value);
  }
}

type Reply = Result<ScoreSaved> | Error;

/** A fake server: answers each send with the next queued reply (default: ok). */
function harness(storage = new MemoryStorage()) {
  const sent: OutboxEntry[] = [];
  const replies: Reply[] = [];
  const saved: OutboxEntry[] = [];
  const refusals: ResultError[] = [];
  let n = 0;
  const make = () =>
    new Outbox({
      storage,
      key: 'podium:outbox:tok',
      newOpId: () => `op-${++n}-xxxxxxxx`,
      now: () => 1000,
      send: async (entry) => {
        sent.push(entry);
        const reply = replies.shift() ?? { ok: true, data: { teamId: entry.teamId, revision: entry.revision, opId: entry.opId } };
        if (reply instanceof Error) throw reply;
        return reply;
      },
      onSaved: (e) => saved.push(e),
      onRefused: (_e, err) => refusals.push(err),
    });
  return { storage, sent, replies, saved, refusals, make };
}

const fail = (code: ResultError['code'], message: string = code): Result<ScoreSaved> => ({ ok: false, error: { code, message } });

describe('Outbox', () => {
  it('gives each entry a fresh operation id and a revision above anything seen', () => {
    const h = harness();
    const box = h.make();
    const a = box.enqueue('t1', { c: 5 }, '', 0);
    const b = box.enqueue('t2', { c: 5 }, '', 4);
    expect(a.revision).toBe(1);
    expect(b.revision).toBe(5);
    expect(a.opId).not.toBe(b.opId);
    // The server's saved revision may lag behind what this phone already used.
    expect(box.enqueue('t1', { c: 6 }, '', 0).revision).toBe(2);
  });

  it('supersedes a waiting entry for the same team, keeping the newest marks', () => {
    const box = harness().make();
    box.enqueue('t1', { c: 5 }, 'first', 0);
    box.enqueue('t1', { c: 6 }, 'second', 0);
    expect(box.entries()).toHaveLength(1);
    expect(box.waitingFor('t1')).toMatchObject({ revision: 2, marks: { c: 6 }, note: 'second' });
  });

  it('sends in order and drops entries once acknowledged', async () => {
    const h = harness();
    const box = h.make();
    box.enqueue('t1', { c: 1 }, '', 0);
    box.enqueue('t2', { c: 2 }, '', 0);
    expect(await box.flush()).toBe(true);
    expect(h.sent.map((e) => e.teamId)).toEqual(['t1', 't2']);
    expect(h.saved.map((e) => e.teamId)).toEqual(['t1', 't2']);
    expect(box.entries()).toEqual([]);
  });

  it('keeps an entry on timeouts, storage and internal errors, and retries with the same operation id', async () => {
    const h = harness();
    const box = h.make();
    box.enqueue('t1', { c: 1 }, '', 0);
    h.replies.push(new Error('timeout'), fail('storage'), fail('internal'), fail('rate-limited'));
    for (let i = 1; i <= 4; i++) {
      expect(await box.flush()).toBe(false);
      expect(box.entries()[0]!.attempts).toBe(i);
    }
    expect(box.nextDelay()).toBe(backoffMs(4));
    expect(await box.flush()).toBe(true);
    expect(new Set(h.sent.map((e) => e.opId)).size).toBe(1);
    expect(h.sent).toHaveLength(5);
    expect(h.saved).toHaveLength(1);
  });

  it('drops an entry on a final refusal and reports why, then carries on', async () => {
    const h = harness();
    const box = h.make();
    box.enqueue('t1', { c: 1 }, '', 0);
    box.enqueue('t2', { c: 1 }, '', 0);
    h.replies.push(fail('closed', 'Scoring for "ecopals" is closed'));
    expect(await box.flush()).toBe(true);
    expect(h.refusals).toEqual([{ code: 'closed', message: 'Scoring for "ecopals" is closed' }]);
    expect(h.saved.map((e) => e.teamId)).toEqual(['t2']);
    for (const code of ['stale', 'forbidden', 'bad-request'] as const) {
      box.enqueue('t3', { c: 1 }, '', 0);
      h.replies.push(fail(code));
      expect(await box.flush()).toBe(true);
    }
    expect(h.refusals.map((r) => r.code)).toEqual(['closed', 'stale', 'forbidden', 'bad-request']);
  });

  it('survives a reload: a new outbox on the same storage sends what was waiting, once', async () => {
    const h = harness();
    const first = h.make();
    const entry = first.enqueue('t1', { c: 3 }, 'note', 2);
    h.replies.push(new Error('offline'));
    await first.flush();
    const reloaded = h.make();
    expect(reloaded.entries()).toMatchObject([{ opId: entry.opId, revision: 3, marks: { c: 3 }, note: 'note' }]);
    expect(await reloaded.flush()).toBe(true);
    expect(h.saved.map((e) => e.opId)).toEqual([entry.opId]);
    // Revisions keep rising after a reload, even before the server's state arrives.
    expect(reloaded.enqueue('t1', { c: 4 }, '', 0).revision).toBe(4);
  });

  it('shares one run between concurrent flushes', async () => {
    const h = harness();
    const box = h.make();
    box.enqueue('t1', { c: 1 }, '', 0);
    await Promise.all([box.flush(), box.flush(), box.flush()]);
    expect(h.sent).toHaveLength(1);
  });

  it('sends an entry queued just as a run was finishing', async () => {
    const h = harness();
    const box = h.make();
    const done = box.flush();
    box.enqueue('t1', { c: 1 }, '', 0);
    expect(await done).toBe(true);
    expect(h.sent.map((e) => e.teamId)).toEqual(['t1']);
  });

  it('does not supersede the entry that is on its way', async () => {
    const h = harness();
    let release!: (r: Result<ScoreSaved>) => void;
    const box = new Outbox({
      storage: h.storage,
      key: 'k',
      newOpId: (() => {
        let i = 0;
        return () => `op-${++i}-yyyyyyyy`;
      })(),
      send: (e) => {
        h.sent.push(e);
        return h.sent.length === 1 ? new Promise((r) => (release = r)) : Promise.resolve({ ok: true, data: { teamId: e.teamId, revision: e.revision, opId: e.opId } });
      },
    });
    const first = box.enqueue('t1', { c: 1 }, '', 0);
    const done = box.flush();
    await Promise.resolve();
    box.enqueue('t1', { c: 2 }, '', 0);
    expect(box.entries().map((e) => e.revision)).toEqual([1, 2]);
    release({ ok: true, data: { teamId: 't1', revision: 1, opId: first.opId } });
    expect(await done).toBe(true);
    expect(h.sent.map((e) => e.revision)).toEqual([1, 2]);
  });

  it('keeps working from memory when storage is full, and says so', async () => {
    const h = harness();
    const box = h.make();
    h.storage.full = true;
    box.enqueue('t1', { c: 1 }, '', 0);
    expect(box.persisted).toBe(false);
    expect(box.entries()).toHaveLength(1);
    expect(await box.flush()).toBe(true);
  });

  it('backs off from 1 s up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});
