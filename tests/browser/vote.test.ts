// The people's vote in real pages (issue 16): the organiser opens it from the keyboard,
// the projector says so with a QR code and a countdown, a phone votes with one tap and
// reads "counted" only after the acknowledgement, keeps it through a reload, and the
// projector reveals the people's choice once the organiser shows it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app.ts';
import { animationsDone, launchBrowser, newPage, PROJECTOR, screenshot, SMALL_PHONE } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the people’s vote in the pages', () => {
  it('a phone votes, sees "counted", and the projector reveals the people’s choice', async () => {
    const teams = t.data().event.teams;
    const { context: orgContext, page: console_ } = await newPage(browser);
    await console_.goto(`${t.url}/organiser#${t.organiserToken}`);
    const panel = console_.getByTestId('live-vote');
    await panel.waitFor();
    // V opens the vote (with the panel's default duration, 5 minutes).
    await console_.locator('body').click({ position: { x: 5, y: 5 } });
    await console_.keyboard.press('v');
    await expect.poll(() => t.data().peopleVote.status).toBe('open');
    expect(t.data().peopleVote.closesAt! - t.data().peopleVote.openedAt!).toBe(5 * 60_000);

    const { context: screenContext, page: screen } = await newPage(browser, PROJECTOR);
    await screen.goto(`${t.url}/screen`);
    const open = screen.getByTestId('vote-open');
    await open.waitFor();
    expect(await open.innerText()).toMatch(/Vote now for your favourite team/);
    expect(await open.innerText()).toMatch(/Closes in [45]:\d\d/);
    expect(await open.locator('img').count()).toBe(1);
    await screenshot(screen, 'vote-open-projector-en');

    const { context: phoneContext, page: phone } = await newPage(browser, SMALL_PHONE);
    await phone.goto(`${t.url}/`);
    const ballot = phone.getByTestId('ballot');
    await ballot.waitFor();
    const status = phone.getByTestId('vote-status');
    await phone.getByRole('button', { name: `Vote for ${teams[1]!.name}` }).click();
    await expect.poll(() => status.innerText()).toBe(`Your vote for ${teams[1]!.name} is counted.`);
    // Counted means on the server.
    expect(Object.values(t.data().ballots).map((b) => b.teamId)).toEqual([teams[1]!.id]);
    await screenshot(phone, 'vote-ballot-phone-en');
    // Changed: still one ballot, the new team.
    await phone.getByRole('button', { name: `Vote for ${teams[2]!.name}` }).click();
    await expect.poll(() => status.innerText()).toBe(`Your vote for ${teams[2]!.name} is counted.`);
    expect(Object.values(t.data().ballots).map((b) => b.teamId)).toEqual([teams[2]!.id]);
    // A reload keeps the phone's vote (its pass and its ballot).
    await phone.reload();
    await expect.poll(() => status.innerText()).toBe(`Your vote for ${teams[2]!.name} is counted.`);
    expect(await phone.getByRole('button', { name: `Vote for ${teams[2]!.name}` }).getAttribute('aria-pressed')).toBe('true');
    // Nothing of the tally on the phone or the projector while hidden.
    expect(await phone.locator('body').innerText()).not.toMatch(/People’s choice\s+Winner/);
    expect(await screen.getByTestId('peoples-choice').count()).toBe(0);

    // The organiser shows it: the projector gives the award.
    await console_.getByRole('button', { name: 'Show the result to the room' }).click();
    const award = screen.getByTestId('peoples-choice');
    await award.waitFor();
    expect(await screen.getByTestId('people-winner').innerText()).toBe(teams[2]!.name);
    expect(await award.innerText()).toMatch(/100%\s*·\s*1 vote/);
    await animationsDone(screen);
    await screenshot(screen, 'vote-award-projector-en');
    await screenshot(console_, 'vote-console-en');
    await Promise.all([orgContext.close(), screenContext.close(), phoneContext.close()]);
  });

  it('speaks French on a French event: the ballot, the countdown and the award', async () => {
    await t.store.mutate((d) => {
      d.event.settings.language = 'fr';
      d.peopleVote.shown = false;
      d.peopleVote.status = 'open';
      d.peopleVote.closesAt = Date.now() + 90_000;
    });
    t.app.broadcaster.changed({ kind: 'everything' });
    const teams = t.data().event.teams;
    const { context, page: phone } = await newPage(browser, SMALL_PHONE);
    await phone.goto(`${t.url}/`);
    await phone.getByTestId('ballot').waitFor();
    expect(await phone.getByTestId('ballot').innerText()).toMatch(/Clôture dans 1:\d\d/);
    await phone.getByRole('button', { name: `Voter pour ${teams[0]!.name}` }).click();
    await expect.poll(() => phone.getByTestId('vote-status').innerText()).toBe(`Votre vote pour ${teams[0]!.name} est compté.`);
    await screenshot(phone, 'vote-ballot-phone-fr');
    const { context: sc, page: screen } = await newPage(browser, PROJECTOR);
    await screen.goto(`${t.url}/screen`);
    await screen.getByTestId('vote-open').waitFor();
    await screenshot(screen, 'vote-open-projector-fr');
    await t.store.mutate((d) => void (d.peopleVote.shown = true));
    t.app.broadcaster.changed({ kind: 'everything' });
    await screen.getByTestId('peoples-choice').waitFor();
    expect(await screen.getByTestId('peoples-choice').innerText()).toMatch(/Prix du public/i);
    expect(await screen.getByTestId('people-winner').innerText()).toBe(`${teams[0]!.name} · ${teams[2]!.name}`);
    await animationsDone(screen);
    await screenshot(screen, 'vote-award-projector-fr');
    await Promise.all([context.close(), sc.close()]);
  });
});
