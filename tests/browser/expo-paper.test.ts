// The expo round's zones, paper fallback and start in the browser (issue 18): the organiser starts
// the hall (scoring opens at every table, audited); a zoned juror's 360 px phone names the zone
// first; the organiser types a paper sheet's marks for a juror (they count, audited as paper);
// the print dialog gives each juror a route in table order, with zones, in English and French.
// Screenshots for a person to look at.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, SMALL_PHONE, type DeviceLocale } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;

/** The demo's six teams at tables 16 down to 11 (listed out of table order), three in Hall A and three in Hall B; the first two jurors walk Hall B; a hall round (2 visits a team), scoring not open yet. */
function zonedHall(): PodiumData {
  const d = demoData();
  d.event.teams.forEach((team, i) => Object.assign(team, { table: String(16 - i), zone: i % 2 === 0 ? 'Hall A' : 'Hall B' }));
  d.event.jurors[0]!.zone = 'Hall B';
  d.event.jurors[1]!.zone = 'Hall B';
  d.event.rounds = [
    { id: 'hall', name: 'Heats', kind: 'expo', expo: { visitsPerTeam: 2, visitTimeoutMs: 10 * 60_000, absentReports: 3 } },
    { id: 'final', name: 'Final', kind: 'stage' },
  ];
  d.event.currentRoundId = 'hall';
  return d;
}

