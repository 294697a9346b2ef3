// The one scoring formula: the juror's phone, the ranking, the exports and the
// printed sheet all compute and explain a score with these functions, so what a
// juror sees is what counts.
import { formatDecimal, formatWeight } from './format.ts';
import { m } from './i18n.ts';
import type { Criterion, Language, Normalisation } from './model.ts';

export interface Scale {
  min: number;
  max: number;
}

/**
 * The scale a score is shown on: the criteria's own scale when they share one
 * (the usual case), else from the lowest minimum to the highest maximum.
 * Weight-0 criteria do not count, so adding one changes nothing.
 */
export function scaleOf(criteria: readonly Criterion[]): Scale {
  const weighted = criteria.filter((c) => c.weight > 0);
  const counted = weighted.length ? weighted : criteria;
  if (!counted.length) return { min: 0, max: 10 };
  return { min: Math.min(...counted.map((c) => c.min)), max: Math.max(...counted.map((c) => c.max)) };
}

/**
 * A mark (or an average of marks) placed on the display scale: the criterion's
 * lowest mark becomes the scale's minimum and its highest the scale's maximum,
 * so a 1–5 criterion and a 1–10 criterion weigh what their weights say.
 */
export function onScale(mark: number, criterion: Pick<Criterion, 'min' | 'max'>, scale: Scale): number {
  const span = criterion.max - criterion.min;
  // A one-mark scale says nothing about the team: its only mark sits at the top.
  const share = span > 0 ? (mark - criterion.min) / span : 1;
  return scale.min + (scale.max - scale.min) * share;
}

/**
 * One juror's score for a team: each mark placed on the display scale, then the
 * weighted mean. Null while a mark of a criterion that counts (weight above 0)
 * is missing, or when no criterion counts.
 */
export function weightedScore(marks: Readonly<Record<string, number>>, criteria: readonly Criterion[], scale: Scale = scaleOf(criteria)): number | null {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    if (c.weight <= 0) continue;
    // Own properties only: a criterion id such as "constructor" must not read Object's.
    if (!Object.hasOwn(marks, c.id)) return null;
    sum += c.weight * onScale(marks[c.id]!, c, scale);
    weights += c.weight;
  }
  return weights > 0 ? sum / weights : null;
}

/** Every score is shown with two decimals, on every page and in every export: 7,43 in French, 7.43 in English. */
export const formatScore = (x: number | null | undefined, language: Language): string => formatDecimal(x, language, 2);

export const formatScale = (scale: Scale): string => `${scale.min}–${scale.max}`;

/** "7.43 / 10", "7,43 / 10": a score with the scale it is on ("/ 10" reads as "out of 10" even for a 1–10 scale). */
export const formatOutOf = (x: number | null | undefined, scale: Scale, language: Language): string => `${formatScore(x, language)} / ${scale.max}`;

/**
 * How a score is computed, in words a jury can check with a calculator, and
 * true to the numbers printed beside it: the per-criterion averages are shown
 * placed on the score's scale, so their weighted mean is the score (without
 * normalisation). In the language asked for: the event's in the exports, the
 * console's on the Results tab and the printed sheet. Weights as the language
 * writes them (1,5 / 1.5).
 */
export function explainScoring(criteria: readonly Criterion[], normalisation: Normalisation, language: Language = 'en'): string[] {
  const words = { locale: language };
  const scale = scaleOf(criteria);
  const shown = formatScale(scale);
  const counted = criteria.filter((c) => c.weight > 0);
  const totalWeight = counted.reduce((s, c) => s + c.weight, 0);
  const weight = (w: number) => formatWeight(w, language);
  const list = criteria
    .map((c) => m.results_explain_criterion({ name: c.name, min: c.min, max: c.max, weight: weight(c.weight) }, words))
    .join(m.results_explain_separator({}, words));
  const formula = m.results_explain_formula({ terms: counted.map((c) => `${weight(c.weight)} × ${c.name}`).join(' + '), total: weight(totalWeight), scale: shown }, words);
  return [
    m.results_explain_scale({ scale: shown, span: scale.max - scale.min, offset: scale.min ? ` + ${scale.min}` : '', min: scale.min, max: scale.max }, words),
    m.results_explain_criteria({ list }, words),
    criteria.length > counted.length ? `${formula} ${m.results_explain_weight_zero({}, words)}` : formula,
    normalisation === 'z-score' ? m.results_explain_zscore({}, words) : m.results_explain_mean({ scale: shown }, words),
  ];
}
