// The organiser's console in a real browser (headless Chromium) at 300 teams × 200 jurors,
// its Results tab open while jurors score: 10 jurors each send a score every 250 ms, so the
// console gets a patch every 250 ms for `seconds`. Measured in the page: the main thread's
// long tasks (over 50 ms), the gaps between frames and the main thread's busy time (script,
// style, layout: Chromium's own counters) while the scores arrive; then a
// screenshot of the Results tab mid-stream, in English and in French
// (test-results/screenshots/console-browser-results-*.png). Needs `npm run build` first.
//   npx tsx bench/console-browser.ts [seconds]     (CONSOLE_TAB=scoring, live or build: that tab instead)
import type { Page } from 'playwright-core';
import { scoreKey, type PodiumData } from '../protocol/model.ts';
import { nextEvent, socketFor, startApp, type TestApp, type TestSocket } from '../tests/helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, type DeviceLocale } from '../tests/helpers/browser.ts';
import { sizedData, sizedJurorToken } from '../tests/helpers/sized-event.ts';
import { fmt, max, median, percentile, table } from './lib/stats.ts';

const TEAMS = 300;
const JURORS = 200;
/** Jurors who have not scored yet and score during the run. */
const SCORING = 10;
const LAPTOP = { width: 1280, height: 900 };
/** The console's tab open while the scores arrive: CONSOLE_TAB=scoring for the scoring matrix, live or build (no table: its jurors' list). */
const TAB = process.env.CONSOLE_TAB ?? 'results';

function seed(): PodiumData {
  const data = sizedData(TEAMS, JURORS, { scored: true });
  data.visibility.mode = 'live';
  for (let j = 0; j < SCORING; j++) for (const team of data.event.teams) delete data.scores[scoreKey(`juror-${j + 1}`, team.id)];
  return data;
}

interface PageFigures {
  /** The main thread's busy time while the scores arrive (CDP Performance.getMetrics), and its script, style and layout parts. */
  busyMs: number;
  scriptMs: number;
  styleMs: number;
  layoutMs: number;
  longTasks: number;
  longTaskMs: number;
  longestTaskMs: number;
  frameGapP50: number;
  frameGapP99: number;
  frameGapMax: number;
}

// Strings, not functions: tsx names functions with a helper the page does not have.
/** Starts counting long tasks and frame gaps in the page. */
const watch = (page: Page) =>
  page.evaluate(`(() => {
    window.__tasks = [];
    window.__gaps = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__tasks.push(e.duration); }).observe({ type: 'longtask' });
    let last = performance.now();
    const frame = (now) => { window.__gaps.push(now - last); last = now; requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
  })()`);

const figures = (page: Page) => page.evaluate('({ tasks: window.__tasks, gaps: window.__gaps })') as Promise<{ tasks: number[]; gaps: number[] }>;

