// The agenda runner: where the show stands, moving through it, and how late it runs.
// Pure functions over PodiumData with `now` passed in; they change `data` in place
// only after every check has passed.
import type { AgendaItem, ItemLog, PodiumData, PodiumEvent } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import type { NowShowing, ScheduleDrift, ScheduledItem } from '../../protocol/views.ts';
import { projectStarts, scheduleDrift, type ProjectedItem, type ShowPosition } from '../../protocol/projected-times.ts';
import { windowOf } from './scoring.ts';
import * as timer from './timer.ts';

/** An item's log, own keys only: an id such as `__proto__` must never read or write Object.prototype. */
const logOf = (data: Pick<PodiumData, 'live'>, itemId: string): ItemLog | undefined =>
  Object.hasOwn(data.live.itemLog, itemId) ? data.live.itemLog[itemId] : undefined;

export const plannedMs = (item: AgendaItem): number => item.phases.reduce((sum, p) => sum + p.durationMs, 0);

export function itemTitle(event: PodiumEvent, item: AgendaItem): string {
  if (item.kind === 'session') return item.title;
  return event.teams.find((t) => t.id === item.teamId)?.name ?? 'Unknown team';
}

/**
 * The run of show: each item's planned start (each follows the previous one) and
 * its projected start at the pace the show runs now (see `projection`).
 */
export function schedule(data: Pick<PodiumData, 'event' | 'live'>, now: number): ScheduledItem[] {
  let at = data.event.settings.startsAt;
  const planned = data.event.agenda.map((item) => {
    const scheduled: ScheduledItem = {
      item,
      title: itemTitle(data.event, item),
      scheduledStart: at,
      projectedStart: at,
      plannedMs: plannedMs(item),
      log: logOf(data, item.id) ?? null,
    };
    at += scheduled.plannedMs;
    return scheduled;
  });
  const { starts } = projection(data, now, planned);
  return planned.map((s, i) => ({ ...s, projectedStart: starts[i]! }));
}

/** Where the stored show stands, as the one projection formula reads it. */
const showPosition = (data: Pick<PodiumData, 'event' | 'live'>): ShowPosition => ({
  startsAt: data.event.settings.startsAt,
  itemIndex: data.live.itemIndex,
  phaseIndex: data.live.phaseIndex,
  timer: data.live.timer,
});

/**
 * When each item starts and the show ends at this pace (protocol/projected-times.ts).
 * The console's "Running 9 min late" and every public screen's times come from that
 * one formula, here at each state sent and on the pages every second between, so
 * they always agree.
 */
export function projection(
  data: Pick<PodiumData, 'event' | 'live'>,
  now: number,
  scheduled: readonly ProjectedItem[],
): { starts: number[]; end: number } {
  return projectStarts(scheduled, showPosition(data), now);
}

export function nowShowing(data: Pick<PodiumData, 'event' | 'live'>, scheduled: ScheduledItem[]): NowShowing {
  const { itemIndex, phaseIndex } = data.live;
  const current = scheduled[itemIndex] ?? null;
  const team =
    current?.item.kind === 'pitch' ? (data.event.teams.find((t) => t.id === (current.item as { teamId: string }).teamId) ?? null) : null;
  const category = team?.categoryId ? (data.event.categories.find((c) => c.id === team.categoryId) ?? null) : null;
  return {
    itemIndex,
    phaseIndex,
    item: current,
    team,
    category,
    phaseName: current?.item.phases[phaseIndex]?.name ?? null,
    next: scheduled[itemIndex + 1] ?? null,
  };
}

function enter(data: PodiumData, itemIndex: number, phaseIndex: number, now: number, keepRunning: boolean): void {
  const item = data.event.agenda[itemIndex];
  if (!item) throw new DomainError('not-found', 'error_no_such_agenda_item');
  const phase = item.phases[phaseIndex];
  if (!phase) throw new DomainError('not-found', 'error_no_such_phase');
  const leaving = data.event.agenda[data.live.itemIndex];
  if (leaving && data.live.itemIndex !== itemIndex) {
    const log = logOf(data, leaving.id);
    if (log?.startedAt != null && log.endedAt == null) log.endedAt = now;
  }
  // A message was for the speaker of the item it was sent in ("Wrap up"), not for the next one.
  if (data.live.itemIndex !== itemIndex) data.live.message = null;
  data.live.itemIndex = itemIndex;
  data.live.phaseIndex = phaseIndex;
  data.live.timer = timer.idleTimer(phase.durationMs);
  if (keepRunning) startTimer(data, now);
}

