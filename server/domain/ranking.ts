// The ranking rules live in protocol/ranking.ts: the organiser's console computes its
// rankings from the scores it is sent, so server and client share one implementation.
export * from '../../protocol/ranking.ts';
