// A juror's phone follows their panel's room (issue 17): its clock and who is on its
// stage, not the main room's; a new panel moves the phone to the new room at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JurorState, TimerAnchor } from '../../protocol/views.ts';
import { twoHalls } from '../helpers/rooms.ts';
import { connectAs, emitRaw, nextEvent, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

let t: TestApp;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  t = await startApp({
    seed: () => {
      const data = twoHalls();
      // The first juror sits on Hall B's panel; the second has no assignment (every team, the main room's clock).
      data.event.jurors[0]!.assignedRooms = ['hall-b'];
      return data;
    },
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t?.close();
});

const itemsOf = (room: string) => t.data().event.agenda.filter((i) => (i.roomId ?? 'hall-a') === room);

async function jurorPhone(index: number) {
  const juror = t.data().event.jurors[index]!;
  const opened = await connectAs<JurorState>(t.url, { token: juror.token }, 'state:juror');
  sockets.push(opened.socket);
  const anchors: TimerAnchor[] = [];
  opened.socket.on('clock:anchor', (a: TimerAnchor) => anchors.push(a));
  return { ...opened, anchors, juror };
}

describe('a juror on a room’s panel', () => {
  it('sees that room’s agenda, stage and clock, never the main room’s; moved to another panel, follows it at once', async () => {
    const org = await organiser(t);
    sockets.push(org.socket);
    const panelB = await jurorPhone(0);
    const everyTeam = await jurorPhone(1);
    expect(panelB.first.room.id).toBe('hall-b');
    expect(panelB.first.agenda.map((s) => s.item.id)).toEqual(itemsOf('hall-b').map((i) => i.id));
    expect(everyTeam.first.room.id).toBe('hall-a');
    expect(everyTeam.first.agenda.map((s) => s.item.id)).toEqual(itemsOf('hall-a').map((i) => i.id));

    // Hall B's first pitch starts, with 40 s more than Hall A's will have.
    const pitchB = itemsOf('hall-b')[0]!;
    const bOnStage = nextEvent<JurorState>(panelB.socket, 'state:juror', (s) => s.now.item?.item.id === pitchB.id);
    const bRunning = nextEvent<TimerAnchor>(panelB.socket, 'clock:anchor', (a) => a.status === 'running');
    expect(await emitRaw(org.socket, 'agenda:jump', { room: 'hall-b', itemId: pitchB.id })).toMatchObject({ ok: true });
    expect(await emitRaw(org.socket, 'timer:adjust', { room: 'hall-b', deltaMs: 40_000 })).toMatchObject({ ok: true });
    expect(await emitRaw(org.socket, 'timer:start', { room: 'hall-b' })).toMatchObject({ ok: true });
    const onStage = await bOnStage;
    expect(onStage.now.team?.id).toBe((pitchB as { teamId: string }).teamId);
    const hallB = t.data().roomsLive['hall-b']!.timer;
    expect((await bRunning).endsAt).toBe(hallB.endsAt);

    // Then Hall A's first pitch: the juror of every team sees it; the Hall B juror keeps Hall B's clock.
    const pitchA = itemsOf('hall-a').find((i) => i.kind === 'pitch')!;
    const aRunning = nextEvent<TimerAnchor>(everyTeam.socket, 'clock:anchor', (a) => a.status === 'running');
    const aOnStage = nextEvent<JurorState>(everyTeam.socket, 'state:juror', (s) => s.now.item?.item.id === pitchA.id);
    expect(await emitRaw(org.socket, 'agenda:jump', { itemId: pitchA.id })).toMatchObject({ ok: true });
    expect(await emitRaw(org.socket, 'timer:start', {})).toMatchObject({ ok: true });
    const hallA = t.data().live.timer;
    expect((await aRunning).endsAt).toBe(hallA.endsAt);
    await aOnStage;
    expect(hallB.endsAt! - hallA.endsAt!).not.toBe(0);
    // A heartbeat-independent check: every anchor each phone got is its own room's.
    await expect.poll(() => panelB.anchors.filter((a) => a.status === 'running').length).toBeGreaterThan(0);
    expect(panelB.anchors.filter((a) => a.endsAt === hallA.endsAt)).toEqual([]);
    expect(everyTeam.anchors.filter((a) => a.endsAt === hallB.endsAt)).toEqual([]);

    // Moved to Hall A's panel: the phone shows Hall A's agenda and stage, and Hall A's clock, without reloading.
    const movedState = nextEvent<JurorState>(panelB.socket, 'state:juror', (s) => s.room.id === 'hall-a');
    const movedClock = nextEvent<TimerAnchor>(panelB.socket, 'clock:anchor', (a) => a.endsAt === hallA.endsAt);
    expect(await emitRaw(org.socket, 'juror:assign', { assignments: [{ jurorId: panelB.juror.id, rooms: ['hall-a'], teams: [] }] })).toMatchObject({ ok: true });
    const moved = await movedState;
    expect(moved.now.item?.item.id).toBe(pitchA.id);
    expect(moved.agenda.map((s) => s.item.id)).toEqual(itemsOf('hall-a').map((i) => i.id));
    await movedClock;
    // And a pause in Hall B no longer reaches it, while Hall A's next pause does.
    const before = panelB.anchors.length;
    expect(await emitRaw(org.socket, 'timer:pause', { room: 'hall-b' })).toMatchObject({ ok: true });
    const aPaused = nextEvent<TimerAnchor>(panelB.socket, 'clock:anchor', (a) => a.status === 'paused');
    expect(await emitRaw(org.socket, 'timer:pause', {})).toMatchObject({ ok: true });
    await aPaused;
    expect(panelB.anchors.slice(before).every((a) => a.status !== 'paused' || a.remainingMs === t.data().live.timer.remainingMs)).toBe(true);
  });

  it('a phone opened after a move starts in the new room, with its clock', async () => {
    const org = await organiser(t);
    sockets.push(org.socket);
    const juror = t.data().event.jurors[0]!;
    expect(await emitRaw(org.socket, 'juror:assign', { assignments: [{ jurorId: juror.id, rooms: ['hall-b'], teams: [] }] })).toMatchObject({ ok: true });
    const again = await jurorPhone(0);
    expect(again.first.room.id).toBe('hall-b');
    // Hall B's clock moves: this phone hears of it (the main room's stays as it was).
    const adjusted = nextEvent<TimerAnchor>(again.socket, 'clock:anchor', (a) => a.status === 'paused');
    expect(await emitRaw(org.socket, 'timer:adjust', { room: 'hall-b', deltaMs: 5_000 })).toMatchObject({ ok: true });
    expect((await adjusted).remainingMs).toBe(t.data().roomsLive['hall-b']!.timer.remainingMs);
    expect(t.data().roomsLive['hall-b']!.timer.remainingMs).not.toBe(t.data().live.timer.remainingMs);
  });
});
