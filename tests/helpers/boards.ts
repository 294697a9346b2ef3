// The boards' test, shared by screen-boards.test.ts and screen-boards-crowded.test.ts (one
// file took a third of the browser project's time; two run side by side): every ranked team can
// be read on the projector and on a phone, whatever the count: no row cut off at the bottom of a
// panel, no name clipped, no accent lost.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitRaw } from './app.ts';
import { launchBrowser, newPage, PROJECTOR, screenshot, SMALL_PHONE, SMALL_PROJECTOR } from './browser.ts';
import { crowdedShow, type Crowd } from './many-teams.ts';

const OLD_PROJECTOR = { width: 1024, height: 768 };
const PROJECTORS = [PROJECTOR, SMALL_PROJECTOR, OLD_PROJECTOR];
/** The page cycle made short so a test sees every page quickly; a real projector keeps its default. */
const SCREEN = '/screen?pageMs=400';

/** The boards' labels in the event's language (a French event's are asserted in French). */
const WORDS = {
  en: { board: /^Leaderboard/, boardLabel: 'Leaderboard', reveal: "Winners' reveal", revealed: 'Revealed so far', pages: /^Page \d+ of \d+$/ },
  fr: { board: /^Liste du classement/, boardLabel: 'Liste du classement', reveal: 'Proclamation des résultats', revealed: 'Places déjà annoncées', pages: /^Page \d+ sur \d+$/ },
};
type Language = keyof typeof WORDS;
const leaderboardNames = (l: Language) => `ol[aria-label^="${WORDS[l].boardLabel}"] > li .name`;
const revealNames = (l: Language) => `[aria-label="${WORDS[l].reveal}"] .spotlight .team, [aria-label="${WORDS[l].revealed}"] > li .who`;

/**
 * Watches the page (every frame) until every expected team name has been seen whole,
 * or until a name is seen cut: outside the viewport, or outside any ancestor that
 * clips it (with room above and below for capital accents and descenders, which
 * reach past the font's line box). Returns the names never seen and the cuts seen.
 */
async function watchNames(page: Page, selector: string, expected: string[], options: { vertical: boolean }) {
  await page.evaluate(() => {
    (window as unknown as { __seen: unknown }).__seen = {};
    (window as unknown as { __cut: unknown }).__cut = [];
  });
  await page.waitForFunction(
    ({ selector, expected, vertical }) => {
      const w = window as unknown as { __seen: Record<string, boolean>; __cut: string[] };
      for (const el of document.querySelectorAll<HTMLElement>(selector)) {
        if (el.closest('[aria-hidden="true"]')) continue;
        const range = document.createRange();
        range.selectNodeContents(el);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        // Room the ink needs beyond the text box: Å's ring, É's accent, the tail of a g.
        const room = 0.12 * parseFloat(getComputedStyle(el).fontSize);
        const cuts: string[] = [];
        if (rects.length === 0) cuts.push('no text on screen');
        for (const r of rects) {
          if (r.left < -0.5 || r.right > innerWidth + 0.5) cuts.push('sideways out of the viewport');
          if (vertical && (r.top < -0.5 || r.bottom > innerHeight + 0.5)) cuts.push('below or above the viewport');
          for (let a: HTMLElement | null = el; a && a !== document.documentElement; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
            const b = a.getBoundingClientRect();
            const left = b.left + a.clientLeft;
            const top = b.top + a.clientTop;
            if (r.left < left - 0.5 || r.right > left + a.clientWidth + 0.5) cuts.push(`cut sideways by .${a.className}`);
            if (r.top - room < top || r.bottom + room > top + a.clientHeight) cuts.push(`cut top or bottom by .${a.className}`);
          }
        }
        for (const name of (el.textContent ?? '').trim().split(' & ')) {
          if (cuts.length) w.__cut.push(`${name}: ${cuts[0]}`);
          else w.__seen[name] = true;
        }
      }
      return w.__cut.length > 0 || expected.every((name) => w.__seen[name]);
    },
    { selector, expected, vertical: options.vertical },
    { timeout: 20_000, polling: 'raf' },
  );
  return page.evaluate(
    (expected) => {
      const w = window as unknown as { __seen: Record<string, boolean>; __cut: string[] };
      return { unseen: expected.filter((name) => !w.__seen[name]), cut: [...new Set(w.__cut)].slice(0, 5) };
    },
    expected,
  );
}

