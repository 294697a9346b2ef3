// The projector and the audience page speak the EVENT's language and show the EVENT's
// times, whatever the device's own language and zone. Event: French, in Europe/Zurich, the
// demo starting at 16:00 Zurich time (its welcome lasts 15 minutes, so the first pitch is
// planned at 16:15); devices in fr-CH and en-GB, both set to New York (where it is 10:15).
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { animationsDone, DEVICE_LOCALES, launchBrowser, newDevicePage, screenshot, SMALL_PHONE, SMALL_PROJECTOR, type DeviceLocale } from '../helpers/browser.ts';

// 1 December 2026, 15:00 UTC = 16:00 in Zurich (UTC+1 in winter) = 10:00 in New York.
const STARTS_AT = Date.UTC(2026, 11, 1, 15, 0);
const LOCALES = DEVICE_LOCALES;
let t: TestApp;
let browser: Browser;
let org: TestSocket;
const jurors: TestSocket[] = [];

/**
 * The English texts of this area's messages that French says differently, as patterns
 * ("Page {page} of {count}" → /^Page .+ of .+$/); a French page must show none of them.
 */
const ENGLISH = (() => {
  type Message = string | { match: Record<string, string> }[];
  const load = (l: string) => JSON.parse(readFileSync(`messages/${l}.json`, 'utf8')) as Record<string, Message>;
  const en = load('en');
  const fr = load('fr');
  const texts = (m: Message) => (typeof m === 'string' ? [m] : m.flatMap((v) => Object.values(v.match)));
  const pattern = (text: string) => new RegExp(`^${text.split(/\{[^}]*\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('.+')}$`);
  const mine = /^(screen_|board_|audience_|common_show_|common_agenda_|common_qr_|common_progress_)/;
  return Object.keys(en)
    .filter((key) => mine.test(key))
    .flatMap((key) => texts(en[key]!).map((text) => ({ key, text, re: pattern(text) })))
    // "{place} place" also reads « 2e place »: a pattern the French text matches proves nothing.
    .filter(({ key, re }) => !texts(fr[key]!).some((french) => re.test(french)));
})();

/** Every text a person (or a screen reader) gets on the page: text nodes, labels, alt texts. */
function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent?.trim()) out.push(n.textContent.trim());
    for (const el of document.querySelectorAll('[aria-label], [alt], [title]')) {
      for (const a of ['aria-label', 'alt', 'title']) if (el.getAttribute(a)) out.push(el.getAttribute(a)!);
    }
    return out;
  });
}

async function expectNoEnglish(page: Page, name: string) {
  const texts = await pageTexts(page);
  const english = texts.flatMap((text) => ENGLISH.filter(({ re }) => re.test(text)).map(({ key }) => `${key}: “${text}”`));
  expect(english, name).toEqual([]);
  const all = texts.join('\n');
  // The device's zone (10:00 in New York) or a 12-hour clock would show here.
  for (const wrong of ['10:00', '10:15', ' AM', ' PM']) expect(all, `${name}: ${wrong}`).not.toContain(wrong);
}

/**
 * Where the text of the elements `selector` matches is cut: outside the viewport, cut short
 * (a clamp or an ellipsis), or its ink outside an ancestor that clips it. The ink is the
 * glyphs' own extent in the element's font (canvas measureText: É's accent, a g's tail),
 * which can reach past the line box the layout gives the text.
 */
