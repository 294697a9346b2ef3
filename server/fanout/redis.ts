// The Redis link of a cluster: one client (node-redis), and Socket.IO's Redis Streams adapter
// over it. Broadcasts go through a Redis stream, read in order and resumed from the last entry
// read after a disconnect; the adapter's server-side messages (the bus, bus.ts) go through
// pub/sub. `observe` sees every broadcast this node receives from the others, before its
// sockets do (the fan-out node's mirror of each room's public state, mirror.ts).
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';

export type RedisLink = ReturnType<typeof createClient>;

/** What a broadcast from another node carries: the packet's event and arguments, and the rooms it goes to. */
export interface ClusterBroadcast {
  event: string;
  args: unknown[];
  rooms: string[];
  except: string[];
}

/** Socket.IO's cluster message type of a broadcast (socket.io-adapter MessageType.BROADCAST). */
const BROADCAST = 3;

export async function connectRedis(url: string): Promise<RedisLink> {
  // The offline queue (node-redis's default) keeps what is published while Redis restarts and
  // sends it once it is back, so a broadcast made meanwhile is late, not lost.
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) } });
  let said = false;
  client.on('error', (e: Error) => {
    if (said) return;
    said = true;
    console.error(`podium: Redis at ${url}: ${e.message} (reconnecting)`);
  });
  client.on('ready', () => (said = false));
  // The adapter publishes its server-side messages (the bus, bus.ts) without waiting for Redis's
  // answer: one in flight when the connection resets is rejected, and that rejection, unhandled,
  // ended the process (a primary died when Redis was killed). Whoever awaits a publish still hears
  // of its failure; nobody else has to.
  for (const name of ['publish', 'sPublish'] as const) {
    const send = client[name].bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const sent = send(...args);
      sent.catch(() => undefined);
      return sent;
    };
  }
  await client.connect();
  return client;
}

interface RawMessage {
  uid?: string;
  type: number;
  data?: { packet?: { data?: unknown[] }; opts?: { rooms?: string[]; except?: string[] }; requestId?: unknown };
}

/** The adapter for `new Server(http, { adapter })`, with `observe` told of each broadcast from another node. */
export function clusterAdapter(client: RedisLink, observe?: (b: ClusterBroadcast) => void) {
  const make = createAdapter(client, { streamName: 'podium', channelPrefix: 'podium', blockTimeInMs: 2000 });
  if (!observe) return make;
  return function (nsp: Parameters<typeof make>[0]) {
    const adapter = make(nsp);
    const hooked = adapter as unknown as { onMessage(message: RawMessage, offset?: string): unknown; uid: string };
    const onMessage = hooked.onMessage.bind(adapter);
    hooked.onMessage = (message, offset) => {
      const data = message.data;
      if (message.type === BROADCAST && message.uid !== hooked.uid && data?.packet?.data && data.requestId === undefined) {
        const [event, ...args] = data.packet.data as [string, ...unknown[]];
        try {
          observe({ event, args, rooms: data.opts?.rooms ?? [], except: data.opts?.except ?? [] });
        } catch (e) {
          console.error('podium: a broadcast from the cluster could not be read:', e);
        }
      }
      return onMessage(message, offset);
    };
    return adapter;
  };
}