/** `seconds` of scores from the scoring jurors, one each every 250 ms, each to the next team. */
async function scoreFor(t: TestApp, jurors: TestSocket[], seconds: number, pass: number, midway: () => Promise<void>): Promise<number> {
  const criteria = t.data().event.criteria;
  const teams = t.data().event.teams;
  let sent = 0;
  const rounds = Math.round((seconds * 1000) / 250);
  for (let round = 0; round < rounds; round++) {
    const began = Date.now();
    await Promise.all(
      jurors.map(async (socket, j) => {
        const team = teams[(round + j * 29) % teams.length]!;
        const previous = t.data().scores[scoreKey(`juror-${j + 1}`, team.id)]?.revision ?? 0;
        // Each pass its own marks: a second pass giving the first one's marks again changed no result, and its console drew nothing.
        const marks = Object.fromEntries(criteria.map((c, k) => [c.id, c.min + ((round + j + k + pass * 3) % (c.max - c.min + 1))]));
        const ack = (await socket.timeout(10_000).emitWithAck('score:submit', { opId: `console-browser-${j}-${round}-${Date.now()}`, teamId: team.id, revision: previous + 1, marks, note: '' })) as { ok: boolean };
        if (ack.ok) sent++;
      }),
    );
    if (round === Math.floor(rounds / 2)) await midway();
    const wait = 250 - (Date.now() - began);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return sent;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The 20 functions the page spent most time in, with their milliseconds. */
function selfTimes(profile: CpuProfile): string {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const f = frames.get(id)!;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([name, ms]) => `${fmt(ms, 0)} ms  ${name}`).join('\n');
}

export async function consoleBrowserBench(seconds = 15): Promise<({ locale: DeviceLocale; drawnMs: number; scores: number } & PageFigures)[]> {
  const t = await startApp({ seed, rateLimit: false });
  const browser = await launchBrowser();
  const rows: ({ locale: DeviceLocale; drawnMs: number; scores: number } & PageFigures)[] = [];
  try {
    const jurors: TestSocket[] = [];
    for (let j = 0; j < SCORING; j++) {
      const socket = socketFor(t.url, { token: sizedJurorToken(j) });
      await nextEvent(socket, 'state:juror', () => true, 60_000);
      jurors.push(socket);
    }
    for (const [pass, locale] of (['en-GB', 'fr-CH'] as const).entries()) {
      const { page, context } = await newDevicePage(browser, locale, LAPTOP);
      const began = Date.now();
      await page.goto(`${t.url}/organiser?tab=${TAB}#${t.organiserToken}`);
      await page.locator(TAB === 'build' ? 'main.tab li.juror' : 'main.tab table tbody tr').first().waitFor({ timeout: 120_000 });
      const drawnMs = Date.now() - began;
      await watch(page);
      const metrics = await context.newCDPSession(page);
      await metrics.send('Performance.enable');
      const busy = async () => {
        const all = new Map((await metrics.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value * 1000]));
        return { busy: all.get('TaskDuration') ?? 0, script: all.get('ScriptDuration') ?? 0, style: all.get('RecalcStyleDuration') ?? 0, layout: all.get('LayoutDuration') ?? 0 };
      };
      const before = await busy();
      // CONSOLE_PROFILE=1: where the page's time goes while the scores arrive (its CPU profile, self time per function).
      const cdp = process.env.CONSOLE_PROFILE ? await context.newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      const scores = await scoreFor(t, jurors, seconds, pass, async () => {
        // The table's head at the top (above it, at this size, the list of jurors flagged as outliers).
        if (TAB === 'results') await page.locator('section[aria-labelledby="results-title"] table thead').first().evaluate((h) => h.scrollIntoView({ block: 'start' }));
        await screenshot(page, `console-browser-${TAB}-${locale}`);
      });
      if (cdp) console.log(`[console-browser] ${locale}: self time while scores arrive\n${selfTimes((await cdp.send('Profiler.stop')).profile)}`);
      const after = await busy();
      const { tasks, gaps } = await figures(page);
      rows.push({
        locale,
        drawnMs,
        scores,
        busyMs: after.busy - before.busy,
        scriptMs: after.script - before.script,
        styleMs: after.style - before.style,
        layoutMs: after.layout - before.layout,
        longTasks: tasks.length,
        longTaskMs: tasks.reduce((a, b) => a + b, 0),
        longestTaskMs: tasks.length ? max(tasks) : 0,
        frameGapP50: median(gaps),
        frameGapP99: percentile(gaps, 99),
        frameGapMax: max(gaps),
      });
      await context.close();
    }
    for (const socket of jurors) socket.disconnect();
  } finally {
    await browser.close();
    await t.close();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.argv[2] ?? 15);
  const rows = await consoleBrowserBench(seconds);
  console.log(
    table(
      ['console', `${TAB} tab drawn`, 'scores in', 'main thread busy (script / style / layout)', 'long tasks (>50 ms)', 'their total', 'longest', 'frame gap p50 / p99 / max'],
      rows.map((r) => [
        `${r.locale}, ${TEAMS} × ${JURORS}`,
        `${fmt(r.drawnMs, 0)} ms`,
        `${r.scores} in ${seconds} s`,
        `${fmt(r.busyMs, 0)} ms (${fmt(r.scriptMs, 0)} / ${fmt(r.styleMs, 0)} / ${fmt(r.layoutMs, 0)})`,
        String(r.longTasks),
        `${fmt(r.longTaskMs, 0)} ms`,
        `${fmt(r.longestTaskMs, 0)} ms`,
        `${fmt(r.frameGapP50)} / ${fmt(r.frameGapP99)} / ${fmt(r.frameGapMax)} ms`,
      ]),
    ),
  );
}
