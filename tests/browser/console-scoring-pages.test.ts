// The Scoring tab at a big event (300 teams in 3 rooms × 200 jurors, every juror judging every
// team: 60,000 cells) and at the demo's size (6 teams × 4 jurors, one room), on a 1280 × 800
// laptop in English and French. At 300 × 200: a bounded number of cells drawn (one room, 50 teams
// and 40 jurors a page), the first room with a score missing shown first, the room picker and both
// pagers driven from the keyboard to the last team's last juror, whose conflict box is set and
// cleared with the space bar; a score arriving lands in its cell; the header and the room picker
// count the whole event; a search finds a team in another room. The demo: one table, every team
// against every juror, no picker, no pager, no search, as before.
// Screenshots: test-results/screenshots/console-scoring-pages-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import { emitRaw, juror, startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, type DeviceLocale } from '../helpers/browser.ts';
import { sizedData } from '../helpers/sized-event.ts';

const LAPTOP = { width: 1280, height: 800 };
const ROOMS = [
  { id: 'room-main', name: 'Main room' },
  { id: 'room-2', name: 'Room 2' },
  { id: 'room-3', name: 'Room 3' },
];
/** 100 teams a room, in the event's order. */
const roomOfTeam = (index: number) => ROOMS[Math.floor(index / 100)]!.id;

/** The main room every score in; Room 2 the first 100 jurors' scores; Room 3 juror 1's only. */
function bigEvent(): PodiumData {
  const data = sizedData(300, 200, { scored: true });
  data.event.rooms = ROOMS;
  const index = new Map(data.event.teams.map((team, i) => [team.id, i]));
  data.event.agenda = data.event.agenda.map((item) => (item.kind === 'pitch' ? { ...item, roomId: roomOfTeam(index.get(item.teamId)!) } : item));
  data.event.teams.forEach((team, i) =>
    data.event.jurors.forEach((j, n) => {
      const keep = i < 100 || (i < 200 ? n < 100 : n === 0);
      if (!keep) delete data.scores[scoreKey(j.id, team.id)];
    }),
  );
  return data;
}

let big: TestApp;
let demo: TestApp;
let browser: Browser;

beforeAll(async () => {
  big = await startApp({ seed: bigEvent, rateLimit: false });
  demo = await startApp();
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await big?.close();
  await demo?.close();
});

const WORDS: Record<DeviceLocale, { rooms: string; every: string; teamPages: string; jurorPages: string; next: string; teams: (from: number, to: number, total: number) => string; jurors: (from: number, to: number, total: number) => string; scoresIn: (saved: number, expected: number) => string; group: (room: string, saved: number, expected: number) => string; coi: (juror: string, team: string) => string; search: string; noMatch: (room: string, query: string) => string; elsewhere: string; missingOnly: string; matchComplete: (query: string) => string; showComplete: string; conflict: string; missing: string }> = {
  'en-GB': {
    rooms: 'Rooms',
    every: 'Every room',
    teamPages: 'Team pages',
    jurorPages: 'Juror pages',
    next: 'Next page',
    teams: (from, to, total) => `Teams ${from}–${to} of ${total}`,
    jurors: (from, to, total) => `Jurors ${from}–${to} of ${total}`,
    scoresIn: (saved, expected) => `${saved} of ${expected} scores in`,
    group: (room, saved, expected) => `${room} · ${saved} of ${expected} scores in`,
    coi: (j, team) => `Conflict of interest: ${j} with ${team}`,
    search: 'Find a team',
    noMatch: (room, query) => `${room}: no team matches “${query}”.`,
    elsewhere: 'In another room:',
    missingOnly: 'Only teams still missing a score',
    matchComplete: (query) => `“${query}”: every expected score is in.`,
    showComplete: 'Show teams with every score in',
    conflict: 'Conflict',
    missing: 'Missing',
  },
  'fr-CH': {
    rooms: 'Salles',
    every: 'Toutes les salles',
    teamPages: 'Pages des équipes',
    jurorPages: 'Pages des jurés',
    next: 'Page suivante',
    teams: (from, to, total) => `Équipes ${from}–${to} sur ${total}`,
    jurors: (from, to, total) => `Jurés ${from}–${to} sur ${total}`,
    scoresIn: (saved, expected) => `${saved} sur ${expected} scores reçus`,
    group: (room, saved, expected) => `${room} · ${saved} notes reçues sur ${expected}`,
    coi: (j, team) => `Conflit d’intérêts\u202f: ${j} avec ${team}`,
    search: 'Trouver une équipe',
    noMatch: (room, query) => `${room}\u202f: aucune équipe ne correspond à «\u202f${query}\u202f».`,
    elsewhere: 'Dans une autre salle\u202f:',
    missingOnly: 'Seulement les équipes à qui il manque une note',
    matchComplete: (query) => `«\u202f${query}\u202f»\u202f: toutes les notes attendues sont arrivées.`,
    showComplete: 'Afficher aussi les équipes complètes',
    conflict: 'Conflit',
    missing: 'Manquante',
  },
};

