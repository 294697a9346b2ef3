// A juror on a slow network changes a mark while the last save is on its way: the page must not
// show the new mark as saved when the server has the old one, and the new mark must reach it.
// The criteria keep the event's names (an English event) on a French phone: they are the organiser's words.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey } from '../../protocol/model.ts';
import { emitRaw, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { holdableServer, launchBrowser, newDevicePage, screenshot, SMALL_PHONE, type DeviceLocale } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let org: TestSocket;
const team = (name: string) => t.data().event.teams.find((x) => x.name === name)!;

beforeAll(async () => {
  t = await startApp();
  org = (await organiser(t)).socket;
  const pitch = t.data().event.agenda.find((i) => i.kind === 'pitch' && i.teamId === team('ecopals').id)!;
  expect(await emitRaw(org, 'agenda:jump', { itemId: pitch.id })).toMatchObject({ ok: true });
  expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  org?.disconnect();
  await browser?.close();
  await t?.close();
});

/** A juror's phone whose answers from the server can be held back (`hold`) and let through (`release`). */
async function slowPhone(locale: DeviceLocale, jurorIndex: number): Promise<{ context: BrowserContext; page: Page; hold: () => void; release: () => void }> {
  const { context, page } = await newDevicePage(browser, locale, SMALL_PHONE);
  const { hold, release } = await holdableServer(page);
  await page.goto(`${t.url}/jury/${t.data().event.jurors[jurorIndex]!.token}`);
  return { context, page, hold, release };
}

const tap = (page: Page, criterion: string, mark: number) =>
  page.getByRole('radiogroup', { name: criterion }).getByRole('radio', { name: String(mark), exact: true }).click();

describe('a juror on a slow network', () => {
  for (const [locale, words] of [
    ['en-GB', { heading: 'Scoring: ecopals', criteria: ['Impact', 'Reach', 'Implementation', 'Environmental'], save: 'Save', saved: 'Saved ✓', unsaved: '1 score not saved yet' }],
    ['fr-CH', { heading: 'Évaluation\u202f: ecopals', criteria: ['Impact', 'Reach', 'Implementation', 'Environmental'], save: 'Enregistrer', saved: 'Enregistré ✓', unsaved: '1 évaluation pas encore enregistrée' }],
  ] as const) {
    it(`changes a mark while the save is on its way: not shown as saved until the new mark is (${locale})`, async () => {
      const jurorIndex = locale === 'en-GB' ? 0 : 1;
      const { context, page, hold, release } = await slowPhone(locale, jurorIndex);
      try {
        await page.getByRole('heading', { name: words.heading }).waitFor();
        const impact = words.criteria[0];
        for (const c of words.criteria) await tap(page, c, 7);
        const key = scoreKey(t.data().event.jurors[jurorIndex]!.id, team('ecopals').id);
        const impactId = t.data().event.criteria[0]!.id;
        hold();
        await page.getByRole('button', { name: words.save, exact: true }).click();
        await expect.poll(() => t.data().scores[key]?.marks[impactId]).toBe(7);
        await tap(page, impact, 9);
        release();
        // The server has 7; the phone shows 9, so it may not say saved.
        await page.getByText(words.unsaved).waitFor();
        expect(await page.getByRole('button', { name: words.saved }).count()).toBe(0);
        expect(await page.getByRole('radiogroup', { name: impact }).getByRole('radio', { name: '9', exact: true }).isChecked()).toBe(true);
        await screenshot(page, `jury-slow-ack-${locale}`);
        await page.getByRole('button', { name: words.save, exact: true }).click();
        await page.getByRole('button', { name: words.saved }).waitFor();
        expect(t.data().scores[key]!.marks[impactId]).toBe(9);
      } finally {
        await context.close();
      }
    });
  }
});
