// A fan-out node (`npm start -- --fanout`, PODIUM_ROLE=fanout): serves the built pages and the
// public sockets (audience, projector, stage monitor, overlay), holds no data file. Broadcasts
// from the primary reach its sockets through the Redis adapter, and its mirror of each room's
// public state (mirror.ts) gives a page that joins the room's version at once. Clock pings are
// answered in the primary's time (primary-clock.ts); votes go to the primary over the bus and are
// acknowledged once the primary has them on disk. Tokens (organiser, jurors, hosts) are refused
// with the primary's address: only the primary serves them.
import { createServer, type Server as HttpServer } from 'node:http';
import { Server, type ExtendedError } from 'socket.io';
import { HandshakeAuth, type AckOf } from '../../protocol/events.ts';
import { DomainError, type ResultError } from '../../protocol/result.ts';
import { DEVICE_COOKIE, readCookie } from '../auth/device.ts';
import { dispatch, type HandlerTable } from '../socket/listener.ts';
import { limitMessageSize, MESSAGE_BYTES_BY_ROLE } from '../socket/message-size.ts';
import { EventRateLimiter } from '../socket/rate-limit.ts';
import { rooms, roomsOf } from '../socket/rooms.ts';
import type { PodiumServer, PodiumSocket } from '../types/socket.ts';
import { BusClient, BusTimeout, type BusOp } from './bus.ts';
import { fanoutRequestHandler } from './http.ts';
import { listenOn } from '../http/listen.ts';
import { trustProxyFor, type TrustProxy } from '../http/client-address.ts';
import { anchorAt, PublicMirror, type ClusterSnapshot } from './mirror.ts';
import { PrimaryClock } from './primary-clock.ts';
import { SnapshotRefresh } from './snapshot-refresh.ts';
import { clusterAdapter, type RedisLink } from './redis.ts';

export interface FanoutOptions {
  redis: RedisLink;
  distDir: string;
  /** The primary's address, said to a page that brings a token and used for redirects. */
  primaryUrl?: string;
  /** The address phones reach the public pages at, for the pages' QR codes. */
  publicUrl?: () => string | null;
  /** How often the primary's clock is asked (ms). */
  clockEveryMs?: number;
  /** How long a request to the primary may take before it is refused as unreachable (ms). */
  requestTimeoutMs?: number;
  /** How long after an unanswered snapshot request to ask again while a room waits for one (ms). */
  snapshotRetryMs?: number;
  /** The reverse proxies whose X-Forwarded-For is believed (PODIUM_TRUST_PROXY): the address the primary is told is the phone's. */
  trustProxy?: TrustProxy | null;
}

