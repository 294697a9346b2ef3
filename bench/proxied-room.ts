// Benchmark 6 (issue 9): a room on one machine. Screens in separate headless
// Chromium processes, some behind our latency proxy, each with its device
// clock (Date.now) wrong by seconds, all showing the running countdown. Each
// page notes the moment every new second appears in its countdown, on the
// machine's clock; we compare the pages with each other and with the server's
// true second, once with the clock estimate and once in `?clock=naive` mode,
// which trusts each pushed anchor as it arrives.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.ts';
import { pageInit } from './lib/page-recorder.ts';
import { BenchChild } from './lib/rpc.ts';
import { max, median, percentile, sleep } from './lib/stats.ts';
import type { Started } from './server-child.ts';

export interface ScreenSpec {
  label: string;
  /** One-way delay through the proxy, each way; 0 and 0 = straight to the server. */
  latencyMs: number;
  jitterMs: number;
  /** How wrong the device's clock is (added to Date.now() in the page). */
  skewMs: number;
}

export interface Network {
  name: string;
  screens: ScreenSpec[];
  /** Seconds recorded per run, if not the default. */
  seconds?: number;
}

export type ClockMode = 'estimate' | 'naive';

export interface ProxiedRoomOptions {
  networks: Network[];
  modes: ClockMode[];
  runs: number;
  /** Seconds recorded per run. */
  seconds: number;
  /** Seconds each page runs before recording (the first burst of pings, the page's load). */
  warmupSeconds: number;
  distDir: string;
}

export interface PageFigures {
  label: string;
  /** Page's second minus the server's (ms): median, p95 of |error|, max |error|; medians over runs. */
  errorMedian: number;
  errorP95: number;
  errorMax: number;
}

export interface RoomFigures {
  network: string;
  mode: ClockMode;
  /** Second boundaries seen on every page, over all runs. */
  boundaries: number;
  /** Latest page minus earliest page at each boundary (ms): medians over runs of median and p95; max overall. */
  spreadMedian: number;
  spreadP95: number;
  spreadMax: number;
  pages: PageFigures[];
}

interface Appearance {
  /** Machine wall-clock time (ms) at which the text appeared. */
  at: number;
  text: string;
}

/** "4:59" → 299 seconds left; overtime ("+0:12") and placeholders are not a countdown second. */
function secondsShown(text: string): number | null {
  if (!/^\d+(:\d\d){1,2}$/.test(text)) return null;
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

async function startTimer(url: string, organiserToken: string): Promise<number> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: organiserToken } });
  let endsAt: number | null = null;
  socket.on('clock:anchor', (anchor: { endsAt: number | null }) => (endsAt = anchor.endsAt));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const emit = (event: string, payload: unknown) => socket.timeout(5000).emitWithAck(event, payload) as Promise<{ ok: boolean; error?: { message: string } }>;
    for (const [event, payload] of [
      ['timer:start', {}],
      // Long enough for every run, so the countdown never reaches zero mid-run.
      ['timer:adjust', { deltaMs: 2 * 60 * 60 * 1000 }],
    ] as const) {
      const result = await emit(event, payload);
      if (!result.ok) throw new Error(`${event}: ${result.error?.message}`);
    }
    // The anchor of the last change follows its acknowledgement.
    await sleep(300);
    if (endsAt === null) throw new Error('the timer is not running');
    return endsAt;
  } finally {
    socket.disconnect();
  }
}

interface OpenScreen {
  spec: ScreenSpec;
  context: BrowserContext;
  page: Page;
}

async function recordRun(
  browsers: Browser[],
  network: Network,
  mode: ClockMode,
  urls: string[],
  options: ProxiedRoomOptions,
): Promise<Map<string, Appearance[]>> {
  const screens: OpenScreen[] = await Promise.all(
    network.screens.map(async (spec, i) => {
      const context = await browsers[i]!.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.addInitScript({ content: pageInit(spec.skewMs) });
      await page.goto(`${urls[i]}/screen${mode === 'naive' ? '?clock=naive' : ''}`);
      await page.getByRole('timer').first().waitFor({ timeout: 30_000 });
      return { spec, context, page };
    }),
  );
  try {
    await sleep(options.warmupSeconds * 1000);
    await Promise.all(screens.map((s) => s.page.evaluate(() => (window.__bench!.records.length = 0))));
    await sleep((network.seconds ?? options.seconds) * 1000);
    const result = new Map<string, Appearance[]>();
    for (const s of screens) {
      const { records, offset } = await s.page.evaluate(() => ({ records: [...window.__bench!.records], offset: window.__bench!.wallMinusPerf() }));
      result.set(
        s.spec.label,
        records.map((r) => ({ at: r.t + offset, text: r.text })),
      );
    }
    return result;
  } finally {
    await Promise.all(screens.map((s) => s.context.close()));
  }
}

