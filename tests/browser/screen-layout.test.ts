import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { animationsDone, launchBrowser, newPage, PROJECTOR, screenshot, SMALL_PROJECTOR } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let org: TestSocket;
const sockets: TestSocket[] = [];

const team = (i: number) => t.data().event.teams[i]!;

async function send(socket: TestSocket, event: string, payload: unknown = {}) {
  const ack = await emitRaw(socket, event as never, payload as never);
  expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
}

/** Nothing sticks out of the page sideways, and the element lies inside the viewport. */
async function expectInside(page: Page, selector: string, viewport: { width: number; height: number }, name: string) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} scrolls sideways`).toBe(true);
  const box = (await page.locator(selector).first().boundingBox())!;
  expect(box.x, name).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, name).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height, name).toBeLessThanOrEqual(viewport.height);
}

/** The organiser's small copy of the projector: every part of it inside its frame. */
async function expectPreviewFits(console: Page, parts: string[]) {
  const frame = (await console.locator('.frame').boundingBox())!;
  const found = await console.locator(parts.map((p) => `.frame ${p}`).join(', ')).all();
  expect(found.length).toBeGreaterThanOrEqual(parts.length);
  for (const part of found) {
    const box = (await part.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(frame.x);
    expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
    expect(box.y + box.height).toBeLessThanOrEqual(frame.y + frame.height + 0.5);
  }
}

beforeAll(async () => {
  t = await startApp();
  org = (await organiser(t)).socket;
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const s of [org, ...sockets]) s?.disconnect();
  await browser?.close();
  await t?.close();
});

describe('the projector layout', () => {
  it('during a pitch with the rankings hidden, the other half says what comes up next', async () => {
    // The first pitch, running.
    const firstPitch = t.data().event.agenda.find((i) => i.kind === 'pitch')!;
    await send(org, 'agenda:jump', { itemId: firstPitch.id });
    await send(org, 'timer:start');
    expect(t.data().visibility.mode).toBe('hidden');
    const { context, page } = await newPage(browser, PROJECTOR);
    await page.goto(`${t.url}/screen`);
    const upNext = page.getByRole('complementary', { name: 'Up next' });
    await upNext.waitFor({ timeout: 5000 });
    expect(await upNext.getByText(team(1).name, { exact: true }).isVisible()).toBe(true);
    expect(await upNext.getByText(team(1).project, { exact: true }).isVisible()).toBe(true);
    // What follows it: the pitch after, so the room sees the order.
    expect(await upNext.getByRole('list', { name: 'Later today' }).innerText()).toContain(team(2).name);
    expect(await page.getByRole('region', { name: 'On stage now' }).getByText(team(0).name, { exact: true }).isVisible()).toBe(true);

    for (const viewport of [PROJECTOR, SMALL_PROJECTOR]) {
      const name = `screen-up-next-${viewport.width}x${viewport.height}`;
      await page.setViewportSize(viewport);
      await expectInside(page, 'aside', viewport, name);
      await expectInside(page, '[role=timer]', viewport, name);
      // The countdown stays the biggest thing on the screen.
      const clock = (await page.getByRole('timer').boundingBox())!;
      const title = (await upNext.getByText(team(1).name, { exact: true }).boundingBox())!;
      expect(clock.height, name).toBeGreaterThan(viewport.height / 5);
      expect(clock.height, name).toBeGreaterThan(title.height * 2);
      await screenshot(page, name);
    }
    await context.close();

    const console = await newPage(browser, { width: 1440, height: 900 });
    await console.page.goto(`${t.url}/organiser#${t.organiserToken}`);
    await console.page.locator('.frame .up-next').waitFor();
    await expectPreviewFits(console.page, ['.up-next', '.countdown', '.qr img']);
    await screenshot(console.page, 'screen-up-next-preview');
    await console.context.close();
  });

  it("during the winners' reveal, the reveal takes the whole screen and the countdown steps aside", async () => {
    await send(org, 'scoring:open', { teamId: null });
    for (const i of [0, 1]) sockets.push((await juror(t, i)).socket);
    const marks = (mark: number) => Object.fromEntries(t.data().event.criteria.map((c) => [c.id, mark]));
    for (const [i, mark] of [6, 9, 8].entries()) {
      await send(sockets[0]!, 'score:submit', { opId: `layout-${i}`, teamId: team(i).id, revision: 1, marks: marks(mark), note: '' });
    }

    const { context, page } = await newPage(browser, PROJECTOR);
    await page.goto(`${t.url}/screen`);
    await page.getByRole('timer').waitFor();
    // As the Results tab's "Start the reveal" does.
    await send(org, 'visibility:set', { mode: 'reveal' });
    const reveal = page.getByRole('region', { name: "Winners' reveal" });
    await reveal.waitFor();
    await page.getByRole('timer').waitFor({ state: 'detached' });
    // Third place, then its team; second place, then its team; first place, then the winner.
    for (let step = 0; step < 6; step++) await send(org, 'reveal:next');
    await reveal.locator('.spotlight').filter({ hasText: team(1).name }).waitFor();
    expect(await page.getByRole('timer').count()).toBe(0);
    expect(await page.getByRole('complementary').count()).toBe(0);
    expect(await page.getByRole('heading', { name: /Plastic Pollution/ }).isVisible()).toBe(true);

    for (const viewport of [PROJECTOR, SMALL_PROJECTOR]) {
      const name = `screen-reveal-${viewport.width}x${viewport.height}`;
      await page.setViewportSize(viewport);
      const box = (await reveal.boundingBox())!;
      expect(box.width, name).toBeGreaterThan(viewport.width * 0.8);
      await expectInside(page, '.spotlight', viewport, name);
      await expectInside(page, '.earlier', viewport, name);
      // The winner's name is the biggest text in the room.
      const winner = (await reveal.locator('.spotlight').getByText(team(1).name, { exact: true }).boundingBox())!;
      expect(winner.height, name).toBeGreaterThan(viewport.height / 8);
      await animationsDone(page);
      await screenshot(page, name);
    }
    await context.close();

    const console = await newPage(browser, { width: 1440, height: 900 });
    await console.page.goto(`${t.url}/organiser#${t.organiserToken}`);
    await console.page.locator('.frame .spotlight').waitFor();
    await expectPreviewFits(console.page, ['.spotlight', '.earlier']);
    await animationsDone(console.page);
    await screenshot(console.page, 'screen-reveal-preview');
    await console.context.close();
  });
});
