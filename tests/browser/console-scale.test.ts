// The organiser's console at hackathon size (issue 17): 200 teams in 8 rooms, 60 jurors, every
// juror's score for every team (12,000), heats then a final. The console's first load, its Build tab
// and the jurors' link sheet (60 QR codes) are timed and printed (no timing assertions: the machine
// is shared); what is asserted is that each loads and is usable. Once the heats close, their archive
// (12,000 scores) stays on the server: the console's snapshot names the closed round, and its
// results come on request when the organiser opens them.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { leaderboard } from '../../protocol/ranking.ts';
import type { OrganiserState } from '../../protocol/views.ts';
import { nextEvent, socketFor, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, type DeviceLocale } from '../helpers/browser.ts';
import { sizedData } from '../helpers/sized-event.ts';

let t: TestApp;
let browser: Browser;
const LAPTOP = { width: 1280, height: 900 };
const ROOMS = 8;

function seed(): PodiumData {
  const d = sizedData(200, 60, { scored: true });
  // Team i gets the top mark from its first i mod 61 jurors, the lowest from the others: 61 levels, a few teams on each.
  d.event.teams.forEach((team, i) =>
    d.event.jurors.forEach((juror, j) => {
      d.scores[`${juror.id}:${team.id}`]!.marks = Object.fromEntries(d.event.criteria.map((c) => [c.id, j < i % 61 ? c.max : c.min]));
    }),
  );
  d.event.rooms = Array.from({ length: ROOMS }, (_, i) => ({ id: `room-${i + 1}`, name: i === 0 ? 'Main stage' : `Room ${i + 1}` }));
  let n = 0;
  for (const item of d.event.agenda) if (item.kind === 'pitch') item.roomId = `room-${(n++ % ROOMS) + 1}`;
  d.event.rounds = [
    { id: 'heats', name: 'Heats', kind: 'stage' },
    { id: 'final', name: 'Final', kind: 'stage' },
  ];
  return d;
}

/** The organiser's console connected, with its first state: at this size on a shared machine, more than the helpers' 5 s may pass. */
async function console_(): Promise<{ socket: TestSocket; first: OrganiserState }> {
  const socket = socketFor(t.url, { token: t.organiserToken });
  const first = await nextEvent<OrganiserState>(socket, 'state:organiser', () => true, 60_000);
  return { socket, first };
}

beforeAll(async () => {
  t = await startApp({ seed, rateLimit: false });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Milliseconds from navigation to the Live tab's console drawn (its sections' navigation and the running order). */
async function openLive(locale: DeviceLocale): Promise<{ page: Page; ms: number }> {
  const { page } = await newDevicePage(browser, locale, LAPTOP);
  const started = Date.now();
  await page.goto(`${t.url}/organiser?tab=live#${t.organiserToken}`);
  await page.locator('nav[aria-label] button[aria-current="page"]').waitFor({ timeout: 120_000 });
  await page.locator('main.tab').getByRole('button').first().waitFor({ timeout: 120_000 });
  return { page, ms: Date.now() - started };
}

const SHEET: Record<DeviceLocale, { build: string; open: string; heading: RegExp }> = {
  'en-GB': { build: 'Build', open: 'Juror sheet (QR codes to print)', heading: /Juror links/ },
  'fr-CH': { build: 'Préparation', open: 'Fiche du jury (QR codes à imprimer)', heading: /Liens du jury/ },
};

describe('the console at 200 teams × 60 jurors', () => {
  for (const locale of ['en-GB', 'fr-CH'] as const) {
    it(`loads its Live tab, then Build and the jurors' link sheet (${locale})`, async () => {
      const w = SHEET[locale];
      const { page, ms } = await openLive(locale);
      console.log(`[console-scale] ${locale}: Live tab drawn in ${ms} ms`);
      // Usable: the Build tab lists the 60 jurors, the sheet draws one card each with its QR code.
      let started = Date.now();
      await page.getByRole('navigation').getByRole('button', { name: w.build }).click();
      const jurors = page.locator('section[aria-labelledby="jurors-heading"]');
      await expect.poll(() => jurors.locator('ul.rows > li').count(), { timeout: 60_000 }).toBe(60);
      console.log(`[console-scale] ${locale}: Build tab drawn in ${Date.now() - started} ms`);
      started = Date.now();
      await jurors.getByRole('button', { name: w.open }).click();
      const dialog = page.getByRole('dialog', { name: w.heading });
      await dialog.waitFor();
      await expect.poll(() => dialog.locator('li.card img').count(), { timeout: 60_000 }).toBe(60);
      console.log(`[console-scale] ${locale}: sheet of 60 QR codes drawn in ${Date.now() - started} ms`);
      await screenshot(page, `console-scale-sheet-${locale}`);
      await page.context().close();
    }, 240_000);
  }

  it('sends the console no archive once the heats close; their results come when opened', async () => {
    // The top ten or so: the first cut from the tenth place on that no tie straddles.
    const rows = leaderboard(t.data().event, Object.values(t.data().scores), 0, 'none').overall;
    let n = 10;
    while (n < rows.length && rows[n]!.rank === rows[n - 1]!.rank) n++;
    const org = await console_();
    // Closing archives 12,000 scores in one durable change: under load that takes longer than emitRaw's 2 s.
    const ack = await org.socket.timeout(20_000).emitWithAck('round:close', { roundId: 'heats', choice: { rule: { kind: 'top', n }, ranking: 'raw', settled: {}, wildcards: [] }, keepPanels: false });
    expect(ack).toMatchObject({ ok: true, data: { roundId: 'final' } });
    org.socket.disconnect();
    expect(Object.keys(t.data().roundArchives.heats!.scores)).toHaveLength(12_000);
    // A console connecting now: its snapshot is the final's, without the heats' 12,000 scores.
    const fresh = await console_();
    const snapshot = JSON.stringify(fresh.first);
    console.log(`[console-scale] console snapshot after the heats closed: ${snapshot.length} bytes`);
    expect(snapshot.length).toBeLessThan(1_000_000);
    expect(fresh.first.closedRounds.map((r) => r.id)).toEqual(['heats']);
    fresh.socket.disconnect();
    const { page, ms } = await openLive('en-GB');
    console.log(`[console-scale] en-GB: Live tab drawn in ${ms} ms after the heats closed`);
    await page.getByRole('navigation').getByRole('button', { name: 'Results' }).click();
    const closed = page.locator('section[aria-labelledby="closed-rounds-title"]');
    await closed.waitFor();
    await expect.poll(() => closed.getByRole('list', { name: 'Heats · Raw scores' }).getByRole('listitem').count(), { timeout: 30_000 }).toBe(200);
    await expect.poll(() => closed.getByText('went on').count()).toBe(2 * n);
    await page.context().close();
  }, 240_000);
});
