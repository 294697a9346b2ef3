// The final's pitching order set in the finalist panel (issue 17): by rank, reverse rank or by hand
// with the up and down arrows (focus stays on the pressed arrow, so the keyboard can press it
// again); the round closes with that order, the final's agenda runs in it. The jurors' link sheet
// names the round. In English and French; screenshots looked at.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, type DeviceLocale } from '../helpers/browser.ts';
import { marks } from '../helpers/room.ts';
import { twoHalls } from '../helpers/rooms.ts';

let t: TestApp;
let browser: Browser;
const LAPTOP = { width: 1280, height: 900 };
// One mark per team, no tie: the top four are t3 (9), t0 (8), t1 (7), t2 (6). They pitched t0, t1, t2, t3.
const MARKS = [8, 7, 6, 9, 5, 4];

function seed(): PodiumData {
  const d = twoHalls();
  d.event.rounds = [
    { id: 'heats', name: 'Heats', kind: 'stage' },
    { id: 'final', name: 'Final', kind: 'stage' },
  ];
  d.event.jurors.forEach((j, i) => (j.assignedRooms = [i < 2 ? 'hall-a' : 'hall-b']));
  d.event.teams.forEach((team, i) =>
    d.event.jurors.forEach((juror, j) => {
      if ((j < 2) !== i < 3) return;
      d.scores[scoreKey(juror.id, team.id)] = { jurorId: juror.id, teamId: team.id, marks: marks(d, MARKS[i]!), note: '', revision: 1, updatedAt: 1 };
    }),
  );
  return d;
}

beforeAll(async () => {
  t = await startApp({ seed });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const name = (i: number) => t.data().event.teams[i]!.name;
const numbered = (order: number[]) => order.map((i, n) => `${n + 1}. ${name(i)}`);

const WORDS: Record<DeviceLocale, { rule: string; seats: string; order: string; rank: string; reverse: string; preview: RegExp; up: (team: string) => string; down: (team: string) => string; close: RegExp; confirm: string; tab: string }> = {
  'en-GB': {
    rule: 'Who goes on',
    seats: 'How many',
    order: 'Pitching order',
    rank: 'By rank (best first)',
    reverse: 'By reverse rank (best last)',
    preview: /Final: pitching order in Hall A/,
    up: (team) => `Move ${team} up`,
    down: (team) => `Move ${team} down`,
    close: /Close Heats and start Final/,
    confirm: 'Yes, close and start',
    tab: 'Live',
  },
  'fr-CH': {
    rule: 'Qui se qualifie',
    seats: 'Combien',
    order: 'Ordre de passage',
    rank: 'Par classement (le meilleur d’abord)',
    reverse: 'Par classement inversé (le meilleur en dernier)',
    preview: /Final : ordre de passage dans Hall A/,
    up: (team) => `Monter ${team}`,
    down: (team) => `Descendre ${team}`,
    close: /Clore Heats et lancer Final/,
    confirm: 'Oui, clore et lancer',
    tab: 'Direct',
  },
};

async function finalistPanel(locale: DeviceLocale): Promise<{ page: Page; panel: ReturnType<Page['locator']> }> {
  const w = WORDS[locale];
  const { page } = await newDevicePage(browser, locale, LAPTOP);
  await page.goto(`${t.url}/organiser?tab=results#${t.organiserToken}`);
  const panel = page.locator('section.finalists');
  await panel.waitFor();
  await panel.getByLabel(w.rule).selectOption('top');
  await panel.getByLabel(w.seats, { exact: true }).fill('4');
  return { page, panel };
}

describe('the final’s pitching order', () => {
  it('is set by reverse rank, then by hand with the arrows and the keyboard (en-GB)', async () => {
    const w = WORDS['en-GB'];
    const { page, panel } = await finalistPanel('en-GB');
    const preview = panel.getByRole('list', { name: w.preview });
    // By default, as they pitched in the heats.
    await expect.poll(() => preview.getByRole('listitem').allInnerTexts()).toEqual(numbered([0, 1, 2, 3]));
    await panel.getByRole('combobox', { name: new RegExp(`^${w.order}`) }).selectOption({ label: w.reverse });
    await expect.poll(() => preview.getByRole('listitem').allInnerTexts()).toEqual(numbered([2, 1, 0, 3]));
    // The best team moved up by hand: the order becomes the organiser's.
    await preview.getByRole('button', { name: w.up(name(3)) }).click();
    await expect.poll(() => preview.getByRole('listitem').allInnerTexts()).toEqual(numbered([2, 1, 3, 0]));
    expect(await panel.getByRole('combobox', { name: new RegExp(`^${w.order}`) }).inputValue()).toBe('custom');
    // Focus stays on the pressed arrow: Enter moves the same team again.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(w.up(name(3)));
    await page.keyboard.press('Enter');
    await expect.poll(() => preview.getByRole('listitem').allInnerTexts()).toEqual(numbered([2, 3, 1, 0]));
    expect(await preview.getByRole('button', { name: w.up(name(2)) }).isDisabled()).toBe(true);
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, 'rounds-order-panel-en-GB');
    // Nothing is sent until the round closes.
    expect(t.data().event.currentRoundId).toBeUndefined();
    await page.context().close();
  }, 90_000);

  it('is set by rank then by hand, and the round closes with it: the final runs in that order (fr-CH)', async () => {
    const w = WORDS['fr-CH'];
    const { page, panel } = await finalistPanel('fr-CH');
    const preview = panel.getByRole('list', { name: w.preview });
    await panel.getByRole('combobox', { name: new RegExp(`^${w.order}`) }).selectOption({ label: w.rank });
    await expect.poll(() => preview.getByRole('listitem').allInnerTexts()).toEqual(numbered([3, 0, 1, 2]));
    await preview.getByRole('button', { name: w.down(name(3)) }).click();
    await expect.poll(() => preview.getByRole('listitem').allInnerTexts()).toEqual(numbered([0, 3, 1, 2]));
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, 'rounds-order-panel-fr-CH');
    await panel.getByRole('button', { name: w.close }).click();
    await panel.getByRole('button', { name: w.confirm }).click();
    await expect.poll(() => t.data().event.currentRoundId).toBe('final');
    const order = [0, 3, 1, 2].map((i) => t.data().event.teams[i]!.id);
    expect(t.data().event.agenda.flatMap((i) => (i.kind === 'pitch' ? [i.teamId] : []))).toEqual(order);
    expect(t.data().roundArchives.heats!.advanced).toEqual(order);
    const entry = t.data().audit.find((e) => e.action === 'round:close')!;
    expect(entry.detail).toMatch(/Pitching order chosen|Ordre de passage choisi/);
    await page.context().close();
  }, 90_000);

  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`shows the final's agenda in that order on the Live tab (${locale})`, async () => {
      const { page } = await newDevicePage(browser, locale, LAPTOP);
      await page.goto(`${t.url}/organiser?tab=live#${t.organiserToken}`);
      const agenda = page.locator('section.agenda-panel');
      await agenda.waitFor();
      const text = await agenda.innerText();
      const at = [0, 3, 1, 2].map((i) => text.indexOf(name(i)));
      expect(at.every((x) => x >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      for (const i of [4, 5]) expect(text).not.toContain(name(i));
      await agenda.scrollIntoViewIfNeeded();
      await screenshot(page, `rounds-order-final-agenda-${locale}`);
      await page.context().close();
    }, 90_000);
  }
});

