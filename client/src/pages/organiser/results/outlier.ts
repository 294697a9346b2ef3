// The outlier banner's sentence: it states what flagged the juror (the mean
// distance from the other jurors, highs and lows both counting), never a signed
// mean in which a high and a low cancel out.
import { formatDecimal } from '../../../../../protocol/format.ts';
import { m } from '../../../../../protocol/i18n.ts';
import type { Language } from '../../../../../protocol/model.ts';
import { formatScale, type Scale } from '../../../../../protocol/scoring.ts';
import type { JuryReport } from '../../../../../protocol/views.ts';

/** In `language` (the console's; English by default, as the unit tests read it). */
export function outlierSentence(name: string, j: JuryReport['jurors'][string], scale: Scale, language: Language = 'en'): string {
  const locale = { locale: language };
  const distance = formatDecimal(j.meanDistance ?? 0, language, 1);
  // "All" only when it is all: teams where the juror stood level with the others are compared too.
  const direction =
    j.below === 0
      ? j.above === j.compared
        ? m.results_outlier_higher_all({ count: j.above }, locale)
        : m.results_outlier_higher_some({ count: j.above, total: j.compared }, locale)
      : j.above === 0
        ? j.below === j.compared
          ? m.results_outlier_lower_all({ count: j.below }, locale)
          : m.results_outlier_lower_some({ count: j.below, total: j.compared }, locale)
        : m.results_outlier_mixed({ above: m.results_teams({ count: j.above }, locale), below: m.results_teams({ count: j.below }, locale) }, locale);
  return m.results_outlier({ name, distance, scale: formatScale(scale), direction }, locale);
}
