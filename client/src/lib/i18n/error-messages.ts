// Every error message, for the organiser console only (the juror page keeps to errors.ts's few).
// Imported once by the console's entry: errorText then says any refusal the server sends.
//
// Read from the message files, not from the compiled `m`: Paraglide compiles every message of
// a language into one module that every page shares, so each m.error_… used here would be
// downloaded by the juror's phone too. The JSON lands in the console's own bundle. Error
// messages are plain text with {params} (no plural variants: tests/unit/error-messages.test.ts
// checks that, and that each reads exactly as the compiled message does).
import en from '../../../../messages/en.json';
import fr from '../../../../messages/fr.json';
import { getLocale } from '../../../../protocol/i18n.ts';
import { DETAIL_SEPARATOR } from '../../../../protocol/issues.ts';
import type { ErrorKey, ErrorParams, ResultError } from '../../../../protocol/result.ts';
import { knowErrorMessages, type ErrorMessages } from './errors.ts';

const TEXTS: Record<'en' | 'fr', Record<string, unknown>> = { en, fr };

/** The fields a Build form sends, by the words its labels use: « Nom », not `name`. */
const FIELD_LABELS: Record<string, string> = {
  name: 'error_field_name',
  project: 'error_field_project',
  members: 'error_field_members',
  weight: 'error_field_weight',
  min: 'error_field_min',
  max: 'error_field_max',
  question: 'error_field_question',
  title: 'error_field_title',
};

/** A refused field as the console's forms name it (`phases.0.durationMs`: « Une durée »), else as the server wrote it. */
function fieldLabel(field: string): string {
  const key = field.endsWith('durationMs') ? 'error_field_duration' : FIELD_LABELS[field.split('.')[0]!];
  const text = key ? (TEXTS[getLocale()][key] ?? TEXTS.en[key]) : undefined;
  return typeof text === 'string' ? text : field;
}

/** A message's text with its {params} filled in. */
export function fill(text: string, params: ErrorParams): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

const say = (key: ErrorKey) => (params: ErrorParams) => {
  const text = TEXTS[getLocale()][key] ?? TEXTS.en[key];
  return typeof text === 'string' ? fill(text, params) : key;
};

export const ALL_ERROR_MESSAGES: ErrorMessages = Object.fromEntries(
  Object.keys(en)
    .filter((k): k is ErrorKey => k.startsWith('error_'))
    .map((k) => [k, say(k)]),
);

/**
 * A refusal's parameters with the problems it lists (a CSV file's bad lines, a request's bad
 * fields) said one by one in the page's language, in place of the English the server filled in.
 */
export function paramsWithDetails(error: Pick<ResultError, 'params' | 'details'>): ErrorParams {
  const params = error.params ?? {};
  const details = error.details;
  if (!details) return params;
  const said = details.items.map((d) => {
    const text = TEXTS[getLocale()][d.key] ?? TEXTS.en[d.key];
    const field = d.params?.field;
    return typeof text === 'string' ? fill(text, { ...d.params, ...(typeof field === 'string' ? { field: fieldLabel(field) } : {}) }) : d.key;
  });
  return { ...params, [details.param]: said.join(DETAIL_SEPARATOR[details.join][getLocale()]) };
}

knowErrorMessages(ALL_ERROR_MESSAGES, paramsWithDetails);