/** Start (or resume) the clock; the first start of an item records its real start and opens its scoring. */
export function startTimer(data: PodiumData, now: number): void {
  if (data.live.itemIndex < 0) {
    if (data.event.agenda.length === 0) throw new DomainError('conflict', 'error_agenda_empty');
    enter(data, 0, 0, now, false);
  }
  const item = data.event.agenda[data.live.itemIndex];
  if (!item) throw new DomainError('not-found', 'error_agenda_past_end');
  data.live.timer = timer.start(data.live.timer, now);
  const log = logOf(data, item.id) ?? (data.live.itemLog[item.id] = { startedAt: null, endedAt: null });
  if (log.startedAt == null) log.startedAt = now;
  log.endedAt = null;
  if (item.kind === 'pitch' && windowOf(data, item.teamId) === 'not-open') {
    data.scoring[item.teamId] = 'open';
  }
}

export function pauseTimer(data: PodiumData, now: number): void {
  data.live.timer = timer.pause(data.live.timer, now);
}

export function toggleTimer(data: PodiumData, now: number): void {
  if (data.live.timer.status === 'running') pauseTimer(data, now);
  else startTimer(data, now);
}

export function adjustTimer(data: PodiumData, deltaMs: number, now: number): void {
  if (data.live.itemIndex < 0) throw new DomainError('conflict', 'error_show_not_started');
  data.live.timer = timer.adjust(data.live.timer, deltaMs, now);
}

/** Back to the phase's planned length: time added or removed along the way is dropped. */
export function restartPhase(data: PodiumData, now: number): void {
  const phase = data.event.agenda[data.live.itemIndex]?.phases[data.live.phaseIndex];
  if (!phase) throw new DomainError('conflict', 'error_show_not_started');
  data.live.timer = timer.restart(data.live.timer, now, phase.durationMs);
}

/** Next phase of this item (the clock keeps running), or the next item (its clock waits). */
export function next(data: PodiumData, now: number): void {
  const { itemIndex, phaseIndex } = data.live;
  const item = data.event.agenda[itemIndex];
  if (item && phaseIndex + 1 < item.phases.length) {
    enter(data, itemIndex, phaseIndex + 1, now, data.live.timer.status === 'running');
    return;
  }
  if (data.event.agenda.length === 0) throw new DomainError('conflict', 'error_agenda_empty');
  if (itemIndex + 1 >= data.event.agenda.length) throw new DomainError('conflict', 'error_last_item');
  enter(data, itemIndex + 1, 0, now, false);
}

/**
 * Previous phase of this item, or from its first phase the last phase of the
 * previous item: the undo of `next`, so a "next" pressed too early lands back
 * in the recap it left. The clock waits.
 */
export function previous(data: PodiumData, now: number): void {
  const { itemIndex, phaseIndex } = data.live;
  if (itemIndex < 0) throw new DomainError('conflict', 'error_show_not_started');
  if (phaseIndex > 0) {
    enter(data, itemIndex, phaseIndex - 1, now, false);
    return;
  }
  const before = data.event.agenda[itemIndex - 1];
  if (!before) throw new DomainError('conflict', 'error_first_item');
  enter(data, itemIndex - 1, before.phases.length - 1, now, false);
}

export function jump(data: PodiumData, itemId: string, now: number): void {
  const index = data.event.agenda.findIndex((i) => i.id === itemId);
  if (index < 0) throw new DomainError('not-found', 'error_no_such_agenda_item');
  enter(data, index, 0, now, false);
}

/**
 * With auto-advance on, a pitch phase that reaches 0:00 moves by itself to the
 * next phase, anchored on the instant the pitch ended (not on when we noticed).
 * Returns whether anything changed.
 */
export function autoAdvance(data: PodiumData, now: number): boolean {
  if (!isDueToAutoAdvance(data, now)) return false;
  enter(data, data.live.itemIndex, 1, data.live.timer.endsAt!, true);
  return true;
}

/** Whether `autoAdvance` would change anything now; reads only, so a ticker can ask it cheaply. */
export function isDueToAutoAdvance(data: Readonly<PodiumData>, now: number): boolean {
  if (!data.event.settings.autoAdvanceToRecap) return false;
  const item = data.event.agenda[data.live.itemIndex];
  const t = data.live.timer;
  if (item?.kind !== 'pitch' || data.live.phaseIndex !== 0 || t.status !== 'running' || t.endsAt === null) return false;
  return t.endsAt <= now && item.phases.length >= 2;
}

/** How far the show runs ahead of or behind its schedule, and when it will end at this pace. */
export function drift(data: PodiumData, now: number, scheduled = schedule(data, now)): ScheduleDrift {
  return scheduleDrift(scheduled, showPosition(data), now);
}
