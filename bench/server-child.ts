// The server under test, in a process of its own so that its memory and CPU
// are its own: either Podium, or the bare Socket.IO baseline that only
// broadcasts a fixed payload of the same size.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { Server } from 'socket.io';
import { createApp, type App } from '../server/app.ts';
import { servePrimary } from '../server/fanout/primary.ts';
import { clusterAdapter, connectRedis, type RedisLink } from '../server/fanout/redis.ts';
import { Store } from '../server/store.ts';
import { heldMemoryMedian, v8Slack } from './lib/held-memory.ts';
import { serve } from './lib/rpc.ts';
import { BENCH_ORGANISER_TOKEN, benchData, teamsByJuror, type BenchEventSize } from './lib/seed.ts';

export interface Started {
  port: number;
  organiserToken: string;
  jurorTokens: string[];
  teamIds: string[];
  criterionIds: string[];
  /** The teams each juror judges (their panel's; every team without panels). */
  teamsByJuror: string[][];
  /** The event's rooms. */
  roomIds: string[];
}

let app: App | null = null;
let store: Store | null = null;
let bare: Server | null = null;
let dir: string | null = null;
let redis: RedisLink | null = null;
let payload: unknown = null;
let anchorTimer: ReturnType<typeof setInterval> | null = null;
const loop = monitorEventLoopDelay({ resolution: 5 });
/** The CPU profile being taken (profileStart), if any. */
let profiler: Session | null = null;
loop.enable();

async function startPodium(p: { jurors: number; distDir: string; redisUrl?: string } & BenchEventSize): Promise<Started> {
  dir = mkdtempSync(join(tmpdir(), 'podium-bench-'));
  const data = benchData(p.jurors, p);
  store = await Store.open({ dir, seed: () => data });
  // A cluster's primary (bench/fanout.ts): its broadcasts reach the fan-out nodes through Redis.
  if (p.redisUrl) redis = await connectRedis(p.redisUrl);
  // Every client is on 127.0.0.1 here; the per-address cap is for the venue, not for this room.
  app = createApp({ store, distDir: p.distDir, maxConnectionsPerAddress: 1_000_000, devicePasses: { perAddress: 1_000_000 }, ...(redis ? { adapter: clusterAdapter(redis) } : {}) });
  if (redis) {
    const { broadcaster } = app;
    servePrimary({ io: app.io, store, clock: { now: () => Date.now() }, devices: app.devices, snapshot: () => broadcaster.clusterSnapshot(), changed: (c) => broadcaster.changed(c) });
  }
  const port = await app.listen(0, '127.0.0.1');
  return {
    port,
    organiserToken: BENCH_ORGANISER_TOKEN,
    jurorTokens: store.data.event.jurors.map((j) => j.token),
    teamIds: store.data.event.teams.map((t) => t.id),
    criterionIds: store.data.event.criteria.map((c) => c.id),
    teamsByJuror: teamsByJuror(store.data),
    roomIds: (store.data.event.rooms ?? []).map((r) => r.id),
  };
}

/** What a bare Socket.IO app does for a score: answer, then broadcast on the next turn. */
async function startBare(p: { anchorMs?: number; anchorBytes?: number } = {}): Promise<Started> {
  const http = createServer();
  bare = new Server(http, { serveClient: false, pingInterval: 10_000, pingTimeout: 8_000, maxHttpBufferSize: 6_000_000 });
  bare.on('connection', (socket) => {
    void socket.join('public');
    // Like Podium's snapshot on connect, so a socket knows it is watching.
    socket.emit('state:public', payload);
    socket.on('submit', (_p: unknown, ack: (r: unknown) => void) => {
      ack({ ok: true, data: null });
      setImmediate(() => bare!.to('public').emit('state:public', payload));
    });
  });
  // Like Podium's clock heartbeat (server/app.ts), when asked: a message of the anchor's size (its JSON is ~150 bytes) to every socket.
  if (p.anchorMs) {
    const anchor = { pad: 'x'.repeat(p.anchorBytes ?? 120) };
    let seq = 0;
    anchorTimer = setInterval(() => bare!.emit('clock:anchor', { ...anchor, seq: ++seq, now: Date.now() }), p.anchorMs);
  }
  const port = await new Promise<number>((r) => http.listen(0, '127.0.0.1', () => r((http.address() as { port: number }).port)));
  return { port, organiserToken: '', jurorTokens: ['bare-juror'], teamIds: ['t'], criterionIds: ['c'], teamsByJuror: [['t']], roomIds: [] };
}

