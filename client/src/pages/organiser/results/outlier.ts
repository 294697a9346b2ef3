// The outlier banner's sentence: it states what flagged the juror (the mean
// distance from the other jurors, highs and lows both counting), never a signed
// mean in which a high and a low cancel out.
import { formatScale, type Scale } from '../../../../../protocol/scoring.ts';
import type { JuryReport } from '../../../../../protocol/views.ts';

const teams = (n: number) => `${n} ${n === 1 ? 'team' : 'teams'}`;

export function outlierSentence(name: string, j: JuryReport['jurors'][string], scale: Scale): string {
  const distance = (j.meanDistance ?? 0).toFixed(1);
  // "All" only when it is all: teams where the juror stood level with the others are compared too.
  const side = (word: string, n: number) => (n === j.compared ? `${word} on all ${teams(n)} compared` : `${word} on ${n} of ${teams(j.compared)} compared`);
  const direction = j.below === 0 ? side('higher', j.above) : j.above === 0 ? side('lower', j.below) : `higher on ${teams(j.above)}, lower on ${teams(j.below)}`;
  return `${name}'s scores are on average ${distance} points away from the other jurors' median (${formatScale(scale)} scale), highs and lows alike: ${direction}.`;
}
