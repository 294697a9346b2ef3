// Rooms (issue 17): two rooms run at once, each with its own agenda, clock, stage
// message, scoring windows and projector; a room host's link drives its own room only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgendaItem } from '../../protocol/model.ts';
import type { HostState, PublicState, TimerAnchor } from '../../protocol/views.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { HOST_B, twoHalls } from '../helpers/rooms.ts';
import { connectAs, emitRaw, importEventFile, nextEvent, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

let t: TestApp;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  t = await startApp({ seed: twoHalls });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t?.close();
});

const itemsOf = (room: string) => t.data().event.agenda.filter((i) => (i.roomId ?? 'hall-a') === room);
const teamOf = (item: AgendaItem) => (item as { teamId: string }).teamId;

async function projector(room?: string) {
  const opened = await connectAs<PublicState>(t.url, { view: 'screen', ...(room ? { room } : {}) }, 'state:public');
  sockets.push(opened.socket);
  const anchors: TimerAnchor[] = [];
  opened.socket.on('clock:anchor', (a: TimerAnchor) => anchors.push(a));
  return { ...opened, anchors };
}

describe('two rooms at once', () => {
  it('run with separate clocks, agendas, scoring windows and projectors; a projector of one room never sees the other’s clock', async () => {
    const org = await organiser(t);
    sockets.push(org.socket);
    const a = await projector();
    const b = await projector('hall-b');
    // Each projector is sent its own room's show: plain /screen is the main room.
    expect(a.first.room).toEqual({ id: 'hall-a', name: 'Hall A' });
    expect(b.first.room).toEqual({ id: 'hall-b', name: 'Hall B' });
    expect(b.first.rooms.map((r) => r.name)).toEqual(['Hall A', 'Hall B']);
    expect(a.first.agenda.map((s) => s.item.id)).toEqual(itemsOf('hall-a').map((i) => i.id));
    expect(b.first.agenda.map((s) => s.item.id)).toEqual(itemsOf('hall-b').map((i) => i.id));

    // Hall A starts its first pitch; Hall B starts its own first pitch, 30 s longer.
    const pitchA = itemsOf('hall-a').find((i) => i.kind === 'pitch')!;
    const pitchB = itemsOf('hall-b')[0]!;
    expect(await emitRaw(org.socket, 'agenda:jump', { itemId: pitchA.id })).toMatchObject({ ok: true });
    expect(await emitRaw(org.socket, 'timer:start', {})).toMatchObject({ ok: true });
    // Another room's item is not this room's to jump to.
    expect(await emitRaw(org.socket, 'agenda:jump', { itemId: pitchB.id })).toMatchObject({ ok: false, error: { code: 'conflict', key: 'error_rooms_item_elsewhere' } });
    const bOnStage = nextEvent<PublicState>(b.socket, 'state:public', (s) => s.now.item?.item.id === pitchB.id);
    expect(await emitRaw(org.socket, 'agenda:jump', { room: 'hall-b', itemId: pitchB.id })).toMatchObject({ ok: true });
    expect(await emitRaw(org.socket, 'timer:adjust', { room: 'hall-b', deltaMs: 30_000 })).toMatchObject({ ok: true });
    const bRunning = nextEvent<TimerAnchor>(b.socket, 'clock:anchor', (x) => x.status === 'running');
    expect(await emitRaw(org.socket, 'timer:start', { room: 'hall-b' })).toMatchObject({ ok: true });
    const anchorB = await bRunning;
    const stateB = await bOnStage;
    expect(stateB.now.itemIndex).toBe(0);
    expect(stateB.now.team?.id).toBe(teamOf(pitchB));

    const d = t.data();
    expect(d.live.timer.status).toBe('running');
    expect(d.roomsLive['hall-b']!.timer.status).toBe('running');
    expect(d.roomsLive['hall-b']!.timer.endsAt! - d.live.timer.endsAt!).toBeGreaterThanOrEqual(30_000);
    expect(anchorB.endsAt).toBe(d.roomsLive['hall-b']!.timer.endsAt);
    // Each pitch opened its own team's scoring, and only those.
    const open = Object.entries(d.scoring).filter(([, w]) => w === 'open').map(([id]) => id).sort();
    expect(open).toEqual([teamOf(pitchA), teamOf(pitchB)].sort());

    // Pausing Hall B leaves Hall A running.
    const bPaused = nextEvent<TimerAnchor>(b.socket, 'clock:anchor', (x) => x.status === 'paused');
    expect(await emitRaw(org.socket, 'timer:pause', { room: 'hall-b' })).toMatchObject({ ok: true });
    await bPaused;
    expect(t.data().live.timer.status).toBe('running');

    // A stage message in Hall B shows on Hall B's pages only.
    const bMessage = nextEvent<PublicState>(b.socket, 'state:public', (s) => s.message?.text === 'Two minutes, Hall B');
    const aStates: PublicState[] = [];
    a.socket.on('state:public', (s: PublicState) => aStates.push(s));
    expect(await emitRaw(org.socket, 'stage:message', { room: 'hall-b', text: 'Two minutes, Hall B', flash: false })).toMatchObject({ ok: true });
    await bMessage;
    await expect.poll(() => aStates.length).toBeGreaterThan(0);
    expect(aStates.every((s) => s.message === null && s.room.id === 'hall-a')).toBe(true);

    // Every anchor Hall A's projector got is Hall A's clock, never Hall B's (and the other way round).
    const endsA = new Set([null, d.live.timer.endsAt]);
    expect(a.anchors.length).toBeGreaterThan(0);
    expect(a.anchors.filter((x) => !endsA.has(x.endsAt) || x.status === 'paused')).toEqual([]);
    expect(b.anchors.some((x) => x.endsAt === d.live.timer.endsAt)).toBe(false);

    // The console sees both rooms: the main one as before, the others beside it.
    const console_ = await organiser(t);
    sockets.push(console_.socket);
    expect(console_.first.now.item?.item.id).toBe(pitchA.id);
    expect(console_.first.roomShows.map((r) => [r.roomId, r.now.item?.item.id, r.message?.text])).toEqual([['hall-b', pitchB.id, 'Two minutes, Hall B']]);
    // The audit says which room each change was in.
    const messageEntry = t.data().audit.findLast((e) => e.action === 'stage:message')!;
    expect(messageEntry.detail).toContain('Hall B');
    const startA = t.data().audit.find((e) => e.action === 'timer:start')!;
    expect(startA.detail).toContain('Hall A');
  });

  it('the control API drives the room it is asked for, and reads its state', async () => {
    const auth = { Authorization: `Bearer ${t.organiserToken}` };
    const res = await fetch(`${t.url}/api/v1/message?room=hall-b`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'From the desk, B' }) });
    expect(res.status).toBe(200);
    expect(t.data().roomsLive['hall-b']!.message?.text).toBe('From the desk, B');
    expect(t.data().live.message).toBeNull();
    const stateB = (await (await fetch(`${t.url}/api/v1/state?room=hall-b`, { headers: auth })).json()) as Record<string, unknown>;
    const stateA = (await (await fetch(`${t.url}/api/v1/state`, { headers: auth })).json()) as Record<string, unknown>;
    expect(stateB.message).toBe('From the desk, B');
    expect(stateA.message).not.toBe('From the desk, B');
    expect((await fetch(`${t.url}/api/v1/state?room=nowhere`, { headers: auth })).status).toBe(404);
  });
});

