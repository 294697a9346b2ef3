// nginx (Debian's) as a child process for the proxy test: the README's configuration with the
// test's ports and a self-signed certificate, run in the foreground (`daemon off`) under a temp
// prefix (`-p`), so nothing of the machine's own nginx is read or written.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.ts';
import { tempDir } from './app.ts';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** The first ```nginx block of the README's section `heading`. */
export function readmeNginxConf(heading = '## Running on several machines'): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const match = /```nginx\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`no nginx block under ${heading} in README.md`);
  return match[1]!;
}

/** A self-signed certificate for 127.0.0.1 (openssl). */
export function selfSigned(dir: string): { cert: string; key: string; pem: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key, pem: readFileSync(cert, 'utf8') };
}

export interface TestNginx {
  dir: string;
  kill(): Promise<void>;
}

/** Runs `conf` (the http block's contents) in a minimal main configuration of its own. */
export async function startNginx(conf: string, waitFor: () => Promise<boolean>): Promise<TestNginx> {
  const dir = tempDir('podium-nginx-');
  writeFileSync(join(dir, 'podium.conf'), conf);
  const main = [
    'daemon off;',
    // One process, that a SIGKILL ends whole (a master's workers would outlive it).
    'master_process off;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${join(dir, 'body')};`,
    `  proxy_temp_path ${join(dir, 'proxy')};`,
    `  fastcgi_temp_path ${join(dir, 'fastcgi')};`,
    `  uwsgi_temp_path ${join(dir, 'uwsgi')};`,
    `  scgi_temp_path ${join(dir, 'scgi')};`,
    `  include ${join(dir, 'podium.conf')};`,
    '}',
  ].join('\n');
  writeFileSync(join(dir, 'nginx.conf'), main);
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${out}${safeRead(join(dir, 'error.log'))}`);
    if (await waitFor().catch(() => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer within 10 s:\n${out}${safeRead(join(dir, 'error.log'))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    dir,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
