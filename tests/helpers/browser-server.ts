// The browser project's one Chromium: launched once before its first file, closed after its last.
// Each test file connects to it (launchBrowser in browser.ts) and gets contexts of its own, which
// its browser.close() closes; launching Chromium once per file cost a few seconds a file.
import type { TestProject } from 'vitest/node';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, TEST_CHROMIUM } from './browser.ts';
import { processTreeSeconds } from './process-cpu.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Chromium's address for chromium.connect, or '' when each file launches its own. */
    browserWsEndpoint: string;
    /** The shared Chromium's process id (file-cpu.ts counts its CPU per file). */
    browserPid: number | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({ executablePath: TEST_CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  project.provide('browserWsEndpoint', server.wsEndpoint());
  project.provide('browserPid', server.process().pid);
  return async () => {
    // Chromium's processes never reach the shell's `times` (processTreeSeconds): printed for .ci/run to add
    // to its lane's figure (measured: 35 CPU-s of Chromium beside 21 of node for one browser file).
    const pid = server.process().pid;
    const seconds = pid === undefined ? null : processTreeSeconds(pid, true);
    if (seconds !== null) console.log(`ci: Chromium used ${seconds.toFixed(0)} CPU-s (${TEST_CHROMIUM})`);
    await server.close();
  };
}
