// The organiser's console in French: a French event in Europe/Zurich, opened on a
// laptop set to fr-CH in New York (where it is six hours earlier). The console speaks
// the device's language; every time reads in the event's zone; scores have decimal
// commas; places are feminine (« 1re place »). Screenshots at 1024 × 768.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot, type DeviceLocale } from '../helpers/browser.ts';

const CONSOLE = { width: 1024, height: 768 };
// 1 December 2026, 15:15 UTC = 16:15 in Zurich (UTC+1 in winter) = 10:15 in New York.
const STARTS_AT = Date.UTC(2026, 11, 1, 15, 15);
let t: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const seed = demoData(undefined, new Date(STARTS_AT), { language: 'fr', timeZone: 'Europe/Zurich' });
  seed.event.settings.startsAt = STARTS_AT;
  // A weight with a decimal, to read "1,5".
  seed.event.criteria[0]!.weight = 1.5;
  // Three of the four jurors score two teams, each juror the same mark on every criterion,
  // so a team's score is the mean of those marks: ecopals 8, 8, 8 → 8.00; the second team
  // 7, 7, 8 → 7.33 (22 / 3).
  const [first, second] = seed.event.teams;
  const marks = (n: number) => Object.fromEntries(seed.event.criteria.map((c) => [c.id, n]));
  for (const [i, juror] of seed.event.jurors.slice(0, 3).entries()) {
    for (const [team, mark] of [[first!, 8], [second!, i === 2 ? 8 : 7]] as const) {
      seed.scores[scoreKey(juror.id, team.id)] = { jurorId: juror.id, teamId: team.id, marks: marks(mark), note: '', revision: 1, updatedAt: STARTS_AT + 40 * 60_000 };
    }
  }
  t = await startApp({ seed: () => seed });
  browser = await launchBrowser();
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function consoleIn(locale: DeviceLocale, tab: string, before?: (page: Page) => Promise<void>): Promise<Page> {
  const { context, page } = await newDevicePage(browser, locale, CONSOLE);
  contexts.push(context);
  await before?.(page);
  await page.goto(`${t.url}/organiser?tab=${tab}#${t.organiserToken}`);
  return page;
}

/** Runs of ASCII white space as one space; French's narrow no-break spaces (U+202F) stay, to be checked. */
const squash = (s: string) => s.replace(/[ \t\r\n]+/g, ' ');
const text = async (page: Page, selector = 'body') => squash(await page.locator(selector).innerText());

