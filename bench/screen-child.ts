// A screen in a process of its own, keeping the server's clock as the pages do
// (the same estimator, the same pings), on a local clock of its own that is
// deliberately wrong by `skewMs`. Asked for the time at a machine instant, it
// answers with its estimate of the server's clock then.
import { io, type Socket } from 'socket.io-client';
import { addSample, estimate, type ClockSample } from '../client/src/lib/clock-estimator.ts';
import { serve } from './lib/rpc.ts';
import { machineNow, sleep } from './lib/stats.ts';

let socket: Socket | null = null;
let skewMs = 0;
let samples: ClockSample[] = [];
let offset: number | null = null;
let pinger: NodeJS.Timeout | null = null;

/** The device's own clock: monotonic, but with an origin that has nothing to do with the server's. */
const local = () => performance.now() + skewMs;

async function ping(): Promise<void> {
  if (!socket?.connected) return;
  const sentAt = local();
  const result = (await socket.timeout(4000).emitWithAck('clock:ping', {}).catch(() => null)) as { ok: boolean; data: { serverNow: number } } | null;
  const receivedAt = local();
  if (!result?.ok) return;
  samples = addSample(samples, { sentAt, serverNow: result.data.serverNow, receivedAt });
  offset = estimate(samples)?.offset ?? offset;
}

serve({
  connect: (p: { url: string; skewMs: number }) =>
    new Promise<null>((resolve, reject) => {
      skewMs = p.skewMs;
      socket = io(p.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { view: 'screen' } });
      socket.once('connect_error', reject);
      socket.once('connect', () => {
        // As the page does: a burst at connect, then a ping every two seconds.
        for (let i = 0; i < 12; i++) setTimeout(() => void ping(), i * 60);
        pinger = setInterval(() => void ping(), 2000);
        resolve(null);
      });
    }),
  /** The estimated server time at each machine instant (all in the future when asked). */
  readAt: async (p: { instants: number[] }) => {
    const readings: number[] = [];
    for (const at of p.instants) {
      const wait = at - machineNow();
      if (wait > 2) await sleep(wait - 2);
      while (machineNow() < at);
      const late = machineNow() - at;
      readings.push(local() + (offset ?? Number.NaN) - late);
    }
    return readings;
  },
  close: () => {
    if (pinger) clearInterval(pinger);
    socket?.disconnect();
    return null;
  },
});
