// bench/console-derivation.ts at a tiny size, so it cannot rot: finite figures and its table.
// Nothing timed is asserted.
import { describe, expect, it } from 'vitest';
import { consoleDerivationBench, consoleDerivationTable } from '../../bench/console-derivation.ts';

describe('the console derivation benchmark at a tiny size', () => {
  it('times patches before and now at two sizes', () => {
    const rows = consoleDerivationBench([[3, 2], [12, 3]], 4, 2);
    for (const r of rows) {
      expect([r.beforeMs, r.beforeCpuMs, r.firstMs, r.afterMs, r.afterCpuMs].every(Number.isFinite)).toBe(true);
      expect([r.beforePatches, r.afterPatches]).toEqual([2, 3]);
    }
    const lines = consoleDerivationTable(rows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^\| 12 × 3 \|/);
  });
});
