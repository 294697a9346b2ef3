// The Results tab at a big event (300 teams × 200 jurors, every score in, nearly every juror
// flagged as far from the others by the synthetic marks) and at a small one (10 × 10), on a
// 1280 × 800 laptop in English and French: the table 50 teams a page, driven from the keyboard;
// the flagged jurors 5 then "and N more", which lists them all; the raw / z-score comparison's
// top 10 then every team. The small event, two of its jurors flagged, shows everything at once,
// with no pager and no button.
// Screenshots: test-results/screenshots/console-results-pages-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { juryReport, leaderboard } from '../../protocol/ranking.ts';
import { roundEvent } from '../../protocol/rounds.ts';
import { emitRaw, juror, startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, type DeviceLocale } from '../helpers/browser.ts';
import { sizedData } from '../helpers/sized-event.ts';

const LAPTOP = { width: 1280, height: 800 };
let big: TestApp;
let small: TestApp;
let browser: Browser;

/** 10 teams × 10 jurors: eight jurors agree on every team, two mark each team the other way round, and only they are flagged. */
function smallEvent(): PodiumData {
  const data = sizedData(10, 10, { scored: true });
  data.event.teams.forEach((team, i) =>
    data.event.jurors.forEach((juror, j) => {
      data.scores[`${juror.id}:${team.id}`]!.marks = Object.fromEntries(data.event.criteria.map((c) => [c.id, j < 8 ? c.min + i : c.max - i]));
    }),
  );
  return data;
}

beforeAll(async () => {
  big = await startApp({ seed: () => sizedData(300, 200, { scored: true }), rateLimit: false });
  small = await startApp({ seed: smallEvent });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await big?.close();
  await small?.close();
});

const WORDS: Record<DeviceLocale, { pages: string; next: string; previous: string; of: (from: number, to: number, total: string) => string; more: (n: number) => string; fewer: string; all: (n: number) => string; top: string; flags: string; raw: string }> = {
  'en-GB': {
    pages: 'Results pages',
    next: 'Next page',
    previous: 'Previous page',
    of: (from, to, total) => `Teams ${from}–${to} of ${total}, by rank`,
    more: (n) => `and ${n} more jurors`,
    fewer: 'Show fewer',
    all: (n) => `Show all ${n} teams`,
    top: 'Show the top 10 only',
    flags: 'Jurors far from the others',
    raw: 'Raw scores',
  },
  'fr-CH': {
    pages: 'Pages des résultats',
    next: 'Page suivante',
    previous: 'Page précédente',
    of: (from, to, total) => `Équipes ${from}–${to} sur ${total}, par rang`,
    more: (n) => `et ${n} autres jurés`,
    fewer: 'En montrer moins',
    all: (n) => `Afficher les ${n} équipes`,
    top: 'N’afficher que les 10 premières',
    flags: 'Jurés loin des autres',
    raw: 'Scores bruts',
  },
};

async function openResults(t: TestApp, locale: DeviceLocale): Promise<Page> {
  const { page } = await newDevicePage(browser, locale, LAPTOP);
  await page.goto(`${t.url}/organiser?tab=results#${t.organiserToken}`);
  await page.locator('section[aria-labelledby="results-title"] table tbody tr').first().waitFor({ timeout: 120_000 });
  return page;
}

const results = (page: Page) => page.locator('section[aria-labelledby="results-title"]');
/** The team names of the results table's rows, top first. */
const tableTeams = (page: Page) => results(page).locator(':scope > .scroll > table > tbody > tr:not(.marks) > th[scope="row"]').evaluateAll((ths) => ths.map((th) => th.firstChild!.textContent!.trim()));

/** The team names in the server's official order (ties in the event's order, as the console ranks them). */
function officialOrder(t: TestApp): string[] {
  const data: PodiumData = t.data();
  const names = new Map(data.event.teams.map((team) => [team.id, team.name]));
  return leaderboard(data.event, Object.values(data.scores), Date.now(), 'none').overall.map((r) => names.get(r.teamId)!);
}

