// Each room's projector is sent patches of its own public state; the parts every room shares
// (the teams, the board) are made once for all rooms and kept until they change. A room's
// pages must still see every change: a score on the board, a renamed team, in every room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicState } from '../../protocol/views.ts';
import { twoHalls } from '../helpers/rooms.ts';
import { connectAs, emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

let t: TestApp;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  t = await startApp({
    rateLimit: false,
    seed: () => {
      const data = twoHalls();
      for (const team of data.event.teams) data.scoring[team.id] = 'open';
      data.visibility.mode = 'live';
      return data;
    },
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t?.close();
});

async function projector(room: string) {
  const { socket, first } = await connectAs<PublicState>(t.url, { view: 'screen', room }, 'state:public');
  // connectAs's socket already applies the room's patches (tests/helpers/app.ts followPublic).
  sockets.push(socket);
  let latest = first;
  socket.on('state:public', (s: PublicState) => (latest = s));
  return { socket, now: () => latest };
}

const rowOf = (s: PublicState, teamId: string) => s.leaderboard?.overall.find((r) => r.teamId === teamId);

describe('every room’s projector, with the shared parts made once', () => {
  it('shows each score on the board and a renamed team, in both rooms, and a later score after the rename', async () => {
    const org = (await organiser(t)).socket;
    const phone = (await juror(t, 0)).socket;
    sockets.push(org, phone);
    const a = await projector('hall-a');
    const b = await projector('hall-b');
    const [first, second] = t.data().event.teams;
    const marks = (n: number) => Object.fromEntries(t.data().event.criteria.map((c) => [c.id, n]));
    const score = (teamId: string, n: number, revision: number) =>
      emitRaw(phone, 'score:submit', { opId: `wire-${teamId}-${revision}`, teamId, revision, marks: marks(n), note: '' });

    expect(await score(first!.id, 8, 1)).toMatchObject({ ok: true });
    for (const room of [a, b]) await expect.poll(() => rowOf(room.now(), first!.id)?.score).toBe(8);

    const renamed = 'Équipe Ça-Roule ß 🚀';
    expect(await emitRaw(org, 'team:save', { id: first!.id, name: renamed, project: first!.project, members: first!.members, categoryId: first!.categoryId })).toMatchObject({ ok: true });
    for (const room of [a, b]) await expect.poll(() => room.now().teams.find((x) => x.id === first!.id)?.name).toBe(renamed);

    expect(await score(second!.id, 6, 1)).toMatchObject({ ok: true });
    for (const room of [a, b]) {
      await expect.poll(() => rowOf(room.now(), second!.id)?.score).toBe(6);
      // The rename holds after the next score's patch (the event's part was not put back as it was).
      expect(room.now().teams.find((x) => x.id === first!.id)?.name).toBe(renamed);
      expect(rowOf(room.now(), first!.id)?.score).toBe(8);
    }
    // Each room kept its own stage: Hall B's agenda is Hall B's.
    expect(b.now().room.id).toBe('hall-b');
    expect(b.now().agenda.every((s) => s.item.roomId === 'hall-b')).toBe(true);
    expect(a.now().agenda.every((s) => (s.item.roomId ?? 'hall-a') === 'hall-a')).toBe(true);
    // A page joining now gets the same state whole as the ones that followed the patches.
    const late = await connectAs<PublicState>(t.url, { view: 'screen', room: 'hall-b' }, 'state:public');
    sockets.push(late.socket);
    const { seq: _s1, ...joined } = late.first;
    const { seq: _s2, ...followed } = b.now();
    expect(joined).toEqual(followed);
  });
});
