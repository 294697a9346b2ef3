// Benchmark 7 at a tiny size, so it cannot rot: finite figures, its table, and
// a patch that is smaller than the whole state it replaces. Nothing timed is asserted.
import { describe, expect, it } from 'vitest';
import { organiserStreamBench, organiserStreamTable } from '../../bench/organiser-stream.ts';

describe('benchmark 7 at a tiny size', () => {
  it('measures what a score costs the console at two sizes', () => {
    const rows = organiserStreamBench([[3, 2], [12, 3]], 3, 1);
    for (const r of rows) {
      expect([r.snapshotBytes, r.patchBytesP50, r.patchBytesMax, r.patchServerMs, r.wholeBytes, r.wholeServerMs, r.consoleApplyMs].every(Number.isFinite)).toBe(true);
      expect(r.patchBytesMax).toBeLessThan(r.wholeBytes / 4);
    }
    const lines = organiserStreamTable(rows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^\| 3 × 2 \|/);
  });
});
