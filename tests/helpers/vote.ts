// The people's vote in tests: a phone's signed device pass (as the audience page gets it)
// and a socket that carries it in its handshake, as a browser sends its cookie.
import { io as connectClient } from 'socket.io-client';
import type { PublicState } from '../../protocol/views.ts';
import { createApp, type AppOptions } from '../../server/app.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { Store } from '../../server/store.ts';
import { distDir, followPublic, tempDir, type TestApp, type TestSocket } from './app.ts';

/** startApp's twin with the vote's own options (device pass limits, rate limits). */
export async function startVoteApp(options: Pick<AppOptions, 'devicePasses' | 'rateLimit' | 'maxConnectionsPerAddress'> & { dir?: string } = {}): Promise<TestApp> {
  const dir = options.dir ?? tempDir();
  const store = await Store.open({ dir, seed: () => demoData() });
  const app = createApp({ store, distDir, ...options });
  const port = await app.listen(0, '127.0.0.1');
  return {
    app,
    store,
    url: `http://127.0.0.1:${port}`,
    dir,
    organiserToken: app.organiserToken(),
    data: () => store.data,
    // The store too (startApp's close says why).
    close: () => app.close().then(() => store.close()),
  };
}

/** Asks the server for a new device pass (POST /vote/device), as a phone without one does; returns the cookie. */
export async function devicePass(url: string): Promise<string> {
  const res = await fetch(`${url}/vote/device`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`no device pass: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('no Set-Cookie');
  return cookie.split(';')[0]!;
}

/** A socket of the audience page with `cookie` (a device pass, or anything else to test refusals). */
export function voterSocket(url: string, cookie: string | null, view: string | null = 'audience'): TestSocket {
  return followPublic(connectClient(url, {
    auth: view ? { view } : {},
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  }) as TestSocket);
}

/** Connects a voter and resolves once its first public state arrived. */
export async function voter(url: string, cookie: string | null, view: string | null = 'audience'): Promise<{ socket: TestSocket; first: PublicState }> {
  const socket = voterSocket(url, cookie, view);
  const first = await new Promise<PublicState>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no state:public within 5 s')), 5000);
    socket.once('connect_error', (e) => (clearTimeout(timer), reject(e)));
    socket.once('state:public', (s) => (clearTimeout(timer), resolve(s)));
  });
  return { socket, first };
}
