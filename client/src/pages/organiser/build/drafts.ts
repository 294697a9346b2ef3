// What a form holds while the organiser types, before it is sent.
import type { Criterion } from '../../../../../protocol/model.ts';
import { INTL_LOCALE } from '../../../../../protocol/format.ts';
import { getLocale, m } from '../../../../../protocol/i18n.ts';
import { parseNumber } from './numbers.ts';

/** Numbers as typed (text), so "1,5" is read by `parseNumber`, not by the browser. */
export interface CriterionDraft {
  name: string;
  question: string;
  weight: string;
  min: string;
  max: string;
}

/** A number as the organiser would type it in the page's language: 1,5 in French, 1.5 in English, no grouping. */
const typed = (n: number) => new Intl.NumberFormat(INTL_LOCALE[getLocale()], { useGrouping: false, maximumFractionDigits: 6 }).format(n);

export const criterionDraft = (c: Pick<Criterion, 'name' | 'question' | 'weight' | 'min' | 'max'>): CriterionDraft => ({
  name: c.name,
  question: c.question,
  weight: typed(c.weight),
  min: typed(c.min),
  max: typed(c.max),
});

export type CriterionFields = Pick<Criterion, 'name' | 'question' | 'weight' | 'min' | 'max'>;

/** The criterion to send, or the first thing wrong with what was typed; `name` is null for a criterion being added. */
export function readCriterion(d: CriterionDraft, name: string | null): { ok: true; value: CriterionFields } | { ok: false; message: string } {
  const weight = parseNumber(d.weight, { what: name === null ? m.build_what_weight_new() : m.build_what_weight({ name }), min: 0, max: 100 });
  if (!weight.ok) return weight;
  const lowest = name === null ? m.build_what_lowest_new() : m.build_what_lowest({ name });
  const min = parseNumber(d.min, { what: lowest, min: 0, max: 100, integer: true });
  if (!min.ok) return min;
  const highest = name === null ? m.build_what_highest_new() : m.build_what_highest({ name });
  const max = parseNumber(d.max, { what: highest, min: 1, max: 100, integer: true });
  if (!max.ok) return max;
  return { ok: true, value: { name: d.name, question: d.question, weight: weight.value, min: min.value, max: max.value } };
}

export interface TeamDraft {
  name: string;
  project: string;
  /** As typed: names separated by ";". */
  members: string;
  categoryId: string;
  /** Where the team sits in the hall (expo judging, the printed route); "" for none. */
  table: string;
  /** The expo zone or hall its table is in; "" for none. */
  zone: string;
}

export const splitMembers = (text: string): string[] =>
  text
    .split(';')
    .map((m) => m.trim())
    .filter(Boolean);
