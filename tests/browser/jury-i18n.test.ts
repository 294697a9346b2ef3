// The juror's page speaks the DEVICE's language (fr-CH here), with a switch the phone
// remembers, and shows the EVENT's times (Zurich) on a phone set to New York; numbers
// with a decimal comma. A 360 × 740 phone: long French names and questions fit.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, SMALL_PHONE, type DeviceLocale } from '../helpers/browser.ts';

// 1 December 2026, 15:25 UTC = 16:25 in Zurich (UTC+1 in winter) = 10:25 in New York.
const NOW = Date.UTC(2026, 11, 1, 15, 25);
let t: TestApp;
let browser: Browser;
let org: TestSocket;

const team = (name: string) => t.data().event.teams.find((x) => x.name === name)!;
const jurorAt = (i: number) => t.data().event.jurors[i]!;

beforeAll(async () => {
  const seed = demoData(undefined, new Date(NOW - 10 * 60_000), { language: 'fr', timeZone: 'Europe/Zurich' });
  // Weights 3, 2, 1, 1 so that marks 8, 7, 7, 7 make (24 + 14 + 7 + 7) / 7 = 7.428…: two decimals show.
  seed.event.criteria.forEach((c, i) => (c.weight = [3, 2, 1, 1][i]!));
  t = await startApp({ seed: () => seed, clock: { now: () => NOW } });
  org = (await organiser(t)).socket;
  const pitch = t.data().event.agenda.find((i) => i.kind === 'pitch' && i.teamId === team('ecopals').id)!;
  expect(await emitRaw(org, 'agenda:jump', { itemId: pitch.id })).toMatchObject({ ok: true });
  expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true }); // the pitch starts: its scoring opens
  expect(await emitRaw(org, 'scoring:open', { teamId: team('LoopLab').id })).toMatchObject({ ok: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  org?.disconnect();
  await browser?.close();
  await t?.close();
});

const phone = (locale: DeviceLocale): Promise<{ context: BrowserContext; page: Page }> => newDevicePage(browser, locale, SMALL_PHONE);

async function tap(page: Page, criterion: string, mark: number) {
  await page.getByRole('radiogroup', { name: criterion }).getByRole('radio', { name: String(mark), exact: true }).click();
}

/** Elements whose text is cut: wider than their box, or the page wider than the phone. */
async function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cut: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth) cut.push(`page ${document.documentElement.scrollWidth}px wide`);
    for (const e of document.querySelectorAll<HTMLElement>('h1, h2, legend, .criterion-name, .question, .badge, .name, .label, .title, .project, .notice, .feedback p, .total, .save, .sync, .switch button')) {
      if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) cut.push(`${e.className || e.tagName}: ${e.textContent?.trim()}`);
    }
    return cut;
  });
}

