// The timer of the current phase, as pure functions of (timer, now).
// Running timers are anchored on `endsAt`, so a restart of the server resumes the same clock.
import { LIMITS, type Timer } from '../../protocol/model.ts';
import { remainingAt } from '../../protocol/projected-times.ts';

export const idleTimer = (durationMs: number): Timer => ({
  status: 'idle',
  durationMs,
  endsAt: null,
  remainingMs: durationMs,
});

// Remaining time at `now` (negative in overtime): the same formula the pages project times with.
export { remainingAt };

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

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * Add (or with a negative delta, remove) time, running or not. Removing time stops
 * at 0:00 rather than inventing overtime nobody spoke, and the phase's length
 * follows the change so that the progress bar stays true.
 */
export function adjust(timer: Timer, deltaMs: number, now: number): Timer {
  const before = remainingAt(timer, now);
  const after = deltaMs >= 0 ? before + deltaMs : Math.max(before + deltaMs, Math.min(before, 0));
  const applied = after - before;
  // The stored length is bounded by the schema; a store that refuses to reopen would lose the show.
  const durationMs = clamp(timer.durationMs + applied, 0, LIMITS.maxDurationMs);
  if (timer.status === 'running' && timer.endsAt !== null) {
    return { ...timer, durationMs, endsAt: timer.endsAt + applied, remainingMs: after };
  }
  return { ...timer, durationMs, remainingMs: after };
}

/** Back to the full length of the phase (`durationMs`, by default the current one), keeping whether it runs. */
export function restart(timer: Timer, now: number, durationMs = timer.durationMs): Timer {
  const fresh = idleTimer(durationMs);
  return timer.status === 'running' ? start(fresh, now) : fresh;
}

export const isOvertime = (timer: Timer, now: number): boolean => remainingAt(timer, now) < 0;
