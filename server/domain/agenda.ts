// The agenda runner: where each room's show stands, moving through it, and how late it runs.
// Pure functions over PodiumData with `now` passed in; they change `data` in place
// only after every check has passed. Every function takes a room (absent: the main
// room, the only one of a single-stage event): each room runs its own items with its
// own clock, and its `itemIndex` indexes the whole agenda (protocol/rooms.ts).
import type { AgendaItem, ItemLog, Live, PodiumData, PodiumEvent } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import type { NowShowing, ScheduleDrift, ScheduledItem } from '../../protocol/views.ts';
import { projectStarts, scheduleDrift, type ProjectedItem, type ShowPosition } from '../../protocol/projected-times.ts';
import { hasRoom, liveOf, mainRoomId, peekLive, roomIndexes, roomsOf } from '../../protocol/rooms.ts';
import { windowOf } from './scoring.ts';
import * as timer from './timer.ts';

type ShowData = Pick<PodiumData, 'event' | 'live' | 'roomsLive'>;

/** An item's log, own keys only: an id such as `__proto__` must never read or write Object.prototype. */
const logOf = (live: Pick<Live, 'itemLog'>, itemId: string): ItemLog | undefined =>
  Object.hasOwn(live.itemLog, itemId) ? live.itemLog[itemId] : undefined;

/** The room a command names (absent: the main room); refused when the event has no such room. */
export function roomOrMain(event: Pick<PodiumEvent, 'rooms'>, roomId: string | undefined | null): string {
  const id = roomId ?? mainRoomId(event);
  if (!hasRoom(event, id)) throw new DomainError('not-found', 'error_rooms_no_such_room', { room: id });
  return id;
}

/** One room's show as the runner moves it: its items (as indexes into the whole agenda) and its live state. */
interface RoomShow {
  indexes: number[];
  live: Live;
}

function show(data: ShowData, roomId: string | undefined): RoomShow {
  const id = roomOrMain(data.event, roomId);
  return { indexes: roomIndexes(data.event, id), live: liveOf(data, id) };
}

export const plannedMs = (item: AgendaItem): number => item.phases.reduce((sum, p) => sum + p.durationMs, 0);

export function itemTitle(event: PodiumEvent, item: AgendaItem): string {
  if (item.kind === 'session') return item.title;
  return event.teams.find((t) => t.id === item.teamId)?.name ?? 'Unknown team';
}

/**
 * A room's run of show: each of its items' planned start (each follows the previous one,
 * from the event's start) and its projected start at the pace the room runs now (see `projection`).
 */
export function schedule(data: ShowData, now: number, roomId?: string): ScheduledItem[] {
  const id = roomId ?? mainRoomId(data.event);
  const live = peekLive(data, id);
  let at = data.event.settings.startsAt;
  const planned = roomIndexes(data.event, id).map((i) => {
    const item = data.event.agenda[i]!;
    const scheduled: ScheduledItem = {
      item,
      title: itemTitle(data.event, item),
      scheduledStart: at,
      projectedStart: at,
      plannedMs: plannedMs(item),
      log: logOf(live, item.id) ?? null,
    };
    at += scheduled.plannedMs;
    return scheduled;
  });
  const { starts } = projection(data, now, planned, id);
  return planned.map((s, i) => ({ ...s, projectedStart: starts[i]! }));
}

/** Where a room's stored show stands, as the one projection formula reads it: its position among the room's items. */
const showPosition = (data: ShowData, roomId: string): ShowPosition => {
  const live = peekLive(data, roomId);
  return {
    startsAt: data.event.settings.startsAt,
    itemIndex: live.itemIndex < 0 ? -1 : roomIndexes(data.event, roomId).indexOf(live.itemIndex),
    phaseIndex: live.phaseIndex,
    timer: live.timer,
  };
};

