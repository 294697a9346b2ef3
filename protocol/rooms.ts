// Rooms and who judges what: the one place both sides read an event's rooms,
// an agenda item's room and a juror's assigned teams from (issue 17).
// A single-stage event has no `rooms` and no assignments, and reads as one room
// whose jurors judge every team, exactly as before rooms existed.
import type { AgendaItem, Juror, Live, PodiumData, PodiumEvent, Room } from './model.ts';

/** The id of the room an event without rooms runs in. */
export const DEFAULT_ROOM_ID = 'main';

/** The event's rooms, the main one first; never empty. A default room has an empty name: pages say it in their language. */
export function roomsOf(event: Pick<PodiumEvent, 'rooms'>): Room[] {
  return event.rooms && event.rooms.length > 0 ? event.rooms : [{ id: DEFAULT_ROOM_ID, name: '' }];
}

/** The main room's id: where items without a room run. */
export function mainRoomId(event: Pick<PodiumEvent, 'rooms'>): string {
  return roomsOf(event)[0]!.id;
}

/** The room an agenda item runs in. */
export function roomIdOf(event: Pick<PodiumEvent, 'rooms'>, item: Pick<AgendaItem, 'roomId'>): string {
  return item.roomId ?? mainRoomId(event);
}

/** The agenda items of one room, in agenda order. */
export function roomAgenda(event: Pick<PodiumEvent, 'rooms' | 'agenda'>, roomId: string): AgendaItem[] {
  const main = mainRoomId(event);
  return event.agenda.filter((item) => (item.roomId ?? main) === roomId);
}

/** The room each team pitches in (its first pitch item), by team id; teams without a pitch are absent. */
export function teamRooms(event: Pick<PodiumEvent, 'rooms' | 'agenda'>): Map<string, string> {
  const main = mainRoomId(event);
  const rooms = new Map<string, string>();
  for (const item of event.agenda) {
    if (item.kind === 'pitch' && !rooms.has(item.teamId)) rooms.set(item.teamId, item.roomId ?? main);
  }
  return rooms;
}

/** Whether a juror has any assignment; without one, they judge every team. */
export function hasAssignment(juror: Pick<Juror, 'assignedRooms' | 'assignedTeams'>): boolean {
  return (juror.assignedRooms?.length ?? 0) > 0 || (juror.assignedTeams?.length ?? 0) > 0;
}

/**
 * The room whose clock and stage a juror's phone follows: their panel's (the first of their assigned rooms
 * that exists), else the room where the first of their assigned teams pitches, in agenda order, else the main room.
 */
export function jurorRoomId(event: Pick<PodiumEvent, 'rooms' | 'agenda'>, juror: Pick<Juror, 'assignedRooms' | 'assignedTeams'>): string {
  const rooms = roomsOf(event);
  const panel = juror.assignedRooms?.find((id) => rooms.some((r) => r.id === id));
  if (panel) return panel;
  const main = mainRoomId(event);
  if (juror.assignedTeams?.length) {
    const teams = new Set(juror.assignedTeams);
    for (const item of event.agenda) if (item.kind === 'pitch' && teams.has(item.teamId)) return item.roomId ?? main;
  }
  return main;
}

// ---- each room's show -------------------------------------------------------

/** A room's show before it starts: no item on stage, the clock idle, no message. */
export const idleLive = (): Live => ({
  itemIndex: -1,
  phaseIndex: 0,
  timer: { status: 'idle', durationMs: 0, endsAt: null, remainingMs: 0 },
  itemLog: {},
  message: null,
});

/** Whether the event has a room with this id. */
export const hasRoom = (event: Pick<PodiumEvent, 'rooms'>, roomId: string): boolean => roomsOf(event).some((r) => r.id === roomId);

/**
 * A room's show: the main room's is `live`, every other room's is in `roomsLive` (made when first
 * needed, so an event that gains a room needs no other step). `itemIndex` always indexes the
 * whole agenda: the item it points at is one of this room's.
 */
export function liveOf(data: Pick<PodiumData, 'event' | 'live' | 'roomsLive'>, roomId: string = mainRoomId(data.event)): Live {
  if (roomId === mainRoomId(data.event)) return data.live;
  if (!Object.hasOwn(data.roomsLive, roomId)) data.roomsLive[roomId] = idleLive();
  return data.roomsLive[roomId]!;
}

/** A room's show for reading only: never adds an entry (a projection must not change the data). */
export function peekLive(data: Pick<PodiumData, 'event' | 'live' | 'roomsLive'>, roomId: string = mainRoomId(data.event)): Live {
  if (roomId === mainRoomId(data.event)) return data.live;
  return Object.hasOwn(data.roomsLive, roomId) ? data.roomsLive[roomId]! : idleLive();
}

/** Every room's show, with its room id, the main room first. */
export function allLive(data: Pick<PodiumData, 'event' | 'live' | 'roomsLive'>): { roomId: string; live: Live }[] {
  return roomsOf(data.event).map((room) => ({ roomId: room.id, live: liveOf(data, room.id) }));
}

/** The indexes in the whole agenda of one room's items, in agenda order. */
export function roomIndexes(event: Pick<PodiumEvent, 'rooms' | 'agenda'>, roomId: string): number[] {
  const main = mainRoomId(event);
  const indexes: number[] = [];
  event.agenda.forEach((item, i) => {
    if ((item.roomId ?? main) === roomId) indexes.push(i);
  });
  return indexes;
}

/** A room's name as a page says it: the default room's empty name becomes `fallback` (a message in the page's language). */
export const roomName = (room: Room, fallback: string): string => room.name || fallback;
