// The largest message each role may send. Socket.IO's own cap (maxHttpBufferSize)
// is one number for everyone, sized for the organiser's imports; an audience
// page that may only ask the time must not make the server parse megabytes.
// Checked on the raw frame, before it is parsed: an oversize one closes its
// socket and is never decoded.
import type { Role } from '../../protocol/views.ts';
import type { PodiumSocket } from '../types/socket.ts';

/** Bytes per message, by role. A score with a 2,000-character note of emoji stays under the juror's. */
export const MESSAGE_BYTES_BY_ROLE: Record<Role, number> = {
  public: 1_000,
  juror: 16_000,
  /** A stage message, the largest a room host sends. */
  host: 4_000,
  /** A team CSV of 1,000,000 characters, accented: event files go over HTTP instead. */
  organiser: 3_100_000,
};

interface EnginePacket {
  type: string;
  data?: unknown;
}

/** An engine connection, as its 'packet' listeners see it (`this`). */
type Connection = PodiumSocket['conn'];
type SizeCheck = (this: Connection, packet: EnginePacket) => void;

/**
 * The Socket.IO socket each engine connection carries (one: Podium uses the main namespace only).
 * An entry here, and one check shared by every socket of a byte limit, cost a socket less than a
 * closure and its context each (heap snapshots at 1,000 audience sockets, bench/heap-per-socket.ts);
 * a bound function costs more (its name copied into a property dictionary of its own).
 */
const socketOf = new WeakMap<Connection, PodiumSocket>();
/** One check per byte limit, made once. */
const checks = new Map<number, SizeCheck>();

function checkFor(maxBytes: number): SizeCheck {
  let check = checks.get(maxBytes);
  if (!check) {
    check = function (this: Connection, packet: EnginePacket): void {
      if (packet.type !== 'message') return;
      const socket = socketOf.get(this);
      if (!socket?.connected) return;
      const { data } = packet;
      const size = typeof data === 'string' ? Buffer.byteLength(data) : data instanceof Uint8Array ? data.byteLength : 0;
      if (size > maxBytes) socket.disconnect(true);
    };
    checks.set(maxBytes, check);
  }
  return check;
}

/** Closes `socket` as soon as it sends a message larger than `maxBytes`. */
export function limitMessageSize(socket: PodiumSocket, maxBytes: number): void {
  // Listened on the engine connection: its 'packet' event comes before the bytes are handed to the
  // decoder, and closing the socket here removes the decoder's listener, so nothing is parsed.
  socketOf.set(socket.conn, socket);
  socket.conn.on('packet', checkFor(maxBytes));
}
