// Benchmarks 1 and 5: how long after a juror's acknowledgement the last
// audience socket has the new ranking, against a bare Socket.IO server that
// broadcasts a payload of the same size to the same sockets; and the server's
// memory per connected audience socket (resident, and V8's heap), measured the
// same way on both.
import { BenchChild, spread } from './lib/rpc.ts';
import type { Started } from './server-child.ts';
import { median, percentile, sleep } from './lib/stats.ts';

export interface ScoreToRoomOptions {
  sizes: number[];
  /** Scores per run; each is timed on its own. */
  rounds: number;
  runs: number;
  distDir: string;
  /**
   * Time allowed for the timed scores at one size (both servers); runs stop
   * early past it (each keeps at least 3 scores), so a busy machine still
   * finishes in time. The table says how many scores were timed.
   */
  budgetMs?: number;
  /** Say how long each part took (the full run). */
  log?: boolean;
  /** Audience sockets per client process, at most. */
  socketsPerProcess?: number;
}

export interface Latency {
  /** Median over runs of each run's p50 / p99 (ms). */
  p50: number;
  p99: number;
  /** Audience sockets that missed an update (should be 0). */
  missing: number;
  /** Scores timed, over all runs. */
  scores: number;
}

export interface ScoreToRoomRow {
  sockets: number;
  podium: Latency;
  bare: Latency;
  payloadBytes: number;
  /** What Podium sent the room for the last score: a patch of the state (0: it sent the whole state). */
  patchBytes: number;
}

export interface MemoryRow {
  sockets: number;
  /**
   * What the process holds per audience socket (the target's figure since session 10): resident memory
   * without V8's free pages (`held`), median of the readings connected minus median of those before,
   * over the sockets. V8 keeps free pages from earlier garbage in every space, more or fewer by the
   * timing of its collections (at 1,000 sockets the figure outside the young generation alone read
   * 0.62× and 1.36× a bare socket in two runs of the same code).
   */
  podiumHeldPerSocket: number;
  bareHeldPerSocket: number;
  /**
   * Resident memory per audience socket outside V8's young generation (the target's figure in session 9): median
   * of the readings connected minus median of those before, over the sockets. The young generation
   * is one scratch space for the whole process, 1 MB or 32 MB at a reading by how much it allocated in
   * the last seconds, not by what it holds (bench/server-child.ts settledMemory).
   */
  podiumBytesPerSocket: number;
  bareBytesPerSocket: number;
  /** The same, all resident memory, the young generation included (as measured until session 9: noisy). */
  podiumResidentPerSocket: number;
  bareResidentPerSocket: number;
  /** The same from V8's heap (heapUsed + external after full garbage collections). */
  podiumHeapPerSocket: number;
  bareHeapPerSocket: number;
  podiumRssBytes: number;
  /** Readings per side before the audience connects, and as many once it is connected. */
  readings: number;
}

/** One reading of a server's memory (bench/server-child.ts `memory`). */
interface MemoryReading {
  rss: number;
  /** The part of `rss` that is V8's young generation. */
  young: number;
  /** The part of `rss` that is V8's room not taken by live objects, in every space (the young generation's included). */
  slack: number;
  heap: number;
}

/** Resident memory outside V8's young generation: what the sockets hold, not the scratch space's size of the moment. */
const outsideYoung = (m: MemoryReading): number => m.rss - m.young;

/** What the process holds: resident memory without V8's free pages (its live objects, and everything outside V8). */
const held = (m: MemoryReading): number => m.rss - m.slack;

/** The readings of a server's memory kept before the audience connects, and as many once it is connected: the last ones, once settled. */
export const MEMORY_READINGS = 5;
/** Between two readings (ms). */
export const MEMORY_READINGS_APART_MS = 1_000;
/** Settled: the last readings' held memory (resident, without V8's free pages) within this of each other (bytes). */
export const MEMORY_SETTLED_BYTES = 1024 ** 2;
/** Sockets that connect and leave before the first reading, on both sides (setUp). */
export const MEMORY_WARM_UP_SOCKETS = 200;
/** Readings stop after this long, settled or not (ms). */
const MEMORY_SETTLE_MAX_MS = 40_000;