async function revealEverything(crowd: Crowd) {
  expect(await emitRaw(crowd.organiser, 'visibility:set', { mode: 'reveal' })).toMatchObject({ ok: true });
  // Each place takes two steps (the place, then its team); ties make fewer places.
  let steps = 0;
  while (((await emitRaw(crowd.organiser, 'reveal:next', {})) as { ok: boolean }).ok) steps++;
  expect(steps).toBeGreaterThan(0);
}

/** The boards' tests for each event in `cases`, on one Chromium for the file. */
export function boardsSuite(cases: { count: number; language: Language }[]): void {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe.each(cases)('$count teams, an event in $language', ({ count, language }) => {
    const words = WORDS[language];
    const tag = language === 'en' ? `${count}` : `${count}-${language}`;
    let crowd: Crowd;
    beforeAll(async () => {
      crowd = await crowdedShow(count, language);
    });
    afterAll(async () => {
      await crowd?.close();
    });

    it('the projector shows every ranked team whole, page after page, at 1920×1080, 1280×720 and 1024×768', { timeout: 90_000 }, async () => {
      // The three projectors at once, each its own page: most of the time goes on waiting for the pages to cycle.
      await Promise.all(
        PROJECTORS.map(async (viewport) => {
          const { context, page } = await newPage(browser, viewport);
          await page.goto(`${crowd.t.url}${SCREEN}`);
          const board = page.getByRole('list', { name: words.board });
          await board.getByRole('listitem').first().waitFor();
          await screenshot(page, `boards-${tag}-live-${viewport.width}x${viewport.height}`);
          const name = `${count} teams at ${viewport.width}×${viewport.height}`;
          const { unseen, cut } = await watchNames(page, leaderboardNames(language), crowd.names, { vertical: true });
          expect(cut, name).toEqual([]);
          expect(unseen, name).toEqual([]);
          // When the teams need more than one page, the room is told there is more.
          const pageCount = await board.getByRole('listitem').count();
          if (pageCount < count) expect(await page.getByText(words.pages).isVisible(), name).toBe(true);
          await context.close();
        }),
      );
    });

    it('a 360 px phone lists every ranked team whole', async () => {
      const { context, page } = await newPage(browser, SMALL_PHONE);
      await page.goto(crowd.t.url);
      await page.getByRole('list', { name: words.board }).getByRole('listitem').first().waitFor();
      const { unseen, cut } = await watchNames(page, leaderboardNames(language), crowd.names, { vertical: false });
      expect(cut).toEqual([]);
      expect(unseen).toEqual([]);
      await screenshot(page, `boards-${tag}-phone`);
      await context.close();
    });

    it("the winners' reveal shows every revealed team whole, on the projector and on a phone", { timeout: 90_000 }, async () => {
      await revealEverything(crowd);
      // The four screens at once, each its own page, as above.
      await Promise.all(
        [...PROJECTORS, SMALL_PHONE].map(async (viewport) => {
          const { context, page } = await newPage(browser, viewport);
          await page.goto(viewport === SMALL_PHONE ? crowd.t.url : `${crowd.t.url}${SCREEN}`);
          await page.getByRole('region', { name: words.reveal }).locator('.spotlight .team').first().waitFor();
          // Let the winner's entrance finish before a person looks at it.
          await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
          await screenshot(page, `boards-${tag}-reveal-${viewport.width}x${viewport.height}`);
          const name = `${count} teams revealed at ${viewport.width}×${viewport.height}`;
          const { unseen, cut } = await watchNames(page, revealNames(language), crowd.names, { vertical: viewport !== SMALL_PHONE });
          expect(cut, name).toEqual([]);
          expect(unseen, name).toEqual([]);
          if (viewport !== SMALL_PHONE) expect(await spotlightOverlaps(page, language), name).toEqual([]);
          await context.close();
        }),
      );
    });
  });
}

/** What in the reveal's spotlight runs over the event's name above it or the places revealed beneath it. */
function spotlightOverlaps(page: Page, language: Language): Promise<string[]> {
  return page.evaluate(({ reveal, revealed }) => {
    const above = document.querySelector('h1')!.getBoundingClientRect();
    const below = document.querySelector(`[aria-label="${revealed}"]`)?.getBoundingClientRect();
    const parts = [...document.querySelectorAll<HTMLElement>(`[aria-label="${reveal}"] .spotlight *`)].filter((el) => el.children.length === 0);
    return parts
      .map((el) => ({ text: el.textContent ?? '', box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0)
      .filter(({ box }) => box.top < above.bottom - 0.5 || (below !== undefined && box.bottom > below.top + 0.5))
      .map(({ text }) => text.trim());
  }, WORDS[language]);
}
