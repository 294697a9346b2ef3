// A fan-out node (server/fanout/node.ts) in a process of its own, for bench/fanout.ts.
import { tmpdir } from 'node:os';
import { createFanoutNode, type FanoutNode } from '../server/fanout/node.ts';
import { connectRedis, type RedisLink } from '../server/fanout/redis.ts';
import { heldMemoryMedian } from './lib/held-memory.ts';
import { serve } from './lib/rpc.ts';

let node: FanoutNode | null = null;
let redis: RedisLink | null = null;

serve({
  start: async (p: { redisUrl: string; distDir?: string }) => {
    redis = await connectRedis(p.redisUrl);
    node = createFanoutNode({ redis, distDir: p.distDir ?? tmpdir() });
    const port = await node.listen(0, '127.0.0.1');
    // Ready once it holds the rooms' states (its first snapshot from the primary).
    const until = Date.now() + 20_000;
    while (!node.mirror.ready && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    if (!node.mirror.ready) throw new Error('the fan-out node had no snapshot from the primary within 20 s');
    return port;
  },
  /** Held memory (bench/lib/held-memory.ts). */
  held: () => heldMemoryMedian(),
  sockets: () => node?.io.engine.clientsCount ?? 0,
  stop: async () => {
    // Redis is left to the process's end: quitting rejects the adapter's commands still in flight.
    await node?.close();
    return null;
  },
});
