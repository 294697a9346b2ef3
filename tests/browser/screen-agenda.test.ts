// The projector's "Today" panel before and between pitches: on a 1024×768
// projector the demo's titles wrap to two lines and eight rows no longer fit;
// the rows that do not fit whole are left out, never cut in half at the bottom.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoData } from '../../server/domain/demo-event.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newPage, PROJECTOR, screenshot, SMALL_PROJECTOR } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  const seed = demoData();
  // Long titles, with capitals that carry accents, so rows wrap on a small projector.
  const welcome = seed.event.agenda[0]!;
  if (welcome.kind !== 'session') throw new Error('the demo opens with a session');
  welcome.title = 'Accueil et présentation des équipes Économie circulaire';
  t = await startApp({ seed: () => seed });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("the projector's Today panel", () => {
  for (const viewport of [PROJECTOR, SMALL_PROJECTOR, { width: 1024, height: 768 }]) {
    it(`at ${viewport.width}×${viewport.height}: every row shown is whole inside the panel, and they are the first ones`, async () => {
      const { context, page } = await newPage(browser, viewport);
      try {
        await page.goto(`${t.url}/screen`);
        const panel = page.getByRole('complementary', { name: 'Agenda' });
        await panel.getByRole('listitem').first().waitFor();
        await page.evaluate(() => document.fonts.ready);
        const rows = await panel.evaluate((aside) => {
          const box = aside.getBoundingClientRect();
          return [...aside.querySelectorAll('li')].map((li) => {
            const r = li.getBoundingClientRect();
            const shown = getComputedStyle(li).display !== 'none';
            return { title: li.querySelector('.title')?.textContent ?? '', shown, inside: r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5 };
          });
        });
        await screenshot(page, `screen-agenda-${viewport.width}x${viewport.height}`);
        const shown = rows.filter((r) => r.shown);
        expect(shown.length, JSON.stringify(rows)).toBeGreaterThanOrEqual(3);
        expect(shown.filter((r) => !r.inside), JSON.stringify(rows)).toEqual([]);
        // Left out from the end only: what comes first is never skipped.
        expect(rows.map((r) => r.shown)).toEqual(rows.map((_, i) => i < shown.length));
        expect(shown[0]!.title).toBe('Accueil et présentation des équipes Économie circulaire');
      } finally {
        await context.close();
      }
    });
  }
});
