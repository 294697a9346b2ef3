import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { animationsDone, launchBrowser, newPage, PHONE, PROJECTOR, savedDownload, screenshot, SMALL_PROJECTOR } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let org: TestSocket;
const jurors: TestSocket[] = [];
let op = 0;

const teamId = (name: string) => t.data().event.teams.find((x) => x.name === name)!.id;

/** A juror scores through a real socket, as their phone would. */
async function give(jurorIndex: number, teamName: string, mark: number, revision = 1) {
  const marks = Object.fromEntries(t.data().event.criteria.map((c) => [c.id, mark]));
  const ack = await emitRaw(jurors[jurorIndex]!, 'score:submit', { opId: `browser-op-${++op}`, teamId: teamId(teamName), revision, marks, note: '' });
  expect(ack).toMatchObject({ ok: true });
}

/** The team names on the projector's leaderboard, top first. */
async function boardOrder(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: /^Leaderboard/ }).getByRole('listitem').evaluateAll((items) => items.map((li) => li.getAttribute('data-team') ?? ''));
}

/** Waits until the projector's leaderboard starts with these teams. */
async function waitForTop(page: Page, names: string[]) {
  await page.waitForFunction(
    (expected) => {
      const items = [...document.querySelectorAll('ol[aria-label^="Leaderboard"] > li')].map((li) => li.getAttribute('data-team'));
      return expected.every((name, i) => items[i] === name);
    },
    names,
    { timeout: 5000 },
  );
}

/** Lets the rows finish gliding before a screenshot meant for a person to look at. */
const settle = (page: Page) => animationsDone(page);

