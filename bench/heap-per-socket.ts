// What a server holds per audience socket, object by object: heap snapshots of
// Podium and of the bare Socket.IO baseline (bench/server-child.ts) before and
// after the same audience connects, compared per socket by kind of object (the
// snapshot's node type and constructor or name). Not part of `npm run bench`:
// run it to see where the memory of part 5 goes.
//
//   npx tsx bench/heap-per-socket.ts [--sockets=1000] [--top=40] [--keep=dir]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchChild } from './lib/rpc.ts';
import { sleep } from './lib/stats.ts';
import type { Started } from './server-child.ts';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SOCKETS = Number(flag('sockets') ?? 1000);
const TOP = Number(flag('top') ?? 40);
/** Sockets that connect and leave before the first snapshot: code compiled for a first connection is a one-off, not a socket's. */
const WARM_UP_SOCKETS = 20;

interface Kind {
  count: number;
  bytes: number;
}

/** A heap snapshot's nodes summed by kind: `type name` (a string's or a number's is its type alone). */
function kinds(file: string): Map<string, Kind> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snap.snapshot.meta.node_types[0];
  const out = new Map<string, Kind>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const named = !type.includes('string') && type !== 'number';
    const name = named ? snap.strings[snap.nodes[i + nameAt]!]!.slice(0, 60) : '';
    const key = name ? `${type} ${name}` : type;
    const k = out.get(key) ?? { count: 0, bytes: 0 };
    k.count += 1;
    k.bytes += snap.nodes[i + sizeAt]!;
    out.set(key, k);
  }
  return out;
}

/** After minus before, per socket, by kind. */
function perSocket(before: Map<string, Kind>, after: Map<string, Kind>, sockets: number): Map<string, Kind> {
  const out = new Map<string, Kind>();
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = after.get(key) ?? { count: 0, bytes: 0 };
    const b = before.get(key) ?? { count: 0, bytes: 0 };
    out.set(key, { count: (a.count - b.count) / sockets, bytes: (a.bytes - b.bytes) / sockets });
  }
  return out;
}

async function side(mode: 'podium' | 'bare', dir: string, payload: unknown): Promise<{ kinds: Map<string, Kind>; heap: number; payload: unknown }> {
  const server = BenchChild.start('server-child.ts', `${mode} server`);
  const audience = BenchChild.start('audience-child.ts', `${mode} audience`);
  try {
    const started = await server.call<Started>('start', { mode, jurors: 5, distDir: tmpdir(), payload });
    const url = `http://127.0.0.1:${started.port}`;
    // As part 5 does: a few sockets connect and leave first, so that code compiled for a first connection is not counted per socket.
    await audience.call('connect', { url, count: WARM_UP_SOCKETS });
    await audience.call('close');
    while ((await server.call<number>('sockets')) > 0) await sleep(50);
    const m0 = await server.call<{ rss: number; heap: number }>('memory');
    const before = await server.call<string>('heapSnapshot', { file: join(dir, `${mode}-before.heapsnapshot`) });
    await audience.call('connect', { url, count: SOCKETS }, 300_000);
    const m1 = await server.call<{ rss: number; heap: number }>('memory');
    const after = await server.call<string>('heapSnapshot', { file: join(dir, `${mode}-after.heapsnapshot`) });
    return { kinds: perSocket(kinds(before), kinds(after), SOCKETS), heap: (m1.heap - m0.heap) / SOCKETS, payload: await audience.call('payload') };
  } finally {
    await server.call('stop').catch(() => undefined);
    await Promise.all([server.stop(), audience.stop()]);
  }
}

const dir = flag('keep') ?? mkdtempSync(join(tmpdir(), 'podium-heap-'));
try {
  // Podium first: the bare server sends each socket the state Podium sent on connect.
  const podium = await side('podium', dir, null);
  const bare = await side('bare', dir, podium.payload);
  const sum = (m: Map<string, Kind>) => [...m.values()].reduce((n, k) => n + k.bytes, 0);
  console.log(`${SOCKETS} audience sockets, per socket: heap snapshot ${sum(podium.kinds).toFixed(0)} B (Podium) against ${sum(bare.kinds).toFixed(0)} B (bare);`);
  // Resident memory is not shown: writing the first snapshot grows it by more than the audience does.
  console.log(`  heapUsed + external ${podium.heap.toFixed(0)} B against ${bare.heap.toFixed(0)} B`);
  const rows = [...new Set([...podium.kinds.keys(), ...bare.kinds.keys()])].map((key) => {
    const p = podium.kinds.get(key) ?? { count: 0, bytes: 0 };
    const b = bare.kinds.get(key) ?? { count: 0, bytes: 0 };
    return { key, p, b, extra: p.bytes - b.bytes };
  });
  rows.sort((x, y) => Math.abs(y.extra) - Math.abs(x.extra));
  console.log('\nkind | Podium count | Podium bytes | bare count | bare bytes | Podium - bare bytes (per socket)');
  for (const r of rows.slice(0, TOP)) {
    console.log(`${r.key} | ${r.p.count.toFixed(2)} | ${r.p.bytes.toFixed(0)} | ${r.b.count.toFixed(2)} | ${r.b.bytes.toFixed(0)} | ${r.extra.toFixed(0)}`);
  }
  if (flag('keep')) console.log(`\nsnapshots kept in ${dir}`);
} finally {
  if (!flag('keep')) rmSync(dir, { recursive: true, force: true });
}
