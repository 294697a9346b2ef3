// When each agenda item starts at the pace the show runs now, and how late it runs.
// The server sends these times with each state, but between two states a pitch may
// run over or the clock sit paused, and nothing is sent: every page then moves the
// times on itself, with this same formula, from the agenda and the clock's anchor it
// already has. One formula, so the projector, the phones and the console agree with
// what the server would say at the same instant.
import type { Timer } from './model.ts';
import type { ScheduleDrift, ScheduledItem } from './views.ts';

/** What the formula reads of an item: the server's stored items and the pages' received ones both fit. */
export type ProjectedItem = Pick<ScheduledItem, 'item' | 'scheduledStart' | 'plannedMs' | 'log'>;

/** Where the show stands: the stored live state, or a page's state and clock anchor. */
export interface ShowPosition {
  /** The event's planned start. */
  startsAt: number;
  itemIndex: number;
  phaseIndex: number;
  /** A stored timer or a `TimerAnchor`: a running clock counts down to `endsAt`, else `remainingMs` holds. */
  timer: Pick<Timer, 'status' | 'endsAt' | 'remainingMs'>;
}

/** Time left on the clock at `now`; negative in overtime. */
export function remainingAt(timer: ShowPosition['timer'], now: number): number {
  return timer.status === 'running' && timer.endsAt !== null ? timer.endsAt - now : timer.remainingMs;
}

/**
 * What has started keeps its real start; what comes next follows the time left on
 * the clock, never less than zero: an overrun, or a pause, pushes everything after it.
 */
export function projectStarts(scheduled: readonly ProjectedItem[], at: ShowPosition, now: number): { starts: number[]; end: number } {
  const { itemIndex, phaseIndex } = at;
  const current = scheduled[itemIndex];
  const starts: number[] = [];
  let cursor: number;
  if (!current) {
    cursor = Math.max(now, at.startsAt);
  } else {
    for (const s of scheduled.slice(0, itemIndex)) starts.push(s.log?.startedAt ?? s.scheduledStart);
    starts.push(current.log?.startedAt ?? now);
    const remainingNow = Math.max(0, remainingAt(at.timer, now));
    const laterPhases = current.item.phases.slice(phaseIndex + 1).reduce((sum, p) => sum + p.durationMs, 0);
    cursor = now + remainingNow + laterPhases;
  }
  for (const s of scheduled.slice(starts.length)) {
    starts.push(cursor);
    cursor += s.plannedMs;
  }
  return { starts, end: cursor };
}

/** How far the show runs behind (positive) or ahead of its schedule, and when it ends at this pace. */
export function scheduleDrift(scheduled: readonly ProjectedItem[], at: ShowPosition, now: number): ScheduleDrift {
  const last = scheduled[scheduled.length - 1];
  const plannedEnd = last ? last.scheduledStart + last.plannedMs : at.startsAt;
  const projectedEnd = projectStarts(scheduled, at, now).end;
  return { lateMs: projectedEnd - plannedEnd, projectedEnd, plannedEnd };
}

/** The agenda with each `projectedStart` as it stands at `now`. */
export function projectAgenda<S extends ProjectedItem & { projectedStart: number }>(scheduled: readonly S[], at: ShowPosition, now: number): S[] {
  const { starts } = projectStarts(scheduled, at, now);
  return scheduled.map((s, i) => (s.projectedStart === starts[i] ? s : { ...s, projectedStart: starts[i]! }));
}

/**
 * Where a page's received state stands. A public page is not sent the event's
 * settings: its planned start is the first item's, which is the same instant
 * (and with no item there is no time to project).
 */
export function pagePosition(
  state: { agenda: readonly ProjectedItem[]; now: { itemIndex: number; phaseIndex: number } },
  timer: ShowPosition['timer'],
  startsAt = state.agenda[0]?.scheduledStart ?? 0,
): ShowPosition {
  return { startsAt, itemIndex: state.now.itemIndex, phaseIndex: state.now.phaseIndex, timer };
}
