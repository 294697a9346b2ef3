// A refusal said in the page's language. The server sends a code, a message key and its
// parameters (protocol/result.ts); this says the key in the current locale.
//
// The juror page must stay small, so this module knows only the refusals a juror can meet
// (and one sentence per code for the rest). The organiser console imports
// ./error-messages.ts, which adds every other error message. Explicit maps, never m[key]:
// a dynamic lookup would bundle every message into every page.
import { getLocale, m } from '../../../../protocol/i18n.ts';
import type { ErrorCode, ErrorKey, ErrorParams, ResultError } from '../../../../protocol/result.ts';

type Say = (params: ErrorParams) => string;
export type ErrorMessages = Partial<Record<ErrorKey, unknown>>;

const BY_CODE: Record<ErrorCode, () => string> = {
  'bad-request': m.error_code_bad_request,
  forbidden: m.error_code_forbidden,
  'not-found': m.error_code_not_found,
  conflict: m.error_code_conflict,
  closed: m.error_code_closed,
  stale: m.error_code_stale,
  limit: m.error_code_limit,
  storage: m.error_code_storage,
  'rate-limited': m.error_code_rate_limited,
  internal: m.error_code_internal,
};

/**
 * What a juror can meet while scoring from the page (its form never sends an unknown
 * criterion, a mark out of range or a reused op id: those get the code's sentence).
 */
const JUROR: ErrorMessages = {
  error_offline: m.error_offline,
  error_no_answer: m.error_no_answer,
  error_rate_cut_off: m.error_rate_cut_off,
  error_too_many_pages: m.error_too_many_pages,
  error_link_not_valid: m.error_link_not_valid,
  error_juror_link_invalid: m.error_juror_link_invalid,
  error_conflict_of_interest: m.error_conflict_of_interest,
  error_panels_not_assigned: m.error_panels_not_assigned,
  error_scoring_not_open: m.error_scoring_not_open,
  error_scoring_closed: m.error_scoring_closed,
  error_stale_score: m.error_stale_score,
};

let known: ErrorMessages = JUROR;
type Refusal = Pick<ResultError, 'code' | 'message'> & Partial<Pick<ResultError, 'key' | 'params' | 'details'>>;
const plainParams = (error: Refusal): ErrorParams => error.params ?? {};
let paramsOf = plainParams;

/** The organiser console's full set, and how it says the problems a refusal lists (see error-messages.ts). */
export function knowErrorMessages(all: ErrorMessages, withDetails = plainParams): void {
  known = { ...all, ...JUROR };
  paramsOf = withDetails;
}

/**
 * The refusal in the page's language: its own message when this page knows the key, else
 * the code's sentence. A refusal without a key (made in the page, or by an older server)
 * keeps its English words on an English page.
 */
export function errorText(error: Refusal): string {
  const say = error.key ? (known[error.key] as Say | undefined) : undefined;
  if (say) return say(paramsOf(error));
  if (!error.key && getLocale() === 'en') return error.message;
  return (BY_CODE[error.code] ?? BY_CODE.internal)();
}