/** Per run: spreads at each boundary every page showed, and each page's errors. */
function analyse(run: Map<string, Appearance[]>, endsAt: number) {
  // The first time each second appears on each page.
  const firstSeen = new Map<string, Map<number, number>>();
  for (const [label, appearances] of run) {
    const seen = new Map<number, number>();
    let previous: number | null = null;
    for (const a of appearances) {
      const s = secondsShown(a.text);
      // Only a change to a new, lower second counts: the first text shown is the page catching up, not a boundary.
      if (s !== null && previous !== null && s < previous && !seen.has(s)) seen.set(s, a.at);
      if (s !== null) previous = s;
    }
    firstSeen.set(label, seen);
  }
  const labels = [...run.keys()];
  const common = [...firstSeen.get(labels[0]!)!.keys()].filter((s) => labels.every((l) => firstSeen.get(l)!.has(s)));
  const spreads = common.map((s) => {
    const times = labels.map((l) => firstSeen.get(l)!.get(s)!);
    return Math.max(...times) - Math.min(...times);
  });
  // The server shows s seconds from the instant endsAt - s·1000 (a second is shown until it has fully passed).
  const errors = new Map(labels.map((l) => [l, [...firstSeen.get(l)!].map(([s, at]) => at - (endsAt - s * 1000))]));
  return { spreads, errors };
}

export async function proxiedRoom(options: ProxiedRoomOptions): Promise<RoomFigures[]> {
  const server = BenchChild.start('server-child.ts', 'podium server');
  const proxies: LatencyProxy[] = [];
  const browsers: Browser[] = [];
  try {
    const started = await server.call<Started>('start', { mode: 'podium', jurors: 4, distDir: options.distDir });
    const direct = `http://127.0.0.1:${started.port}`;
    const endsAt = await startTimer(direct, started.organiserToken);
    const most = Math.max(...options.networks.map((n) => n.screens.length));
    for (let i = 0; i < most; i++) browsers.push(await launchBrowser());

    const figures: RoomFigures[] = [];
    const collected = new Map<string, { spreads: number[][]; errors: Map<string, number[][]> }>();
    for (let run = 0; run < options.runs; run++) {
      for (const network of options.networks) {
        const urls: string[] = [];
        const runProxies: LatencyProxy[] = [];
        for (const spec of network.screens) {
          if (spec.latencyMs === 0 && spec.jitterMs === 0) urls.push(direct);
          else {
            const proxy = await startLatencyProxy({ targetPort: started.port, latencyMs: spec.latencyMs, jitterMs: spec.jitterMs });
            runProxies.push(proxy);
            urls.push(`http://127.0.0.1:${proxy.port}`);
          }
        }
        proxies.push(...runProxies);
        for (const mode of options.modes) {
          const key = `${network.name}\u0000${mode}`;
          const recorded = await recordRun(browsers, network, mode, urls, options);
          const { spreads, errors } = analyse(recorded, endsAt);
          // BENCH_DEBUG=1 prints every page's error at every second, to tell a steady bias from a busy machine's spikes.
          if (process.env.BENCH_DEBUG) console.log(network.name, mode, JSON.stringify([...errors].map(([l, e]) => [l, e.map((x) => Math.round(x))])));
          const entry = collected.get(key) ?? { spreads: [], errors: new Map<string, number[][]>() };
          entry.spreads.push(spreads);
          for (const [label, e] of errors) entry.errors.set(label, [...(entry.errors.get(label) ?? []), e]);
          collected.set(key, entry);
        }
        await Promise.all(runProxies.map((p) => p.close()));
      }
    }
    for (const network of options.networks) {
      for (const mode of options.modes) {
        const entry = collected.get(`${network.name}\u0000${mode}`)!;
        figures.push({
          network: network.name,
          mode,
          boundaries: entry.spreads.reduce((n, s) => n + s.length, 0),
          spreadMedian: median(entry.spreads.map((s) => median(s))),
          spreadP95: median(entry.spreads.map((s) => percentile(s, 95))),
          spreadMax: max(entry.spreads.flat()),
          pages: network.screens.map((spec) => {
            const runs = entry.errors.get(spec.label) ?? [];
            return {
              label: spec.label,
              errorMedian: median(runs.map((e) => median(e))),
              errorP95: median(runs.map((e) => percentile(e.map(Math.abs), 95))),
              errorMax: max(runs.flat().map(Math.abs)),
            };
          }),
        });
      }
    }
    return figures;
  } finally {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await Promise.all(proxies.map((p) => p.close().catch(() => undefined)));
    await server.call('stop').catch(() => undefined);
    await server.stop();
  }
}

/** The room of issue 9: a projector on a cable, a laptop on Wi-Fi, a phone on 4G. */
export const ISSUE_9_ROOM: Network = {
  name: 'behind delays',
  screens: [
    { label: 'direct, clock right', latencyMs: 0, jitterMs: 0, skewMs: 0 },
    { label: '40 ± 15 ms, clock +4 s', latencyMs: 40, jitterMs: 15, skewMs: 4000 },
    { label: '150 ± 60 ms, clock −7 s', latencyMs: 150, jitterMs: 60, skewMs: -7000 },
  ],
};

export const LOOPBACK_ROOM: Network = {
  name: 'no delays',
  screens: [
    { label: 'direct, clock right', latencyMs: 0, jitterMs: 0, skewMs: 0 },
    { label: 'direct, clock +4 s', latencyMs: 0, jitterMs: 0, skewMs: 4000 },
    { label: 'direct, clock −7 s', latencyMs: 0, jitterMs: 0, skewMs: -7000 },
  ],
};
