// Starts Podium: reads the config, opens the store (seeding the demo event on a
// first start), listens, and prints the links a person needs.
import { networkInterfaces } from 'node:os';
import { m } from '../protocol/i18n.ts';
import { createApp } from './app.ts';
import { systemClock } from './domain/clock.ts';
import { readConfig } from './config.ts';
import { machineTimeZone } from '../protocol/format.ts';
import { demoData } from './domain/demo-event.ts';
import { Store, StoreOpenError } from './store.ts';
import { createFanoutNode } from './fanout/node.ts';
import { servePrimary } from './fanout/primary.ts';
import { clusterAdapter, connectRedis, type RedisLink } from './fanout/redis.ts';

function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

async function main(): Promise<void> {
  const cannotStart = (message: string): never => {
    console.error(`\npodium: cannot start.\n${message}\n`);
    process.exit(1);
  };
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig();
  } catch (e) {
    return cannotStart((e as Error).message);
  }
  let redis: RedisLink | null = null;
  if (config.redisUrl) {
    try {
      redis = await connectRedis(config.redisUrl);
    } catch (e) {
      return cannotStart(`Redis at ${config.redisUrl} cannot be reached: ${(e as Error).message}`);
    }
  }
  if (config.role === 'fanout') return startFanout(config, redis!);
  let store: Store;
  try {
    store = await Store.open({
      dir: config.dataDir,
      seed: () => demoData(undefined, new Date(), { language: config.language, timeZone: machineTimeZone() }),
      ...(config.compactIdleMs !== undefined ? { compaction: { idleMs: config.compactIdleMs } } : {}),
    });
  } catch (e) {
    if (e instanceof StoreOpenError) return cannotStart(e.message);
    throw e;
  }
  // A juror link equal to the organiser's would open the console for that juror.
  const clash = config.organiserToken && store.data.event.jurors.find((j) => j.token === config.organiserToken);
  if (clash) return cannotStart(`PODIUM_ADMIN_TOKEN is the personal link of juror "${clash.name}"; choose another organiser token.`);
  let base: string | null = null;
  const app = createApp({
    store,
    publicUrl: () => base,
    organiserToken: config.organiserToken,
    distDir: config.distDir,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    trustProxy: config.trustProxy,
    ...(redis ? { adapter: clusterAdapter(redis) } : {}),
  });
  if (redis) {
    const { broadcaster } = app;
    servePrimary({ io: app.io, store, clock: systemClock, devices: app.devices, snapshot: () => broadcaster.clusterSnapshot(), changed: (c) => broadcaster.changed(c) });
  }
  const port = await app.listen(config.port, config.host);
  const host = config.host === '0.0.0.0' || config.host === '::' ? (lanAddress() ?? 'localhost') : config.host;
  base = config.publicUrl ?? `http://${host}:${port}`;
  const event = store.data.event;
  // In the event's language: the person starting Podium chose it (PODIUM_LANG) or set it in the Build tab.
  const locale = event.settings.language;
  const labelled = (label: string, value: string) => `  ${label.padEnd(18)} ${value}`;
  const lines = [
    '',
    m.server_running({ name: event.settings.name }, { locale }),
    labelled(m.server_data_file({}, { locale }), store.file),
    '',
    labelled(m.server_organiser({}, { locale }), `${base}/organiser#${app.organiserToken()}`),
    labelled(m.server_projector({}, { locale }), `${base}/screen`),
    labelled(m.server_stage({}, { locale }), `${base}/stage`),
    labelled(m.server_audience({}, { locale }), `${base}/`),
    labelled(m.overlay_server_line({}, { locale }), `${base}/overlay`),
    '',
    `  ${m.server_jurors({}, { locale })}`,
    ...event.jurors.map((j) => `    ${j.name.padEnd(24)} ${base}/jury/${j.token}`),
    '',
  ];
  console.log(lines.join('\n'));
  const stop = () => {
    // A clean stop folds the change log into podium.json, so the next start has nothing to replay.
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** A fan-out node: the public pages and sockets, fed by the primary through Redis. */
async function startFanout(config: ReturnType<typeof readConfig>, redis: RedisLink): Promise<void> {
  let base: string | null = null;
  const node = createFanoutNode({ redis, distDir: config.distDir, primaryUrl: config.primaryUrl, publicUrl: () => base, trustProxy: config.trustProxy });
  const port = await node.listen(config.port, config.host);
  const host = config.host === '0.0.0.0' || config.host === '::' ? (lanAddress() ?? 'localhost') : config.host;
  const local = `http://${host}:${port}`;
  base = config.publicUrl ?? local;
  console.log(`\npodium: fan-out node on ${local} (public address ${base}; Redis ${config.redisUrl}; the primary: ${config.primaryUrl ?? 'PODIUM_PRIMARY_URL not set'})\n`);
  const stop = () => {
    // Redis is left to the process's end: quitting rejects the adapter's commands still in flight.
    void node
      .close()
      .catch(() => undefined)
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