beforeAll(async () => {
  t = await startApp({ seed: zonedHall });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const WORDS: Record<DeviceLocale, { hall: string; start: string; next: string; where: RegExp; yourZone: string; print: string; routeOf: (name: string) => string; table: string; zone: string; close: string; heading: RegExp }> = {
  'en-GB': { hall: 'Hall', start: 'Start the hall: open scoring at every table', next: 'Next table', where: /^(Hall [AB]) · Table (\d+) — (.+)$/, yourZone: 'your zone: Hall B', print: 'Print routes and score sheets', routeOf: (n) => `Route of ${n} · Heats · `, table: 'Table', zone: 'Zone', close: 'Close', heading: /: routes and score sheets$/ },
  'fr-CH': { hall: 'Salle', start: 'Ouvrir la salle : ouvrir la notation à chaque table', next: 'Table suivante', where: /^(Hall [AB]) · Table (\d+) — (.+)$/, yourZone: 'votre zone\u202f: Hall B', print: 'Imprimer les parcours et les fiches de notation', routeOf: (n) => `Parcours de ${n} · Heats · `, table: 'Table', zone: 'Zone', close: 'Fermer', heading: /\u202f: parcours et fiches de notation$/ },
};

async function hallTab(locale: DeviceLocale, viewport = { width: 1280, height: 720 }) {
  const { context, page } = await newDevicePage(browser, locale, viewport);
  await page.goto(`${t.url}/organiser?tab=hall#${t.organiserToken}`);
  await page.getByTestId('expo-teams').waitFor();
  return { context, page };
}

const teamByName = (name: string) => t.data().event.teams.find((x) => x.name === name)!;

describe('the hall with zones, its start, paper sheets and printed routes', () => {
  it('the organiser starts the hall: scoring opens at every table, in one audited change', { timeout: 60_000 }, async () => {
    expect(t.data().event.teams.every((team) => t.data().scoring[team.id] !== 'open')).toBe(true);
    const { context, page } = await hallTab('fr-CH');
    const start = page.getByRole('button', { name: WORDS['fr-CH'].start });
    await screenshot(page, 'expo-paper-hall-fr-CH-before-start');
    await start.click();
    await expect.poll(() => t.data().event.teams.every((team) => t.data().scoring[team.id] === 'open')).toBe(true);
    const entry = t.data().audit.findLast((e) => e.action === 'expo:start');
    // Written in the event's language (the demo's English), whatever the console's.
    expect(entry).toMatchObject({ actor: 'organiser', detail: 'hall started: scoring opened at 6 tables' });
    await start.waitFor({ state: 'detached' });
    await context.close();
  });

  for (const [index, locale] of [[0, 'en-GB'], [1, 'fr-CH']] as const) {
    it(`a juror of Hall B on a 360 px phone is sent within Hall B, the zone named first (${locale})`, { timeout: 60_000 }, async () => {
      const w = WORDS[locale];
      const juror = t.data().event.jurors[index]!;
      const { context, page } = await newDevicePage(browser, locale, SMALL_PHONE);
      await page.goto(`${t.url}/jury/${juror.token}`);
      await page.getByText(w.yourZone).waitFor();
      await page.getByRole('button', { name: w.next }).click();
      const where = page.locator('.where');
      await where.waitFor();
      const match = w.where.exec((await where.innerText()).trim());
      expect(match, 'the phone names the zone, the table and the team').not.toBeNull();
      const team = teamByName(match![3]!);
      expect(match![1]).toBe('Hall B');
      expect(team.zone).toBe('Hall B');
      expect(team.table).toBe(match![2]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(page, `expo-paper-jury-${locale}-360-zone`);
      await context.close();
    });
  }

  it('the organiser types in a juror\'s paper sheet: the marks count as the juror\'s, audited as paper', { timeout: 60_000 }, async () => {
    const { context, page } = await hallTab('en-GB');
    const data = t.data();
    const juror = data.event.jurors[2]!;
    const team = data.event.teams[0]!;
    const paper = page.locator('section.paper');
    await paper.locator('select').nth(0).selectOption({ label: juror.name });
    await paper.locator('select').nth(1).selectOption({ label: `Table ${team.table} — ${team.name}` });
    const save = paper.getByRole('button', { name: 'Save the juror’s marks' });
    expect(await save.isDisabled()).toBe(true);
    const marks: Record<string, number> = {};
    for (const [i, c] of data.event.criteria.entries()) {
      marks[c.id] = Math.min(c.max, c.min + 2 + i);
      await paper.getByRole('spinbutton', { name: new RegExp(`^${c.name}`) }).fill(String(marks[c.id]));
    }
    await save.click();
    await page.getByRole('status').filter({ hasText: `Saved: ${juror.name}’s marks for Table ${team.table} — ${team.name}.` }).waitFor();
    // The score is the juror's, with the marks typed; the visit counts; the audit says it was typed in from paper.
    await expect.poll(() => t.data().scores[`${juror.id}:${team.id}`]?.marks).toEqual(marks);
    expect(t.data().expo.visits.filter((v) => v.jurorId === juror.id && v.teamId === team.id).map((v) => v.outcome)).toEqual(['scored']);
    const entry = t.data().audit.findLast((e) => e.teamId === team.id && e.jurorId === juror.id)!;
    expect(entry.actor).toBe('organiser');
    expect(entry.detail).toMatch(new RegExp(`^paper sheet of "${juror.name}" typed in: `));
    // The hall view counts it: that team's row says 1 of 2.
    const row = page.getByTestId('expo-teams').getByRole('row', { name: new RegExp(team.name) });
    await expect.poll(async () => (await row.locator('td').nth(1).innerText()).trim()).toMatch(/^1\/2/);
    await context.close();
  });

  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`the print dialog gives each juror a route in table order, with the zones (${locale})`, { timeout: 60_000 }, async () => {
      const w = WORDS[locale];
      const { context, page } = await hallTab(locale);
      await screenshot(page, `expo-paper-hall-${locale}-zones`);
      await page.getByRole('button', { name: w.print }).click();
      const dialog = page.getByTestId('expo-routes');
      await dialog.waitFor();
      expect((await dialog.getByRole('heading', { level: 2 }).innerText()).trim()).toMatch(w.heading);
      const data = t.data();
      const sheets = dialog.locator('article.sheet');
      expect(await sheets.count()).toBe(data.event.jurors.length);
      const visits = new Map<string, number>();
      for (const [i, juror] of data.event.jurors.entries()) {
        const sheet = sheets.nth(i);
        expect((await sheet.locator('h3').innerText()).trim()).toBe(`${w.routeOf(juror.name).replace(/ · $/, '')}${juror.zone ? ` · ${juror.zone}` : ''}`);
        const headers = (await sheet.locator('thead th').allInnerTexts()).map((x) => x.trim());
        expect(headers.slice(0, 3)).toEqual([w.zone, w.table, locale === 'en-GB' ? 'Team' : 'Équipe']);
        const rows = await sheet.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent!.trim())));
        // Table order: 11, 12, … whatever the order of the teams in the event.
        const tables = rows.map((r) => Number(r[1]));
        expect(tables).toEqual([...tables].sort((a, b) => a - b));
        expect(new Set(rows.map((r) => r[2])).size).toBe(rows.length);
        for (const [zone, table, name] of rows) {
          const team = teamByName(name!);
          expect([team.zone, team.table]).toEqual([zone, table]);
          expect(juror.conflicts).not.toContain(team.id);
          visits.set(team.id, (visits.get(team.id) ?? 0) + 1);
        }
      }
      // Every team is on two routes (k = 2).
      expect(data.event.teams.map((team) => visits.get(team.id))).toEqual(data.event.teams.map(() => 2));
      await screenshot(page, `expo-paper-routes-${locale}`);
      await dialog.getByRole('button', { name: w.close }).click();
      await dialog.waitFor({ state: 'detached' });
      await context.close();
    });
  }
});
