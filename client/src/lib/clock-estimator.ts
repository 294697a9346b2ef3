// Estimates the server's clock from ping round trips. Pure: the caller passes
// local times from a monotonic clock (performance.now()), so a device clock
// that is wrong, or jumps while the page is open, does not matter.

export interface ClockSample {
  /** Local monotonic time the ping was sent. */
  sentAt: number;
  /** The server's clock when it answered (epoch ms). */
  serverNow: number;
  /** Local monotonic time the answer arrived. */
  receivedAt: number;
}

export interface Estimate {
  /** serverTime ≈ localMonotonic + offset */
  offset: number;
  /** Round trip of the best sample; half of it bounds the error. */
  rtt: number;
  samples: number;
}

export const sampleOffset = (s: ClockSample): number => s.serverNow - (s.sentAt + s.receivedAt) / 2;
export const sampleRtt = (s: ClockSample): number => s.receivedAt - s.sentAt;

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The offset from the fastest round trips: a fast round trip leaves little room
 * for asymmetric delay, so its midpoint is closest to the truth. Among the
 * fastest quarter (at least three), the median offset, so one odd sample
 * (an outlier) does not move the estimate.
 */
export function estimate(samples: readonly ClockSample[]): Estimate | null {
  const valid = samples.filter((s) => s.receivedAt >= s.sentAt && Number.isFinite(s.serverNow));
  if (!valid.length) return null;
  const byRtt = [...valid].sort((a, b) => sampleRtt(a) - sampleRtt(b));
  const keep = byRtt.slice(0, Math.max(3, Math.ceil(byRtt.length / 4)));
  const fastest = sampleRtt(keep[0]!);
  // Samples far slower than the fastest carry more asymmetry than information.
  const close = keep.filter((s) => sampleRtt(s) <= fastest * 2 + 4);
  return { offset: median(close.map(sampleOffset)), rtt: fastest, samples: valid.length };
}

/**
 * Moves the displayed offset towards the estimate gently (at most `maxSlewPerSecond`
 * ms of correction per second of elapsed time), so the countdown never jumps back
 * and forth; a difference above `jumpAboveMs` is a real change and is taken at once.
 */
export function slew(current: number | null, target: number, elapsedMs: number, maxSlewPerSecond = 50, jumpAboveMs = 1000): number {
  if (current === null) return target;
  const diff = target - current;
  if (Math.abs(diff) > jumpAboveMs) return target;
  const step = (maxSlewPerSecond * Math.max(0, elapsedMs)) / 1000;
  return Math.abs(diff) <= step ? target : current + Math.sign(diff) * step;
}

/** Keeps the most recent samples, at most `limit`. */
export function addSample(samples: readonly ClockSample[], sample: ClockSample, limit = 24): ClockSample[] {
  const next = [...samples, sample];
  return next.length > limit ? next.slice(next.length - limit) : next;
}
