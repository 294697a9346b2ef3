// Tokens, failed logins, connections per address, headers, and where secrets
// may (not) appear: pages, exports, the server's log.
import { describe, expect, it } from 'vitest';
import type { JurorState, OrganiserState, PublicState } from '../../protocol/views.ts';
import { tokenWeakness } from '../../protocol/model.ts';
import { readConfig } from '../../server/config.ts';
import { newToken } from '../../server/domain/ids.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import type { AppOptions } from '../../server/app.ts';
import { FailedAttempts, sameSecret } from '../../server/auth/tokens.ts';
import { Store } from '../../server/store.ts';
import { connectAs, emitRaw, importEventFile, socketFor, tempDir, type TestSocket } from '../helpers/app.ts';
import { appsClosedAfterEach } from '../helpers/hardened-app.ts';
import { startChildServer } from '../helpers/child-server.ts';

const { start: startHardened, cleanups } = appsClosedAfterEach();

/** An app with hardening options, listening on every address so IPv4 and IPv6 loopback are two clients. */
const start = (options: Partial<AppOptions> = {}) => startHardened({ ...options, host: '::' });

function refusal(socket: TestSocket): Promise<{ message: string; code?: string }> {
  return new Promise((resolve) => {
    socket.once('connect_error', (e: Error & { data?: { code: string } }) => resolve({ message: e.message, code: e.data?.code }));
    socket.once('connect', () => resolve({ message: 'connected' }));
  });
}

/** Shannon entropy, in bits per symbol, of the characters seen (a plug-in estimate: slightly low, never high). */
function entropyPerChar(chars: string[]): number {
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / chars.length) * Math.log2(n / chars.length);
  return bits;
}

