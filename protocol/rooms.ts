// Rooms and who judges what: the one place both sides read an event's rooms,
// an agenda item's room and a juror's assigned teams from (issue 17).
// A single-stage event has no `rooms` and no assignments, and reads as one room
// whose jurors judge every team, exactly as before rooms existed.
import type { AgendaItem, Juror, PodiumEvent, Room } from './model.ts';

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
