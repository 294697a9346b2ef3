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

/** Closes `socket` as soon as it sends a message larger than `maxBytes`; returns how many it closed so (0 or 1) via `onRefused`. */
const nothing = (): void => undefined;

export function limitMessageSize(socket: PodiumSocket, maxBytes: number, onRefused: () => void = nothing): void {
  // Listened on the engine connection: its 'packet' event comes before the bytes are handed to the
  // decoder, and closing the socket here removes the decoder's listener, so nothing is parsed.
  socket.conn.on('packet', (packet: EnginePacket) => {
    if (packet.type !== 'message' || !socket.connected) return;
    const { data } = packet;
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data instanceof Uint8Array ? data.byteLength : 0;
    if (size <= maxBytes) return;
    onRefused();
    socket.disconnect(true);
  });
}
