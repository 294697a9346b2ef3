// The browser project's one Chromium: launched once before its first file, closed after its last.
// Each test file connects to it (launchBrowser in browser.ts) and gets contexts of its own, which
// its browser.close() closes; launching Chromium once per file cost a few seconds a file.
import type { TestProject } from 'vitest/node';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Chromium's address for chromium.connect, or '' when each file launches its own. */
    browserWsEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  project.provide('browserWsEndpoint', server.wsEndpoint());
  return () => server.close();
}
