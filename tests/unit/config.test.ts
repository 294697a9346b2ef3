// PODIUM_COMPACT_IDLE_MS: how long the change log must stay quiet before the store compacts it
// (the crash tests' child servers set it short, so their kills need not wait out 2 s each time).
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';

describe('PODIUM_COMPACT_IDLE_MS', () => {
  it('is the store’s own 2 s when unset or empty, and a whole number of milliseconds above 0 when set', () => {
    expect(readConfig({}, []).compactIdleMs).toBeUndefined();
    expect(readConfig({ PODIUM_COMPACT_IDLE_MS: '' }, []).compactIdleMs).toBeUndefined();
    expect(readConfig({ PODIUM_COMPACT_IDLE_MS: '300' }, []).compactIdleMs).toBe(300);
    for (const wrong of ['0', '-5', '1.5', '2s', 'soon']) {
      expect(() => readConfig({ PODIUM_COMPACT_IDLE_MS: wrong }, []), wrong).toThrow(`PODIUM_COMPACT_IDLE_MS must be a whole number of milliseconds above 0, not "${wrong}"`);
    }
  });
});
