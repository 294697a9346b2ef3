// The README's nginx configuration, as written, in front of a primary and two fan-out nodes on a
// real redis-server: TLS at the proxy, sticky sessions so that a long-polling client works as
// well as a WebSocket one, the organiser's address to the primary, and a node killed: its pages
// reconnect through the proxy to the other.
import { Agent, request } from 'node:https';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicState } from '../../protocol/views.ts';
import { applyStatePatch, type StatePatch } from '../../protocol/state-patch.ts';
import { emitRaw, nextEvent, tempDir, type TestSocket } from '../helpers/app.ts';
import { startChildServer, startFanoutChild, TEST_ADMIN_TOKEN, type ChildServer } from '../helpers/child-server.ts';
import { readmeNginxConf, selfSigned, startNginx, type TestNginx } from '../helpers/nginx.ts';
import { freePort, startRedis, type TestRedis } from '../helpers/redis.ts';
import { sizedData } from '../helpers/sized-event.ts';

let redis: TestRedis;
let primary: ChildServer;
const nodes: ChildServer[] = [];
let nginx: TestNginx;
const sockets: TestSocket[] = [];
let live = '';
let admin = '';
let plain = '';
let ca = '';

/** An HTTPS request through the proxy, trusting the test's certificate: status, headers, body. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers, agent: new Agent({ ca, keepAlive: false }) }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The node a browser holding `cookie` is sent to (the node's id, from its health answer). */
const nodeOf = async (cookie: string) => (JSON.parse((await get(`${live}/healthz`, { cookie })).body) as { node: string }).node;

beforeAll(async () => {
  const dir = tempDir('podium-proxy-');
  const data = sizedData(10, 2, { scored: true });
  data.visibility.mode = 'live';
  writeFileSync(join(dir, 'podium.json'), JSON.stringify(data));
  redis = await startRedis();
  // nginx is at 127.0.0.1; the browsers come from other loopback addresses (127.0.0.2, 127.0.0.3).
  // One open public page per address on the primary, so a third from one of them is refused.
  primary = await startChildServer(dir, { PODIUM_REDIS_URL: redis.url, PODIUM_TRUST_PROXY: '127.0.0.1', PODIUM_MAX_CONNECTIONS_PER_ADDRESS: '1' });
  const [livePort, adminPort, plainPort] = [await freePort(), await freePort(), await freePort()];
  live = `https://127.0.0.1:${livePort}`;
  admin = `https://127.0.0.1:${adminPort}`;
  plain = `http://127.0.0.1:${plainPort}`;
  const env = { PODIUM_PRIMARY_URL: admin, PODIUM_PUBLIC_URL: live, PODIUM_TRUST_PROXY: '127.0.0.1' };
  nodes.push(...(await Promise.all([startFanoutChild(tempDir(), redis.url, env), startFanoutChild(tempDir(), redis.url, env)])));
  const certs = selfSigned(tempDir('podium-cert-'));
  ca = certs.pem;
  // The README's file, with the test's addresses, ports and certificate in place of the examples.
  let conf = readmeNginxConf()
    .replace('10.0.0.11:3000', `127.0.0.1:${nodes[0]!.port}`)
    .replace('10.0.0.12:3000', `127.0.0.1:${nodes[1]!.port}`)
    .replace('10.0.0.10:3000', `127.0.0.1:${primary.port}`)
    .replace('listen 443 ssl;', `listen 127.0.0.1:${livePort} ssl;`)
    .replace('listen 443 ssl;', `listen 127.0.0.1:${adminPort} ssl;`)
    .replace('listen 80;', `listen 127.0.0.1:${plainPort};`)
    .replace(/ssl_certificate +\S+;/g, `ssl_certificate ${certs.cert};`)
    .replace(/ssl_certificate_key +\S+;/g, `ssl_certificate_key ${certs.key};`);
  expect(conf).not.toMatch(/10\.0\.0\.|listen (443|80);|letsencrypt/);
  nginx = await startNginx(conf, async () => (await get(`${live}/healthz`)).status === 200);
}, 90_000);

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await nginx?.kill();
  for (const n of nodes) await n.kill();
  await primary?.kill();
  await redis?.kill();
});

/**
 * A page through the proxy, as a browser: the cookie the proxy gave it, one transport, and the
 * patches applied as the page does (live.svelte.ts): one older than the version held is ignored
 * (a page joining a node may be sent the version a patch in flight makes), one that does not fit
 * fails the test.
 */
function pageSocket(cookie: string, transport: 'polling' | 'websocket'): TestSocket {
  const socket = connectClient(live, { ca, transports: [transport], upgrade: false, extraHeaders: { cookie }, auth: { view: 'audience' }, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500 }) as TestSocket;
  let held: PublicState | null = null;
  socket.on('state:public', (s: PublicState) => (held = s));
  socket.on('public:patch', (patch: StatePatch) => {
    if (!held || patch.rev <= (held.rev ?? 0)) return;
    const next = applyStatePatch(held, held.rev ?? -1, patch);
    if (!next) throw new Error(`public patch ${patch.base}→${patch.rev} does not fit version ${held.rev}`);
    for (const listener of socket.listeners('state:public')) (listener as (s: PublicState) => void)(next);
  });
  sockets.push(socket);
  return socket;
}

