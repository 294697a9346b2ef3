// A paused clock is said in words on the stage monitor and on the projector, in the event's
// language, and on an audience phone: its dimmed digits alone read as a running clock from the stage or the back of the
// room (a walkthrough found "En cours" over a stopped 10:00 and no word of the pause on /stage).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, SMALL_PHONE, SMALL_PROJECTOR } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let org: TestSocket;

beforeAll(async () => {
  t = await startApp({ seed: () => demoData(undefined, new Date(), { language: 'fr', timeZone: 'Europe/Zurich' }) });
  org = (await organiser(t)).socket;
  browser = await launchBrowser();
});
afterAll(async () => {
  org?.disconnect();
  await browser?.close();
  await t?.close();
});

/** The words of the pause on the page, if shown. */
const pauseWords = (page: Page, selector: string) => page.locator(selector).allInnerTexts();

describe('a paused clock', () => {
  it('is said "En pause" on the stage monitor and the projector while paused, and no longer once running again; "Paused" in an English event', async () => {
    expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
    const stage = (await newDevicePage(browser, 'en-GB', SMALL_PROJECTOR)).page;
    const screen = (await newDevicePage(browser, 'en-GB', SMALL_PROJECTOR)).page;
    await stage.goto(`${t.url}/stage`);
    await screen.goto(`${t.url}/screen`);
    for (const page of [stage, screen]) await page.locator('[role="timer"][data-status="running"]').waitFor();
    expect(await pauseWords(stage, 'footer .paused')).toEqual([]);
    expect(await pauseWords(screen, '.kicker .paused')).toEqual([]);

    expect(await emitRaw(org, 'timer:pause', {})).toMatchObject({ ok: true });
    for (const page of [stage, screen]) await page.locator('[role="timer"][data-status="paused"]').waitFor();
    await expect.poll(() => pauseWords(stage, 'footer .paused')).toEqual(['EN PAUSE']);
    await expect.poll(() => pauseWords(screen, '.kicker .paused')).toEqual(['EN PAUSE']);
    // Whole on the stage monitor's line at 1280 × 720, beside what is on.
    expect(await stage.locator('footer .paused').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    await screenshot(stage, 'stage-paused-fr');
    await screenshot(screen, 'screen-paused-fr');

    expect(await emitRaw(org, 'settings:update', { language: 'en' })).toMatchObject({ ok: true });
    await expect.poll(() => pauseWords(stage, 'footer .paused')).toEqual(['PAUSED']);
    await expect.poll(() => pauseWords(screen, '.kicker .paused')).toEqual(['PAUSED']);

    expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
    for (const page of [stage, screen]) await page.locator('[role="timer"][data-status="running"]').waitFor();
    await expect.poll(() => pauseWords(stage, 'footer .paused')).toEqual([]);
    await expect.poll(() => pauseWords(screen, '.kicker .paused')).toEqual([]);
    await stage.context().close();
    await screen.context().close();
  });

  it('leaves the current item its title whole in the projector\'s agenda at 1024 × 768, in French', async () => {
    expect(await emitRaw(org, 'settings:update', { language: 'fr' })).toMatchObject({ ok: true });
    expect(await emitRaw(org, 'timer:pause', {})).toMatchObject({ ok: true });
    const screen = (await newDevicePage(browser, 'fr-CH', { width: 1024, height: 768 })).page;
    await screen.goto(`${t.url}/screen`);
    const current = screen.locator('.agenda li[aria-current="true"]');
    await current.locator('.badge').filter({ hasText: 'En cours' }).waitFor();
    // « Accueil et introduction » on its two lines, no word cut and nothing clamped away (was « Accue / il et… » beside the badge).
    await screenshot(screen, 'screen-paused-agenda-fr-1024');
    const title = current.locator('.title');
    expect(await title.innerText()).toBe('En cours Accueil et introduction');
    expect(await title.evaluate((e) => e.scrollHeight <= e.clientHeight + 1)).toBe(true);
    const words = await title.evaluate((e) => {
      // Each word of the title on one line: its characters' boxes share one top.
      const text = [...e.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())!;
      const range = document.createRange();
      const tops = (from: number, to: number) => {
        const seen = new Set<number>();
        for (let i = from; i < to; i++) {
          range.setStart(text, i);
          range.setEnd(text, i + 1);
          seen.add(Math.round(range.getBoundingClientRect().top));
        }
        return seen.size;
      };
      const s = text.textContent!;
      return s.split(' ').filter(Boolean).map((w) => ({ w, lines: tops(s.indexOf(w), s.indexOf(w) + w.length) }));
    });
    expect(words.filter((x) => x.lines > 1)).toEqual([]);
    await screen.context().close();
  });

  it('is said on an audience phone too, in the event\'s language as the rest of that page, and no longer once running again', async () => {
    // Paused, whatever the tests before left.
    if (t.data().live.timer.status !== 'running') expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
    expect(await emitRaw(org, 'timer:pause', {})).toMatchObject({ ok: true });
    const phone = (await newDevicePage(browser, 'en-GB', SMALL_PHONE)).page;
    await phone.goto(`${t.url}/`);
    await expect.poll(() => pauseWords(phone, '.now .meta .paused')).toEqual(['EN PAUSE']);
    await screenshot(phone, 'audience-paused-fr');
    expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
    await expect.poll(() => pauseWords(phone, '.now .meta .paused')).toEqual([]);
    await phone.context().close();
  });
});
