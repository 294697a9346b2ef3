// A juror's page moved on by a JurorPatch and a JurorScoresUpdate: the server sends each part
// that changed, the live board as what changed in it from the version the juror holds, and the
// juror's own scores as those that changed (issue 20: at 300 teams the board is some 116 KB,
// and 200 jurors were each sent it whole at every move; a juror's own list is some 90 KB). The
// server finds what changed here and with protocol/state-patch.ts; the page and the tests apply
// it here, one way for both.
import { applyStatePatch, diffState, type StatePatch } from './state-patch.ts';
import type { JurorPatch, JurorScoresUpdate, JurorState } from './views.ts';
import type { Leaderboard, Score } from './model.ts';

/**
 * What a juror's board patch is: the whole board (or null, none shown) when the juror held none
 * or is to hold none, else the operations from the board the juror holds (`base`) to the new one
 * (`rev`). Versions are the server's numbering of boards; 0 is "no board".
 */
export function boardPatch(before: Leaderboard | null, beforeRev: number, after: Leaderboard | null, afterRev: number): Pick<JurorPatch, 'leaderboard' | 'boardRev' | 'board'> {
  if (before === null || after === null) return { leaderboard: after, boardRev: afterRev };
  return { board: { base: beforeRev, rev: afterRev, ops: diffState(before, after) } satisfies StatePatch };
}

/**
 * `state` with `patch` applied; the same state when the patch is older than it (a page that
 * rejoined holds a newer view); 'gap' when the board's patch is for another version than the
 * one held: the page asks for its whole view (`juror:snapshot`).
 */
export function applyJurorPatch(state: JurorState, patch: JurorPatch): JurorState | 'gap' {
  if (patch.seq < state.seq) return state;
  const { board, leaderboard, boardRev, ...parts } = patch;
  let next: JurorState = { ...state, ...parts };
  if (leaderboard !== undefined) next = { ...next, leaderboard, boardRev: boardRev ?? 0 };
  if (board) {
    if (board.rev <= state.boardRev) return next;
    const moved = state.leaderboard ? applyStatePatch(state.leaderboard, state.boardRev, board) : null;
    if (!moved) return 'gap';
    next = { ...next, leaderboard: moved, boardRev: board.rev };
  }
  return next;
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
