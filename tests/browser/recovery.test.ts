// The server restarts while pages are open: people see a discreet "Reconnecting…"
// mark and nothing else; the pages come back by themselves with the current data.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { tempDir } from '../helpers/app.ts';
import { launchBrowser, newPage, PHONE, screenshot } from '../helpers/browser.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';

let browser: Browser;
let server: ChildServer | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await server?.kill();
  await browser?.close();
});

/** The connection mark: "Reconnecting…" on the show pages, the "Offline" pill on the juror's phone. */
const mark = (page: Page) => page.getByRole('status').filter({ hasText: /Reconnecting|Offline/ });

describe('a server restart while pages are open', () => {
  it('shows only the reconnecting mark, then the pages recover with the current data', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    server = await startChildServer(dir);
    const { port } = server;
    const file = join(dir, 'podium.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as PodiumData;
    const name = data.event.settings.name;

    const pages: { label: string; page: Page; errors: string[] }[] = [];
    for (const [label, path, viewport] of [
      ['screen', '/screen', undefined],
      ['juror', `/jury/${data.event.jurors[0]!.token}`, PHONE],
      ['organiser', `/organiser#${server.organiserToken}`, undefined],
    ] as const) {
      const { page } = await newPage(browser, viewport);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url + path);
      await page.getByText(name).first().waitFor();
      expect(await mark(page).count(), label).toBe(0);
      pages.push({ label, page, errors });
    }

    await server.kill();
    const killedAt = performance.now();
    for (const { page, label } of pages) {
      await mark(page)
        .waitFor({ timeout: 15_000 })
        .catch(async (e: Error) => {
          await screenshot(page, `recovery-${label}-no-mark`);
          throw new Error(`${label}: ${e.message}`);
        });
      expect(await mark(page).isVisible(), label).toBe(true);
      // Still the same page with the last data it had: no error screen, no blank.
      expect(await page.getByText(name).first().isVisible(), label).toBe(true);
    }
    const markAfterMs = performance.now() - killedAt;
    await screenshot(pages[1]!.page, 'recovery-juror-reconnecting');

    // While the server is down the event is renamed on disk: after the restart the pages must show it.
    const renamed = 'Renamed while the server was down';
    writeFileSync(file, JSON.stringify({ ...data, event: { ...data.event, settings: { ...data.event.settings, name: renamed } } }));
    server = await startChildServer(dir, { PORT: String(port) });
    expect(server.port).toBe(port);
    const restartedAt = performance.now();
    for (const { page, label, errors } of pages) {
      await page.getByText(renamed).first().waitFor({ timeout: 15_000 });
      await mark(page).waitFor({ state: 'hidden', timeout: 15_000 });
      expect(await mark(page).count(), label).toBe(0);
      expect(await page.getByText(renamed).first().isVisible(), label).toBe(true);
      expect(errors, label).toEqual([]);
    }
    console.log(
      `[recovery] ${pages.length} pages: marks shown ${markAfterMs.toFixed(0)} ms after the kill; ` +
        `recovered with the current data ${(performance.now() - restartedAt).toFixed(0)} ms after the server listened again`,
    );
    await screenshot(pages[0]!.page, 'recovery-screen-after');
    for (const { page } of pages) await page.context().close();
  });
});
