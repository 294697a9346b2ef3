// The leaderboard the room may see, from the official one: shared by the server's
// public views and the organiser's console, which previews the projector itself.
import type { Leaderboard, PodiumData } from './model.ts';

/**
 * The room sees each team's score, not its per-criterion averages: with one or two
 * jurors counted, the averages would give away a juror's own marks (to the audience,
 * and to a fellow juror who subtracts their own). The organiser's views keep them.
 */
function withoutCriterionAverages(board: Leaderboard): Leaderboard {
  const strip = (rows: Leaderboard['overall']) => rows.map((row) => ({ ...row, criteria: {} }));
  return {
    ...board,
    overall: strip(board.overall),
    byCategory: Object.fromEntries(Object.entries(board.byCategory).map(([id, rows]) => [id, strip(rows)])),
  };
}

/** What the room may see now, or null when hidden. `official()` is only called when the rankings are live. */
export function publicBoard(visibility: PodiumData['visibility'], official: () => Leaderboard): Leaderboard | null {
  switch (visibility.mode) {
    case 'hidden':
    case 'reveal':
      return null;
    case 'frozen':
      return visibility.frozenBoard && withoutCriterionAverages(visibility.frozenBoard);
    case 'live':
      return withoutCriterionAverages(official());
  }
}
