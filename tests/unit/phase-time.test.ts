// The countdown and the progress bar read the phase's time left from one function.
import { describe, expect, it } from 'vitest';
import { phaseTime, remainingAt } from '../../client/src/lib/phase-time.ts';
import type { TimerAnchor } from '../../protocol/views.ts';

const anchor = (over: Partial<TimerAnchor>): TimerAnchor => ({
  status: 'running',
  endsAt: 100_000,
  remainingMs: 0,
  durationMs: 300_000,
  serverNow: 0,
  seq: 1,
  amberMs: 60_000,
  redMs: 30_000,
  ...over,
});

describe('phaseTime', () => {
  it('a running phase counts down to its end at the given server time', () => {
    expect(remainingAt(anchor({ endsAt: 100_000 }), 40_000)).toBe(60_000);
    expect(phaseTime(anchor({ endsAt: 100_000 }), 40_000)).toEqual({ remaining: 60_000, level: 'amber', used: 0.8 });
    expect(phaseTime(anchor({ endsAt: 100_000 }), 105_000)).toEqual({ remaining: -5_000, level: 'red', used: 1 });
  });

  it('a paused or idle phase holds its remaining time whatever the clock says', () => {
    expect(phaseTime(anchor({ status: 'paused', endsAt: null, remainingMs: 20_000 }), 999_999)).toEqual({ remaining: 20_000, level: 'red', used: 0.9333333333333333 });
    // Not started: never coloured, however short.
    expect(phaseTime(anchor({ status: 'idle', endsAt: null, remainingMs: 10_000, durationMs: 10_000 }), 5)).toEqual({ remaining: 10_000, level: 'normal', used: 0 });
  });

  it('a phase without a length is all used', () => {
    expect(phaseTime(anchor({ status: 'idle', endsAt: null, remainingMs: 0, durationMs: 0 }), 0).used).toBe(1);
  });
});