describe('the juror page in French on a 360 px phone', () => {
  it('speaks French, shows Zurich times and decimal commas, and fits long French names', async () => {
    const { context, page } = await phone('fr-CH');
    await page.goto(`${t.url}/jury/${jurorAt(0).token}`);
    await page.getByRole('heading', { name: 'Évaluation\u202f: ecopals' }).waitFor();
    expect(await page.evaluate(() => new Date().getTimezoneOffset())).toBeGreaterThan(0); // the device is west of UTC
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expect.poll(() => page.title()).toBe('Podium — jury');
    await page.getByText('En ligne', { exact: true }).waitFor();
    expect(await page.getByText('Rien en attente d’envoi').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Toutes les équipes' }).isVisible()).toBe(true);
    expect(await page.getByRole('timer', { name: /^Temps restant sur scène/ }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /Seaweed Wrap.*Pas encore ouvert/ }).isVisible()).toBe(true);
    expect(await page.getByRole('radiogroup', { name: 'Mise en œuvre' }).isVisible()).toBe(true);
    // Weights 3, 2, 1, 1 differ: each criterion says what its marks count for, to the eye and to a screen reader.
    expect(await page.getByRole('radiogroup', { name: 'Impact, coefficient 3', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('radiogroup', { name: 'Portée, coefficient 2', exact: true }).isVisible()).toBe(true);
    expect(await page.locator('.criterion-name').allInnerTexts()).toEqual(['Impact ×3', 'Portée ×2', 'Mise en œuvre ×1', 'Environnement ×1']);
    expect(await page.getByText('Votre solution peut-elle être mise en œuvre à l’échelle mondiale\u202f?').isVisible()).toBe(true);
    expect(await clipped(page)).toEqual([]);
    await screenshot(page, 'jury-fr-360-top');

    await tap(page, 'Impact', 8);
    await tap(page, 'Portée', 7);
    await tap(page, 'Mise en œuvre', 7);
    expect(await page.locator('.total-label').innerText()).toBe('Total (1 à noter)');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Reste à noter\u202f: Environnement.').waitFor();
    expect(await page.getByText('1 évaluation pas encore enregistrée').isVisible()).toBe(true);
    expect(await page.getByText('Rien en attente d’envoi').count()).toBe(0);
    await tap(page, 'Environnement', 7);
    expect(await page.locator('.total-value').innerText()).toBe('7,43 / 10');
    await page.getByRole('textbox', { name: /Commentaire privé/ }).fill('Chiffres clairs');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('button', { name: 'Enregistré ✓' }).waitFor();
    // Saved at 16:25 in Zurich, not 10:25 (the phone's New York) nor 4:25 PM.
    await page.getByText('Enregistré à 16:25 (version 1). Vous pouvez la modifier jusqu’à la clôture de l’évaluation.').waitFor();
    expect(t.data().scores[scoreKey(jurorAt(0).id, team('ecopals').id)]).toMatchObject({ revision: 1, note: 'Chiffres clairs' });
    expect(await page.getByRole('button', { name: /ecopals.*Enregistré · 7,43 \/ 10/ }).isVisible()).toBe(true);

    const text = await page.locator('body').innerText();
    for (const english of ['Online', 'Scoring', 'Save', 'Saved', 'Total (', 'All teams', 'On stage', 'Not open yet', 'Private note', '10:25', 'AM', 'PM', '7.43']) {
      expect(text).not.toContain(english);
    }
    expect(await clipped(page)).toEqual([]);
    await screenshot(page, 'jury-fr-360-saved');
    await page.getByRole('button', { name: /Bottle Bank/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'jury-fr-360-teams');
    await context.close();
  });

  it('keeps a score offline and says how many wait, in French', async () => {
    const { context, page } = await phone('fr-CH');
    await page.goto(`${t.url}/jury/${jurorAt(1).token}`);
    await page.getByText('En ligne', { exact: true }).waitFor();
    await context.setOffline(true);
    await page.getByText('Hors ligne', { exact: true }).waitFor();
    await page.getByRole('button', { name: /LoopLab/ }).click();
    await page.getByRole('heading', { name: 'Évaluation\u202f: LoopLab' }).waitFor();
    for (const [criterion, mark] of [['Impact', 5], ['Portée', 6], ['Mise en œuvre', 7], ['Environnement', 8]] as const) await tap(page, criterion, mark);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('1 évaluation en attente d’envoi').waitFor();
    expect(await page.getByRole('button', { name: 'Envoi…' }).isVisible()).toBe(true);
    expect(await page.getByText(/^Vous êtes hors ligne\. Votre évaluation reste sur ce téléphone/).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /LoopLab.*En attente d’envoi/ }).isVisible()).toBe(true);
    expect(await clipped(page)).toEqual([]);
    await screenshot(page, 'jury-fr-360-offline');
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Enregistré ✓' }).waitFor({ timeout: 15_000 });
    await page.getByText('Rien en attente d’envoi').waitFor();
    await context.close();
  });

  it('switches language at once with the switch, and the phone remembers it after a reload', async () => {
    const { context, page } = await phone('fr-CH');
    await page.goto(`${t.url}/jury/${jurorAt(2).token}`);
    await page.getByRole('heading', { name: 'Évaluation\u202f: ecopals' }).waitFor();
    const switcher = page.getByRole('group', { name: 'Langue' });
    expect(await switcher.getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).toBe('true');
    // Within a thumb's reach: a fingertip-sized target, on screen without scrolling.
    const box = (await switcher.getByRole('button', { name: 'English' }).boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await switcher.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Scoring: ecopals' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'Save' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'All teams' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'jury-en-360-after-switch');

    await page.reload();
    await page.getByRole('heading', { name: 'Scoring: ecopals' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Évaluation\u202f: ecopals' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Évaluation\u202f: ecopals' }).waitFor();
    await context.close();
  });

  it('speaks English on an en-GB phone, with Zurich times', async () => {
    const { context, page } = await phone('en-GB');
    await page.goto(`${t.url}/jury/${jurorAt(0).token}`);
    await page.getByRole('heading', { name: 'Scoring: ecopals' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByText('Saved at 16:25 (version 1). You can change it until scoring closes.').waitFor();
    expect(await page.locator('.total-value').innerText()).toBe('7.43 / 10');
    await context.close();
  });

  it('says in French when the link is not valid, with the switch at hand', async () => {
    const { context, page } = await phone('fr-CH');
    await page.goto(`${t.url}/jury/${'x'.repeat(32)}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('heading', { name: 'Ce lien de jury n’est pas valable' }).isVisible()).toBe(true);
    expect(await page.getByText('Demandez à l’organisation votre lien actuel ou votre code QR.').isVisible()).toBe(true);
    // The server's reason, said in the page's language (it sends its message key, not only English words).
    expect(await page.getByText('Ce lien n’est pas valable (il a peut-être été remplacé). Demandez votre lien actuel à l’organisation.').isVisible()).toBe(true);
    expect(await page.getByRole('group', { name: 'Langue' }).isVisible()).toBe(true);
    expect(await clipped(page)).toEqual([]);
    await screenshot(page, 'jury-fr-360-refused');
    await context.close();
  });
});
