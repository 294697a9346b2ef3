// Tokens: who a token is (a socket's handshake, an HTTP request's bearer header),
// compared in constant time, and failed attempts per address, shared by HTTP and
// sockets so that guessing is as slow over one as over the other.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HandshakeAuth } from '../../protocol/events.ts';
import type { PodiumData } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import type { Identity } from '../types/socket.ts';
import { hasRoom, jurorRoomId, mainRoomId } from '../../protocol/rooms.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time equality that does not leak the length either. */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export function identify(data: Readonly<PodiumData>, organiserToken: string, auth: unknown): Identity | DomainError {
  const parsed = HandshakeAuth.safeParse(auth ?? {});
  if (!parsed.success) return new DomainError('bad-request', 'error_connection_invalid');
  const { token, view, room } = parsed.data;
  // A public page asks for a room; one that is gone (or never was) shows the main room.
  if (!token) return { role: 'public', jurorId: null, view: view ?? 'audience', roomId: room && hasRoom(data.event, room) ? room : mainRoomId(data.event) };
  if (sameSecret(token, organiserToken)) return { role: 'organiser', jurorId: null, view: null };
  // Compare against every juror and every room host, without stopping early, so timing says nothing.
  let match: (typeof data.event.jurors)[number] | null = null;
  for (const j of data.event.jurors) if (sameSecret(token, j.token)) match = j;
  // A juror's phone follows their panel's room: its clock and who is on its stage.
  if (match) return { role: 'juror', jurorId: match.id, view: null, roomId: jurorRoomId(data.event, match) };
  let host: string | null = null;
  for (const [roomId, hostToken] of Object.entries(data.roomHostTokens)) if (sameSecret(token, hostToken)) host = roomId;
  if (host !== null && hasRoom(data.event, host)) return { role: 'host', jurorId: null, view: null, roomId: host };
  return new DomainError('forbidden', 'error_link_not_valid');
}

/** The token of `Authorization: Bearer <token>` (the scheme in any case, RFC 9110 §11.1), or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer[ \t]+(.+)$/i.exec(req.headers.authorization ?? '');
  return match ? match[1]!.trim() : null;
}

/** Whether an HTTP request carries the organiser token (`Authorization: Bearer <token>`). */
export function isOrganiser(req: IncomingMessage, token: string): boolean {
  const bearer = bearerToken(req);
  return bearer !== null && sameSecret(bearer, token);
}

/** Who may drive the show over the control API: the organiser, or the stage crew's operator token. */
export type ControlRole = 'organiser' | 'operator';

/** Whose token this is for the control API, or null (wrong, revoked, a juror's link). Constant time for each candidate. */
export function controlRole(data: Readonly<PodiumData>, organiserToken: string, token: string): ControlRole | null {
  const organiser = sameSecret(token, organiserToken);
  const operator = data.operatorToken !== null && sameSecret(token, data.operatorToken);
  return organiser ? 'organiser' : operator ? 'operator' : null;
}

/** Failed connection attempts per address: past the limit, an address waits out the window. */
export class FailedAttempts {
  private failures = new Map<string, number[]>();
  private sweptAt = -Infinity;
  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  blocked(address: string, now: number): boolean {
    return this.recent(address, now).length >= this.limit;
  }

  record(address: string, now: number): void {
    // Addresses that never come back would otherwise stay forever: sweep when many pile up.
    if (this.failures.size >= 10_000 && now - this.sweptAt >= this.windowMs) {
      this.sweptAt = now;
      for (const a of [...this.failures.keys()]) this.recent(a, now);
    }
    const recent = this.recent(address, now);
    recent.push(now);
    this.failures.set(address, recent);
  }

  /** How many addresses have recent failures (for tests and the record). */
  get size(): number {
    return this.failures.size;
  }

  private recent(address: string, now: number): number[] {
    const recent = (this.failures.get(address) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length) this.failures.set(address, recent);
    else this.failures.delete(address);
    return recent;
  }
}
