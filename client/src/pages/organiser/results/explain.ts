// How a score is computed, in the console's language, for the results table and the
// printed sheet: the same sentences as protocol/scoring.ts's explainScoring (which the
// exports use), said through messages, with the language's decimal mark in the weights.
import { INTL_LOCALE } from '../../../../../protocol/format.ts';
import { m } from '../../../../../protocol/i18n.ts';
import type { Criterion, Language, Normalisation } from '../../../../../protocol/model.ts';
import { formatScale, scaleOf } from '../../../../../protocol/scoring.ts';

/** A weight as typed: "1,5" / "1.5", "2", up to three decimals. */
export function formatWeight(w: number, language: Language): string {
  return new Intl.NumberFormat(INTL_LOCALE[language], { maximumFractionDigits: 3, useGrouping: false }).format(w);
}

export function explainScoring(criteria: readonly Criterion[], normalisation: Normalisation, language: Language): string[] {
  const locale = { locale: language };
  const scale = scaleOf(criteria);
  const shown = formatScale(scale);
  const counted = criteria.filter((c) => c.weight > 0);
  const totalWeight = counted.reduce((s, c) => s + c.weight, 0);
  const weight = (w: number) => formatWeight(w, language);
  const list = criteria
    .map((c) => m.results_explain_criterion({ name: c.name, min: c.min, max: c.max, weight: weight(c.weight) }, locale))
    .join(m.results_explain_separator({}, locale));
  const formula = m.results_explain_formula(
    { terms: counted.map((c) => `${weight(c.weight)} × ${c.name}`).join(' + '), total: weight(totalWeight), scale: shown },
    locale,
  );
  return [
    m.results_explain_scale(
      { scale: shown, span: scale.max - scale.min, offset: scale.min ? ` + ${scale.min}` : '', min: scale.min, max: scale.max },
      locale,
    ),
    m.results_explain_criteria({ list }, locale),
    criteria.length > counted.length ? `${formula} ${m.results_explain_weight_zero({}, locale)}` : formula,
    normalisation === 'z-score' ? m.results_explain_zscore({}, locale) : m.results_explain_mean({ scale: shown }, locale),
  ];
}
