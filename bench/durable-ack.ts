// Benchmark 2: jurors all submitting at once, each waiting for the acknowledgement
// that their score is on disk; against writing a file of the same size atomically.
import { mkdtempSync, rmSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchChild } from './lib/rpc.ts';
import { machineNow, median, percentile } from './lib/stats.ts';
import type { Started } from './server-child.ts';

export interface DurableAckOptions {
  jurors: number;
  perJuror: number;
  runs: number;
  distDir: string;
}

export interface DurableAckResult {
  jurors: number;
  perJuror: number;
  /** Medians over runs. */
  podium: { p50: number; p99: number };
  baseline: { p50: number; p99: number };
  fileBytes: number;
  /** Server CPU time per score (ms), median over runs. */
  serverCpuPerScore: number;
  /** The longest the server's event loop was held up during a run (ms), median over runs. */
  serverLoopStall: number;
}

/** The floor: write temp, rename, as steno does, with nothing else going on. */
async function atomicWrites(bytes: number, count: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-write-'));
  const file = join(dir, 'podium.json');
  const content = Buffer.alloc(bytes, 'x');
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const start = machineNow();
      await writeFile(`${file}.tmp`, content);
      await rename(`${file}.tmp`, file);
      times.push(machineNow() - start);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

export async function durableAck(options: DurableAckOptions): Promise<DurableAckResult> {
  const podium = { p50: [] as number[], p99: [] as number[] };
  const baseline = { p50: [] as number[], p99: [] as number[] };
  const cpuPerScore: number[] = [];
  const loopStalls: number[] = [];
  let fileBytes = 0;
  for (let run = 0; run < options.runs; run++) {
    const server = BenchChild.start('server-child.ts', 'podium server');
    const jury = BenchChild.start('juror-child.ts', 'jurors');
    try {
      const started = await server.call<Started>('start', { mode: 'podium', jurors: options.jurors, distDir: options.distDir });
      await jury.call('connect', { url: `http://127.0.0.1:${started.port}`, tokens: started.jurorTokens, teamIds: started.teamIds, criterionIds: started.criterionIds, organiserToken: started.organiserToken || undefined });
      const cpuBefore = await server.call<number>('cpu');
      await server.call('loopDelay');
      const latencies = await jury.call<number[]>('burst', { perJuror: options.perJuror });
      cpuPerScore.push(((await server.call<number>('cpu')) - cpuBefore) / latencies.length);
      loopStalls.push((await server.call<{ max: number }>('loopDelay')).max);
      podium.p50.push(percentile(latencies, 50));
      podium.p99.push(percentile(latencies, 99));
      fileBytes = await server.call<number>('dataFileBytes');
    } finally {
      await server.call('stop').catch(() => undefined);
      await Promise.all([server.stop(), jury.stop()]);
    }
    const writes = await atomicWrites(fileBytes, Math.min(300, options.jurors * options.perJuror));
    baseline.p50.push(percentile(writes, 50));
    baseline.p99.push(percentile(writes, 99));
  }
  return {
    jurors: options.jurors,
    perJuror: options.perJuror,
    podium: { p50: median(podium.p50), p99: median(podium.p99) },
    baseline: { p50: median(baseline.p50), p99: median(baseline.p99) },
    fileBytes,
    serverCpuPerScore: median(cpuPerScore),
    serverLoopStall: median(loopStalls),
  };
}