/**
 * Readings of a server's memory, each after full garbage collections, a second apart, until the
 * last `MEMORY_READINGS` agree within `MEMORY_SETTLED_BYTES` (held: resident without V8's free pages): those. A process's
 * resident memory falls by ~30 MB some 3 s after it starts (measured: 182 MB, then 150 MB for
 * good, and 173 then 141 MB for the bare server), and moves again after a storm of handshakes;
 * a reading taken before that counted tens of MB as the audience's, or against it.
 */
async function readings(server: BenchChild): Promise<MemoryReading[]> {
  const out: MemoryReading[] = [];
  const ends = performance.now() + MEMORY_SETTLE_MAX_MS;
  for (;;) {
    out.push(await server.call<MemoryReading>('memory'));
    const last = out.slice(-MEMORY_READINGS).map(held);
    if (last.length === MEMORY_READINGS && (Math.max(...last) - Math.min(...last) <= MEMORY_SETTLED_BYTES || performance.now() > ends)) return out.slice(-MEMORY_READINGS);
    await sleep(MEMORY_READINGS_APART_MS);
  }
}

interface Side {
  mode: 'podium' | 'bare';
  server: BenchChild;
  audiences: BenchChild[];
  jury: BenchChild;
  sockets: number;
  before: MemoryReading[];
  /** Taken once the audience is connected, before the jurors and the organiser connect, and before any score. */
  loaded: MemoryReading[];
  connectedInMs: number;
  round(i: number): Promise<{ ms: number; missing: number }>;
  stop(): Promise<void>;
}

