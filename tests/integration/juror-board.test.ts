// The live leaderboard reaches the jurors with the audience's: a score moves the board on
// every juror's page as a patch of the board alone, from the board each holds (issue 20:
// at 300 teams the board is some 116 KB, and 200 jurors were each sent it whole at every
// move), never another juror's scores or a whole view. A page that missed a patch asks for
// its whole view and gets it.
import { describe, expect, it } from 'vitest';
import type { JurorPatch, JurorScoresUpdate, JurorState, PublicState } from '../../protocol/views.ts';
import { benchData } from '../../bench/lib/seed.ts';
import { emitRaw, juror, nextEvent, screen, startApp, type TestSocket } from '../helpers/app.ts';
import { marks, roomsClosedAfterEach } from '../helpers/room.ts';

const room = roomsClosedAfterEach();

type Board = PublicState['leaderboard'];

/** Every juror:patch a socket receives, as sent. */
function patchesOf(socket: TestSocket): JurorPatch[] {
  const seen: JurorPatch[] = [];
  socket.on('juror:patch', (p: JurorPatch) => seen.push(p));
  return seen;
}

describe("the jurors' live leaderboard", () => {
  it('moves with the audience’s, as a patch of the board alone to every other juror, and the scorer gets their own scores', async () => {
    const { t, org, jurors, scr } = await room(3);
    const live = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.leaderboard !== null);
    const jurorsLive = jurors.map((j) => nextEvent<JurorState>(j.socket, 'state:juror', (s) => s.leaderboard !== null));
    expect(await emitRaw(org.socket, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
    await Promise.all([live, ...jurorsLive]);
    // Everything the other jurors receive from the score on.
    const seen = jurors.slice(1).map((j) => {
      const events: string[] = [];
      j.socket.onAny((event: string) => events.push(event));
      return events;
    });
    const patches = jurors.slice(1).map((j) => patchesOf(j.socket));

    const teamId = t.data().event.teams[2]!.id;
    const onTop = (board: Board | undefined) => board?.overall[0]?.teamId === teamId;
    const roomSees = nextEvent<PublicState>(scr.socket, 'state:public', (s) => onTop(s.leaderboard));
    // The juror's view as the page holds it: the patches applied (tests/helpers/app.ts followJuror, as live.svelte.ts).
    const othersSee = jurors.slice(1).map((j) => nextEvent<JurorState>(j.socket, 'state:juror', (s) => onTop(s.leaderboard)));
    const scorerUpdate = nextEvent<JurorScoresUpdate>(jurors[0]!.socket, 'juror:scores', (u) => u.scores.some((s) => s.teamId === teamId));
    const ack = await emitRaw(jurors[0]!.socket, 'score:submit', { opId: `board-${Date.now()}`, teamId, revision: 1, marks: marks(t.data(), 8), note: 'private note' });
    expect(ack).toMatchObject({ ok: true });

    const board = (await roomSees).leaderboard!;
    expect(board.overall[0]).toMatchObject({ teamId, score: 8, jurorCount: 1 });
    for (const view of await Promise.all(othersSee)) expect(view.leaderboard).toEqual(board);
    for (const sent of patches) {
      const boardPatches = sent.filter((p) => p.board);
      expect(boardPatches.length).toBeGreaterThan(0);
      for (const patch of boardPatches) {
        // The board's changes and nothing of anyone's scores, nor the board whole.
        expect(Object.keys(patch).sort()).toEqual(['board', 'seq']);
        expect(patch.board!.rev).toBeGreaterThan(patch.board!.base);
        expect(JSON.stringify(patch)).not.toContain('private note');
      }
    }
    const own = await scorerUpdate;
    expect(own.scores.find((s) => s.teamId === teamId)).toMatchObject({ revision: 1, note: 'private note' });
    // No juror was sent their whole view again for a score.
    for (const events of seen) expect(events).not.toContain('state:juror');
  });

  it('a page that asks for its whole view (it missed a patch) gets the room’s board, and the next patch fits it', async () => {
    const { t, org, jurors, scr } = await room(2);
    const live = nextEvent<PublicState>(scr.socket, 'state:public', (s) => s.leaderboard !== null);
    expect(await emitRaw(org.socket, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
    const board = (await live).leaderboard!;
    const asker = jurors[1]!.socket;
    const whole = nextEvent<JurorState>(asker, 'state:juror', (s) => s.leaderboard !== null);
    expect(await emitRaw(asker, 'juror:snapshot', {})).toMatchObject({ ok: true });
    const view = await whole;
    expect(view.leaderboard).toEqual(board);
    expect(view.boardRev).toBeGreaterThan(0);
    // The next move comes as a patch from exactly that version (followJuror fails on one that does not fit).
    const teamId = t.data().event.teams[1]!.id;
    const patched = nextEvent<JurorPatch>(asker, 'juror:patch', (p) => p.board !== undefined);
    const moved = nextEvent<JurorState>(asker, 'state:juror', (s) => s.leaderboard?.overall[0]?.teamId === teamId);
    expect(await emitRaw(jurors[0]!.socket, 'score:submit', { opId: `snap-${Date.now()}`, teamId, revision: 1, marks: marks(t.data(), 9), note: '' })).toMatchObject({ ok: true });
    expect((await patched).board!.base).toBe(view.boardRev);
    await moved;
  });
});

describe("the jurors' live board at a big event", () => {
  it('sends every juror room what moved, a small fraction of the board, and each juror then holds the room’s board', { timeout: 120_000 }, async () => {
    const t = await startApp({ seed: () => benchData(10, { teams: 300 }) });
    try {
      const jurors = [];
      for (let i = 0; i < 10; i++) jurors.push(await juror(t, i));
      const scr = await screen(t, 'screen');
      const d = t.data();
      const teamId = d.event.teams[123]!.id;
      const onTop = (board: Board | undefined) => board?.overall[0]?.teamId === teamId;
      const patches = jurors.slice(1).map((j) => patchesOf(j.socket));
      const roomSees = nextEvent<PublicState>(scr.socket, 'state:public', (s) => onTop(s.leaderboard));
      const othersSee = jurors.slice(1).map((j) => nextEvent<JurorState>(j.socket, 'state:juror', (s) => onTop(s.leaderboard)));
      const ack = await emitRaw(jurors[0]!.socket, 'score:submit', { opId: `big-board-${Date.now()}`, teamId, revision: 1, marks: marks(d, 10), note: '' });
      expect(ack).toMatchObject({ ok: true });
      const board = (await roomSees).leaderboard!;
      for (const view of await Promise.all(othersSee)) expect(view.leaderboard).toEqual(board);
      const boardBytes = JSON.stringify(board).length;
      for (const sent of patches) {
        const bytes = sent.filter((p) => p.board).map((p) => JSON.stringify(p).length);
        expect(bytes.length).toBeGreaterThan(0);
        // One team moved to the top: the rows it passed, in each of its rankings; not the 300 teams' board.
        for (const b of bytes) expect(b).toBeLessThan(boardBytes / 4);
      }
      for (const j of [...jurors, scr]) j.socket.disconnect();
    } finally {
      await t.close();
    }
  });
});
