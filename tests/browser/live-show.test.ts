import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgendaItem, PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { pitchPhases } from '../../server/domain/event-builder.ts';
import { emitRaw, organiser as connectOrganiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { launchBrowser, PHONE, PROJECTOR, screenshot, SMALL_PROJECTOR } from '../helpers/browser.ts';

/**
 * A 4-second pitch (amber under 3 s, red under 1.5 s) with a one-minute recap, a
 * ten-minute break, then a real five-minute pitch.
 */
function shortShow(): PodiumData {
  const data = demoData();
  const [first, second] = data.event.teams;
  const agenda: AgendaItem[] = [
    { id: 'quick-pitch', kind: 'pitch', teamId: first!.id, phases: [{ name: 'Pitch', durationMs: 4_000 }, { name: 'Recap & questions', durationMs: 60_000 }] },
    { id: 'long-break', kind: 'session', sessionKind: 'break', title: 'Coffee break', phases: [{ name: 'Coffee break', durationMs: 10 * 60_000 }] },
    { id: 'real-pitch', kind: 'pitch', teamId: second!.id, phases: pitchPhases(5 * 60_000, 3 * 60_000) },
  ];
  data.event.agenda = agenda;
  data.event.settings.amberMs = 3_000;
  data.event.settings.redMs = 1_500;
  return data;
}

// One server and one console for the whole file, so it stays fast on two cores; each
// test first puts the show where it needs it (`showAt`), so none relies on the one before.
let browser: Browser;
let context: BrowserContext;
let t: TestApp;
let organiser: Page;
let driver: TestSocket;
const pages: Page[] = [];
beforeAll(async () => {
  t = await startApp({ seed: shortShow });
  driver = (await connectOrganiser(t)).socket;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: PROJECTOR, deviceScaleFactor: 1, locale: 'en-GB' });
  organiser = await open(`/organiser#${t.organiserToken}`, { width: 1440, height: 900 }, false);
  await organiser.getByRole('button', { name: /^(Start|Pause|Resume)$/ }).waitFor();
});
const windows: BrowserContext[] = [];
afterEach(async () => {
  for (const p of pages.splice(0)) await p.close();
  for (const w of windows.splice(0)) await w.close();
});
afterAll(async () => {
  driver?.disconnect();
  await browser?.close();
  await t?.close();
});

/**
 * Puts the show on an agenda item (its first phase, from the top), running or not, with no stage
 * message, and waits until the console shows it, since the tests drive that console.
 */
async function showAt(itemId: string, running: boolean): Promise<void> {
  expect(await emitRaw(driver, 'agenda:jump', { itemId })).toMatchObject({ ok: true });
  if (running) expect(await emitRaw(driver, 'timer:start', {})).toMatchObject({ ok: true });
  if (t.data().live.message) expect(await emitRaw(driver, 'stage:clear', {})).toMatchObject({ ok: true });
  const item = t.data().event.agenda.find((i) => i.id === itemId)!;
  const title = item.kind === 'pitch' ? t.data().event.teams.find((team) => team.id === item.teamId)!.name : item.title;
  await organiser.getByRole('button', { name: `Jump to ${title}`, exact: true }).and(organiser.locator(':disabled')).waitFor();
  await organiser.getByRole('button', { name: running ? 'Pause' : 'Start', exact: true }).waitFor();
}

async function open(path: string, viewport = PROJECTOR, closeAfterTest = true): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page.setViewportSize(viewport);
  if (closeAfterTest) pages.push(page);
  await page.goto(t.url + path);
  return page;
}

async function openWindow(path: string): Promise<Page> {
  const window = await browser.newContext({ viewport: PROJECTOR, deviceScaleFactor: 1, locale: 'en-GB' });
  windows.push(window);
  const page = await window.newPage();
  await page.goto(t.url + path);
  return page;
}

/** Seconds shown by a countdown: "4:59" → 299, "+0:03" → -3. */
function seconds(text: string): number {
  const over = text.startsWith('+');
  const parts = text.replace('+', '').split(':').map(Number);
  const total = parts.reduce((s, p) => s * 60 + p, 0);
  return over ? -total : total;
}