describe('the README’s nginx in front of a primary and two fan-out nodes', () => {
  const cookieOn: Record<string, string> = {};

  it('gives each browser a cookie that keeps it on one node, and the two nodes both get browsers', async () => {
    const page = await get(`${live}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html');
    const set = [page.headers['set-cookie']].flat().find((c) => c?.startsWith('podium_node='));
    expect(set).toMatch(/Secure; HttpOnly/);
    const cookie = set!.split(';')[0]!;
    const first = await nodeOf(cookie);
    for (let i = 0; i < 5; i++) expect(await nodeOf(cookie)).toBe(first);
    // Browsers with other keys: some land on the other node.
    for (let i = 0; i < 60 && Object.keys(cookieOn).length < 2; i++) {
      const key = `podium_node=browser-${i}`;
      cookieOn[await nodeOf(key)] ??= key;
    }
    expect(Object.keys(cookieOn)).toHaveLength(2);
  });

  it('a long-polling page on one node and a WebSocket page on the other see the organiser’s change, the organiser through the primary’s address', async () => {
    const [onA, onB] = Object.values(cookieOn) as [string, string];
    const polling = pageSocket(onA, 'polling');
    const ws = pageSocket(onB, 'websocket');
    await Promise.all([nextEvent(polling, 'state:public'), nextEvent(ws, 'state:public')]);
    expect(polling.io.engine.transport.name).toBe('polling');
    expect(ws.io.engine.transport.name).toBe('websocket');
    const org = connectClient(admin, { ca, auth: { token: TEST_ADMIN_TOKEN }, transports: ['websocket'], forceNew: true }) as TestSocket;
    sockets.push(org);
    await nextEvent(org, 'state:organiser');
    const seen = [polling, ws].map((s) => nextEvent<PublicState>(s, 'state:public', (st) => st.message?.text === 'Through the proxy'));
    expect(await emitRaw(org, 'stage:message', { text: 'Through the proxy', flash: false })).toMatchObject({ ok: true });
    await Promise.all(seen);
    // The organiser's link on the audience's address is sent to the primary's.
    const socket = connectClient(live, { ca, auth: { token: TEST_ADMIN_TOKEN }, transports: ['websocket'], forceNew: true, reconnection: false });
    const refused = await new Promise<Error & { data?: { key?: string; params?: { url?: string } } }>((r) => socket.once('connect_error', r));
    socket.disconnect();
    expect(refused.data).toMatchObject({ key: 'error_fanout_use_primary', params: { url: admin } });
  });

  it('sends plain HTTP to HTTPS', async () => {
    const res = await fetch(`${plain}/screen`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toMatch(/^https:\/\/127\.0\.0\.1\/screen$/);
  });

  it('a node killed: its long-polling page reconnects through the proxy to the other node and is up to date', async () => {
    const [onA] = Object.values(cookieOn) as [string];
    const node = await nodeOf(onA);
    // The node this browser is on.
    const healths = await Promise.all(nodes.map(async (n) => (await (await fetch(`${n.url}/healthz`)).json()) as { node: string }));
    const index = healths.findIndex((h) => h.node === node);
    expect(index).toBeGreaterThanOrEqual(0);
    const polling = pageSocket(onA, 'polling');
    await nextEvent(polling, 'state:public');
    const back = new Promise<void>((resolve) => polling.once('disconnect', () => polling.once('connect', () => resolve())));
    await nodes[index]!.kill();
    await back;
    const org = connectClient(admin, { ca, auth: { token: TEST_ADMIN_TOKEN }, transports: ['websocket'], forceNew: true }) as TestSocket;
    sockets.push(org);
    await nextEvent(org, 'state:organiser');
    const seen = nextEvent<PublicState>(polling, 'state:public', (st) => st.message?.text === 'After a node died');
    expect(await emitRaw(org, 'stage:message', { text: 'After a node died', flash: false })).toMatchObject({ ok: true });
    await seen;
    expect(await nodeOf(onA)).toBe(healths[1 - index]!.node);
  }, 30_000);

  it('two browsers behind nginx are two addresses to the primary, and one that forges X-Forwarded-For is still one', async () => {
    /** A public page on the primary's address through nginx, from a loopback address of its own. */
    const from = (localAddress: string, forwardedFor?: string) => {
      const socket = connectClient(admin, { ca, localAddress, transports: ['websocket'], forceNew: true, reconnection: false, auth: { view: 'screen' }, ...(forwardedFor ? { extraHeaders: { 'x-forwarded-for': forwardedFor } } : {}) } as never) as TestSocket;
      sockets.push(socket);
      return new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (e: Error & { data?: { code?: string } }) => resolve(e.data?.code ?? e.message));
      });
    };
    // nginx's address for both, yet each is counted as itself (the primary allows one page per address here).
    expect(await from('127.0.0.2')).toBe('connected');
    expect(await from('127.0.0.3')).toBe('connected');
    // A second page from 127.0.0.2 is over its cap, whatever address it writes in the header itself.
    expect(await from('127.0.0.2')).toBe('rate-limited');
    expect(await from('127.0.0.2', '203.0.113.9')).toBe('rate-limited');
  });
});
