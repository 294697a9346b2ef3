// Rounds and finalists (issue 17), end to end with real sockets: heats in two rooms with panels,
// closed with the top 2 of each room and a tie at the cut settled by hand; the final has exactly
// those teams in the main room's agenda; a juror cannot score a team that did not go on; the archive
// ranks as the heats did and is exported on its own; a restart keeps it all; a room host is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { leaderboard } from '../../protocol/ranking.ts';
import { roundView } from '../../protocol/rounds.ts';
import type { HostState, JurorState, PublicState } from '../../protocol/views.ts';
import { HOST_B, twoHalls } from '../helpers/rooms.ts';
import { marks } from '../helpers/room.ts';
import { connectAs, emitRaw, juror, nextEvent, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

/** Hall A (main): the first three teams, judged by the first two jurors; hall B: the other three, by the last two. */
function heats(): PodiumData {
  const d = twoHalls();
  d.event.rounds = [
    { id: 'heats', name: 'Heats', kind: 'stage' },
    { id: 'final', name: 'Final', kind: 'stage' },
  ];
  d.event.jurors.forEach((j, i) => (j.assignedRooms = [i < 2 ? 'hall-a' : 'hall-b']));
  return d;
}

// Each team's mark from both its jurors: t0 8, t1 7, t2 7 (tied for hall A's second seat), t3 9, t4 6, t5 5.
const MARKS = [8, 7, 7, 9, 6, 5];

let t: TestApp;
const sockets: TestSocket[] = [];
const keep = <T extends { socket: TestSocket }>(c: T): T => (sockets.push(c.socket), c);
beforeAll(async () => {
  t = await startApp({ seed: heats });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t?.close();
});

const team = (i: number) => t.data().event.teams[i]!.id;
const choice = (settled: Record<string, string[]>) => ({ rule: { kind: 'per-room', k: 2 }, ranking: 'raw', settled, wildcards: [] });

describe('heats in two rooms, then a final', () => {
  let heatsBoard: ReturnType<typeof leaderboard>;

  it('scores the heats by panel, refuses a room host the rounds, and refuses a close with an unsettled tie', async () => {
    const org = keep(await organiser(t));
    expect(org.first.projector.round).toEqual({ id: 'heats', name: 'Heats' });
    expect(await emitRaw(org.socket, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
    for (let j = 0; j < 4; j++) {
      const { socket } = keep(await juror(t, j));
      for (let i = j < 2 ? 0 : 3; i < (j < 2 ? 3 : 6); i++) {
        const ack = await emitRaw(socket, 'score:submit', { opId: `heat-${j}-${i}-op`, teamId: team(i), revision: 1, marks: marks(t.data(), MARKS[i]!), note: '' });
        expect(ack).toMatchObject({ ok: true });
      }
    }
    expect(Object.keys(t.data().scores)).toHaveLength(12);
    heatsBoard = leaderboard(t.data().event, Object.values(t.data().scores), 0);

    const host = keep(await connectAs<HostState>(t.url, { token: HOST_B }, 'state:host'));
    for (const [event, payload] of [
      ['round:close', { roundId: 'heats', choice: choice({ 'hall-a': [team(2)] }), keepPanels: false }],
      ['round:save', { name: 'Semi-final', kind: 'stage' }],
    ] as const) {
      expect(await emitRaw(host.socket, event, payload)).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'error_role_forbidden' } });
    }
    expect(await emitRaw(org.socket, 'round:close', { roundId: 'heats', choice: choice({}), keepPanels: false })).toMatchObject({
      ok: false,
      error: { code: 'conflict', key: 'error_rounds_tie_unsettled' },
    });
    expect(t.data().event.currentRoundId).toBeUndefined();
  });

  it('closes the heats with the top 2 of each room, the tie settled by hand; the final holds exactly those teams in the main room', async () => {
    const org = keep(await organiser(t));
    const j3 = keep(await juror(t, 3));
    const screen = keep(await connectAs<PublicState>(t.url, { view: 'screen' }, 'state:public'));
    const finalists = [team(0), team(2), team(3), team(4)];
    const jurorSees = nextEvent<JurorState>(j3.socket, 'state:juror', (s) => s.teams.length === 4);
    const screenSees = nextEvent<PublicState>(screen.socket, 'state:public', (s) => s.round?.id === 'final');
    const ack = await emitRaw(org.socket, 'round:close', { roundId: 'heats', choice: choice({ 'hall-a': [team(2)] }), keepPanels: false });
    expect(ack).toEqual({ ok: true, data: { roundId: 'final', teamIds: finalists } });

    const d = t.data();
    expect(d.event.currentRoundId).toBe('final');
    const pitches = d.event.agenda.filter((i) => i.kind === 'pitch');
    expect(pitches.map((i) => (i.kind === 'pitch' ? i.teamId : ''))).toEqual(finalists);
    expect(pitches.every((i) => i.roomId === 'hall-a')).toBe(true);
    expect(d.event.agenda.filter((i) => i.roomId === 'hall-b')).toEqual([]);
    expect(d.scores).toEqual({});

    // The juror's phone lists the finalists only; the projector names the round.
    expect((await jurorSees).teams.map((x) => x.id).sort()).toEqual([...finalists].sort());
    expect((await screenSees).round).toEqual({ id: 'final', name: 'Final' });

    // A juror cannot score a team that did not go on; a finalist they can (panels cleared).
    expect(await emitRaw(org.socket, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
    expect(t.data().scoring[team(1)]).toBeUndefined();
    const refused = await emitRaw(j3.socket, 'score:submit', { opId: 'final-j3-t1-op', teamId: team(1), revision: 2, marks: marks(d, 9), note: '' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'error_rounds_team_not_in_round' } });
    const scored = await emitRaw(j3.socket, 'score:submit', { opId: 'final-j3-t0-op', teamId: team(0), revision: 2, marks: marks(d, 9), note: '' });
    expect(scored).toMatchObject({ ok: true });
    // A retry of a heat's operation is still not applied twice: it is answered as the first time (from the heats' archive).
    const retry = await emitRaw(j3.socket, 'score:submit', { opId: 'heat-3-3-op', teamId: team(3), revision: 1, marks: marks(d, 9), note: '' });
    expect(retry).toMatchObject({ ok: true, data: { teamId: team(3), revision: 1, opId: 'heat-3-3-op' } });
    expect(Object.keys(t.data().scores)).toHaveLength(1);

    // The audit says the round in every entry since rounds exist, the close under the heats.
    const close = t.data().audit.find((e) => e.action === 'round:close')!;
    expect(close.roundId).toBe('heats');
    expect(t.data().audit.at(-1)!.roundId).toBe('final');
  });

  it('ranks the archive as the heats were ranked, and exports it with ?round=', async () => {
    const view = roundView(t.data(), 'heats')!;
    expect(leaderboard(view.event, Object.values(view.scores), 0).overall).toEqual(heatsBoard.overall);
    const auth = { Authorization: `Bearer ${t.organiserToken}` };
    const json = (await (await fetch(`${t.url}/api/results.json?round=heats`, { headers: auth })).json()) as { round: { name: string }; leaderboard: { overall: unknown[] } };
    expect(json.round.name).toBe('Heats');
    expect(json.leaderboard.overall).toEqual(heatsBoard.overall.map((r) => expect.objectContaining({ teamId: r.teamId, rank: r.rank, score: r.score })));
    const csv = await (await fetch(`${t.url}/api/scores.csv?round=heats`, { headers: auth })).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFF?Round,/);
    // 12 scores × 4 criteria, each line naming the round.
    expect(lines.slice(1)).toHaveLength(48);
    expect(lines.slice(1).every((l) => l.startsWith('Heats,'))).toBe(true);
    const current = await (await fetch(`${t.url}/api/results.csv`, { headers: auth })).text();
    expect(current.split('\r\n')[1]).toMatch(/^Final,/);
    expect((await fetch(`${t.url}/api/results.csv?round=nope`, { headers: auth })).status).toBe(404);
  });

  it('keeps the archive, the final and its teams across a restart', async () => {
    const before = structuredClone(t.data());
    for (const s of sockets.splice(0)) s.disconnect();
    await t.close();
    t = await startApp({ dir: t.dir, seed: () => {
      throw new Error('the stored event must be read, not seeded');
    } });
    const d = t.data();
    expect(d.roundArchives).toEqual(before.roundArchives);
    expect(d.event.rounds).toEqual(before.event.rounds);
    expect(d.event.currentRoundId).toBe('final');
    expect(d.event.agenda).toEqual(before.event.agenda);
    expect(d.scores).toEqual(before.scores);
    const j0 = keep(await juror(t, 0));
    expect(j0.first.teams.map((x) => x.id).sort()).toEqual([...before.event.rounds![1]!.teamIds!].sort());
  });
});
