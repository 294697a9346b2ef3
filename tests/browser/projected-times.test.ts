// The projector and the audience page show when things will really start: after a
// late start, the times the console projects, not the planned times already past.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { launchBrowser, newPage, PROJECTOR, screenshot, SMALL_PHONE } from '../helpers/browser.ts';

const MIN = 60_000;
let t: TestApp;
let browser: Browser;
let org: TestSocket;
let plannedNext: number;

/**
 * "16:10": every page shows the event's time of day, 24-hour, whatever the browser's own
 * locale (protocol/format.ts). The demo event's zone is this machine's, so the test's clock reads it.
 */
const timeOfDay = async (_page: Page, epochMs: number) => {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

beforeAll(async () => {
  const seed = demoData();
  const startsAt = seed.event.settings.startsAt;
  const welcome = seed.event.agenda[0]!;
  // The second item's planned start: right after the welcome's planned length.
  plannedNext = startsAt + welcome.phases.reduce((sum, p) => sum + p.durationMs, 0);
  // The show starts 9 minutes late by the server's clock.
  const clock = { now: () => startsAt + 9 * MIN };
  t = await startApp({ seed: () => seed, clock });
  org = (await organiser(t)).socket;
  expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  org?.disconnect();
  await browser?.close();
  await t?.close();
});

describe('after a 9-minute late start', () => {
  it('the projector gives the next item its projected time, not the planned one', async () => {
    const { context, page } = await newPage(browser, PROJECTOR);
    await page.goto(`${t.url}/screen`);
    const projected = await timeOfDay(page, plannedNext + 9 * MIN);
    const planned = await timeOfDay(page, plannedNext);
    // The line under the clock: "Next  ecopals  16:24".
    const footer = page.locator('footer');
    await footer.getByText(projected, { exact: true }).waitFor({ timeout: 5000 });
    expect(await footer.getByText(planned, { exact: true }).count()).toBe(0);
    // The agenda beside the clock says the same.
    const agenda = page.getByRole('list', { name: 'Agenda of the day' });
    const second = t.data().event.agenda[1]!;
    const nextTitle = second.kind === 'pitch' ? t.data().event.teams.find((x) => x.id === second.teamId)!.name : second.title;
    const nextRow = agenda.getByRole('listitem').filter({ hasText: nextTitle });
    expect(await nextRow.innerText()).toContain(projected);
    await screenshot(page, 'screen-projected-times');
    await context.close();
  });

  it("the audience's phone says when the next item really starts", async () => {
    const { context, page } = await newPage(browser, SMALL_PHONE);
    await page.goto(t.url);
    const projected = await timeOfDay(page, plannedNext + 9 * MIN);
    const upNext = page.getByRole('region', { name: 'Up next' });
    await upNext.getByText(projected).waitFor({ timeout: 5000 });
    expect(await upNext.innerText()).not.toContain(await timeOfDay(page, plannedNext));
    await context.close();
  });
});
