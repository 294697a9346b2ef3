// A juror link that flooded is paused for a while: its page says so, in words,
// on a 360 px phone, and the juror's page comes back by itself once the time is served.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGES_PER_JUROR } from '../../server/auth/socket.ts';
import { socketFor, startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, newPage, screenshot, SMALL_PHONE } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  // A short cut-off, so the page can be seen coming back.
  t = await startApp({ rateLimit: { burst: 20, perSecond: 1, disconnectAfter: 20, cutOffMs: 4_000 } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('a juror link cut off for flooding', () => {
  it('shows the juror why, and comes back once the pause is over', async () => {
    const juror = t.data().event.jurors[1]!;
    const { context, page } = await newPage(browser, SMALL_PHONE);
    await page.goto(`${t.url}/jury/${juror.token}`);
    await page.getByRole('heading', { name: juror.name }).waitFor();

    // Someone else holding the same link floods (pings without acks cost the same).
    const flooder = socketFor(t.url, { token: juror.token });
    await new Promise<void>((r) => flooder.once('connect', () => r()));
    for (let i = 0; i < 200; i++) (flooder as unknown as { emit: (...a: unknown[]) => void }).emit('clock:ping', {});

    const notice = page.getByRole('alert').filter({ hasText: /paused for \d+ s/ });
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/sent far too many requests.*ask the organiser for a new link/s);
    expect(await page.getByRole('status', { name: 'Connection' }).innerText()).toMatch(/Offline/);
    await screenshot(page, 'jury-360-paused');
    flooder.disconnect();

    // Once the pause is served the page reconnects by itself and the notice goes.
    await page.getByRole('status', { name: 'Connection' }).getByText('Online').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').filter({ hasText: /paused/ }).count()).toBe(0);
    await context.close();
  });

  it('tells a sixth page of one link why it waits, in French, and lets it in once a page closes', async () => {
    const juror = t.data().event.jurors[2]!;
    const others = Array.from({ length: MAX_PAGES_PER_JUROR }, () => socketFor(t.url, { token: juror.token }));
    await Promise.all(others.map((s) => new Promise<void>((r) => s.once('connect', () => r()))));
    const { context, page } = await newDevicePage(browser, 'fr-CH', SMALL_PHONE);
    await page.goto(`${t.url}/jury/${juror.token}`);
    const notice = page.getByRole('alert').filter({ hasText: /déjà ouvert sur 5\u202fpages/ });
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/Ce lien de membre du jury est déjà ouvert sur 5\u202fpages\. Fermez-en une\u202f; cette page se connectera d’elle-même\./);
    await screenshot(page, 'jury-360-too-many-pages-fr-CH');
    others[0]!.disconnect();
    // The page retries by itself (with a growing pause) and gets in: the juror's name, the notice gone.
    await page.getByRole('heading', { name: juror.name }).waitFor({ timeout: 30_000 });
    expect(await notice.count()).toBe(0);
    for (const s of others) s.disconnect();
    await context.close();
  });
});
