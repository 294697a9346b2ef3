// A juror's page moved on by a JurorPatch: the server sends each part that changed, and the
// live board as what changed in it from the version the juror holds (issue 20: at 300 teams
// the board is some 116 KB, and 200 jurors were each sent it whole at every move). The
// server makes the board's patch with protocol/state-patch.ts; the page and the tests apply
// it here, one way for both.
import { applyStatePatch, diffState, type StatePatch } from './state-patch.ts';
import type { JurorPatch, JurorState } from './views.ts';
import type { Leaderboard } from './model.ts';

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
