// Events per second per socket: a token bucket each. A phone that taps fast
// never notices it; a script that floods is answered `rate-limited`, and if it
// keeps going it is disconnected, so it cannot starve the jurors beside it.
import { DomainError } from '../../protocol/result.ts';
import type { Clock } from '../broadcaster.ts';
import type { Gate, PodiumSocket } from './listener.ts';

export interface RateLimitOptions {
  /** Sustained events per second. */
  perSecond: number;
  /** How many events may arrive at once (a reconnecting page replays its queue). */
  burst: number;
  /** Refused events in a row, past which the socket is disconnected. */
  disconnectAfter: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 20, burst: 60, disconnectAfter: 100 };

// Made once: a flood must not cost a stack trace per refused event.
const SLOW_DOWN = new DomainError('rate-limited', 'Too many requests at once: slow down and try again in a moment.');
const CUT_OFF = new DomainError('rate-limited', 'Disconnected for sending too many requests.');

interface Bucket {
  tokens: number;
  at: number;
  refusedInARow: number;
  cutOff: boolean;
}

export class EventRateLimiter {
  private buckets = new WeakMap<object, Bucket>();
  readonly options: RateLimitOptions;
  /** Sockets disconnected for flooding, for the record. */
  disconnected = 0;

  constructor(
    options: Partial<RateLimitOptions> = {},
    private readonly clock: Clock = { now: () => Date.now() },
    /** Told of each socket cut off, so its address can be made to wait before it reconnects. */
    private readonly onCutOff: (socket: PodiumSocket) => void = () => undefined,
  ) {
    this.options = { ...DEFAULT_RATE_LIMIT, ...options };
  }

  /** Takes one event from the socket's bucket; an error when there is none left. */
  take(socket: PodiumSocket): DomainError | null {
    const now = this.clock.now();
    const { perSecond, burst, disconnectAfter } = this.options;
    let bucket = this.buckets.get(socket);
    if (!bucket) {
      bucket = { tokens: burst, at: now, refusedInARow: 0, cutOff: false };
      this.buckets.set(socket, bucket);
    }
    // Events already in flight when the socket was cut off get no more work done.
    if (bucket.cutOff) return CUT_OFF;
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.refusedInARow = 0;
      return null;
    }
    bucket.refusedInARow += 1;
    if (bucket.refusedInARow >= disconnectAfter) {
      bucket.cutOff = true;
      this.disconnected += 1;
      this.onCutOff(socket);
      // After the refusal below has been answered, so the client learns why.
      setImmediate(() => socket.disconnect(true));
    }
    return SLOW_DOWN;
  }

  get gate(): Gate {
    return (socket) => this.take(socket);
  }
}
