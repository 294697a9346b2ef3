// No English left on a French page. Every page (audience, projector, stage monitor, juror,
// and the organiser console's four tabs, with the keyboard help and an open confirmation
// dialog) is rendered twice from the same data: once with the event in French on a fr-CH
// device, once with the event in English on an en-GB device. Any visible text, aria-label,
// title, placeholder or alt of the French render that the English render shows too is English
// left behind, unless it is the event's own data (names, projects, criteria…), only numbers
// and punctuation, or a word both languages write the same (listed below, each with its reason).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language, PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { animationsDone, launchBrowser, newDevicePage, screenshot } from '../helpers/browser.ts';

/** Words French writes exactly as English does; a text made only of these (and data) is not English left. */
const SAME_IN_BOTH: Record<string, string> = {
  Podium: 'the product’s name',
  Pitch: 'French juries say « pitch »',
  pitch: 'French juries say « pitch »',
  Pause: 'the same word in French (the clock’s button)',
  pause: 'the same word in French',
  Message: 'the same word in French',
  message: 'the same word in French',
  Score: 'French juries say « score »',
  score: 'French juries say « score »',
  Total: 'the same word in French',
  Impact: 'the same word in French',
  Normalisation: 'the same word in French',
  normalisation: 'the same word in French',
  OK: 'understood in both',
  QR: 'a QR code is a QR code',
  CSV: 'a file format',
  JSON: 'a file format',
  'z-score': 'the statistic’s name',
  min: 'the unit symbol for minutes in both languages (Intl)',
  s: 'the unit symbol for seconds in French; English says sec',
  h: 'the unit symbol for hours in French',
  max: 'the abbreviation in both languages',
  minute: 'the same word in French (« 1 minute »)',
  jury: 'the same word in French (« le jury »)',
  Table: 'the same word in French (« la table » where a team sits in the hall)',
  FR: 'the language switch: a language’s code',
  EN: 'the language switch: a language’s code',
  Français: 'the language switch names each language in its own words',
  English: 'the language switch names each language in its own words',
  N: 'a keyboard key: shortcuts are the character typed, on AZERTY and QWERTZ alike',
  P: 'a keyboard key',
  M: 'a keyboard key',
  V: 'a keyboard key (the people’s vote)',
  name: 'the team CSV’s column names, which the import reads as they are',
  project: 'the team CSV’s column names',
  members: 'the team CSV’s column names',
  category: 'the team CSV’s column names',
  room: 'the team CSV’s column names (issue 17)',
  table: 'the team CSV’s column names (issue 17)',
  zone: 'the team CSV’s column names (issue 18)',
  Zone: 'the same word in French (« la zone » of the hall a team’s table is in)',
};

// 1 December 2026, 15:15 UTC = 16:15 in Zurich: the clock stands still, so both renders show the same moment.
const STARTS_AT = Date.UTC(2026, 11, 1, 15, 15);
const NOW = STARTS_AT + 20 * 60_000;

/** The one set of data both renders show: the French demo, in Zurich; only the event's language differs. */
const base = demoData(undefined, new Date(STARTS_AT), { language: 'fr', timeZone: 'Europe/Zurich' });
base.event.settings.startsAt = STARTS_AT;
const seedIn = (language: Language) => (): PodiumData => {
  const data = structuredClone(base);
  data.event.settings.language = language;
  return data;
};

/** Every string of the event a person typed (names, projects, members, criteria and questions, titles…): data, in any language. */
function eventStrings(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return key === 'id' || key === 'token' || key.endsWith('Id') ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => eventStrings(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => eventStrings(v, k));
  return [];
}
/** The stage message the organiser types: data too. */
const STAGE_MESSAGE = 'Merci';
const DATA = [...new Set([...eventStrings(base.event), STAGE_MESSAGE].map((s) => s.trim()).filter((s) => s.length > 1))].sort((a, b) => b.length - a.length);
const NUMBERS_AND_PUNCTUATION = /^[\p{N}\p{P}\p{S}\p{Z}\s]*$/u;

/** Not English left: data, numbers and punctuation, words written the same in both languages, or a mix of those. */
/** No-break spaces (French typography) read as spaces, so data matches however a page spaces it. */
const spaced = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

function allowed(text: string): boolean {
  let rest = spaced(text);
  for (const d of DATA) rest = rest.split(spaced(d)).join(' ');
  if (NUMBERS_AND_PUNCTUATION.test(rest)) return true;
  const words = rest.split(/[^\p{L}\p{N}-]+/u).filter((w) => w && !/^[\p{N}-]+$/u.test(w));
  return words.every((w) => Object.hasOwn(SAME_IN_BOTH, w));
}

interface Render {
  t: TestApp;
  org: TestSocket;
}
const renders = new Map<Language, Render>();
let browser: Browser;

/** The same show in both: scoring open, the first pitch given and finished, the next item on, a stage message. */
async function prepare(language: Language): Promise<Render> {
  const t = await startApp({ seed: seedIn(language), clock: { now: () => NOW } });
  const { socket: org } = await organiser(t);
  const ok = async (event: string, payload: unknown) => expect(await emitRaw(org, event, payload), event).toMatchObject({ ok: true });
  await ok('scoring:open', { teamId: null });
  const agenda = t.data().event.agenda;
  const pitch = agenda.findIndex((i) => i.kind === 'pitch');
  await ok('agenda:jump', { itemId: agenda[pitch]!.id });
  await ok('timer:start', {});
  for (const _ of agenda[pitch]!.phases) await ok('agenda:next', {});
  expect(t.data().live.itemIndex).toBe(pitch + 1);
  await ok('stage:message', { text: STAGE_MESSAGE, flash: false });
  return { t, org };
}

