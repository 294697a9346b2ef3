// Estimates the server's clock from ping round trips. Pure: the caller passes
// local times from a monotonic clock (performance.now()), so a device clock
// that is wrong, or jumps while the page is open, does not matter.
//
// Each ping bounds the offset from both sides: the server answered after the
// ping left and before the answer arrived, so
//   serverNow - receivedAt <= offset <= serverNow - sentAt (+ the server clock's resolution).
// Intersecting these intervals combines the fastest way out of one ping with
// the fastest way back of another, which beats any single "lowest round trip"
// sample when delays jitter, and is not fooled by a path slower one way than
// the other as long as some pings got through quickly each way. The largest
// set of mutually consistent intervals wins (Marzullo's algorithm), so an
// outlier (a wrong answer, a clock step) is outvoted instead of trusted.

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
  /** Half the width of the consistent range: the estimate is off by at most this much. */
  error: number;
  /** Round trip of the fastest sample. */
  rtt: number;
  /** How many samples agree with the estimate. */
  agreeing: number;
  samples: number;
}

/** The server stamps whole milliseconds: its true time is up to 1 ms after `serverNow`. */
const SERVER_RESOLUTION_MS = 1;

export const sampleOffset = (s: ClockSample): number => s.serverNow - (s.sentAt + s.receivedAt) / 2;
export const sampleRtt = (s: ClockSample): number => s.receivedAt - s.sentAt;

const low = (s: ClockSample) => s.serverNow - s.receivedAt;
const high = (s: ClockSample) => s.serverNow + SERVER_RESOLUTION_MS - s.sentAt;

const isValid = (s: ClockSample) =>
  Number.isFinite(s.sentAt) && Number.isFinite(s.receivedAt) && Number.isFinite(s.serverNow) && s.receivedAt >= s.sentAt;

/** The range of offsets consistent with the most samples, and how many they are. */
function marzullo(samples: readonly ClockSample[]): { from: number; to: number; count: number } {
  // Ends sort before starts at the same value so touching intervals do not count as overlapping twice.
  const edges = samples.flatMap((s) => [
    { at: low(s), step: 1 },
    { at: high(s), step: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let count = 0;
  let best = { from: edges[0]!.at, to: edges[0]!.at, count: 0 };
  for (let i = 0; i < edges.length; i++) {
    count += edges[i]!.step;
    if (count > best.count) best = { from: edges[i]!.at, to: edges[i + 1]?.at ?? edges[i]!.at, count };
  }
  return best;
}

/**
 * The offset at the middle of the range that the most samples agree on.
 * `null` until there is a sample.
 */
export function estimate(samples: readonly ClockSample[]): Estimate | null {
  const valid = samples.filter(isValid);
  if (!valid.length) return null;
  const range = marzullo(valid);
  return {
    offset: (range.from + range.to) / 2,
    error: (range.to - range.from) / 2,
    rtt: Math.min(...valid.map(sampleRtt)),
    agreeing: range.count,
    samples: valid.length,
  };
}

/**
 * Whether the newest samples tell of a new clock: the last `recent` all agree
 * with each other but none with the estimate from everything before them (the
 * server's clock was stepped, or this device slept and its monotonic clock
 * stopped). Then the old samples are worthless and must go.
 */
export function clockStepped(samples: readonly ClockSample[], recent = 3): boolean {
  const valid = samples.filter(isValid);
  if (valid.length < recent * 2) return false;
  const older = estimate(valid.slice(0, -recent));
  const newer = valid.slice(-recent);
  if (!older) return false;
  const disagree = newer.every((s) => older.offset < low(s) - older.error || older.offset > high(s) + older.error);
  return disagree && marzullo(newer).count === recent;
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

/**
 * Keeps the samples worth keeping: at most `limit`, none older than `maxAgeMs`
 * (clocks drift apart by a few parts per million, so old bounds go stale), and
 * only the new ones once the clock is seen to have stepped.
 */
export function addSample(samples: readonly ClockSample[], sample: ClockSample, limit = 40, maxAgeMs = 120_000): ClockSample[] {
  let next = [...samples, sample].filter((s) => sample.receivedAt - s.receivedAt <= maxAgeMs);
  if (next.length > limit) next = next.slice(next.length - limit);
  if (clockStepped(next)) next = next.slice(-3);
  return next;
}
