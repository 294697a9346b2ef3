// Who may open a socket: the token in `handshake.auth` decides the role, once,
// here (`io.use`); a wrong token counts against its address's failed attempts; a
// token cut off for flooding waits out its time; a juror link may be open on only
// so many pages at once; and pages without a token may hold only so many
// connections per address.
import type { ExtendedError } from 'socket.io';
import type { PodiumData } from '../../protocol/model.ts';
import type { Role } from '../../protocol/views.ts';
import type { Clock } from '../domain/clock.ts';
import type { PodiumServer, PodiumSocket } from '../types/socket.ts';
import { DomainError } from '../../protocol/result.ts';
import type { DevicePasses } from './device.ts';
import { identify, type FailedAttempts } from './tokens.ts';

export interface ConnectionGuard {
  data: () => Readonly<PodiumData>;
  organiserToken: () => string;
  clock: Clock;
  failures: FailedAttempts;
  /** Open connections per address for pages without a token; more are refused. */
  maxConnectionsPerAddress: number;
  /** Pages open at once on one juror link; more are refused until one closes. */
  maxPagesPerJuror: number;
  /** Why this token may not connect now (cut off for flooding), or null/undefined. */
  paused?: (role: Role, token: string | undefined) => DomainError | null | undefined;
  /** Reads an audience phone's signed device pass (its cookie) for the people's vote. */
  devices?: DevicePasses;
}

/** A refusal of the handshake: its English message, and its code, key and parameters so the page says it in its language. */
const authError = (refusal: DomainError, code: 'unauthorised' | 'rate-limited'): ExtendedError =>
  Object.assign(new Error(refusal.message), { data: { code, key: refusal.key, params: refusal.params } });

/**
 * A token cut off for flooding gets its refusal only after this long (at most what is left of its
 * pause). Whoever holds it reconnects as fast as the answers come: twenty sockets retrying the
 * moment they are refused were 400 handshakes a second beside the honest jurors; answered late,
 * they are a handful. A person's page shows the pause a moment later, that is all.
 */
export const PAUSED_ANSWER_MS = 2_000;
/** Refusals held back at once; past this many, the next are answered at once rather than piling up timers. */
const PAUSED_HELD_MAX = 1_000;

/**
 * Pages one juror link may have open at once: a phone, a laptop, a tablet, a page being reloaded
 * (its old socket lingers until the server's ping gives up on it) and one spare. A leaked link
 * opened on twenty sockets cost twenty handshakes and twenty snapshots at once, in one burst the
 * honest jurors' acknowledgements waited behind (bench/flood.ts); past this many, a page is told
 * so and its retries are answered late, as a paused link's are.
 */
export const MAX_PAGES_PER_JUROR = 5;

export function guardConnections(io: PodiumServer, guard: ConnectionGuard): void {
  const { clock, failures } = guard;
  const connections = new Map<string, number>();
  /** Pages open per juror (by juror id). */
  const jurorPages = new Map<string, number>();
  /** One handshake error per pause notice (the limiter keeps one per second left), not one per refused attempt. */
  const pausedErrors = new WeakMap<DomainError, ExtendedError>();
  const tooManyPages = authError(new DomainError('rate-limited', 'error_too_many_pages', { max: guard.maxPagesPerJuror }), 'rate-limited');
  let held = 0;
  /** Answers a refusal after `ms`, so that whoever retries the moment they are refused knocks once per answer, not hundreds of times a second. */
  const refuseLater = (next: (err?: ExtendedError) => void, error: ExtendedError, ms: number) => {
    if (held >= PAUSED_HELD_MAX) return next(error);
    held += 1;
    const answer = setTimeout(() => {
      held -= 1;
      next(error);
    }, ms);
    answer.unref();
  };

  io.use((socket, next) => {
    const address = socket.handshake.address;
    const now = clock.now();
    const who = identify(guard.data(), guard.organiserToken(), socket.handshake.auth);
    // Only a wrong token is ever held back by the address's failures: a right token always gets
    // in, and so do the pages without one (audience, projector, stage), because behind a venue NAT
    // or a proxy one guesser shares the address of the whole room.
    const holdsToken = !(who instanceof Error) && who.role !== 'public';
    if (who instanceof Error && failures.blocked(address, now)) return next(authError(new DomainError('rate-limited', 'error_too_many_failures'), 'rate-limited'));
    if (who instanceof Error) {
      failures.record(address, now);
      return next(authError(who, 'unauthorised'));
    }
    if (!holdsToken && (connections.get(address) ?? 0) >= guard.maxConnectionsPerAddress) {
      return next(authError(new DomainError('rate-limited', 'error_too_many_connections'), 'rate-limited'));
    }
    // A token cut off for flooding waits out its time, whichever page it comes back on.
    const paused = guard.paused?.(who.role, (socket.handshake.auth as { token?: string }).token);
    if (paused) {
      let error = pausedErrors.get(paused);
      if (!error) pausedErrors.set(paused, (error = authError(paused, 'rate-limited')));
      const seconds = Number(paused.params?.seconds ?? 1);
      return refuseLater(next, error, Math.min(PAUSED_ANSWER_MS, seconds * 1000));
    }
    if (who.role === 'juror' && who.jurorId && (jurorPages.get(who.jurorId) ?? 0) >= guard.maxPagesPerJuror) {
      return refuseLater(next, tooManyPages, PAUSED_ANSWER_MS);
    }
    // One object made whole (its fields in the object itself, not grown one by one past its slots).
    socket.data = { role: who.role, jurorId: who.jurorId, view: who.view, roomId: who.roomId, deviceId: who.role === 'public' ? (guard.devices?.fromCookieHeader(socket.handshake.headers.cookie) ?? null) : null };
    next();
  });

  // One listener shared by every socket (Socket.IO calls it with the socket as `this`), not a closure each.
  function release(this: PodiumSocket): void {
    countDown(connections, this.handshake.address);
    if (this.data.role === 'juror' && this.data.jurorId) countDown(jurorPages, this.data.jurorId);
  }
  io.on('connection', (socket) => {
    const address = socket.handshake.address;
    connections.set(address, (connections.get(address) ?? 0) + 1);
    const { role, jurorId } = socket.data;
    if (role === 'juror' && jurorId) jurorPages.set(jurorId, (jurorPages.get(jurorId) ?? 0) + 1);
    socket.on('disconnect', release);
  });
}

function countDown(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}
