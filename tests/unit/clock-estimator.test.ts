// The page's estimate of the server's clock, fed simulated pings: a local
// monotonic clock, a server clock `trueOffset` ahead of it, and delays each way.
import { describe, expect, it } from 'vitest';
import { addSample, clockStepped, estimate, slew, type ClockSample } from '../../client/src/lib/clock-estimator.ts';

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Path {
  up: () => number;
  down: () => number;
}

const fixed = (ms: number) => () => ms;
const jittery = (rand: () => number, ms: number, jitter: number) => () => ms - jitter + 2 * jitter * rand();

/** `count` pings, `gapMs` apart, starting at local time `from`; the server stamps whole milliseconds. */
function pings(path: Path, trueOffset: number, count: number, from = 1000, gapMs = 2000): ClockSample[] {
  const samples: ClockSample[] = [];
  for (let i = 0; i < count; i++) {
    const sentAt = from + i * gapMs;
    const atServer = sentAt + path.up();
    samples.push({ sentAt, serverNow: Math.floor(atServer + trueOffset), receivedAt: atServer + path.down() });
  }
  return samples;
}

function feed(samples: readonly ClockSample[], start: ClockSample[] = []): ClockSample[] {
  return samples.reduce<ClockSample[]>((kept, s) => addSample(kept, s), start);
}

const TRUE_OFFSET = 1_763_860_000_000 - 1234.5;