export interface FanoutNode {
  http: HttpServer;
  io: PodiumServer;
  mirror: PublicMirror;
  clock: PrimaryClock;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

const handshakeError = (refusal: DomainError, code: 'unauthorised' | 'rate-limited'): ExtendedError =>
  Object.assign(new Error(refusal.message), { data: { code, key: refusal.key, params: refusal.params } });

export function createFanoutNode(options: FanoutOptions): FanoutNode {
  const mirror = new PublicMirror();
  const clock = new PrimaryClock();
  const timeoutMs = options.requestTimeoutMs ?? 5000;
  /** The phone's device pass as its cookie carried it at the handshake; the primary checks it. */
  const passes = new WeakMap<PodiumSocket, string>();
  let waiters: (() => void)[] = [];

  /** The primary's snapshot of every room (one request at a time); the rooms that waited get it whole. */
  const snapshots = new SnapshotRefresh({
    ask: (wait) => bus.request<ClusterSnapshot>('snapshot', null, wait),
    take: (snapshot) => {
      const gaps = new Set(mirror.gaps);
      mirror.take(snapshot);
      for (const id of gaps) {
        const state = mirror.state(id);
        if (state) io.local.to(rooms.show(id)).emit('state:public', state);
      }
      const waiting = waiters;
      waiters = [];
      for (const w of waiting) w();
    },
    waiting: () => mirror.gaps.size > 0,
    timeoutMs,
    retryMs: options.snapshotRetryMs ?? 1000,
  });
  const refresh = (wait?: number): Promise<void> => snapshots.now(wait);
  /** Resolves once the node has had the primary's rooms (warmUp below keeps asking), or rejects after `ms`. */
  const readyWithin = (ms: number): Promise<void> =>
    mirror.ready
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no answer from the primary')), ms);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
  /** The room's state, waiting for the primary's snapshot when the node has none. */
  const stateOf = async (roomId: string) => {
    if (!mirror.state(roomId)) await refresh();
    return mirror.state(roomId);
  };

  const http = createServer(
    fanoutRequestHandler({
      distDir: options.distDir,
      primaryUrl: options.primaryUrl,
      publicUrl: options.publicUrl,
      trustProxy: options.trustProxy,
      devicePass: (pass, address) => bus.request<{ pass: string | null }>('device', { pass, address }, timeoutMs).then((r) => r.pass),
      health: () => ({ node: bus.nodeId, ready: mirror.ready, sockets: io.engine.clientsCount, clockSynced: clock.synced, clockRttMs: clock.rtt }),
    }),
  );
  const io: PodiumServer = new Server(http, {
    adapter: clusterAdapter(options.redis, (b) => {
      if (mirror.receive(b)) snapshots.heal();
    }),
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    maxHttpBufferSize: MESSAGE_BYTES_BY_ROLE.public,
  });
  const bus = new BusClient(io);
  const rateLimiter = new EventRateLimiter({}, { now: () => Date.now() }, (socket) => void socket.disconnect(true));

  trustProxyFor(io, options.trustProxy);
  io.use((socket, next) => {
    const parsed = HandshakeAuth.safeParse(socket.handshake.auth ?? {});
    if (!parsed.success) return next(handshakeError(new DomainError('bad-request', 'error_connection_invalid'), 'unauthorised'));
    if (parsed.data.token) return next(handshakeError(new DomainError('forbidden', 'error_fanout_use_primary', { url: options.primaryUrl ?? '' }), 'unauthorised'));
    const admit = () => {
      const { room, view } = parsed.data;
      socket.data = { role: 'public', jurorId: null, view: view ?? 'audience', roomId: room && mirror.hasRoom(room) ? room : mirror.main, deviceId: null };
      // Only a phone that brought a pass is remembered (most sockets bring none).
      const pass = readCookie(socket.handshake.headers.cookie, DEVICE_COOKIE);
      if (pass) passes.set(socket, pass);
      next();
    };
    if (mirror.ready) return admit();
    // A node that has not heard from the primary yet cannot say which rooms there are: it waits for its first answer.
    readyWithin(timeoutMs).then(admit, () => next(handshakeError(new DomainError('storage', 'error_fanout_primary_unreachable'), 'rate-limited')));
  });

  /** A request of a phone to the primary: its answer, or its refusal as the primary said it. */
  const forward = async <T>(op: BusOp, socket: PodiumSocket, payload: unknown): Promise<T> => {
    try {
      return await bus.request<T>(op, { pass: passes.get(socket) ?? null, address: socket.handshake.address, payload }, timeoutMs);
    } catch (e) {
      if (e instanceof BusTimeout) throw new DomainError('storage', 'error_fanout_primary_unreachable');
      const refusal = (e as { refusal?: ResultError }).refusal;
      if (refusal?.key) throw new DomainError(refusal.code, refusal.key, refusal.params);
      throw e;
    }
  };

  const sendState = async (socket: PodiumSocket) => {
    const roomId = socket.data.roomId ?? mirror.main!;
    const anchor = mirror.anchor(roomId);
    if (anchor) socket.emit('clock:anchor', anchorAt(anchor, clock.now()));
    const state = await stateOf(roomId);
    if (state && socket.connected) socket.emit('state:public', state);
  };

  // What a public page may send, made once and shared by every socket (listener.ts `dispatch`).
  const gate = rateLimiter.gate;
  const table: HandlerTable = {
    'clock:ping': () => ({ serverNow: clock.now() }),
    'public:snapshot': async (_p, s) => {
      await sendState(s);
      return null;
    },
    'vote:cast': (payload, s) => forward<AckOf<'vote:cast'>>('vote:cast', s, payload),
    'vote:mine': (payload, s) => forward<AckOf<'vote:mine'>>('vote:mine', s, payload),
  };

  io.on('connection', (socket) => {
    const { role, roomId } = socket.data;
    void socket.join(roomsOf(role, null, roomId));
    limitMessageSize(socket, MESSAGE_BYTES_BY_ROLE.public);
    dispatch(socket, table, gate);
    // Unanswered, the node asks again while the room waits; the page gets the state when it comes.
    sendState(socket).catch(() => snapshots.later());
  });

  // The primary's clock: a few quick samples at first, then one every few seconds.
  let asked = 0;
  let clockTimer: ReturnType<typeof setTimeout> | null = null;
  const askClock = () => {
    const sentAt = performance.now();
    bus
      .request<number>('clock', null, 2000)
      .then((primaryNow) => clock.add({ sentAt, receivedAt: performance.now(), primaryNow }))
      .catch(() => undefined)
      .finally(() => {
        if (closed) return;
        clockTimer = setTimeout(askClock, ++asked < 8 ? 100 : (options.clockEveryMs ?? 2000));
      });
  };
  let closed = false;
  askClock();
  // The rooms and their states before the first page comes, asked until the primary answers (the
  // first question may go out before this node listens for answers, or while the primary is down).
  const warmUp = (): void => {
    if (closed || mirror.ready) return;
    refresh(1000).then(
      () => undefined,
      () => {
        if (!closed) setTimeout(warmUp, 200).unref();
      },
    );
  };
  warmUp();

  return {
    http,
    io,
    mirror,
    clock,
    listen: (port, host) => listenOn(http, port, host),
    close: async () => {
      closed = true;
      snapshots.close();
      if (clockTimer) clearTimeout(clockTimer);
      bus.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
