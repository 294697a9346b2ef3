// A fan-out node's HTTP: the same built pages as the primary, health, and the audience phone's
// device pass (asked of the primary, which signs it). What only the primary serves (the
// organiser's console, the jurors' pages, the API and exports) is redirected to the primary's
// address when the node knows it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEVICE_COOKIE, passCookie, readCookie } from '../auth/device.ts';
import { builtPages } from '../http/routes.ts';
import { notFound, sendJson, setSecurityHeaders } from '../http/reply.ts';
import { clientAddress, type TrustProxy } from '../http/client-address.ts';

export interface FanoutHttpOptions {
  distDir: string;
  /** The primary's address (PODIUM_PRIMARY_URL), for what only the primary serves. */
  primaryUrl?: string;
  /** The address phones reach the audience at (PODIUM_PUBLIC_URL), for the QR codes the pages show. */
  publicUrl?: () => string | null;
  /** Asks the primary for a device pass for this address (the phone's own, checked, or a new one). */
  devicePass: (pass: string | null, address: string) => Promise<string | null>;
  health: () => Record<string, unknown>;
  /** The reverse proxies whose X-Forwarded-For is believed (../http/client-address.ts). */
  trustProxy?: TrustProxy | null;
}

/** The primary's pages: the organiser's console and the jurors' links. */
const primaryOnly = (path: string): boolean => path === '/organiser' || path.startsWith('/jury/') || path.startsWith('/api/');

export function fanoutRequestHandler(options: FanoutHttpOptions) {
  const pages = builtPages(options.distDir);
  return (req: IncomingMessage, res: ServerResponse): void => {
    setSecurityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://podium.local');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/vote/device' && req.method === 'POST') {
      const have = readCookie(req.headers.cookie, DEVICE_COOKIE);
      options.devicePass(have, clientAddress(req, options.trustProxy)).then(
        (pass) => {
          if (!pass) return sendJson(res, 429, { ok: false, error: { code: 'rate-limited', key: 'error_vote_too_many_devices', message: 'Too many new phones from this address; try again in a few minutes.' } });
          if (pass !== have) res.setHeader('Set-Cookie', passCookie(pass));
          sendJson(res, 200, { ok: true });
        },
        () => sendJson(res, 503, { ok: false, error: { code: 'storage', key: 'error_fanout_primary_unreachable', message: 'The main server cannot be reached just now.' } }),
      );
      return;
    }
    if (primaryOnly(path)) {
      if (!options.primaryUrl) return notFound(res);
      res.writeHead(307, { Location: `${options.primaryUrl}${url.pathname}${url.search}` }).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/public-url.json') return sendJson(res, 200, { baseUrl: options.publicUrl?.() ?? null });
    if (path === '/healthz') return sendJson(res, 200, { ok: true, role: 'fanout', ...options.health() });
    if (pages(req, res, path)) return;
    notFound(res);
  };
}
