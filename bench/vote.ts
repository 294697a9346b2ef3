// Benchmark 9 (issue 16): the people's vote. N phones, each with its own device pass,
// vote once within a window (10 s), spread evenly, against one Podium process; each
// waits for its acknowledgement (the vote fdatasync'd in the change log). Reports the
// votes acknowledged per second, the ack's p50/p99, and whether every acknowledged
// vote is in the server's ballots.
import { io } from 'socket.io-client';
import type { VoteSaved } from '../protocol/events.ts';
import type { Result } from '../protocol/result.ts';
import { BenchChild } from './lib/rpc.ts';
import { fmt, machineNow, max, percentile, sleep, table } from './lib/stats.ts';
import type { Started } from './server-child.ts';

export interface VoteBurstOptions {
  phones: number;
  windowMs: number;
  distDir: string;
}

export interface VoteBurstResult {
  phones: number;
  windowMs: number;
  acked: number;
  refused: number;
  lost: number;
  /** Acknowledged votes per second, from the first vote sent to the last acknowledgement. */
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  allCounted: boolean;
  serverCpuMs: number;
}

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)));
}

export async function voteBurst(options: VoteBurstOptions): Promise<VoteBurstResult> {
  const server = BenchChild.start('server-child.ts', 'podium server');
  type Sock = ReturnType<typeof io>;
  const sockets: Sock[] = [];
  try {
    const started = await server.call<Started>('start', { mode: 'podium', jurors: 4, teams: 12, distDir: options.distDir });
    const url = `http://127.0.0.1:${started.port}`;
    // Every phone asks for its pass, as the audience page does.
    const passes: string[] = new Array(options.phones);
    await inBatches([...passes.keys()], 100, async (i) => {
      const res = await fetch(`${url}/vote/device`, { method: 'POST' });
      passes[i] = res.headers.get('set-cookie')!.split(';')[0]!;
    });
    await inBatches(passes, 200, async (cookie) => {
      const s = io(url, { auth: { view: 'audience' }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
    });
    const org = io(url, { auth: { token: started.organiserToken }, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(org);
    const opened = (await org.timeout(10_000).emitWithAck('vote:open' as never, { durationMs: null } as never)) as Result;
    if (!opened.ok) throw new Error(`vote:open refused: ${opened.error.message}`);
    await sleep(500);
    const cpuBefore = await server.call<number>('cpu');
    const latencies: number[] = [];
    const ackedDevices = new Map<string, number>();
    let refused = 0;
    let lost = 0;
    let lastAck = 0;
    const begin = machineNow();
    await Promise.all(
      sockets.slice(0, options.phones).map(async (s, i) => {
        // Evenly spread over the window, each phone voting once.
        await sleep((i / options.phones) * options.windowMs);
        const teamId = started.teamIds[i % started.teamIds.length]!;
        const sent = machineNow();
        try {
          const ack = (await s.timeout(30_000).emitWithAck('vote:cast' as never, { teamId, revision: 1 } as never)) as Result<VoteSaved>;
          const now = machineNow();
          if (!ack.ok) return void refused++;
          latencies.push(now - sent);
          lastAck = Math.max(lastAck, now);
          const cookie = passes[i]!;
          ackedDevices.set(cookie.slice(cookie.indexOf('=') + 1, cookie.indexOf('.')), ack.data.revision);
        } catch {
          lost++;
        }
      }),
    );
    const serverCpuMs = (await server.call<number>('cpu')) - cpuBefore;
    const ballots = await server.call<Record<string, number>>('ballots');
    const allCounted = [...ackedDevices].every(([device, revision]) => (ballots[device] ?? 0) >= revision);
    return {
      phones: options.phones,
      windowMs: options.windowMs,
      acked: latencies.length,
      refused,
      lost,
      perSecond: latencies.length / ((lastAck - begin) / 1000),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: max(latencies),
      allCounted,
      serverCpuMs,
    };
  } finally {
    for (const s of sockets) s.disconnect();
    await server.call('stop').catch(() => undefined);
    await server.stop();
  }
}

export function voteBurstTable(rows: readonly VoteBurstResult[]): string {
  return table(
    ['phones', 'window', 'acknowledged', 'refused / no answer', 'votes/s acknowledged', 'ack p50 (ms)', 'ack p99 (ms)', 'ack max (ms)', 'server CPU per vote (ms)', 'every acknowledged vote counted'],
    rows.map((r) => [
      r.phones.toLocaleString('en-GB'),
      `${fmt(r.windowMs / 1000, 0)} s`,
      r.acked.toLocaleString('en-GB'),
      `${r.refused} / ${r.lost}`,
      fmt(r.perSecond),
      fmt(r.p50),
      fmt(r.p99),
      fmt(r.max),
      fmt(r.serverCpuMs / Math.max(1, r.acked), 2),
      r.allCounted ? 'yes' : 'NO',
    ]),
  );
}
