// Benchmark 4: five screens, some with clocks wrong by seconds, asked for the
// server's time at the same machine instants: how far apart they are, and how
// far from the server's own clock.
import { BenchChild } from './lib/rpc.ts';
import { machineNow, max, median, percentile, sleep } from './lib/stats.ts';
import type { Started } from './server-child.ts';

export interface OneClockOptions {
  /** One screen per skew (ms). */
  skews: number[];
  runs: number;
  /** Readings per run, 100 ms apart. */
  instants: number;
  warmupMs: number;
  distDir: string;
}

export interface OneClockResult {
  screens: number;
  skews: number[];
  readings: number;
  /** Medians over runs (ms). */
  spreadP50: number;
  spreadP99: number;
  errorP50: number;
  errorP99: number;
  errorMax: number;
}

/** Wall clock minus machine clock, to the sub-millisecond: found where Date.now() ticks over. */
export function wallMinusMachine(): number {
  const diffs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const start = Date.now();
    let wall = start;
    let machine = 0;
    while (wall === start) {
      machine = machineNow();
      wall = Date.now();
    }
    diffs.push(wall - machine);
  }
  return median(diffs);
}

export async function oneClock(options: OneClockOptions): Promise<OneClockResult> {
  const server = BenchChild.start('server-child.ts', 'podium server');
  const screens = options.skews.map((_, i) => BenchChild.start('screen-child.ts', `screen ${i + 1}`));
  try {
    const started = await server.call<Started>('start', { mode: 'podium', jurors: 4, distDir: options.distDir });
    const url = `http://127.0.0.1:${started.port}`;
    await Promise.all(screens.map((s, i) => s.call('connect', { url, skewMs: options.skews[i] })));
    await sleep(options.warmupMs);
    const spreads: { p50: number[]; p99: number[] } = { p50: [], p99: [] };
    const errors: { p50: number[]; p99: number[]; max: number[] } = { p50: [], p99: [], max: [] };
    let readings = 0;
    for (let run = 0; run < options.runs; run++) {
      const offset = wallMinusMachine();
      const start = machineNow() + 300;
      const instants = Array.from({ length: options.instants }, (_, i) => start + i * 100);
      const all = await Promise.all(screens.map((s) => s.call<number[]>('readAt', { instants })));
      const runSpreads: number[] = [];
      const runErrors: number[] = [];
      instants.forEach((at, i) => {
        const values = all.map((r) => r[i]!);
        runSpreads.push(Math.max(...values) - Math.min(...values));
        // The server's clock is Date.now() in its process: the machine's wall clock.
        for (const v of values) runErrors.push(Math.abs(v - (at + offset)));
      });
      readings += runSpreads.length;
      spreads.p50.push(percentile(runSpreads, 50));
      spreads.p99.push(percentile(runSpreads, 99));
      errors.p50.push(percentile(runErrors, 50));
      errors.p99.push(percentile(runErrors, 99));
      errors.max.push(max(runErrors));
      await sleep(500);
    }
    return {
      screens: screens.length,
      skews: options.skews,
      readings,
      spreadP50: median(spreads.p50),
      spreadP99: median(spreads.p99),
      errorP50: median(errors.p50),
      errorP99: median(errors.p99),
      errorMax: max(errors.max),
    };
  } finally {
    await server.call('stop').catch(() => undefined);
    await Promise.all([server, ...screens].map((c) => c.stop()));
  }
}
