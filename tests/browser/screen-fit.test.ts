// The projector fits its screen at 1920×1080, 1280×720 and 1024×768. The "Today"
// panel before and between pitches: on a 1024×768 projector the demo's titles
// wrap to two lines and eight rows no longer fit; the rows that do not fit whole
// are left out, never cut in half at the bottom. During a pitch with the rankings
// up: nothing runs off the right edge (the long event name once pushed the
// rankings' scores and the QR code off a 1024 px screen).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, juror, organiser, startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newPage, PROJECTOR, screenshot, SMALL_PROJECTOR } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  const seed = demoData();
  // Long titles, with capitals that carry accents, so rows wrap on a small projector.
  const welcome = seed.event.agenda[0]!;
  if (welcome.kind !== 'session') throw new Error('the demo opens with a session');
  welcome.title = 'Accueil et présentation des équipes Économie circulaire';
  t = await startApp({ seed: () => seed });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const VIEWPORTS = [PROJECTOR, SMALL_PROJECTOR, { width: 1024, height: 768 }];

describe("the projector's Today panel", () => {
  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: every row shown is whole inside the panel, and they are the first ones`, async () => {
      const { context, page } = await newPage(browser, viewport);
      try {
        await page.goto(`${t.url}/screen`);
        const panel = page.getByRole('complementary', { name: 'Agenda' });
        await panel.getByRole('listitem').first().waitFor();
        await page.evaluate(() => document.fonts.ready);
        const rows = await panel.evaluate((aside) => {
          const box = aside.getBoundingClientRect();
          return [...aside.querySelectorAll('li')].map((li) => {
            const r = li.getBoundingClientRect();
            const shown = getComputedStyle(li).display !== 'none';
            return { title: li.querySelector('.title')?.textContent ?? '', shown, inside: r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5 };
          });
        });
        await screenshot(page, `screen-agenda-${viewport.width}x${viewport.height}`);
        const shown = rows.filter((r) => r.shown);
        expect(shown.length, JSON.stringify(rows)).toBeGreaterThanOrEqual(3);
        expect(shown.filter((r) => !r.inside), JSON.stringify(rows)).toEqual([]);
        // Left out from the end only: what comes first is never skipped.
        expect(rows.map((r) => r.shown)).toEqual(rows.map((_, i) => i < shown.length));
        expect(shown[0]!.title).toBe('Accueil et présentation des équipes Économie circulaire');
      } finally {
        await context.close();
      }
    });
  }
});

describe('during a pitch with the rankings up', () => {
  beforeAll(async () => {
    const org = await organiser(t);
    for (const [event, payload] of [
      ['timer:start', {}],
      ['agenda:next', {}],
      ['scoring:open', { teamId: null }],
      ['visibility:set', { mode: 'live' }],
    ] as const) {
      expect(await emitRaw(org.socket, event, payload), event).toMatchObject({ ok: true });
    }
    const { event } = t.data();
    const j = await juror(t, 0);
    for (const [i, team] of event.teams.entries()) {
      const marks = Object.fromEntries(event.criteria.map((c) => [c.id, c.max - (i % (c.max - c.min + 1))]));
      const ack = await emitRaw(j.socket, 'score:submit', { opId: `screen-fit-${i}`, teamId: team.id, revision: 1, marks, note: '' });
      expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
    }
    j.socket.disconnect();
    org.socket.disconnect();
  });

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width}×${viewport.height}: nothing on the screen runs past its right edge`, async () => {
      const { context, page } = await newPage(browser, viewport);
      try {
        await page.goto(`${t.url}/screen`);
        const board = page.getByRole('complementary', { name: 'Rankings' });
        await board.getByRole('listitem').first().waitFor();
        await page.getByText(/^Pitch 1 of \d+$/).waitFor();
        await page.evaluate(() => document.fonts.ready);
        const outside = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('.show *')]
            .filter((el) => {
              const r = el.getBoundingClientRect();
              return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5);
            })
            .map((el) => `${el.tagName.toLowerCase()}.${el.className.split(' ')[0]}: ${(el.textContent ?? '').trim().slice(0, 30)}`),
        );
        await screenshot(page, `screen-fit-pitch-${viewport.width}x${viewport.height}`);
        expect(outside).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
