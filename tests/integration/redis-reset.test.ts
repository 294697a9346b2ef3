// A Redis connection reset with a publish in flight (session 11): Socket.IO's Redis Streams adapter
// publishes its server-side messages (the cluster's bus, server/fanout/bus.ts) without waiting for
// the answer, so the rejection of one cut off mid-flight was unhandled, and Node ended the process:
// a primary died when Redis was killed under load (tests/integration/fanout.test.ts, once in some
// 20 loaded runs). Here the reset is made to happen with a publish in flight, through a proxy.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, expect, it, vi } from 'vitest';
import { connectRedis, type RedisLink } from '../../server/fanout/redis.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';

let redis: TestRedis | undefined;
let proxy: Server | undefined;
let client: RedisLink | undefined;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => void unhandled.push(e);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  client?.destroy();
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  await redis?.kill();
});

it('a publish cut off by a connection reset is not an unhandled rejection: the process goes on, and the client reconnects', async () => {
  redis = await startRedis();
  // Between the client and Redis: holds what the client sends while `holding`, and can reset the client's connection.
  let holding = false;
  let held = 0;
  const clients: Socket[] = [];
  proxy = createServer((from) => {
    clients.push(from);
    const to = connect(redis!.port, '127.0.0.1');
    from.on('data', (d) => (holding ? held++ : to.write(d)));
    to.on('data', (d) => from.write(d));
    from.on('error', () => to.destroy());
    from.on('close', () => to.destroy());
    to.on('error', () => from.destroy());
  });
  const port = await new Promise<number>((r) => proxy!.listen(0, '127.0.0.1', () => r((proxy!.address() as { port: number }).port)));
  const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  client = await connectRedis(`redis://127.0.0.1:${port}`);
  let readyAgain = false;
  client.on('ready', () => (readyAgain = true));
  process.on('unhandledRejection', onUnhandled);

  holding = true;
  // As the adapter publishes a server-side message: never awaited.
  void client.publish('podium-test', 'in flight');
  await vi.waitFor(() => expect(held).toBeGreaterThan(0));
  holding = false;
  for (const c of clients.splice(0)) c.resetAndDestroy();
  // Reconnected: many turns of the event loop after the rejection, time for it to be reported.
  await vi.waitFor(() => expect(readyAgain).toBe(true), { timeout: 10_000 });
  expect(await client.publish('podium-test', 'after')).toBe(0);
  expect(unhandled).toEqual([]);
  expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^podium: Redis at .*: .* \(reconnecting\)$/)]);
  logged.mockRestore();
});
