// Issue 19: score to room over a primary and two fan-out nodes on Redis, against the same
// audience on one Podium process. Both are up at once and their runs alternate, so that
// whatever else the machine does weighs on both alike. The audience's sockets are split evenly
// between the two nodes; the jurors score on the primary. Timed from the juror's acknowledgement
// to the last audience socket holding the new ranking; a socket that had nothing within 10 s
// missed the update.
import { BenchChild, spread } from './lib/rpc.ts';
import { fmt, median, percentile, sleep, table } from './lib/stats.ts';
import type { Started } from './server-child.ts';
import { startRedis, type TestRedis } from '../tests/helpers/redis.ts';

export interface FanoutOptions {
  sockets: number;
  rounds: number;
  runs: number;
  distDir: string;
  /** Audience sockets per client process, at most. */
  socketsPerProcess?: number;
  /** Time allowed for the timed scores (both sides); each run keeps at least 3 scores. */
  budgetMs?: number;
  log?: boolean;
}

export interface FanoutSide {
  p50: number;
  p99: number;
  missing: number;
  scores: number;
  connectedInMs: number;
  /** Held memory (resident without V8's free pages, bench/lib/held-memory.ts) of the processes serving the audience (the one process; the two nodes), per audience socket. */
  bytesPerSocket: number;
}

export interface FanoutResult {
  sockets: number;
  one: FanoutSide;
  cluster: FanoutSide;
}

interface Side {
  round(i: number): Promise<{ ms: number; missing: number }>;
  connectedInMs: number;
  bytesPerSocket: number;
  stop(): Promise<void>;
}

