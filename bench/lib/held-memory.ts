// What a bench server process holds: resident memory without V8's free pages. V8 keeps pages
// from earlier garbage in every space after a collection, more or fewer by the timing of its
// collections, not by what the process holds (bench/report.ts section 5).
import { getHeapSpaceStatistics } from 'node:v8';

/** V8's resident pages that hold no live object, in every space (the young generation's included), in bytes. */
export function v8Slack(): number {
  return getHeapSpaceStatistics().reduce((n, space) => n + Math.max(0, space.physical_space_size - space.space_used_size), 0);
}

/** Resident memory minus V8's free pages, after full garbage collections (with --expose-gc), in bytes. */
export function heldMemory(): number {
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss - v8Slack();
}
