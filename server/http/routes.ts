// HTTP: health, the organiser's exports, and the built pages. Thin: every answer
// is a function of the store; nothing here changes state.
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import { bearerToken, controlRole, isOrganiser, type FailedAttempts } from '../auth/tokens.ts';
import { refusal } from '../../protocol/result.ts';
import { controlApi, type ControlApiOptions } from './control-api.ts';
import type { DevicePasses } from '../auth/device.ts';
import type { Clock } from '../domain/clock.ts';
import type { Store } from '../store/index.ts';
import { handleEventImport, type ImportEvent } from './event-import.ts';
import { exportRoutes } from './exports.ts';
import { notFound, sendJson, setSecurityHeaders } from './reply.ts';
import { clientAddress, type TrustProxy } from './client-address.ts';
import { URL_SAFE } from '../../protocol/model.ts';

/** `/jury/<token>`: a juror's page, whatever the token (the socket checks it). */
/** A room's projector or stage monitor (issue 17): `/screen/<room id>`, `/stage/<room id>`. */
const roomPage = (path: string): string | null => {
  const match = /^\/(screen|stage)\/([^/]{1,64})$/.exec(path);
  return match && URL_SAFE.test(match[2]!) ? `${match[1]}.html` : null;
};

const isJurorPath = (path: string): boolean => {
  const token = path.startsWith('/jury/') ? path.slice(6) : '';
  return token.length >= 1 && token.length <= 64 && URL_SAFE.test(token);
};

export interface RouteOptions {
  store: Store;
  clock: Clock;
  organiserToken: () => string;
  distDir: string;
  /** Shared with the socket handshake, so guessing the organiser token over HTTP is as slow as over a socket. */
  failures?: FailedAttempts;
  /** The address phones reach this server at, for the links and QR codes the pages show. */
  publicUrl?: () => string | null;
  /** Replaces the event from an exported file (POST /api/event-import). */
  importEvent?: ImportEvent;
  /** The control API (/api/v1/): how it runs a show command and rate-limits a token. */
  control?: Pick<ControlApiOptions, 'run' | 'limit'>;
  /** Audience phones' signed device passes (the people's vote): set with the audience page, or by POST /vote/device. */
  devices?: DevicePasses;
  /** The reverse proxies whose X-Forwarded-For is believed (client-address.ts). */
  trustProxy?: TrustProxy | null;
}

/** Pages and the entry each is served from; `/jury/<token>` serves the juror page. */
const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/screen': 'screen.html',
  '/stage': 'stage.html',
  '/organiser': 'organiser.html',
  '/overlay': 'overlay.html',
};

/** The HTML file a page's path is served from, or null (a fan-out node serves the same pages: server/fanout/http.ts). */
export const pageFile = (path: string): string | null => PAGES[path] ?? roomPage(path) ?? (isJurorPath(path) ? 'jury.html' : null);

/**
 * The built pages and their assets, as the primary and a fan-out node (server/fanout/http.ts) both
 * serve them: returns a function that answers `path` when it is a page or an asset and says whether
 * it did. `onPage` runs before a page is sent (the audience page's device pass).
 */
export function builtPages(distDir: string) {
  // The pages may be rebuilt under a running server (npm run build during a rehearsal):
  // sirv looks each file up per request (dev mode) instead of listing the folder once,
  // so a replaced asset is a 404, never a read of a deleted file that ends the process.
  const assets = existsSync(distDir) ? sirv(distDir, { dev: true, etag: true, gzip: false, dotfiles: false, setHeaders: (res) => setSecurityHeaders(res) }) : null;
  // Each HTML page is read per request (a few kilobytes), so after a rebuild it names the new assets.
  const page = (file: string): string | null => {
    try {
      return readFileSync(join(distDir, file), 'utf8');
    } catch {
      return null;
    }
  };
  return (req: IncomingMessage, res: ServerResponse, path: string, onPage?: (file: string) => void): boolean => {
    const file = pageFile(path);
    if (file) {
      const html = page(file);
      if (!html) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The pages are not built yet: run `npm run build`.');
        return true;
      }
      onPage?.(file);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).end(html);
      return true;
    }
    if (assets && path.startsWith('/assets/')) {
      assets(req, res, () => notFound(res));
      return true;
    }
    return false;
  };
}

export function createRequestHandler(options: RouteOptions) {
  const pages = builtPages(options.distDir);
  const exports = exportRoutes(options);
  const control = options.control
    ? controlApi({ data: () => options.store.data, clock: options.clock, organiserToken: options.organiserToken, failures: options.failures, trustProxy: options.trustProxy, ...options.control })
    : null;

  return (req: IncomingMessage, res: ServerResponse): void => {
    setSecurityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://podium.local');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const importing = path === '/api/event-import' && req.method === 'POST' && !!options.importEvent;
    if (control && path.startsWith('/api/v1/')) {
      control(req, res, url, path).catch((e: unknown) => {
        console.error('podium: control API failed:', e);
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: refusal('internal') });
      });
      return;
    }
    if (path === '/vote/device' && req.method === 'POST' && options.devices) {
      // A phone whose page was opened before it held a pass (or whose cookie was cleared) asks for one.
      const device = options.devices.ensure(req, res, options.clock.now(), clientAddress(req, options.trustProxy));
      if (device) sendJson(res, 200, { ok: true });
      else sendJson(res, 429, { ok: false, error: { code: 'rate-limited', key: 'error_vote_too_many_devices', message: 'Too many new phones from this address; try again in a few minutes.' } });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && !importing) {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/public-url.json') {
      // The console and projector may be opened as localhost on the laptop; their QR codes must still work for phones.
      sendJson(res, 200, { baseUrl: options.publicUrl?.() ?? null });
      return;
    }
    if (path === '/healthz') {
      sendJson(res, 200, { ok: true, event: options.store.data.event.settings.name, now: options.clock.now() });
      return;
    }
    if (path.startsWith('/api/')) {
      const address = clientAddress(req, options.trustProxy);
      const now = options.clock.now();
      // The right token always gets in: the block slows guessing, it must not lock the organiser
      // out because someone else behind the same address (a venue NAT, a proxy) guessed.
      const organiser = isOrganiser(req, options.organiserToken());
      if (!organiser && options.failures?.blocked(address, now)) {
        sendJson(res, 429, { error: { code: 'rate-limited', message: 'Too many failed attempts from this address; wait a minute.' } });
        return;
      }
      // The operator token is right, but for the show only: refused, not counted as a guess.
      const bearer = bearerToken(req);
      if (!organiser && bearer && controlRole(options.store.data, options.organiserToken(), bearer) === 'operator') {
        sendJson(res, 403, { ok: false, error: refusal('forbidden', 'error_api_organiser_only') });
        return;
      }
      if (!organiser) {
        options.failures?.record(address, now);
        sendJson(res, 401, { error: { code: 'forbidden', message: 'The organiser token is needed (Authorization: Bearer <token>).' } });
        return;
      }
      if (importing) return void handleEventImport(req, res, options.importEvent!);
      if (!exports(url, res)) sendJson(res, 404, { error: { code: 'not-found', message: 'No such export.' } });
      return;
    }
    // The audience page comes with the phone's device pass for the people's vote.
    if (pages(req, res, path, (file) => void (file === 'index.html' && options.devices?.ensure(req, res, options.clock.now(), clientAddress(req, options.trustProxy))))) return;
    notFound(res);
  };
}