async function setUp(kind: 'one' | 'cluster', options: FanoutOptions, redis: TestRedis | null): Promise<Side> {
  const server = BenchChild.start('server-child.ts', `${kind}: ${kind === 'one' ? 'Podium' : 'primary'}`);
  const nodes = kind === 'cluster' ? [BenchChild.start('fanout-child.ts', 'fan-out node 1'), BenchChild.start('fanout-child.ts', 'fan-out node 2')] : [];
  const counts = spread(options.sockets, Math.max(1, Math.ceil(options.sockets / (options.socketsPerProcess ?? 2500))));
  const audiences = counts.map((_, i) => BenchChild.start('audience-child.ts', `${kind} audience ${i + 1}`));
  const jury = BenchChild.start('juror-child.ts', `${kind} jurors`);
  const children = [server, ...nodes, ...audiences, jury];
  const stop = async () => {
    for (const c of [...nodes, server]) await c.call('stop').catch(() => undefined);
    await Promise.all(children.map((c) => c.stop()));
  };
  try {
    const started = await server.call<Started>('start', { mode: 'podium', jurors: 5, distDir: options.distDir, redisUrl: redis?.url }, 300_000);
    const primaryUrl = `http://127.0.0.1:${started.port}`;
    const nodeUrls = await Promise.all(nodes.map(async (n) => `http://127.0.0.1:${await n.call<number>('start', { redisUrl: redis!.url, distDir: options.distDir }, 300_000)}`));
    const urls = nodeUrls.length ? nodeUrls : [primaryUrl];
    const serving = nodes.length ? nodes : [server];
    const rssBase = (await Promise.all(serving.map((s) => s.call<number>('held')))).reduce((a, b) => a + b, 0);
    const t0 = performance.now();
    // Each client process on one node, taking turns: the audience split evenly.
    // 100 handshakes in flight in all, whatever the number of client processes: 10,000 at once on two busy cores would time out.
    const batch = Math.max(10, Math.floor(100 / audiences.length));
    await Promise.all(audiences.map((a, i) => a.call('connect', { url: urls[i % urls.length], count: counts[i], batch, timeoutMs: 180_000 }, 900_000)));
    const connectedInMs = performance.now() - t0;
    await jury.call('connect', { url: primaryUrl, tokens: started.jurorTokens, teamIds: started.teamIds, criterionIds: started.criterionIds, organiserToken: started.organiserToken || undefined });
    const rssLoaded = (await Promise.all(serving.map((s) => s.call<number>('held')))).reduce((a, b) => a + b, 0);
    const round = async (i: number) => {
      await Promise.all(audiences.map((a) => a.call('arm')));
      const { ackAt } = await jury.call<{ ackAt: number }>('submit', { juror: i, team: i });
      const seen = await Promise.all(audiences.map((a) => a.call<{ last: number; missing: number }>('collect', { timeoutMs: 10_000 })));
      return { ms: Math.max(...seen.map((x) => x.last)) - ackAt, missing: seen.reduce((n, x) => n + x.missing, 0) };
    };
    return { round, connectedInMs, bytesPerSocket: (rssLoaded - rssBase) / options.sockets, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function timedRun(side: Side, rounds: number, budgetMs: number) {
  const times: number[] = [];
  let missing = 0;
  const ends = performance.now() + budgetMs;
  for (let i = 0; i < rounds && (i < 3 || performance.now() < ends); i++) {
    const r = await side.round(i);
    missing += r.missing;
    if (!r.missing) times.push(r.ms);
    await sleep(10);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), scores: times.length, missing };
}

export async function fanoutRoom(options: FanoutOptions): Promise<FanoutResult> {
  const redis = await startRedis();
  let one: Side | null = null;
  let cluster: Side | null = null;
  try {
    // One after the other: 20,000 handshakes at once would time out on two cores.
    one = await setUp('one', options, null);
    cluster = await setUp('cluster', options, redis);
    if (options.log) console.log(`   ${options.sockets} sockets connected in ${(one.connectedInMs / 1000).toFixed(1)} s (one process), ${(cluster.connectedInMs / 1000).toFixed(1)} s (two nodes)`);
    for (let i = 0; i < 3; i++) {
      await one.round(i);
      await cluster.round(i);
    }
    const runs = { one: [] as Awaited<ReturnType<typeof timedRun>>[], cluster: [] as Awaited<ReturnType<typeof timedRun>>[] };
    const perRun = (options.budgetMs ?? Infinity) / options.runs / 2;
    for (let run = 0; run < options.runs; run++) {
      runs.one.push(await timedRun(one, options.rounds, perRun));
      runs.cluster.push(await timedRun(cluster, options.rounds, perRun));
    }
    const summary = (r: typeof runs.one, side: Side): FanoutSide => ({
      p50: median(r.map((x) => x.p50)),
      p99: median(r.map((x) => x.p99)),
      missing: r.reduce((n, x) => n + x.missing, 0),
      scores: r.reduce((n, x) => n + x.scores, 0),
      connectedInMs: side.connectedInMs,
      bytesPerSocket: side.bytesPerSocket,
    });
    return { sockets: options.sockets, one: summary(runs.one, one), cluster: summary(runs.cluster, cluster) };
  } finally {
    await one?.stop();
    await cluster?.stop();
    await redis.kill();
  }
}

/** Score to room at one size, one process against the cluster (ms from the juror's acknowledgement to the last socket). */
export function fanoutTable(r: FanoutResult): string {
  const f = (n: number) => (Number.isFinite(n) ? fmt(n) : '–');
  const row = (name: string, s: FanoutSide) => [name, r.sockets.toLocaleString('en-GB'), f(s.p50), f(s.p99), String(s.missing), String(s.scores), `${fmt(s.connectedInMs / 1000, 1)} s`, `${fmt(s.bytesPerSocket / 1024, 1)} KB`];
  return table(['serving the audience', 'audience sockets', 'p50 (ms)', 'p99 (ms)', 'missed updates', 'scores timed', 'connected in', 'held memory per socket'], [
    row('one Podium process', r.one),
    row('primary + 2 fan-out nodes', r.cluster),
  ]);
}
