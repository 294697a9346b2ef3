// Ranking: the rules live in protocol/ranking.ts, and the same ranking kept up to date
// as scores change (RankingIndex, for the server's live board and the organiser's
// console alike) in protocol/ranking-index.ts. Re-exported here for the server's imports.
export * from '../../protocol/ranking.ts';
export * from '../../protocol/ranking-index.ts';
