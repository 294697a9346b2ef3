// Paths the test set-up and the tests share; no imports of the app, so global-setup.ts can
// use it before the messages are compiled.
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
/** server/index.ts bundled by global-setup.ts for the child-process tests (git-ignored). */
export const SERVER_BUNDLE = resolve(ROOT, 'test-results/server/index.mjs');
/** The benchmarks' child processes (bench/NAME.ts) that global-setup.ts bundles beside it, as bench-NAME.mjs. */
export const BENCH_CHILDREN = ['server-child', 'fanout-child', 'audience-child', 'juror-child', 'flood-child', 'screen-child'];
