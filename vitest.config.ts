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
 * CI's lanes (.ci/run, PODIUM_BROWSER_LANE), vitest processes side by side, each one file at a time:
 * two by default, three with PODIUM_CI_LANES=3. Lane A runs every browser file not listed below, so
 * a file not listed (a new one) always runs, in lane A.
 * Two lanes: lane B runs every server file, then BROWSER_LANE_B_OF_TWO.
 * Three lanes: lane B runs the server's files but SERVER_LANE_C, then BROWSER_LANE_B; lane C runs
 * SERVER_LANE_C (the files that start server processes and wait on them: the benchmarks' smoke
 * test, the crash tests) then BROWSER_LANE_C.
 * Chosen from the files' durations in fresh-clone runs (test-results/ci/lane-*.json,
 * `startTime`/`endTime`) so that the lanes end together: with three, some 610 s of lane time each by
 * the medians of five session-7 runs (measured with two lanes).
 */
export const BROWSER_LANE_B_OF_TWO = [
  'tests/browser/no-english-left.test.ts',
  'tests/browser/screen-boards-crowded.test.ts',
  'tests/browser/screen-i18n.test.ts',
  'tests/browser/rankings.test.ts',
  'tests/browser/projected-times-live.test.ts',
  // Since bench-smoke's children start from a bundle (~100 s less in lane B).
  'tests/browser/overlay.test.ts',
  // Session 9, in Chromium's headless shell: lane B's server files took 418 s of a fresh-clone run
  // (load 6 to 21) and its browser files 287 s, lane A's 620 s; so jury.test.ts (25 s) went to lane A.
  // Session 10, fresh clone at load 4 to 10: lane A ended at 364 s, lane B at 439 s (its server
  // files at 283 s, then 143 s of these); so panels.test.ts (36 s) went to lane A.
];
export const SERVER_LANE_C = [
  'tests/integration/bench-smoke.test.ts',
  'tests/integration/crash.test.ts',
  'tests/integration/crash-loop.test.ts',
  'tests/integration/fuzz.test.ts',
  'tests/integration/compaction-worker.test.ts',
  'tests/integration/power-cut.test.ts',
  'tests/integration/vote-crash.test.ts',
  'tests/integration/restart.test.ts',
];
export const BROWSER_LANE_B = [
  'tests/browser/no-english-left.test.ts',
  'tests/browser/overlay.test.ts',
  'tests/browser/console.test.ts',
  'tests/browser/console-scale.test.ts',
  'tests/browser/rankings.test.ts',
  'tests/browser/jury.test.ts',
  'tests/browser/rounds-order.test.ts',
  'tests/browser/security.test.ts',
  'tests/browser/screen-layout.test.ts',
  'tests/browser/rounds.test.ts',
  'tests/browser/csv-import-200.test.ts',
  'tests/browser/flood-notice.test.ts',
  'tests/browser/jury-handover.test.ts',
];
export const BROWSER_LANE_C = [
  'tests/browser/screen-fit.test.ts',
  'tests/browser/console-i18n.test.ts',
  'tests/browser/projected-times-live.test.ts',
  'tests/browser/expo-paper.test.ts',
  'tests/browser/recovery.test.ts',
  'tests/browser/results-sheet.test.ts',
  'tests/browser/audience-rooms.test.ts',
];
const missing = [...SERVER_LANE_C, ...BROWSER_LANE_B, ...BROWSER_LANE_C, ...BROWSER_LANE_B_OF_TWO].filter((f) => !existsSync(f));
if (missing.length > 0) throw new Error(`vitest.config.ts: the lanes name files that do not exist: ${missing.join(', ')}`);
const lanes = process.env.PODIUM_CI_LANES ?? '2';
if (lanes !== '2' && lanes !== '3') throw new Error(`PODIUM_CI_LANES is 2, 3 or unset, not ${lanes}`);
const lane = process.env.PODIUM_BROWSER_LANE;
if (lane !== undefined && lane !== 'A' && lane !== 'B' && !(lane === 'C' && lanes === '3')) throw new Error(`PODIUM_BROWSER_LANE is A, B, C (with PODIUM_CI_LANES=3) or unset, not ${lane}`);
const browserB = lanes === '3' ? BROWSER_LANE_B : BROWSER_LANE_B_OF_TWO;
const browserC = lanes === '3' ? BROWSER_LANE_C : [];
const serverC = lanes === '3' ? SERVER_LANE_C : [];
/** The browser files of this lane: B's or C's list; A: every other; no lane (npm test, one file): all of them. */
const browserInclude = lane === 'B' ? browserB : lane === 'C' ? browserC : [BROWSER_FILES];
const browserExclude = lane === 'A' ? [...configDefaults.exclude, ...browserB, ...browserC] : configDefaults.exclude;
/** The server project's files: lane C's list in lane C, the others in lane B (and everywhere else, all). */
const serverInclude = lane === 'C' ? serverC : SERVER_FILES;
const serverExclude = lane === 'B' ? [...configDefaults.exclude, ...ISOLATED_FILES, ...serverC] : [...configDefaults.exclude, ...ISOLATED_FILES];

export default defineConfig({
  test: {
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Each file's CPU-seconds when PODIUM_CPU_LOG names a file (.ci/run): nothing otherwise.
    setupFiles: ['tests/helpers/file-cpu.ts'],
    // expect.poll waits for a condition; on two shared cores a page can take seconds to show it.
    expect: { requireAssertions: true, poll: { timeout: 15_000 } },
    // The compiled messages (protocol/paraglide: plain JS, one module per message, about 700)
    // load natively: through vite's transform each test file spent seconds fetching them one by one.
    server: { deps: { external: [/\/protocol\/paraglide\//] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every store, and every server process a test starts, checks that each change named every
    // section it touched (server/store/change-tracker.ts): a wrong name fails the change loudly here.
    env: { PODIUM_VERIFY_SECTIONS: '1' },
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
        test: { name: 'server', environment: 'node', include: serverInclude, exclude: serverExclude, isolate: false },
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
          include: browserInclude,
          exclude: browserExclude,
          maxWorkers: Number(process.env.PODIUM_BROWSER_WORKERS ?? 1),
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
