import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey } from '../../protocol/model.ts';
import { emitRaw, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { launchBrowser, PHONE, screenshot, SMALL_PHONE, SMALL_PROJECTOR } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let org: TestSocket;

const team = (name: string) => t.data().event.teams.find((x) => x.name === name)!;
const jurorAt = (i: number) => t.data().event.jurors[i]!;

/** A phone (or screen) whose browser speaks British English: the page follows the device's language. */
async function englishPage(viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-GB' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return { context, page };
}

beforeAll(async () => {
  t = await startApp();
  org = (await organiser(t)).socket;
  // ecopals pitches now: its clock runs and its scoring opens; two more teams are opened by hand.
  const pitch = t.data().event.agenda.find((i) => i.kind === 'pitch' && i.teamId === team('ecopals').id)!;
  expect(await emitRaw(org, 'agenda:jump', { itemId: pitch.id })).toMatchObject({ ok: true });
  expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
  for (const name of ['Tide Turners', 'LoopLab']) {
    expect(await emitRaw(org, 'scoring:open', { teamId: team(name).id })).toMatchObject({ ok: true });
  }
  expect(await emitRaw(org, 'juror:set-conflict', { jurorId: jurorAt(0).id, teamId: team('Bottle Bank').id, conflict: true })).toMatchObject({
    ok: true,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  org?.disconnect();
  await browser?.close();
  await t?.close();
});

async function tap(page: Page, criterion: string, mark: number) {
  await page.getByRole('radiogroup', { name: criterion }).getByRole('radio', { name: String(mark), exact: true }).click();
}

async function tapAll(page: Page, marks: [string, number][]) {
  for (const [criterion, mark] of marks) await tap(page, criterion, mark);
}

const marksOf = (jurorIndex: number, teamName: string) => {
  const score = t.data().scores[scoreKey(jurorAt(jurorIndex).id, team(teamName).id)];
  if (!score) return null;
  const byName = Object.fromEntries(t.data().event.criteria.map((c) => [c.name, score.marks[c.id]]));
  return { ...score, byName };
};

describe('the juror page on a phone', () => {
  it('scores the team on stage by tapping marks, and says Saved only once the server has it', async () => {
    const { context, page } = await englishPage(PHONE);
    await page.goto(`${t.url}/jury/${jurorAt(0).token}`);
    await page.getByRole('heading', { name: jurorAt(0).name }).waitFor();
    await page.getByRole('heading', { name: 'Scoring: ecopals' }).waitFor();
    expect(await page.getByRole('timer').innerText()).toMatch(/^[45]:\d\d$/);
    await screenshot(page, 'jury-390-top');
    // The demo's criteria weigh the same: no weight is shown.
    expect(await page.locator('.criterion-name').allInnerTexts()).toEqual(['Impact', 'Reach', 'Implementation', 'Environmental']);
    expect(await page.getByRole('radiogroup', { name: 'Impact', exact: true }).isVisible()).toBe(true);
    await tapAll(page, [['Impact', 7], ['Reach', 8], ['Implementation', 6]]);
    expect(await page.getByRole('radiogroup', { name: 'Impact' }).getByRole('radio', { name: '7', exact: true }).isChecked()).toBe(true);
    await screenshot(page, 'jury-390-draft');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByText('Still to mark: Environmental.').isVisible()).toBe(true);
    expect(marksOf(0, 'ecopals')).toBeNull();
    await tap(page, 'Environmental', 9);
    expect(await page.getByText(/Total\s*7\.5/).isVisible()).toBe(true);
    await page.getByRole('textbox', { name: /Private note/ }).fill('Clear numbers on refills');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Saved ✓' }).waitFor();
    expect(marksOf(0, 'ecopals')).toMatchObject({
      revision: 1,
      note: 'Clear numbers on refills',
      byName: { Impact: 7, Reach: 8, Implementation: 6, Environmental: 9 },
    });
    expect(await page.getByRole('button', { name: /ecopals.*Saved/ }).isVisible()).toBe(true);
    await screenshot(page, 'jury-390-saved');

    // A correction is a new revision.
    await tap(page, 'Reach', 10);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Saved ✓' }).waitFor();
    expect(marksOf(0, 'ecopals')).toMatchObject({ revision: 2, byName: { Reach: 10 } });
    await context.close();
  });

  it('keeps a score made offline on the phone, shows it waiting, and sends it once back online', async () => {
    const { context, page } = await englishPage(PHONE);
    await page.goto(`${t.url}/jury/${jurorAt(1).token}`);
    await page.getByRole('heading', { name: 'Scoring: ecopals' }).waitFor();
    await page.getByText('Online', { exact: true }).waitFor();
    await context.setOffline(true);
    await page.getByText('Offline', { exact: true }).waitFor();
    await page.getByRole('button', { name: /Tide Turners/ }).click();
    await page.getByRole('heading', { name: 'Scoring: Tide Turners' }).waitFor();
    await tapAll(page, [['Impact', 5], ['Reach', 6], ['Implementation', 7], ['Environmental', 8]]);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('1 score waiting to be sent').waitFor();
    expect(await page.getByRole('button', { name: 'Saving…' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /Tide Turners.*Waiting to send/ }).isVisible()).toBe(true);
    await screenshot(page, 'jury-390-offline');
    expect(marksOf(1, 'Tide Turners')).toBeNull();
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Saved ✓' }).waitFor({ timeout: 15_000 });
    await page.getByText('Nothing waiting to send').waitFor();
    expect(marksOf(1, 'Tide Turners')).toMatchObject({ revision: 1, byName: { Impact: 5, Reach: 6, Implementation: 7, Environmental: 8 } });
    expect(t.data().audit.filter((a) => a.action === 'score:submit' && a.jurorId === jurorAt(1).id)).toHaveLength(1);
    await context.close();
  });

  it('keeps a draft across a reload', async () => {
    const { context, page } = await englishPage(SMALL_PHONE);
    await page.goto(`${t.url}/jury/${jurorAt(2).token}`);
    await page.getByRole('button', { name: /LoopLab/ }).click();
    await page.getByRole('heading', { name: 'Scoring: LoopLab' }).waitFor();
    await tapAll(page, [['Impact', 4], ['Reach', 9]]);
    await page.getByRole('textbox', { name: /Private note/ }).fill('Ask about costs');
    await page.reload();
    await page.getByRole('button', { name: /LoopLab.*Draft/ }).click();
    await page.getByRole('heading', { name: 'Scoring: LoopLab' }).waitFor();
    expect(await page.getByRole('radiogroup', { name: 'Impact' }).getByRole('radio', { name: '4', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('radiogroup', { name: 'Reach' }).getByRole('radio', { name: '9', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('textbox', { name: /Private note/ }).inputValue()).toBe('Ask about costs');
    expect(marksOf(2, 'LoopLab')).toBeNull();
    await screenshot(page, 'jury-360-draft-after-reload');
    await context.close();
  });

  it('follows the stage, but keeps a juror on a team whose draft is unfinished', async () => {
    const { context, page } = await englishPage(PHONE);
    await page.goto(`${t.url}/jury/${jurorAt(3).token}`);
    await page.getByRole('heading', { name: 'Scoring: ecopals' }).waitFor();
    await tap(page, 'Impact', 3);
    const next = t.data().event.agenda.find((i) => i.kind === 'pitch' && i.teamId === team('Tide Turners').id)!;
    expect(await emitRaw(org, 'agenda:jump', { itemId: next.id })).toMatchObject({ ok: true });
    await page.getByRole('button', { name: 'Go to Tide Turners (on stage)' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Scoring: ecopals' }).isVisible()).toBe(true);
    expect(await page.getByText('1 score not saved yet').isVisible()).toBe(true);
    // Not beside it: "nothing waiting to send" read as if the unsaved score did not count.
    expect(await page.getByText('Nothing waiting to send').count()).toBe(0);
    await page.getByRole('button', { name: 'Go to Tide Turners (on stage)' }).click();
    await page.getByRole('heading', { name: 'Scoring: Tide Turners' }).waitFor();
    expect(await page.getByRole('button', { name: /ecopals.*Draft/ }).isVisible()).toBe(true);
    // Back to where the show was, for the tests that follow.
    const ecopals = t.data().event.agenda.find((i) => i.kind === 'pitch' && i.teamId === team('ecopals').id)!;
    expect(await emitRaw(org, 'agenda:jump', { itemId: ecopals.id })).toMatchObject({ ok: true });
    await context.close();
  });

  it('shows each team state: locked, not open yet, conflict of interest', async () => {
    const { context, page } = await englishPage(SMALL_PHONE);
    await page.goto(`${t.url}/jury/${jurorAt(0).token}`);
    await page.getByRole('heading', { name: 'Scoring: ecopals' }).waitFor();
    await screenshot(page, 'jury-360-top');
    expect(await page.getByRole('button', { name: /Bottle Bank.*Conflict of interest/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /Seaweed Wrap.*Not open yet/ }).isVisible()).toBe(true);
    expect(await emitRaw(org, 'scoring:close', { teamId: team('LoopLab').id })).toMatchObject({ ok: true });
    await page.getByRole('button', { name: /LoopLab.*Locked/ }).click();
    await page.getByText('Scoring for LoopLab is closed').waitFor();
    expect(await page.getByRole('radiogroup', { name: 'Impact' }).getByRole('radio', { name: '5', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('heading', { name: 'All teams' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'jury-360-teams');
    await context.close();
  });

  it('says clearly when the link is not valid', async () => {
    const { context, page } = await englishPage(PHONE);
    await page.goto(`${t.url}/jury/${'x'.repeat(32)}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/not valid/);
    await context.close();
  });

  it('shows the organiser who has scored what, and opens, closes and marks conflicts from the matrix', async () => {
    const { context, page } = await englishPage(SMALL_PROJECTOR);
    await page.goto(`${t.url}/organiser?tab=scoring#${t.organiserToken}`);
    const ecopals = page.getByRole('row', { name: /^ecopals/ });
    await ecopals.waitFor();
    expect(await ecopals.innerText()).toMatch(/Open[\s\S]*1\/4[\s\S]*✓ v2/);
    expect(await page.getByRole('row', { name: /^Bottle Bank/ }).innerText()).toMatch(/0\/3[\s\S]*Conflict/);
    await page.getByRole('button', { name: 'Close scoring for ecopals' }).click();
    await page.getByRole('button', { name: 'Reopen scoring for ecopals' }).waitFor();
    expect(t.data().scoring[team('ecopals').id]).toBe('closed');
    await page.getByRole('checkbox', { name: `Conflict of interest: ${jurorAt(3).name} with Seaweed Wrap` }).check();
    await page.getByText(`${jurorAt(3).name} will not score Seaweed Wrap.`).waitFor();
    expect(jurorAt(3).conflicts).toContain(team('Seaweed Wrap').id);
    // Marking a conflict after the juror has scored drops a counted score: the console asks first,
    // then, whatever the server decides, the box shows it.
    const scored = page.getByRole('checkbox', { name: `Conflict of interest: ${jurorAt(0).name} with ecopals` });
    await scored.click();
    const dialog = page.getByRole('dialog', { name: `Set a conflict of interest for ${jurorAt(0).name} with ecopals?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Set conflict' }).click();
    await page.getByText(/already scored "ecopals"|will not score ecopals/).waitFor();
    expect(await scored.isChecked()).toBe(jurorAt(0).conflicts.includes(team('ecopals').id));
    await page.getByRole('button', { name: 'Reopen scoring for ecopals' }).click();
    await page.getByRole('button', { name: 'Close scoring for ecopals' }).waitFor();
    await screenshot(page, 'organiser-scoring-1280');
    await context.close();
  });
});
