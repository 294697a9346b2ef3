// Each test file's CPU-seconds, for balancing CI's lanes and finding where its time goes: when
// PODIUM_CPU_LOG names a file (.ci/run sets it per lane), every test file appends one line to it,
// {"file", "worker", "chromium", "wallMs"}: the CPU (user + system) its vitest worker used during
// the file, with the child processes it started and has reaped (child servers, the benchmarks'
// children), and the CPU of the browser project's shared Chromium during the file (its pages'
// renderers: they never reach the worker's figures). Files of one worker run one after another, so
// the Chromium of a lane counts for its one browser file at a time. Unset, nothing is measured.
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { ROOT } from './paths.ts';
import { processTreeSeconds } from './process-cpu.ts';

const log = process.env.PODIUM_CPU_LOG;

/** This process's CPU-seconds, its own and its reaped children's. */
const workerSeconds = (): number => processTreeSeconds(process.pid, false) ?? 0;

if (log) {
  let start = { worker: 0, chromium: 0, at: 0 };
  const chromium = () => {
    // Provided by the browser project's set-up (browser-server.ts) only.
    const pid = inject('browserPid');
    return pid === undefined ? 0 : (processTreeSeconds(pid, true) ?? 0);
  };
  beforeAll(() => {
    start = { worker: workerSeconds(), chromium: chromium(), at: performance.now() };
  });
  afterAll(({}, suite) => {
    const file = relative(ROOT, suite.file.filepath);
    const line = {
      file,
      worker: Number((workerSeconds() - start.worker).toFixed(2)),
      chromium: Number((chromium() - start.chromium).toFixed(2)),
      wallMs: Math.round(performance.now() - start.at),
    };
    appendFileSync(log, `${JSON.stringify(line)}\n`);
  });
}
