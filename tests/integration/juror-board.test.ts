// The live leaderboard reaches the jurors with the audience's: a score moves the board
// on every juror's page as a patch carrying the board alone (the same board the room
// sees, sent once to every juror room), never another juror's scores or a whole view.
import { describe, expect, it } from 'vitest';
import type { JurorPatch, JurorScoresUpdate, PublicState } from '../../protocol/views.ts';
import { benchData } from '../../bench/lib/seed.ts';
import { JUROR_BOARD_BYTES_PER_TURN } from '../../server/broadcaster.ts';
import { emitRaw, juror, nextEvent, screen, startApp } from '../helpers/app.ts';
import { marks, roomsClosedAfterEach } from '../helpers/room.ts';

const room = roomsClosedAfterEach();

describe("the jurors' live leaderboard", () => {
  it('moves with the audience’s, as a patch of the board alone to every other juror, and the scorer gets their own scores', async () => {
    const { t, org, jurors, scr } = await room(3);
    const live = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.leaderboard !== null);
    expect(await emitRaw(org.socket, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
    await live;
    // Everything the other jurors receive from the score on.
    const seen = jurors.slice(1).map((j) => {
      const events: string[] = [];
      j.socket.onAny((event: string) => events.push(event));
      return events;
    });

    const teamId = t.data().event.teams[2]!.id;
    const onTop = (board: PublicState['leaderboard'] | undefined) => board?.overall[0]?.teamId === teamId;
    const roomSees = nextEvent<PublicState>(scr.socket, 'state:public', (s) => onTop(s.leaderboard));
    const othersSee = jurors.slice(1).map((j) => nextEvent<JurorPatch>(j.socket, 'juror:patch', (p) => onTop(p.leaderboard)));
    const scorerUpdate = nextEvent<JurorScoresUpdate>(jurors[0]!.socket, 'juror:scores', (u) => u.scores.some((s) => s.teamId === teamId));
    const ack = await emitRaw(jurors[0]!.socket, 'score:submit', { opId: `board-${Date.now()}`, teamId, revision: 1, marks: marks(t.data(), 8), note: 'private note' });
    expect(ack).toMatchObject({ ok: true });

    const board = (await roomSees).leaderboard!;
    expect(board.overall[0]).toMatchObject({ teamId, score: 8, jurorCount: 1 });
    for (const patch of await Promise.all(othersSee)) {
      // The board and nothing of anyone's scores: the room's board, whole.
      expect(Object.keys(patch).sort()).toEqual(['leaderboard', 'seq']);
      expect(patch.leaderboard).toEqual(board);
      expect(JSON.stringify(patch)).not.toContain('private note');
    }
    const own = await scorerUpdate;
    expect(own.scores.find((s) => s.teamId === teamId)).toMatchObject({ revision: 1, note: 'private note' });
    // No juror was sent their whole view again for a score.
    for (const events of seen) expect(events).not.toContain('state:juror');
  });
});

describe("the jurors' live board at a big event", () => {
  it('goes to more juror rooms than one slice holds, and every juror gets the room’s board whole', { timeout: 120_000 }, async () => {
    // 300 teams: a board of ~80 KB, so ten juror rooms take more than one slice of JUROR_BOARD_BYTES_PER_TURN.
    const t = await startApp({ seed: () => benchData(10, { teams: 300 }) });
    try {
      const jurors = [];
      for (let i = 0; i < 10; i++) jurors.push(await juror(t, i));
      const scr = await screen(t, 'screen');
      const d = t.data();
      const teamId = d.event.teams[123]!.id;
      const onTop = (board: PublicState['leaderboard'] | undefined) => board?.overall[0]?.teamId === teamId;
      const roomSees = nextEvent<PublicState>(scr.socket, 'state:public', (s) => onTop(s.leaderboard));
      const othersSee = jurors.slice(1).map((j) => nextEvent<JurorPatch>(j.socket, 'juror:patch', (p) => onTop(p.leaderboard)));
      const ack = await emitRaw(jurors[0]!.socket, 'score:submit', { opId: `big-board-${Date.now()}`, teamId, revision: 1, marks: marks(d, 10), note: '' });
      expect(ack).toMatchObject({ ok: true });
      const board = (await roomSees).leaderboard!;
      expect(JSON.stringify(board).length * 9).toBeGreaterThan(JUROR_BOARD_BYTES_PER_TURN);
      for (const patch of await Promise.all(othersSee)) {
        expect(Object.keys(patch).sort()).toEqual(['leaderboard', 'seq']);
        expect(patch.leaderboard).toEqual(board);
      }
      for (const j of [...jurors, scr]) j.socket.disconnect();
    } finally {
      await t.close();
    }
  });
});
