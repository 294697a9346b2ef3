// A juror's page follows its own scores and the scoring windows by patches
// (protocol/juror-patch.ts): hand-made views, moved as a score would move them.
import { describe, expect, it } from 'vitest';
import { applyJurorPatch, applyJurorScores, changedScores, heldScores } from '../../protocol/juror-patch.ts';
import type { JurorState } from '../../protocol/views.ts';

/** A juror's view: only the parts a patch touches matter here. */
const view = (seq = 1) => ({ seq, scores: [], scoring: { a: 'open' } }) as unknown as JurorState;

describe("a juror's own scores update", () => {
  const score = (teamId: string, revision: number, note = '') => ({ jurorId: 'j', teamId, marks: { impact: 5 }, note, revision, updatedAt: 1 });
  const held = view();
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

describe("a juror's patch of the shared parts", () => {
  it('replaces the parts it carries, keeps the others, and is ignored when older than the view', () => {
    const held = { ...view(3), scores: [{ jurorId: 'j', teamId: 'a', marks: { impact: 5 }, note: 'Équipe Ç', revision: 1, updatedAt: 1 }] } as JurorState;
    const next = applyJurorPatch(held, { seq: 4, scoring: { a: 'closed' } });
    expect(next.scoring).toEqual({ a: 'closed' });
    expect(next.scores).toBe(held.scores);
    expect(next.seq).toBe(4);
    // The page's view is replaced, never changed in place.
    expect(held.scoring).toEqual({ a: 'open' });
    expect(applyJurorPatch(next, { seq: 2, scoring: { a: 'open' } })).toBe(next);
  });
});
