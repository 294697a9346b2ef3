// Jury panels (issue 17): completeness counts what each juror is assigned, not every juror; an
// assigned juror scoring outside their assignment is refused; the assignment is one audited change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScoreSaved } from '../../protocol/events.ts';
import type { Result } from '../../protocol/result.ts';
import type { JurorState, OrganiserState } from '../../protocol/views.ts';
import { emitRaw, juror, nextEvent, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

let t: TestApp;
let org: TestSocket;
const sockets: TestSocket[] = [];
beforeEach(async () => {
  t = await startApp();
  org = (await organiser(t)).socket;
  sockets.push(org);
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await t.close();
});

const teams = () => t.data().event.teams;
const jurors = () => t.data().event.jurors;
const marks = () => Object.fromEntries(t.data().event.criteria.map((c) => [c.id, c.max]));
let n = 0;
const score = (socket: TestSocket, teamId: string) =>
  emitRaw(socket, 'score:submit', { opId: `op-assign-${++n}`, teamId, revision: 1, marks: marks(), note: '' }) as Promise<Result<ScoreSaved>>;
const row = (s: OrganiserState, teamId: string) => s.leaderboard.overall.find((r) => r.teamId === teamId)!;

describe('assignments', () => {
  it('a team assigned to 3 jurors of 4 is complete with their 3 scores; the 4th juror is refused', async () => {
    const team = teams()[0]!;
    const [a, b, c, d] = jurors();
    expect(jurors()).toHaveLength(4);
    const auditBefore = t.data().audit.length;
    const assigned = await emitRaw(org, 'juror:assign', {
      assignments: [a!, b!, c!].map((j) => ({ jurorId: j.id, rooms: [], teams: [team.id] })).concat([{ jurorId: d!.id, rooms: [], teams: [teams()[1]!.id] }]),
    });
    expect(assigned).toMatchObject({ ok: true });
    // One change, one audit entry, in words.
    const entries = t.data().audit.slice(auditBefore);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'juror:assign', actor: 'organiser' });
    expect(entries[0]!.detail).toContain(team.name);

    expect(await emitRaw(org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
    const phones = await Promise.all([0, 1, 2, 3].map((i) => juror(t, i)));
    sockets.push(...phones.map((p) => p.socket));
    // Each phone is told its own assignment, and only its own.
    expect(phones[0]!.first.juror.assigned).toEqual([team.id]);
    expect(phones[3]!.first.juror.assigned).toEqual([teams()[1]!.id]);
    expect(JSON.stringify(phones[0]!.first)).not.toContain(teams()[1]!.id + '"]');

    const refused = await score(phones[3]!.socket, team.id);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'error_panels_not_assigned', params: { team: team.name } } });
    expect(Object.keys(t.data().scores)).toHaveLength(0);

    const twoIn = nextEvent<OrganiserState>(org, 'state:organiser', (s) => row(s, team.id).jurorCount === 2);
    expect(await score(phones[0]!.socket, team.id)).toMatchObject({ ok: true });
    expect(await score(phones[1]!.socket, team.id)).toMatchObject({ ok: true });
    const afterTwo = await twoIn;
    expect(row(afterTwo, team.id)).toMatchObject({ jurorCount: 2, expectedJurors: 3, provisional: true });

    const threeIn = nextEvent<OrganiserState>(org, 'state:organiser', (s) => row(s, team.id).jurorCount === 3);
    expect(await score(phones[2]!.socket, team.id)).toMatchObject({ ok: true });
    const afterThree = await threeIn;
    expect(row(afterThree, team.id)).toMatchObject({ jurorCount: 3, expectedJurors: 3, provisional: false });
    // The other teams expect only the jurors assigned to them: team 1 juror d; the rest nobody.
    expect(row(afterThree, teams()[1]!.id).expectedJurors).toBe(1);
    expect(row(afterThree, teams()[2]!.id).expectedJurors).toBe(0);
  });

  it('a room assignment counts the teams pitching in that room; clearing it gives back every team', async () => {
    const [a] = jurors();
    // Two rooms, the first three pitches in the second.
    await t.store.mutate((d) => {
      d.event.rooms = [{ id: 'hall', name: 'Hall' }, { id: 'lab', name: 'Lab' }];
      d.event.agenda.filter((i) => i.kind === 'pitch').slice(0, 3).forEach((i) => (i.roomId = 'lab'));
    });
    const inLab = t.data().event.agenda.flatMap((i) => (i.kind === 'pitch' && i.roomId === 'lab' ? [i.teamId] : []));
    expect(inLab).toHaveLength(3);
    const phone = await juror(t, 0);
    sockets.push(phone.socket);
    const told = nextEvent<JurorState>(phone.socket, 'state:juror', (s) => s.juror.assigned !== null);
    expect(await emitRaw(org, 'juror:assign', { assignments: [{ jurorId: a!.id, rooms: ['lab'], teams: [] }] })).toMatchObject({ ok: true });
    expect((await told).juror.assigned).toEqual(inLab);
    expect(t.data().event.jurors[0]!.assignedRooms).toEqual(['lab']);

    const cleared = nextEvent<JurorState>(phone.socket, 'state:juror', (s) => s.juror.assigned === null);
    expect(await emitRaw(org, 'juror:assign', { assignments: [{ jurorId: a!.id, rooms: [], teams: [] }] })).toMatchObject({ ok: true });
    await cleared;
    expect(t.data().event.jurors[0]).not.toHaveProperty('assignedRooms');
    expect(t.data().event.jurors[0]).not.toHaveProperty('assignedTeams');
  });

  it('refuses an unknown room, a conflicted team and a juror listed twice, changing nothing', async () => {
    const [a] = jurors();
    const team = teams()[0]!;
    expect(await emitRaw(org, 'juror:set-conflict', { jurorId: a!.id, teamId: team.id, conflict: true })).toMatchObject({ ok: true });
    const before = JSON.stringify(t.data().event);
    expect(await emitRaw(org, 'juror:assign', { assignments: [{ jurorId: a!.id, rooms: ['nowhere'], teams: [] }] })).toMatchObject({ ok: false, error: { code: 'not-found', key: 'error_panels_no_such_room' } });
    expect(await emitRaw(org, 'juror:assign', { assignments: [{ jurorId: a!.id, rooms: [], teams: [team.id] }] })).toMatchObject({ ok: false, error: { code: 'conflict', key: 'error_panels_assigned_conflict' } });
    const twice = { jurorId: jurors()[1]!.id, rooms: [], teams: [team.id] };
    expect(await emitRaw(org, 'juror:assign', { assignments: [twice, twice] })).toMatchObject({ ok: false, error: { code: 'bad-request', key: 'error_panels_juror_twice' } });
    expect(JSON.stringify(t.data().event)).toBe(before);
  });
});
