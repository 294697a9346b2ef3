// Every client event is answered through its acknowledgement with a Result.

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

export interface ResultError {
  code: ErrorCode;
  message: string;
}

export type Result<T = null> = { ok: true; data: T } | { ok: false; error: ResultError };

export type Ack<T = null> = (result: Result<T>) => void;

/** A refusal that a person should read: raised by the domain, sent in the ack. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
