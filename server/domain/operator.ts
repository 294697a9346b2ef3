// The operator token: the stage crew's key to the control API (a stream deck, the
// vision mixer's scripts). It drives the show and nothing else; the organiser makes
// one, replaces it or revokes it from the console.
import type { PodiumData } from '../../protocol/model.ts';
import { newToken } from './ids.ts';

/** A fresh operator token in place of any previous one, which stops working at once. */
export function newOperatorToken(data: PodiumData): string {
  let token = newToken();
  // Never a juror's link or the organiser's token (192 random bits make this theoretical).
  while (token === data.organiserToken || data.event.jurors.some((j) => j.token === token)) token = newToken();
  data.operatorToken = token;
  return token;
}

export function revokeOperatorToken(data: PodiumData): void {
  data.operatorToken = null;
}
