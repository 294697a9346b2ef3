// The people's vote in real pages (issue 16): the organiser opens it from the keyboard,
// the projector says so with a QR code and a countdown, a phone votes with one tap and
// reads "counted" only after the acknowledgement, keeps it through a reload, and the
// projector reveals the people's choice once the organiser shows it, or gives it as its
// own award in the winners' reveal; the console prints the ticket codes, one QR code each,
// and says so when an export fails.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey } from '../../protocol/model.ts';
import { emitRaw, organiser, startApp, type TestApp } from '../helpers/app.ts';
import { animationsDone, launchBrowser, newDevicePage, newPage, PROJECTOR, screenshot, SMALL_PHONE } from '../helpers/browser.ts';

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

  it('gives the people’s choice as its own award in the winners’ reveal, before the jury’s places, ties as ties, in English and French', async () => {
    const teams = t.data().event.teams;
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const ballot = (i: number) => ({ teamId: teams[i]!.id, revision: 1, at: Date.now(), address: '127.0.0.1' });
    // A closed vote: two phones for the second team, one for the first; the tally never shown to the room.
    await t.store.mutate((d) => {
      d.event.settings.language = 'en';
      Object.assign(d.peopleVote, { status: 'closed', closesAt: null, closedAt: Date.now(), shown: false, inReveal: false, ticketMode: false });
      for (const key of Object.keys(d.ballots)) delete d.ballots[key];
      d.ballots['phone-a'] = ballot(1);
      d.ballots['phone-b'] = ballot(1);
      d.ballots['phone-c'] = ballot(0);
      // The jury's scores for three teams: the first team first, the third last.
      teams.slice(0, 3).forEach((team, i) => {
        for (const juror of d.event.jurors) {
          const marks = Object.fromEntries(d.event.criteria.map((c) => [c.id, Math.max(c.min, c.max - i)]));
          d.scores[scoreKey(juror.id, team.id)] = { jurorId: juror.id, teamId: team.id, marks, note: '', revision: 1, updatedAt: Date.now() };
        }
      });
    });
    t.app.broadcaster.changed({ kind: 'everything' });

    // The organiser puts it in the reveal from the Live tab: audited.
    const { context: orgContext, page: console_ } = await newPage(browser);
    await console_.goto(`${t.url}/organiser#${t.organiserToken}`);
    await console_.getByRole('checkbox', { name: /its own award in the winners’ reveal/ }).check();
    await expect.poll(() => t.data().peopleVote.inReveal).toBe(true);
    expect(t.data().audit.at(-1)!.detail).toBe('people’s vote: its own award in the winners’ reveal');
    await orgContext.close();

    const org = (await organiser(t)).socket;
    const step = async () => expect(await emitRaw(org, 'reveal:next', {})).toMatchObject({ ok: true });
    const { context: sc, page: screen } = await newPage(browser, PROJECTOR);
    await screen.goto(`${t.url}/screen`);
    expect(await emitRaw(org, 'visibility:set', { mode: 'reveal' })).toMatchObject({ ok: true });
    const spotlight = screen.locator('.reveal .spotlight');
    await spotlight.getByText('And the results are…').waitFor();
    await step();
    await spotlight.filter({ hasText: /People’s choice…/ }).waitFor();
    expect(await spotlight.innerText()).not.toContain(teams[1]!.name);
    await step();
    await spotlight.filter({ hasText: teams[1]!.name }).waitFor();
    expect((await spotlight.innerText()).replace(/\s+/g, ' ')).toMatch(new RegExp(`People’s choice ?${esc(teams[1]!.name)}( .*)? ?67% · 2 votes`, 'i'));
    await animationsDone(screen);
    await screenshot(screen, 'vote-reveal-award-en');
    // Then the jury's places, last first; the award stays among the places revealed.
    await step();
    await spotlight.filter({ hasText: /3rd place…/i }).waitFor();
    expect((await screen.getByRole('list', { name: 'Revealed so far' }).innerText()).replace(/\s+/g, ' ')).toMatch(new RegExp(`People’s choice ?${esc(teams[1]!.name)} ?67% · 2 votes`));
    await animationsDone(screen);
    await screenshot(screen, 'vote-reveal-after-award-en');

    // In French, a tie: two teams with two votes each, one award shared.
    expect(await emitRaw(org, 'visibility:set', { mode: 'hidden' })).toMatchObject({ ok: true });
    await t.store.mutate((d) => {
      d.event.settings.language = 'fr';
      d.ballots['phone-d'] = ballot(0);
    });
    t.app.broadcaster.changed({ kind: 'everything' });
    expect(await emitRaw(org, 'visibility:set', { mode: 'reveal' })).toMatchObject({ ok: true });
    await step();
    await spotlight.filter({ hasText: /Prix du public…/ }).waitFor();
    expect((await spotlight.innerText()).replace(/\s+/g, ' ')).toMatch(/2 équipes à égalité/);
    await step();
    await spotlight.filter({ hasText: teams[0]!.name }).waitFor();
    const shared = (await spotlight.innerText()).replace(/\s+/g, ' ');
    expect(shared).toContain(teams[1]!.name);
    expect(shared.match(/50 % · 2 votes/g)).toHaveLength(2);
    await animationsDone(screen);
    await screenshot(screen, 'vote-reveal-award-fr');
    expect(await emitRaw(org, 'visibility:set', { mode: 'hidden' })).toMatchObject({ ok: true });
    org.disconnect();
    await sc.close();
  });

  it('prints the ticket codes: every code with its own QR code beneath, twelve to an A4 page, in the console’s language', async () => {
    await t.store.mutate((d) => {
      d.event.settings.language = 'en';
      Object.assign(d.peopleVote, { status: 'closed', closesAt: null, ticketMode: true, inReveal: false });
    });
    t.app.broadcaster.changed({ kind: 'everything' });
    for (const locale of ['en-GB', 'fr-CH'] as const) {
      const { context, page } = await newDevicePage(browser, locale, { width: 1440, height: 1000 });
      await page.goto(`${t.url}/organiser#${t.organiserToken}`);
      const panel = page.getByTestId('live-vote');
      await panel.waitFor();
      const before = Object.keys(t.data().tickets).length;
      await panel.getByLabel(locale === 'en-GB' ? 'How many' : 'Combien').fill('7');
      await panel.getByRole('button', { name: locale === 'en-GB' ? 'Make ticket codes' : 'Créer des codes de vote' }).click();
      await expect.poll(() => Object.keys(t.data().tickets).length).toBe(before + 7);
      await panel.getByRole('button', { name: locale === 'en-GB' ? 'Print the ticket codes' : 'Imprimer les codes de vote' }).click();
      const sheet = page.getByTestId('ticket-sheet');
      const codes = Object.keys(t.data().tickets);
      await expect.poll(() => sheet.locator('.card img').count()).toBe(codes.length);
      expect((await sheet.locator('.code').allInnerTexts()).sort()).toEqual([...codes].sort());
      const images = await sheet.locator('.card img').evaluateAll((imgs) => imgs.map((i) => ({ src: (i as HTMLImageElement).src, alt: i.getAttribute('alt') ?? '', w: (i as HTMLImageElement).naturalWidth })));
      for (const image of images) {
        expect(image.src).toMatch(/^data:image\/png;base64,/);
        expect(image.w).toBeGreaterThan(100);
      }
      expect(images.map((i) => i.alt.match(/[A-Z0-9]{10}$/)?.[0]).sort()).toEqual([...codes].sort());
      expect(new Set(images.map((i) => i.src)).size).toBe(codes.length);
      const text = await sheet.innerText();
      if (locale === 'en-GB') {
        expect(text).toMatch(/Ticket codes for the people’s vote/);
        expect(text).toMatch(/One vote per code/);
      } else {
        expect(text).toMatch(/Codes de vote du prix du public\u202f:/);
        expect(text).toMatch(/Un vote par code/);
        expect(text).not.toMatch(/One vote per code|Scan to vote/);
      }
      // Printed: the sheet alone, twelve cards to an A4 page.
      await page.emulateMedia({ media: 'print' });
      expect(await panel.isVisible()).toBe(false);
      const pdf = (await page.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
      const pages = pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
      expect(pages).toBe(Math.ceil(codes.length / 12));
      await screenshot(page, `vote-ticket-sheet-print-${locale}`);
      await page.emulateMedia({ media: 'screen' });
      await screenshot(page, `vote-ticket-sheet-${locale}`);
      await page.keyboard.press('Escape');
      await sheet.waitFor({ state: 'detached' });
      // An export the server refuses or fails says so under the panel's buttons, in the console's language.
      await page.route('**/api/votes.csv', (route) => route.fulfill({ status: 500, body: 'boom' }));
      await panel.getByRole('button', { name: locale === 'en-GB' ? 'People’s vote (CSV)' : 'Vote du public (CSV)' }).click();
      await expect.poll(() => panel.getByRole('alert').innerText()).toBe(locale === 'en-GB' ? 'The export failed (500).' : 'L’export a échoué (500).');
      await page.unroute('**/api/votes.csv');
      await context.close();
    }
  });
});
