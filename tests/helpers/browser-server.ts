// The browser project's one Chromium: launched once before its first file, closed after its last.
// Each test file connects to it (launchBrowser in browser.ts) and gets contexts of its own, which
// its browser.close() closes; launching Chromium once per file cost a few seconds a file.
import { readdirSync, readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, TEST_CHROMIUM } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Chromium's address for chromium.connect, or '' when each file launches its own. */
    browserWsEndpoint: string;
  }
}

/**
 * The CPU-seconds (user + system) Chromium's processes have used so far, from Linux's /proc: each
 * process's own and that of its children it has waited for (the renderers of closed pages), or
 * null elsewhere. Needed because they never reach the shell's `times`: Chromium's zygote and
 * renderers are not waited for by a process vitest waits for, so CI's CPU-seconds left out
 * Chromium's (measured: 35 CPU-s of Chromium beside 21 of node for one browser file). The
 * teardown prints `ci: Chromium used N CPU-s`, which .ci/run adds to its lane's figure.
 */
function chromiumSeconds(rootPid: number | undefined): number | null {
  if (rootPid === undefined) return null;
  try {
    const parent = new Map<number, number>();
    const ticks = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // Fields after the command's closing parenthesis: state, ppid, … utime (12th), stime, cutime, cstime.
        const f = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
        parent.set(Number(entry), Number(f[1]));
        ticks.set(Number(entry), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
      } catch {
        // the process ended meanwhile
      }
    }
    const tree = new Set([rootPid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, ppid] of parent) if (tree.has(ppid) && !tree.has(pid)) (tree.add(pid), (grew = true));
    }
    // Linux counts in USER_HZ, 100 a second on every architecture node runs on.
    return [...tree].reduce((sum, pid) => sum + (ticks.get(pid) ?? 0), 0) / 100;
  } catch {
    return null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({ executablePath: TEST_CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  project.provide('browserWsEndpoint', server.wsEndpoint());
  return async () => {
    const seconds = chromiumSeconds(server.process().pid);
    if (seconds !== null) console.log(`ci: Chromium used ${seconds.toFixed(0)} CPU-s (${TEST_CHROMIUM})`);
    await server.close();
  };
}
