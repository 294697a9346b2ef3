// A fan-out node's snapshot requests (server/fanout/snapshot-refresh.ts): one at a time, and asked
// again while a room waits, so a page joining a room the node lost track of gets its state even when
// the primary's first answer came too late and the primary then stays quiet.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClusterSnapshot } from '../../server/fanout/mirror.ts';
import { SnapshotRefresh } from '../../server/fanout/snapshot-refresh.ts';

const SNAPSHOT = { main: 'main', rooms: {} } as unknown as ClusterSnapshot;

/** A primary that leaves the first `unanswered` requests unanswered (they time out), then answers. */
function primary(unanswered: number) {
  const asked: number[] = [];
  return {
    asked,
    ask: (waitMs: number) => {
      asked.push(waitMs);
      return asked.length <= unanswered ? Promise.reject(new Error('no answer from the primary')) : Promise.resolve(SNAPSHOT);
    },
  };
}

let refreshes: SnapshotRefresh[] = [];
afterEach(() => {
  for (const r of refreshes) r.close();
  refreshes = [];
});

function refreshFor(p: ReturnType<typeof primary>, room: { waits: boolean }, taken: ClusterSnapshot[]) {
  const r = new SnapshotRefresh({
    ask: p.ask,
    take: (s) => {
      taken.push(s);
      room.waits = false;
    },
    waiting: () => room.waits,
    timeoutMs: 5000,
    retryMs: 10,
  });
  refreshes.push(r);
  return r;
}

describe('a fan-out node asking the primary for a snapshot', () => {
  it('asks again while a room waits, until the primary answers, with nothing else happening meanwhile', async () => {
    const p = primary(3);
    const room = { waits: true };
    const taken: ClusterSnapshot[] = [];
    refreshFor(p, room, taken).heal();
    await expect.poll(() => taken.length).toBe(1);
    expect(p.asked).toHaveLength(4);
    expect(taken[0]).toBe(SNAPSHOT);
    expect(room.waits).toBe(false);
  });

  it('does not ask again once no room waits', async () => {
    const p = primary(1);
    const room = { waits: true };
    const taken: ClusterSnapshot[] = [];
    const r = refreshFor(p, room, taken);
    await expect(r.now()).rejects.toThrow('no answer from the primary');
    // The room's state came with the primary's next change instead: nothing waits any more.
    room.waits = false;
    r.later();
    // A later request, answered: had a retry been left pending, it would have asked before this one.
    await r.now();
    expect(p.asked).toHaveLength(2);
    expect(taken).toHaveLength(1);
  });

  it('shares one request among those who ask at once', async () => {
    let answer!: (s: ClusterSnapshot) => void;
    let asked = 0;
    const r = new SnapshotRefresh({
      ask: () => {
        asked++;
        return new Promise((resolve) => (answer = resolve));
      },
      take: () => undefined,
      waiting: () => false,
      timeoutMs: 5000,
      retryMs: 10,
    });
    refreshes.push(r);
    const first = r.now();
    const second = r.now(1000);
    answer(SNAPSHOT);
    await Promise.all([first, second]);
    expect(asked).toBe(1);
  });

  it('stops asking when the node closes', async () => {
    // The clock in the test's hands: each retry period passes exactly when the test says.
    vi.useFakeTimers();
    try {
      const p = primary(Infinity);
      const r = refreshFor(p, { waits: true }, []);
      r.heal();
      await vi.advanceTimersByTimeAsync(10);
      await vi.advanceTimersByTimeAsync(10);
      expect(p.asked).toHaveLength(3);
      r.close();
      await vi.advanceTimersByTimeAsync(1000);
      expect(p.asked).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
