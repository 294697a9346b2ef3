// The Build tab imports 200 teams from a CSV file with their room and table (issue 17), through its
// own file picker as an organiser does: the rooms named in the file are created, each team gets its
// table and pitches in its room, and the tab stays usable (the teams section lists them all, a team
// is found and edited). Screenshots looked at.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomIdOf } from '../../protocol/rooms.ts';
import { startApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, newDevicePage, screenshot } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
const ROOMS = ['Main stage', 'Salle Curie', 'Room 3', 'Room 4'];

beforeAll(async () => {
  t = await startApp();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('a CSV of 200 teams with their room and table', () => {
  it('is imported from the Build tab, its rooms created and each team at its table (en-GB)', async () => {
    const before = t.data().event.teams.length;
    const lines = Array.from({ length: 200 }, (_, i) => `Hack ${String(i + 1).padStart(3, '0')},Project ${i + 1},${ROOMS[i % 4]},T${i + 1}`);
    const csv = ['name,project,room,table', ...lines].join('\n');
    const { page } = await newDevicePage(browser, 'en-GB', { width: 1280, height: 900 });
    await page.goto(`${t.url}/organiser?tab=build#${t.organiserToken}`);
    const group = page.getByRole('group', { name: 'Import teams from a CSV file' });
    await group.getByLabel('CSV file').setInputFiles({ name: 'hackathon.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const started = Date.now();
    await group.getByRole('button', { name: 'Import teams' }).click();
    await group.getByRole('status').filter({ hasText: /Imported 200 teams/ }).waitFor({ timeout: 60_000 });
    // The rooms the file created are named; "Main stage", the words the console shows for the main room, is that room.
    expect(await group.getByRole('status').innerText()).toBe('Imported 200 teams from hackathon.csv. New rooms created: “Salle Curie”, “Room 3”, “Room 4”. If you meant rooms that exist, check their spelling in the Rooms section.');
    // Drawn: the last team's row is in the teams section.
    await page.getByRole('textbox', { name: 'Name of Hack 200', exact: true }).waitFor({ timeout: 60_000 });
    console.log(`[csv-import-200] 200 teams imported and drawn in ${Date.now() - started} ms`);

    const d = t.data();
    expect(d.event.teams).toHaveLength(before + 200);
    expect((d.event.rooms ?? []).map((r) => r.name)).toEqual(ROOMS);
    const team = (n: number) => d.event.teams.find((x) => x.name === `Hack ${String(n).padStart(3, '0')}`)!;
    expect(team(2).table).toBe('T2');
    expect(team(200).table).toBe('T200');
    const curie = d.event.rooms!.find((r) => r.name === 'Salle Curie')!;
    const pitch = d.event.agenda.find((i) => i.kind === 'pitch' && i.teamId === team(2).id)!;
    expect(roomIdOf(d.event, pitch)).toBe(curie.id);

    // Still usable: a team renamed from its row.
    const name = page.getByRole('textbox', { name: 'Name of Hack 150', exact: true });
    await name.fill('Hack 150 bis');
    await name.press('Enter');
    await expect.poll(() => t.data().event.teams.some((x) => x.name === 'Hack 150 bis'), { timeout: 20_000 }).toBe(true);
    await group.scrollIntoViewIfNeeded();
    await screenshot(page, 'csv-import-200-en-GB');
    await page.context().close();
  }, 180_000);
});