describe('the Results tab at 300 teams × 200 jurors', () => {
  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`shows 50 teams a page, paged from the keyboard, 5 flagged jurors then all, the top 10 compared then all (${locale})`, async () => {
      const w = WORDS[locale];
      const page = await openResults(big, locale);
      const section = results(page);
      const pager = page.getByRole('navigation', { name: w.pages });

      // The first page: the 50 best placed, in the server's order.
      const order = officialOrder(big);
      expect(order).toHaveLength(300);
      await expect.poll(() => tableTeams(page)).toEqual(order.slice(0, 50));
      expect(await pager.innerText()).toContain(w.of(1, 50, '300'));
      expect(await pager.getByRole('button', { name: '1–50' }).getAttribute('aria-current')).toBe('page');

      // Flagged jurors: the synthetic marks put most of the 200 far from the others' median.
      const flagged = Object.values(juryReport(roundEvent(big.data().event), Object.values(big.data().scores)).jurors).filter((j) => j.outlier).length;
      expect(flagged).toBeGreaterThan(100);
      const flags = section.getByRole('list', { name: w.flags });
      expect(await flags.getByRole('listitem').count()).toBe(6);
      const more = flags.getByRole('button', { name: w.more(flagged - 5) });
      expect(await more.isVisible()).toBe(true);
      // The comparison: the first ten places of each ranking, and a button for all.
      const compare = page.locator('section[aria-labelledby="compare-title"]');
      expect(await compare.getByRole('list', { name: w.raw }).getByRole('listitem').count()).toBe(10);
      await page.locator('#results-title').evaluate((h) => h.scrollIntoView({ block: 'start' }));
      await screenshot(page, `console-results-pages-300-${locale}`);

      // The keyboard: Tab onto "51–100", Enter; then Next page to the last page, where Next keeps the focus.
      await pager.getByRole('button', { name: w.previous }).focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('51–100');
      await page.keyboard.press('Enter');
      await expect.poll(() => tableTeams(page)).toEqual(order.slice(50, 100));
      expect(await pager.innerText()).toContain(w.of(51, 100, '300'));
      await pager.getByRole('button', { name: w.next }).focus();
      for (let i = 0; i < 5; i++) await page.keyboard.press('Enter');
      await expect.poll(() => tableTeams(page)).toEqual(order.slice(250, 300));
      expect(await pager.innerText()).toContain(w.of(251, 300, '300'));
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(w.next);
      expect(await pager.getByRole('button', { name: w.next }).getAttribute('aria-disabled')).toBe('true');

      // While on a page, a score that moves a team keeps 50 rows, in the server's new order.
      const lastOnPage = order[299]!;
      const team = big.data().event.teams.find((x) => x.name === lastOnPage)!;
      const scorer = await juror(big, 0);
      const marks = Object.fromEntries(big.data().event.criteria.map((c) => [c.id, c.max]));
      const revision = big.data().scores[`juror-1:${team.id}`]!.revision + 1;
      expect(await emitRaw(scorer.socket, 'score:submit', { opId: `pages-${locale}`, teamId: team.id, revision, marks, note: '' })).toMatchObject({ ok: true });
      scorer.socket.disconnect();
      await expect.poll(() => tableTeams(page), { timeout: 10_000 }).not.toContain(lastOnPage);
      expect(await tableTeams(page)).toEqual(officialOrder(big).slice(250, 300));
      await pager.getByRole('button', { name: '1–50' }).click();
      await expect.poll(() => tableTeams(page)).toEqual(officialOrder(big).slice(0, 50));

      // "and N more" lists every flagged juror, then "Show fewer" goes back to five.
      await more.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => flags.getByRole('listitem').count()).toBe(flagged + 1);
      const fewer = flags.getByRole('button', { name: w.fewer });
      expect(await fewer.getAttribute('aria-expanded')).toBe('true');
      await fewer.click();
      await expect.poll(() => flags.getByRole('listitem').count()).toBe(6);

      await compare.evaluate((c) => c.scrollIntoView({ block: 'start' }));
      await screenshot(page, `console-results-pages-300-compare-${locale}`);
      // Every team compared, on request.
      await compare.getByRole('button', { name: w.all(300) }).click();
      await expect.poll(() => compare.getByRole('list', { name: w.raw }).getByRole('listitem').count()).toBe(300);
      await compare.getByRole('button', { name: w.top }).click();
      await expect.poll(() => compare.getByRole('list', { name: w.raw }).getByRole('listitem').count()).toBe(10);
      await page.context().close();
    }, 240_000);
  }
});

describe('the Results tab at 10 teams × 10 jurors', () => {
  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`shows every team, every flagged juror and the whole comparison, with no pager (${locale})`, async () => {
      const w = WORDS[locale];
      const page = await openResults(small, locale);
      await expect.poll(() => tableTeams(page)).toEqual(officialOrder(small));
      expect(await tableTeams(page)).toHaveLength(10);
      expect(await page.getByRole('navigation', { name: w.pages }).count()).toBe(0);
      const flagged = Object.values(juryReport(roundEvent(small.data().event), Object.values(small.data().scores)).jurors).filter((j) => j.outlier).length;
      expect(flagged).toBe(2);
      const flags = results(page).getByRole('list', { name: w.flags });
      expect(await flags.getByRole('listitem').count()).toBe(flagged);
      expect(await flags.getByRole('button').count()).toBe(0);
      const compare = page.locator('section[aria-labelledby="compare-title"]');
      expect(await compare.getByRole('list', { name: w.raw }).getByRole('listitem').count()).toBe(10);
      expect(await compare.getByRole('button').count()).toBe(0);
      await screenshot(page, `console-results-pages-10-${locale}`);
      await page.context().close();
    }, 120_000);
  }
});
