// The app factory: an http server and Socket.IO around a store. Tests build as
// many as they like on port 0; server/index.ts reads the config and listens.
import { createServer, type Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { dirname } from 'node:path';
import { DevicePasses, type DevicePassOptions } from './auth/device.ts';
import { guardConnections, MAX_PAGES_PER_JUROR } from './auth/socket.ts';
import { FailedAttempts, type ControlRole } from './auth/tokens.ts';
import type { ShowCommand } from './domain/show-commands.ts';
import { backupStable } from './backup.ts';
import { Broadcaster } from './broadcaster.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import { autoAdvance, isDueToAutoAdvance } from './domain/agenda.ts';
import { audited } from './domain/audit.ts';
import { closeIfDue, isDueToClose } from './domain/votes.ts';
import { importEvent as replaceEvent, parseEventImport } from './domain/event-import.ts';
import { createRequestHandler } from './http/routes.ts';
import { listenOn } from './http/listen.ts';
import { trustProxyFor, type TrustProxy } from './http/client-address.ts';
import { Payloads } from '../protocol/events.ts';
import { publicHandlers, pushExpo, registerHandlers, runShowCommand } from './socket/handlers.ts';
import { expireExpo, hasExpiredVisits } from './domain/expo.ts';
import { dispatch, refuseForbidden, refuseUnknown } from './socket/listener.ts';
import { roomOf, rooms, roomsOf } from './socket/rooms.ts';
import { limitMessageSize, MESSAGE_BYTES_BY_ROLE } from './socket/message-size.ts';
import { EventRateLimiter, type RateLimitOptions } from './socket/rate-limit.ts';
import type { Store } from './store/index.ts';
import type { PodiumServer, PodiumSocket } from './types/socket.ts';

export interface AppOptions {
  /** The base URL phones reach the server at (links and QR codes); known once listening. */
  publicUrl?: () => string | null;
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
  /** Largest Socket.IO message in bytes; a bigger one disconnects its socket. */
  maxMessageBytes?: number;
  /** Failed connections per address before it must wait (tests pass a small one). */
  failedAttempts?: FailedAttempts;
  /** Events per second per token (per socket without one); `false` turns the limit off (load tests only). */
  rateLimit?: Partial<RateLimitOptions> | false;
  /** Open connections per address; more are refused. */
  maxConnectionsPerAddress?: number;
  /** Pages open at once on one juror link (server/auth/socket.ts MAX_PAGES_PER_JUROR); more are refused. */
  maxPagesPerJuror?: number;
  /** New audience device passes per address and window (the people's vote); tests pass a small one. */
  devicePasses?: Partial<DevicePassOptions>;
  /** Socket.IO's adapter when this is a cluster's primary (server/fanout/redis.ts): broadcasts reach the fan-out nodes too. */
  adapter?: ServerOptions['adapter'];
  /** The reverse proxies whose X-Forwarded-For is believed (PODIUM_TRUST_PROXY): the per-address limits count the people behind them. */
  trustProxy?: TrustProxy | null;
}

/** The largest socket message: the organiser's team CSV (event files go over HTTP, see http/event-import.ts). */
export const MAX_MESSAGE_BYTES = 3_100_000;
/** A venue's Wi-Fi may put a whole audience behind one address, so this is generous. */
const MAX_CONNECTIONS_PER_ADDRESS = 500;

export interface App {
  http: HttpServer;
  io: PodiumServer;
  broadcaster: Broadcaster;
  /** The audience phones' device passes (a cluster's primary mints them for its fan-out nodes). */
  devices: DevicePasses;
  rateLimiter: EventRateLimiter | null;
  organiserToken: () => string;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createApp(options: AppOptions): App {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const organiserToken = () => options.organiserToken ?? store.data.organiserToken;
  const failures = options.failedAttempts ?? new FailedAttempts();
  const devices = new DevicePasses(organiserToken, options.devicePasses);
  /** The organiser's event file (over HTTP, not a socket message): replaces the event and drops every old juror link. */
  const importEvent = async (json: string) => {
    const event = parseEventImport(json);
    const before = store.data.event.jurors.map((j) => j.id);
    await store.mutate((d) => audited(d, 'event:import', { json }, clock.now(), () => replaceEvent(d, event, organiserToken())));
    for (const id of before) io.in(rooms.juror(id)).disconnectSockets(true);
    broadcaster.changed({ kind: 'everything' });
  };
  /** The control API runs the show's commands exactly as the console's socket does, audited as the operator's when theirs. */
  const control = {
    run: (event: ShowCommand, payload: unknown, actor: ControlRole) => runShowCommand({ store, clock, broadcaster }, event, payload as never, { actor }).then(() => undefined),
    limit: (role: ControlRole, token: string) => rateLimiter?.takeToken(role, token) ?? null,
  };
  const http = createServer(
    createRequestHandler({ store, clock, organiserToken, distDir: options.distDir, failures, publicUrl: options.publicUrl, importEvent, control, devices, trustProxy: options.trustProxy }),
  );
  const io: PodiumServer = new Server(http, {
    maxHttpBufferSize: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
  const broadcaster = new Broadcaster(io, store, clock, { cluster: !!options.adapter });
  // After a failed write, every screen must drop what it was sent of the change that did not last.
  store.onRollback(() => broadcaster.changed({ kind: 'everything' }));
  // A token that floods is cut off whole: every page it has open goes, and it may not come back for a while.
  const rateLimiter =
    options.rateLimit === false
      ? null
      : new EventRateLimiter(options.rateLimit ?? {}, clock, (socket, person) => {
          const { role, jurorId } = socket.data;
          if (person && role === 'juror') io.in(`juror:${jurorId}`).disconnectSockets(true);
          else if (person && role === 'organiser') io.in('organiser').disconnectSockets(true);
          else socket.disconnect(true);
        });
  // First: every limit below reads the person's address, not the proxy's.
  trustProxyFor(io, options.trustProxy);
  guardConnections(io, {
    data: () => store.data,
    organiserToken,
    clock,
    failures,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? MAX_CONNECTIONS_PER_ADDRESS,
    maxPagesPerJuror: options.maxPagesPerJuror ?? MAX_PAGES_PER_JUROR,
    paused: rateLimiter ? (role, token) => rateLimiter.admits(role, token) : undefined,
    devices,
  });

  // What a public page may send, made once: a public socket gets one middleware and no listener per event.
  const publicTable = publicHandlers({ store, clock, broadcaster, refusal: rateLimiter ? (s) => rateLimiter.refusal(s) : undefined });
  const gate = rateLimiter?.gate;
  const handlerContext = { io, store, clock, broadcaster, backup: (now: number) => backupStable(dirname(store.file), () => store.data, now), gate, refusal: rateLimiter ? (s: PodiumSocket) => rateLimiter.refusal(s) : undefined };

  io.on('connection', (socket) => {
    const { role, jurorId, roomId } = socket.data;
    void socket.join(roomsOf(role, jurorId, roomId));
    limitMessageSize(socket, Math.min(MESSAGE_BYTES_BY_ROLE[role], options.maxMessageBytes ?? MAX_MESSAGE_BYTES));
    if (role === 'public') dispatch(socket, publicTable, gate);
    else {
      // Events nobody listens for still cost a token, and get an answer if they ask for one.
      socket.use(([event, ...args], next) => {
        // An event this role may not send has no listener (socket/listener.ts): refused here.
        if (refuseForbidden(socket, event, args, gate)) return;
        if (Object.hasOwn(Payloads, event)) return next();
        refuseUnknown(socket, event, args, gate);
      });
      registerHandlers(socket, handlerContext);
    }
    broadcaster.sendSnapshot(socket);
  });

  const heartbeat = setInterval(() => broadcaster.sendAnchor(), options.heartbeatMs ?? 5_000);
  let advancing = false;
  const ticker = setInterval(() => {
    // Ask first, read-only, so a running timer does not rewrite the data file five times a second.
    if (advancing) return;
    const advance = isDueToAutoAdvance(store.data, clock.now());
    // A people's vote with a duration closes by itself when it runs out.
    const closeVote = isDueToClose(store.data, clock.now());
    if (!advance && !closeVote) return;
    advancing = true;
    store
      .mutate((data) => {
        const closed = closeIfDue(data, clock.now());
        return (advance && autoAdvance(data, clock.now())) || closed;
      })
      .then((changed) => changed && broadcaster.changed({ kind: 'everything' }))
      .catch((e: unknown) => console.error('podium: auto-advance failed:', e))
      .finally(() => (advancing = false));
  }, options.tickMs ?? 200);
  // An expo visit left open past its time frees its team, on the server's clock: the hall view and the phone say so.
  let expiring = false;
  const expoTicker = setInterval(() => {
    if (expiring || !hasExpiredVisits(store.data, clock.now())) return;
    expiring = true;
    store
      .mutate((data) => expireExpo(data, clock.now()))
      .then((jurors) => {
        if (jurors.length === 0) return;
        broadcaster.changed({ kind: 'organiser' });
        pushExpo({ io, store, clock }, jurors);
      })
      .catch((e: unknown) => console.error('podium: expo visits timing out failed:', e))
      .finally(() => (expiring = false));
  }, options.tickMs ?? 200);

  return {
    http,
    io,
    broadcaster,
    devices,
    rateLimiter,
    organiserToken,
    listen: (port, host) => listenOn(http, port, host),
    close: async () => {
      clearInterval(heartbeat);
      clearInterval(ticker);
      clearInterval(expoTicker);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
