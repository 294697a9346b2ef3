// A fan-out node's estimate of the primary's clock, made as the pages make theirs: ask the
// primary its time, note the round trip on this machine's monotonic clock, and trust the
// sample with the shortest round trip among the recent ones (its error is at most half of it).
// Pure: the node feeds it samples and reads `now()`.

export interface ClockSample {
  /** performance.now() when the question left and when the answer came. */
  sentAt: number;
  receivedAt: number;
  /** The primary's Date.now() in its answer. */
  primaryNow: number;
}

/** Samples kept: a minute at one every few seconds, so a slow spell ages out. */
const KEEP = 16;

export class PrimaryClock {
  private samples: { rtt: number; offset: number }[] = [];

  constructor(private readonly mono: () => number = () => performance.now()) {}

  get synced(): boolean {
    return this.samples.length > 0;
  }

  /** The round trip of the sample in use (ms), or Infinity before any. */
  get rtt(): number {
    return this.best()?.rtt ?? Infinity;
  }

  add(sample: ClockSample): void {
    const rtt = sample.receivedAt - sample.sentAt;
    if (!(rtt >= 0)) return;
    // The primary's time at the local instant halfway through the round trip.
    this.samples.push({ rtt, offset: sample.primaryNow - (sample.sentAt + rtt / 2) });
    if (this.samples.length > KEEP) this.samples.shift();
  }

  private best(): { rtt: number; offset: number } | undefined {
    let best: { rtt: number; offset: number } | undefined;
    for (const s of this.samples) if (!best || s.rtt < best.rtt) best = s;
    return best;
  }

  /** The primary's Date.now() as of now; this machine's own before the first sample. */
  now(): number {
    const best = this.best();
    return best ? Math.round(this.mono() + best.offset) : Date.now();
  }
}