describe('tokens', () => {
  it('the server issues carry at least 120 bits: measured on its juror links and organiser tokens', async () => {
    // Juror links as the organiser gets them: a new juror, then its link reissued again and again.
    const t = await start({ rateLimit: false });
    const { socket: org } = await connectAs<OrganiserState>(t.v4, { token: t.organiserToken }, 'state:organiser');
    const added = (await emitRaw(org, 'juror:save', { name: 'Measured' })) as { ok: true; data: { id: string } };
    expect(added.ok).toBe(true);
    const links = [t.store.data.event.jurors.find((j) => j.id === added.data.id)!.token];
    for (let i = 0; i < 150; i++) {
      const ack = (await emitRaw(org, 'juror:reissue-link', { id: added.data.id })) as { ok: true; data: { token: string } };
      expect(ack.ok).toBe(true);
      links.push(ack.data.token);
    }
    org.disconnect();
    // Organiser tokens as a fresh install generates them, one per new data folder.
    const organiser: string[] = [t.organiserToken];
    for (let i = 0; i < 20; i++) {
      const fresh = await Store.open({ dir: tempDir(), seed: () => demoData() });
      organiser.push(fresh.data.organiserToken);
      await fresh.close();
    }
    // The demo's own jurors (the measured one's last link is already in `links`).
    const demoLinks = t.store.data.event.jurors.filter((j) => j.id !== added.data.id).map((j) => j.token);
    const tokens = [...links, ...organiser, ...demoLinks];

    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Every letter of the 64-letter alphabet is used, about evenly: close to log2(64) = 6 bits per character.
    const chars = tokens.flatMap((token) => [...token]);
    expect(new Set(chars).size).toBe(64);
    const perChar = entropyPerChar(chars);
    expect(perChar).toBeGreaterThan(5.9);
    expect(32 * perChar).toBeGreaterThanOrEqual(120);
    // And at every position, not only overall: no fixed prefix, counter or timestamp.
    for (let position = 0; position < 32; position++) {
      const column = tokens.map((token) => token[position]!);
      expect(new Set(column).size, `distinct characters at position ${position}`).toBeGreaterThan(45);
      expect(entropyPerChar(column), `entropy at position ${position}`).toBeGreaterThan(5.2);
    }
  });

  it('are compared whole, whatever the lengths (the comparison is over fixed-size digests)', () => {
    const token = newToken();
    expect(sameSecret(token, token)).toBe(true);
    expect(sameSecret(token, token.slice(0, -1))).toBe(false);
    expect(sameSecret(token, `${token}x`)).toBe(false);
    expect(sameSecret(token, '')).toBe(false);
    expect(sameSecret(token, token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a'))).toBe(false);
  });
});

describe('failed connections per address', () => {
  it('refuses an address after repeated bad tokens, while the right token still gets in from there', async () => {
    const t = await start({ failedAttempts: new FailedAttempts(3, 60_000) });
    for (let i = 0; i < 3; i++) {
      const s = socketFor(t.v4, { token: newToken() });
      expect(await refusal(s)).toMatchObject({ code: 'unauthorised', message: expect.stringMatching(/not valid/) });
      s.disconnect();
    }
    // Guessing from this address now waits out the window, without the token even being looked at.
    const guess = socketFor(t.v4, { token: newToken() });
    expect(await refusal(guess)).toMatchObject({ code: 'rate-limited', message: expect.stringMatching(/Too many failed attempts/) });
    guess.disconnect();
    // The pages without a token are never held back: behind a venue NAT the guesser's address is the room's.
    for (const view of ['audience', 'screen', 'stage']) {
      const page = await connectAs<PublicState>(t.v4, { view }, 'state:public');
      expect(page.first.teams.length, view).toBeGreaterThan(0);
      page.socket.disconnect();
    }
    // Someone else behind the same address (a venue NAT) guessed: the organiser and jurors still get in.
    const { socket, first } = await connectAs<OrganiserState>(t.v4, { token: t.organiserToken }, 'state:organiser');
    expect(first.data.event.jurors.length).toBeGreaterThan(0);
    socket.disconnect();
    const juror = await connectAs<JurorState>(t.v4, { token: t.store.data.event.jurors[0]!.token }, 'state:juror');
    expect(juror.first.juror.id).toBe(t.store.data.event.jurors[0]!.id);
    juror.socket.disconnect();
    // The other loopback address (IPv6) has not failed: anyone gets in from there.
    const elsewhere = await connectAs<PublicState>(t.v6, { view: 'audience' }, 'state:public');
    expect(elsewhere.first.teams.length).toBeGreaterThan(0);
    elsewhere.socket.disconnect();
  });

  it('counts wrong organiser tokens on the export API too', async () => {
    const t = await start({ failedAttempts: new FailedAttempts(3, 60_000) });
    const get = (base: string, token: string) => fetch(`${base}/api/event.json`, { headers: { Authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i++) expect((await get(t.v4, newToken())).status).toBe(401);
    const blocked = await get(t.v4, newToken());
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toMatchObject({ error: { code: 'rate-limited' } });
    expect((await get(t.v4, t.organiserToken)).status).toBe(200);
    expect((await get(t.v6, t.organiserToken)).status).toBe(200);
  });

  it('forgets failures once the window has passed', () => {
    const failures = new FailedAttempts(2, 1000);
    failures.record('a', 0);
    failures.record('a', 10);
    expect(failures.blocked('a', 500)).toBe(true);
    expect(failures.blocked('b', 500)).toBe(false);
    expect(failures.blocked('a', 1011)).toBe(false);
  });

  it('does not grow without bound when many addresses fail once', () => {
    const failures = new FailedAttempts(10, 1000);
    for (let i = 0; i < 30_000; i++) failures.record(`10.0.${i >> 8}.${i & 255}`, i * 0.1);
    expect(failures.size).toBeLessThanOrEqual(20_000);
  });
});

describe('connections per address', () => {
  it('caps open connections from one address, and frees a place when one closes', async () => {
    const t = await start({ maxConnectionsPerAddress: 3 });
    const open: TestSocket[] = [];
    for (let i = 0; i < 3; i++) open.push((await connectAs<PublicState>(t.v4, { view: 'audience' }, 'state:public')).socket);
    const fourth = socketFor(t.v4, { view: 'audience' });
    expect(await refusal(fourth)).toMatchObject({ code: 'rate-limited', message: expect.stringMatching(/Too many open connections/) });
    fourth.disconnect();
    const elsewhere = await connectAs<PublicState>(t.v6, { view: 'audience' }, 'state:public');
    expect(elsewhere.first.teams.length).toBeGreaterThan(0);
    elsewhere.socket.disconnect();
    open.pop()!.disconnect();
    // Wait until the server has seen both goodbyes (the two still open from this address remain).
    await expect.poll(() => t.app.io.of('/').sockets.size).toBe(2);
    const again = await connectAs<PublicState>(t.v4, { view: 'audience' }, 'state:public');
    expect(again.first.teams.length).toBeGreaterThan(0);
    for (const s of [...open, again.socket]) s.disconnect();
  });
});

describe('pages and exports', () => {
  it('sends the security headers with every answer: pages, assets, health, errors', async () => {
    const t = await start();
    const juror = t.store.data.event.jurors[0]!;
    const index = await (await fetch(`${t.v4}/`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(asset).toBeDefined();
    for (const path of ['/', '/screen', '/stage', '/organiser', `/jury/${juror.token}`, asset!, '/healthz', '/nowhere', '/api/event.json']) {
      const res = await fetch(t.v4 + path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it('keeps tokens out of every public page and answer; only the organiser export carries the juror links', async () => {
    const t = await start();
    const secrets = [t.organiserToken, ...t.store.data.event.jurors.map((j) => j.token)];
    const juror = t.store.data.event.jurors[0]!;
    for (const path of ['/', '/screen', '/stage', '/organiser', `/jury/${juror.token}`, '/healthz', '/api/event.json', '/api/results.json']) {
      const body = await (await fetch(t.v4 + path)).text();
      for (const s of secrets) expect(body.includes(s), `${path} leaks a token`).toBe(false);
    }
    const wrong = await fetch(`${t.v4}/api/event.json`, { headers: { Authorization: `Bearer ${juror.token}` } });
    expect(wrong.status).toBe(401);
    const sheet = await fetch(`${t.v4}/api/event.json`, { headers: { Authorization: `Bearer ${t.organiserToken}` } });
    expect(sheet.status).toBe(200);
    expect(await sheet.text()).toContain(juror.token);
    // The organiser's other exports (results, marks, audit) need no links, so they carry none.
    for (const path of ['/api/results.json', '/api/results.csv', '/api/scores.csv', '/api/audit.csv', '/api/audit.json']) {
      const body = await (await fetch(t.v4 + path, { headers: { Authorization: `Bearer ${t.organiserToken}` } })).text();
      for (const s of secrets) expect(body.includes(s), `${path} carries a token`).toBe(false);
    }
    const { socket, first } = await connectAs(t.v4, { view: 'screen' }, 'state:public');
    for (const s of secrets) expect(JSON.stringify(first)).not.toContain(s);
    socket.disconnect();
  });
});

describe('the server log', () => {
  it('never prints a token after the start-up banner, not even a wrong or replaced one', async () => {
    const server = await startChildServer(tempDir());
    cleanups.push(() => server.kill());
    const banner = server.output();
    const jurorToken = /\/jury\/([A-Za-z0-9_-]{32})/.exec(banner)![1]!;
    const guessed = jurorToken.slice(0, -1) + (jurorToken.endsWith('A') ? 'B' : 'A');
    const attempts = [guessed, newToken(), `${server.organiserToken}x`];
    for (const token of attempts) {
      const s = socketFor(server.url, { token });
      expect((await refusal(s)).code).toBe('unauthorised');
      s.disconnect();
    }
    await fetch(`${server.url}/api/event.json`, { headers: { Authorization: `Bearer ${guessed}` } });
    // A replaced link, then an organiser command that fails inside.
    const org = socketFor(server.url, { token: server.organiserToken });
    const state = await new Promise<{ data: { event: { jurors: { id: string }[] } } }>((r) => org.once('state:organiser', r as never));
    const reissued = (await emitRaw(org, 'juror:reissue-link', { id: state.data.event.jurors[0]!.id })) as { data: { token: string } };
    const old = socketFor(server.url, { token: jurorToken });
    expect((await refusal(old)).code).toBe('unauthorised');
    old.disconnect();
    await emitRaw(org, 'team:import-csv', { csv: '\u0000' });
    org.disconnect();
    // Stop it cleanly and wait until its output pipes are closed: everything it printed is read.
    const closed = new Promise((r) => server.process.once('close', r));
    server.process.kill('SIGTERM');
    await closed;
    expect(server.process.exitCode).toBe(0);
    const after = server.output().slice(banner.length);
    for (const secret of [...attempts, jurorToken, reissued.data.token, server.organiserToken]) expect(after).not.toContain(secret);
  });
});

describe('weak and clashing tokens', () => {
  const weak = ['aaaaaaaaaaaaaaaaaaaa', 'abababababababababababab', 'abcdefghabcdefghabcd', '0000000000000000000000000001', 'short-token'];
  const strong = ['test-organiser-token-0123456789', 'V1StGXR8_Z5jdHi6B-myT', ...Array.from({ length: 500 }, () => newToken())];

  it('calls low-variety tokens weak and random ones strong', () => {
    for (const token of weak) expect(tokenWeakness(token), token).not.toBeNull();
    for (const token of strong) expect(tokenWeakness(token), token).toBeNull();
    // Twenty random characters, the shortest token allowed, pass too.
    for (let i = 0; i < 500; i++) expect(tokenWeakness(newToken().slice(0, 20))).toBeNull();
  });

  it('will not start with a weak PODIUM_ADMIN_TOKEN, and says why', async () => {
    for (const token of weak) {
      expect(() => readConfig({ PODIUM_ADMIN_TOKEN: token }), token).toThrow(/PODIUM_ADMIN_TOKEN is too weak/);
    }
    expect(readConfig({ PODIUM_ADMIN_TOKEN: 'test-organiser-token-0123456789' }).organiserToken).toBe('test-organiser-token-0123456789');
    const refused = await startChildServer(tempDir(), { PODIUM_ADMIN_TOKEN: 'aaaaaaaaaaaaaaaaaaaa' }).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/exited with 1[\s\S]*cannot start[\s\S]*PODIUM_ADMIN_TOKEN is too weak/);
    expect(refused).not.toMatch(/at readConfig|\.ts:\d+/); // a message for a person, not a stack trace
  });

  it('will not start when PODIUM_ADMIN_TOKEN is a juror link', async () => {
    const dir = tempDir();
    const first = await startChildServer(dir);
    const jurorToken = /\/jury\/([A-Za-z0-9_-]{32})/.exec(first.output())![1]!;
    await first.kill();
    const refused = await startChildServer(dir, { PODIUM_ADMIN_TOKEN: jurorToken }).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/cannot start[\s\S]*personal link of juror/);
  });

  it('refuses an import whose juror link is weak, or is the organiser token in force', async () => {
    // The token in force differs from the stored one, as with PODIUM_ADMIN_TOKEN.
    const inForce = 'effective-organiser-token-0123456789';
    const t = await start({ organiserToken: inForce });
    const event = structuredClone(t.store.data.event);
    const before = JSON.stringify(t.store.data);
    const attempts: [string, string, RegExp][] = [
      ['weak', 'aaaaaaaaaaaaaaaaaaaa', /too weak/],
      ['repeating', 'abababababababababababab', /too weak/],
      ['the organiser token in force', inForce, /organiser link/],
      ['the stored organiser token', t.store.data.organiserToken, /organiser link/],
    ];
    for (const [what, token, message] of attempts) {
      const file = { ...event, jurors: event.jurors.map((j, i) => (i === 1 ? { ...j, token } : j)) };
      const ack = await importEventFile(t.v4, inForce, JSON.stringify({ event: file }));
      expect(ack, what).toMatchObject({ status: 400, ok: false, error: { code: 'bad-request', message: expect.stringMatching(message) } });
      expect(JSON.stringify(t.store.data), what).toBe(before);
    }
    // The same file with strong, distinct links goes in.
    expect(await importEventFile(t.v4, inForce, JSON.stringify({ event }))).toMatchObject({ ok: true, status: 200 });
  });
});

describe('the Authorization header', () => {
  it('takes the Bearer scheme in any case, and does not count it as an attack', async () => {
    const t = await start({ failedAttempts: new FailedAttempts(2, 60_000) });
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${t.v4}/api/event.json`, { headers: { Authorization: `${scheme} ${t.organiserToken}` } });
        expect(res.status, scheme).toBe(200);
      }
    }
    // No failure was recorded: a wrong token from here is still answered 401, not 429.
    expect((await fetch(`${t.v4}/api/event.json`, { headers: { Authorization: `bearer ${newToken()}` } })).status).toBe(401);
  });
});
