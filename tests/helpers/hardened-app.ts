// A real Podium built with any AppOptions (rate limits, size caps, a clock), for the tests of
// its limits: message-limits.test.ts and flood.test.ts. Whatever a test opens is closed after it.
import { afterEach } from 'vitest';
import type { JurorState, OrganiserState } from '../../protocol/views.ts';
import { createApp, type AppOptions } from '../../server/app.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { Store } from '../../server/store.ts';
import { connectAs, distDir, tempDir } from './app.ts';

/**
 * Registers an afterEach that runs the returned `cleanups` (last first), and returns `start`,
 * which opens the demo event on an ephemeral port and connects organisers and jurors on demand.
 */
export function appsClosedAfterEach() {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function start(options: Partial<AppOptions> = {}) {
    const store = await Store.open({ dir: tempDir(), seed: () => demoData() });
    const app = createApp({ store, distDir, ...options });
    const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    cleanups.push(() => app.close());
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
    return { store, app, url, organiser, juror };
  }

  return { start, cleanups };
}
