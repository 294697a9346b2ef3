// The outlier banner's sentence: it states what flagged the juror (the mean
// distance from the other jurors, highs and lows both counting), never a signed
// mean in which a high and a low cancel out.
import { formatScale, type Scale } from '../../../../../protocol/scoring.ts';
import type { JuryReport } from '../../../../../protocol/views.ts';

export function outlierSentence(name: string, j: JuryReport['jurors'][string], scale: Scale): string {
  const distance = (j.meanDistance ?? 0).toFixed(1);
  const teams = j.above + j.below;
  const direction =
    j.below === 0 ? `higher on all ${teams}` : j.above === 0 ? `lower on all ${teams}` : `higher on ${j.above}, lower on ${j.below}`;
  return `${name}'s scores are on average ${distance} points (on the ${formatScale(scale)} scale) away from the median of the other jurors: ${direction} teams compared.`;
}
