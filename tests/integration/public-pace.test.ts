// On a big event, ranking every score for the audience costs tens of milliseconds,
// so score-driven audience updates are paced by what a ranking costs. Pacing may
// merge updates; it must never lose the last one: when the scores stop, the room
// holds the leaderboard of every score, and a change that is not a score (here
// freezing the board) goes out at once.
import { DEFAULT_ROOM_ID } from '../../protocol/rooms.ts';
import { rooms } from '../../server/socket/rooms.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreKey } from '../../protocol/model.ts';
import type { PublicState } from '../../protocol/views.ts';
import { Broadcaster } from '../../server/broadcaster.ts';
import { systemClock } from '../../server/domain/clock.ts';
import { publicLeaderboard } from '../../server/domain/projection.ts';
import { submitScore } from '../../server/domain/scoring.ts';
import { Store } from '../../server/store.ts';
import type { PodiumServer } from '../../server/types/socket.ts';
import { connectAs, emitRaw, startApp, tempDir, type TestApp, type TestSocket } from '../helpers/app.ts';
import { SIZED_ORGANISER_TOKEN, sizedData, sizedJurorToken } from '../helpers/sized-event.ts';

const opened: TestApp[] = [];
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const t of opened.splice(0)) await t.close();
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('audience updates on a big event', () => {
  it('may merge score-driven updates but always ends on the leaderboard of every score; a freeze goes out at once', async () => {
    const t = await startApp({
      seed: () => {
        const data = sizedData(150, 40, { scored: true });
        data.visibility.mode = 'live';
        return data;
      },
    });
    opened.push(t);
    expect(t.data().visibility.mode).toBe('live');
    const audience = await connectAs<PublicState>(t.url, { view: 'audience' }, 'state:public');
    sockets.push(audience.socket);
    let last = audience.first;
    audience.socket.on('state:public', (s: PublicState) => (last = s));
    const jurors = await Promise.all(
      [0, 1, 2, 3, 4].map(async (j) => (await connectAs(t.url, { token: sizedJurorToken(j) }, 'state:juror')).socket),
    );
    sockets.push(...jurors);
    const criteria = t.data().event.criteria;
    // Five jurors each give the last team full marks, one team after another, as fast as acknowledged.
    for (let round = 0; round < 6; round++) {
      await Promise.all(
        jurors.map(async (socket, j) => {
          const teamId = `team-${150 - round}`;
          const marks = Object.fromEntries(criteria.map((c) => [c.id, c.max]));
          const ack = await emitRaw(socket, 'score:submit', { opId: `pace-${j}-${round}-abcdef`, teamId, revision: 2, marks, note: '' });
          expect(ack).toMatchObject({ ok: true });
        }),
      );
    }
    const expected = JSON.stringify(publicLeaderboard(t.data(), 0)?.overall.map((r) => [r.teamId, r.rank, r.score]));
    await until(() => JSON.stringify(last.leaderboard?.overall.map((r) => [r.teamId, r.rank, r.score])) === expected, 'the room to hold the leaderboard of every score');
    expect(t.data().scores[scoreKey('juror-1', 'team-150')]!.revision).toBe(2);
    // The scores did change what the room sees, so holding the final board means the last update arrived.
    expect(JSON.stringify(audience.first.leaderboard?.overall.map((r) => [r.teamId, r.rank, r.score]))).not.toBe(expected);

    const organiser = (await connectAs(t.url, { token: SIZED_ORGANISER_TOKEN }, 'state:organiser')).socket;
    sockets.push(organiser);
    const frozen = new Promise<PublicState>((r) => audience.socket.on('state:public', (s: PublicState) => s.visibility.mode === 'frozen' && r(s)));
    expect(await emitRaw(organiser, 'visibility:set', { mode: 'frozen' })).toMatchObject({ ok: true });
    expect((await frozen).visibility.mode).toBe('frozen');
  });

  // Issue 19: the pace was once what the last board cost to rank and to send to the room, so at
  // thousands of sockets each score waited four times a whole broadcast. Here sending to the room
  // takes 250 ms (a stand-in for a big room's writes) and ranking a small event almost nothing:
  // the next score must go out at once, not a second later.
  it('is paced by what the ranking costs, not by what sending to the room costs', async () => {
    const store = await Store.open({
      dir: tempDir(),
      seed: () => {
        const data = sizedData(6, 2, { scored: true });
        data.visibility.mode = 'live';
        return data;
      },
    });
    const sentAt: number[] = [];
    // The pages of the event's one room, which is where its public state goes.
    const mainShow = rooms.show(DEFAULT_ROOM_ID);
    const slowRoom = {
      emit: () => {
        sentAt.push(performance.now());
        const until = performance.now() + 250;
        while (performance.now() < until);
        return true;
      },
      except: () => slowRoom,
    };
    const io = {
      emit: () => true,
      to: (room: string) => (room === mainShow ? slowRoom : { emit: () => true, except: () => ({ emit: () => true }) }),
      sockets: { adapter: { rooms: new Map([[mainShow, new Set(['a-screen'])]]) } },
    } as unknown as PodiumServer;
    const broadcaster = new Broadcaster(io, store, systemClock);
    const score = async (revision: number) => {
      const marks = Object.fromEntries(store.data.event.criteria.map((c) => [c.id, c.min + revision]));
      await store.mutate((d) => submitScore(d, 'juror-1', { opId: `slow-room-${revision}-abcdef`, teamId: 'team-1', revision, marks, note: '' }, Date.now()));
      broadcaster.changed({ kind: 'score', jurorId: 'juror-1' });
    };
    try {
      await score(2);
      await until(() => sentAt.length === 1, 'the first board');
      const scoredAt = performance.now();
      await score(3);
      await until(() => sentAt.length === 2, 'the second board');
      expect(sentAt[1]! - scoredAt).toBeLessThan(500);
    } finally {
      await store.close();
    }
  });
});
