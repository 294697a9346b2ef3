// Every client event is answered through its acknowledgement with a Result.
//
// A refusal carries a code (what kind of refusal, for code to act on), a message key with
// its parameters (what a page says, in its own language: client/src/lib/i18n/errors.ts), and
// the same text in English (for logs, tools and tests).
import { m } from './i18n.ts';
import { DETAIL_SEPARATOR } from './issues.ts';

export type ErrorCode =
  | 'bad-request'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'closed'
  | 'stale'
  | 'limit'
  | 'storage'
  | 'rate-limited'
  | 'internal';

/** A message of messages/*.json that says a refusal: `error_…`. */
export type ErrorKey = Extract<keyof typeof m, `error_${string}`>;

/** A refusal's parameters: names, numbers and counts, already language-neutral. */
export type ErrorParams = Record<string, string | number>;

/** One of the problems a refusal lists (a CSV file's bad lines, a request's bad fields): a message and its parameters. */
export interface ErrorDetail {
  key: ErrorKey;
  params: ErrorParams;
}

/**
 * The problems a refusal lists, said one by one: they fill the parameter `param` of the
 * refusal's message, one a line or one after another. `params[param]` holds them in English
 * too (for logs, tools and a page that cannot say them).
 */
export interface ErrorDetails {
  param: string;
  join: 'lines' | 'list';
  items: ErrorDetail[];
}

export interface ResultError {
  code: ErrorCode;
  /** In English, for logs and tools. A person reads `key` said in their language. */
  message: string;
  key?: ErrorKey;
  params?: ErrorParams;
  details?: ErrorDetails;
}

export type Result<T = null> = { ok: true; data: T } | { ok: false; error: ResultError };

export type Ack<T = null> = (result: Result<T>) => void;

/** What each code says when there are no better words: the key a page falls back on. */
export const CODE_KEY = {
  'bad-request': 'error_code_bad_request',
  forbidden: 'error_code_forbidden',
  'not-found': 'error_code_not_found',
  conflict: 'error_code_conflict',
  closed: 'error_code_closed',
  stale: 'error_code_stale',
  limit: 'error_code_limit',
  storage: 'error_code_storage',
  'rate-limited': 'error_code_rate_limited',
  internal: 'error_code_internal',
} as const satisfies Record<ErrorCode, ErrorKey>;

type Say = (params: ErrorParams, options: { locale: 'en' | 'fr' }) => string;

/** The refusal in English, from the same message the pages say in French. Server side only (all the messages). */
export function englishError(key: ErrorKey, params: ErrorParams = {}): string {
  return (m[key] as unknown as Say)(params, { locale: 'en' });
}

/** The parameters with the listed problems filled in, in English. */
function withEnglishDetails(params: ErrorParams, details: ErrorDetails | undefined): ErrorParams {
  if (!details) return params;
  return { ...params, [details.param]: details.items.map((d) => englishError(d.key, d.params)).join(DETAIL_SEPARATOR[details.join].en) };
}

/** A refusal for an ack: code, key, parameters (and the problems it lists) and the English text. */
export function refusal(code: ErrorCode, key: ErrorKey = CODE_KEY[code], params: ErrorParams = {}, details?: ErrorDetails): ResultError {
  const filled = withEnglishDetails(params, details);
  return { code, key, params: filled, message: englishError(key, filled), ...(details ? { details } : {}) };
}

const isErrorKey = (s: string): s is ErrorKey => s.startsWith('error_') && typeof (m as Record<string, unknown>)[s] === 'function';

/** A refusal that a person should read: raised by the domain, sent in the ack. */
export class DomainError extends Error {
  readonly key: ErrorKey;
  readonly params: ErrorParams;
  readonly details: ErrorDetails | undefined;

  /** `key` names the message (error_…); its English text becomes the error's message. `details`: the problems it lists. */
  constructor(code: ErrorCode, key: ErrorKey, params?: ErrorParams, details?: ErrorDetails);
  /** A plain English message (older callers): a page says the code's own words instead. */
  constructor(code: ErrorCode, message: string);
  constructor(
    readonly code: ErrorCode,
    keyOrMessage: string,
    params: ErrorParams = {},
    details?: ErrorDetails,
  ) {
    const key = isErrorKey(keyOrMessage) ? keyOrMessage : CODE_KEY[code];
    const filled = withEnglishDetails(params, details);
    super(isErrorKey(keyOrMessage) ? englishError(key, filled) : keyOrMessage);
    this.name = 'DomainError';
    this.key = key;
    this.params = filled;
    this.details = details;
  }

  toResultError(): ResultError {
    return { code: this.code, key: this.key, params: this.params, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}
