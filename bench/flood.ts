// Benchmark 7: one leaked juror link flooding on twenty sockets beside ten honest
// jurors. The honest jurors' acknowledgement latency calm, during the flood and
// after its cut-off (the target: p99 within 2× calm), and how much the
// data file grew. Speed lives here, not in tests (tests/integration/flood.test.ts
// asserts the behaviour: cut off, nothing applied after, every honest ack ok).
import { BenchChild } from './lib/rpc.ts';
import { fmt, median, percentile, ratio, sleep, table } from './lib/stats.ts';
import type { Started } from './server-child.ts';

export interface FloodOptions {
  /** Scores each honest juror sends, one after the other, per phase. */
  perJuror: number;
  runs: number;
  distDir: string;
}

interface Phase {
  p50: number;
  p99: number;
}

export interface FloodResult {
  honestJurors: number;
  floodSockets: number;
  perJuror: number;
  /** Medians over runs. */
  calm: Phase;
  during: Phase;
  after: Phase;
  floodSent: number;
  floodAcknowledged: number;
  refusedReconnections: number;
  fileGrowthBytes: number;
}

const HONEST = 10;
const FLOOD_SOCKETS = 20;

export async function flood(options: FloodOptions): Promise<FloodResult> {
  const phases = { calm: [] as Phase[], during: [] as Phase[], after: [] as Phase[] };
  const sent: number[] = [];
  const acked: number[] = [];
  const refused: number[] = [];
  const growth: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const server = BenchChild.start('server-child.ts', 'podium server');
    const jury = BenchChild.start('juror-child.ts', 'honest jurors');
    const flooder = BenchChild.start('flood-child.ts', 'flooder');
    try {
      const started = await server.call<Started>('start', { mode: 'podium', jurors: HONEST + 1, distDir: options.distDir });
      const url = `http://127.0.0.1:${started.port}`;
      const [leaked, ...honest] = started.jurorTokens;
      await jury.call('connect', { url, tokens: honest, teamIds: started.teamIds, criterionIds: started.criterionIds, organiserToken: started.organiserToken || undefined });
      const measure = async () => {
        // Honest jurors pace themselves at 10 scores a second each, still far faster than a person, within the rate limit.
        const latencies = await jury.call<number[]>('burst', { perJuror: options.perJuror, gapMs: 100 });
        return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
      };
      phases.calm.push(await measure());
      const bytesBefore = await server.call<number>('dataFileBytes');
      const marks = Object.fromEntries(started.criterionIds.map((c) => [c, 5]));
      await flooder.call('start', { url, token: leaked, teamIds: started.teamIds, marks, sockets: FLOOD_SOCKETS });
      phases.during.push(await measure());
      // After: once the link has been refused (it keeps knocking meanwhile).
      for (let i = 0; i < 200 && (await flooder.call<{ refusedConnections: number }>('counts')).refusedConnections === 0; i++) await sleep(50);
      phases.after.push(await measure());
      const counts = await flooder.call<{ sent: number; ok: number; refusedConnections: number }>('stop');
      sent.push(counts.sent);
      acked.push(counts.ok);
      refused.push(counts.refusedConnections);
      growth.push((await server.call<number>('dataFileBytes')) - bytesBefore);
    } finally {
      await server.call('stop').catch(() => undefined);
      await Promise.all([server.stop(), jury.stop(), flooder.stop()]);
    }
  }
  const med = (xs: Phase[]) => ({ p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)) });
  return {
    honestJurors: HONEST,
    floodSockets: FLOOD_SOCKETS,
    perJuror: options.perJuror,
    calm: med(phases.calm),
    during: med(phases.during),
    after: med(phases.after),
    floodSent: median(sent),
    floodAcknowledged: median(acked),
    refusedReconnections: median(refused),
    fileGrowthBytes: median(growth),
  };
}

export function floodTable(r: FloodResult): string {
  const row = (name: string, p: Phase) => [name, fmt(p.p50), fmt(p.p99), ratio(p.p99, r.calm.p99)];
  return table(['honest jurors’ ack (ms)', 'p50', 'p99', 'p99 vs calm (target ≤ 2×)'], [row('calm', r.calm), row('during the flood', r.during), row('after its cut-off', r.after)]);
}

export function floodSection(r: FloodResult): string {
  return [
    '## 8. A leaked juror link flooding',
    '',
    `${r.honestJurors} honest jurors, each sending ${r.perJuror} scores one after the other per phase (the organiser's console open), beside one juror link on ${r.floodSockets} sockets sending scores as fast as it can, half without an ack, reconnecting whenever cut off. Medians over runs.`,
    '',
    floodTable(r),
    '',
    `The flooder sent ${fmt(r.floodSent)} scores; ${fmt(r.floodAcknowledged)} were acknowledged (its one burst before the cut-off), and ${fmt(r.refusedReconnections)} reconnections were refused while it was paused. podium.json grew ${fmt(r.fileGrowthBytes / 1024)} KB over the three phases (the honest jurors' corrections and a bounded window of op ids per score).`,
    '',
  ].join('\n');
}
