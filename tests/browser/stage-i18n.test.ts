// The stage monitor, the pilot of the French and English pages: it speaks the EVENT's
// language and shows the EVENT's times, whatever the device's own language and zone.
// Event: French, in Europe/Zurich, first item planned at 16:15 Zurich time; devices in
// fr-CH and en-GB, both set to New York (where it is 10:15).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { DEVICE_LOCALES, launchBrowser, newDevicePage, SMALL_PROJECTOR, screenshot, type DeviceLocale } from '../helpers/browser.ts';

// 1 December 2026, 15:15 UTC = 16:15 in Zurich (UTC+1 in winter) = 10:15 in New York.
const STARTS_AT = Date.UTC(2026, 11, 1, 15, 15);
let t: TestApp;
let browser: Browser;
let org: TestSocket;

beforeAll(async () => {
  const seed = demoData(undefined, new Date(STARTS_AT), { language: 'fr', timeZone: 'Europe/Zurich' });
  seed.event.settings.startsAt = STARTS_AT;
  // Half an hour before the show: nothing has started yet.
  t = await startApp({ seed: () => seed, clock: { now: () => STARTS_AT - 30 * 60_000 } });
  org = (await organiser(t)).socket;
  browser = await launchBrowser();
});
afterAll(async () => {
  org?.disconnect();
  await browser?.close();
  await t?.close();
});

async function stageIn(locale: DeviceLocale): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await newDevicePage(browser, locale, SMALL_PROJECTOR);
  await page.goto(`${t.url}/stage`);
  return { context, page };
}

describe('the stage monitor of a French event in Zurich', () => {
  for (const locale of DEVICE_LOCALES) {
    it(`speaks French and shows Zurich times on a ${locale} device in New York`, async () => {
      const { context, page } = await stageIn(locale);
      await page.getByText('Ensuite à 16:15\u202f: Accueil et introduction', { exact: true }).waitFor();
      expect(await page.evaluate(() => new Date().getTimezoneOffset())).toBeGreaterThan(0); // the device is west of UTC
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await page.title()).toBe('Podium — scène');
      expect(await page.locator('footer .title').innerText()).toBe('Bientôt sur scène');
      // Neither what is on nor what is next is cut short at 1280 × 720.
      for (const part of ['footer .title', 'footer .next']) {
        expect(await page.locator(part).evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
      }
      expect(await page.getByRole('timer').getAttribute('aria-label')).toBe('Temps restant sur scène (prêt)');
      const text = await page.locator('body').innerText();
      for (const english of ['Starting soon', 'Next', 'Time left', '10:15', 'AM', 'PM']) expect(text).not.toContain(english);
      await screenshot(page, `stage-fr-${locale}`);
      await context.close();
    });
  }

  it('switches to English at once when the organiser changes the event language, times still Zurich', async () => {
    const { context, page } = await stageIn('fr-CH');
    await page.getByText('Ensuite à 16:15\u202f: Accueil et introduction', { exact: true }).waitFor();
    expect(await emitRaw(org, 'settings:update', { language: 'en' })).toMatchObject({ ok: true });
    await page.getByText('Next at 16:15: Accueil et introduction', { exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('footer .title').innerText()).toBe('Starting soon');
    await expect.poll(() => page.title()).toBe('Podium — stage');
    expect(await page.getByRole('timer').getAttribute('aria-label')).toBe('Time left on stage (ready)');
    await screenshot(page, 'stage-en-after-switch');
    expect(await emitRaw(org, 'settings:update', { language: 'fr' })).toMatchObject({ ok: true });
    await page.getByText('Bientôt sur scène', { exact: true }).waitFor();
    await context.close();
  });
});
