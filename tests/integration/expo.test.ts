// The expo round over real sockets (issue 18): jurors tap "next table" and walk the hall,
// the organiser watches it and steers it. The server's clock is the test's, moved by hand.
import { afterEach, describe, expect, it } from 'vitest';
import type { ExpoJurorView, ExpoNextAnswer } from '../../protocol/expo.ts';
import type { PodiumData } from '../../protocol/model.ts';
import type { Result } from '../../protocol/result.ts';
import type { OrganiserState } from '../../protocol/views.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, juror, nextEvent, organiser, startApp, tempDir, type TestApp, type TestSocket } from '../helpers/app.ts';

const MIN = 60_000;
const START = Date.UTC(2026, 5, 12, 9, 0);

/** The demo's six teams at tables 1 to 6 and four jurors, in a hall round (k = 2, 5 minutes a visit), then a final. */
function hallData(teamIds?: (d: PodiumData) => string[]): PodiumData {
  const d = demoData();
  d.event.teams.forEach((t, i) => (t.table = String(i + 1)));
  d.event.rounds = [
    { id: 'hall', name: 'Hall', kind: 'expo', expo: { visitsPerTeam: 2, visitTimeoutMs: 5 * MIN, absentReports: 3 }, ...(teamIds ? { teamIds: teamIds(d) } : {}) },
    { id: 'final', name: 'Final', kind: 'stage' },
  ];
  d.event.currentRoundId = 'hall';
  for (const t of d.event.teams) d.scoring[t.id] = 'open';
  return d;
}

const clock = { at: START, now: () => clock.at };
let t: TestApp | null = null;
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await t?.close();
  t = null;
});

async function start(seed: () => PodiumData, dir?: string): Promise<TestApp> {
  t = await startApp({ seed, clock, dir });
  return t;
}
async function jurorSocket(app: TestApp, index: number): Promise<TestSocket> {
  const { socket } = await juror(app, index);
  sockets.push(socket);
  return socket;
}
async function organiserSocket(app: TestApp): Promise<{ socket: TestSocket; first: OrganiserState }> {
  const o = await organiser(app);
  sockets.push(o.socket);
  return o;
}
const next = async (s: TestSocket) => {
  const ack = (await emitRaw(s, 'expo:next', {})) as Result<ExpoNextAnswer>;
  if (!ack.ok) throw new Error(JSON.stringify(ack.error));
  return ack.data;
};
const teamOf = (answer: ExpoNextAnswer) => (answer.kind === 'visit' ? answer.teamId : null);
const marksOf = (d: Readonly<PodiumData>, value = 7) => Object.fromEntries(d.event.criteria.map((c) => [c.id, value]));