function cuts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const found: string[] = [];
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      // A row a list hides because it does not fit (fit-rows.ts) is not on screen, nor cut.
      if (!el.getClientRects().length) continue;
      const text = el.textContent?.trim() ?? '';
      const range = document.createRange();
      range.selectNodeContents(el);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const style = getComputedStyle(el);
      ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const ink = ctx.measureText(text);
      if (!rects.length) found.push(`${text}: not on screen`);
      // A clamped or ellipsed text is longer than the box that clips it.
      const clips = style.overflowX !== 'visible' || style.overflowY !== 'visible';
      if (clips && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) found.push(`${text}: cut short (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
      for (const r of rects) {
        // The line's content area starts at the font's ascent above the baseline.
        const baseline = r.top + ink.fontBoundingBoxAscent;
        const inkTop = baseline - ink.actualBoundingBoxAscent;
        const inkBottom = baseline + ink.actualBoundingBoxDescent;
        if (r.left < -0.5 || r.right > innerWidth + 0.5 || inkTop < -0.5 || inkBottom > innerHeight + 0.5) found.push(`${text}: outside the viewport`);
        for (let a: HTMLElement | null = el; a && a !== document.documentElement; a = a.parentElement) {
          const clip = getComputedStyle(a);
          if (clip.overflowX === 'visible' && clip.overflowY === 'visible') continue;
          const b = a.getBoundingClientRect();
          const left = b.left + a.clientLeft;
          const top = b.top + a.clientTop;
          if (r.left < left - 0.5 || r.right > left + a.clientWidth + 0.5) found.push(`${text}: cut sideways by .${a.className}`);
          if (inkTop < top - 0.5 || inkBottom > top + a.clientHeight + 0.5) found.push(`${text}: accents or descenders cut by .${a.className}`);
        }
      }
    }
    return found;
  }, selector);
}

async function send(socket: TestSocket, event: string, payload: unknown = {}) {
  const ack = await emitRaw(socket, event as never, payload as never);
  expect(ack, `${event}: ${JSON.stringify(ack)}`).toMatchObject({ ok: true });
}

async function open(locale: DeviceLocale, path: string, viewport = SMALL_PROJECTOR): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await newDevicePage(browser, locale, viewport);
  await page.goto(`${t.url}${path}`);
  return { context, page };
}

const agendaItem = (title: string) => t.data().event.agenda.find((i) => (i.kind === 'pitch' ? t.data().event.teams.find((tm) => tm.id === i.teamId)?.name : i.title) === title)!;

beforeAll(async () => {
  const seed = demoData(undefined, new Date(STARTS_AT), { language: 'fr', timeZone: 'Europe/Zurich' });
  seed.event.settings.startsAt = STARTS_AT;
  // The words the issue names, on screen: a team called « Mise en œuvre » (its category is
  // « Économie circulaire »); « Délibération du jury » is the demo's own session.
  seed.event.teams[2]!.name = 'Mise en œuvre';
  // The show's planned start: the welcome may begin.
  t = await startApp({ seed: () => seed, clock: { now: () => STARTS_AT } });
  org = (await organiser(t)).socket;
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const s of [org, ...jurors]) s?.disconnect();
  await browser?.close();
  await t?.close();
});

describe('the projector of a French event in Zurich', () => {
  it('before the first pitch: French words, the first pitch at 16:15 Zurich time, on fr-CH and en-GB devices in New York', async () => {
    // The welcome is on (not started yet): the projector lists the day.
    await send(org, 'agenda:jump', { itemId: t.data().event.agenda[0]!.id });
    for (const locale of LOCALES) {
      const { context, page } = await open(locale, '/screen');
      const footer = page.locator('footer .next');
      await footer.getByText('ecopals', { exact: true }).waitFor();
      expect(await page.evaluate(() => new Date().getTimezoneOffset())).toBeGreaterThan(0); // the device is west of UTC
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      await expect.poll(() => page.title()).toBe('Podium — écran');
      expect(await footer.locator('.label').textContent()).toBe('Ensuite');
      expect(await footer.locator('.next-time').textContent()).toBe('16:15');
      expect(await page.locator('.kicker').textContent()).toContain('En cours');
      const today = page.getByRole('complementary', { name: 'Programme' });
      expect(await today.locator('h3').textContent()).toBe('Aujourd’hui');
      const agenda = today.getByRole('list', { name: 'Programme du jour' });
      expect(await agenda.getByRole('listitem').filter({ hasText: 'ecopals' }).locator('.time').textContent()).toBe('16:15');
      expect(await agenda.getByRole('listitem').first().innerText()).toMatch(/^16:00\s+En cours\s+Accueil et introduction$/);
      expect(await page.locator('.qr figcaption').textContent()).toBe('Scannez pour suivre sur votre téléphone');
      await screenshot(page, `screen-fr-agenda-${locale}`);
      expect(await cuts(page, 'footer .next-title, footer .next-time, .qr figcaption, .side h3, .side .title')).toEqual([]);
      await expectNoEnglish(page, `screen before the pitches, ${locale}`);
      await context.close();
    }
  });

  it('long French words fit at 1280×720: the category « Économie circulaire », the team « Mise en œuvre », « Délibération du jury » up next', async () => {
    const { context, page } = await open('fr-CH', '/screen');
    // The pitch before « Mise en œuvre »: up next names it and its category.
    await send(org, 'agenda:jump', { itemId: agendaItem('Tide Turners').id });
    const upNext = page.getByRole('complementary', { name: 'À suivre' });
    await upNext.getByText('Mise en œuvre', { exact: true }).waitFor();
    expect(await upNext.locator('.up-category').textContent()).toBe('Économie circulaire');
    expect(await upNext.locator('h3').first().textContent()).toBe('À suivre');
    expect(await page.locator('header .count').textContent()).toBe('Pitch 2 sur 6');
    await screenshot(page, 'screen-fr-up-next');
    expect(await cuts(page, '.up-category, .up-title, .up-project, .up-time, .later-list .title, .now .title, .now .project')).toEqual([]);
    await expectNoEnglish(page, 'screen, up next');

    // « Mise en œuvre » on stage: its category leads, the title is whole.
    await send(org, 'agenda:jump', { itemId: agendaItem('Mise en œuvre').id });
    await page.locator('.now .title').getByText('Mise en œuvre', { exact: true }).waitFor();
    expect(await page.locator('.kicker').textContent()).toContain('Économie circulaire');
    await screenshot(page, 'screen-fr-on-stage');
    expect(await cuts(page, '.kicker, .now .title, .now .project, .up-title')).toEqual([]);

    // The last pitch: the jury's deliberation is next.
    await send(org, 'agenda:jump', { itemId: agendaItem('Bottle Bank').id });
    await upNext.getByText('Délibération du jury', { exact: true }).waitFor();
    await screenshot(page, 'screen-fr-deliberation-next');
    expect(await cuts(page, '.up-title, .later-list .title')).toEqual([]);
    await context.close();
  });

  it('shows scores with a decimal comma, and « 2e place » in the reveal', { timeout: 60_000 }, async () => {
    await send(org, 'scoring:open', { teamId: null });
    jurors.push((await juror(t, 0)).socket);
    const teams = t.data().event.teams;
    const criteria = t.data().event.criteria;
    // ecopals 6, Tide Turners 7,25 (second), Mise en œuvre 9 (first); three teams not scored yet.
    const marks = [[6, 6, 6, 6], [7, 7, 7, 8], [9, 9, 9, 9]];
    for (const [i, row] of marks.entries()) {
      await send(jurors[0]!, 'score:submit', { opId: `fr-score-${i}`, teamId: teams[i]!.id, revision: 1, marks: Object.fromEntries(criteria.map((c, k) => [c.id, row[k]])), note: '' });
    }
    await send(org, 'visibility:set', { mode: 'live' });
    const pages = await Promise.all(LOCALES.map((locale) => open(locale, '/screen')));
    for (const [i, { page }] of pages.entries()) {
      const board = page.getByRole('list', { name: 'Liste du classement\u202f: Classement' });
      const second = board.locator('li', { hasText: 'Tide Turners' });
      await second.waitFor();
      expect(await second.locator('.rank').textContent()).toBe('2');
      // One juror of four so far: provisional.
      expect(await second.locator('.score').innerText()).toMatch(/^7,25\s+provisoire$/);
      expect(await page.getByText('3 équipes encore à noter', { exact: true }).isVisible()).toBe(true);
      await expectNoEnglish(page, `screen, rankings, ${LOCALES[i]}`);
      await animationsDone(page);
      await screenshot(page, `screen-fr-rankings-${LOCALES[i]}`);
    }

    await send(org, 'visibility:set', { mode: 'reveal' });
    // Third place, its team, then second place alone: the suspense.
    for (let step = 0; step < 3; step++) await send(org, 'reveal:next');
    for (const { page } of pages) {
      const reveal = page.getByRole('region', { name: 'Proclamation des résultats' });
      await reveal.locator('.spotlight .place').getByText('2e place…', { exact: true }).waitFor();
      // In small letters, as French writes it (never « 2E PLACE »).
      expect(await reveal.locator('.spotlight .place').innerText()).toBe('2e place…');
      expect(await reveal.getByRole('list', { name: 'Places déjà annoncées' }).innerText()).toMatch(/^3e place\s+ecopals\s+6,00$/);
    }
    await send(org, 'reveal:next');
    for (const [i, { page }] of pages.entries()) {
      const spotlight = page.locator('.spotlight');
      await spotlight.getByText('Tide Turners', { exact: true }).waitFor();
      expect(await spotlight.locator('.score').textContent()).toBe('7,25');
      await expectNoEnglish(page, `screen, reveal, ${LOCALES[i]}`);
      await animationsDone(page);
      await screenshot(page, `screen-fr-reveal-second-${LOCALES[i]}`);
    }
    // The winner: « 1re place », feminine.
    for (let step = 0; step < 2; step++) await send(org, 'reveal:next');
    const { page } = pages[0]!;
    await page.locator('.spotlight').getByText('Mise en œuvre', { exact: true }).waitFor();
    expect(await page.locator('.spotlight .place').innerText()).toBe('1re place');
    await animationsDone(page);
    await screenshot(page, 'screen-fr-reveal-winner');
    expect(await cuts(page, '.spotlight .team, .spotlight .place, .earlier .who, .earlier .label')).toEqual([]);
    for (const { context } of pages) await context.close();
  });
});

describe('the audience page of a French event in Zurich, on a 360 px phone', () => {
  it('speaks French, shows Zurich times, and the long words fit', async () => {
    await send(org, 'visibility:set', { mode: 'hidden' });
    await send(org, 'agenda:jump', { itemId: agendaItem('Mise en œuvre').id });
    for (const locale of LOCALES) {
      const { context, page } = await open(locale, '/', SMALL_PHONE);
      await page.locator('.now .title').getByText('Mise en œuvre', { exact: true }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await page.locator('#on-stage').textContent()).toBe('Sur scène');
      expect(await page.locator('.now .chip').textContent()).toBe('Économie circulaire');
      expect(await page.locator('#up-next').textContent()).toBe('À suivre');
      expect(await page.locator('#agenda-title').textContent()).toBe('Programme');
      const agenda = page.getByRole('list', { name: 'Programme du jour' });
      // « Mise en œuvre » (5 + 3 minutes) about to start at 16:00: the break follows at 16:08, Zurich time.
      expect(await page.locator('.next-title').innerText()).toMatch(/^Courte pause\s+16:08$/);
      expect(await agenda.getByRole('listitem').filter({ hasText: 'Mise en œuvre' }).locator('.badge').textContent()).toBe('En cours');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await cuts(page, '.now .title, .now .project, .now .chip, .next-title')).toEqual([]);
      // The agenda's rows may run below the fold (the page scrolls); sideways and their own boxes must not cut them.
      await screenshot(page, `audience-fr-${locale}`);
      const agendaCuts = (await cuts(page, '.agenda .title')).filter((c) => !c.endsWith('outside the viewport'));
      expect(agendaCuts).toEqual([]);
      expect(await agenda.getByText('Délibération du jury', { exact: true }).isVisible()).toBe(true);
      await expectNoEnglish(page, `audience, ${locale}`);
      await page.getByText('Délibération du jury', { exact: true }).scrollIntoViewIfNeeded();
      await screenshot(page, `audience-fr-agenda-${locale}`);
      await context.close();
    }
  });
});

describe('an English event', () => {
  it('the same devices show the projector in English, times still Zurich, scores with a point', async () => {
    await send(org, 'settings:update', { language: 'en' });
    await send(org, 'visibility:set', { mode: 'live' });
    const { context, page } = await open('fr-CH', '/screen');
    const board = page.getByRole('list', { name: 'Leaderboard: Rankings' });
    await board.locator('li', { hasText: 'Tide Turners' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.title()).toBe('Podium — screen');
    expect(await board.locator('li', { hasText: 'Tide Turners' }).locator('.score').innerText()).toMatch(/^7\.25\s+provisional$/);
    expect(await page.getByText('3 teams still to be scored', { exact: true }).isVisible()).toBe(true);
    expect(await page.locator('header .count').textContent()).toBe('Pitch 3 of 6');
    expect(await page.locator('footer .label').textContent()).toBe('Next');
    expect(await page.locator('footer .next-time').textContent()).toBe('16:08');
    expect(await page.locator('.qr figcaption').textContent()).toBe('Scan to follow on your phone');
    await screenshot(page, 'screen-en-rankings');
    await context.close();
    await send(org, 'settings:update', { language: 'fr' });
  });
});