beforeAll(async () => {
  t = await startApp();
  org = (await organiser(t)).socket;
  expect(await emitRaw(org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
  for (const i of [0, 1]) jurors.push((await juror(t, i)).socket);
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const s of [org, ...jurors]) s?.disconnect();
  await browser?.close();
  await t?.close();
});

describe('the projector leaderboard', () => {
  it('moves live as jurors score, and shows nothing while hidden', async () => {
    const { context, page } = await newPage(browser, PROJECTOR);
    await page.goto(`${t.url}/screen`);
    await page.getByRole('heading', { name: /Plastic Pollution/ }).waitFor();
    await give(0, 'ecopals', 6);
    expect(await page.getByRole('list', { name: /^Leaderboard/ }).count()).toBe(0);

    expect(await emitRaw(org, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
    await waitForTop(page, ['ecopals']);
    await give(0, 'Tide Turners', 8);
    await waitForTop(page, ['Tide Turners', 'ecopals']);
    await give(1, 'LoopLab', 9);
    await waitForTop(page, ['LoopLab', 'Tide Turners', 'ecopals']);
    const first = page.getByRole('list', { name: /^Leaderboard/ }).getByRole('listitem').first();
    expect(await first.innerText()).toMatch(/LoopLab[\s\S]*9\.0[\s\S]*provisional/i);
    await settle(page);
    await screenshot(page, 'rankings-live-1920');

    await give(1, 'ecopals', 10);
    // ecopals: (6 + 10) / 2 = 8, level with Tide Turners; the demo's Impact tie-breaker is level too,
    // and then the number of jurors puts ecopals (2) ahead of Tide Turners (1).
    await waitForTop(page, ['LoopLab', 'ecopals', 'Tide Turners']);
    // Teams without a score are counted, not ranked.
    expect(await boardOrder(page)).toEqual(['LoopLab', 'ecopals', 'Tide Turners']);
    expect(await page.getByText('3 teams still to be scored').isVisible()).toBe(true);
    await settle(page);
    await page.setViewportSize(SMALL_PROJECTOR);
    await screenshot(page, 'rankings-live-1280');

    // The same leaderboard on an audience phone, in the page's flow.
    const phone = await newPage(browser, PHONE);
    await phone.page.goto(t.url);
    await waitForTop(phone.page, ['LoopLab', 'ecopals', 'Tide Turners']);
    const box = await phone.page.getByRole('list', { name: /^Leaderboard/ }).boundingBox();
    expect(box!.height).toBeGreaterThan(100);
    await phone.page.getByRole('list', { name: /^Leaderboard/ }).scrollIntoViewIfNeeded();
    await screenshot(phone.page, 'rankings-audience-phone');
    await phone.context.close();

    expect(await emitRaw(org, 'leaderboard:focus', { focus: t.data().event.teams[0]!.categoryId })).toMatchObject({ ok: true });
    await page.getByRole('heading', { name: 'Packaging' }).waitFor();
    expect(await boardOrder(page)).toEqual(['ecopals']);
    expect(await emitRaw(org, 'leaderboard:focus', { focus: null })).toMatchObject({ ok: true });

    // Frozen: the room keeps the snapshot, marked with its time, while a juror changes a score.
    expect(await emitRaw(org, 'visibility:set', { mode: 'frozen' })).toMatchObject({ ok: true });
    await page.getByText(/Standings at/).waitFor();
    await give(0, 'Tide Turners', 10, 2);
    await page.getByRole('heading', { name: 'Rankings' }).waitFor();
    expect(await boardOrder(page)).toEqual(['LoopLab', 'ecopals', 'Tide Turners']);
    await screenshot(page, 'rankings-frozen-1280');
    // The juror thinks again: back to 8, so the reveal below starts from the same results.
    await give(0, 'Tide Turners', 8, 3);

    expect(await emitRaw(org, 'visibility:set', { mode: 'hidden' })).toMatchObject({ ok: true });
    await page.getByRole('list', { name: /^Leaderboard/ }).waitFor({ state: 'detached' });
    await context.close();
  });
});

describe("the winners' reveal", () => {
  it('steps from the Results tab, and the projector shows places from last to first', async () => {
    const console = await newPage(browser, { width: 1440, height: 1000 });
    await console.page.goto(`${t.url}/organiser?tab=results#${t.organiserToken}`);
    const screenPage = await newPage(browser, PROJECTOR);
    await screenPage.page.goto(`${t.url}/screen`);
    await screenPage.page.getByRole('heading', { name: /Plastic Pollution/ }).waitFor();

    await console.page.getByRole('button', { name: 'Start the reveal' }).click();
    const reveal = screenPage.page.getByRole('region', { name: "Winners' reveal" });
    await reveal.getByText('And the results are…').waitFor();
    // The console knows what comes next before the room does.
    const coming = console.page.getByRole('status').filter({ hasText: 'Next:' });
    expect(await coming.innerText()).toMatch(/3rd place.*team still hidden.*Tide Turners/);

    const seen: string[] = [];
    const spotlight = reveal.locator('.spotlight');
    const steps = [
      { key: null, expect: /3rd place…/ },
      { key: null, expect: /3rd place\s+Tide Turners/ },
      { key: 'r', expect: /2nd place…/ },
      { key: 'Enter', expect: /2nd place\s+ecopals/ },
      { key: 'r', expect: /1st place…/ },
      { key: 'r', expect: /1st place\s+LoopLab/ },
    ];
    for (const [i, step] of steps.entries()) {
      if (step.key) {
        await console.page.locator('body').click({ position: { x: 5, y: 5 } });
        await console.page.keyboard.press(step.key);
      } else await console.page.getByRole('button', { name: /Next step/ }).click();
      await spotlight.filter({ hasText: step.expect }).waitFor({ timeout: 5000 });
      seen.push((await spotlight.innerText()).replace(/\s+/g, ' ').trim());
      if (i === 2) await screenshot(screenPage.page, 'rankings-reveal-suspense-1920');
    }
    expect(seen[0]).not.toMatch(/Tide Turners/);
    expect(await reveal.getByRole('list', { name: 'Revealed so far' }).innerText()).toMatch(/2nd place[\s\S]*ecopals[\s\S]*3rd place[\s\S]*Tide Turners/);
    await settle(screenPage.page);
    await screenshot(screenPage.page, 'rankings-reveal-winner-1920');
    await screenPage.page.setViewportSize(SMALL_PROJECTOR);
    await screenshot(screenPage.page, 'rankings-reveal-winner-1280');
    // The console's copy of the show follows the projector's by its own message (and the page's next frame).
    await expect.poll(() => console.page.getByRole('status').filter({ hasText: 'Every place has been revealed' }).count()).toBe(1);
    await screenshot(console.page, 'rankings-console-results');

    await console.page.getByRole('button', { name: 'Restart the reveal' }).click();
    await reveal.getByText('And the results are…').waitFor();
    await console.context.close();
    await screenPage.context.close();
  });
});

describe('the results a jury signs', () => {
  it("shows each juror's marks and notes, and downloads the exports with the organiser token", async () => {
    const { context, page } = await newPage(browser, { width: 1440, height: 1000 });
    await page.goto(`${t.url}/organiser?tab=results#${t.organiserToken}`);
    await page.getByText('Marks and notes for ecopals').click();
    const marks = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'vs others' }) }).first();
    const rows = await marks.getByRole('row').allInnerTexts();
    // ecopals: juror 0 gave 6 everywhere, juror 1 gave 10.
    expect(rows.some((r) => r.startsWith(t.data().event.jurors[0]!.name) && /\b6\b[\s\S]*6\.00/.test(r))).toBe(true);
    expect(rows.some((r) => r.startsWith(t.data().event.jurors[1]!.name) && /\b10\b[\s\S]*10\.00/.test(r))).toBe(true);
    await screenshot(page, 'rankings-console-marks');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download Ranking (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('podium-results.csv');
    const path = await savedDownload(file);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path, 'utf8')).toMatch(/rank,tied,team[\s\S]*LoopLab/);
    await context.close();
  });


  it('prints the event, the date, the ranking and lines for signatures', async () => {
    const { context, page } = await newPage(browser, { width: 1240, height: 1754 });
    await page.goto(`${t.url}/organiser?tab=results#${t.organiserToken}`);
    await page.getByRole('button', { name: 'Print results' }).waitFor();
    const sheet = page.getByRole('article', { name: 'Printable results' });
    expect(await sheet.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    await sheet.waitFor({ state: 'visible' });
    expect(await sheet.getByRole('heading', { name: /Plastic Pollution/ }).isVisible()).toBe(true);
    const rows = await sheet.getByRole('row').allInnerTexts();
    expect(rows[1]).toMatch(/^1\s+LoopLab/);
    for (const j of t.data().event.jurors) expect(await sheet.getByText(j.name, { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Print results' }).isVisible()).toBe(false);
    await screenshot(page, 'rankings-print');
    await context.close();
  });
});
