// Words and numbers the leaderboard and the reveal share.

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

/** One way to print a score on every page (two decimals, a dash for none): the protocol's. */
export { formatScore } from '../../../../protocol/scoring.ts';

/** A shared rank reads "=2" so a tie never looks like an order. */
export const formatRank = (rank: number, tied: boolean, scored = true): string => (!scored ? '–' : tied ? `=${rank}` : `${rank}`);
