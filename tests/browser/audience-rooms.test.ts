// The audience's phone at an event with two rooms running (issue 17): it shows the main room at
// first, lets a person pick the other room (its stage, its team, its clock), remembers the pick
// across a reload, and a link with ?room= opens that room whatever was picked. 360 px, EN and FR.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../protocol/model.ts';
import * as agenda from '../../server/domain/agenda.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { DEVICE_TIME_ZONE, launchBrowser, screenshot, SMALL_PHONE } from '../helpers/browser.ts';
import { twoHalls } from '../helpers/rooms.ts';

let browser: Browser;
const apps: TestApp[] = [];
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
  for (const t of apps.splice(0)) await t.close();
});
afterAll(async () => {
  await browser?.close();
});

/** Hall A on its first pitch, Hall B on its own first pitch, both clocks running. */
async function bothRunning(language: Language) {
  const t = await startApp({ seed: () => twoHalls(demoData(undefined, new Date(), { language, timeZone: DEVICE_TIME_ZONE })) });
  apps.push(t);
  await t.store.mutate((d) => {
    const now = Date.now();
    agenda.jump(d, d.event.agenda.find((i) => i.kind === 'pitch' && i.roomId === undefined)!.id, now);
    agenda.startTimer(d, now);
    agenda.jump(d, d.event.agenda.find((i) => i.kind === 'pitch' && i.roomId === 'hall-b')!.id, now, 'hall-b');
    agenda.startTimer(d, now, 'hall-b');
  });
  const onStage = (room: 'hall-a' | 'hall-b') => {
    const d = t.data();
    const item = d.event.agenda[(room === 'hall-a' ? d.live : d.roomsLive[room]!).itemIndex]!;
    return d.event.teams.find((x) => item.kind === 'pitch' && x.id === item.teamId)!.name;
  };
  return { t, onStage };
}

const LABEL = { 'en-GB': { language: 'en', pick: 'Room' }, 'fr-CH': { language: 'fr', pick: 'Salle' } } as const;

describe('the audience page with two rooms', () => {
  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`shows the main room, then the room picked, remembered across a reload; a ?room= link wins (${locale}, 360 px)`, async () => {
      const { t, onStage } = await bothRunning(LABEL[locale].language);
      const [teamA, teamB] = [onStage('hall-a'), onStage('hall-b')];
      expect(teamA).not.toBe(teamB);
      const context = await browser.newContext({ viewport: SMALL_PHONE, deviceScaleFactor: 1, locale, timezoneId: DEVICE_TIME_ZONE });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      const stage = page.locator('section.now .title');
      const picker = page.getByRole('combobox', { name: LABEL[locale].pick });

      await page.goto(`${t.url}/`);
      await expect.poll(() => stage.textContent()).toBe(teamA);
      expect(await picker.inputValue()).toBe('hall-a');
      expect(await picker.locator('option').allTextContents()).toEqual(['Hall A', 'Hall B']);

      await picker.selectOption('hall-b');
      await expect.poll(() => stage.textContent()).toBe(teamB);
      expect(await page.locator('.clock [role="timer"]').textContent()).toMatch(/^\d+:\d\d$/);
      // Nothing wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SMALL_PHONE.width);
      await screenshot(page, `audience-rooms-hall-b-${locale}`);

      await page.reload();
      await expect.poll(() => stage.textContent()).toBe(teamB);
      expect(await picker.inputValue()).toBe('hall-b');

      await page.goto(`${t.url}/?room=hall-a`);
      await expect.poll(() => stage.textContent()).toBe(teamA);
      expect(await picker.inputValue()).toBe('hall-a');
    });
  }
});
