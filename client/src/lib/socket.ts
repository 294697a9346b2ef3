// The one place the pages talk to Socket.IO: a typed socket and a typed request.
import { io, type Socket } from 'socket.io-client';
import type { AckOf, ClientToServerEvents, EventName, Payload, ServerToClientEvents } from '../../../protocol/events.ts';
import type { Result } from '../../../protocol/result.ts';

export type PodiumClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectSocket(auth: { token?: string; view?: 'screen' | 'stage' | 'audience'; room?: string }, url?: string): PodiumClientSocket {
  const options = { auth, transports: ['websocket', 'polling'], reconnectionDelayMax: 3000 };
  return (url ? io(url, options) : io(options)) as PodiumClientSocket;
}

/** Sends an event and waits for its acknowledgement; a timeout becomes a failed Result. */
export async function request<E extends EventName>(
  socket: PodiumClientSocket,
  event: E,
  payload: Payload<E>,
  timeoutMs = 8000,
): Promise<Result<AckOf<E>>> {
  try {
    const timed = socket.timeout(timeoutMs);
    // Bound: emitWithAck reads `this`, so a bare reference to it throws.
    const emit = timed.emitWithAck.bind(timed) as unknown as (e: E, p: Payload<E>) => Promise<Result<AckOf<E>>>;
    return await emit(event, payload);
  } catch {
    const error = socket.connected
      ? { key: 'error_no_answer' as const, message: 'The server did not answer in time.' }
      : { key: 'error_offline' as const, message: 'Offline: not sent.' };
    return { ok: false, error: { code: 'internal', params: {}, ...error } };
  }
}
