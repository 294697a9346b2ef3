// Every client event is answered through its acknowledgement with a Result.
//
// A refusal carries a code (what kind of refusal, for code to act on), a message key with
// its parameters (what a page says, in its own language: client/src/lib/i18n/errors.ts), and
// the same text in English (for logs, tools and tests).
import { m } from './i18n.ts';

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

export interface ResultError {
  code: ErrorCode;
  /** In English, for logs and tools. A person reads `key` said in their language. */
  message: string;
  key?: ErrorKey;
  params?: ErrorParams;
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

/** A refusal for an ack: code, key, parameters and the English text. */
export function refusal(code: ErrorCode, key: ErrorKey = CODE_KEY[code], params: ErrorParams = {}): ResultError {
  return { code, key, params, message: englishError(key, params) };
}

const isErrorKey = (s: string): s is ErrorKey => s.startsWith('error_') && typeof (m as Record<string, unknown>)[s] === 'function';

/** A refusal that a person should read: raised by the domain, sent in the ack. */
export class DomainError extends Error {
  readonly key: ErrorKey;
  readonly params: ErrorParams;

  /** `key` names the message (error_…); its English text becomes the error's message. */
  constructor(code: ErrorCode, key: ErrorKey, params?: ErrorParams);
  /** A plain English message (older callers): a page says the code's own words instead. */
  constructor(code: ErrorCode, message: string);
  constructor(
    readonly code: ErrorCode,
    keyOrMessage: string,
    params: ErrorParams = {},
  ) {
    const key = isErrorKey(keyOrMessage) ? keyOrMessage : CODE_KEY[code];
    super(isErrorKey(keyOrMessage) ? englishError(key, params) : keyOrMessage);
    this.name = 'DomainError';
    this.key = key;
    this.params = params;
  }

  toResultError(): ResultError {
    return { code: this.code, key: this.key, params: this.params, message: this.message };
  }
}
