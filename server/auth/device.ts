// Device passes for the people's vote (issue 16): one ballot per phone. The server
// issues each phone a random device id in an httpOnly cookie, signed with a key
// derived from the organiser token (HMAC-SHA256), so a script cannot mint passes
// of its own: it must ask the server for each, and the server hands out only so
// many per address in a while (high enough for a venue's NAT: hundreds of phones
// behind one address). A copied pass is the same device: its votes replace each other.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nanoid } from 'nanoid';

export const DEVICE_COOKIE = 'podium_device';
/** A month: the pass outlives the evening, and a reload or a closed tab keeps the ballot. */
const MAX_AGE_S = 30 * 24 * 3600;

export interface DevicePassOptions {
  /** New passes per address per window; more wait for the window to pass. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_DEVICE_PASSES: DevicePassOptions = { perAddress: 1000, windowMs: 10 * 60_000 };

const signature = (key: Buffer, id: string) => createHmac('sha256', key).update(id).digest('base64url').slice(0, 32);

export class DevicePasses {
  private issued = new Map<string, number[]>();
  readonly options: DevicePassOptions;

  constructor(
    /** The organiser token in force: a new token (PODIUM_ADMIN_TOKEN) makes every pass a new one. */
    private readonly secret: () => string,
    options: Partial<DevicePassOptions> = {},
  ) {
    this.options = { ...DEFAULT_DEVICE_PASSES, ...options };
  }

  private key(): Buffer {
    return createHmac('sha256', this.secret()).update('podium device pass v1').digest();
  }

  /** The device id a signed pass names, or null for a missing, malformed or forged one. */
  verify(pass: string | undefined | null): string | null {
    if (!pass) return null;
    const dot = pass.indexOf('.');
    if (dot < 1) return null;
    const id = pass.slice(0, dot);
    const given = Buffer.from(pass.slice(dot + 1));
    if (!/^[A-Za-z0-9_-]{21}$/.test(id)) return null;
    const expected = Buffer.from(signature(this.key(), id));
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }

  /** The device id of a request's or a handshake's cookie header. */
  fromCookieHeader(header: string | undefined): string | null {
    return this.verify(readCookie(header, DEVICE_COOKIE));
  }

  /** A new signed pass, or null when this address had its share for now. */
  mint(address: string, now: number): string | null {
    const recent = (this.issued.get(address) ?? []).filter((t) => now - t < this.options.windowMs);
    if (recent.length >= this.options.perAddress) {
      this.issued.set(address, recent);
      return null;
    }
    recent.push(now);
    this.issued.set(address, recent);
    if (this.issued.size > 10_000) for (const [a, ts] of this.issued) if (!ts.some((t) => now - t < this.options.windowMs)) this.issued.delete(a);
    const id = nanoid(21);
    return `${id}.${signature(this.key(), id)}`;
  }

  /**
   * Makes sure the request's phone holds a valid pass: sets the cookie when it has none.
   * Returns the device id, or null when the address may not have another pass now.
   */
  ensure(req: IncomingMessage, res: ServerResponse, now: number, address = req.socket.remoteAddress ?? ''): string | null {
    const have = this.fromCookieHeader(req.headers.cookie);
    if (have) return have;
    const pass = this.mint(address, now);
    if (!pass) return null;
    res.setHeader('Set-Cookie', passCookie(pass));
    return pass.slice(0, pass.indexOf('.'));
  }
}

/** The Set-Cookie header that gives a phone its pass (here, or on a fan-out node with the primary's pass). */
export const passCookie = (pass: string): string => `${DEVICE_COOKIE}=${pass}; Path=/; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Strict`;

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