describe('clock estimate', () => {
  it('has nothing to say without samples', () => {
    expect(estimate([])).toBeNull();
  });

  it('is exact within a millisecond over a fast symmetric path', () => {
    const e = estimate(pings({ up: fixed(0.4), down: fixed(0.4) }, TRUE_OFFSET, 12))!;
    expect(Math.abs(e.offset - TRUE_OFFSET)).toBeLessThan(1);
    expect(e.error).toBeLessThan(1);
    expect(e.agreeing).toBe(12);
  });

  it('cannot see a constant asymmetry but says how far off it may be', () => {
    const e = estimate(pings({ up: fixed(5), down: fixed(50) }, TRUE_OFFSET, 12))!;
    expect(Math.abs(e.offset - TRUE_OFFSET)).toBeLessThanOrEqual(e.error);
    expect(e.error).toBeLessThan(30);
  });

  it('sees through a congested uplink: the quiet direction anchors the estimate', () => {
    const rand = random(7);
    const e = estimate(pings({ up: jittery(rand, 120, 100), down: fixed(20) }, TRUE_OFFSET, 24))!;
    expect(Math.abs(e.offset - TRUE_OFFSET)).toBeLessThan(12);
    expect(Math.abs(e.offset - TRUE_OFFSET)).toBeLessThanOrEqual(e.error);
  });

  it('stays within a few milliseconds behind 150 ± 60 ms of jitter each way', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rand = random(seed);
      const path = { up: jittery(rand, 150, 60), down: jittery(rand, 150, 60) };
      const e = estimate(feed(pings(path, TRUE_OFFSET, 30)))!;
      expect(Math.abs(e.offset - TRUE_OFFSET)).toBeLessThan(15);
      expect(e.rtt).toBeGreaterThanOrEqual(180);
    }
  });

  it('does better than the midpoint of the fastest round trip', () => {
    let intervalError = 0;
    let midpointError = 0;
    for (let seed = 10; seed < 40; seed++) {
      const rand = random(seed);
      const samples = pings({ up: jittery(rand, 40, 15), down: jittery(rand, 40, 15) }, TRUE_OFFSET, 24);
      intervalError += Math.abs(estimate(samples)!.offset - TRUE_OFFSET);
      const fastest = [...samples].sort((a, b) => a.receivedAt - a.sentAt - (b.receivedAt - b.sentAt))[0]!;
      midpointError += Math.abs(fastest.serverNow + 0.5 - (fastest.sentAt + fastest.receivedAt) / 2 - TRUE_OFFSET);
    }
    expect(intervalError).toBeLessThan(midpointError);
  });

  it('outvotes outliers: answers that no honest delay explains', () => {
    const rand = random(99);
    const honest = pings({ up: jittery(rand, 40, 15), down: jittery(rand, 40, 15) }, TRUE_OFFSET, 20);
    const liars = [3, 9, 15].map((i) => ({ ...honest[i]!, serverNow: honest[i]!.serverNow + (i % 2 ? 2500 : -800) }));
    const mixed = honest.map((s) => liars.find((l) => l.sentAt === s.sentAt) ?? s);
    const e = estimate(mixed)!;
    expect(Math.abs(e.offset - TRUE_OFFSET)).toBeLessThan(10);
    expect(e.agreeing).toBe(17);
  });

  it('ignores samples that cannot be right (time running backwards, missing numbers)', () => {
    const good = pings({ up: fixed(2), down: fixed(2) }, TRUE_OFFSET, 5);
    const bad: ClockSample[] = [
      { sentAt: 50, serverNow: 0, receivedAt: 40 },
      { sentAt: 60, serverNow: Number.NaN, receivedAt: 70 },
    ];
    const e = estimate([...bad, ...good])!;
    expect(e.samples).toBe(5);
    expect(Math.abs(e.offset - TRUE_OFFSET)).toBeLessThan(1.5);
  });

  it('follows a clock that jumped once the newest samples agree on it, not before', () => {
    const path = { up: fixed(3), down: fixed(3) };
    const before = feed(pings(path, TRUE_OFFSET, 10));
    // The phone slept: its monotonic clock stood still for 7 s, so the offset is now 7 s larger.
    const after = pings(path, TRUE_OFFSET + 7000, 3, 1000 + 10 * 2000);
    const oneIn = feed(after.slice(0, 1), before);
    expect(Math.abs(estimate(oneIn)!.offset - TRUE_OFFSET)).toBeLessThan(2);
    expect(clockStepped(oneIn)).toBe(false);
    const allIn = feed(after, before);
    expect(allIn).toHaveLength(3);
    expect(Math.abs(estimate(allIn)!.offset - (TRUE_OFFSET + 7000))).toBeLessThan(2);
  });

  it('is untouched by a device wall clock that is wrong by seconds: only monotonic times go in', () => {
    // Two pages on the same path, one whose Date.now() is 4 s fast: they feed the same monotonic samples.
    const samples = pings({ up: fixed(20), down: fixed(20) }, TRUE_OFFSET, 8);
    expect(estimate(samples)!.offset).toBe(estimate(samples.map((s) => ({ ...s })))!.offset);
    expect(Math.abs(estimate(samples)!.offset - TRUE_OFFSET)).toBeLessThan(1);
  });

  it('forgets samples older than two minutes, as clocks drift apart', () => {
    const kept = feed(pings({ up: fixed(1), down: fixed(1) }, TRUE_OFFSET, 100, 0, 2000));
    expect(kept.length).toBeLessThanOrEqual(40);
    expect(kept.at(-1)!.receivedAt - kept[0]!.receivedAt).toBeLessThanOrEqual(120_000);
  });
});

describe('slewing the displayed clock', () => {
  it('takes the first estimate at once', () => {
    expect(slew(null, 500, 16)).toBe(500);
  });

  it('moves at most 50 ms per second towards a better estimate', () => {
    expect(slew(0, 30, 200)).toBe(10);
    expect(slew(0, -30, 200)).toBe(-10);
    expect(slew(25, 30, 200)).toBe(30);
  });

  it('jumps to an estimate more than a second away: that is a different clock, not noise', () => {
    expect(slew(0, 4000, 16)).toBe(4000);
  });

  it('never moves backwards in time for a negative frame gap', () => {
    expect(slew(0, 30, -50)).toBe(0);
  });
});
