// The livestream's lower third shows a team's whole name on its one line: a long one
// ("Anticonstitutionnellement Écoconception 🌍") is set smaller to fit, as broadcast
// graphics do, instead of losing its end to an ellipsis; a short one keeps its size.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { animationsDone, launchBrowser, newPage, PROJECTOR, screenshot, SMALL_PROJECTOR } from '../helpers/browser.ts';

const LONG = 'Anticonstitutionnellement Écoconception 🌍';

let t: TestApp;
let browser: Browser;
let org: TestSocket;
let pitches: string[];

beforeAll(async () => {
  const seed = demoData(undefined, new Date(), { language: 'fr', timeZone: 'Europe/Zurich' });
  const items = seed.event.agenda.filter((i) => i.kind === 'pitch');
  if (items[0]?.kind !== 'pitch') throw new Error('the demo has pitches');
  seed.event.teams.find((x) => x.id === items[0]!.teamId)!.name = LONG;
  pitches = items.map((i) => i.id);
  t = await startApp({ seed: () => seed });
  org = (await organiser(t)).socket;
  browser = await launchBrowser();
});
afterAll(async () => {
  org?.disconnect();
  await browser?.close();
  await t?.close();
});

/** The lower third's name: its text, whether all of it shows, and its font size. */
const teamLine = (page: Page) =>
  page.locator('.lower .team').evaluate((el) => ({ text: el.textContent, whole: el.scrollWidth <= el.clientWidth, size: parseFloat(getComputedStyle(el).fontSize) }));

describe("the overlay's lower third", () => {
  for (const viewport of [PROJECTOR, SMALL_PROJECTOR]) {
    it(`at ${viewport.width}×${viewport.height}: a long name shows whole, a little smaller; a short one at its size`, async () => {
      // The lower third is up while a pitch runs.
      expect(await emitRaw(org, 'agenda:jump', { itemId: pitches[0] })).toMatchObject({ ok: true });
      expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
      const { context, page } = await newPage(browser, viewport);
      try {
        await page.goto(`${t.url}/overlay?layers=lower,clock`);
        await page.locator('.lower .team', { hasText: LONG }).waitFor();
        await page.evaluate(() => document.fonts.ready);
        await animationsDone(page);
        await screenshot(page, `overlay-long-name-${viewport.width}x${viewport.height}`);
        const long = await teamLine(page);
        expect(long.whole, JSON.stringify(long)).toBe(true);
        // The name's own size is 6 % of the picture's height: at most 40 % smaller.
        const own = 0.06 * viewport.height;
        expect(long.size).toBeLessThan(own);
        expect(long.size).toBeGreaterThanOrEqual(0.6 * own - 0.5);

        expect(await emitRaw(org, 'agenda:jump', { itemId: pitches[1] })).toMatchObject({ ok: true });
        expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
        await page.locator('.lower .team', { hasNotText: LONG }).waitFor();
        await animationsDone(page);
        const short = await teamLine(page);
        expect(short.whole).toBe(true);
        expect(short.size).toBeCloseTo(own, 0);
      } finally {
        await context.close();
      }
    });
  }
});
