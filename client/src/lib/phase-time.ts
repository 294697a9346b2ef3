// The one place a page turns the phase's anchor into time left: the countdown's
// digits and colour and the progress bar's length all come from here, at the
// page's estimate of the server's now (ServerClock.now).
import { urgency, type Urgency } from '../../../protocol/clock.ts';
import type { TimerAnchor } from '../../../protocol/views.ts';

export interface PhaseTime {
  /** Time left (ms); below zero in overtime. */
  remaining: number;
  /** The countdown's colour; a phase not started yet is never amber or red. */
  level: Urgency;
  /** How much of the phase has gone, from 0 to 1. */
  used: number;
}

/** Time left of the phase at server time `now`: a running phase counts down to its end, any other holds still. */
export function remainingAt(anchor: TimerAnchor, now: number): number {
  return anchor.status === 'running' && anchor.endsAt !== null ? anchor.endsAt - now : anchor.remainingMs;
}

export function phaseTime(anchor: TimerAnchor, now: number): PhaseTime {
  const remaining = remainingAt(anchor, now);
  return {
    remaining,
    level: anchor.status === 'idle' ? 'normal' : urgency(remaining, anchor.amberMs, anchor.redMs),
    used: anchor.durationMs <= 0 ? 1 : Math.min(1, Math.max(0, 1 - remaining / anchor.durationMs)),
  };
}
