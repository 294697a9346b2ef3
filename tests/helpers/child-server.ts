// The real server as a child process, for crash tests: start it on a data folder, SIGKILL it,
// start it again on the same folder. It runs server/index.ts as bundled by global-setup.ts
// (SERVER_BUNDLE, with source maps, so a stack names the .ts files).
import { spawn, type ChildProcess } from 'node:child_process';
import { distDir } from './app.ts';
import { ROOT, SERVER_BUNDLE } from './paths.ts';

export interface ChildServer {
  process: ChildProcess;
  url: string;
  port: number;
  organiserToken: string;
  output: () => string;
  kill: () => Promise<void>;
}

export const TEST_ADMIN_TOKEN = 'test-organiser-token-0123456789';

/** The organiser's line a primary prints once listening, whatever the language of its label. */
const PRIMARY_READY = /\shttp:\/\/127\.0\.0\.1:(\d+)\/organiser#/;
/** The line a fan-out node prints once listening (server/index.ts). */
const FANOUT_READY = /fan-out node on http:\/\/127\.0\.0\.1:(\d+)/;

/** A fan-out node (server/fanout/) on Redis at `redisUrl`, as a child process. */
export const startFanoutChild = (dataDir: string, redisUrl: string, env: Record<string, string> = {}): Promise<ChildServer> =>
  startChildServer(dataDir, { PODIUM_ROLE: 'fanout', PODIUM_REDIS_URL: redisUrl, ...env }, FANOUT_READY);

export function startChildServer(dataDir: string, env: Record<string, string> = {}, ready: RegExp = PRIMARY_READY): Promise<ChildServer> {
  // node itself runs the server, never a launcher (the tsx CLI would run it in a grandchild,
  // which a SIGKILL of the child leaves running: an orphan still holding the data file).
  const child = spawn(process.execPath, ['--enable-source-maps', SERVER_BUNDLE], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PODIUM_DATA: dataDir, PODIUM_DIST: distDir, PODIUM_ADMIN_TOKEN: TEST_ADMIN_TOKEN, PODIUM_LANG: 'en', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 20 s:\n${out}`));
    }, 20_000);
    const check = () => {
      const match = ready.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      const port = Number(match[1]);
      resolvePromise({
        process: child,
        url: `http://127.0.0.1:${port}`,
        port,
        organiserToken: env.PODIUM_ADMIN_TOKEN ?? TEST_ADMIN_TOKEN,
        output: () => out,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
}
