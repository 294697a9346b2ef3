// The expo round in the browser (issue 18): a juror on a 360 px phone walks the hall (three
// tables, scored with the same form and outbox, one reported absent), in English and in French;
// the organiser's Hall tab shows it. Screenshots for a person to look at.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, SMALL_PHONE, type DeviceLocale } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;

/** The demo's six teams at tables 11 to 16, its four jurors, a hall round (2 visits a team) with scoring open, then a final. */
function hallData(): PodiumData {
  const d = demoData();
  d.event.teams.forEach((team, i) => (team.table = String(11 + i)));
  d.event.rounds = [
    { id: 'hall', name: 'Hall', kind: 'expo', expo: { visitsPerTeam: 2, visitTimeoutMs: 10 * 60_000, absentReports: 3 } },
    { id: 'final', name: 'Final', kind: 'stage' },
  ];
  d.event.currentRoundId = 'hall';
  for (const team of d.event.teams) d.scoring[team.id] = 'open';
  return d;
}

beforeAll(async () => {
  t = await startApp({ seed: hallData });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const WORDS: Record<DeviceLocale, { next: string; absent: string; save: string; saved: string; scoredNote: RegExp; table: RegExp; hall: string; reported: RegExp; at: RegExp; timedOut: RegExp }> = {
  'en-GB': { next: 'Next table', absent: 'Team absent', save: 'Save', saved: 'Saved ✓', scoredNote: /Score saved/, table: /^Table (\d+) — (.+)$/, hall: 'Hall', reported: /reported absent: (\d+)/, at: /^at Table \d+ — /, timedOut: /ran past its time/ },
  'fr-CH': { next: 'Table suivante', absent: 'Équipe absente', save: 'Enregistrer', saved: 'Enregistré ✓', scoredNote: /Note enregistrée/, table: /^Table (\d+) — (.+)$/, hall: 'Salle', reported: /signalée absente\u202f: (\d+)/, at: /^à Table \d+ — /, timedOut: /a dépassé son temps/ },
};

/** The table the phone sends the juror to now: its number and team name, as the page says it. */
async function currentTable(page: Page, locale: DeviceLocale): Promise<{ table: string; team: string }> {
  const where = page.locator('.where');
  await where.waitFor();
  const match = WORDS[locale].table.exec((await where.innerText()).trim());
  expect(match, 'the phone names a table and its team').not.toBeNull();
  return { table: match![1]!, team: match![2]! };
}

async function scoreAll(page: Page, mark: number): Promise<void> {
  for (const c of t.data().event.criteria) {
    await page.getByRole('radiogroup', { name: c.name }).getByRole('radio', { name: String(mark), exact: true }).click();
  }
}

describe('expo judging at the tables', () => {
  for (const [index, locale] of [[0, 'en-GB'], [1, 'fr-CH']] as const) {
    it(`a juror on a 360 px phone goes through three tables, scores, reports one absent (${locale})`, { timeout: 90_000 }, async () => {
      const w = WORDS[locale];
      const juror = t.data().event.jurors[index]!;
      const { context, page } = await newDevicePage(browser, locale, SMALL_PHONE);
      await page.goto(`${t.url}/jury/${juror.token}`);
      await page.getByRole('button', { name: w.next }).click();
      const seen: string[] = [];
      for (let visit = 0; visit < 2; visit++) {
        const here = await currentTable(page, locale);
        const team = t.data().event.teams.find((x) => x.name === here.team)!;
        expect(team.table).toBe(here.table);
        seen.push(team.id);
        if (visit === 0) await screenshot(page, `expo-jury-${locale}-360-at-table`);
        await scoreAll(page, 6 + visit);
        await page.getByRole('button', { name: w.save, exact: true }).click();
        await page.getByRole('button', { name: w.saved, exact: true }).waitFor();
        await page.getByText(w.scoredNote).waitFor();
        // The server has the score and counts the visit in the same change.
        await expect.poll(() => t.data().expo.visits.filter((v) => v.jurorId === juror.id && v.outcome === 'scored').length).toBe(visit + 1);
        if (visit === 0) await screenshot(page, `expo-jury-${locale}-360-scored`);
        // Nothing timed out: a visit of a few seconds out of ten minutes.
        expect(await page.getByText(w.timedOut).count()).toBe(0);
        await page.getByRole('button', { name: w.next }).click();
        await expect.poll(async () => (await currentTable(page, locale)).team).not.toBe(here.team);
      }
      // The third table: nobody there.
      const third = await currentTable(page, locale);
      const thirdId = t.data().event.teams.find((x) => x.name === third.team)!.id;
      expect(seen).not.toContain(thirdId);
      await page.getByRole('button', { name: w.absent }).click();
      // Reported, and on to a fourth table at once.
      await expect.poll(async () => (await currentTable(page, locale)).team).not.toBe(third.team);
      expect(t.data().expo.visits.filter((v) => v.jurorId === juror.id).map((v) => v.outcome)).toEqual(['scored', 'scored', 'absent', 'open']);
      // The page fits the phone: nothing wider than 360 px.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(page, `expo-jury-${locale}-360-after-absent`);
      await context.close();
    });
  }

  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`the organiser's Hall tab shows visits, who is where, and the absence report (${locale})`, { timeout: 60_000 }, async () => {
      const w = WORDS[locale];
      const { context, page } = await newDevicePage(browser, locale, { width: 1280, height: 900 });
      await page.goto(`${t.url}/organiser?tab=hall#${t.organiserToken}`);
      await page.getByRole('button', { name: w.hall }).waitFor();
      const teams = page.getByTestId('expo-teams');
      await teams.waitFor();
      // Each juror scored two teams: four scored visits in all; each reported one team absent.
      const visits = await teams.locator('tbody tr td:nth-child(2)').allInnerTexts();
      expect(visits.reduce((sum, text) => sum + Number(text.split('/')[0]), 0)).toBe(4);
      const reports = (await teams.locator('tbody tr td:nth-child(4)').allInnerTexts()).map((text) => Number(w.reported.exec(text)?.[1] ?? 0));
      expect(reports.reduce((a, b) => a + b, 0)).toBe(2);
      // Both jurors are at a table now, by name.
      const jurors = page.getByTestId('expo-jurors');
      for (const j of t.data().event.jurors.slice(0, 2)) {
        await expect.poll(async () => (await jurors.getByRole('row', { name: new RegExp(j.name) }).locator('td').first().innerText()).trim()).toMatch(w.at);
      }
      await screenshot(page, `expo-hall-${locale}`);
      await context.close();
    });
  }
});
