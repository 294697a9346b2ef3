// In a real browser: every page works under the Content-Security-Policy with no
// violation, the organiser console cannot be framed, and hostile names, notes and
// messages are shown as text, never run as HTML.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey } from '../../protocol/model.ts';
import * as agenda from '../../server/domain/agenda.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newPage, PHONE, screenshot } from '../helpers/browser.ts';

const HOSTILE = '<img src=x onerror=window.__pwned=1>';
const HOSTILE_NOTE = '<script>window.__pwned=2</script>';
const HOSTILE_MESSAGE = '"><svg onload=window.__pwned=3>';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startApp();
  // Hostile text everywhere a person can type it, and the hostile team on stage with its scoring open.
  await t.store.mutate((d) => {
    const team = d.event.teams[0]!;
    team.name = HOSTILE;
    team.project = HOSTILE_MESSAGE;
    team.members = [HOSTILE_NOTE];
    d.event.categories[0]!.name = `${HOSTILE} category`;
    d.event.criteria[0]!.question = HOSTILE_NOTE;
    d.event.jurors[1]!.name = HOSTILE_MESSAGE;
    d.event.settings.name = `Award ${HOSTILE}`;
    const now = Date.now();
    agenda.jump(d, d.event.agenda.find((i) => i.kind === 'pitch' && i.teamId === team.id)!.id, now);
    agenda.startTimer(d, now);
    d.scoring[team.id] = 'open';
    d.live.message = { text: HOSTILE_MESSAGE, flash: false, at: now };
    const juror = d.event.jurors[0]!;
    const marks = Object.fromEntries(d.event.criteria.map((c) => [c.id, 8]));
    d.scores[scoreKey(juror.id, team.id)] = { jurorId: juror.id, teamId: team.id, marks, note: HOSTILE_NOTE, revision: 1, updatedAt: now };
    d.visibility.mode = 'live';
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Opens a page, recording every CSP violation (console and DOM event) and page error. */
async function open(path: string, viewport = { width: 1280, height: 800 }) {
  const { context, page } = await newPage(browser, viewport);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
    });
  });
  await page.goto(t.url + path);
  return { context, page, problems };
}

/** Judges the page once the late renders it shows (leaderboard, stage message) are there: `ready`. */
async function assertSafe(page: Page, problems: string[], ...ready: Locator[]) {
  for (const part of ready) await part.first().waitFor();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
  expect(await page.locator('img[src="x"], svg[onload], script:not([src])').count()).toBe(0);
  expect(problems).toEqual([]);
}

/** The leaderboard with the hostile team in it: the last part of a public page to render. */
const rankings = (page: Page) => page.locator('[aria-label="Rankings"]').getByText(HOSTILE);

describe('hostile text is shown as text', () => {
  it('on the projector screen', async () => {
    const { context, page, problems } = await open('/screen');
    await page.getByText(HOSTILE, { exact: true }).first().waitFor();
    expect(await page.getByText(HOSTILE, { exact: true }).first().isVisible()).toBe(true);
    await screenshot(page, 'security-screen-hostile');
    await assertSafe(page, problems, rankings(page));
    await context.close();
  });

  it('on the audience page and the stage monitor', async () => {
    for (const [path, text, late] of [
      ['/', HOSTILE, rankings],
      ['/stage', HOSTILE_MESSAGE, (page: Page) => page.getByRole('status', { name: 'Message from the organiser' }).getByText(HOSTILE_MESSAGE)],
    ] as const) {
      const { context, page, problems } = await open(path, PHONE);
      await page.getByText(text).first().waitFor();
      expect(await page.getByText(text).first().isVisible(), path).toBe(true);
      await assertSafe(page, problems, late(page));
      await context.close();
    }
  });

  it('on the juror page, with the juror’s own hostile note', async () => {
    const juror = t.data().event.jurors[0]!;
    const { context, page, problems } = await open(`/jury/${juror.token}`, PHONE);
    await page.getByText(HOSTILE).first().waitFor();
    expect(await page.getByText(HOSTILE).first().isVisible()).toBe(true);
    await screenshot(page, 'security-jury-hostile');
    await assertSafe(page, problems);
    await context.close();
  });

  it('in the organiser console, on every tab', async () => {
    const { context, page, problems } = await open(`/organiser#${t.organiserToken}`);
    await page.getByText(HOSTILE).first().waitFor();
    await screenshot(page, 'security-organiser-hostile');
    const tabs = await page.getByRole('navigation', { name: 'Console sections' }).getByRole('button').all();
    expect(tabs.length).toBeGreaterThanOrEqual(4);
    for (const tab of tabs) {
      await tab.click();
      await page.getByText(HOSTILE).first().waitFor();
      expect(await page.getByText(HOSTILE).first().isVisible(), await tab.innerText()).toBe(true);
      await assertSafe(page, problems);
    }
    await context.close();
  });
});

describe('the organiser console', () => {
  it('cannot be framed by another page', async () => {
    const { context, page } = await newPage(browser);
    const blocked: string[] = [];
    page.on('console', (m) => blocked.push(m.text()));
    await page.goto(`${t.url}/healthz`);
    const refusedFrame = /frame-ancestors|X-Frame-Options|refused to connect|Refused to display/i;
    const refusal = page.waitForEvent('console', { predicate: (m) => refusedFrame.test(m.text()) });
    await page.setContent(`<iframe id="f" src="${t.url}/organiser#${t.organiserToken}" width="800" height="600"></iframe>`);
    await refusal;
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const content = frame ? await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
    expect(content).not.toMatch(/Plastic|organiser|Podium/i);
    expect(blocked.join('\n')).toMatch(refusedFrame);
    await context.close();
  });
});
