// The organiser's console as an organiser uses it: keys on Swiss and French
// keyboards, the one confirmation dialog, decimal commas, the reconnecting
// mark, a new event, and the Build tab's layout at laptop widths.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, screenshot } from '../helpers/browser.ts';

const LAPTOP = { width: 1440, height: 900 };
const SMALL_LAPTOP = { width: 1280, height: 720 };

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

/** A fresh demo event and its console; native dialogs (window.confirm) are recorded, and must never appear. */
async function console_(viewport = LAPTOP, tab = 'live', before?: (page: Page, t: TestApp) => Promise<unknown>) {
  const t = await startApp();
  apps.push(t);
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-GB' });
  contexts.push(context);
  const page = await context.newPage();
  // A step that cannot happen fails naming its locator, well before the test's own time limit.
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  const nativeDialogs: string[] = [];
  page.on('dialog', (d) => {
    nativeDialogs.push(d.message());
    void d.dismiss();
  });
  await before?.(page, t);
  await page.goto(`${t.url}/organiser?tab=${tab}#${t.organiserToken}`);
  await page.getByRole('navigation', { name: 'Console sections' }).waitFor();
  return { t, page, nativeDialogs };
}

/** Waits until `read` returns `expected` (the server applies a change after the page sends it). */
async function until<T>(read: () => T, expected: T, timeout = 5000): Promise<void> {
  await expect.poll(read, { timeout }).toEqual(expected);
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b, 'element is laid out').not.toBeNull();
  return b!;
}

/** How many times a column heading is printed in a section; screen-reader labels (1 px, clipped) do not count. */
const printed = (page: Page, section: RegExp, label: string) =>
  page.getByRole('region', { name: section }).evaluate(
    (el, label) => [...el.querySelectorAll('span, label')].filter((e) => e.textContent?.trim() === label && e.getBoundingClientRect().width > 2).length,
    label,
  );

describe('live keys on each keyboard layout', () => {
  it('+ and − change the clock by 30 s and ↑ ↓ by a minute, from US, Swiss, German and French keyboards', async () => {
    const { t, page } = await console_();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await until(() => t.data().live.timer.status, 'paused');
    const remaining = () => t.data().live.timer.remainingMs;
    let expected = remaining();

    /** A key press exactly as that layout's browser reports it. */
    const press = (key: string, code: string, shiftKey = false) =>
      page.evaluate(([key, code, shiftKey]) => {
        for (const type of ['keydown', 'keyup']) {
          document.body.dispatchEvent(new KeyboardEvent(type, { key, code, shiftKey: shiftKey === 'shift', bubbles: true, cancelable: true }));
        }
      }, [key, code, shiftKey ? 'shift' : ''] as const);
    const presses: [string, () => Promise<unknown>, number][] = [
      ['Swiss QWERTZ + (Shift and 1)', () => press('+', 'Digit1', true), 30_000],
      ['French AZERTY + (Shift and =)', () => press('+', 'Equal', true), 30_000],
      ['French AZERTY =', () => press('=', 'Equal'), 30_000],
      ['German QWERTZ + (its own key)', () => press('+', 'BracketRight'), 30_000],
      ['French AZERTY - (the 6 key)', () => press('-', 'Digit6'), -30_000],
      ['Swiss QWERTZ - (right of .)', () => press('-', 'Slash'), -30_000],
      ['US QWERTY + (Shift and =, real key events)', () => page.keyboard.press('Shift+Equal'), 30_000],
      ['US QWERTY - (real key events)', () => page.keyboard.press('Minus'), -30_000],
      ['numpad + (real key events)', () => page.keyboard.press('NumpadAdd'), 30_000],
      ['↑ (real key events)', () => page.keyboard.press('ArrowUp'), 60_000],
      ['↓ with Shift (real key events)', () => page.keyboard.press('Shift+ArrowDown'), -60_000],
    ];
    for (const [name, go, delta] of presses) {
      await go();
      expected += delta;
      await expect.poll(remaining, { message: name, timeout: 5000 }).toBe(expected);
    }

    // Keys that look like − or + on a US keyboard but are other characters elsewhere change nothing:
    // AZERTY ) and °, Swiss ', German ß and the dead keys all sit where US has - and =.
    await press(')', 'Minus');
    await press('°', 'Minus', true);
    await press("'", 'Minus');
    await press('ß', 'Minus');
    await press('Dead', 'Equal');
    // A last real + shows that every earlier press was handled: only its 30 s is added.
    await press('+', 'Digit1', true);
    expected += 30_000;
    await expect.poll(remaining, { timeout: 5000 }).toBe(expected);

    // The help says the same.
    const help = page.getByRole('region', { name: 'Keyboard' });
    await expect.poll(() => help.innerText()).toMatch(/\+\s*or\s*=\s*Add 30 seconds/);
    await expect.poll(() => help.innerText()).toMatch(/↑\s*Add a minute/);
  });
});