describe('the jurors’ link sheet', () => {
  const SHEET: Record<DeviceLocale, { tab: string; open: string; heading: (event: string) => string }> = {
    'en-GB': { tab: 'Build', open: 'Juror sheet (QR codes to print)', heading: (event) => `Juror links: ${event} · Final` },
    'fr-CH': { tab: 'Préparation', open: 'Fiche du jury (QR codes à imprimer)', heading: (event) => `Liens du jury\u202f: ${event} · Final` },
  };
  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`names the round it is printed for (${locale})`, async () => {
      const s = SHEET[locale];
      const { page } = await newDevicePage(browser, locale, LAPTOP);
      await page.goto(`${t.url}/organiser?tab=build#${t.organiserToken}`);
      const jurors = page.locator('section[aria-labelledby="jurors-heading"]');
      await jurors.getByRole('button', { name: s.open }).click();
      const heading = s.heading(t.data().event.settings.name);
      const dialog = page.getByRole('dialog', { name: heading });
      await dialog.waitFor();
      expect(await dialog.getByRole('heading', { level: 2 }).first().innerText()).toBe(heading);
      const cards = dialog.locator('li.card');
      await expect.poll(() => cards.count()).toBe(t.data().event.jurors.length);
      for (const card of await cards.all()) expect(await card.innerText()).toContain('Final');
      await expect.poll(() => dialog.locator('li.card img').count()).toBe(t.data().event.jurors.length);
      await screenshot(page, `rounds-juror-sheet-${locale}`);
      await page.context().close();
    }, 90_000);
  }
});
