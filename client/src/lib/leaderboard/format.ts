// Words and numbers the leaderboard and the reveal share. Scores and places
// ("7,43", "2e") come from fmt in ../i18n.svelte.ts (protocol/format.ts).

/** A shared rank reads "=2" so a tie never looks like an order. */
export const formatRank = (rank: number, tied: boolean, scored = true): string => (!scored ? '–' : tied ? `=${rank}` : `${rank}`);
