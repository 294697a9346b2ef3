// The compaction worker's entry, wherever the server runs from: from the sources under
// tsx (what `npm start` and `npm run dev` run), and bundled (the tests' child servers,
// with compaction-worker.mjs beside index.mjs; the in-process stores of the other test
// files load it from the sources too). A server whose worker cannot start compacts on
// the main thread and says so.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { distDir, tempDir } from '../helpers/app.ts';
import { TEST_ADMIN_TOKEN } from '../helpers/child-server.ts';
import { ROOT, SERVER_BUNDLE } from '../helpers/paths.ts';

const READY = /\shttp:\/\/127\.0\.0\.1:(\d+)\/organiser#/;
const FALLBACK = /compaction worker could not compact .*compacting on the main thread/;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** How long the log stays quiet before the store compacts it (the store's own default is 2 s): each case waits it out. */
const COMPACT_IDLE_MS = 300;

function start(args: string[], dataDir: string): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PODIUM_DATA: dataDir, PODIUM_DIST: distDir, PODIUM_ADMIN_TOKEN: TEST_ADMIN_TOKEN, PODIUM_LANG: 'en', PODIUM_COMPACT_IDLE_MS: String(COMPACT_IDLE_MS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = READY.exec(out);
      if (match) resolve({ url: `http://127.0.0.1:${match[1]}`, output: () => out });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

/** A change through the control API, then the log going quiet: the store compacts it into podium.json COMPACT_IDLE_MS later. */
async function changeAndWaitForCompaction(url: string, dataDir: string): Promise<void> {
  const answer = await fetch(`${url}/api/v1/start`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
  expect(answer.status).toBe(200);
  expect(statSync(join(dataDir, 'podium.log')).size).toBeGreaterThan(0);
  await expect.poll(() => statSync(join(dataDir, 'podium.log')).size, { timeout: 30_000 }).toBe(0);
  const snapshot = JSON.parse(readFileSync(join(dataDir, 'podium.json'), 'utf8')) as { logSeq: number; live: { timer: { status: string } } };
  expect(snapshot.logSeq).toBe(1);
  expect(snapshot.live.timer.status).toBe('running');
}

describe('the compaction worker', () => {
  it('runs from the sources under tsx, as npm start runs the server', { timeout: 90_000 }, async () => {
    const dir = tempDir('podium-worker-tsx-');
    const server = await start(['--import', 'tsx', 'server/index.ts'], dir);
    await changeAndWaitForCompaction(server.url, dir);
    expect(server.output()).not.toMatch(FALLBACK);
    expect(server.output()).not.toMatch(/could not compact/);
  });

  it('runs bundled beside the bundled server', { timeout: 60_000 }, async () => {
    const dir = tempDir('podium-worker-bundle-');
    const server = await start([SERVER_BUNDLE], dir);
    await changeAndWaitForCompaction(server.url, dir);
    expect(server.output()).not.toMatch(FALLBACK);
    expect(server.output()).not.toMatch(/could not compact/);
  });

  it('leaves the main thread to compact, and says so, when the worker cannot start', { timeout: 60_000 }, async () => {
    // The bundled server alone, without compaction-worker.mjs beside it.
    const alone = join(dirname(SERVER_BUNDLE), '..', 'server-without-worker', 'index.mjs');
    mkdirSync(dirname(alone), { recursive: true });
    copyFileSync(SERVER_BUNDLE, alone);
    const dir = tempDir('podium-worker-missing-');
    const server = await start([alone], dir);
    await changeAndWaitForCompaction(server.url, dir);
    expect(server.output()).toMatch(FALLBACK);
  });
});