/** Digits grouped as the locale writes them (20,000 or 20 000) read as plain digits. */
const plain = (s: string) => s.replace(/(\d)[,\u202f\u00a0](?=\d{3})/g, '$1').replace(/\s+/g, ' ').trim();

const section = (page: Page) => page.locator('section[aria-labelledby="scoring-title"]');
/** The table cells drawn (td), the number that grew to 60,000 at this size. */
const cellCount = (page: Page) => section(page).locator('td').count();
/** The team names of the rows drawn, top first. */
const rowTeams = (page: Page) => section(page).locator('tbody th[scope="row"]').allInnerTexts();
/** The text of the cell of `team` in `jurorName`'s column, read through the table's header as a person does. */
const cellText = (page: Page, team: string, jurorName: string) =>
  section(page)
    .locator('table')
    .evaluate(
      (table, [team, jurorName]) => {
        const column = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent!.trim() === jurorName);
        const row = [...table.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th')!.textContent!.trim() === team);
        return column < 0 || !row ? null : row.children[column]!.textContent!.replace(/\s+/g, ' ').trim();
      },
      [team, jurorName] as const,
    );

/** What the server holds for each room and for the whole event: scores in, scores expected (every juror judges every team). */
function counts(t: TestApp) {
  const data: PodiumData = t.data();
  const room = new Map(data.event.teams.map((team, i) => [team.id, roomOfTeam(i)]));
  const byRoom = new Map(ROOMS.map((r) => [r.id, { saved: 0, expected: 0 }]));
  for (const team of data.event.teams) {
    const c = byRoom.get(room.get(team.id)!)!;
    for (const j of data.event.jurors) {
      if (j.conflicts.includes(team.id)) continue;
      c.expected++;
      if (data.scores[scoreKey(j.id, team.id)]) c.saved++;
    }
  }
  const all = [...byRoom.values()].reduce((a, c) => ({ saved: a.saved + c.saved, expected: a.expected + c.expected }), { saved: 0, expected: 0 });
  return { byRoom, all };
}

async function openScoring(t: TestApp, locale: DeviceLocale): Promise<Page> {
  const { page } = await newDevicePage(browser, locale, LAPTOP);
  page.setDefaultTimeout(30_000);
  await page.goto(`${t.url}/organiser?tab=scoring#${t.organiserToken}`);
  await section(page).locator('table tbody tr').first().waitFor({ timeout: 120_000 });
  return page;
}