describe('the console on a fr-CH laptop in New York, for a French event in Zurich', () => {
  it('Live: French tabs, clock controls, agenda in Zurich time, keyboard help, and the keys still work', async () => {
    const page = await consoleIn('fr-CH', 'live');
    const nav = page.getByRole('navigation', { name: 'Sections de la console' });
    await nav.waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expect.poll(() => page.title()).toBe('Podium — organisation');
    for (const tab of ['Direct', 'Préparation', 'Notation', 'Résultats']) expect(await nav.getByRole('button', { name: tab, exact: true }).isVisible(), tab).toBe(true);
    // The language switch is in the header, French pressed.
    expect(await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).toBe('true');

    // The agenda: the welcome planned at 16:15 Zurich time, not 10:15 New York time.
    const agenda = page.getByRole('region', { name: 'Programme' });
    const welcome = agenda.getByRole('row', { name: /Accueil et introduction/ });
    expect(await welcome.innerText()).toMatch(/^16:15\s/);
    expect(await agenda.getByRole('columnheader', { name: 'Prévu' }).isVisible()).toBe(true);
    expect(await agenda.getByRole('button', { name: 'Aller à Accueil et introduction' }).isVisible()).toBe(true);
    expect(await text(page, '.agenda-panel')).toMatch(/Fin estimée \d\d:\d\d \(prévue \d\d:\d\d\)/);

    // The keyboard help in French; keys named in French where they have a name.
    const keys = page.getByRole('region', { name: 'Clavier' });
    const help = await keys.innerText();
    expect(help).toMatch(/Espace\s+Démarrer, mettre en pause ou reprendre le chrono/);
    expect(help).toMatch(/\+\s*ou\s*=\s*Ajouter 30 secondes/);
    expect(help).toMatch(/Échap\s+Effacer le message du retour de scène/);
    expect(help).toContain('Les raccourcis sont ignorés pendant la saisie dans un champ\u202f; Échap quitte le champ.');

    // The clock's buttons, and Space (matched by its character, as on an AZERTY or QWERTZ keyboard) starts the clock.
    for (const name of ['Démarrer', '◀ Précédent', 'Suivant ▶', 'Recommencer la phase']) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    // French units, never split from their number (Intl's no-break spaces).
    expect(await page.getByRole('button', { name: 'Ajouter 30 secondes' }).innerText()).toMatch(/^\+30[\u00a0\u202f]s$/);
    expect(await page.getByRole('button', { name: 'Retirer 1 minute' }).innerText()).toMatch(/^−1[\u00a0\u202f]min$/);
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await expect.poll(() => t.data().live.timer.status).toBe('running');

    // The presets are in the event's language, what the stage monitor speaks.
    const presets = page.getByRole('group', { name: 'Messages prédéfinis' });
    expect(await presets.getByRole('button').allInnerTexts()).toEqual(['1 minute', 'Concluez', 'Place aux questions']);
    expect(await page.getByRole('textbox', { name: 'Message' }).getAttribute('placeholder')).toBe('Écrivez, puis Entrée');

    // The console's own panels (the projector's preview speaks the event's language, drawn by the screen's components).
    const body = `${await text(page, 'header.top')} ${await text(page, '.live .left')} ${await text(page, '.agenda-panel')}`;
    for (const english of ['Keyboard', 'Agenda', 'Planned', 'Start, pause', 'Message to the speaker', 'On the projector', '10:15']) expect(body).not.toContain(english);
    await screenshot(page, 'console-fr-live');

    // A confirm dialog in French: restarting a running phase.
    await page.getByRole('button', { name: 'Recommencer la phase', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Recommencer cette phase\u202f?' });
    await dialog.waitFor();
    expect(squash(await dialog.innerText())).toContain('Le chrono revient à la durée complète de la phase');
    expect(await dialog.getByRole('button', { name: 'Annuler' }).isVisible()).toBe(true);
    await screenshot(page, 'console-fr-live-confirm');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(t.data().live.timer.status).toBe('running');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => t.data().live.timer.status).toBe('paused');
  });

  it('Scoring: "N sur M scores reçus", window labels and times in Zurich', async () => {
    const page = await consoleIn('fr-CH', 'scoring');
    const region = page.getByRole('region', { name: 'Notation' });
    await region.waitFor();
    // 6 scores in of 6 teams × 4 jurors.
    expect(await text(page, '.summary')).toMatch(/^6 sur 24 scores reçus · \d+ équipes? ouvertes?$/);
    const ecopals = region.getByRole('row', { name: /^ecopals/ });
    // Saved at 15:55 UTC = 16:55 in Zurich.
    expect(await ecopals.innerText()).toContain('16:55');
    expect(await ecopals.innerText()).toContain('Manquante');
    await screenshot(page, 'console-fr-scoring');
  });

  it('Results: French headings, 7,33-style scores, and the reveal in feminine places (1re, 2e)', async () => {
    const page = await consoleIn('fr-CH', 'results');
    await page.getByRole('region', { name: /^Résultats/ }).waitFor();
    const second = t.data().event.teams[1]!.name;
    const row = page.getByRole('row', { name: new RegExp(`^2 ${second}`) });
    expect(squash(await row.innerText())).toMatch(/^2 \S.* 7,33 /);
    expect(await page.getByRole('columnheader', { name: 'Impact ×1,5 · 1–10' }).isVisible()).toBe(true);
    for (const heading of ['Rang', 'Équipe', 'Jurés', 'Écart']) expect(await page.getByRole('columnheader', { name: heading, exact: true }).first().isVisible(), heading).toBe(true);
    expect(await page.getByRole('region', { name: 'Ce que voit la salle' }).getByRole('radio', { name: /Masqués/ }).count()).toBe(1);
    await page.getByText('Comment un score est calculé (échelle 1–10)').click();
    expect(await page.getByRole('region', { name: /^Résultats/ }).getByText(/Critères\u202f: Impact \(notes 1–10, poids 1,5\)\u202f; Portée/).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Lancer l’annonce' }).click();
    const order = page.getByRole('list', { name: 'Ordre de l’annonce' });
    await order.waitFor();
    expect((await order.getByRole('listitem').allInnerTexts()).map(squash)).toEqual([`2e place ${second}`, '1re place ecopals']);
    expect(await text(page, '.progress')).toBe('Étape 0 sur 4');
    const coming = page.getByRole('status').filter({ hasText: 'Ensuite' });
    expect(squash(await coming.innerText())).toBe(`Ensuite\u202f: la salle voit «\u202f2e place…\u202f», l’équipe encore cachée (c’est ${second}).`);
    const body = await text(page);
    // (Not the export buttons: ExportLinks is translated elsewhere.)
    for (const english of ['Team', 'Jurors', 'Winners', 'Next step', 'place overall', '7.33', '2nd']) expect(body).not.toContain(english);
    await screenshot(page, 'console-fr-results');
    await page.getByRole('radio', { name: /Masqués/ }).check();
    await expect.poll(() => t.data().visibility.mode).toBe('hidden');
  });

  it('the printed sheet: French, decimal commas, event date and "imprimé le … à …" in Zurich time', async () => {
    // Printed at 16:42 UTC: 17:42 in Zurich, 11:42 in New York.
    const page = await consoleIn('fr-CH', 'results', (p) => p.clock.setFixedTime(new Date('2026-12-01T16:42:00Z')));
    await page.getByRole('region', { name: /^Résultats/ }).waitFor();
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const sheet = page.getByRole('article', { name: 'Résultats à imprimer' });
    await sheet.waitFor({ state: 'visible' });
    const printed = squash(await sheet.innerText());
    expect(printed).toContain('Résultats du jury · 1er décembre 2026 (imprimé le 1er décembre 2026 à 17:42)');
    expect(printed).not.toContain('11:42');
    expect(printed).toContain('Impact poids 1,5 · notes 1–10');
    expect(printed).toMatch(/7,33 7,33 note 7,33/);
    expect(printed).toContain('Signatures du jury');
    expect(printed).toContain('Les scores égaux sont départagés par la moyenne du critère Impact, puis le nombre de jurés\u202f;');
    expect(printed).toContain('* Provisoire\u202f: tous les jurés attendus n’ont pas encore noté cette équipe.');
    for (const english of ['Rank', 'printed', 'weight', 'mark ', 'Signatures of the jury', 'Scores are on']) expect(printed).not.toContain(english);
    await screenshot(page, 'console-fr-print');
  });

  it('Build: a refused team CSV names each bad line in French', async () => {
    const page = await consoleIn('fr-CH', 'build');
    const group = page.getByRole('group', { name: 'Importer des équipes depuis un fichier CSV' });
    await group.waitFor();
    const teams = t.data().event.teams.length;
    const csv = 'name,project\nNouvelle équipe,ok\n,sans nom\nTrop,de,valeurs\nnouvelle équipe,doublon\n';
    await group.getByLabel('Fichier CSV').setInputFiles({ name: 'equipes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await group.getByRole('button', { name: 'Importer les équipes' }).click();
    const alert = group.getByRole('alert');
    await alert.waitFor();
    expect((await alert.innerText()).split('\n')).toEqual([
      'Rien n’a été importé. Corrigez ces lignes\u202f:',
      'ligne 3\u202f: name ne doit pas être vide',
      'ligne 4\u202f: 3 valeurs pour 2 colonnes (mettez une valeur qui contient une virgule entre guillemets droits "…")',
      'ligne 5\u202f: l’équipe «\u202fnouvelle équipe\u202f» figure déjà à la ligne 2',
    ]);
    expect(t.data().event.teams.length).toBe(teams);
    await alert.scrollIntoViewIfNeeded();
    await screenshot(page, 'console-fr-csv-refused');
  });

  it('Build: imports a French Excel CSV (columns named in French, semicolons, UTF-8 or Windows-1252), and names a bad line’s column as the file does', async () => {
    const page = await consoleIn('fr-CH', 'build');
    const group = page.getByRole('group', { name: 'Importer des équipes depuis un fichier CSV' });
    await group.waitFor();
    expect(await group.locator('code').innerText()).toBe('nom,projet,membres,catégorie,salle,table,zone');
    const file = (csv: string) => ({ name: 'équipes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const head = 'Nom;Projet;Membres;Catégorie\r\n';
    const good = 'École Ça Bouge;Recyclage, à l’école;"Zoë Çelik; Jürgen Groß";Éducation\r\n';
    await group.getByLabel('Fichier CSV').setInputFiles(file(`${head}${good};sans nom;;\r\n`));
    await group.getByRole('button', { name: 'Importer les équipes' }).click();
    const alert = group.getByRole('alert');
    await alert.waitFor();
    expect((await alert.innerText()).split('\n')).toEqual(['Rien n’a été importé. Corrigez ces lignes\u202f:', 'ligne 3\u202f: Nom ne doit pas être vide']);
    await group.getByLabel('Fichier CSV').setInputFiles(file(`${head}${good}`));
    await group.getByRole('button', { name: 'Importer les équipes' }).click();
    await group.getByText(/1 équipe importée/).waitFor();
    const team = t.data().event.teams.find((x) => x.name === 'École Ça Bouge');
    expect(team).toMatchObject({ project: 'Recyclage, à l’école', members: ['Zoë Çelik', 'Jürgen Groß'] });
    expect(t.data().event.categories.find((c) => c.id === team!.categoryId)?.name).toBe('Éducation');
    // Saved by Excel on Windows as "CSV": Windows-1252, not UTF-8 (É is the byte 0xC9).
    const windows = Buffer.from(`${head}Straßen Küche Ça;Gemüse;Zoë;Économie circulaire\r\n`, 'latin1');
    expect(windows.includes(0xc9)).toBe(true);
    await group.getByLabel('Fichier CSV').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: windows });
    await group.getByRole('button', { name: 'Importer les équipes' }).click();
    await group.getByText('1 équipe importée depuis excel.csv. Il a été lu comme du texte Windows-1252 (le «\u202fCSV\u202f» d’Excel)\u202f: vérifiez les accents des noms.').waitFor();
    expect(t.data().event.teams.find((x) => x.name === 'Straßen Küche Ça')).toMatchObject({ project: 'Gemüse', members: ['Zoë'] });
  });

  it('the same console on an en-GB laptop speaks English, times still Zurich', async () => {
    const page = await consoleIn('en-GB', 'live');
    await page.getByRole('navigation', { name: 'Console sections' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const welcome = page.getByRole('region', { name: 'Agenda' }).getByRole('row', { name: /Accueil et introduction/ });
    expect(await welcome.innerText()).toMatch(/^16:15\s/);
    expect(await page.getByRole('region', { name: 'Keyboard' }).innerText()).toMatch(/Space\s+Start, pause or resume the clock/);
    // The switch turns the console French at once.
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('region', { name: 'Clavier' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
  });
});
