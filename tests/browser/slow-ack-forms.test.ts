// On a slow network the organiser types the next entry while the last one is on its way: the
// acknowledgement empties an add form only if it still holds what was sent.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app.ts';
import { holdableServer, launchBrowser } from '../helpers/browser.ts';

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

/**
 * The console on a network the test can slow down: while `hold()` is on, what the server sends
 * waits in the route until `release()` (the page's messages still go out at once).
 */
async function slowConsole(tab: 'build' | 'live', locale: 'en-GB' | 'fr-CH' = 'en-GB') {
  const t = await startApp();
  apps.push(t);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale });
  contexts.push(context);
  const page: Page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const { hold, release } = await holdableServer(page);
  await page.goto(`${t.url}/organiser?tab=${tab}#${t.organiserToken}`);
  await page.getByRole('navigation').first().waitFor();
  return {
    t,
    page,
    hold,
    release,
  };
}

describe('an add form on a slow network', () => {
  it('keeps the next criterion typed while the last one was being saved, and empties a form left alone', async () => {
    const { t, page, hold, release } = await slowConsole('build');
    const add = page.getByRole('form', { name: 'Add a criterion' });
    const name = add.getByRole('textbox', { name: 'Name of the new criterion' });
    const weight = add.getByRole('textbox', { name: 'Weight of the new criterion' });

    await name.fill('Clarté ✨');
    await weight.fill('2');
    hold();
    await add.getByRole('button', { name: 'Add criterion' }).click();
    // The server has it; the page has not heard back yet.
    await expect.poll(() => t.data().event.criteria.some((c) => c.name === 'Clarté ✨')).toBe(true);
    await name.fill('Faisabilité');
    release();
    await page.getByText('Added "Clarté ✨".').waitFor();
    expect(await name.inputValue()).toBe('Faisabilité');
    expect(await weight.inputValue()).toBe('2');

    // Sent and left alone until the answer: emptied, ready for the next one.
    hold();
    await add.getByRole('button', { name: 'Add criterion' }).click();
    await expect.poll(() => t.data().event.criteria.some((c) => c.name === 'Faisabilité')).toBe(true);
    release();
    await page.getByText('Added "Faisabilité".').waitFor();
    await expect.poll(() => name.inputValue()).toBe('');
    expect(await weight.inputValue()).toBe('1');
    expect(t.data().event.criteria.filter((c) => c.name === 'Faisabilité')).toHaveLength(1);

    // A one-field form, the juror's name: adding twenty jurors one after another is the common case.
    const juror = page.getByRole('form', { name: 'Add a juror' });
    const jurorName = juror.getByRole('textbox');
    await jurorName.fill('Zoë Çelik');
    hold();
    await juror.getByRole('button', { name: 'Add juror' }).click();
    await expect.poll(() => t.data().event.jurors.some((j) => j.name === 'Zoë Çelik')).toBe(true);
    await jurorName.fill('Jürgen Groß');
    release();
    await page.getByText('Added Zoë Çelik: their link and QR code are below.').waitFor();
    expect(await jurorName.inputValue()).toBe('Jürgen Groß');
  });

  it('keeps the next team and the next agenda session typed while the last was being saved (French)', async () => {
    const { t, page, hold, release } = await slowConsole('build', 'fr-CH');
    const team = page.getByRole('form', { name: 'Ajouter une équipe' });
    const teamName = team.getByRole('textbox', { name: /^Nom/ }).first();
    await teamName.fill('Équipe Straße 🚲');
    hold();
    await team.getByRole('button', { name: 'Ajouter l’équipe' }).click();
    await expect.poll(() => t.data().event.teams.some((x) => x.name === 'Équipe Straße 🚲')).toBe(true);
    await teamName.fill('Ça roule');
    release();
    await page.getByText('Ajouté : « Équipe Straße 🚲 ».').waitFor();
    expect(await teamName.inputValue()).toBe('Ça roule');

    const session = page.getByRole('form', { name: 'Ajouter une séance' });
    const title = session.getByRole('textbox', { name: 'Titre' });
    await title.fill('Pause café');
    hold();
    await session.getByRole('button', { name: 'Ajouter la séance' }).click();
    await expect.poll(() => t.data().event.agenda.some((i) => i.kind === 'session' && i.title === 'Pause café')).toBe(true);
    await title.fill('Délibération');
    release();
    await page.getByText('Ajouté à la fin du programme : « Pause café ».').waitFor();
    expect(await title.inputValue()).toBe('Délibération');
  });

  it('keeps the next stage message typed while the last was being sent', async () => {
    const { t, page, hold, release } = await slowConsole('live');
    const field = page.getByRole('textbox', { name: 'Message', exact: true });
    await field.fill('One minute left');
    hold();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => t.data().live.message?.text).toBe('One minute left');
    await field.fill('Wrap up');
    release();
    await page.getByRole('status').filter({ hasText: 'One minute left' }).waitFor();
    expect(await field.inputValue()).toBe('Wrap up');
  });

  it("keeps a Build row's next field typed while its save was on its way, and shows the saved value the server's way", async () => {
    const { t, page, hold, release } = await slowConsole('build', 'fr-CH');
    const team = t.data().event.teams[0]!;
    const row = page.getByRole('listitem').filter({ has: page.getByRole('textbox', { name: `Nom (${team.name})` }) });
    await row.getByRole('textbox', { name: `Nom (${team.name})` }).fill('Ça marche ß 🚀');
    hold();
    await row.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => t.data().event.teams[0]!.name).toBe('Ça marche ß 🚀');
    const project = row.getByRole('textbox', { name: /^Projet/ });
    await project.fill('Réemploi des bouteilles');
    release();
    const saved = page.getByRole('listitem').filter({ has: page.getByRole('textbox', { name: 'Nom (Ça marche ß 🚀)' }) });
    await expect.poll(() => saved.getByRole('textbox', { name: 'Nom (Ça marche ß 🚀)' }).inputValue()).toBe('Ça marche ß 🚀');
    expect(await saved.getByRole('textbox', { name: /^Projet/ }).inputValue()).toBe('Réemploi des bouteilles');
    expect(await saved.getByRole('button', { name: 'Enregistrer' }).isEnabled()).toBe(true);

    // A weight typed "2,50" comes back as the server holds it, "2,5", and the row is saved.
    const criterion = t.data().event.criteria[0]!;
    const weight = page.getByRole('textbox', { name: `Poids (${criterion.name})` });
    await weight.fill('2,50');
    await weight.press('Enter');
    await expect.poll(() => t.data().event.criteria[0]!.weight).toBe(2.5);
    await expect.poll(() => weight.inputValue()).toBe('2,5');
    expect(await page.getByRole('listitem').filter({ has: weight }).getByRole('button', { name: 'Enregistrer' }).isDisabled()).toBe(true);
  });
});
