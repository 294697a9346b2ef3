// A closed round's results as the console shows them when the organiser opens it (issue 17): its
// ranking, raw and normalised, by the same functions as the live round (protocol/rounds.ts
// roundView), and who went on. Asked for (GET /api/round.json?round=<id>, organiser only), never
// pushed: the archive behind it holds every score of the round.
import type { LeaderboardRow, Normalisation, PodiumData, Round } from './model.ts';
import { leaderboard } from './ranking.ts';
import { roundView } from './rounds.ts';

export interface ClosedRoundView {
  round: Round;
  closedAt: number;
  /** The ranking that was official in the round. */
  normalisation: Normalisation;
  /** The teams that went on, in the order they were placed. */
  advanced: string[];
  raw: LeaderboardRow[];
  normalised: LeaderboardRow[];
}

/** A closed round's view, or null: no such round, or not closed. */
export function closedRoundView(data: Pick<PodiumData, 'event' | 'scores' | 'roundArchives'>, roundId: string): ClosedRoundView | null {
  const archive = Object.hasOwn(data.roundArchives, roundId) ? data.roundArchives[roundId]! : null;
  const view = archive && roundView(data, roundId);
  if (!archive || !view) return null;
  const scores = Object.values(view.scores);
  return {
    round: archive.round,
    closedAt: archive.closedAt,
    normalisation: archive.normalisation,
    advanced: archive.advanced,
    raw: leaderboard(view.event, scores, archive.closedAt, 'none').overall,
    normalised: leaderboard(view.event, scores, archive.closedAt, 'z-score').overall,
  };
}
