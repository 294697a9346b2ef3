// PODIUM_TRUST_PROXY: behind a reverse proxy the per-address limits (open connections, failed
// attempts) count the people the proxy forwards (X-Forwarded-For), and only a trusted proxy's
// header is believed: anyone else who sends one is counted at their own address.
import type { IncomingMessage } from 'node:http';
import { io as connectClient } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { FailedAttempts } from '../../server/auth/tokens.ts';
import { readConfig } from '../../server/config.ts';
import { newToken } from '../../server/domain/ids.ts';
import { clientAddress, parseTrustProxy } from '../../server/http/client-address.ts';
import type { TestSocket } from '../helpers/app.ts';
import { appsClosedAfterEach } from '../helpers/hardened-app.ts';

const { start, cleanups } = appsClosedAfterEach();

/** A public page sent as if through a proxy that says it forwards `forwardedFor`. */
function page(url: string, forwardedFor: string): TestSocket {
  const socket = connectClient(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-forwarded-for': forwardedFor }, auth: { view: 'audience' } }) as TestSocket;
  cleanups.push(() => void socket.disconnect());
  return socket;
}

/** Whether the page got in: 'connected', or the refusal's code. */
const outcome = (socket: TestSocket): Promise<string> =>
  new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (e: Error & { data?: { code?: string } }) => resolve(e.data?.code ?? e.message));
  });

const request = (peer: string, forwardedFor?: string) => ({ socket: { remoteAddress: peer }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

describe('PODIUM_TRUST_PROXY', () => {
  it('reads a hop count or addresses and ranges as Express does, and refuses anything else', () => {
    expect(parseTrustProxy(undefined)).toBeNull();
    expect(parseTrustProxy(' ')).toBeNull();
    expect(parseTrustProxy('0')).toBeNull();
    // A client that forged "6.6.6.6" before the proxy appended its real address.
    const forged = request('10.0.0.2', '6.6.6.6, 203.0.113.7');
    expect(clientAddress(forged, null)).toBe('10.0.0.2');
    expect(clientAddress(forged, parseTrustProxy('10.0.0.2'))).toBe('203.0.113.7');
    expect(clientAddress(forged, parseTrustProxy('10.0.0.0/8, 192.168.1.1'))).toBe('203.0.113.7');
    expect(clientAddress(forged, parseTrustProxy('1'))).toBe('203.0.113.7');
    // Two hops trusted: the forged entry is believed, as the operator said.
    expect(clientAddress(forged, parseTrustProxy('2'))).toBe('6.6.6.6');
    // Not from a trusted proxy: the header is not read at all.
    expect(clientAddress(request('198.51.100.9', '6.6.6.6'), parseTrustProxy('10.0.0.2'))).toBe('198.51.100.9');
    expect(clientAddress(request('127.0.0.1', '6.6.6.6'), parseTrustProxy('loopback'))).toBe('6.6.6.6');
    expect(() => parseTrustProxy('not-an-address')).toThrow(/PODIUM_TRUST_PROXY/);
    expect(() => readConfig({ PODIUM_TRUST_PROXY: '10.0.0.0/99' }, [])).toThrow(/PODIUM_TRUST_PROXY/);
    expect(readConfig({ PODIUM_TRUST_PROXY: 'loopback' }, []).trustProxy).toBeTypeOf('function');
    expect(readConfig({}, []).trustProxy).toBeNull();
  });

  it('behind a trusted proxy, counts open connections per person forwarded, not per proxy', async () => {
    const t = await start({ maxConnectionsPerAddress: 1, trustProxy: parseTrustProxy('loopback') });
    expect(await outcome(page(t.url, '203.0.113.1'))).toBe('connected');
    expect(await outcome(page(t.url, '203.0.113.2'))).toBe('connected');
    // The same person again is over their cap, even if they forge another address before the proxy's.
    expect(await outcome(page(t.url, '203.0.113.1'))).toBe('rate-limited');
    expect(await outcome(page(t.url, '198.51.100.50, 203.0.113.1'))).toBe('rate-limited');
  });

  it('ignores X-Forwarded-For from anyone who is not a trusted proxy (spoofing)', async () => {
    // Only 10.9.9.9 is a proxy here; the test's client (127.0.0.1) is not.
    const t = await start({ maxConnectionsPerAddress: 1, trustProxy: parseTrustProxy('10.9.9.9') });
    expect(await outcome(page(t.url, '203.0.113.1'))).toBe('connected');
    // A new forged address each time does not buy a new place: all are 127.0.0.1's.
    expect(await outcome(page(t.url, '203.0.113.2'))).toBe('rate-limited');
    expect(await outcome(page(t.url, '203.0.113.3'))).toBe('rate-limited');
  });

  it('blocks the guesser behind a trusted proxy, not everyone else behind it; without trust, a forged header does not escape the block', async () => {
    const get = (url: string, token: string, forwardedFor: string) => fetch(`${url}/api/event.json`, { headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': forwardedFor } }).then((r) => r.status);
    const proxied = await start({ failedAttempts: new FailedAttempts(2, 60_000), trustProxy: parseTrustProxy('127.0.0.1') });
    expect(await get(proxied.url, newToken(), '203.0.113.1')).toBe(401);
    expect(await get(proxied.url, newToken(), '203.0.113.1')).toBe(401);
    expect(await get(proxied.url, newToken(), '203.0.113.1')).toBe(429);
    // Someone else behind the same proxy has not guessed.
    expect(await get(proxied.url, newToken(), '203.0.113.2')).toBe(401);
    // The socket handshake counts the same failures.
    const guess = connectClient(proxied.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-forwarded-for': '203.0.113.1' }, auth: { token: newToken() } }) as TestSocket;
    cleanups.push(() => void guess.disconnect());
    expect(await outcome(guess)).toBe('rate-limited');

    const direct = await start({ failedAttempts: new FailedAttempts(2, 60_000) });
    expect(await get(direct.url, newToken(), '203.0.113.1')).toBe(401);
    expect(await get(direct.url, newToken(), '203.0.113.2')).toBe(401);
    expect(await get(direct.url, newToken(), '203.0.113.3')).toBe(429);
  });
});
