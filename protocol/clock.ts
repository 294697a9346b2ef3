// Clock helpers shared by the server and every screen.

export type Urgency = 'normal' | 'amber' | 'red';

/** Amber under the amber threshold, red under red and in overtime. */
export function urgency(remainingMs: number, amberMs: number, redMs: number): Urgency {
  if (remainingMs <= redMs) return 'red';
  if (remainingMs <= amberMs) return 'amber';
  return 'normal';
}

/**
 * "4:59" counting down; "+0:12" in overtime. A countdown shows a second until it
 * has fully passed (4:59.2 shows 5:00), so 0:00 appears only at the end.
 */
export function formatClock(remainingMs: number): string {
  if (remainingMs < 0) {
    const over = Math.floor(-remainingMs / 1000);
    return `+${mmss(over)}`;
  }
  return mmss(Math.ceil(remainingMs / 1000));
}

function mmss(totalSeconds: number): string {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

// Times of day and durations in words: protocol/format.ts (they need the language and the event's zone).
