// Audience load: many sockets watching the public state. Armed by the driver
// before a score goes in, it notes when each socket receives the next state and
// answers with the last arrival, on the machine's shared clock.
import { io, type Socket } from 'socket.io-client';
import { applyStatePatch, type StatePatch } from '../protocol/state-patch.ts';
import type { PublicState } from '../protocol/views.ts';
import { serve } from './lib/rpc.ts';
import { machineNow } from './lib/stats.ts';

let sockets: Socket[] = [];
let round = 0;
let got = new Int32Array(0);
let waiting = 0;
let first = Infinity;
let last = 0;
let latest: PublicState | null = null;
/** The size of the last patch socket 0 received (bytes of JSON), for the report. */
let patchBytes = 0;
let done: (() => void) | null = null;

function open(url: string, index: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { view: 'audience' }, timeout: timeoutMs });
    const timer = setTimeout(() => reject(new Error(`no state within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.once('connect_error', (e) => reject(e));
    socket.once('state:public', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    // An update is the whole state (the bare baseline, a page that joins) or a patch of it (Podium's room).
    const arrived = () => {
      if (got[index] === round || round === 0) return;
      got[index] = round;
      const t = machineNow();
      first = Math.min(first, t);
      last = Math.max(last, t);
      if (--waiting === 0) done?.();
    };
    socket.on('state:public', (state: PublicState) => {
      if (index === 0) latest = state;
      arrived();
    });
    socket.on('public:patch', (patch: StatePatch) => {
      arrived();
      // One socket keeps the state, as a page does, for the baseline to broadcast the same whole state.
      if (index === 0) patchBytes = JSON.stringify(patch).length;
      if (index === 0 && latest) latest = applyStatePatch(latest, latest.rev ?? -1, patch) ?? latest;
    });
  });
}

serve({
  /** `batch`: handshakes at once from this process (100); `timeoutMs`: how long one may take to get its state (60 s). */
  connect: async (p: { url: string; count: number; batch?: number; timeoutMs?: number }) => {
    got = new Int32Array(p.count);
    // In batches: a thousand handshakes at once is a connection storm, not an audience.
    const size = p.batch ?? 100;
    for (let i = 0; i < p.count; i += size) {
      const batch = await Promise.all(Array.from({ length: Math.min(size, p.count - i) }, (_, k) => open(p.url, i + k, p.timeoutMs ?? 60_000)));
      sockets.push(...batch);
    }
    return sockets.length;
  },
  arm: () => {
    round++;
    waiting = sockets.length;
    first = Infinity;
    last = 0;
    return round;
  },
  collect: (p: { timeoutMs: number }) =>
    new Promise((resolve) => {
      const answer = () => resolve({ first, last, missing: waiting });
      if (waiting === 0) return answer();
      const timer = setTimeout(() => {
        done = null;
        answer();
      }, p.timeoutMs);
      done = () => {
        clearTimeout(timer);
        done = null;
        answer();
      };
    }),
  /** The public state as last received (or rebuilt from patches), for the baseline to broadcast the whole of it. */
  payload: () => latest,
  patchBytes: () => patchBytes,
  close: () => {
    for (const s of sockets) s.disconnect();
    sockets = [];
    return null;
  },
});