/** A server of one kind with its audience and a juror connected, ready to time scores. */
async function setUp(mode: 'podium' | 'bare', sockets: number, options: ScoreToRoomOptions, payload: unknown = null): Promise<Side> {
  const server = BenchChild.start('server-child.ts', `${mode} server`);
  // All processes start loading at once; they wait for their orders.
  const counts = spread(sockets, Math.max(1, Math.ceil(sockets / (options.socketsPerProcess ?? 800))));
  const audiences = counts.map((_, i) => BenchChild.start('audience-child.ts', `${mode} audience ${i + 1}`));
  const jury = BenchChild.start('juror-child.ts', `${mode} jurors`);
  const children = [server, ...audiences, jury];
  const stop = async () => {
    await server.call('stop').catch(() => undefined);
    await Promise.all(children.map((c) => c.stop()));
  };
  try {
    const started = await server.call<Started>('start', { mode, jurors: 5, distDir: options.distDir, payload });
    const url = `http://127.0.0.1:${started.port}`;
    // Both sides alike: a few sockets connect and leave first, so that what the first connections make once
    // (code compiled and optimised, caches) is not counted per socket (as bench/heap-per-socket.ts does).
    await audiences[0]!.call('connect', { url, count: MEMORY_WARM_UP_SOCKETS });
    await audiences[0]!.call('close');
    while ((await server.call<number>('sockets')) > 0) await sleep(50);
    const before = await readings(server);
    const t0 = performance.now();
    await Promise.all(audiences.map((a, i) => a.call('connect', { url, count: counts[i] }, 180_000)));
    const connectedInMs = performance.now() - t0;
    // The audience alone: what Podium keeps for the jurors' phones and the organiser's console (their views,
    // the console's stream) is the event's, not an audience socket's, and the bare server has none of it.
    const loaded = await readings(server);
    await jury.call('connect', {
      url,
      tokens: started.jurorTokens,
      teamIds: started.teamIds,
      criterionIds: started.criterionIds,
      organiserToken: started.organiserToken || undefined,
      bare: mode === 'bare',
    });
    const round = async (i: number) => {
      await Promise.all(audiences.map((a) => a.call('arm')));
      const { ackAt } = await jury.call<{ ackAt: number }>('submit', { juror: i, team: i });
      const seen = await Promise.all(audiences.map((a) => a.call<{ last: number; missing: number }>('collect', { timeoutMs: 10_000 })));
      return { ms: Math.max(...seen.map((x) => x.last)) - ackAt, missing: seen.reduce((n, x) => n + x.missing, 0) };
    };
    return { mode, server, audiences, jury, sockets, before, loaded, connectedInMs, round, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * What one audience socket costs a side: the median of its settled readings with the audience
 * connected minus the median of those before, over the sockets.
 */
function perSocket(side: Side, of: (m: MemoryReading) => number): number {
  return (median(side.loaded.map(of)) - median(side.before.map(of))) / side.sockets;
}

/** One run of timed scores on one side: p50 and p99 of that run. */
async function timedRun(side: Side, options: ScoreToRoomOptions, budgetMs: number) {
  const times: number[] = [];
  let missing = 0;
  const ends = performance.now() + budgetMs;
  for (let i = 0; i < options.rounds && (i < 3 || performance.now() < ends); i++) {
    const r = await side.round(i);
    missing += r.missing;
    if (!r.missing) times.push(r.ms);
    await sleep(10);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), scores: times.length, missing };
}

/**
 * Podium and the bare server are both up with the same audience size, and
 * their runs alternate, so that whatever else the machine is doing weighs on
 * both alike.
 */
async function measureSize(sockets: number, options: ScoreToRoomOptions): Promise<{ row: ScoreToRoomRow; memory: MemoryRow }> {
  // Podium first: the bare server then sends each socket the same public state on connect as
  // Podium does (with nothing to send, its sockets would cost it less, and its memory figure would
  // be lower for a reason no real app has).
  const podium = await setUp('podium', sockets, options);
  let bare: Side;
  try {
    bare = await setUp('bare', sockets, options, await podium.audiences[0]!.call('payload'));
  } catch (e) {
    await podium.stop();
    throw e;
  }
  try {
    for (let i = 0; i < 3; i++) await podium.round(i); // warm-up: JIT, first serialisations
    // The baseline broadcasts exactly the public state Podium sends.
    const payload = await podium.audiences[0]!.call('payload');
    await bare.server.call('setPayload', { payload });
    for (let i = 0; i < 3; i++) await bare.round(i);
    const runs = { podium: [] as Awaited<ReturnType<typeof timedRun>>[], bare: [] as Awaited<ReturnType<typeof timedRun>>[] };
    const perRun = (options.budgetMs ?? Infinity) / options.runs / 2;
    const began = performance.now();
    for (let run = 0; run < options.runs; run++) {
      runs.podium.push(await timedRun(podium, options, perRun));
      runs.bare.push(await timedRun(bare, options, perRun));
    }
    const summary = (r: typeof runs.podium): Latency => ({
      p50: median(r.map((x) => x.p50)),
      p99: median(r.map((x) => x.p99)),
      missing: r.reduce((n, x) => n + x.missing, 0),
      scores: r.reduce((n, x) => n + x.scores, 0),
    });
    const patchBytes = await podium.audiences[0]!.call<number>('patchBytes');
    const row = { sockets, podium: summary(runs.podium), bare: summary(runs.bare), payloadBytes: Buffer.byteLength(JSON.stringify(payload)), patchBytes };
    if (options.log) {
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      console.log(`   ${sockets} sockets: connected in ${s(podium.connectedInMs)} (Podium), ${s(bare.connectedInMs)} (bare); ${row.podium.scores + row.bare.scores} scores timed in ${s(performance.now() - began)}`);
    }
    return {
      row,
      memory: {
        sockets,
        podiumHeldPerSocket: perSocket(podium, held),
        bareHeldPerSocket: perSocket(bare, held),
        podiumBytesPerSocket: perSocket(podium, outsideYoung),
        bareBytesPerSocket: perSocket(bare, outsideYoung),
        podiumResidentPerSocket: perSocket(podium, (m) => m.rss),
        bareResidentPerSocket: perSocket(bare, (m) => m.rss),
        podiumHeapPerSocket: perSocket(podium, (m) => m.heap),
        bareHeapPerSocket: perSocket(bare, (m) => m.heap),
        podiumRssBytes: median(podium.loaded.map((m) => m.rss)),
        readings: MEMORY_READINGS,
      },
    };
  } finally {
    await Promise.all([podium.stop(), bare.stop()]);
  }
}

export async function scoreToRoom(options: ScoreToRoomOptions): Promise<{ rows: ScoreToRoomRow[]; memory: MemoryRow[] }> {
  const rows: ScoreToRoomRow[] = [];
  const memory: MemoryRow[] = [];
  for (const sockets of options.sizes) {
    const measured = await measureSize(sockets, options);
    rows.push(measured.row);
    memory.push(measured.memory);
  }
  return { rows, memory };
}
