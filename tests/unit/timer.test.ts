import { describe, expect, it } from 'vitest';
import { LIMITS, Timer } from '../../protocol/model.ts';
import { adjust, idleTimer, isOvertime, pause, remainingAt, restart, start, toggle } from '../../server/domain/timer.ts';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

describe('the phase timer', () => {
  it('an idle timer holds the full phase', () => {
    const t = idleTimer(5 * MIN);
    expect(t).toEqual({ status: 'idle', durationMs: 5 * MIN, endsAt: null, remainingMs: 5 * MIN });
    expect(remainingAt(t, T0 + 99_999)).toBe(5 * MIN);
  });

  it('runs from an anchor: endsAt is when it reaches 0:00', () => {
    const t = start(idleTimer(5 * MIN), T0);
    expect(t.status).toBe('running');
    expect(t.endsAt).toBe(T0 + 5 * MIN);
    expect(remainingAt(t, T0 + 1_000)).toBe(5 * MIN - 1_000);
    expect(start(t, T0 + 7_000)).toBe(t);
  });

  it('pause keeps what was left and resume carries on from there', () => {
    const running = start(idleTimer(5 * MIN), T0);
    const paused = pause(running, T0 + 20_000);
    expect(paused).toMatchObject({ status: 'paused', endsAt: null, remainingMs: 5 * MIN - 20_000 });
    // Time passing while paused changes nothing.
    expect(remainingAt(paused, T0 + 10 * MIN)).toBe(5 * MIN - 20_000);
    const resumed = start(paused, T0 + 60_000);
    expect(resumed.endsAt).toBe(T0 + 60_000 + 5 * MIN - 20_000);
    expect(remainingAt(resumed, T0 + 70_000)).toBe(5 * MIN - 30_000);
    expect(pause(paused, T0 + 99_000)).toBe(paused);
  });

  it('toggle alternates start and pause', () => {
    const a = toggle(idleTimer(MIN), T0);
    expect(a.status).toBe('running');
    const b = toggle(a, T0 + 10_000);
    expect(b).toMatchObject({ status: 'paused', remainingMs: 50_000 });
    expect(toggle(b, T0 + 20_000)).toMatchObject({ status: 'running', endsAt: T0 + 70_000 });
  });

  it('runs on past 0:00 into overtime', () => {
    const t = start(idleTimer(5 * MIN), T0);
    expect(isOvertime(t, T0 + 5 * MIN)).toBe(false);
    expect(remainingAt(t, T0 + 5 * MIN + 12_000)).toBe(-12_000);
    expect(isOvertime(t, T0 + 5 * MIN + 1)).toBe(true);
    const paused = pause(t, T0 + 5 * MIN + 12_000);
    expect(paused.remainingMs).toBe(-12_000);
  });

  it('adds and removes time while running, moving the anchor and the length', () => {
    const t = start(idleTimer(5 * MIN), T0);
    const more = adjust(t, 30_000, T0 + MIN);
    expect(more.endsAt).toBe(T0 + 5 * MIN + 30_000);
    expect(more.durationMs).toBe(5 * MIN + 30_000);
    expect(remainingAt(more, T0 + MIN)).toBe(4 * MIN + 30_000);
    const less = adjust(more, -MIN, T0 + MIN);
    expect(remainingAt(less, T0 + MIN)).toBe(3 * MIN + 30_000);
    expect(less.durationMs).toBe(4 * MIN + 30_000);
  });

  it('adds and removes time while paused and while idle', () => {
    const paused = pause(start(idleTimer(5 * MIN), T0), T0 + MIN);
    expect(adjust(paused, MIN, T0 + 2 * MIN)).toMatchObject({ status: 'paused', remainingMs: 5 * MIN, durationMs: 6 * MIN });
    expect(adjust(paused, -30_000, T0 + 2 * MIN)).toMatchObject({ status: 'paused', remainingMs: 3 * MIN + 30_000 });
    expect(adjust(idleTimer(MIN), 30_000, T0)).toMatchObject({ status: 'idle', remainingMs: 90_000, durationMs: 90_000 });
  });

  it('removing time stops at 0:00 and does not invent overtime', () => {
    const t = start(idleTimer(MIN), T0);
    const cut = adjust(t, -MIN, T0 + 40_000);
    expect(remainingAt(cut, T0 + 40_000)).toBe(0);
    expect(cut.endsAt).toBe(T0 + 40_000);
    const over = adjust(t, -30_000, T0 + 70_000);
    expect(remainingAt(over, T0 + 70_000)).toBe(-10_000);
  });

  it('adding time in overtime comes back from overtime', () => {
    const t = start(idleTimer(MIN), T0);
    expect(remainingAt(adjust(t, 30_000, T0 + 72_000), T0 + 72_000)).toBe(18_000);
  });

  it('keeps the length within what the store accepts', () => {
    let t = idleTimer(LIMITS.maxDurationMs - 10_000);
    t = adjust(t, MIN, T0);
    expect(Timer.safeParse(t).success).toBe(true);
    t = adjust(idleTimer(10_000), -MIN, T0);
    expect(t.durationMs).toBe(0);
    expect(Timer.safeParse(t).success).toBe(true);
  });

  it('restart goes back to the full length and keeps running if it was', () => {
    const running = adjust(start(idleTimer(5 * MIN), T0), MIN, T0);
    const again = restart(running, T0 + 2 * MIN, 5 * MIN);
    expect(again).toMatchObject({ status: 'running', durationMs: 5 * MIN, endsAt: T0 + 7 * MIN });
    const paused = pause(running, T0 + MIN);
    expect(restart(paused, T0 + 3 * MIN)).toEqual(idleTimer(6 * MIN));
  });
});
