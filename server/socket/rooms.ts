// Socket.IO room names, built in one place: whoever joins a socket to a room and
// whoever sends to it must agree on the name.
import type { Role } from '../../protocol/views.ts';

export const rooms = {
  public: 'public',
  organiser: 'organiser',
  /** Every page open with one juror's link. */
  juror: (jurorId: string): string => `juror:${jurorId}`,
  /** The public pages (projector, stage monitor, overlay, audience) of one of the event's rooms (issue 17). */
  show: (roomId: string): string => `show:${roomId}`,
  /** The consoles open with one room's host link. */
  host: (roomId: string): string => `host:${roomId}`,
  /** The jurors' phones that follow one room's clock and stage (their panel's room: protocol/rooms.ts jurorRoomId). */
  jurors: (roomId: string): string => `jurors:${roomId}`,
} as const;

/**
 * The rooms a socket of this role joins: a public page its event room's show as well as
 * `public` (what every public page gets alike), a room host its room's, a juror the jurors' of the room they follow.
 */
export function roomsOf(role: Role, jurorId: string | null, roomId: string | null | undefined): string[] {
  if (role === 'juror' && jurorId) return roomId ? [rooms.juror(jurorId), rooms.jurors(roomId)] : [rooms.juror(jurorId)];
  if (role === 'organiser') return [rooms.organiser];
  if (role === 'host' && roomId) return [rooms.host(roomId)];
  return roomId ? [rooms.public, rooms.show(roomId)] : [rooms.public];
}

/** The room a socket of this role joins (the first of `roomsOf`). */
export const roomOf = (role: Role, jurorId: string | null, roomId?: string | null): string => roomsOf(role, jurorId, roomId)[0]!;
