// Events per second per person: a token bucket per token, shared by every socket
// that token opens (a leaked juror link on twenty sockets gets what one phone
// gets), and one per socket for the pages without a token. A phone that taps fast
// never notices it; a script that floods is answered `rate-limited`, and if it
// keeps going its token is cut off for a while: every socket of it is
// disconnected, its new connections are refused, and nothing it still sends is
// applied, so it cannot starve the jurors beside it.
import { DomainError } from '../../protocol/result.ts';
import type { Clock } from '../domain/clock.ts';
import type { Identity, PodiumSocket } from '../types/socket.ts';
import type { Gate } from './listener.ts';

export interface RateLimitOptions {
  /** Sustained events per second. */
  perSecond: number;
  /** How many events may arrive at once (a reconnecting page replays its queue). */
  burst: number;
  /** Refused events in a row, past which the token (or token-less socket) is cut off. */
  disconnectAfter: number;
  /** How long a cut-off token stays refused. */
  cutOffMs: number;
}

const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 20, burst: 60, disconnectAfter: 100, cutOffMs: 60_000 };

// Made once: a flood must not cost a stack trace per refused event.
const SLOW_DOWN = new DomainError('rate-limited', 'error_code_rate_limited');

const secondsLeft = (waitMs: number): number => Math.max(1, Math.ceil(waitMs / 1000));

function pausedFor(waitMs: number): DomainError {
  return new DomainError('rate-limited', 'error_rate_cut_off', { seconds: secondsLeft(waitMs) });
}

interface Bucket {
  tokens: number;
  at: number;
  refusedInARow: number;
  /** Until when this bucket's owner is refused; 0 when it is not cut off. */
  cutOffUntil: number;
  cutOff: DomainError | null;
  /** What a reconnection is told while cut off, made once per whole second left (a refused handshake costs no new error). */
  pausedNotice: DomainError | null;
}

/**
 * Whose bucket a connection draws from: its token's (so a replaced juror link starts
 * afresh while the old one stays refused); null for a page without a token, which
 * gets one bucket per socket.
 */
function personOf(role: Identity['role'], token: string | undefined): string | null {
  return role === 'public' || !token ? null : `${role}:${token}`;
}

const tokenOf = (socket: PodiumSocket): string | undefined => {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
};

export class EventRateLimiter {
  private people = new Map<string, Bucket>();
  private sockets = new WeakMap<PodiumSocket, Bucket>();
  readonly options: RateLimitOptions;
  /** Cut-offs so far (a person or a token-less socket), for the record. */
  disconnected = 0;

  constructor(
    options: Partial<RateLimitOptions> = {},
    private readonly clock: Clock = { now: () => Date.now() },
    /** Told of each cut-off, after the refusal that caused it has been answered: disconnect the person's sockets. */
    private readonly onCutOff: (socket: PodiumSocket, person: string | null) => void = (socket) => void socket.disconnect(true),
  ) {
    this.options = { ...DEFAULT_RATE_LIMIT, ...options };
  }

  private bucket(socket: PodiumSocket): Bucket {
    const person = personOf(socket.data.role, tokenOf(socket));
    let bucket = person ? this.people.get(person) : this.sockets.get(socket);
    if (!bucket) {
      bucket = { tokens: this.options.burst, at: this.clock.now(), refusedInARow: 0, cutOffUntil: 0, cutOff: null, pausedNotice: null };
      if (person) this.sweep();
      if (person) this.people.set(person, bucket);
      else this.sockets.set(socket, bucket);
    }
    return bucket;
  }

  /** Tokens that were replaced would otherwise stay forever: forget full, calm buckets when many pile up. */
  private sweep(): void {
    if (this.people.size < 1_000) return;
    const now = this.clock.now();
    for (const [person, b] of this.people) {
      const full = b.tokens + ((now - b.at) / 1000) * this.options.perSecond >= this.options.burst;
      if (full && !this.cutOffRefusal(b, now)) this.people.delete(person);
    }
  }

  /** The refusal in force for this socket's person (cut off for flooding), or null. Charges nothing. */
  refusal(socket: PodiumSocket): DomainError | null {
    const bucket = this.bucket(socket);
    return this.cutOffRefusal(bucket, this.clock.now());
  }

  /** Whether a person may connect now; the reason when not. Token-less pages are never refused here. */
  admits(role: Identity['role'], token: string | undefined): DomainError | null {
    const person = personOf(role, token);
    const bucket = person ? this.people.get(person) : undefined;
    if (!bucket) return null;
    const now = this.clock.now();
    if (!this.cutOffRefusal(bucket, now)) return null;
    const seconds = secondsLeft(bucket.cutOffUntil - now);
    if (bucket.pausedNotice?.params?.seconds !== seconds) bucket.pausedNotice = pausedFor(bucket.cutOffUntil - now);
    return bucket.pausedNotice;
  }

  private cutOffRefusal(bucket: Bucket, now: number): DomainError | null {
    if (!bucket.cutOff) return null;
    if (now < bucket.cutOffUntil) return bucket.cutOff;
    // Served its time: starts again with a full bucket.
    Object.assign(bucket, { tokens: this.options.burst, at: now, refusedInARow: 0, cutOffUntil: 0, cutOff: null, pausedNotice: null });
    return null;
  }

  /** Takes one event from the socket's person's bucket; an error when there is none left or it is cut off. */
  take(socket: PodiumSocket): DomainError | null {
    const bucket = this.bucket(socket);
    const cutOff = this.cutOffRefusal(bucket, this.clock.now());
    if (cutOff) {
      // Already cut off: this socket's next events (the rest of what it sent at once) are not even
      // decoded. Its refusal is not answered; whoever holds the link learns why on reconnecting.
      if (socket.connected) socket.disconnect(true);
      return cutOff;
    }
    return this.takeFrom(bucket, () => {
      const person = personOf(socket.data.role, tokenOf(socket));
      // After the refusal has been answered, so the client learns why, but before the events
      // the person's other sockets have already sent are read: they are never decoded.
      process.nextTick(() => this.onCutOff(socket, person));
    });
  }

  /**
   * Takes one request from a token's bucket, for a request without a socket (the control
   * API over HTTP): the same bucket as that token's sockets, so a stream deck and the
   * console together get what one person gets. A cut-off token's requests are refused
   * until its time is served; there is nothing to disconnect.
   */
  takeToken(role: Exclude<Identity['role'], 'public'> | 'operator', token: string): DomainError | null {
    const person = `${role}:${token}`;
    let bucket = this.people.get(person);
    if (!bucket) {
      this.sweep();
      bucket = { tokens: this.options.burst, at: this.clock.now(), refusedInARow: 0, cutOffUntil: 0, cutOff: null, pausedNotice: null };
      this.people.set(person, bucket);
    }
    return this.takeFrom(bucket, () => {});
  }

  private takeFrom(bucket: Bucket, cutOff: () => void): DomainError | null {
    const now = this.clock.now();
    const { perSecond, burst, disconnectAfter, cutOffMs } = this.options;
    // Events already in flight when the person was cut off get no more work done.
    const refused = this.cutOffRefusal(bucket, now);
    if (refused) return refused;
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.refusedInARow = 0;
      return null;
    }
    bucket.refusedInARow += 1;
    if (bucket.refusedInARow >= disconnectAfter) {
      bucket.cutOffUntil = now + cutOffMs;
      bucket.cutOff = pausedFor(cutOffMs);
      this.disconnected += 1;
      cutOff();
    }
    return SLOW_DOWN;
  }

  get gate(): Gate {
    return (socket) => this.take(socket);
  }
}
