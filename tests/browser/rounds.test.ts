// Rounds and finalists in the browser (issue 17): the organiser defines Heats → Final in Build,
// the heats' scores arrive from two rooms' panels, the organiser picks the top 2 of each room in
// Results, settles the tie at the cut, and starts the final; the juror's phone at 360 px then lists
// the finalists only. In English and French; screenshots looked at.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, SMALL_PHONE, type DeviceLocale } from '../helpers/browser.ts';
import { marks } from '../helpers/room.ts';
import { twoHalls } from '../helpers/rooms.ts';

let t: TestApp;
let browser: Browser;
const LAPTOP = { width: 1280, height: 900 };
// t0 8, t1 7, t2 7 in hall A (t1 and t2 tied for its second seat); t3 9, t4 6, t5 5 in hall B.
const MARKS = [8, 7, 7, 9, 6, 5];

function seed(): PodiumData {
  const d = twoHalls();
  d.event.jurors.forEach((j, i) => (j.assignedRooms = [i < 2 ? 'hall-a' : 'hall-b']));
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

const team = (i: number) => t.data().event.teams[i]!;

const WORDS: Record<DeviceLocale, { roundName: string; add: string; rule: string; each: string; tie: RegExp; close: RegExp; confirm: string }> = {
  'en-GB': { roundName: 'Round name', add: 'Add a round', rule: 'Who goes on', each: 'How many each', tie: /Tie at the cut in Hall A/, close: /Close Heats and start Final/, confirm: 'Yes, close and start' },
  'fr-CH': { roundName: 'Nom de la manche', add: 'Ajouter une manche', rule: 'Qui se qualifie', each: 'Combien chacune', tie: /Égalité à la limite dans Hall A/, close: /Clore Heats et lancer Final/, confirm: 'Oui, clore et lancer' },
};

async function openConsole(locale: DeviceLocale, tab: string): Promise<Page> {
  const { page } = await newDevicePage(browser, locale, LAPTOP);
  await page.goto(`${t.url}/organiser?tab=${tab}#${t.organiserToken}`);
  return page;
}

/** The finalist panel set to the top 2 of each room, as the organiser sets it. */
async function topTwoPerRoom(page: Page, w: (typeof WORDS)[DeviceLocale]) {
  const panel = page.locator('section.finalists');
  await panel.waitFor();
  await panel.getByLabel(w.rule).selectOption('per-room');
  await panel.getByLabel(w.each).fill('2');
  return panel;
}

describe('heats, then a final', () => {
  it('the organiser defines Heats → Final in Build (en-GB)', async () => {
    const w = WORDS['en-GB'];
    const page = await openConsole('en-GB', 'build');
    const section = page.locator('section[aria-labelledby="rounds-heading"]');
    await section.waitFor();
    for (const name of ['Heats', 'Final']) {
      await section.locator('form.add').getByLabel(w.roundName).fill(name);
      await section.getByRole('button', { name: w.add }).click();
      await expect.poll(() => (t.data().event.rounds ?? []).map((r) => r.name)).toContain(name);
      // The form empties once the page has its acknowledgement: typing the next name before that lost it.
      await expect.poll(() => section.locator('form.add').getByLabel(w.roundName).inputValue()).toBe('');
    }
    await expect.poll(() => section.locator('li[data-round]').count()).toBe(2);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'rounds-build-en-GB');
    await page.context().close();
  });

  it('the heats’ scores arrive from both rooms’ panels', async () => {
    const { socket: org } = await organiser(t);
    expect(await emitRaw(org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
    const sockets: TestSocket[] = [org];
    for (let j = 0; j < 4; j++) {
      const { socket } = await juror(t, j);
      sockets.push(socket);
      for (let i = j < 2 ? 0 : 3; i < (j < 2 ? 3 : 6); i++) {
        expect(await emitRaw(socket, 'score:submit', { opId: `heat-${j}-${i}-op`, teamId: team(i).id, revision: 1, marks: marks(t.data(), MARKS[i]!), note: '' })).toMatchObject({ ok: true });
      }
    }
    for (const s of sockets) s.disconnect();
    expect(Object.keys(t.data().scores)).toHaveLength(12);
  });

  it('shows the tie at the cut in French (fr-CH)', async () => {
    const w = WORDS['fr-CH'];
    const page = await openConsole('fr-CH', 'results');
    const panel = await topTwoPerRoom(page, w);
    await expect.poll(() => panel.getByRole('group', { name: w.tie }).count()).toBe(1);
    // Until the tie is settled, the round cannot close.
    expect(await panel.getByRole('button', { name: w.close }).isDisabled()).toBe(true);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'rounds-finalists-tie-fr-CH');
    await page.context().close();
  });

  it('picks the top 2 of each room, settles the tie by hand and starts the final (en-GB)', async () => {
    const w = WORDS['en-GB'];
    const page = await openConsole('en-GB', 'results');
    const panel = await topTwoPerRoom(page, w);
    const tie = panel.getByRole('group', { name: w.tie });
    await tie.waitFor();
    // The tie is between the two teams on 7 in hall A.
    expect(await tie.getByRole('checkbox').count()).toBe(2);
    for (const i of [1, 2]) expect(await tie.getByRole('checkbox', { name: team(i).name }).count()).toBe(1);
    await tie.getByRole('checkbox', { name: team(2).name }).check();
    const preview = panel.getByRole('list', { name: /Final: pitching order in Hall A/ });
    // Numbered as the final will run: in the order they pitched in the heats.
    await expect.poll(() => preview.getByRole('listitem').allInnerTexts()).toEqual([0, 2, 3, 4].map((i, n) => `${n + 1}. ${team(i).name}`));
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'rounds-finalists-settled-en-GB');
    await panel.getByRole('button', { name: w.close }).click();
    await panel.getByRole('button', { name: w.confirm }).click();
    await expect.poll(() => t.data().event.currentRoundId).toBe(t.data().event.rounds![1]!.id);
    expect(t.data().event.rounds![1]!.teamIds).toEqual([0, 2, 3, 4].map((i) => team(i).id));
    // The heats stay readable: the closed round's ranking, with who went on.
    const closed = page.locator('section[aria-labelledby="closed-rounds-title"]');
    await closed.waitFor();
    await expect.poll(() => closed.getByText('went on').count()).toBe(8);
    await closed.scrollIntoViewIfNeeded();
    await screenshot(page, 'rounds-closed-en-GB');
    await page.context().close();
  });

  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`the juror’s phone at 360 px lists the finalists only (${locale})`, async () => {
      const { page } = await newDevicePage(browser, locale, SMALL_PHONE);
      await page.goto(`${t.url}/jury/${t.data().event.jurors[3]!.token}`);
      const list = page.locator('section.teams ul').first();
      await list.waitFor();
      const names = async () => (await list.getByRole('button').allInnerTexts()).map((s) => s.split('\n')[0]!.trim()).sort();
      await expect.poll(names).toEqual([0, 2, 3, 4].map((i) => team(i).name).sort());
      expect(await page.getByText(team(1).name).count()).toBe(0);
      expect(await page.getByText(team(5).name).count()).toBe(0);
      await screenshot(page, `rounds-jury-${locale}-360`);
      await page.context().close();
    });
  }
});