/**
 * One reading of the process's memory after full garbage collections: resident memory (what the
 * issue's target is about: V8's heap pages, Socket.IO's and the sockets' native memory, malloc's
 * arenas), the part of it that is V8's young generation (`young`: its semi-spaces' resident pages),
 * and what V8 accounts for (`heapUsed`, the live JavaScript objects, plus `external`, the memory
 * of Buffers and ArrayBuffers held by them: Node counts `arrayBuffers` inside `external`, so it is
 * not added again). A turn of the event loop between collections lets weak callbacks and
 * finalizers run, so that what they free is collected too.
 *
 * The young generation is V8's scratch space for new objects, of one size for the whole process
 * whatever it holds: V8 grows it (1 MB to 32 MB here) when enough survives its scavenges, as in a
 * storm of handshakes, and shrinks it back to 1 MB at a full collection once the process has
 * allocated little for some 5 s (a plain Node script: 32 MB through six forced collections a second
 * apart, 1 MB at the seventh). So at a reading it is 1 MB or 32 MB by the timing of the last
 * second's pings and heartbeats, not by the sockets: bench/memory-probe.ts found Podium's 10 KB a
 * socket more than the bare server's at 3,000 all there (heapUsed 11.3 against 11.0 KB), and in the
 * next run the bare server's had grown too (23.0 against 22.0 KB). The same holds of free pages in
 * V8's other spaces: `slack` is every space's resident pages minus its live objects, room V8 keeps
 * from earlier garbage by the timing of its collections. The driver compares resident memory without
 * it (bench/score-to-room.ts).
 */
async function settledMemory(): Promise<{ rss: number; young: number; slack: number; heap: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 2; i++) {
    gc?.();
    await new Promise((r) => setImmediate(r));
  }
  // The last collection and the reading in one go: a turn between them ran I/O callbacks (the
  // sockets' pings, timers) that allocated after it (9 MB of young objects were in use at one
  // reading at 3,000 sockets, in bench/memory-probe.ts), counted as the audience's.
  gc?.();
  const m = process.memoryUsage();
  const spaces = getHeapSpaceStatistics();
  const young = spaces.find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;
  // V8's resident bytes not taken by live objects, in every space: free room kept from earlier garbage.
  const slack = v8Slack();
  return { rss: m.rss, young, slack, heap: m.heapUsed + m.external };
}

/** /proc/self/smaps_rollup's figures (kB), by name. */
function smapsRollup(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync('/proc/self/smaps_rollup', 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+) kB/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** The mappings of /proc/self/smaps with their resident kB, the biggest first: where resident memory is. */
function smapsMappings(top: number): { range: string; name: string; sizeKb: number; rssKb: number; anonKb: number }[] {
  const out: { range: string; name: string; sizeKb: number; rssKb: number; anonKb: number }[] = [];
  let current: (typeof out)[number] | null = null;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^([0-9a-f]+-[0-9a-f]+)\s+\S+\s+\S+\s+\S+\s+\S+\s*(.*)$/.exec(line);
    if (head) {
      current = { range: head[1]!, name: head[2] ?? '', sizeKb: 0, rssKb: 0, anonKb: 0 };
      out.push(current);
      continue;
    }
    const m = /^(\w+):\s+(\d+) kB/.exec(line);
    if (!m || !current) continue;
    if (m[1] === 'Size') current.sizeKb = Number(m[2]);
    if (m[1] === 'Rss') current.rssKb = Number(m[2]);
    if (m[1] === 'Anonymous') current.anonKb = Number(m[2]);
  }
  return out.sort((a, b) => b.rssKb - a.rssKb).slice(0, top);
}