describe('a room host', () => {
  it('drives their own room only: refused on the other room, on event edits, exports, imports and the control API, with nothing changed', async () => {
    const { socket: host, first } = await connectAs<HostState>(t.url, { token: HOST_B }, 'state:host');
    sockets.push(host);
    expect(first.room.id).toBe('hall-b');
    expect(first.agenda.map((s) => s.item.id)).toEqual(itemsOf('hall-b').map((i) => i.id));
    // The scoring windows of the room's teams, and no other team's.
    const teamsB = itemsOf('hall-b').map(teamOf).sort();
    expect(Object.keys(first.scoring).sort()).toEqual(teamsB);
    // Not the organiser's data: no tokens, no jurors.
    expect(JSON.stringify(first)).not.toContain(t.organiserToken);
    expect(JSON.stringify(first)).not.toContain(t.data().event.jurors[0]!.token);

    const snapshot = () => JSON.stringify(t.data());
    const refusals: [string, unknown, string][] = [
      ['timer:start', { room: 'hall-a' }, 'error_rooms_host_other_room'],
      ['stage:message', { room: 'hall-a', text: 'Not yours', flash: false }, 'error_rooms_host_other_room'],
      ['agenda:jump', { room: 'hall-a', itemId: itemsOf('hall-a')[0]!.id }, 'error_rooms_host_other_room'],
      ['scoring:open', { teamId: teamOf(itemsOf('hall-a').find((i) => i.kind === 'pitch')!) }, 'error_rooms_host_other_room'],
      ['scoring:close', { teamId: null }, 'error_rooms_host_other_room'],
      ['settings:update', { name: 'Renamed by a host' }, 'error_role_forbidden'],
      ['agenda:save', { kind: 'session', sessionKind: 'other', title: 'By a host', phases: [{ name: 'x', durationMs: 1000 }] }, 'error_role_forbidden'],
      ['room:save', { name: 'Host room' }, 'error_role_forbidden'],
      ['room:new-host-token', { roomId: 'hall-b' }, 'error_role_forbidden'],
      ['visibility:set', { mode: 'live' }, 'error_role_forbidden'],
    ];
    for (const [event, payload, key] of refusals) {
      const before = snapshot();
      expect(await emitRaw(host, event, payload), event).toMatchObject({ ok: false, error: { code: 'forbidden', key } });
      expect(snapshot(), `${event} changed nothing`).toBe(before);
    }
    // Over HTTP the host link opens nothing: no export, no import, no control API.
    const before = snapshot();
    expect((await fetch(`${t.url}/api/results.json`, { headers: { Authorization: `Bearer ${HOST_B}` } })).status).toBe(401);
    expect((await importEventFile(t.url, HOST_B, JSON.stringify({ event: demoData().event }))).status).toBe(401);
    expect((await fetch(`${t.url}/api/v1/next?room=hall-b`, { method: 'POST', headers: { Authorization: `Bearer ${HOST_B}` } })).status).toBe(401);
    expect(snapshot()).toBe(before);

    // Its own room: the next item, a message, a team's scoring; audited as the host of Hall B.
    const mainBefore = JSON.stringify(t.data().live);
    const moved = nextEvent<HostState>(host, 'state:host', (s) => s.now.itemIndex === 1);
    expect(await emitRaw(host, 'agenda:next', {})).toMatchObject({ ok: true });
    expect(await emitRaw(host, 'agenda:next', {})).toMatchObject({ ok: true });
    const state = await moved;
    expect(state.now.item?.item.id).toBe(itemsOf('hall-b')[1]!.id);
    expect(await emitRaw(host, 'stage:message', { text: 'Hall B host here', flash: true })).toMatchObject({ ok: true });
    expect(t.data().roomsLive['hall-b']!.message?.text).toBe('Hall B host here');
    expect(await emitRaw(host, 'scoring:close', { teamId: teamsB[0]! })).toMatchObject({ ok: true });
    expect(t.data().scoring[teamsB[0]!]).toBe('closed');
    expect(JSON.stringify(t.data().live)).toBe(mainBefore);
    expect(t.data().audit.at(-1)).toMatchObject({ actor: 'host:hall-b', action: 'scoring:close' });
    expect(t.data().audit.findLast((e) => e.action === 'stage:message')).toMatchObject({ actor: 'host:hall-b' });

    // Revoked by the organiser: the open console is cut off and the link no longer connects.
    const org = await organiser(t);
    sockets.push(org.socket);
    const dropped = new Promise<string>((r) => host.once('disconnect', r));
    expect(await emitRaw(org.socket, 'room:revoke-host-token', { roomId: 'hall-b' })).toMatchObject({ ok: true });
    expect(await dropped).toBe('io server disconnect');
    await expect(connectAs(t.url, { token: HOST_B }, 'state:host')).rejects.toThrow(/not valid/);
    expect(t.data().audit.at(-1)!.detail).toContain('Hall B');
  });
});