beforeAll(async () => {
  renders.set('fr', await prepare('fr'));
  renders.set('en', await prepare('en'));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const r of renders.values()) {
    r.org.disconnect();
    await r.t.close();
  }
});

/** Visible text nodes and the attributes a person (or a screen reader) is told, once each. */
function collect(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const shown = (el: Element): boolean => {
      const anchor = el.closest('select') ?? el;
      return anchor.checkVisibility({ visibilityProperty: true });
    };
    const out = new Set<string>();
    const add = (s: string | null | undefined) => {
      const text = (s ?? '').replace(/\s+/g, ' ').trim();
      if (text) out.add(text);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName) || !shown(el)) continue;
      add(n.textContent);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-description]')) {
      if (!shown(el)) continue;
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) add(el.getAttribute(attr));
    }
    add(document.title);
    return [...out];
  });
}

/** Collects once the page has settled: the same text twice in a row, after the data has arrived. */
async function settled(page: Page, ready: string): Promise<string[]> {
  await page.getByText(ready, { exact: false }).first().waitFor({ timeout: 15_000 });
  await animationsDone(page);
  let last = '';
  let texts: string[] = [];
  await expect
    .poll(
      async () => {
        texts = await collect(page);
        const now = JSON.stringify(texts);
        const same = now === last;
        last = now;
        return same;
      },
      { timeout: 10_000, interval: 300 },
    )
    .toBe(true);
  return texts;
}

interface PageCase {
  name: string;
  path: (r: Render) => string;
  /** Data that shows once the page has its state. */
  ready: (r: Render) => string;
  viewport: { width: number; height: number };
  /** What to do before collecting (open a dialog…). */
  act?: (page: Page) => Promise<void>;
}

const eventName = (r: Render) => r.t.data().event.settings.name;
const token = (r: Render) => r.t.organiserToken;
const console_ = (tab: string, act?: PageCase['act']): PageCase => ({
  name: `organiser console, ${tab} tab${act ? ' with the confirmation dialog open' : ''}`,
  path: (r) => `/organiser?tab=${tab}#${token(r)}`,
  ready: eventName,
  viewport: { width: 1024, height: 768 },
  act,
});

const PAGES: PageCase[] = [
  { name: 'audience page', path: () => '/', ready: eventName, viewport: { width: 360, height: 740 } },
  { name: 'projector', path: () => '/screen', ready: eventName, viewport: { width: 1280, height: 720 } },
  { name: 'stage monitor', path: () => '/stage', ready: () => STAGE_MESSAGE, viewport: { width: 1280, height: 720 } },
  {
    name: 'juror page',
    path: (r) => `/jury/${r.t.data().event.jurors[0]!.token}`,
    ready: (r) => r.t.data().event.jurors[0]!.name,
    viewport: { width: 360, height: 740 },
  },
  // The Live tab shows the keyboard help beside the clock.
  console_('live'),
  // P goes back to the pitch that has finished: the console asks first.
  console_('live', async (page) => {
    await page.keyboard.press('p');
    await page.locator('dialog[open]').waitFor();
  }),
  console_('build'),
  console_('scoring'),
  console_('results'),
];

async function render(language: Language, c: PageCase): Promise<string[]> {
  const r = renders.get(language)!;
  const { context, page } = await newDevicePage(browser, language === 'fr' ? 'fr-CH' : 'en-GB', c.viewport);
  try {
    await page.goto(r.t.url + c.path(r));
    await page.getByText(c.ready(r), { exact: false }).first().waitFor({ timeout: 15_000 });
    await c.act?.(page);
    const texts = await settled(page, c.ready(r));
    if (language === 'fr') await screenshot(page, `no-english-left-${c.name.replace(/[^a-z]+/gi, '-')}`);
    return texts;
  } finally {
    await context.close();
  }
}

describe('no English left on a French page', () => {
  it('the allow-list lets data, numbers and same words through, and nothing else', () => {
    const team = base.event.teams[0]!.name;
    expect(allowed(team)).toBe(true);
    expect(allowed(`${team} — 7,3 / 10`)).toBe(true);
    expect(allowed('16:15')).toBe(true);
    expect(allowed('Pitch')).toBe(true);
    expect(allowed('Next')).toBe(false);
    expect(allowed(`Scoring: ${team}`)).toBe(false);
    expect(allowed('5 mins')).toBe(false);
  });

  for (const c of PAGES) {
    it(`${c.name}: nothing the English render shows is left in the French one`, async () => {
      const fr = await render('fr', c);
      const en = new Set(await render('en', c));
      // Both renders did show something of their own: a page stuck on "Connecting…" proves nothing.
      expect(fr.length, 'French render').toBeGreaterThan(3);
      expect(en.size, 'English render').toBeGreaterThan(3);
      const left = fr.filter((text) => en.has(text) && !allowed(text));
      // One per line, so the report lists every one of them.
      expect(left.join('\n'), `English left on the French ${c.name}`).toBe('');
    });
  }
});
