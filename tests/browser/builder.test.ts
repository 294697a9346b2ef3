// Issue 3's check: the organiser builds the event in a real browser, and what
// they added is still there after a reload; each juror has a QR code.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organiser, startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newPage, screenshot } from '../helpers/browser.ts';

const LAPTOP = { width: 1440, height: 900 };

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

async function openBuilder(page: Page): Promise<void> {
  await page.goto(`${t.url}/organiser?tab=build#${t.organiserToken}`);
  await page.getByRole('heading', { name: /^Teams/ }).waitFor();
}

describe('the event builder', () => {
  it('keeps what the organiser is typing while other changes arrive, and takes the server\'s value when that field changes', async () => {
    const { context, page } = await newPage(browser, LAPTOP);
    page.setDefaultTimeout(8000);
    await openBuilder(page);
    // A copy: the store's data changes in place.
    const [first, second] = structuredClone(t.data().event.criteria);
    expect(first && second).toBeTruthy();
    const { socket } = await organiser(t);
    const save = (id: string, name: string) => {
      const c = t.data().event.criteria.find((x) => x.id === id)!;
      return socket.timeout(5000).emitWithAck('criterion:save', { id, name, question: c.question, weight: c.weight, min: c.min, max: c.max });
    };

    const weight = page.getByRole('textbox', { name: `Weight of ${first!.name}` });
    await weight.fill('7,5');
    // Another console renames another criterion: the whole event comes back, with this criterion unchanged.
    expect((await save(second!.id, 'Renamed elsewhere')).ok).toBe(true);
    await page.getByRole('textbox', { name: 'Name of Renamed elsewhere' }).waitFor();
    expect(await weight.inputValue()).toBe('7,5');
    expect(await page.getByRole('listitem').filter({ has: weight }).getByRole('button', { name: 'Save' }).isEnabled()).toBe(true);

    // Another console changes this very criterion: the form shows what the server now holds.
    expect((await save(first!.id, 'Changed elsewhere')).ok).toBe(true);
    const changed = page.getByRole('textbox', { name: 'Weight of Changed elsewhere' });
    await expect.poll(() => changed.inputValue()).toBe(String(first!.weight));
    expect(await page.getByRole('textbox', { name: 'Name of Changed elsewhere' }).inputValue()).toBe('Changed elsewhere');
    expect(await page.getByRole('listitem').filter({ has: changed }).getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);

    // Put the criteria back for the tests that follow.
    expect((await save(first!.id, first!.name)).ok).toBe(true);
    expect((await save(second!.id, second!.name)).ok).toBe(true);
    socket.close();
    await context.close();
  });

  it('adds a team and a juror that survive a reload, and shows the juror QR code', async () => {
    const { context, page } = await newPage(browser, LAPTOP);
    const errors: string[] = [];
    page.setDefaultTimeout(8000);
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await openBuilder(page);
    await screenshot(page, 'builder-1440');

    const addTeam = page.getByRole('form', { name: 'Add a team' });
    await addTeam.getByRole('textbox', { name: 'Name of the new team' }).fill('Ocean Sweepers');
    await addTeam.getByRole('textbox', { name: 'Project of the new team' }).fill('Drones that map beach litter');
    await addTeam.getByRole('textbox', { name: /^Members, separated by ;/ }).fill('Ada Byron; Alan Kay');
    await addTeam.getByRole('combobox', { name: 'Category of the new team' }).selectOption({ label: 'Oceans & rivers' });
    await addTeam.getByRole('button', { name: 'Add team' }).click();
    await page.getByText('Added "Ocean Sweepers".').waitFor();

    const addJuror = page.getByRole('form', { name: 'Add a juror' });
    await addJuror.getByRole('textbox', { name: 'Juror name' }).fill('Grace Hopper');
    await addJuror.getByRole('button', { name: 'Add juror' }).click();
    await page.getByRole('img', { name: 'QR code for Grace Hopper' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: /^Teams/ }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Name of Ocean Sweepers', exact: true }).inputValue()).toBe('Ocean Sweepers');
    expect(await page.getByRole('textbox', { name: 'Members, separated by ; (Ocean Sweepers)' }).inputValue()).toBe('Ada Byron; Alan Kay');
    expect(await page.getByRole('textbox', { name: 'Name of juror Grace Hopper' }).inputValue()).toBe('Grace Hopper');
    const qr = page.getByRole('img', { name: 'QR code for Grace Hopper' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const juror = t.data().event.jurors.find((j) => j.name === 'Grace Hopper')!;
    expect(await page.getByRole('textbox', { name: 'Personal link of Grace Hopper' }).inputValue()).toBe(`${t.url}/jury/${juror.token}`);
    expect(t.data().event.teams.find((x) => x.name === 'Ocean Sweepers')?.members).toEqual(['Ada Byron', 'Alan Kay']);

    await page.getByRole('heading', { name: /^Jurors/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'builder-jurors-1440');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows refusals next to what was done, imports CSV, builds the agenda and prints juror cards', async () => {
    const { context, page } = await newPage(browser, LAPTOP);
    page.setDefaultTimeout(8000);
    page.on('dialog', (d) => void d.accept());
    await openBuilder(page);

    // A category with teams cannot go: the refusal appears in its own row.
    const packaging = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Remove category Packaging' }) });
    await packaging.getByRole('button', { name: 'Remove category Packaging' }).click();
    expect(await packaging.getByRole('alert').innerText()).toMatch(/ecopals.*move them to another category/);

    // CSV: a bad line refuses the file and is named; a good file adds its teams.
    const csvGroup = page.getByRole('group', { name: 'Import teams from a CSV file' });
    const csv = (text: string) => ({ name: 'teams.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await csvGroup.getByLabel('CSV file').setInputFiles(csv('name,project,members,category\nKelp Co,Wraps,Ana;Bo,Materials\n,no name,,\n'));
    await csvGroup.getByRole('button', { name: 'Import teams' }).click();
    expect(await csvGroup.getByRole('alert').innerText()).toMatch(/Nothing was imported[\s\S]*line 3: name must not be empty/);
    await csvGroup.getByLabel('CSV file').setInputFiles(csv('name,project,members,category\nKelp Co,Wraps,Ana;Bo,Materials\n'));
    await csvGroup.getByRole('button', { name: 'Import teams' }).click();
    await csvGroup.getByRole('status').filter({ hasText: 'Imported 1 team' }).waitFor();
    await page.getByRole('textbox', { name: 'Name of Kelp Co', exact: true }).waitFor();

    // The agenda: one click adds the missing pitch; a duration is edited as m:ss.
    await page.getByRole('button', { name: 'Add a pitch for every team' }).click();
    await page.getByText(/Added \d+ pitches? \(/).waitFor();
    const pitchDuration = page.getByRole('textbox', { name: 'Pitch duration of Kelp Co (m:ss)' });
    await pitchDuration.fill('4:30');
    const kelpItem = page.getByRole('listitem').filter({ has: pitchDuration });
    await kelpItem.getByRole('button', { name: 'Save' }).click();
    await kelpItem.getByRole('status').waitFor();
    const kelp = t.data().event.teams.find((x) => x.name === 'Kelp Co')!;
    const pitch = t.data().event.agenda.find((i) => i.kind === 'pitch' && i.teamId === kelp.id)!;
    expect(pitch.phases[0]!.durationMs).toBe(270_000);

    // Reordering from the keyboard: focus stays on the button, so it can be pressed again.
    const up = page.getByRole('button', { name: 'Move Kelp Co up' }).first();
    await up.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Move Kelp Co up');
    const teamNames = () => t.data().event.teams.map((x) => x.name);
    expect(teamNames().at(-2)).toBe('Kelp Co');

    await page.getByRole('heading', { name: /^Agenda/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'builder-agenda-1440');

    // The juror sheet: one card per juror, each with its QR code.
    await page.getByRole('button', { name: /Juror sheet/ }).click();
    const sheet = page.getByRole('dialog', { name: /Juror links/ });
    await sheet.waitFor();
    for (const j of t.data().event.jurors) await sheet.getByRole('img', { name: `QR code for ${j.name}` }).waitFor();
    expect(await sheet.getByRole('button', { name: 'Print juror sheet' }).isVisible()).toBe(true);
    await screenshot(page, 'builder-juror-sheet-1440');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'builder-juror-sheet-print');
    expect(await page.getByRole('heading', { name: /^Teams/ }).isVisible()).toBe(false);
    expect(await sheet.getByRole('img', { name: 'QR code for Grace Hopper' }).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await sheet.getByRole('button', { name: 'Close' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await context.close();
  });

  it('saves settings, conflicts and new links, and exports then re-imports the event file', async () => {
    const { context, page } = await newPage(browser, LAPTOP);
    page.setDefaultTimeout(8000);
    page.on('dialog', (d) => void d.accept());
    await openBuilder(page);

    const settings = page.getByRole('region', { name: 'Event and settings' });
    await settings.getByRole('textbox', { name: 'Event name' }).fill('Plastic Pollution Finals');
    await settings.getByLabel('Starts at').fill('2030-05-04T18:30');
    await settings.getByRole('textbox', { name: 'Pitch (m:ss)' }).fill('4:00');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    const saved = t.data().event.settings;
    expect(saved).toMatchObject({ name: 'Plastic Pollution Finals', pitchMs: 240_000 });
    expect(saved.startsAt).toBe(await page.evaluate(() => new Date('2030-05-04T18:30').getTime()));

    const ana = t.data().event.jurors[0]!;
    const anaRow = page.getByRole('listitem').filter({ has: page.getByRole('img', { name: `QR code for ${ana.name}` }) });
    await anaRow.getByText(/Conflicts of interest/).click();
    await anaRow.getByRole('checkbox', { name: 'ecopals' }).check();
    await anaRow.getByText('Conflicts of interest (1)').waitFor();
    expect(t.data().event.jurors[0]!.conflicts).toEqual([t.data().event.teams.find((x) => x.name === 'ecopals')!.id]);

    const oldToken = ana.token;
    await anaRow.getByRole('button', { name: `New link for ${ana.name}` }).click();
    await page.getByRole('dialog', { name: `Give ${ana.name} a new link?` }).getByRole('button', { name: 'New link' }).click();
    await anaRow.getByRole('status').filter({ hasText: 'has a new link' }).waitFor();
    const link = await anaRow.getByRole('textbox', { name: `Personal link of ${ana.name}` }).inputValue();
    expect(link).not.toContain(oldToken);
    expect(link).toBe(`${t.url}/jury/${t.data().event.jurors[0]!.token}`);

    const file = page.getByRole('region', { name: 'Event file' });
    const downloading = page.waitForEvent('download');
    await file.getByRole('button', { name: 'Export event as JSON' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('podium-plastic-pollution-finals.json');
    const path = await download.path();
    await file.getByLabel('Event file to import').setInputFiles(path);
    const before = structuredClone(t.data().event);
    await file.getByRole('button', { name: 'Import event' }).click();
    await page.getByRole('dialog', { name: /^Replace this event with/ }).getByRole('button', { name: 'Replace the event' }).click();
    await file.getByRole('status').filter({ hasText: /^Imported/ }).waitFor();
    expect(t.data().event).toEqual(before);

    // With a score given, deleting a criterion is refused, and the refusal names the safe path.
    await t.store.mutate((d) => {
      const [j, team] = [d.event.jurors[1]!, d.event.teams[1]!];
      const marks = Object.fromEntries(d.event.criteria.map((c) => [c.id, 6]));
      d.scores[`${j.id}:${team.id}`] = { jurorId: j.id, teamId: team.id, marks, note: '', revision: 1, updatedAt: 1 };
    });
    const impact = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Remove criterion Impact' }) });
    await impact.getByRole('button', { name: 'Remove criterion Impact' }).click();
    expect(await impact.getByRole('alert').innerText()).toMatch(/"Impact" has marks in 1 score\(s\)\. Set its weight to 0/);
    expect(t.data().event.criteria.some((c) => c.name === 'Impact')).toBe(true);

    const kwame = t.data().event.jurors[1]!;
    const kwameRow = page.getByRole('listitem').filter({ has: page.getByRole('img', { name: `QR code for ${kwame.name}` }) });
    await kwameRow.getByRole('button', { name: `Copy link of ${kwame.name}` }).click();
    await kwameRow.getByRole('status').filter({ hasText: 'copied' }).waitFor();
    await context.close();
  });
});
