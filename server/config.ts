// Configuration from the environment, with the defaults a venue needs.
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  organiserToken: string | undefined;
  publicUrl: string | undefined;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}".`);
  const token = env.PODIUM_ADMIN_TOKEN?.trim() || undefined;
  if (token && !/^[A-Za-z0-9_-]{20,64}$/.test(token)) {
    throw new Error('PODIUM_ADMIN_TOKEN must be 20 to 64 letters, digits, - or _ (it guards the whole event).');
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.PODIUM_DATA ?? 'data'),
    organiserToken: token,
    publicUrl: env.PODIUM_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
  };
}
