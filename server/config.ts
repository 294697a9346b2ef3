// Configuration from the environment, with the defaults a venue needs.
import { resolve } from 'node:path';
import { localeOf } from '../protocol/i18n.ts';
import { tokenWeakness, type Language } from '../protocol/model.ts';
import { parseTrustProxy, type TrustProxy } from './http/client-address.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  organiserToken: string | undefined;
  publicUrl: string | undefined;
  /** The built pages (PODIUM_DIST, so parallel test runs can each serve their own build). */
  distDir: string;
  /** Open connections allowed per address (PODIUM_MAX_CONNECTIONS_PER_ADDRESS). */
  maxConnectionsPerAddress: number | undefined;
  /** The language of the event a first start creates: PODIUM_LANG, else the machine's locale, else English. */
  language: Language;
  /**
   * `primary` (the default): the store and every write. `fanout` (`--fanout` or PODIUM_ROLE=fanout):
   * the public pages and sockets only, fed by the primary through Redis (server/fanout/).
   */
  role: 'primary' | 'fanout';
  /** Redis (PODIUM_REDIS_URL): a fan-out node needs it; a primary with it feeds fan-out nodes. */
  redisUrl: string | undefined;
  /** The primary's address (PODIUM_PRIMARY_URL), where a fan-out node sends the organiser and the jurors. */
  primaryUrl: string | undefined;
  /** The reverse proxies whose X-Forwarded-For is believed (PODIUM_TRUST_PROXY; http/client-address.ts); null: none. */
  trustProxy: TrustProxy | null;
  /** How long the change log must stay quiet before it is compacted into podium.json (PODIUM_COMPACT_IDLE_MS); undefined: the store's 2 s. */
  compactIdleMs: number | undefined;
}

/** PODIUM_LANG=fr|en, else the machine's locale (LC_ALL, LC_MESSAGES, LANG, then Intl's), else English. */
export function firstStartLanguage(env: NodeJS.ProcessEnv = process.env): Language {
  const chosen = env.PODIUM_LANG?.trim();
  if (chosen) {
    const language = localeOf(chosen);
    if (!language) throw new Error(`PODIUM_LANG must be fr or en, not "${chosen}".`);
    return language;
  }
  for (const tag of [env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    if (tag && tag !== 'C' && tag !== 'POSIX') return localeOf(tag) ?? 'en';
  }
  return localeOf(Intl.DateTimeFormat().resolvedOptions().locale) ?? 'en';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv.slice(2)): Config {
  const roleName = argv.includes('--fanout') ? 'fanout' : (env.PODIUM_ROLE?.trim() || 'primary');
  if (roleName !== 'primary' && roleName !== 'fanout') throw new Error(`PODIUM_ROLE must be primary or fanout, not "${roleName}".`);
  const redisUrl = env.PODIUM_REDIS_URL?.trim() || undefined;
  if (roleName === 'fanout' && !redisUrl) throw new Error('A fan-out node needs PODIUM_REDIS_URL (e.g. redis://10.0.0.5:6379), the Redis its primary uses.');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new Error(`PODIUM_REDIS_URL must start with redis:// or rediss://, not "${redisUrl}".`);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}".`);
  const token = env.PODIUM_ADMIN_TOKEN?.trim() || undefined;
  const weakness = token ? tokenWeakness(token) : null;
  if (weakness) {
    throw new Error(`PODIUM_ADMIN_TOKEN is too weak: ${weakness} (it guards the whole event; leave it unset and Podium makes a strong one).`);
  }
  const cap = env.PODIUM_MAX_CONNECTIONS_PER_ADDRESS;
  const maxConnectionsPerAddress = cap ? Number(cap) : undefined;
  if (maxConnectionsPerAddress !== undefined && !(Number.isInteger(maxConnectionsPerAddress) && maxConnectionsPerAddress > 0)) {
    throw new Error(`PODIUM_MAX_CONNECTIONS_PER_ADDRESS must be a whole number above 0, not "${cap}".`);
  }
  const idle = env.PODIUM_COMPACT_IDLE_MS;
  const compactIdleMs = idle ? Number(idle) : undefined;
  if (compactIdleMs !== undefined && !(Number.isInteger(compactIdleMs) && compactIdleMs > 0)) {
    throw new Error(`PODIUM_COMPACT_IDLE_MS must be a whole number of milliseconds above 0, not "${idle}".`);
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.PODIUM_DATA ?? 'data'),
    organiserToken: token,
    publicUrl: env.PODIUM_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    distDir: resolve(env.PODIUM_DIST ?? resolve(import.meta.dirname, '../dist')),
    maxConnectionsPerAddress,
    language: firstStartLanguage(env),
    role: roleName,
    redisUrl,
    primaryUrl: env.PODIUM_PRIMARY_URL?.replace(/\/+$/, '') || undefined,
    trustProxy: parseTrustProxy(env.PODIUM_TRUST_PROXY),
    compactIdleMs,
  };
}
