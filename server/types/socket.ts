// The server's Socket.IO types in one place: the typed server and socket, who a
// connection is, and what a handler may tell the broadcaster. Types only, so every
// server folder (app, broadcaster, auth, socket handlers) can import them and none
// has to import another's code for a name.
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../../protocol/events.ts';

export type PodiumServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type PodiumSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Who a connection is: decided once, from its handshake token. */
export type Identity = Pick<SocketData, 'role' | 'jurorId' | 'view' | 'roomId'>;

export type Change =
  /** The event, agenda position, visibility: everyone's view changes. */
  | { kind: 'everything' }
  /** A juror's score: the public at once if rankings are live; their own view and the organiser's soon after. */
  | { kind: 'score'; jurorId: string }
  /** The organiser's view only (e.g. a conflict of interest). */
  | { kind: 'organiser' }
  /** An audience vote: the organiser's tally soon; the room's only if the tally is shown, at most once a second. */
  | { kind: 'vote' };

/** What the socket handlers need of the broadcaster (server/broadcaster.ts implements it). */
export interface Broadcasts {
  changed(change: Change): void;
  sendSnapshot(socket: PodiumSocket): void;
}
