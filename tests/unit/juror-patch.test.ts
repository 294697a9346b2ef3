// A juror's page follows the live board by patches from the version it holds
// (protocol/juror-patch.ts): hand-made boards, moved as a score would move them.
import { describe, expect, it } from 'vitest';
import { applyJurorPatch, applyJurorScores, boardPatch, changedScores, heldScores } from '../../protocol/juror-patch.ts';
import type { Leaderboard, LeaderboardRow } from '../../protocol/model.ts';
import type { JurorState } from '../../protocol/views.ts';

const row = (teamId: string, rank: number, score: number | null): LeaderboardRow => ({
  teamId, rank, tied: false, score, criteria: {}, jurorCount: score === null ? 0 : 1, expectedJurors: 3, provisional: true,
});
// Three teams, then Équipe Ç scored 9 and on top.
const before: Leaderboard = { overall: [row('a', 1, 7), row('b', 2, 5), row('c', 3, null)], byCategory: { x: [row('a', 1, 7), row('c', 2, null)] }, computedAt: 1000 };
const after: Leaderboard = { overall: [row('c', 1, 9), row('a', 2, 7), row('b', 3, 5)], byCategory: { x: [row('c', 1, 9), row('a', 2, 7)] }, computedAt: 2000 };

/** A juror's view holding `board` at version `rev`: only the parts a board patch touches matter here. */
const view = (board: Leaderboard | null, rev: number, seq = 1) => ({ seq, leaderboard: board, boardRev: rev, scores: [] }) as unknown as JurorState;

describe("a juror's board patch", () => {
  it('moves the board held to the new one, and says which version it now is', () => {
    const patch = { seq: 2, ...boardPatch(before, 4, after, 5) };
    expect(patch.leaderboard).toBeUndefined();
    const next = applyJurorPatch(view(before, 4), patch);
    expect(next).not.toBe('gap');
    expect((next as JurorState).leaderboard).toEqual(after);
    expect((next as JurorState).boardRev).toBe(5);
    expect((next as JurorState).seq).toBe(2);
    // The old board is left as it was (the page's state is replaced, never changed in place).
    expect(before.overall[0]!.teamId).toBe('a');
  });

  it('is a gap when the page holds another version, so the page asks for its whole view', () => {
    const patch = { seq: 2, ...boardPatch(before, 4, after, 5) };
    expect(applyJurorPatch(view(before, 3), patch)).toBe('gap');
  });

  it('is ignored when the page already holds that version or a newer one (a view sent whole meanwhile)', () => {
    const patch = { seq: 2, ...boardPatch(before, 4, after, 5) };
    const held = view(after, 5);
    expect((applyJurorPatch(held, patch) as JurorState).leaderboard).toBe(after);
    // An older message altogether changes nothing.
    const newer = view(after, 5, 9);
    expect(applyJurorPatch(newer, patch)).toBe(newer);
  });

  it('comes whole when a board appears (rankings made public) and as null when it goes (hidden)', () => {
    const shown = applyJurorPatch(view(null, 0), { seq: 2, ...boardPatch(null, 0, after, 7) }) as JurorState;
    expect(shown.leaderboard).toEqual(after);
    expect(shown.boardRev).toBe(7);
    const hidden = applyJurorPatch(shown, { seq: 3, ...boardPatch(after, 7, null, 0) }) as JurorState;
    expect(hidden.leaderboard).toBeNull();
    expect(hidden.boardRev).toBe(0);
  });

  it('carries the moved rows, not the board whole', () => {
    const { board } = boardPatch(before, 1, after, 2);
    // Every overall row changed place here; the category's list only its two rows; computedAt.
    const paths = board!.ops.map(([path]) => path.join('.'));
    expect(paths).toContain('computedAt');
    expect(paths.some((p) => p.startsWith('byCategory.x.'))).toBe(true);
    expect(paths).not.toContain('overall');
  });
});

describe("a juror's own scores update", () => {
  const score = (teamId: string, revision: number, note = '') => ({ jurorId: 'j', teamId, marks: { impact: 5 }, note, revision, updatedAt: 1 });
  const held = view(null, 0);
  const holding = { ...held, scores: [score('a', 1), score('b', 2), score('c', 1)] } as JurorState;

  it('names the scores new or at another revision, and the teams gone', () => {
    const now = [score('a', 1), score('b', 3, 'Zürich, très bien'), score('d', 1)];
    const { changed, removed } = changedScores(heldScores(holding.scores), now);
    expect(changed.map((s) => `${s.teamId}@${s.revision}`)).toEqual(['b@3', 'd@1']);
    expect(removed).toEqual(['c']);
  });

  it('merges changes by team, and the page then holds the new list', () => {
    const next = applyJurorScores(holding, { seq: 2, scores: [score('b', 3), score('d', 1)], removed: ['c'] });
    expect(next.scores.map((s) => `${s.teamId}@${s.revision}`).sort()).toEqual(['a@1', 'b@3', 'd@1']);
    // Windows not sent are kept.
    expect(next.scoring).toBe(holding.scoring);
  });

  it('replaces the list when it comes whole, and ignores an update older than the view', () => {
    const whole = applyJurorScores(holding, { seq: 2, all: true, scores: [score('e', 1)], scoring: { e: 'open' } });
    expect(whole.scores.map((s) => s.teamId)).toEqual(['e']);
    expect(whole.scoring).toEqual({ e: 'open' });
    const newer = { ...holding, seq: 9 } as JurorState;
    expect(applyJurorScores(newer, { seq: 2, scores: [score('a', 5)] })).toBe(newer);
  });
});
