// What a bench server process holds: resident memory without the room V8 keeps free. After a
// collection V8 keeps free pages, and free space within pages, from earlier garbage in every
// space, more or less of it by the timing of its collections, not by what the process holds
// (bench/report.ts section 5).
import { getHeapSpaceStatistics } from 'node:v8';

/** V8's resident bytes not taken by live objects (physical size minus used size), in every space (the young generation's included). */
export function v8Slack(): number {
  return getHeapSpaceStatistics().reduce((n, space) => n + Math.max(0, space.physical_space_size - space.space_used_size), 0);
}

/** Resident memory minus V8's free room, after full garbage collections (with --expose-gc), in bytes. */
export function heldMemory(): number {
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss - v8Slack();
}

/** The median of three held-memory readings 200 ms apart (bench/fanout.ts). */
export async function heldMemoryMedian(): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 200));
    readings.push(heldMemory());
  }
  return readings.sort((a, b) => a - b)[1]!;
}
