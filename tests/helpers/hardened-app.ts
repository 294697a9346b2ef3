// A real Podium built with any AppOptions (rate limits, size caps, a clock, a token), for the
// tests of its limits and its security: security.test.ts, message-limits.test.ts and
// flood.test.ts. Whatever a test opens is closed after it.
import { afterEach } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import type { JurorState, OrganiserState } from '../../protocol/views.ts';
import { createApp, type AppOptions } from '../../server/app.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { Store } from '../../server/store.ts';
import { connectAs, distDir, tempDir } from './app.ts';

export interface HardenedOptions extends Partial<AppOptions> {
  /** The data the store starts with; the demo event by default. */
  seed?: () => PodiumData;
  /** '::' listens on every address, so IPv4 and IPv6 loopback are two clients (`v4`, `v6`). */
  host?: '127.0.0.1' | '::';
}

/**
 * Registers an afterEach that runs the returned `cleanups` (last first), and returns `start`,
 * which opens an event (the demo's unless `seed` says) on an ephemeral port and connects
 * organisers and jurors on demand.
 */
export function appsClosedAfterEach() {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function start({ seed = () => demoData(), host = '127.0.0.1', ...options }: HardenedOptions = {}) {
    const store = await Store.open({ dir: tempDir(), seed });
    const app = createApp({ store, distDir, ...options });
    const port = await app.listen(0, host);
    // The store too (startApp's close says why).
    cleanups.push(() => app.close().then(() => store.close()));
    const url = `http://127.0.0.1:${port}`;
    const organiser = async () => {
      const { socket } = await connectAs<OrganiserState>(url, { token: app.organiserToken() }, 'state:organiser');
      cleanups.push(() => void socket.disconnect());
      return socket;
    };
    const juror = async (i: number) => {
      const { socket } = await connectAs<JurorState>(url, { token: store.data.event.jurors[i]!.token }, 'state:juror');
      cleanups.push(() => void socket.disconnect());
      return socket;
    };
    return { store, app, url, v4: url, v6: `http://[::1]:${port}`, organiserToken: app.organiserToken(), organiser, juror };
  }

  return { start, cleanups };
}