/** Records every change of the countdown on a page: [text, urgency, wall-clock ms]. */
async function recordCountdown(page: Page): Promise<void> {
  await page.getByRole('timer').waitFor();
  await page.evaluate(() => {
    const el = document.querySelector('[role=timer]')!;
    const w = window as unknown as { ticks: [string, string, number][] };
    const note = () => w.ticks.push([el.textContent!.trim(), el.getAttribute('data-urgency')!, performance.timeOrigin + performance.now()]);
    w.ticks = [];
    note();
    new MutationObserver(note).observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}
const ticks = (page: Page) => page.evaluate(() => (window as unknown as { ticks: [string, string, number][] }).ticks);

describe('the live show in a browser', () => {
  it('Space on the console starts the projector countdown, which turns amber, red, then overtime', async () => {
    await showAt('quick-pitch', false);
    const screen = await open('/screen');
    await screen.getByRole('heading', { name: /Plastic Pollution/ }).waitFor();
    await organiser.keyboard.press('Space');
    await recordCountdown(screen);
    const timer = screen.getByRole('timer');
    await screen.waitForFunction(() => document.querySelector('[role=timer]')?.textContent?.trim().startsWith('+0:01'));
    expect(await timer.getAttribute('data-status')).toBe('running');
    expect(await timer.getAttribute('data-urgency')).toBe('red');
    const seen = await ticks(screen);
    const urgencies = seen.map(([, u]) => u).filter((u, i, all) => u !== all[i - 1]);
    expect(urgencies).toEqual(['normal', 'amber', 'red']);
    const texts = seen.map(([text]) => text);
    // A second shows until it has fully passed, so 0:01 is followed by the first second of overtime.
    expect(texts).toEqual(expect.arrayContaining(['0:03', '0:02', '0:01', '+0:00', '+0:01']));
    expect(texts.indexOf('+0:00')).toBeGreaterThan(texts.lastIndexOf('0:01'));
    // Amber from 0:03 (under 3 s left), red from 0:02 (under 1.5 s left shows as 0:02).
    expect(seen.find(([text]) => text === '0:04')?.[1]).toBe('normal');
    expect(seen.filter(([text]) => text === '0:01').every(([, u]) => u === 'red')).toBe(true);
    // The console's own clock follows; Space again pauses it.
    await organiser.keyboard.press('Space');
    await screen.waitForFunction(() => document.querySelector('[role=timer]')?.getAttribute('data-status') === 'paused');
    await organiser.getByRole('button', { name: 'Resume', exact: true }).waitFor();
    expect(await organiser.getByRole('button', { name: 'Resume', exact: true }).isVisible()).toBe(true);
  });

  it('the stage monitor shows the organiser’s message, flashing, until Esc clears it', async () => {
    await showAt('quick-pitch', false);
    const stage = await open('/stage');
    await stage.getByRole('timer').waitFor();
    await organiser.keyboard.press('m');
    await organiser.getByRole('checkbox', { name: 'Flash' }).check();
    await organiser.keyboard.press('m');
    expect(await organiser.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('');
    // Typing in the field never drives the show: n, p, Space and - are just letters here.
    const live = JSON.stringify(t.data().live);
    await organiser.keyboard.type('n p -');
    expect(await organiser.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('n p -');
    expect(JSON.stringify(t.data().live)).toBe(live);
    await organiser.getByRole('textbox', { name: 'Message' }).fill('Two minutes, then questions');
    await organiser.keyboard.press('Enter');
    const message = stage.getByRole('status', { name: 'Message from the organiser' });
    await message.waitFor();
    expect(await message.innerText()).toBe('Two minutes, then questions');
    expect(await message.getAttribute('class')).toMatch(/flash/);
    // A preset goes out at once.
    await organiser.getByRole('button', { name: 'Wrap up', exact: true }).click();
    await stage.getByText('Wrap up', { exact: true }).waitFor();
    // Esc in the field only leaves it; Esc outside clears the stage.
    await organiser.getByRole('textbox', { name: 'Message' }).focus();
    await organiser.keyboard.press('Escape');
    expect(await stage.getByText('Wrap up', { exact: true }).count()).toBe(1);
    await organiser.keyboard.press('Escape');
    await message.waitFor({ state: 'detached' });
    expect(await message.count()).toBe(0);
  });

  it('asks before restarting a running phase, and cancelling changes nothing', async () => {
    await showAt('quick-pitch', false);
    await organiser.getByRole('button', { name: 'Jump to Coffee break', exact: true }).click();
    await organiser.getByRole('button', { name: 'Jump to Coffee break', exact: true }).and(organiser.locator(':disabled')).waitFor();
    // Space with a button focused drives the clock and does not also press that button.
    await organiser.getByRole('button', { name: 'Add 1 minute', exact: true }).focus();
    await organiser.keyboard.press('Space');
    await organiser.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    expect(t.data().live.timer.durationMs).toBe(10 * 60_000);
    // + (Shift and = here) adds 30 s, as the help says.
    await organiser.keyboard.press('Shift+Equal');
    await organiser.waitForFunction(() => /^10:2\d$/.test(document.querySelector('[role=timer]')?.textContent?.trim() ?? ''));
    const endsAt = t.data().live.timer.endsAt;
    await organiser.getByRole('button', { name: 'Restart phase', exact: true }).click();
    const dialog = organiser.getByRole('dialog', { name: 'Restart this phase?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    expect(await dialog.isVisible()).toBe(false);
    expect(t.data().live.timer.endsAt).toBe(endsAt);
    await organiser.getByRole('button', { name: 'Restart phase', exact: true }).click();
    await dialog.getByRole('button', { name: 'Restart phase', exact: true }).click();
    await organiser.waitForFunction(() => /^(10:00|9:5\d)$/.test(document.querySelector('[role=timer]')?.textContent?.trim() ?? ''));
    expect(t.data().live.timer.durationMs).toBe(10 * 60_000);
  });

  it('two projector screens show the same second', async () => {
    // Each in its own window: tabs behind another tab get their animation frames throttled.
    await showAt('long-break', true);
    const a = await openWindow('/screen');
    const b = await openWindow('/screen');
    expect(t.data().live.timer.status).toBe('running');
    await recordCountdown(a);
    await recordCountdown(b);
    const changes = async (p: Page) => new Set((await ticks(p)).map(([text]) => text)).size - 1;
    // Sample until both pages have turned over at least three seconds.
    for (let i = 0; i < 80; i++) {
      if (i >= 12 && (await changes(a)) >= 3 && (await changes(b)) >= 3) break;
      const [x, y] = await Promise.all([a, b].map((p) => p.evaluate(() => document.querySelector('[role=timer]')!.textContent!.trim())));
      expect(Math.abs(seconds(x!) - seconds(y!))).toBeLessThanOrEqual(1);
      await a.waitForTimeout(83);
    }
    // The spread: when each page turned to the same second, by the same machine clock.
    const [ta, tb] = await Promise.all([ticks(a), ticks(b)]);
    const firstSeen = (xs: [string, string, number][]) => {
      const at = new Map<string, number>();
      for (const [text, , when] of xs) if (!at.has(text)) at.set(text, when);
      return at;
    };
    const [fa, fb] = [firstSeen(ta), firstSeen(tb)];
    // The seconds already showing when recording began have no turning moment to compare.
    const spreads = [...fa]
      .filter(([text]) => text !== ta[0]![0] && text !== tb[0]![0] && fb.has(text))
      .map(([text, at]) => Math.abs(at - fb.get(text)!));
    expect(spreads.length).toBeGreaterThan(1);
    spreads.sort((p, q) => p - q);
    console.log(
      `[live-show] two /screen pages: ${spreads.length} second changes compared; spread median ${spreads[spreads.length >> 1]!.toFixed(1)} ms, max ${spreads[spreads.length - 1]!.toFixed(1)} ms; every paired sample within one second`,
    );
  });

  it('screenshots: big, high-contrast, nothing clipped', async () => {
    await showAt('long-break', true);
    await organiser.keyboard.press('n');
    await organiser.getByRole('button', { name: 'Start', exact: true }).waitFor();
    await organiser.keyboard.press('Space');
    await organiser.getByRole('button', { name: 'Wrap up', exact: true }).click();
    await organiser.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    expect(t.data().live.itemIndex).toBe(2);
    // Each page once, resized for the smaller projector.
    const views: [string, { width: number; height: number }[]][] = [
      ['/screen', [PROJECTOR, SMALL_PROJECTOR]],
      ['/stage', [PROJECTOR, SMALL_PROJECTOR]],
      ['/', [PHONE]],
    ];
    for (const [path, sizes] of views) {
      const page = await open(path, sizes[0]);
      const timer = page.getByRole('timer');
      await timer.waitFor();
      await page.waitForFunction(() => document.querySelector('[role=timer]')?.getAttribute('data-status') === 'running');
      for (const viewport of sizes) {
        const name = `live-${path === '/' ? 'audience' : path.slice(1)}-${viewport.width}x${viewport.height}`;
        await page.setViewportSize(viewport);
        const box = (await timer.boundingBox())!;
        const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
        expect(fits, `${name} scrolls sideways`).toBe(true);
        expect(box.x, name).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, name).toBeLessThanOrEqual(viewport.width);
        if (path !== '/') expect(box.y + box.height, name).toBeLessThanOrEqual(viewport.height);
        // Huge: at least a fifth of the screen's height on a projector, a big share of a phone.
        expect(box.height, name).toBeGreaterThan(path === '/' ? 90 : viewport.height / 5);
        await screenshot(page, name);
      }
    }
    await screenshot(organiser, 'live-console-1440x900');
    expect(await organiser.getByRole('region', { name: 'Keyboard' }).isVisible()).toBe(true);
  });

  it('asks before jumping back over a finished pitch', async () => {
    // ecopals has pitched: the show ran it, then moved on to the last pitch.
    await showAt('quick-pitch', true);
    await showAt('real-pitch', true);
    expect(t.data().live.itemIndex).toBe(2);
    await organiser.getByRole('button', { name: 'Jump to ecopals', exact: true }).click();
    const dialog = organiser.getByRole('dialog', { name: 'Jump back to ecopals?' });
    await dialog.waitFor();
    await organiser.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(t.data().live.itemIndex).toBe(2);
    await organiser.getByRole('button', { name: 'Jump to ecopals', exact: true }).click();
    await dialog.getByRole('button', { name: 'Jump to ecopals', exact: true }).click();
    await organiser.getByRole('button', { name: 'Jump to ecopals', exact: true }).and(organiser.locator(':disabled')).waitFor();
    expect(t.data().live.itemIndex).toBe(0);
  });

  it('a screen that loses the server keeps counting and says it is reconnecting', async () => {
    await showAt('quick-pitch', false);
    await organiser.keyboard.press('Space');
    const screen = await openWindow('/screen');
    await screen.waitForFunction(() => document.querySelector('[role=timer]')?.getAttribute('data-status') === 'running');
    await recordCountdown(screen);
    expect(await screen.getByRole('status').filter({ hasText: 'Reconnecting' }).count()).toBe(0);
    // Last test: the server goes away for good.
    await t.app.close();
    const mark = screen.getByRole('status').filter({ hasText: 'Reconnecting…' });
    await mark.waitFor();
    // The next second, shown after the server went away.
    const shown = async () => [...new Set((await ticks(screen)).map(([text]) => text))];
    const before = (await shown()).length;
    await screen.waitForFunction(
      (n) => new Set((window as unknown as { ticks: [string][] }).ticks.map(([text]) => text)).size >= n + 1,
      before,
    );
    const [previous, last] = (await shown()).slice(-2) as [string, string];
    // One second on: "0:05" → "0:04", or into overtime "0:00" → "+0:00" (both read as zero seconds).
    const turnedOvertime = previous === '0:00' && last === '+0:00';
    expect(turnedOvertime ? -1 : seconds(last) - seconds(previous)).toBe(-1);
    expect(await mark.isVisible()).toBe(true);
  });
});
