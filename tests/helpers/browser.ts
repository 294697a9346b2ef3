// Headless Chromium from Debian (never a downloaded browser), driven by playwright-core.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's chromium-headless-shell: the same Blink and V8 as its chromium, without the browser around them. */
export const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/**
 * The browser project's shared Chromium (browser-server.ts): CHROMIUM_PATH if set, else Debian's
 * chromium-headless-shell when installed (.ci/run installs it), else CHROMIUM. The headless shell
 * is the browser Playwright itself runs headless tests in; Debian's full chromium in its headless
 * mode cost some four times the CPU (measured on /screen at three projector sizes: 15.3 CPU-s to
 * open three pages against 4.2; a blank page open for 10 s, 1 CPU-s against 0.01), and the tests'
 * pages and the tests' servers share two cores. The benchmarks (launchBrowser outside the browser
 * project) keep CHROMIUM, so their figures stay comparable; under vitest (bench-smoke.test.ts) they
 * launch this one.
 */
export const TEST_CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : CHROMIUM);

/** How every Chromium of the tests and benchmarks is started. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A browser for a test file. In the browser project it is the run's one Chromium, started by
 * browser-server.ts (connecting takes milliseconds, launching seconds): the file's contexts are
 * its own, and its browser.close() closes them and disconnects, leaving Chromium to the next file.
 * Elsewhere (the benchmarks, or a file run without that set-up) a Chromium of its own, which
 * close() ends: TEST_CHROMIUM under vitest, CHROMIUM under `npm run bench`.
 */
export async function launchBrowser(): Promise<Browser> {
  const inVitest = process.env.VITEST_WORKER_ID !== undefined;
  const shared = inVitest ? await sharedEndpoint() : '';
  if (shared) return chromium.connect(shared, { timeout: 30_000 });
  // A test's own Chromium (bench-smoke's proxied screens) is the tests' browser; `npm run bench`'s stays CHROMIUM.
  return chromium.launch({ executablePath: inVitest ? TEST_CHROMIUM : CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

async function sharedEndpoint(): Promise<string> {
  const { inject } = await import('vitest');
  return inject('browserWsEndpoint') ?? '';
}

export const PROJECTOR = { width: 1920, height: 1080 };
export const SMALL_PROJECTOR = { width: 1280, height: 720 };
export const PHONE = { width: 390, height: 844 };
export const SMALL_PHONE = { width: 360, height: 740 };

export async function newPage(browser: Browser, viewport = PROJECTOR): Promise<{ context: BrowserContext; page: Page }> {
  return openPage(browser, { viewport });
}

/**
 * The devices of the French event's tests (the event is in Zurich): a Swiss-French and a British
 * one, both set to New York's time zone, six hours west, so a time shown in the device's zone
 * or language instead of the event's is caught.
 */
export const DEVICE_LOCALES = ['fr-CH', 'en-GB'] as const;
export type DeviceLocale = (typeof DEVICE_LOCALES)[number];
export const DEVICE_TIME_ZONE = 'America/New_York';

/** A page on a device set to `locale` (fr-CH or en-GB) in New York. */
export async function newDevicePage(browser: Browser, locale: DeviceLocale, viewport = PROJECTOR): Promise<{ context: BrowserContext; page: Page }> {
  return openPage(browser, { viewport, locale, timezoneId: DEVICE_TIME_ZONE });
}

async function openPage(browser: Browser, options: { viewport: { width: number; height: number }; locale?: string; timezoneId?: string }) {
  const context = await browser.newContext({ ...options, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return { context, page };
}

/**
 * A download saved to a file of this machine, and its path: download.path() is not available on
 * the shared Chromium (a browser connected to, see launchBrowser), saveAs() is.
 */
export async function savedDownload(download: Download): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'podium-download-')), download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

/** Screenshots land in test-results/screenshots (git-ignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = resolve(import.meta.dirname, '../../test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * Resolves once every finite animation and transition running on the page has finished (rows
 * gliding, fades), so a screenshot meant for a person shows the settled page; endless ones
 * (a pulsing clock) are left alone. One still running after 10 s (the longest takes under 2)
 * fails here, named, instead of holding the test until its own time limit says nothing.
 */
export async function animationsDone(page: Page): Promise<void> {
  const late = await page.evaluate(async () => {
    const running = document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity);
    const done = Promise.all(running.map((a) => a.finished.catch(() => undefined))).then(() => true);
    if (await Promise.race([done, new Promise<false>((r) => setTimeout(() => r(false), 10_000))])) return [];
    return running
      .filter((a) => a.playState !== 'finished' && a.playState !== 'idle')
      .map((a) => {
        const target = (a.effect as KeyframeEffect | null)?.target;
        const name = (a as CSSAnimation).animationName ?? (a as CSSTransition).transitionProperty ?? a.id;
        return `${target ? `${target.tagName.toLowerCase()}.${[...target.classList].join('.')}` : '?'} ${name || '(script)'} ${a.playState} at ${Math.round(Number(a.currentTime))} ms`;
      });
  });
  if (late.length > 0) throw new Error(`animations still running after 10 s on ${page.url()}: ${late.join('; ')}`);
}

/**
 * A slow network for `page`, set up before it opens the app: while `hold()` is on, what the
 * server sends waits in a WebSocket route until `release()`; the page's own messages still go
 * out at once. Long-polling would bypass the route, so the page talks over WebSocket only.
 */
export async function holdableServer(page: Page): Promise<{ hold: () => void; release: () => void }> {
  let holding = false;
  const held: (() => void)[] = [];
  await page.route(/\/socket\.io\/.*transport=polling/, (route) => route.abort());
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => (holding ? held.push(() => ws.send(message)) : ws.send(message)));
  });
  return {
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      for (const send of held.splice(0)) send();
    },
  };
}
