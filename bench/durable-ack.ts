// Benchmark 2: jurors submitting at once, each waiting for the acknowledgement
// that their score is on the disk itself (fdatasync'd in the change log), at
// events of growing size, all scored, with the organiser's console open; against
// the floor: an fdatasync'd append of a record of the same size, alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchChild } from './lib/rpc.ts';
import { machineNow, max, median, percentile } from './lib/stats.ts';
import type { Started } from './server-child.ts';

export interface DurableAckOptions {
  /** Event sizes, teams × jurors (and rooms running, each with its panel and projector); every juror has scored every team they judge, with a note, before the run. */
  sizes: readonly DurableAckShape[];
  /** How many of the jurors submit at once (the same at every size, so that only the event's size changes). */
  scoring: number;
  perJuror: number;
  /**
   * Scores each scoring juror sends first, unmeasured, at every size alike: the server's code is
   * warm when the measured burst starts (a small event's server is otherwise measured in its first
   * second, compiling as it answers, while a big one's has just seeded and served its watchers).
   */
  warmUp?: number;
  runs: number;
  distDir: string;
  /** The organiser's console open during the run (the default, and the target's condition); false shows the store's own share. */
  console?: boolean;
}

export interface DurableAckShape {
  teams: number;
  jurors: number;
  /** Rooms running at once, each juror on one room's panel (bench/lib/seed.ts); absent: one room, every juror every team. */
  rooms?: number;
}

export interface DurableAckSize {
  console: boolean;
  teams: number;
  jurors: number;
  rooms?: number;
  scoring: number;
  perJuror: number;
  /** Medians over runs. */
  podium: { p50: number; p99: number };
  /** Each run's p99, in run order. */
  p99ByRun: number[];
  floor: { p50: number; p99: number };
  /** Change-log bytes per score (record, its share of the frame), median over runs. */
  recordBytes: number;
  /** podium.json at the start of a run (the snapshot, the audit log beside it not counted). */
  snapshotBytes: number;
  /** Server CPU time per score (ms), median over runs. */
  serverCpuPerScore: number;
  /** The longest the server's event loop was held up during a run (ms), the worst run. */
  serverLoopStall: number;
  /**
   * After the run, the log folded into podium.json (what the store does once the log is quiet for 2 s):
   * the longest the server's event loop was held up meanwhile (ms), the worst run. The compaction runs in
   * a worker thread; the main thread only rotates the log.
   */
  compactionStall: number;
  /** How long that compaction took (ms), median over runs. */
  compactionMs: number;
}

export interface DurableAckResult {
  sizes: DurableAckSize[];
  /**
   * Each run's p99 at the last size over its p99 at the first. A run measures every size one after
   * the other, so a ratio compares sizes measured within a minute of each other, on the same
   * machine's load; the growth reported is the median of these.
   */
  growthByRun: number[];
}

/** The floor: append `bytes` to a file and fdatasync it, `count` times, one after the other, with nothing else going on. */
async function syncedAppends(bytes: number, count: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-append-'));
  const handle = await open(join(dir, 'podium.log'), 'a');
  const record = Buffer.alloc(Math.max(1, Math.round(bytes)), 'x');
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const start = machineNow();
      await handle.write(record);
      await handle.datasync();
      times.push(machineNow() - start);
    }
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

/** One run at one size: a fresh server seeded at that size, a measured burst, the compaction after it, then the floor. */
interface RunFigures {
  p50: number;
  p99: number;
  floorP50: number;
  floorP99: number;
  cpuPerScore: number;
  loopStall: number;
  compactionStall: number;
  compactionMs: number;
  recordBytes: number;
  snapshotBytes: number;
}

