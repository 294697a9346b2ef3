import { existsSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

const SERVER_FILES = ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'];
/** Server files that set process-wide state (TZ, vi.stubGlobal, fake timers, overwriteGetLocale): one process each. */
const ISOLATED_FILES = [
  'tests/unit/format.test.ts',
  'tests/unit/link-handover.test.ts',
  'tests/unit/server-clock.test.ts',
  'tests/unit/console-i18n.test.ts',
  'tests/unit/error-messages.test.ts',
  'tests/unit/numbers.test.ts',
];

const BROWSER_FILES = 'tests/browser/**/*.test.ts';
/**
 * CI's second lane (.ci/run, PODIUM_BROWSER_LANE): lane B runs the server's files and then these
 * browser files; lane A runs every other browser file from the start, so a file not listed here
 * (a new one) always runs, in lane A. Chosen from the files' durations (test-results/ci/lane-*.json,
 * `startTime`/`endTime`) so that both lanes end together: with no lanes the browser files ran
 * alone for some six minutes after the server's files ended.
 */
export const BROWSER_LANE_B = [
  'tests/browser/no-english-left.test.ts',
  'tests/browser/screen-boards-crowded.test.ts',
  'tests/browser/screen-i18n.test.ts',
  'tests/browser/panels.test.ts',
  'tests/browser/rankings.test.ts',
  'tests/browser/projected-times-live.test.ts',
  'tests/browser/jury.test.ts',
];
const missing = BROWSER_LANE_B.filter((f) => !existsSync(f));
if (missing.length > 0) throw new Error(`vitest.config.ts: BROWSER_LANE_B names files that do not exist: ${missing.join(', ')}`);
const lane = process.env.PODIUM_BROWSER_LANE;
if (lane !== undefined && lane !== 'A' && lane !== 'B') throw new Error(`PODIUM_BROWSER_LANE is A, B or unset, not ${lane}`);

export default defineConfig({
  test: {
    globalSetup: ['tests/helpers/global-setup.ts'],
    // expect.poll waits for a condition; on two shared cores a page can take seconds to show it.
    expect: { requireAssertions: true, poll: { timeout: 15_000 } },
    // The compiled messages (protocol/paraglide: plain JS, one module per message, about 700)
    // load natively: through vite's transform each test file spent seconds fetching them one by one.
    server: { deps: { external: [/\/protocol\/paraglide\//] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and crash tests start real processes: two cores, so not too many at once.
    maxWorkers: 2,
    projects: [
      // The server's unit and integration files share one worker and its imports (isolate: false):
      // a fresh process per file spent some 2 CPU-seconds loading the server's modules again each
      // time, about a third of the project's CPU. The files that change the process's globals (a
      // time zone, a stubbed global, fake timers, the messages' locale) keep a process of their
      // own each, in 'server-isolated' beside it.
      {
        extends: true,
        test: { name: 'server', environment: 'node', include: SERVER_FILES, exclude: ISOLATED_FILES, isolate: false },
      },
      {
        extends: true,
        test: { name: 'server-isolated', environment: 'node', include: ISOLATED_FILES },
      },
      {
        extends: true,
        // One browser file at a time by default, in a worker that keeps its imports (playwright-core,
        // the server's modules) from file to file: each file starts its own server, and connects to
        // the one Chromium that browser-server.ts launches for the whole project. Two workers
        // (PODIUM_BROWSER_WORKERS=2) beside the server's files overloaded two cores in a fresh-clone
        // CI (child servers and pages missed their time limits), so one it is.
        test: {
          name: 'browser',
          globalSetup: ['tests/helpers/browser-server.ts'],
          environment: 'node',
          // Lane B: its list; lane A: every other file; no lane (npm test, one file): all of them.
          include: lane === 'B' ? BROWSER_LANE_B : [BROWSER_FILES],
          exclude: lane === 'A' ? [...configDefaults.exclude, ...BROWSER_LANE_B] : configDefaults.exclude,
          maxWorkers: Number(process.env.PODIUM_BROWSER_WORKERS ?? 1),
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
