// A juror's link is replaced while a score waits on their phone: the new link,
// opened on the same phone, sends it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey } from '../../protocol/model.ts';
import { emitRaw, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { launchBrowser, PHONE } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let org: TestSocket;

/** A phone (or screen) whose browser speaks British English: the page follows the device's language. */
async function englishPage(viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-GB' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return { context, page };
}

beforeAll(async () => {
  t = await startApp();
  org = (await organiser(t)).socket;
  expect(await emitRaw(org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  org?.disconnect();
  await browser?.close();
  await t?.close();
});

describe('a new juror link on the same phone', () => {
  it('takes over the scores the old link could not send', async () => {
    const juror = t.data().event.jurors[3]!;
    const team = t.data().event.teams.find((x) => x.name === 'Seaweed Wrap')!;
    const { context, page } = await englishPage(PHONE);
    await page.goto(`${t.url}/jury/${juror.token}`);
    await page.getByRole('heading', { name: juror.name }).waitFor();
    await context.setOffline(true);
    await page.getByText('Offline', { exact: true }).waitFor();
    await page.getByRole('button', { name: /Seaweed Wrap/ }).click();
    await page.getByRole('heading', { name: 'Scoring: Seaweed Wrap' }).waitFor();
    for (const [criterion, mark] of [['Impact', 6], ['Reach', 7], ['Implementation', 8], ['Environmental', 9]] as const) {
      await page.getByRole('radiogroup', { name: criterion }).getByRole('radio', { name: String(mark), exact: true }).click();
    }
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('1 score waiting to be sent').waitFor();

    // Meanwhile the organiser replaces the link (it was shared by mistake).
    const reissued = (await emitRaw(org, 'juror:reissue-link', { id: juror.id })) as { ok: boolean; data: { token: string } };
    expect(reissued.ok).toBe(true);
    expect(t.data().scores[scoreKey(juror.id, team.id)]).toBeUndefined();

    await context.setOffline(false);
    await page.goto(`${t.url}/jury/${reissued.data.token}`);
    await page.getByRole('heading', { name: juror.name }).waitFor();
    await expect.poll(() => t.data().scores[scoreKey(juror.id, team.id)], { timeout: 15_000 }).toBeDefined();
    await page.getByText('Nothing waiting to send').waitFor();
    const saved = t.data().scores[scoreKey(juror.id, team.id)];
    expect(saved).toMatchObject({ revision: 1 });
    expect(Object.values(saved!.marks).sort()).toEqual([6, 7, 8, 9]);
    await context.close();
  });
});
