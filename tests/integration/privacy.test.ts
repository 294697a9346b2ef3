// What the live leaderboard must not give away: per-criterion averages of a team
// scored by one or two jurors are those jurors' own marks. A fellow juror gets no
// board at all (protocol/views.ts JurorState).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrganiserState, PublicState } from '../../protocol/views.ts';
import { emitRaw, juror, nextEvent, organiser, screen, startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await startApp();
});
afterEach(async () => {
  await t.close();
});

describe('the live leaderboard in the room', () => {
  it('shows scores but not per-criterion averages, which the organiser still gets', async () => {
    const org = await organiser(t);
    const room = await screen(t);
    const other = await juror(t, 1);
    const heardByOther: [string, unknown][] = [];
    other.socket.onAny((event: string, payload: unknown) => heardByOther.push([event, payload]));
    const phone = await juror(t, 0);
    const team = t.data().event.teams[0]!;
    const marks = Object.fromEntries(t.data().event.criteria.map((c, i) => [c.id, 3 + i]));
    expect(await emitRaw(org.socket, 'scoring:open', { teamId: team.id })).toMatchObject({ ok: true });
    expect(await emitRaw(org.socket, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
    const scored = (rows: { teamId: string; jurorCount: number }[] | undefined) => rows?.some((r) => r.teamId === team.id && r.jurorCount === 1);
    const publicUpdate = nextEvent<PublicState>(room.socket, 'state:public', (s) => !!scored(s.leaderboard?.overall));
    const organiserUpdate = nextEvent<OrganiserState>(org.socket, 'state:organiser', (s) => !!scored(s.leaderboard.overall));
    expect(await emitRaw(phone.socket, 'score:submit', { opId: 'privacy-op-1', teamId: team.id, revision: 1, marks, note: 'secret note' })).toMatchObject({ ok: true });

    const seen = await publicUpdate;
    const row = seen.leaderboard!.overall.find((r) => r.teamId === team.id)!;
    expect(row.score).toBeCloseTo(4.5);
    expect(row.criteria).toEqual({});
    expect(JSON.stringify(seen)).not.toContain('secret note');
    const full = (await organiserUpdate).leaderboard.overall.find((r) => r.teamId === team.id)!;
    expect(Object.values(full.criteria)).toEqual([3, 4, 5, 6]);
    // The organiser's update is the lazy one, sent with the jurors': everything for the other juror is in
    // before the answer to its next message. Not the note, not the ranking: nothing of the score at all.
    expect(await emitRaw(other.socket, 'clock:ping', {})).toMatchObject({ ok: true });
    // Their whole view came when the rankings went live (so this looks at real traffic), without a board.
    expect(heardByOther.some(([e]) => e === 'state:juror')).toBe(true);
    const toOther = JSON.stringify(heardByOther);
    expect(toOther).not.toContain('secret note');
    expect(toOther).not.toContain('"leaderboard"');
    expect(toOther).not.toContain('"jurorCount"');
    for (const s of [org, room, other, phone]) s.socket.disconnect();
  });
});
