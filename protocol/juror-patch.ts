// A juror's page moved on by a JurorPatch and a JurorScoresUpdate: the server sends each part
// that changed, and the juror's own scores as those that changed (issue 20: at 300 teams a
// juror's own list is some 90 KB). The server finds what changed here; the page and the tests
// apply it here, one way for both.
import type { JurorPatch, JurorScoresUpdate, JurorState } from './views.ts';
import type { Score } from './model.ts';

/** `state` with `patch` applied; the same state when the patch is older than it (a page that rejoined holds a newer view). */
export function applyJurorPatch(state: JurorState, patch: JurorPatch): JurorState {
  if (patch.seq < state.seq) return state;
  return { ...state, ...patch };
}

/** What the server takes a juror's room to hold of their scores: each team's revision. */
export type HeldScores = ReadonlyMap<string, number>;

export const heldScores = (scores: readonly Score[]): Map<string, number> => new Map(scores.map((s) => [s.teamId, s.revision]));

/** The scores in `scores` that a room holding `held` lacks or holds at another revision, and the teams it holds that are gone. */
export function changedScores(held: HeldScores, scores: readonly Score[]): { changed: Score[]; removed: string[] } {
  const changed = scores.filter((s) => held.get(s.teamId) !== s.revision);
  const present = new Set(scores.map((s) => s.teamId));
  const removed = [...held.keys()].filter((teamId) => !present.has(teamId));
  return { changed, removed };
}

/** `state` with the juror's scores update applied; the same state when the update is older than it. */
export function applyJurorScores(state: JurorState, update: JurorScoresUpdate): JurorState {
  if (update.seq < state.seq) return state;
  let scores: Score[];
  if (update.all) scores = update.scores;
  else {
    const byTeam = new Map(state.scores.map((s) => [s.teamId, s]));
    for (const teamId of update.removed ?? []) byTeam.delete(teamId);
    for (const score of update.scores) byTeam.set(score.teamId, score);
    scores = [...byTeam.values()];
  }
  return { ...state, seq: update.seq, scores, ...(update.scoring ? { scoring: update.scoring } : {}) };
}
