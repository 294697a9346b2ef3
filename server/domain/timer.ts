// The timer of the current phase, as pure functions of (timer, now).
// Running timers are anchored on `endsAt`, so a restart of the server resumes the same clock.
import type { Timer } from '../../protocol/model.ts';

export const idleTimer = (durationMs: number): Timer => ({
  status: 'idle',
  durationMs,
  endsAt: null,
  remainingMs: durationMs,
});

/** Remaining time at `now`; negative means overtime. */
export function remainingAt(timer: Timer, now: number): number {
  return timer.status === 'running' && timer.endsAt !== null ? timer.endsAt - now : timer.remainingMs;
}

export function start(timer: Timer, now: number): Timer {
  if (timer.status === 'running') return timer;
  return { ...timer, status: 'running', endsAt: now + timer.remainingMs, remainingMs: timer.remainingMs };
}

export function pause(timer: Timer, now: number): Timer {
  if (timer.status !== 'running') return timer;
  return { ...timer, status: 'paused', endsAt: null, remainingMs: remainingAt(timer, now) };
}

export function toggle(timer: Timer, now: number): Timer {
  return timer.status === 'running' ? pause(timer, now) : start(timer, now);
}

/** Add (or with a negative delta, remove) time, running or not. */
export function adjust(timer: Timer, deltaMs: number, now: number): Timer {
  if (timer.status === 'running' && timer.endsAt !== null) {
    return { ...timer, endsAt: timer.endsAt + deltaMs, remainingMs: remainingAt(timer, now) + deltaMs };
  }
  return { ...timer, remainingMs: timer.remainingMs + deltaMs };
}

/** Back to the full duration of the phase, keeping whether it runs. */
export function restart(timer: Timer, now: number): Timer {
  const fresh = idleTimer(timer.durationMs);
  return timer.status === 'running' ? start(fresh, now) : fresh;
}

export const isOvertime = (timer: Timer, now: number): boolean => remainingAt(timer, now) < 0;
