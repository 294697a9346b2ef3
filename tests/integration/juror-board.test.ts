// A juror's phone never gets the leaderboard (protocol/views.ts JurorState): a juror judges
// each pitch on its own, whatever the room is shown. Live rankings move the projector, and a
// score sends the other jurors nothing; the scorer gets their own score back. At 300 teams the
// board was 116 KB, sent to every juror room at every move (issue 20).
import { describe, expect, it } from 'vitest';
import type { JurorScoresUpdate, JurorState, PublicState } from '../../protocol/views.ts';
import { benchData } from '../../bench/lib/seed.ts';
import { emitRaw, juror, nextEvent, organiser, screen, startApp, type TestSocket } from '../helpers/app.ts';
import { marks, roomsClosedAfterEach } from '../helpers/room.ts';

const room = roomsClosedAfterEach();

type Board = PublicState['leaderboard'];

/** Every message a socket receives from now on, as [event, payload]. */
function heard(socket: TestSocket): [string, unknown][] {
  const seen: [string, unknown][] = [];
  socket.onAny((event: string, payload: unknown) => seen.push([event, payload]));
  return seen;
}

/** What the server sent `socket` before answering its next message (one socket keeps its order). */
async function drained(socket: TestSocket): Promise<void> {
  expect(await emitRaw(socket, 'clock:ping', {})).toMatchObject({ ok: true });
}

describe("the jurors' phones while rankings are live", () => {
  it('get no board when rankings go live, none when a score moves the room’s, and a joining phone gets none', async () => {
    const { t, org, jurors, scr } = await room(3);
    const others = jurors.slice(1).map((j) => heard(j.socket));
    const live = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.leaderboard !== null);
    const wholeViews = jurors.slice(1).map((j) => nextEvent<JurorState>(j.socket, 'state:juror', (s) => s.visibility.mode === 'live'));
    expect(await emitRaw(org.socket, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
    await live;
    // Each phone's whole view says the rankings are live (the page shows nothing of them), without them.
    for (const view of await Promise.all(wholeViews)) expect(view).not.toHaveProperty('leaderboard');

    const teamId = t.data().event.teams[2]!.id;
    const onTop = (board: Board | undefined) => board?.overall[0]?.teamId === teamId;
    const roomSees = nextEvent<PublicState>(scr.socket, 'state:public', (s) => onTop(s.leaderboard));
    const scorerUpdate = nextEvent<JurorScoresUpdate>(jurors[0]!.socket, 'juror:scores', (u) => u.scores.some((s) => s.teamId === teamId));
    const sinceScore = others.map((seen) => seen.length);
    const ack = await emitRaw(jurors[0]!.socket, 'score:submit', { opId: `board-${Date.now()}`, teamId, revision: 1, marks: marks(t.data(), 8), note: 'private note' });
    expect(ack).toMatchObject({ ok: true });
    expect((await roomSees).leaderboard!.overall[0]).toMatchObject({ teamId, score: 8, jurorCount: 1 });
    // The scorer's own update is the lazy one: the others' would have gone with it.
    const own = await scorerUpdate;
    expect(own.scores.find((s) => s.teamId === teamId)).toMatchObject({ revision: 1, note: 'private note' });
    expect(JSON.stringify(own)).not.toContain('"leaderboard"');
    for (const j of jurors.slice(1)) await drained(j.socket);
    others.forEach((seen, i) => {
      // Nothing about the score reached the other jurors: no board, no view, no patch.
      const after = seen.slice(sinceScore[i]).filter(([e]) => e !== 'clock:anchor');
      expect(after).toEqual([]);
      expect(JSON.stringify(seen)).not.toContain('"leaderboard"');
    });

    // A phone opened now (the same link on a second page) is given its view without the board.
    const late = await juror(t, 1);
    late.socket.disconnect();
    expect(late.first.visibility.mode).toBe('live');
    expect(late.first).not.toHaveProperty('leaderboard');
  });
});

describe("the jurors' phones at a big event", () => {
  it('300 teams, rankings live: a score sends the other jurors nothing and the scorer one score', { timeout: 120_000 }, async () => {
    const t = await startApp({ seed: () => benchData(10, { teams: 300 }) });
    try {
      const jurors = [];
      for (let i = 0; i < 10; i++) jurors.push(await juror(t, i));
      const scr = await screen(t, 'screen');
      const others = jurors.slice(1).map((j) => heard(j.socket));
      const d = t.data();
      expect(d.visibility.mode).toBe('live');
      const teamId = d.event.teams[123]!.id;
      const roomSees = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.leaderboard?.overall[0]?.teamId === teamId);
      const scorerUpdate = nextEvent<JurorScoresUpdate>(jurors[0]!.socket, 'juror:scores', (u) => u.scores.some((s) => s.teamId === teamId));
      const ack = await emitRaw(jurors[0]!.socket, 'score:submit', { opId: `big-board-${Date.now()}`, teamId, revision: 1, marks: marks(d, 10), note: '' });
      expect(ack).toMatchObject({ ok: true });
      await roomSees;
      const own = await scorerUpdate;
      expect(own.scores.map((s) => s.teamId)).toEqual([teamId]);
      for (const j of jurors.slice(1)) await drained(j.socket);
      for (const seen of others) expect(seen.filter(([e]) => e !== 'clock:anchor')).toEqual([]);
      // The same phones do get what is theirs to see: a team's scoring closing reaches every one.
      const closedTeam = d.event.teams[7]!.id;
      const windowsMoved = jurors.slice(1).map((j) => nextEvent<JurorState>(j.socket, 'state:juror', (s) => s.scoring[closedTeam] === 'closed'));
      const org = await organiser(t);
      expect(await emitRaw(org.socket, 'scoring:close', { teamId: closedTeam })).toMatchObject({ ok: true });
      await Promise.all(windowsMoved);
      for (const seen of others) expect(JSON.stringify(seen)).not.toContain('"leaderboard"');
      for (const j of [...jurors, scr, org]) j.socket.disconnect();
    } finally {
      await t.close();
    }
  });
});
