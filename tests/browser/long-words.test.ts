// A team's name read from the back of the room breaks between its words, not inside
// one: "Straßenküche" in the projector's column at 1024 × 768 (it once read
// "Straßenküch / e"), "Kreislaufwirtschaft" on a 360 px phone. A word too long for its
// box sets the name a little smaller (client/src/lib/layout/fit-words.ts); a short name keeps
// its full size.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, newPage, PROJECTOR, screenshot, SMALL_PHONE, SMALL_PROJECTOR } from '../helpers/browser.ts';

const ON_STAGE = 'Straßenküche Ça 🌍';
const NEXT = 'Kreislaufwirtschaft Ça';
const LATER = 'Straße der Zukunft Genève';
/** What an organiser may tell the speaker: 280 characters, the most a message holds. */
const MESSAGE = (
  'Merci de conclure dans une minute : le jury posera ensuite ses questions, puis la pause café commence juste après, ' +
  'dans le hall d’entrée, avec les boissons offertes par la Ville de Genève. Reprise à 15 h 30 précises avec la délibération du jury.'
).padEnd(280, ' ').slice(0, 280);

let t: TestApp;
let browser: Browser;
let org: TestSocket;

beforeAll(async () => {
  const seed = demoData(undefined, new Date(), { language: 'fr', timeZone: 'Europe/Zurich' });
  const pitches = seed.event.agenda.filter((i) => i.kind === 'pitch');
  const rename = (teamId: string, name: string) => (seed.event.teams.find((x) => x.id === teamId)!.name = name);
  if (pitches[0]?.kind !== 'pitch' || pitches[1]?.kind !== 'pitch') throw new Error('the demo has two pitches at least');
  rename(pitches[0].teamId, ON_STAGE);
  rename(pitches[1].teamId, NEXT);
  if (pitches[2]?.kind !== 'pitch') throw new Error('the demo has three pitches at least');
  rename(pitches[2].teamId, LATER);
  // A team without a category: the projector's kicker says "Pitch" once.
  seed.event.teams.find((x) => x.id === pitches[2]!.teamId)!.categoryId = null;
  t = await startApp({ seed: () => seed });
  org = (await organiser(t)).socket;
  expect(await emitRaw(org, 'agenda:jump', { itemId: pitches[0].id })).toMatchObject({ ok: true });
  expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
  // One score, and the rankings live: the name is on the board too.
  const { socket: j } = await juror(t, 0);
  const marks = Object.fromEntries(t.data().event.criteria.map((c) => [c.id, 8]));
  expect(await emitRaw(j, 'score:submit', { opId: 'long-words-1', teamId: pitches[0].teamId, revision: 1, marks, note: '' })).toMatchObject({ ok: true });
  j.disconnect();
  expect(await emitRaw(org, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  org?.disconnect();
  await browser?.close();
  await t?.close();
});

/** The words of the elements `selector` finds that run over two lines, with the element's text. */
function brokenWords(page: Page, selector: string): Promise<{ text: string; broken: string[] }[]> {
  return page.evaluate((sel) => {
    return [...document.querySelectorAll<HTMLElement>(sel)].map((el) => {
      const broken: string[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of (node.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
      return { text: el.textContent?.trim() ?? '', broken };
    });
  }, selector);
}

/** The names in the projector's ranking as shown (not its unseen copy, laid out to count pages). */
const BOARD_NAMES = '.board ol:not(.copy) .name';

const fontSize = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

describe('a long word in a name', () => {
  for (const viewport of [{ width: 1024, height: 768 }, SMALL_PROJECTOR, PROJECTOR]) {
    it(`stays whole on the projector at ${viewport.width}×${viewport.height}: on stage and on the board`, async () => {
      const { context, page } = await newPage(browser, viewport);
      try {
        await page.goto(`${t.url}/screen`);
        await page.locator('.now .title', { hasText: ON_STAGE }).waitFor();
        await page.locator(BOARD_NAMES, { hasText: ON_STAGE }).waitFor();
        await page.evaluate(() => document.fonts.ready);
        await screenshot(page, `long-words-screen-${viewport.width}x${viewport.height}`);
        expect(await brokenWords(page, '.now .title')).toEqual([{ text: ON_STAGE, broken: [] }]);
        expect(await brokenWords(page, BOARD_NAMES)).toEqual([{ text: ON_STAGE, broken: [] }]);
        // Still big: at most 40 % smaller than the title's own size (10 % of the screen's height).
        expect(await fontSize(page, '.now .title')).toBeGreaterThanOrEqual(0.6 * 0.1 * viewport.height);
      } finally {
        await context.close();
      }
    });
  }

  it('stays whole on a 360 px phone; a name that fits keeps its size', async () => {
    const pitches = t.data().event.agenda.filter((i) => i.kind === 'pitch');
    const { context, page } = await newDevicePage(browser, 'fr-CH', SMALL_PHONE);
    try {
      await page.goto(`${t.url}/`);
      const title = page.locator('.now .title');
      await title.filter({ hasText: ON_STAGE }).waitFor();
      await page.evaluate(() => document.fonts.ready);
      expect(await brokenWords(page, '.now .title')).toEqual([{ text: ON_STAGE, broken: [] }]);
      // "Straßenküche" fits a phone as it is: the page's own size (2.1rem).
      expect(await fontSize(page, '.now .title')).toBe(2.1 * 16);

      expect(await emitRaw(org, 'agenda:jump', { itemId: pitches[1]!.id })).toMatchObject({ ok: true });
      await title.filter({ hasText: NEXT }).waitFor();
      await screenshot(page, 'long-words-audience-360');
      expect(await brokenWords(page, '.now .title')).toEqual([{ text: NEXT, broken: [] }]);
      // Smaller, to fit "Kreislaufwirtschaft", but not by more than 40 %.
      const size = await fontSize(page, '.now .title');
      expect(size).toBeLessThan(2.1 * 16);
      expect(size).toBeGreaterThanOrEqual(0.6 * 2.1 * 16);
    } finally {
      await context.close();
    }
  });
});

/** Whether `selector`'s text is all shown: nothing past its line clamp or its right edge. */
const wholeText = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => ({ text: el.textContent?.trim(), whole: el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1 }));

describe('a name or a message that must be read whole', () => {
  const items = () => t.data().event.agenda.filter((i) => i.kind === 'pitch');

  for (const viewport of [{ width: 1024, height: 768 }, { width: 1280, height: 1024 }]) {
    it(`shows what comes next whole on a ${viewport.width}×${viewport.height} projector: in the "Up next" panel and at the foot of the rankings`, async () => {
      expect(await emitRaw(org, 'agenda:jump', { itemId: items()[0]!.id })).toMatchObject({ ok: true });
      expect(await emitRaw(org, 'visibility:set', { mode: 'hidden' })).toMatchObject({ ok: true });
      const { context, page } = await newPage(browser, viewport);
      try {
        await page.goto(`${t.url}/screen`);
        await page.locator('.up-title', { hasText: NEXT }).waitFor();
        await page.evaluate(() => document.fonts.ready);
        await screenshot(page, `long-words-up-next-${viewport.width}x${viewport.height}`);
        expect(await wholeText(page, '.up-title')).toEqual({ text: NEXT, whole: true });
        expect(await brokenWords(page, '.up-title')).toEqual([{ text: NEXT, broken: [] }]);
        // And later in the day, in the panel's list, each title whole.
        const later = await page.locator('.later-list li:visible .title').evaluateAll((els) => els.map((el) => ({ text: el.textContent?.trim(), whole: el.scrollHeight <= el.clientHeight + 1 })));
        expect(later, JSON.stringify(later)).toContainEqual({ text: LATER, whole: true });
        expect(later.filter((l) => !l.whole)).toEqual([]);

        // The rankings up, the next item is named at the foot, on one line.
        expect(await emitRaw(org, 'agenda:jump', { itemId: items()[1]!.id })).toMatchObject({ ok: true });
        expect(await emitRaw(org, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
        await page.locator('footer .next-title', { hasText: LATER }).waitFor();
        await screenshot(page, `long-words-footer-${viewport.width}x${viewport.height}`);
        expect(await wholeText(page, 'footer .next-title')).toEqual({ text: LATER, whole: true });
      } finally {
        await context.close();
        expect(await emitRaw(org, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
      }
    });
  }

  it('says "Pitch" once on the projector for a team without a category', async () => {
    expect(await emitRaw(org, 'agenda:jump', { itemId: items()[2]!.id })).toMatchObject({ ok: true });
    const { context, page } = await newPage(browser, SMALL_PROJECTOR);
    try {
      await page.goto(`${t.url}/screen`);
      await page.locator('.now .title', { hasText: LATER }).waitFor();
      expect(await page.locator('.now .kicker').innerText()).toBe('Pitch');
    } finally {
      await context.close();
    }
  });

  for (const viewport of [{ width: 1024, height: 768 }, SMALL_PROJECTOR]) {
    it(`shows the organiser's longest message whole on a ${viewport.width}×${viewport.height} stage monitor`, async () => {
      expect(await emitRaw(org, 'stage:message', { text: MESSAGE, flash: false })).toMatchObject({ ok: true });
      const { context, page } = await newPage(browser, viewport);
      try {
        await page.goto(`${t.url}/stage`);
        await page.locator('.message .text', { hasText: 'Reprise à 15 h 30' }).waitFor();
        await page.evaluate(() => document.fonts.ready);
        await screenshot(page, `long-words-stage-message-${viewport.width}x${viewport.height}`);
        expect(await wholeText(page, '.message .text')).toEqual({ text: MESSAGE.trim(), whole: true });
        // Still read from the stage: at least 3 % of the screen's height, and the clock keeps a third of it.
        expect(await fontSize(page, '.message .text')).toBeGreaterThanOrEqual(0.03 * viewport.height);
        const clock = await page.locator('.clock').evaluate((el) => el.getBoundingClientRect().height);
        expect(clock).toBeGreaterThanOrEqual(viewport.height / 3);
      } finally {
        await context.close();
        expect(await emitRaw(org, 'stage:clear', {})).toMatchObject({ ok: true });
      }
    });
  }
});
