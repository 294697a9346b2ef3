// What people see is what counts, in Chromium: the juror's phone shows the total
// the results count, with its scale; the Results tab and the printed sheet say
// how a score is computed, and what they print recomputes to the score; the
// sheet's "printed" time is the time it goes to paper. The issue's event:
// Innovation ×2 (1–10), Faisabilité ×1 (1–5), Pitch ×1 (0–3).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newPage, screenshot, SMALL_PHONE } from '../helpers/browser.ts';
import { ISSUE_MARKS as marks, mixedScalesData } from '../helpers/mixed-scales.ts';

let t: TestApp;
let browser: Browser;

// Five jurors on the first team; averages 8.60 / 4.40 / 2.20 (the issue's sheet).
function seed(): PodiumData {
  const data = mixedScalesData();
  const [first, second] = data.event.teams;
  for (const [i, m] of marks.entries()) {
    const jurorId = data.event.jurors[i]!.id;
    data.scores[`${jurorId}:${first!.id}`] = { jurorId, teamId: first!.id, marks: m, note: '', revision: 1, updatedAt: Date.now() };
  }
  data.scoring[first!.id] = 'closed';
  data.scoring[second!.id] = 'open';
  // The sheet's times read in the event's zone (the device's is UTC below too).
  data.event.settings.timeZone = 'UTC';
  return data;
}

beforeAll(async () => {
  t = await startApp({ seed });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the juror phone', () => {
  it('shows the total the results count, with its scale, and no number before every criterion is marked', async () => {
    const { context, page } = await newPage(browser, SMALL_PHONE);
    const second = t.data().event.teams[1]!;
    await page.goto(`${t.url}/jury/${t.data().event.jurors[0]!.token}`);
    await page.getByRole('button', { name: new RegExp(second.name) }).click();
    await page.getByRole('heading', { name: `Scoring: ${second.name}` }).waitFor();
    const tap = (criterion: string, mark: number) => page.getByRole('radiogroup', { name: criterion }).getByRole('radio', { name: String(mark), exact: true }).click();
    const total = page.locator('.total');
    await tap('Innovation', 8);
    await tap('Faisabilité', 4);
    // One mark to go: no number that could disagree with what will count.
    expect((await total.innerText()).replace(/\s+/g, ' ')).toBe('Total (1 to mark) – / 10');
    await tap('Pitch', 2);
    // By hand: 8 of 1–10 → 7.778, 4 of 1–5 → 7.5, 2 of 0–3 → 6.667 on 0–10; (2 × 7.778 + 7.5 + 6.667) / 4 = 7.43.
    // The old phone averaged raw marks: (16 + 4 + 2) / 4 = 5.5.
    expect((await total.innerText()).replace(/\s+/g, ' ')).toBe('Total 7.43 / 10');
    await screenshot(page, 'results-sheet-phone-360');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'Saved ✓' }).waitFor();
    // The list of teams shows the saved total too.
    expect(await page.getByRole('button', { name: new RegExp(`${second.name}.*Saved · 7\\.43 / 10`) }).isVisible()).toBe(true);
    await context.close();
  });
});

describe('the Results tab and the printed sheet', () => {
  it('say how a score is computed, show each scale and weight, and print numbers that recompute to the score', async () => {
    const { context, page } = await newPage(browser, { width: 1440, height: 900 });
    await page.goto(`${t.url}/organiser?tab=results#${t.organiserToken}`);
    const first = t.data().event.teams[0]!;
    await page.getByRole('columnheader', { name: /Score 0–10/ }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Innovation ×2 · 1–10' }).isVisible()).toBe(true);
    expect(await page.getByRole('columnheader', { name: 'Faisabilité ×1 · 1–5' }).isVisible()).toBe(true);
    await page.getByText('How a score is computed (0–10 scale)').click();
    expect(await page.getByRole('region', { name: /^Results/ }).getByText(/Each mark is first placed on that scale/).isVisible()).toBe(true);
    const row = page.getByRole('row', { name: new RegExp(`^1 ${first.name}`) });
    // By hand: 8.60 of 1–10 → 8.44; 4.40 of 1–5 → 8.50; 2.20 of 0–3 → 7.33; (2 × 8.44 + 8.50 + 7.33) / 4 = 8.18.
    expect((await row.innerText()).replace(/\s+/g, ' ')).toMatch(/8\.18 8\.44 mark 8\.60 8\.50 mark 4\.40 7\.33 mark 2\.20 5\/5/);
    await screenshot(page, 'results-sheet-tab');
    await context.close();
  });

  it('prints the formula and the time of printing, not the time the tab opened', async () => {
    const context = await browser.newContext({ viewport: { width: 1240, height: 1754 }, locale: 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date('2026-12-01T09:05:00Z'));
    await page.goto(`${t.url}/organiser?tab=results#${t.organiserToken}`);
    await page.getByRole('button', { name: 'Print results' }).waitFor();
    // The sheet stays open all afternoon; it is printed at 17:42.
    await page.clock.setFixedTime(new Date('2026-12-01T17:42:00Z'));
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const sheet = page.getByRole('article', { name: 'Printable results' });
    await sheet.waitFor({ state: 'visible' });
    const text = (await sheet.innerText()).replace(/\s+/g, ' ');
    // The date as the sheet's header writes it (long), the time in the event's zone (UTC).
    expect(text).toContain('printed 1 December 2026, 17:42');
    expect(text).not.toContain('09:05');
    expect(text).toContain('Score (0–10)');
    expect(text).toContain('Innovation weight 2 · marks 1–10');
    expect(text).toContain('Scores are on a 0–10 scale. Each mark is first placed on that scale');
    expect(text).toContain("A juror's score = (2 × Innovation + 1 × Faisabilité + 1 × Pitch) ÷ 4");
    const first = t.data().event.teams[0]!;
    const printed = (await sheet.getByRole('row', { name: new RegExp(first.name) }).innerText()).replace(/\s+/g, ' ');
    const numbers = printed.match(/(\d+\.\d\d) (\d+\.\d\d) mark \d+\.\d\d (\d+\.\d\d) mark \d+\.\d\d (\d+\.\d\d) mark/)!;
    expect(numbers, printed).not.toBeNull();
    const [score, inno, feas, pitch] = numbers.slice(1).map(Number);
    expect(score).toBe(8.18);
    // What the sheet prints recomputes to what it prints (to its rounding).
    expect(Math.abs((2 * inno! + feas! + pitch!) / 4 - score!)).toBeLessThan(0.01);
    await screenshot(page, 'results-sheet-print');
    await context.close();
  });
});