/**
 * When each item of a room starts and its show ends at this pace (protocol/projected-times.ts).
 * The console's "Running 9 min late" and every public screen's times come from that
 * one formula, here at each state sent and on the pages every second between, so
 * they always agree.
 */
export function projection(data: ShowData, now: number, scheduled: readonly ProjectedItem[], roomId = mainRoomId(data.event)): { starts: number[]; end: number } {
  return projectStarts(scheduled, showPosition(data, roomId), now);
}

/** What a room shows now; `itemIndex` is the position in the room's schedule (what pages index `agenda` with). */
export function nowShowing(data: ShowData, scheduled: ScheduledItem[], roomId = mainRoomId(data.event)): NowShowing {
  const { itemIndex, phaseIndex } = showPosition(data, roomId);
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

function enter(data: PodiumData, room: RoomShow, itemIndex: number, phaseIndex: number, now: number, keepRunning: boolean): void {
  const { live } = room;
  const item = data.event.agenda[itemIndex];
  if (!item || !room.indexes.includes(itemIndex)) throw new DomainError('not-found', 'error_no_such_agenda_item');
  const phase = item.phases[phaseIndex];
  if (!phase) throw new DomainError('not-found', 'error_no_such_phase');
  const leaving = data.event.agenda[live.itemIndex];
  if (leaving && live.itemIndex !== itemIndex) {
    const log = logOf(live, leaving.id);
    if (log?.startedAt != null && log.endedAt == null) log.endedAt = now;
  }
  // A message was for the speaker of the item it was sent in ("Wrap up"), not for the next one.
  if (live.itemIndex !== itemIndex) live.message = null;
  live.itemIndex = itemIndex;
  live.phaseIndex = phaseIndex;
  live.timer = timer.idleTimer(phase.durationMs);
  if (keepRunning) start(data, room, now);
}

function start(data: PodiumData, room: RoomShow, now: number): void {
  const { live } = room;
  if (live.itemIndex < 0) {
    if (room.indexes.length === 0) throw new DomainError('conflict', 'error_agenda_empty');
    enter(data, room, room.indexes[0]!, 0, now, false);
  }
  const item = data.event.agenda[live.itemIndex];
  if (!item) throw new DomainError('not-found', 'error_agenda_past_end');
  live.timer = timer.start(live.timer, now);
  const log = logOf(live, item.id) ?? (live.itemLog[item.id] = { startedAt: null, endedAt: null });
  if (log.startedAt == null) log.startedAt = now;
  log.endedAt = null;
  if (item.kind === 'pitch' && windowOf(data, item.teamId) === 'not-open') {
    data.scoring[item.teamId] = 'open';
  }
}

/** Start (or resume) a room's clock; the first start of an item records its real start and opens its scoring. */
export function startTimer(data: PodiumData, now: number, roomId?: string): void {
  start(data, show(data, roomId), now);
}

export function pauseTimer(data: PodiumData, now: number, roomId?: string): void {
  const { live } = show(data, roomId);
  live.timer = timer.pause(live.timer, now);
}

export function toggleTimer(data: PodiumData, now: number, roomId?: string): void {
  const room = show(data, roomId);
  if (room.live.timer.status === 'running') room.live.timer = timer.pause(room.live.timer, now);
  else start(data, room, now);
}

export function adjustTimer(data: PodiumData, deltaMs: number, now: number, roomId?: string): void {
  const { live } = show(data, roomId);
  if (live.itemIndex < 0) throw new DomainError('conflict', 'error_show_not_started');
  live.timer = timer.adjust(live.timer, deltaMs, now);
}

/** Back to the phase's planned length: time added or removed along the way is dropped. */
export function restartPhase(data: PodiumData, now: number, roomId?: string): void {
  const { live } = show(data, roomId);
  const phase = data.event.agenda[live.itemIndex]?.phases[live.phaseIndex];
  if (!phase) throw new DomainError('conflict', 'error_show_not_started');
  live.timer = timer.restart(live.timer, now, phase.durationMs);
}

/** Next phase of this item (the clock keeps running), or the room's next item (its clock waits). */
export function next(data: PodiumData, now: number, roomId?: string): void {
  const room = show(data, roomId);
  const { itemIndex, phaseIndex } = room.live;
  const item = data.event.agenda[itemIndex];
  if (item && phaseIndex + 1 < item.phases.length) {
    enter(data, room, itemIndex, phaseIndex + 1, now, room.live.timer.status === 'running');
    return;
  }
  if (room.indexes.length === 0) throw new DomainError('conflict', 'error_agenda_empty');
  const after = room.indexes.find((i) => i > itemIndex);
  if (after === undefined) throw new DomainError('conflict', 'error_last_item');
  enter(data, room, after, 0, now, false);
}

/**
 * Previous phase of this item, or from its first phase the last phase of the room's
 * previous item: the undo of `next`, so a "next" pressed too early lands back
 * in the recap it left. The clock waits.
 */
export function previous(data: PodiumData, now: number, roomId?: string): void {
  const room = show(data, roomId);
  const { itemIndex, phaseIndex } = room.live;
  if (itemIndex < 0) throw new DomainError('conflict', 'error_show_not_started');
  if (phaseIndex > 0) {
    enter(data, room, itemIndex, phaseIndex - 1, now, false);
    return;
  }
  const beforeIndex = room.indexes.filter((i) => i < itemIndex).at(-1);
  const before = beforeIndex === undefined ? undefined : data.event.agenda[beforeIndex];
  if (!before || beforeIndex === undefined) throw new DomainError('conflict', 'error_first_item');
  enter(data, room, beforeIndex, before.phases.length - 1, now, false);
}

/** To an item of the room; an item of another room is refused (each room runs its own). */
export function jump(data: PodiumData, itemId: string, now: number, roomId?: string): void {
  const room = show(data, roomId);
  const index = data.event.agenda.findIndex((i) => i.id === itemId);
  if (index < 0) throw new DomainError('not-found', 'error_no_such_agenda_item');
  if (!room.indexes.includes(index)) throw new DomainError('conflict', 'error_rooms_item_elsewhere');
  enter(data, room, index, 0, now, false);
}

/**
 * With auto-advance on, a pitch phase that reaches 0:00 moves by itself to the
 * next phase, anchored on the instant the pitch ended (not on when we noticed).
 * Every room at once. Returns whether anything changed.
 */
export function autoAdvance(data: PodiumData, now: number): boolean {
  let changed = false;
  for (const { id } of roomsOf(data.event)) {
    if (!isRoomDue(data, now, id)) continue;
    const room = show(data, id);
    enter(data, room, room.live.itemIndex, 1, room.live.timer.endsAt!, true);
    changed = true;
  }
  return changed;
}

/** Whether `autoAdvance` would change anything now; reads only, so a ticker can ask it cheaply. */
export function isDueToAutoAdvance(data: Readonly<PodiumData>, now: number): boolean {
  if (!data.event.settings.autoAdvanceToRecap) return false;
  return roomsOf(data.event).some((room) => isRoomDue(data, now, room.id));
}

function isRoomDue(data: Readonly<PodiumData>, now: number, roomId: string): boolean {
  if (!data.event.settings.autoAdvanceToRecap) return false;
  const live = peekLive(data, roomId);
  const item = data.event.agenda[live.itemIndex];
  const t = live.timer;
  if (item?.kind !== 'pitch' || live.phaseIndex !== 0 || t.status !== 'running' || t.endsAt === null) return false;
  return t.endsAt <= now && item.phases.length >= 2;
}

/** How far a room's show runs ahead of or behind its schedule, and when it will end at this pace. */
export function drift(data: ShowData, now: number, scheduled?: ScheduledItem[], roomId = mainRoomId(data.event)): ScheduleDrift {
  return scheduleDrift(scheduled ?? schedule(data, now, roomId), showPosition(data, roomId), now);
}