describe('the juror\'s queue', () => {
  it('jurors tapping "next" at the same moment never get the same team while another is free', async () => {
    const app = await start(() => hallData());
    const phones = await Promise.all([0, 1, 2, 3].map((i) => jurorSocket(app, i)));
    // All four at once, twice over (the first visits ended by a score in between): each tap is one change of the store.
    const first = await Promise.all(phones.map(next));
    const teams = first.map(teamOf);
    expect(teams.every((id) => id !== null)).toBe(true);
    expect(new Set(teams).size).toBe(4);
    await Promise.all(
      phones.map((s, i) => emitRaw(s, 'score:submit', { opId: `expo-op-${i}-one`, teamId: teams[i], revision: 1, marks: marksOf(app.data()), note: '' })),
    );
    const second = (await Promise.all(phones.map(next))).map(teamOf);
    expect(second.every((id) => id !== null)).toBe(true);
    expect(new Set(second).size).toBe(4);
    // Nobody is sent back to a team they saw.
    second.forEach((id, i) => expect(id).not.toBe(teams[i]));
    // The scores counted the visits in the same change: four scored, four open.
    const outcomes = app.data().expo.visits.map((v) => v.outcome);
    expect(outcomes.filter((o) => o === 'scored')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'open')).toHaveLength(4);
  });

  it('"next" while at a table gives the visit under way; a reload shows it in the juror\'s state', async () => {
    const app = await start(() => hallData());
    const phone = await jurorSocket(app, 0);
    const visit = await next(phone);
    expect(visit).toMatchObject({ kind: 'visit', resumed: false, startedAt: START, endsAt: START + 5 * MIN });
    expect(await next(phone)).toMatchObject({ kind: 'visit', teamId: teamOf(visit), resumed: true });
    phone.disconnect();
    const { socket, first } = await juror(app, 0);
    sockets.push(socket);
    expect(first.expo).toEqual({ visit: { teamId: teamOf(visit), startedAt: START, endsAt: START + 5 * MIN }, paused: false, message: null, visitsPerTeam: 2 });
  });

  it('a visit that times out frees its team, on the server\'s clock', async () => {
    clock.at = START;
    // Two teams in the round: two jurors take both, the third waits.
    const app = await start(() => hallData((d) => d.event.teams.slice(0, 2).map((t) => t.id)));
    const [a, b, c] = await Promise.all([0, 1, 2].map((i) => jurorSocket(app, i)));
    const { socket: org } = await organiserSocket(app);
    const ta = teamOf(await next(a!));
    const tb = teamOf(await next(b!));
    expect(new Set([ta, tb]).size).toBe(2);
    expect(await next(c!)).toEqual({ kind: 'wait' });
    // A minute before the timeout, nothing changes.
    clock.at = START + 4 * MIN;
    expect(await next(c!)).toEqual({ kind: 'wait' });
    // Past it: the server's ticker ends both visits, tells both phones and the console.
    const toldA = nextEvent<ExpoJurorView>(a!, 'expo:juror', (v) => v.visit === null);
    const hallFreed = nextEvent<OrganiserState>(org, 'state:organiser', (s) => s.expoHall?.jurors.every((j) => j.at === null) ?? false);
    clock.at = START + 5 * MIN + 1;
    expect((await toldA).paused).toBe(false);
    expect((await hallFreed).expoHall!.teams.map((h) => h.visitedBy)).toEqual([null, null]);
    expect(app.data().expo.visits.map((v) => v.outcome)).toEqual(['timed-out', 'timed-out']);
    // The waiting juror now gets a team.
    expect(teamOf(await next(c!))).not.toBeNull();
    clock.at = START;
  });

  it('a restart keeps every queue and every open visit', async () => {
    clock.at = START;
    const dir = tempDir();
    let app = await start(() => hallData(), dir);
    const phones = await Promise.all([0, 1, 2].map((i) => jurorSocket(app, i)));
    const before = (await Promise.all(phones.map(next))).map(teamOf);
    await emitRaw(phones[0]!, 'score:submit', { opId: 'expo-restart-op', teamId: before[0], revision: 1, marks: marksOf(app.data()), note: '' });
    await emitRaw(phones[1]!, 'expo:skip', { teamId: before[1], reason: 'Team at lunch' });
    const queue = structuredClone(app.data().expo);
    for (const s of sockets.splice(0)) s.disconnect();
    await app.close();
    await app.store.close();
    t = null;

    app = await start(() => {
      throw new Error('the restart must read the data folder, not seed a new event');
    }, dir);
    expect(app.data().expo).toEqual(queue);
    // The juror still at their table gets it back; the others go on from where they were.
    const again = await Promise.all([0, 1, 2].map((i) => jurorSocket(app, i)));
    expect(await next(again[2]!)).toMatchObject({ kind: 'visit', teamId: before[2], resumed: true });
    const fresh = teamOf(await next(again[0]!));
    expect(fresh).not.toBe(before[0]);
    expect(teamOf(await next(again[1]!))).not.toBe(before[1]);
  });

  it('a paused juror gets nothing, and hears it at once; resumed, they go on', async () => {
    const app = await start(() => hallData());
    const phone = await jurorSocket(app, 1);
    const { socket: org } = await organiserSocket(app);
    const jurorId = app.data().event.jurors[1]!.id;
    const told = nextEvent<ExpoJurorView>(phone, 'expo:juror', (v) => v.paused);
    expect(await emitRaw(org, 'expo:pause', { jurorId, paused: true })).toEqual({ ok: true, data: null });
    await told;
    expect(await next(phone)).toEqual({ kind: 'paused' });
    expect(app.data().expo.visits).toEqual([]);
    const entry = app.data().audit.at(-1)!;
    expect(entry).toMatchObject({ actor: 'organiser', action: 'expo:pause', jurorId });
    expect(entry.detail).toContain(app.data().event.jurors[1]!.name);
    expect(await emitRaw(org, 'expo:pause', { jurorId, paused: false })).toEqual({ ok: true, data: null });
    expect(teamOf(await next(phone))).not.toBeNull();
  });

  it('a team leaves the queue after three jurors find nobody there, until the organiser brings it back', async () => {
    // One team in the round, so every juror is sent to it.
    const app = await start(() => hallData((d) => [d.event.teams[2]!.id]));
    const team = app.data().event.teams[2]!;
    const phones = await Promise.all([0, 1, 2, 3].map((i) => jurorSocket(app, i)));
    const { socket: org } = await organiserSocket(app);
    for (const phone of phones.slice(0, 3)) {
      expect(teamOf(await next(phone))).toBe(team.id);
      expect(await emitRaw(phone, 'expo:absent', { teamId: team.id })).toEqual({ ok: true, data: null });
    }
    expect(app.data().expo.absent).toEqual([team.id]);
    expect(app.data().audit.at(-1)).toMatchObject({ action: 'expo:absent', teamId: team.id });
    expect(await next(phones[3]!)).toEqual({ kind: 'done' });
    const shown = nextEvent<OrganiserState>(org, 'state:organiser', (s) => s.expoHall?.teams[0]?.absent === false);
    expect(await emitRaw(org, 'expo:restore', { teamId: team.id })).toEqual({ ok: true, data: null });
    expect((await shown).expoHall!.teams[0]).toMatchObject({ teamId: team.id, absent: false, absenceReports: 0 });
    expect(teamOf(await next(phones[3]!))).toBe(team.id);
  });

  it('the organiser\'s message reaches every juror\'s phone', async () => {
    const app = await start(() => hallData());
    const phones = await Promise.all([0, 3].map((i) => jurorSocket(app, i)));
    const { socket: org } = await organiserSocket(app);
    const heard = phones.map((p) => nextEvent<ExpoJurorView>(p, 'expo:juror', (v) => v.message?.text === '10 minutes left'));
    expect(await emitRaw(org, 'expo:message', { text: '  10 minutes left ' })).toEqual({ ok: true, data: null });
    for (const h of heard) expect((await h).message).toEqual({ text: '10 minutes left', at: START });
  });

  it('refuses what it should: unknown teams, reserved ids, no visit there, a stage round, another role', async () => {
    const app = await start(() => hallData());
    const phone = await jurorSocket(app, 0);
    const { socket: org } = await organiserSocket(app);
    const visit = teamOf(await next(phone))!;
    const other = app.data().event.teams.find((t) => t.id !== visit)!.id;
    const before = JSON.stringify(app.data().expo);
    expect(await emitRaw(phone, 'expo:skip', { teamId: 'no-such-team', reason: 'x' })).toMatchObject({ ok: false, error: { code: 'not-found', key: 'error_no_such_team' } });
    expect(await emitRaw(phone, 'expo:absent', { teamId: '__proto__' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await emitRaw(phone, 'expo:absent', { teamId: 'constructor' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await emitRaw(phone, 'expo:skip', { teamId: visit, reason: '   ' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await emitRaw(phone, 'expo:skip', { teamId: visit, reason: 'x'.repeat(121) })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await emitRaw(phone, 'expo:skip', { teamId: other, reason: 'Not there' })).toMatchObject({ ok: false, error: { code: 'conflict', key: 'error_expo_no_visit' } });
    expect(await emitRaw(phone, 'expo:next', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await emitRaw(org, 'expo:next', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await emitRaw(org, 'expo:pause', { jurorId: 'nobody', paused: true })).toMatchObject({ ok: false, error: { code: 'not-found', key: 'error_expo_no_such_juror' } });
    expect(await emitRaw(org, 'expo:restore', { teamId: '__proto__' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await emitRaw(org, 'expo:message', { text: 'y'.repeat(281) })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(JSON.stringify(app.data().expo)).toBe(before);
    // A stage round has no queue.
    await app.store.mutate((d) => void (d.event.currentRoundId = 'final'));
    expect(await emitRaw(phone, 'expo:next', {})).toMatchObject({ ok: false, error: { code: 'conflict', key: 'error_expo_not_expo_round' } });
  });
});

describe('paper score sheets', () => {
  it('the organiser types in a juror\'s marks: the same formula, a visit that counts, audited as the organiser\'s', async () => {
    const app = await start(() => hallData());
    const { socket: org } = await organiserSocket(app);
    const d = app.data();
    const [j, team] = [d.event.jurors[2]!, d.event.teams[4]!];
    // Typed in after the hall closed: the window does not stop it.
    await app.store.mutate((data) => void (data.scoring[team.id] = 'closed'));
    const ack = await emitRaw(org, 'expo:score-for', { jurorId: j.id, teamId: team.id, marks: marksOf(d, 9), note: 'paper' });
    expect(ack).toMatchObject({ ok: true, data: { teamId: team.id, revision: 1 } });
    const score = app.data().scores[`${j.id}:${team.id}`]!;
    expect(score).toMatchObject({ jurorId: j.id, marks: marksOf(d, 9), revision: 1, note: 'paper' });
    expect(app.data().expo.visits).toEqual([{ jurorId: j.id, teamId: team.id, startedAt: START, endedAt: START, outcome: 'scored' }]);
    const entry = app.data().audit.at(-1)!;
    expect(entry).toMatchObject({ actor: 'organiser', action: 'expo:score-for', jurorId: j.id, teamId: team.id });
    expect(entry.detail).toMatch(new RegExp(`${j.name}.*9 \\(1–10\\)`));
    // Again: a new revision, never a stale one.
    expect(await emitRaw(org, 'expo:score-for', { jurorId: j.id, teamId: team.id, marks: marksOf(d, 8), note: '' })).toMatchObject({ ok: true, data: { revision: 2 } });
    // Out of range: refused by the same checks as the juror's own score.
    expect(await emitRaw(org, 'expo:score-for', { jurorId: j.id, teamId: team.id, marks: marksOf(d, 11), note: '' })).toMatchObject({ ok: false, error: { key: 'error_mark_range' } });
  });
});
