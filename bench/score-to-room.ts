// Benchmarks 1 and 5: how long after a juror's acknowledgement the last
// audience socket has the new ranking, against a bare Socket.IO server that
// broadcasts a payload of the same size to the same sockets; and the server's
// resident memory per connected audience socket.
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
   * Time allowed for the timed scores of one server at one size; runs stop
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
}

export interface MemoryRow {
  sockets: number;
  podiumBytesPerSocket: number;
  bareBytesPerSocket: number;
  podiumRssBytes: number;
}

interface Measured {
  latency: Latency;
  bytesPerSocket: number;
  rssLoaded: number;
  payload: unknown;
}

async function measure(mode: 'podium' | 'bare', sockets: number, options: ScoreToRoomOptions, payload?: unknown): Promise<Measured> {
  const server = BenchChild.start('server-child.ts', `${mode} server`);
  // All processes start loading at once; they wait for their orders.
  const processes = Math.max(1, Math.ceil(sockets / (options.socketsPerProcess ?? 800)));
  const audiences = spread(sockets, processes).map((_, i) => BenchChild.start('audience-child.ts', `audience ${i + 1}`));
  const jury = BenchChild.start('juror-child.ts', 'jurors');
  const children: BenchChild[] = [server, ...audiences, jury];
  try {
    const started = await server.call<Started>('start', { mode, jurors: 5, distDir: options.distDir, payload });
    const url = `http://127.0.0.1:${started.port}`;
    const rssBase = await server.call<number>('rss');
    const t0 = performance.now();
    await Promise.all(audiences.map((a, i) => a.call('connect', { url, count: spread(sockets, processes)[i] }, 180_000)));
    const connected = performance.now();
    await jury.call('connect', { url, tokens: started.jurorTokens, teamIds: started.teamIds, criterionIds: started.criterionIds, organiserToken: started.organiserToken || undefined, bare: mode === 'bare' });
    const rssLoaded = await server.call<number>('rss');

    const round = async (i: number) => {
      await Promise.all(audiences.map((a) => a.call('arm')));
      const { ackAt } = await jury.call<{ ackAt: number }>('submit', { juror: i, team: i });
      const seen = await Promise.all(audiences.map((a) => a.call<{ last: number; missing: number }>('collect', { timeoutMs: 10_000 })));
      return { ms: Math.max(...seen.map((s) => s.last)) - ackAt, missing: seen.reduce((n, s) => n + s.missing, 0) };
    };
    for (let i = 0; i < 3; i++) await round(i); // warm-up: JIT, first serialisations
    const p50s: number[] = [];
    const p99s: number[] = [];
    let missing = 0;
    let scores = 0;
    const perRun = (options.budgetMs ?? Infinity) / options.runs;
    for (let run = 0; run < options.runs; run++) {
      const times: number[] = [];
      const runEnds = performance.now() + perRun;
      for (let i = 0; i < options.rounds && (i < 3 || performance.now() < runEnds); i++) {
        const r = await round(i);
        missing += r.missing;
        if (!r.missing) times.push(r.ms);
        await sleep(10);
      }
      scores += times.length;
      p50s.push(percentile(times, 50));
      p99s.push(percentile(times, 99));
    }
    const lastPayload = await audiences[0]!.call('payload');
    if (options.log) {
      console.log(`   ${mode} × ${sockets}: connected in ${((connected - t0) / 1000).toFixed(1)} s, ${scores} scores in ${((performance.now() - connected) / 1000).toFixed(1)} s`);
    }
    return {
      latency: { p50: median(p50s), p99: median(p99s), missing, scores },
      bytesPerSocket: (rssLoaded - rssBase) / sockets,
      rssLoaded,
      payload: lastPayload,
    };
  } finally {
    await server.call('stop').catch(() => undefined);
    await Promise.all(children.map((c) => c.stop()));
  }
}

export async function scoreToRoom(options: ScoreToRoomOptions): Promise<{ rows: ScoreToRoomRow[]; memory: MemoryRow[] }> {
  const rows: ScoreToRoomRow[] = [];
  const memory: MemoryRow[] = [];
  for (const sockets of options.sizes) {
    const podium = await measure('podium', sockets, options);
    // The baseline broadcasts exactly the public state Podium sent last.
    const bare = await measure('bare', sockets, options, podium.payload);
    rows.push({ sockets, podium: podium.latency, bare: bare.latency, payloadBytes: Buffer.byteLength(JSON.stringify(podium.payload)) });
    memory.push({ sockets, podiumBytesPerSocket: podium.bytesPerSocket, bareBytesPerSocket: bare.bytesPerSocket, podiumRssBytes: podium.rssLoaded });
  }
  return { rows, memory };
}