describe('the Scoring tab at 300 teams × 200 jurors in 3 rooms', () => {
  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`draws one room a page at a time, reaches the last team's last juror from the keyboard, and counts the whole event (${locale})`, async () => {
      const w = WORDS[locale];
      const page = await openScoring(big, locale);
      const picker = page.getByRole('group', { name: w.rooms });
      const teamPager = page.getByRole('navigation', { name: w.teamPages });
      const jurorPager = page.getByRole('navigation', { name: w.jurorPages });
      const event = big.data().event;
      const names = event.teams.map((team) => team.name);
      const lastJuror = event.jurors.at(-1)!.name;

      // The main room is complete: Room 2, the first with a score missing, shows first, its first 50 teams against its first 40 jurors.
      expect(await picker.getByRole('button', { name: new RegExp(`^${ROOMS[1]!.name}`) }).getAttribute('aria-pressed')).toBe('true');
      await expect.poll(() => rowTeams(page)).toEqual(names.slice(100, 150));
      expect(plain(await teamPager.innerText())).toContain(w.teams(1, 50, 100));
      expect(plain(await jurorPager.innerText())).toContain(w.jurors(1, 40, 200));
      expect(await section(page).locator('thead th.juror').allInnerTexts()).toEqual(event.jurors.slice(0, 40).map((j) => j.name));
      const drawn = await cellCount(page);
      expect(drawn).toBeLessThanOrEqual(2500);
      expect(drawn).toBeGreaterThan(0);

      // The whole event's counts, in the header and on each room's button, as the server has them.
      const before = counts(big);
      expect(plain(await section(page).locator('.summary').innerText())).toContain(w.scoresIn(before.all.saved, before.all.expected));
      for (const room of ROOMS) {
        const c = before.byRoom.get(room.id)!;
        expect(plain(await picker.getByRole('button', { name: new RegExp(`^${room.name}`) }).innerText())).toBe(`${room.name} ${c.saved}/${c.expected}`);
      }
      expect(plain(await picker.getByRole('button', { name: new RegExp(`^${w.every}`) }).innerText())).toBe(`${w.every} ${before.all.saved}/${before.all.expected}`);
      await screenshot(page, `console-scoring-pages-300-${locale}`);

      // The keyboard: from Room 2's button, Tab to Room 3's and Enter; Next page to the last teams, then to the last jurors.
      await picker.getByRole('button', { name: new RegExp(`^${ROOMS[1]!.name}`) }).focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => rowTeams(page)).toEqual(names.slice(200, 250));
      const c3 = before.byRoom.get('room-3')!;
      expect(plain(await section(page).locator('caption').innerText())).toBe(w.group(ROOMS[2]!.name, c3.saved, c3.expected));
      await teamPager.getByRole('button', { name: w.next }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => rowTeams(page)).toEqual(names.slice(250, 300));
      expect(plain(await teamPager.innerText())).toContain(w.teams(51, 100, 100));
      await jurorPager.getByRole('button', { name: w.next }).focus();
      for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
      await expect.poll(async () => plain(await jurorPager.innerText())).toContain(w.jurors(161, 200, 200));
      expect(await section(page).locator('thead th.juror').allInnerTexts()).toEqual(event.jurors.slice(160).map((j) => j.name));
      expect(await cellCount(page)).toBeLessThanOrEqual(2500);

      // The far cell, on the page drawn: the last team's row, the last juror's column.
      const far = page.getByRole('checkbox', { name: w.coi(lastJuror, names[299]!) });
      expect(await far.count()).toBe(1);
      // From the keyboard, the team typed in the search (its row alone, the jurors' page kept), then Tab along its row.
      const search = page.getByRole('searchbox', { name: w.search });
      await search.focus();
      await page.keyboard.type('nuss & co 300');
      await expect.poll(() => rowTeams(page)).toEqual([names[299]]);
      expect(plain(await jurorPager.innerText())).toContain(w.jurors(161, 200, 200));
      const onFar = () => page.evaluate(() => document.activeElement?.closest('td')?.querySelector('.visually-hidden')?.textContent ?? null);
      let presses = 0;
      while ((await onFar()) !== w.coi(lastJuror, names[299]!) && presses < 100) {
        await page.keyboard.press('Tab');
        presses++;
      }
      expect(await onFar()).toBe(w.coi(lastJuror, names[299]!));
      expect(await cellText(page, names[299]!, lastJuror)).toContain(w.missing);
      // Space sets the conflict (no score there: no question asked), and clears it; the focus stays on the box.
      await page.keyboard.press('Space');
      await expect.poll(() => big.data().event.jurors.at(-1)!.conflicts).toEqual([event.teams[299]!.id]);
      await expect.poll(() => cellText(page, names[299]!, lastJuror)).toContain(w.conflict);
      expect(await onFar()).toBe(w.coi(lastJuror, names[299]!));
      await page.keyboard.press('Space');
      await expect.poll(() => big.data().event.jurors.at(-1)!.conflicts).toEqual([]);
      await expect.poll(() => cellText(page, names[299]!, lastJuror)).toContain(w.missing);

      // The search cleared, Room 3's first page again; the last one has the last team among 50.
      await search.fill('');
      await expect.poll(() => rowTeams(page)).toEqual(names.slice(200, 250));
      await teamPager.getByRole('button', { name: w.next }).click();
      await expect.poll(() => rowTeams(page)).toEqual(names.slice(250, 300));

      // A score arrives for the last team from a juror on this page: its cell, its row's count, the header and Room 3's button follow.
      const scorer = locale === 'en-GB' ? 198 : 197;
      const scorerName = event.jurors[scorer]!.name;
      const team = big.data().event.teams[299]!;
      const savedForTeam = Object.values(big.data().scores).filter((s) => s.teamId === team.id).length;
      const phone = await juror(big, scorer);
      const marks = Object.fromEntries(event.criteria.map((c) => [c.id, c.max]));
      expect(await emitRaw(phone.socket, 'score:submit', { opId: `scoring-pages-${locale}`, teamId: team.id, revision: 1, marks, note: '' })).toMatchObject({ ok: true });
      phone.socket.disconnect();
      await expect.poll(() => cellText(page, names[299]!, scorerName), { timeout: 10_000 }).toMatch(/^✓ v1/);
      const after = counts(big);
      expect(after.all.saved).toBe(before.all.saved + 1);
      await expect.poll(async () => plain(await section(page).locator('.summary').innerText())).toContain(w.scoresIn(after.all.saved, after.all.expected));
      const row = section(page).getByRole('row', { name: new RegExp(`^${names[299]}`) });
      expect(await row.locator('td.count').innerText()).toBe(`${savedForTeam + 1}/200`);
      const a3 = after.byRoom.get('room-3')!;
      expect(plain(await picker.getByRole('button', { name: new RegExp(`^${ROOMS[2]!.name}`) }).innerText())).toBe(`${ROOMS[2]!.name} ${a3.saved}/${a3.expected}`);
      expect(await cellCount(page)).toBeLessThanOrEqual(2500);
      await screenshot(page, `console-scoring-pages-300-last-${locale}`);

      // A search typed in another room: none there, a button to the room where it is.
      await picker.getByRole('button', { name: new RegExp(`^${ROOMS[1]!.name}`) }).click();
      await expect.poll(() => rowTeams(page)).toEqual(names.slice(100, 150));
      await search.fill('nuss & co 300');
      await section(page).getByText(w.noMatch(ROOMS[1]!.name, 'nuss & co 300')).waitFor();
      expect(await teamPager.count()).toBe(0);
      await section(page).getByText(w.elsewhere).getByRole('button', { name: ROOMS[2]!.name }).click();
      await expect.poll(() => rowTeams(page)).toEqual([names[299]]);
      // The button clicked is gone with the message: the focus is on Room 3's own button in the picker, not back at the page's top.
      expect(await page.evaluate(() => document.activeElement?.closest('[role="group"]') ? document.activeElement.textContent : null)).toMatch(new RegExp(`^${ROOMS[2]!.name} `));

      // "Missing only" and a search for a team whose scores are all in (the main room is complete): said so, not "no team
      // matches", with a button that shows it.
      await picker.getByRole('button', { name: new RegExp(`^${ROOMS[0]!.name}`) }).click();
      const missingOnly = section(page).getByRole('checkbox', { name: w.missingOnly });
      await missingOnly.check();
      await search.fill(names[99]!);
      await section(page).getByText(w.matchComplete(names[99]!)).waitFor();
      expect(await section(page).getByText(w.noMatch(ROOMS[0]!.name, names[99]!)).count()).toBe(0);
      await section(page).getByRole('button', { name: w.showComplete }).click();
      await expect.poll(() => rowTeams(page)).toEqual([names[99]]);
      expect(await missingOnly.isChecked()).toBe(false);

      // Every room in one table: still a page of teams and of jurors, not 60,000 cells.
      await search.fill('');
      await picker.getByRole('button', { name: new RegExp(`^${w.every}`) }).click();
      await expect.poll(() => rowTeams(page)).toEqual(names.slice(0, 50));
      expect(plain(await teamPager.innerText())).toContain(w.teams(1, 50, 300));
      expect(await cellCount(page)).toBeLessThanOrEqual(2500);
      await page.context().close();
    }, 300_000);
  }
});

describe('the Scoring tab at the demo’s size', () => {
  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`shows every team against every juror in one table, with no room picker, pager or search (${locale})`, async () => {
      const w = WORDS[locale];
      const page = await openScoring(demo, locale);
      const event = demo.data().event;
      await expect.poll(() => rowTeams(page)).toEqual(event.teams.map((team) => team.name));
      expect(await section(page).locator('table').count()).toBe(1);
      expect(await section(page).locator('thead th.juror').allInnerTexts()).toEqual(event.jurors.map((j) => j.name));
      // Every team × every juror, beside each team's window and count.
      expect(await cellCount(page)).toBe(event.teams.length * (event.jurors.length + 2));
      expect(await page.getByRole('group', { name: w.rooms }).count()).toBe(0);
      expect(await page.getByRole('navigation', { name: w.teamPages }).count()).toBe(0);
      expect(await page.getByRole('navigation', { name: w.jurorPages }).count()).toBe(0);
      expect(await page.getByRole('searchbox').count()).toBe(0);
      await screenshot(page, `console-scoring-pages-demo-${locale}`);
      await page.context().close();
    }, 120_000);
  }
});
