// A pitch that runs over moves every time that follows it, on every screen, though
// nothing changes on the server and no state is sent: each page moves the times on
// with its own estimate of the server's clock. The server's clock here is the real
// one plus a shift the test controls; the pages learn of the shift by their pings,
// as they would of time passing: from three pings, two to five seconds apart, hence
// the long waits (for a condition, never a fixed sleep).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicState } from '../../protocol/views.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, nextEvent, organiser, screen, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { launchBrowser, newPage, PROJECTOR, screenshot, SMALL_PHONE } from '../helpers/browser.ts';

const MIN = 60_000;
let t: TestApp;
let browser: Browser;
const sockets: TestSocket[] = [];
const clock = { shift: 0, now: () => Date.now() + clock.shift };

/**
 * "16:10": every page shows the event's time of day, 24-hour, whatever the browser's own
 * locale (protocol/format.ts). The demo event's zone is this machine's, so the test's clock reads it.
 */
/** "9 mins", "1 min": a whole number of minutes as the console (en-GB units) writes it. */
const minutes = (ms: number) => {
  const n = Math.round(ms / MIN);
  return `${n} ${n === 1 ? 'min' : 'mins'}`;
};
const timeOfDay = async (_page: Page, epochMs: number) => {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

let firstPitchTitle: string;
beforeAll(async () => {
  const seed = demoData();
  const agenda = seed.event.agenda;
  const pitchIndex = agenda.findIndex((i) => i.kind === 'pitch');
  const before = agenda.slice(0, pitchIndex).reduce((sum, i) => sum + i.phases.reduce((s, p) => s + p.durationMs, 0), 0);
  // The first pitch starts about 20 minutes late (planned times on whole minutes, as people set them).
  seed.event.settings.startsAt = Math.floor((clock.now() - before - 20 * MIN) / MIN) * MIN;
  seed.event.settings.autoAdvanceToRecap = false;
  const pitch = agenda[pitchIndex]!;
  firstPitchTitle = seed.event.teams.find((x) => pitch.kind === 'pitch' && x.id === pitch.teamId)!.name;
  t = await startApp({ seed: () => seed, clock, heartbeatMs: 1000 });
  const org = (await organiser(t)).socket;
  sockets.push(org);
  expect(await emitRaw(org, 'agenda:jump', { itemId: pitch.id })).toMatchObject({ ok: true });
  expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await browser?.close();
  await t?.close();
});

describe('a pitch running over, then paused, with nothing else happening', () => {
  it('moves the projector\'s "Up next" time, the audience\'s and the console\'s lateness later by the overrun, then by the pause', async () => {
    const pub = await screen(t);
    sockets.push(pub.socket);
    const sent: PublicState = pub.first;
    expect(sent.now.item?.title).toBe(firstPitchTitle);
    const nextAt = sent.now.next!.projectedStart;
    const org = await organiser(t);
    sockets.push(org.socket);
    const lateBefore = org.first.drift.lateMs;

    const projector = await newPage(browser, PROJECTOR);
    await projector.page.goto(`${t.url}/screen`);
    const upNext = projector.page.getByRole('complementary', { name: 'Up next' });
    await upNext.getByText(await timeOfDay(projector.page, nextAt), { exact: true }).waitFor({ timeout: 5000 });
    await upNext.getByText(sent.now.next!.title, { exact: true }).waitFor({ timeout: 5000 });

    const phone = await newPage(browser, SMALL_PHONE);
    await phone.page.goto(t.url);
    const phoneNext = phone.page.getByRole('region', { name: 'Up next' });
    await phoneNext.getByText(await timeOfDay(phone.page, nextAt)).waitFor({ timeout: 5000 });

    const consolePage = await newPage(browser, { width: 1440, height: 900 });
    await consolePage.page.goto(`${t.url}/organiser#${t.organiserToken}`);
    const pace = consolePage.page.getByRole('status').filter({ hasText: 'Running' });
    await pace.getByText(`Running ${minutes(lateBefore)} late`).waitFor({ timeout: 5000 });

    // From here on the server changes nothing and sends no state: only its clock moves on.
    let statesSent = 0;
    pub.socket.on('state:public', () => statesSent++);
    const endsAt = t.data().live.timer.endsAt!;
    // Past 0:00 by a little over 3 minutes, so that the new time lands 5 s into its minute:
    // the check below has most of a minute before the time on screen turns again.
    const overrun = 3 * MIN + ((((5_000 - (nextAt + 3 * MIN)) % MIN) + MIN) % MIN);
    clock.shift += endsAt + overrun - clock.now();

    const later = await timeOfDay(projector.page, nextAt + overrun);
    expect(later).not.toBe(await timeOfDay(projector.page, nextAt));
    await upNext.getByText(later, { exact: true }).waitFor({ timeout: 40_000 });
    await phoneNext.getByText(later).waitFor({ timeout: 40_000 });
    await pace.getByText(`Running ${minutes(lateBefore + overrun)} late`).waitFor({ timeout: 40_000 });
    // The item after next, in the projector's "Later" list, moved as much.
    const third = sent.agenda[sent.now.itemIndex + 2]!;
    const laterList = projector.page.getByRole('list', { name: 'Later today' });
    expect(await laterList.getByRole('listitem').filter({ hasText: third.title }).innerText()).toContain(
      await timeOfDay(projector.page, third.projectedStart + overrun),
    );
    expect(statesSent).toBe(0);
    await screenshot(projector.page, 'screen-up-next-after-overrun');
    await screenshot(phone.page, 'audience-up-next-after-overrun');

    // Paused: what follows waits as long as the pause lasts, again with nothing sent meanwhile.
    const paused = nextEvent<PublicState>(pub.socket, 'state:public', (s) => s.seq > sent.seq);
    expect(await emitRaw(org.socket, 'timer:pause', {})).toMatchObject({ ok: true });
    const atPause = (await paused).now.next!.projectedStart;
    statesSent = 0;
    const pause = 2 * MIN + ((((5_000 - (atPause + 2 * MIN)) % MIN) + MIN) % MIN);
    clock.shift += pause;
    const afterPause = await timeOfDay(projector.page, atPause + pause);
    await upNext.getByText(afterPause, { exact: true }).waitFor({ timeout: 40_000 });
    await phoneNext.getByText(afterPause).waitFor({ timeout: 40_000 });
    expect(statesSent).toBe(0);
    for (const p of [projector, phone, consolePage]) await p.context.close();
  }, 120_000);
});
