import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newPage } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
/** Where phones reach the server; the laptop itself opens the pages as 127.0.0.1. */
const PUBLIC_URL = 'http://podium.venue.example:3000';
beforeAll(async () => {
  t = await startApp({ publicUrl: PUBLIC_URL });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('every page loads under the security headers', () => {
  for (const path of ['/', '/screen', '/stage']) {
    it(`${path} shows the event's name`, async () => {
      const { context, page } = await newPage(browser);
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(t.url + path);
      const heading = page.getByRole('heading', { name: /Plastic Pollution/ });
      await heading.waitFor();
      expect(await heading.isVisible()).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('the organiser console needs the organiser link', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${t.url}/organiser#wrong-token-wrong-token-wrong`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/not valid/);
    await context.close();
  });

  it('builds juror links and QR codes from the public address, not from the laptop localhost', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${t.url}/organiser?tab=build#${t.organiserToken}`);
    const juror = t.data().event.jurors[0]!;
    const link = page.getByRole('textbox', { name: `Personal link of ${juror.name}` });
    await page.waitForFunction(
      ([name, expected]) => (document.querySelector(`input[aria-label="Personal link of ${name}"]`) as HTMLInputElement | null)?.value === expected,
      [juror.name, `${PUBLIC_URL}/jury/${juror.token}`] as const,
    );
    expect(await link.inputValue()).toBe(`${PUBLIC_URL}/jury/${juror.token}`);
    await context.close();
  });
});
