// Rooms in the browser (issue 17): the console with two rooms running shows both
// clocks and drives the one picked; a projector at /screen/<room> shows its room.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../protocol/model.ts';
import * as agenda from '../../server/domain/agenda.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { DEVICE_TIME_ZONE, launchBrowser, screenshot } from '../helpers/browser.ts';
import { HOST_B, twoHalls } from '../helpers/rooms.ts';

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

/** Two halls, both running: Hall A its first pitch, Hall B its first item with 3 minutes more. */
async function bothRunning(language: Language = 'en') {
  const t = await startApp({ seed: () => twoHalls(demoData(undefined, new Date(), { language, timeZone: DEVICE_TIME_ZONE })) });
  apps.push(t);
  await t.store.mutate((d) => {
    const now = Date.now();
    const firstA = d.event.agenda.find((i) => i.kind === 'pitch' && i.roomId === undefined)!;
    const firstB = d.event.agenda.find((i) => i.roomId === 'hall-b')!;
    agenda.jump(d, firstA.id, now);
    agenda.startTimer(d, now);
    agenda.jump(d, firstB.id, now, 'hall-b');
    agenda.adjustTimer(d, 3 * 60_000, now, 'hall-b');
    agenda.startTimer(d, now, 'hall-b');
  });
  const teamName = (room: string) => {
    const d = t.data();
    const live = room === 'hall-a' ? d.live : d.roomsLive[room]!;
    const item = d.event.agenda[live.itemIndex]!;
    return d.event.teams.find((x) => item.kind === 'pitch' && x.id === item.teamId)!.name;
  };
  return { t, teamName };
}

async function page(viewport: { width: number; height: number }, locale: 'en-GB' | 'fr-CH') {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale, timezoneId: DEVICE_TIME_ZONE });
  contexts.push(context);
  const p = await context.newPage();
  p.setDefaultTimeout(20_000);
  p.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return p;
}

describe('rooms in the console', () => {
  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`shows every room's clock, item and pace, and drives the room picked (${locale})`, async () => {
      const { t, teamName } = await bothRunning();
      const p = await page({ width: 1280, height: 800 }, locale);
      await p.goto(`${t.url}/organiser?tab=live#${t.organiserToken}`);
      const roomA = p.locator('.rooms [data-room="hall-a"]');
      const roomB = p.locator('.rooms [data-room="hall-b"]');
      await expect.poll(() => roomA.locator('.countdown').getAttribute('data-status')).toBe('running');
      await expect.poll(() => roomB.locator('.countdown').getAttribute('data-status')).toBe('running');
      expect(await roomA.locator('.item').textContent()).toBe(teamName('hall-a'));
      expect(await roomB.locator('.item').textContent()).toBe(teamName('hall-b'));
      // Hall B's clock shows its own time: three minutes more than Hall A's.
      const seconds = async (room: typeof roomA) => {
        const [mm, ss] = (await room.locator('.countdown').textContent())!.trim().split(':').map(Number);
        return mm! * 60 + ss!;
      };
      expect((await seconds(roomB)) - (await seconds(roomA))).toBeGreaterThanOrEqual(170);
      await screenshot(p, `rooms-console-${locale}`);

      // Picked, Hall B is what the controls drive: pausing it leaves Hall A running.
      await roomB.click();
      await expect.poll(() => p.locator('.driving').textContent()).toContain('Hall B');
      await p.locator('.clock-panel .start').click();
      await expect.poll(() => t.data().roomsLive['hall-b']!.timer.status).toBe('paused');
      expect(t.data().live.timer.status).toBe('running');
      await expect.poll(() => roomB.locator('.countdown').getAttribute('data-status')).toBe('paused');
      await screenshot(p, `rooms-console-hall-b-${locale}`);
    });
  }

  it('with one room looks as before: no rooms overview, no room named', async () => {
    const t = await startApp();
    apps.push(t);
    const p = await page({ width: 1280, height: 800 }, 'en-GB');
    await p.goto(`${t.url}/organiser?tab=live#${t.organiserToken}`);
    await p.locator('.clock-panel').waitFor();
    expect(await p.locator('.rooms').count()).toBe(0);
    expect(await p.locator('.driving').count()).toBe(0);
  });
});

describe('a room’s projector', () => {
  for (const language of ['en', 'fr'] as const) {
    it(`at /screen/<room> shows its room, its team and its clock (${language})`, async () => {
      const { t, teamName } = await bothRunning(language);
      const p = await page({ width: 1024, height: 768 }, language === 'fr' ? 'fr-CH' : 'en-GB');
      await p.goto(`${t.url}/screen/hall-b`);
      await expect.poll(() => p.locator('header .event').textContent()).toContain('Hall B');
      await expect.poll(() => p.locator('.show').textContent()).toContain(teamName('hall-b'));
      expect(await p.locator('.show').textContent()).not.toContain(teamName('hall-a'));
      await expect.poll(() => p.locator('.countdown').first().getAttribute('data-status')).toBe('running');
      await screenshot(p, `rooms-screen-hall-b-${language}`);
      // Plain /screen is the main room.
      await p.goto(`${t.url}/screen`);
      await expect.poll(() => p.locator('header .event').textContent()).toContain('Hall A');
      await expect.poll(() => p.locator('.show').textContent()).toContain(teamName('hall-a'));
    });
  }
});

describe('a room host’s console and the Build tab’s rooms', () => {
  it('the host link opens its room’s Live tab, which drives that room only; the Build tab lists the rooms and groups the agenda', async () => {
    const { t, teamName } = await bothRunning();
    const p = await page({ width: 1280, height: 800 }, 'fr-CH');
    await p.goto(`${t.url}/organiser?room=hall-b#${HOST_B}`);
    await expect.poll(() => p.locator('header.top h1').textContent()).toContain('Hall B');
    await expect.poll(() => p.locator('.clock-panel .on-now').textContent()).toContain(teamName('hall-b'));
    await screenshot(p, 'rooms-host-console-fr-CH');
    await p.locator('.clock-panel .start').click();
    await expect.poll(() => t.data().roomsLive['hall-b']!.timer.status).toBe('paused');
    expect(t.data().live.timer.status).toBe('running');

    await p.goto(`${t.url}/organiser?tab=build#${t.organiserToken}`);
    await p.locator('#rooms-heading').scrollIntoViewIfNeeded();
    expect(await p.locator('section[aria-labelledby="rooms-heading"] li.room').count()).toBe(2);
    await screenshot(p, 'rooms-build-fr-CH');
    expect(await p.locator('ol.rows[data-room="hall-b"] > li').count()).toBe(t.data().event.agenda.filter((i) => i.roomId === 'hall-b').length);
  });
});
