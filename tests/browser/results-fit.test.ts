// The Results tab on a 1024 × 768 laptop (a projector's resolution), in French and English:
// rank, team, score, four criteria, jurors and spread fit the panel without scrolling sideways,
// whatever the team's name (a 34-letter German word, emoji); every score cell is on screen.
// Screenshots: test-results/screenshots/results-fit-*.png.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, type DeviceLocale } from '../helpers/browser.ts';
import { sizedData } from '../helpers/sized-event.ts';

let app: TestApp;
let browser: Browser;
const LONG = 'Donaudampfschifffahrtsgesellschaft Ça 🚀';

beforeAll(async () => {
  app = await startApp({
    seed: () => {
      const data = sizedData(8, 6, { scored: true });
      data.event.teams[0]!.name = LONG;
      data.event.teams[1]!.name = 'Anticonstitutionnellement Durable';
      return data;
    },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('the Results table at 1024 × 768', () => {
  for (const locale of ['fr-CH', 'en-GB'] as DeviceLocale[]) {
    it(`fits without scrolling sideways, long team names included (${locale})`, async () => {
      const { page, context } = await newDevicePage(browser, locale, { width: 1024, height: 768 });
      try {
        await page.goto(`${app.url}/organiser?tab=results#${app.organiserToken}`);
        const table = page.getByRole('table').first();
        const longRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${LONG}`) }) });
        await longRow.waitFor();
        const columns = await table.locator('thead th').count();
        expect(columns).toBe(9); // rank, team, score, 4 criteria, jurors, spread
        const fit = await table.evaluate((t) => {
          const scroller = t.parentElement!;
          return { scroll: scroller.scrollWidth, client: scroller.clientWidth, right: scroller.getBoundingClientRect().right };
        });
        expect(fit.scroll, 'the table is wider than its panel').toBeLessThanOrEqual(fit.client);
        // Every cell of the long name's row, the spread last, is inside the panel and the window.
        const cells = longRow.locator(':scope > td, :scope > th');
        expect(await cells.count()).toBe(columns);
        for (const cell of await cells.all()) {
          const box = (await cell.boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(Math.min(fit.right, 1024) + 0.5);
        }
        await screenshot(page, `results-fit-${locale}`);
      } finally {
        await context.close();
      }
    });
  }
});