describe('the one confirmation dialog', () => {
  /** Juror 1 has scored team 1, and scoring is open for two teams. */
  function scored(t: TestApp) {
    return t.store.mutate((d: PodiumData) => {
      const [juror, team, other] = [d.event.jurors[0]!, d.event.teams[0]!, d.event.teams[1]!];
      const marks = Object.fromEntries(d.event.criteria.map((c) => [c.id, 8]));
      d.scores[scoreKey(juror.id, team.id)] = { jurorId: juror.id, teamId: team.id, marks, note: '', revision: 1, updatedAt: Date.now() };
      d.scoring[team.id] = 'open';
      d.scoring[other.id] = 'open';
    });
  }

  it('guards a conflict of interest on a team already scored, and Close all: cancel changes nothing, confirm does it', async () => {
    const { t, page, nativeDialogs } = await console_(LAPTOP, 'scoring', (_page, t) => scored(t));
    const [juror, team] = [t.data().event.jurors[0]!, t.data().event.teams[0]!];
    const box = page.getByRole('checkbox', { name: `Conflict of interest: ${juror.name} with ${team.name}` });
    await expect.poll(() => page.getByText('✓ v1').count()).toBe(1);

    const dialog = page.getByRole('dialog', { name: `Set a conflict of interest for ${juror.name} with ${team.name}?` });
    await box.check({ force: true }).catch(() => undefined);
    await dialog.waitFor();
    await screenshot(page, 'console-conflict-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await box.isChecked()).toBe(false);
    expect(t.data().event.jurors[0]!.conflicts).toEqual([]);

    await box.click();
    await dialog.getByRole('button', { name: 'Set conflict' }).click();
    await until(() => t.data().event.jurors[0]!.conflicts, [team.id]);
    expect(await box.isChecked()).toBe(true);

    // Clearing it again takes nothing away: no question asked.
    await box.click();
    await until(() => t.data().event.jurors[0]!.conflicts, []);
    expect(await page.getByRole('dialog').count()).toBe(0);

    const closeAll = page.getByRole('dialog', { name: 'Close scoring for all 2 open teams?' });
    await page.getByRole('button', { name: 'Close all' }).click();
    await closeAll.waitFor();
    await page.keyboard.press('Escape');
    await closeAll.waitFor({ state: 'hidden' });
    expect(Object.values(t.data().scoring).filter((w) => w === 'open')).toHaveLength(2);
    await page.getByRole('button', { name: 'Close all' }).click();
    await closeAll.getByRole('button', { name: 'Close all' }).click();
    await until(() => Object.values(t.data().scoring).filter((w) => w === 'open').length, 0);

    expect(nativeDialogs).toEqual([]);
  });

  it('replaces window.confirm in the Build tab (removing a team)', async () => {
    const { t, page, nativeDialogs } = await console_(LAPTOP, 'build');
    const team = t.data().event.teams[5]!;
    const dialog = page.getByRole('dialog', { name: `Remove the team ${team.name}?` });
    await page.getByRole('button', { name: `Remove team ${team.name}` }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(t.data().event.teams.some((x) => x.id === team.id)).toBe(true);
    await page.getByRole('button', { name: `Remove team ${team.name}` }).click();
    await dialog.getByRole('button', { name: 'Remove team' }).click();
    await until(() => t.data().event.teams.some((x) => x.id === team.id), false);
    expect(nativeDialogs).toEqual([]);
  });
});

describe('numbers in the Build tab', () => {
  it('reads a decimal comma as a decimal, and refuses what is not one number', async () => {
    const { t, page } = await console_(LAPTOP, 'build');
    const add = page.getByRole('form', { name: 'Add a criterion' });
    await add.getByRole('textbox', { name: 'Name of the new criterion' }).fill('Clarté ✨');
    await add.getByRole('textbox', { name: 'Weight of the new criterion' }).fill('1,5');
    await add.getByRole('button', { name: 'Add criterion' }).click();
    await until(() => t.data().event.criteria.find((c) => c.name === 'Clarté ✨')?.weight, 1.5);

    const count = t.data().event.criteria.length;
    await add.getByRole('textbox', { name: 'Name of the new criterion' }).fill('Faisabilité');
    await add.getByRole('textbox', { name: 'Weight of the new criterion' }).fill('1,5,5');
    await add.getByRole('button', { name: 'Add criterion' }).click();
    const section = page.getByRole('region', { name: /Criteria/ });
    await expect.poll(() => section.getByRole('alert').innerText()).toMatch(/“1,5,5” is not a number for the weight of the new criterion/);
    expect(t.data().event.criteria).toHaveLength(count);

    // An existing criterion, edited with a comma.
    const impact = t.data().event.criteria[0]!;
    await page.getByRole('textbox', { name: `Weight of ${impact.name}` }).fill('2,5');
    await page.getByRole('textbox', { name: `Weight of ${impact.name}` }).press('Enter');
    await until(() => t.data().event.criteria[0]!.weight, 2.5);

    // A session's length in minutes: "1,5" is a minute and a half, not 15 minutes.
    const session = page.getByRole('form', { name: 'Add a session' });
    await session.getByRole('textbox', { name: 'Title' }).fill('Pause café');
    await session.getByRole('textbox', { name: 'Duration (m:ss or min)' }).fill('1,5');
    await session.getByRole('button', { name: 'Add session' }).click();
    await until(() => t.data().event.agenda.find((i) => i.kind === 'session' && i.title === 'Pause café')?.phases[0]!.durationMs, 90_000);
    // The title empties once the page has its acknowledgement: typing the next one before that lost it.
    await expect.poll(() => session.getByRole('textbox', { name: 'Title' }).inputValue()).toBe('');
    await session.getByRole('textbox', { name: 'Title' }).fill('Rien');
    await session.getByRole('textbox', { name: 'Duration (m:ss or min)' }).fill('abc');
    await session.getByRole('button', { name: 'Add session' }).click();
    await expect.poll(() => page.getByText('"abc" is not a duration: write 4:30, 4 mins 30 secs or minutes (4.5).').count()).toBe(1);
    expect(t.data().event.agenda.some((i) => i.kind === 'session' && i.title === 'Rien')).toBe(false);
  });
});

describe('the Build tab layout', () => {
  for (const viewport of [LAPTOP, SMALL_LAPTOP]) {
    it(`at ${viewport.width}×${viewport.height}: no duration field under a row's buttons; criteria headings once`, async () => {
      const { t, page } = await console_(viewport, 'build');
      const rows = page.getByRole('region', { name: /Agenda/ }).getByRole('listitem');
      const pitches = t.data().event.agenda.filter((i) => i.kind === 'pitch').length;
      expect(pitches).toBeGreaterThan(0);
      let checked = 0;
      for (const row of await rows.all()) {
        const fields = row.getByRole('textbox', { name: /duration of/ });
        const buttons = [row.getByRole('button', { name: 'Save' }), row.getByRole('button', { name: /^Remove / })];
        for (const field of await fields.all()) {
          for (const button of buttons) expect(overlaps(await box(field), await box(button)), `${await field.getAttribute('aria-label')}`).toBe(false);
          checked++;
        }
      }
      expect(checked).toBe(pitches * 2 + (t.data().event.agenda.length - pitches));
      await page.getByRole('heading', { name: /Agenda/ }).scrollIntoViewIfNeeded();
      await screenshot(page, `console-build-agenda-${viewport.width}`);

      for (const heading of ['Name', 'Weight', 'From', 'To', 'Question to jurors']) expect(await printed(page, /Criteria/, heading), heading).toBe(1);
    });
  }
});

describe('losing the connection', () => {
  it('the mark covers no tab at 1280×720 or 1440×900, and "Offline: not sent." goes once back online', async () => {
    let offline = false;
    const routes = new Set<WebSocketRoute>();
    // The page's socket runs through these routes, so the test can cut it; new ones fail as on a
    // lost network (the context offline: the page's WebSocket errors at once and socket.io retries
    // after its back-off; a route that closed a new socket instead left it waiting out socket.io's
    // 20 s connection timeout). The page's clock is Playwright's, running at its own pace, so the
    // test can skip the time the page waits out (the request's 8 s, the back-off's 3 s at most).
    const { page } = await console_(SMALL_LAPTOP, 'live', async (p) => {
      await p.clock.install();
      await p.routeWebSocket(/\/socket\.io\//, (ws) => {
        ws.connectToServer();
        routes.add(ws);
      });
      await p.route(/\/socket\.io\/.*transport=polling/, (route) => (offline ? route.abort() : route.continue()));
    });
    await page.getByRole('button', { name: 'Start', exact: true }).waitFor();

    offline = true;
    await page.context().setOffline(true);
    for (const ws of routes) await ws.close();
    const mark = page.getByRole('status').filter({ hasText: 'Reconnecting…' });
    await mark.waitFor();
    for (const viewport of [SMALL_LAPTOP, LAPTOP]) {
      await page.setViewportSize(viewport);
      const markBox = await box(mark);
      expect(markBox.x + markBox.width).toBeLessThanOrEqual(viewport.width);
      expect(markBox.y + markBox.height).toBeLessThanOrEqual(viewport.height);
      const nav = page.getByRole('navigation', { name: 'Console sections' });
      for (const name of ['Live', 'Build', 'Scoring', 'Results']) {
        expect(overlaps(markBox, await box(nav.getByRole('button', { name }))), `covers ${name} at ${viewport.width}`).toBe(false);
      }
      expect(overlaps(markBox, await box(page.getByRole('heading', { level: 1 })))).toBe(false);
      await screenshot(page, `console-reconnecting-${viewport.width}`);
    }

    await page.getByRole('button', { name: 'Add 30 seconds' }).click();
    const notice = page.getByRole('alert').filter({ hasText: 'Offline: not sent.' });
    // The request's time limit (8 s in client/src/lib/socket.ts), at once.
    await page.clock.fastForward(8_000);
    await notice.waitFor({ timeout: 15_000 });

    offline = false;
    await page.context().setOffline(false);
    // socket.io's next attempt (its back-off is 3 s at most), at once.
    await page.clock.fastForward(3_000);
    await mark.waitFor({ state: 'hidden', timeout: 40_000 });
    await notice.waitFor({ state: 'hidden', timeout: 5_000 });
  }, 90_000);
});

describe('a new event', () => {
  it('blank (after a confirmation, with a backup in the data folder), then from the demo', async () => {
    const { t, page, nativeDialogs } = await console_(LAPTOP, 'build');
    const before = JSON.parse(JSON.stringify(t.data())) as PodiumData;
    const dialog = page.getByRole('dialog', { name: 'Start a new blank event?' });
    await page.getByRole('button', { name: 'New blank event' }).click();
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('6 teams, 4 jurors, 0 scores');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(t.data().event).toEqual(before.event);

    await page.getByRole('button', { name: 'New blank event' }).click();
    await dialog.getByRole('button', { name: 'Start a blank event' }).click();
    const told = page.getByRole('status').filter({ hasText: 'The previous event was saved to' });
    await told.waitFor();
    const path = /saved to (\S+\.json)/.exec(await told.innerText())![1]!;
    expect(path.startsWith(t.dir)).toBe(true);
    expect((JSON.parse(readFileSync(path, 'utf8')) as PodiumData).event).toEqual(before.event);

    await page.getByRole('heading', { level: 1, name: 'New event' }).waitFor();
    for (const section of ['Categories', 'Criteria', 'Teams', 'Jurors', 'Agenda']) {
      await page.getByRole('heading', { name: `${section} (0)` }).waitFor();
    }
    // No stray space before the full stop when the agenda is empty.
    const hint = await page.getByRole('region', { name: /Agenda/ }).getByText(/^Starts /).innerText();
    expect(hint).toMatch(/at \d\d:\d\d\. Type durations/);
    expect(t.data().organiserToken).toBe(before.organiserToken);
    // With no rows, the column headings are on the add forms only.
    for (const heading of ['Weight', 'Question to jurors']) expect(await printed(page, /Criteria/, heading), heading).toBe(1);
    for (const heading of ['Project', 'Category']) expect(await printed(page, /Teams/, heading), heading).toBe(1);
    await screenshot(page, 'console-new-blank-event');

    await page.getByRole('button', { name: 'Start from the demo' }).click();
    await page.getByRole('dialog', { name: 'Start again from the demo event?' }).getByRole('button', { name: 'Start from the demo' }).click();
    await page.getByRole('heading', { name: 'Teams (6)' }).waitFor();
    expect(t.data().event.teams[0]!.name).toBe('ecopals');
    expect(nativeDialogs).toEqual([]);
  });
});
