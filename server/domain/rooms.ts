// Rooms (issue 17): add, rename and remove an event's rooms, each room host's link,
// and keeping every room's show on its item while the agenda is edited. A single-stage
// event has no `rooms`; its first added room makes the default one explicit, named in
// the event's language, so nothing that ran before moves. Plain functions, `now` passed in.
import type { Payload } from '../../protocol/events.ts';
import { m } from '../../protocol/i18n.ts';
import { LIMITS, type PodiumData, type Room } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { allLive, DEFAULT_ROOM_ID, idleLive, mainRoomId, roomAgenda, roomsOf } from '../../protocol/rooms.ts';
import { roomOrMain } from './agenda.ts';
import { newId, newToken } from './ids.ts';

const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** The event's rooms as a list it owns: the default room made explicit, named in the event's language. */
function ownRooms(data: PodiumData): Room[] {
  if (!data.event.rooms || data.event.rooms.length === 0) {
    data.event.rooms = [{ id: DEFAULT_ROOM_ID, name: m.rooms_default_name({}, { locale: data.event.settings.language }) }];
  }
  return data.event.rooms;
}

/** Adds a room (no id) or renames one; returns its id. */
export function saveRoom(data: PodiumData, input: Payload<'room:save'>): string {
  const name = input.name.trim();
  if (input.id !== undefined) roomOrMain(data.event, input.id);
  const rooms = ownRooms(data);
  if (rooms.some((r) => r.id !== input.id && same(r.name, name))) throw new DomainError('conflict', 'error_rooms_name_taken', { name });
  if (input.id !== undefined) {
    rooms.find((r) => r.id === input.id)!.name = name;
    return input.id;
  }
  if (rooms.length >= LIMITS.rooms) throw new DomainError('limit', 'error_rooms_limit', { max: LIMITS.rooms });
  let id = newId();
  while (rooms.some((r) => r.id === id)) id = newId();
  rooms.push({ id, name });
  return id;
}

/**
 * Removes a room: never the last, never one with agenda items (they move first). Removing the
 * main room makes the next one main: its show becomes `live`.
 */
export function removeRoom(data: PodiumData, id: string): void {
  roomOrMain(data.event, id);
  const rooms = roomsOf(data.event);
  if (rooms.length <= 1) throw new DomainError('conflict', 'error_rooms_last_room');
  const room = rooms.find((r) => r.id === id)!;
  const items = roomAgenda(data.event, id).length;
  if (items > 0) throw new DomainError('conflict', 'error_rooms_room_has_items', { room: room.name, count: items });
  if (id === mainRoomId(data.event)) {
    // The next room becomes the main one: its show moves to `live`.
    const next = rooms[1]!.id;
    data.live = Object.hasOwn(data.roomsLive, next) ? data.roomsLive[next]! : idleLive();
    delete data.roomsLive[next];
  }
  data.event.rooms = rooms.filter((r) => r.id !== id);
  delete data.roomsLive[id];
  delete data.roomHostTokens[id];
}

/** A fresh host link for a room in place of any previous one, which stops working at once. */
export function newHostToken(data: PodiumData, roomId: string): string {
  roomOrMain(data.event, roomId);
  const taken = (token: string) =>
    token === data.organiserToken || token === data.operatorToken || data.event.jurors.some((j) => j.token === token) || Object.values(data.roomHostTokens).includes(token);
  let token = newToken();
  while (taken(token)) token = newToken();
  data.roomHostTokens[roomId] = token;
  return token;
}

export function revokeHostToken(data: PodiumData, roomId: string): void {
  roomOrMain(data.event, roomId);
  delete data.roomHostTokens[roomId];
}

/** The item on stage in each room, by item id, before an agenda edit. */
export type OnStage = { roomId: string; itemId: string | null }[];

export function onStage(data: PodiumData): OnStage {
  return allLive(data).map(({ roomId, live }) => ({ roomId, itemId: data.event.agenda[live.itemIndex]?.id ?? null }));
}

/** After an agenda edit, each room other than the main one points again at the item it had on stage (the main room's show is kept by the builder itself). */
export function repointRooms(data: PodiumData, before: OnStage): void {
  const main = mainRoomId(data.event);
  for (const { roomId, itemId } of before) {
    if (roomId === main || !Object.hasOwn(data.roomsLive, roomId)) continue;
    const live = data.roomsLive[roomId]!;
    const index = itemId === null ? -1 : data.event.agenda.findIndex((i) => i.id === itemId);
    live.itemIndex = index;
    if (index < 0) live.phaseIndex = 0;
    const item = data.event.agenda[index];
    if (item && live.phaseIndex >= item.phases.length) live.phaseIndex = item.phases.length - 1;
  }
}

/** Which room's show has this item on stage, if any. */
export function roomOnStage(data: PodiumData, itemId: string): { roomId: string; phaseIndex: number } | null {
  for (const { roomId, live } of allLive(data)) if (data.event.agenda[live.itemIndex]?.id === itemId) return { roomId, phaseIndex: live.phaseIndex };
  return null;
}