async function measureRun(size: DurableAckShape, options: DurableAckOptions): Promise<RunFigures> {
  const scoring = Math.min(options.scoring, size.jurors);
  const server = BenchChild.start('server-child.ts', 'podium server');
  const jury = BenchChild.start('juror-child.ts', 'jurors');
  // The jurors who only watch (their phones open) in a process of their own: each is a phone of its own
  // in a real room, so their parsing of what they are sent must not delay the scoring jurors' acks.
  const watchers = size.jurors > scoring ? BenchChild.start('juror-child.ts', 'watching jurors') : null;
  let figures: Omit<RunFigures, 'floorP50' | 'floorP99'>;
  try {
    const started = await server.call<Started>('start', { mode: 'podium', jurors: size.jurors, teams: size.teams, rooms: size.rooms, scored: true, distDir: options.distDir });
    const url = `http://127.0.0.1:${started.port}`;
    if (watchers) {
      await watchers.call('connect', { url, tokens: started.jurorTokens.slice(scoring), teamIds: started.teamIds, criterionIds: started.criterionIds }, 600_000);
    }
    await jury.call('connect', {
      url,
      tokens: started.jurorTokens.slice(0, scoring),
      teamIds: started.teamIds,
      criterionIds: started.criterionIds,
      organiserToken: options.console === false ? undefined : started.organiserToken || undefined,
      firstRevision: 2,
      teamsByJuror: started.teamsByJuror.slice(0, scoring),
      // Each room's projector open, so each room's public state is made and sent.
      screenRooms: started.roomIds,
    }, 600_000);
    if (options.warmUp) await jury.call('burst', { perJuror: options.warmUp, jurors: scoring }, 900_000);
    const before = await server.call<{ snapshot: number; log: number }>('storeBytes');
    const cpuBefore = await server.call<number>('cpu');
    await server.call('loopDelay');
    // BENCH_BURST_PROFILE=dir: a CPU profile of the server during the measured burst alone, per size and run.
    const profileDir = process.env.BENCH_BURST_PROFILE;
    if (profileDir) await server.call('profileStart');
    const latencies = await jury.call<number[]>('burst', { perJuror: options.perJuror, jurors: scoring }, 900_000);
    if (profileDir) await server.call('profileStop', { file: join(profileDir, `durable-${size.teams}x${size.jurors}-${Date.now()}.cpuprofile`) });
    const cpuPerScore = ((await server.call<number>('cpu')) - cpuBefore) / latencies.length;
    const loopStall = (await server.call<{ max: number }>('loopDelay')).max;
    const after = await server.call<{ snapshot: number; log: number }>('storeBytes');
    const compacted = await server.call<{ ms: number; stall: number }>('compact', {}, 600_000);
    figures = {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      cpuPerScore,
      loopStall,
      compactionStall: compacted.stall,
      compactionMs: compacted.ms,
      recordBytes: (after.log - before.log) / latencies.length,
      snapshotBytes: before.snapshot,
    };
  } finally {
    await server.call('stop').catch(() => undefined);
    await Promise.all([server.stop(), jury.stop(), watchers?.stop()]);
  }
  const appends = await syncedAppends(figures.recordBytes, scoring * options.perJuror);
  return { ...figures, floorP50: percentile(appends, 50), floorP99: percentile(appends, 99) };
}

/** One size's runs, summed up: medians over runs, the worst stalls. */
function summary(size: DurableAckShape, runs: RunFigures[], options: DurableAckOptions): DurableAckSize {
  const of = (pick: (r: RunFigures) => number) => runs.map(pick);
  return {
    ...size,
    console: options.console !== false,
    scoring: Math.min(options.scoring, size.jurors),
    perJuror: options.perJuror,
    podium: { p50: median(of((r) => r.p50)), p99: median(of((r) => r.p99)) },
    p99ByRun: of((r) => r.p99),
    floor: { p50: median(of((r) => r.floorP50)), p99: median(of((r) => r.floorP99)) },
    recordBytes: median(of((r) => r.recordBytes)),
    snapshotBytes: runs.at(-1)!.snapshotBytes,
    serverCpuPerScore: median(of((r) => r.cpuPerScore)),
    serverLoopStall: max(of((r) => r.loopStall)),
    compactionStall: max(of((r) => r.compactionStall)),
    compactionMs: median(of((r) => r.compactionMs)),
  };
}

/**
 * Runs are the outer loop and sizes the inner one: each run measures every size, smallest first, so
 * that the machine's load, which drifts over minutes on a shared box, weighs on the sizes of a run
 * alike, and each run's ratio of the last size to the first is a comparison made under one load.
 */
export async function durableAck(options: DurableAckOptions): Promise<DurableAckResult> {
  // Smallest first, whatever order they were given in: the growth is the biggest over the smallest.
  const ordered = [...options.sizes].sort((a, b) => a.teams * a.jurors - b.teams * b.jurors);
  const runs: RunFigures[][] = ordered.map(() => []);
  for (let run = 0; run < options.runs; run++) {
    for (const [i, size] of ordered.entries()) runs[i]!.push(await measureRun(size, options));
  }
  const sizes = ordered.map((size, i) => summary(size, runs[i]!, options));
  const first = runs[0] ?? [];
  const last = runs.at(-1) ?? [];
  return { sizes, growthByRun: first.map((r, run) => last[run]!.p99 / r.p99) };
}
