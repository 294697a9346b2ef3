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

/** "16:15" in the viewer's time zone. */
export function formatTimeOfDay(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function formatDuration(ms: number): string {
  const totalMinutes = Math.round(Math.abs(ms) / 60_000);
  if (totalMinutes < 60) return `${totalMinutes} min`;
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
