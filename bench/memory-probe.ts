// Where an audience socket's resident memory goes, on Podium and on the bare Socket.IO baseline
// (bench/server-child.ts): each server's memory taken apart (V8's heap by space, committed and
// used; Node's external memory; /proc's anonymous and file-backed pages) once settled before the
// audience connects and once settled with it in, per socket. Not part of `npm run bench`: run it
// to see what part 5's resident figure is made of.
//
//   npx tsx bench/memory-probe.ts [--sockets=3000] [--bare-anchor-ms=5000] [--runs=1] [--sides=podium,bare]
import { BenchChild, spread } from './lib/rpc.ts';
import { median, sleep } from './lib/stats.ts';
import { MEMORY_READINGS, MEMORY_READINGS_APART_MS, MEMORY_SETTLED_BYTES } from './score-to-room.ts';
import type { Started } from './server-child.ts';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SOCKETS = Number(flag('sockets') ?? 3000);
const RUNS = Number(flag('runs') ?? 1);
const BARE_ANCHOR_MS = Number(flag('bare-anchor-ms') ?? 0);
const SIDES = (flag('sides') ?? 'podium,bare').split(',') as ('podium' | 'bare')[];

interface Detail {
  usage: NodeJS.MemoryUsage;
  heap: Record<string, number>;
  spaces: { space_name: string; space_size: number; space_used_size: number; space_available_size: number; physical_space_size: number }[];
  rollup: Record<string, number>;
  mappings: { range: string; name: string; sizeKb: number; rssKb: number; anonKb: number }[];
}

/** Settled as part 5 settles (bench/score-to-room.ts readings): the last readings' resident memory within 1 MB. */
async function settle(server: BenchChild): Promise<void> {
  const rss: number[] = [];
  const ends = performance.now() + 40_000;
  for (;;) {
    rss.push((await server.call<{ rss: number }>('memory')).rss);
    const last = rss.slice(-MEMORY_READINGS);
    if (last.length === MEMORY_READINGS && (Math.max(...last) - Math.min(...last) <= MEMORY_SETTLED_BYTES || performance.now() > ends)) return;
    await sleep(MEMORY_READINGS_APART_MS);
  }
}

/** The figures compared, in bytes. */
function figures(d: Detail): Record<string, number> {
  const out: Record<string, number> = {
    rss: d.usage.rss,
    'rss outside the young generation': d.usage.rss - d.spaces.find((s) => s.space_name === 'new_space')!.physical_space_size,
    'anonymous (smaps)': d.rollup.Anonymous! * 1024,
    'file-backed (rss - anon)': (d.rollup.Rss! - d.rollup.Anonymous!) * 1024,
    heapTotal: d.usage.heapTotal,
    heapUsed: d.usage.heapUsed,
    'heap committed - used': d.usage.heapTotal - d.usage.heapUsed,
    'heap physical (V8)': d.heap.total_physical_size!,
    external: d.usage.external,
    arrayBuffers: d.usage.arrayBuffers,
    'V8 malloced': d.heap.malloced_memory!,
    'native rest: anon - heap physical - external': d.rollup.Anonymous! * 1024 - d.heap.total_physical_size! - d.usage.external,
  };
  for (const s of d.spaces) {
    out[`${s.space_name} committed`] = s.space_size;
    out[`${s.space_name} used`] = s.space_used_size;
    out[`${s.space_name} physical`] = s.physical_space_size;
  }
  return out;
}

async function side(mode: 'podium' | 'bare', payload: unknown): Promise<{ before: Detail; after: Detail; payload: unknown }> {
  const server = BenchChild.start('server-child.ts', `${mode} server`);
  const counts = spread(SOCKETS, Math.max(1, Math.ceil(SOCKETS / 800)));
  const audiences = counts.map((_, i) => BenchChild.start('audience-child.ts', `${mode} audience ${i + 1}`));
  try {
    const started = await server.call<Started>('start', { mode, jurors: 5, distDir: '/tmp', payload, ...(BARE_ANCHOR_MS ? { anchorMs: BARE_ANCHOR_MS } : {}) });
    const url = `http://127.0.0.1:${started.port}`;
    await settle(server);
    const before = await server.call<Detail>('memoryDetail');
    await Promise.all(audiences.map((a, i) => a.call('connect', { url, count: counts[i] }, 180_000)));
    await settle(server);
    const after = await server.call<Detail>('memoryDetail');
    return { before, after, payload: await audiences[0]!.call('payload') };
  } finally {
    await server.call('stop').catch(() => undefined);
    await Promise.all([server, ...audiences].map((c) => c.stop()));
  }
}

const perSocket: Record<string, Record<string, number[]>> = { podium: {}, bare: {} };
let payload: unknown = null;
for (let run = 0; run < RUNS; run++) {
  for (const mode of SIDES) {
    const r = await side(mode, payload);
    if (mode === 'podium') payload = r.payload;
    const b = figures(r.before);
    const a = figures(r.after);
    for (const key of Object.keys(a)) (perSocket[mode]![key] ??= []).push((a[key]! - (b[key] ?? 0)) / SOCKETS);
    console.log(`\n${mode} run ${run + 1}: biggest mappings once the audience is in (resident kB, anonymous kB, size kB, name)`);
    for (const m of r.after.mappings) console.log(`  ${m.range} ${m.rssKb} ${m.anonKb} ${m.sizeKb} ${m.name}`);
    const mb = (x: number) => `${(x / 1024 ** 2).toFixed(1)} MB`;
    const young = (d: Detail) => d.spaces.find((s) => s.space_name === 'new_space')!;
    console.log(`  before: rss ${mb(r.before.usage.rss)}, young generation committed ${mb(young(r.before).space_size)} (resident ${mb(young(r.before).physical_space_size)})`);
    console.log(`  after:  rss ${mb(r.after.usage.rss)}, young generation committed ${mb(young(r.after).space_size)} (resident ${mb(young(r.after).physical_space_size)})`);
  }
}
const kb = (x: number | undefined) => (x === undefined ? 'n/a' : (x / 1024).toFixed(2));
console.log(`\n${SOCKETS} audience sockets, per socket (KB, median of ${RUNS} run(s))${BARE_ANCHOR_MS ? `; the bare server broadcasts an anchor every ${BARE_ANCHOR_MS} ms` : ''}`);
console.log('figure | Podium | bare | Podium - bare');
for (const key of Object.keys(perSocket.podium!).length ? Object.keys(perSocket.podium!) : Object.keys(perSocket.bare!)) {
  const p = perSocket.podium![key] ? median(perSocket.podium![key]!) : undefined;
  const b = perSocket.bare![key] ? median(perSocket.bare![key]!) : undefined;
  console.log(`${key} | ${kb(p)} | ${kb(b)} | ${p !== undefined && b !== undefined ? kb(p - b) : ''}`);
}
