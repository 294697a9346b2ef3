// Whose address a request or a socket is: the peer's, or, behind a reverse proxy named in
// PODIUM_TRUST_PROXY, the address that proxy saw (X-Forwarded-For), read with proxy-addr (what
// Express's `trust proxy` uses) so that only the proxies trusted may say it: walking the header
// from the right, the first address that is not a trusted proxy is the person's. Anyone else's
// X-Forwarded-For is ignored. The per-address limits (connections, failed attempts, new device
// passes) then count the people behind the proxy, not the proxy.
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { PodiumServer } from '../types/socket.ts';

/** Whether the hop `i` (0: the peer) at `addr` is a proxy whose X-Forwarded-For is believed. */
export type TrustProxy = (addr: string, i: number) => boolean;

/**
 * PODIUM_TRUST_PROXY, as Express's `trust proxy`: a number of hops (`1`: the peer only, whoever it
 * is), or a comma-separated list of addresses and CIDR ranges, with proxy-addr's names `loopback`,
 * `linklocal` and `uniquelocal`. Unset or empty: no proxy is trusted. Throws on anything else.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops === 0 ? null : (_addr, i) => i < hops;
  }
  try {
    return proxyAddr.compile(text.split(',').map((x) => x.trim()).filter(Boolean));
  } catch (e) {
    throw new Error(`PODIUM_TRUST_PROXY must be a number of hops or addresses and CIDR ranges separated by commas (or loopback, linklocal, uniquelocal), not "${text}": ${(e as Error).message}`);
  }
}

/** The address of whoever made `req`: the peer's unless `trust` names it a proxy. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | null | undefined): string {
  if (!trust) return req.socket?.remoteAddress ?? '';
  return proxyAddr(req, trust);
}

/**
 * Every socket's `handshake.address` made the person's (from its handshake request), before any
 * other middleware reads it: register first. Nothing is kept per socket beyond Socket.IO's own field.
 */
export function trustProxyFor(io: PodiumServer, trust: TrustProxy | null | undefined): void {
  if (!trust) return;
  io.use((socket, next) => {
    socket.handshake.address = clientAddress(socket.request, trust);
    next();
  });
}