serve({
  start: (p: { mode: 'podium' | 'bare'; jurors?: number; distDir?: string; payload?: unknown; redisUrl?: string; anchorMs?: number; anchorBytes?: number } & BenchEventSize) => {
    payload = p.payload ?? null;
    return p.mode === 'bare' ? startBare(p) : startPodium({ ...p, jurors: p.jurors ?? 4, distDir: p.distDir ?? tmpdir() });
  },
  setPayload: (p: { payload: unknown }) => {
    payload = p.payload;
    return null;
  },
  /** Held memory (bench/lib/held-memory.ts): what bench/fanout.ts compares. */
  held: () => heldMemoryMedian(),
  /** One reading of resident memory, its young generation's part, and V8's heap after full garbage collections (bytes); the driver takes several. */
  memory: () => settledMemory(),
  /**
   * Where this process's memory is, after full garbage collections (bench/memory-probe.ts): Node's
   * figures, V8's heap by space (committed, used, resident), /proc's rollup and its biggest mappings.
   */
  memoryDetail: async (p: { top?: number } = {}) => {
    await settledMemory();
    return {
      usage: process.memoryUsage(),
      heap: getHeapStatistics(),
      spaces: getHeapSpaceStatistics(),
      rollup: smapsRollup(),
      mappings: smapsMappings(p.top ?? 12),
    };
  },
  /** Writes a heap snapshot of this server (after a full garbage collection) to `file` (bench/heap-per-socket.ts). */
  heapSnapshot: (p: { file: string }) => {
    (globalThis as { gc?: () => void }).gc?.();
    return writeHeapSnapshot(p.file);
  },
  /** A CPU profile of what the server does from now until `profileStop` (BENCH_BURST_PROFILE in bench/durable-ack.ts). */
  profileStart: async () => {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.post('Profiler.start');
    return null;
  },
  /** Writes the profile begun by `profileStart` to `file` (a .cpuprofile, for Chrome's DevTools). */
  profileStop: async (p: { file: string }) => {
    if (!profiler) return null;
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(p.file, JSON.stringify(profile));
    profiler.disconnect();
    profiler = null;
    return p.file;
  },
  /** How long the server's event loop was held up since the last call (ms): p99 and max. */
  loopDelay: () => {
    const figures = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    loop.reset();
    return figures;
  },
  /** CPU time used so far (ms): less noisy than wall time on a busy machine. */
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
  /** Folds the change log into podium.json now (as when it goes quiet): how long it took, and the longest the event loop was held up meanwhile (ms). */
  compact: async () => {
    loop.reset();
    const started = performance.now();
    await store?.compact();
    return { ms: performance.now() - started, stall: loop.max / 1e6 };
  },
  dataFileBytes: () => (store ? statSync(store.file).size : 0),
  /** The snapshot (podium.json) and the change log (podium.log), in bytes. */
  storeBytes: () => ({ snapshot: store ? statSync(store.file).size : 0, log: store ? statSync(store.logFile).size : 0 }),
  /** The people's vote: each ballot's device and revision, for the vote burst to check every acknowledged vote counts. */
  ballots: () => Object.fromEntries(Object.entries(store?.data.ballots ?? {}).map(([device, b]) => [device, b.revision])),
  sockets: () => (app ? app.io.engine.clientsCount : (bare?.engine.clientsCount ?? 0)),
  stop: async () => {
    if (anchorTimer) clearInterval(anchorTimer);
    await app?.close();
    await new Promise<void>((r) => (bare ? bare.close(() => r()) : r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
    return null;
  },
});
