// The app factory: an http server and Socket.IO around a store. Tests build as
// many as they like on port 0; server/index.ts reads the config and listens.
import { createServer, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { Broadcaster, type Clock, type PodiumServer } from './broadcaster.ts';
import { autoAdvance } from './domain/agenda.ts';
import { createRequestHandler } from './http/routes.ts';
import { authError, FailedAttempts, identify } from './socket/auth.ts';
import { registerHandlers } from './socket/handlers.ts';
import type { Store } from './store.ts';

export interface AppOptions {
  store: Store;
  clock?: Clock;
  /** Overrides the stored organiser token (PODIUM_ADMIN_TOKEN). */
  organiserToken?: string;
  /** Where the built pages are. */
  distDir: string;
  /** How often every screen gets the clock's anchor again. */
  heartbeatMs?: number;
  /** How often the server checks for a phase that should auto-advance. */
  tickMs?: number;
}

export interface App {
  http: HttpServer;
  io: PodiumServer;
  broadcaster: Broadcaster;
  organiserToken: () => string;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now() };

export function createApp(options: AppOptions): App {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const organiserToken = () => options.organiserToken ?? store.data.organiserToken;
  const http = createServer(createRequestHandler({ store, clock, organiserToken, distDir: options.distDir }));
  const io: PodiumServer = new Server(http, {
    // Event JSON imports are the largest messages; anything bigger is refused by Socket.IO.
    maxHttpBufferSize: 6_000_000,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
  });
  const broadcaster = new Broadcaster(io, store, clock);
  const failures = new FailedAttempts();

  io.use((socket, next) => {
    const address = socket.handshake.address;
    const now = clock.now();
    if (failures.blocked(address, now)) return next(authError('Too many failed attempts from this address; wait a minute.', 'rate-limited'));
    const who = identify(store.data, organiserToken(), socket.handshake.auth);
    if (who instanceof Error) {
      failures.record(address, now);
      return next(authError(who.message, 'unauthorised'));
    }
    Object.assign(socket.data, who);
    next();
  });

  io.on('connection', (socket) => {
    const { role, jurorId } = socket.data;
    void socket.join(role === 'juror' ? `juror:${jurorId}` : role);
    registerHandlers(socket, { io, store, clock, broadcaster });
    broadcaster.sendSnapshot(socket);
  });

  const heartbeat = setInterval(() => broadcaster.sendAnchor(), options.heartbeatMs ?? 5_000);
  let advancing = false;
  const ticker = setInterval(() => {
    if (advancing || store.data.live.timer.status !== 'running' || !store.data.event.settings.autoAdvanceToRecap) return;
    advancing = true;
    store
      .mutate((data) => autoAdvance(data, clock.now()))
      .then((changed) => changed && broadcaster.changed({ kind: 'everything' }))
      .catch((e: unknown) => console.error('podium: auto-advance failed:', e))
      .finally(() => (advancing = false));
  }, options.tickMs ?? 200);

  return {
    http,
    io,
    broadcaster,
    organiserToken,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          const address = http.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: async () => {
      clearInterval(heartbeat);
      clearInterval(ticker);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
