// Issue 17's smaller edits through real sockets: a team's table set, kept and cleared
// from the Build tab (not only by CSV), and new agenda items placed in a chosen room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../protocol/result.ts';
import { twoHalls } from '../helpers/rooms.ts';
import { emitRaw, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

let t: TestApp;
let org: TestSocket;
beforeAll(async () => {
  t = await startApp({ seed: () => twoHalls(), rateLimit: false });
  org = (await organiser(t)).socket;
});
afterAll(async () => {
  org?.disconnect();
  await t?.close();
});

const send = async (event: string, payload: unknown) => (await emitRaw(org, event, payload)) as Result<{ id?: string; added?: number }>;
const teamNamed = (name: string) => t.data().event.teams.find((x) => x.name === name)!;

describe('a team’s table', () => {
  it('is set with the team, kept by a save that leaves it out, changed, cleared with an empty one, and refused when too long', async () => {
    expect(await send('team:save', { name: 'Tisch 17 – Größe', project: 'Ça marche', members: [], categoryId: null, table: ' B-17 ' })).toMatchObject({ ok: true });
    const team = teamNamed('Tisch 17 – Größe');
    expect(team.table).toBe('B-17');
    // An older page (or the CSV's columns) that does not send a table keeps it.
    expect(await send('team:save', { id: team.id, name: team.name, project: 'Ça marche encore', members: [], categoryId: null })).toMatchObject({ ok: true });
    expect(teamNamed(team.name)).toMatchObject({ project: 'Ça marche encore', table: 'B-17' });
    expect(await send('team:save', { id: team.id, name: team.name, project: '', members: [], categoryId: null, table: '4' })).toMatchObject({ ok: true });
    expect(teamNamed(team.name).table).toBe('4');
    expect(await send('team:save', { id: team.id, name: team.name, project: '', members: [], categoryId: null, table: '' })).toMatchObject({ ok: true });
    expect(Object.hasOwn(teamNamed(team.name), 'table')).toBe(false);
    const before = JSON.stringify(t.data().event.teams);
    expect(await send('team:save', { id: team.id, name: team.name, project: '', members: [], categoryId: null, table: 'x'.repeat(17) })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(JSON.stringify(t.data().event.teams)).toBe(before);
  });
});

describe('new agenda items in a room', () => {
  it('go to the room asked for, before that room’s closing sessions; an unknown room is refused and changes nothing', async () => {
    expect(await send('agenda:save', { kind: 'session', sessionKind: 'awards', title: 'Remise des prix – Salle B', phases: [{ name: 'Prix', durationMs: 600_000 }], roomId: 'hall-b' })).toMatchObject({ ok: true });
    const awardsB = t.data().event.agenda.at(-1)!;
    expect(awardsB.roomId).toBe('hall-b');
    // The team added above has no pitch yet: it goes to Hall B, before Hall B's awards.
    const added = await send('agenda:add-pitches', { roomId: 'hall-b' });
    expect(added).toMatchObject({ ok: true, data: { added: 1 } });
    const agenda = t.data().event.agenda;
    const pitch = agenda.find((i) => i.kind === 'pitch' && i.teamId === teamNamed('Tisch 17 – Größe').id)!;
    expect(pitch.roomId).toBe('hall-b');
    expect(agenda.indexOf(pitch)).toBe(agenda.indexOf(awardsB) - 1);
    const before = JSON.stringify(t.data().event.agenda);
    expect(await send('agenda:add-pitches', { roomId: 'nowhere' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await send('agenda:add-pitches', { roomId: '__proto__' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(JSON.stringify(t.data().event.agenda)).toBe(before);
  });
});
