// The Build tab's rows of teams and criteria (their fields, then Save, ↑ ↓ and Remove) on the
// consoles organisers bring: a 1280 px laptop, with the settings column beside them, and a
// 1024 × 768 screen, in English and in French (longer button labels). Every button must lie inside
// its panel and be the thing a click at its centre reaches: a row wider than its panel once hid
// Remove past the edge, to be seen only by scrolling sideways (teams and agenda in French at 1280 px).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app.ts';
import { DEVICE_LOCALES, launchBrowser, newDevicePage, screenshot } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Each row's buttons that do not lie inside its panel or are covered, by their label. */
async function buttonsOutside(page: Page, rows: string): Promise<{ count: number; outside: string[] }> {
  return page.evaluate((selector) => {
    const forms = [...document.querySelectorAll<HTMLElement>(selector)];
    const outside: string[] = [];
    let count = 0;
    for (const form of forms) {
      const panel = form.closest('section')!.getBoundingClientRect();
      for (const button of form.querySelectorAll<HTMLButtonElement>('button')) {
        count++;
        button.scrollIntoView({ block: 'center', inline: 'nearest' });
        const box = button.getBoundingClientRect();
        const inside = box.width > 0 && box.left >= panel.left && box.right <= panel.right;
        const reached = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        if (!inside || !(reached === button || button.contains(reached))) outside.push(button.getAttribute('aria-label') ?? button.textContent!.trim());
      }
    }
    return { count, outside };
  }, rows);
}

describe('the Build tab\'s rows fit their panel', () => {
  for (const locale of DEVICE_LOCALES) {
    for (const viewport of [{ width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
      it(`every row's buttons are inside its panel and reachable, ${locale} at ${viewport.width}×${viewport.height}`, async () => {
        const { context, page } = await newDevicePage(browser, locale, viewport);
        try {
          await page.goto(`${t.url}/organiser?tab=build#${t.organiserToken}`);
          await page.locator('#teams-heading').waitFor();
          const teams = t.data().event.teams.length;
          const criteria = t.data().event.criteria.length;
          // Save, ↑, ↓ and Remove on every team's and criterion's row; Add on each add form.
          const teamRows = await buttonsOutside(page, 'form.team-grid');
          expect(teamRows).toEqual({ count: teams * 4 + 1, outside: [] });
          const criterionRows = await buttonsOutside(page, 'form.criterion-grid');
          expect(criterionRows).toEqual({ count: criteria * 4 + 1, outside: [] });
          const agendaRows = await buttonsOutside(page, 'form.row.agenda');
          expect(agendaRows.outside).toEqual([]);
          expect(agendaRows.count).toBeGreaterThanOrEqual(t.data().event.agenda.length * 4);
          // No part of the page scrolls sideways.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
          await page.locator('#teams-heading').scrollIntoViewIfNeeded();
          await screenshot(page, `build-rows-${locale}-${viewport.width}`);
        } finally {
          await context.close();
        }
      });
    }
  }
});