describe('the rooms editor', () => {
  it('adds, renames and removes rooms: never the last, never one with items; a removed room’s projector is sent away', async () => {
    const org = await organiser(t);
    sockets.push(org.socket);
    const added = (await emitRaw(org.socket, 'room:save', { name: 'Hall C' })) as { ok: true; data: { id: string } };
    expect(added.ok).toBe(true);
    expect(await emitRaw(org.socket, 'room:save', { name: 'hall c' })).toMatchObject({ ok: false, error: { key: 'error_rooms_name_taken' } });
    expect(await emitRaw(org.socket, 'room:save', { id: added.data.id, name: 'Hall C (upstairs)' })).toMatchObject({ ok: true });
    expect(t.data().event.rooms!.map((r) => r.name)).toEqual(['Hall A', 'Hall B', 'Hall C (upstairs)']);
    expect(await emitRaw(org.socket, 'room:remove', { id: 'hall-b' })).toMatchObject({ ok: false, error: { key: 'error_rooms_room_has_items' } });
    const c = await projector(added.data.id);
    expect(c.first.room.name).toBe('Hall C (upstairs)');
    const gone = new Promise<string>((r) => c.socket.once('disconnect', r));
    expect(await emitRaw(org.socket, 'room:remove', { id: added.data.id })).toMatchObject({ ok: true });
    expect(await gone).toBe('io server disconnect');
    expect(t.data().event.rooms!.map((r) => r.id)).toEqual(['hall-a', 'hall-b']);
    // A projector asking for a room that is gone shows the main room.
    const lost = await projector(added.data.id);
    expect(lost.first.room.id).toBe('hall-a');
  });
});
