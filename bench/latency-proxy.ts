// A TCP proxy that makes loopback behave like a network: every chunk, each way,
// is held for `latencyMs` ± `jitterMs` (uniform), yet never overtakes the chunk
// before it (TCP keeps order, so a late chunk holds up the ones behind it).
// A half-close (FIN) is passed on once the data before it has gone.
import { createServer, connect, type Socket } from 'node:net';

export interface LatencyProxyOptions {
  targetPort: number;
  targetHost?: string;
  /** One-way delay added to every chunk, each way. */
  latencyMs: number;
  jitterMs: number;
  random?: () => number;
}

export interface LatencyProxy {
  port: number;
  close(): Promise<void>;
}

/** Forwards `from` to `to`, each chunk delayed, in order. */
function delayedPipe(from: Socket, to: Socket, delay: () => number): void {
  const queue: { due: number; chunk: Buffer | null }[] = [];
  let lastDue = 0;
  let timer: NodeJS.Timeout | null = null;
  const drain = () => {
    timer = null;
    const now = performance.now();
    while (queue.length && queue[0]!.due <= now + 0.5) {
      const { chunk } = queue.shift()!;
      if (to.destroyed) return;
      if (chunk) to.write(chunk);
      else to.end();
    }
    if (queue.length) timer = setTimeout(drain, Math.max(0, queue[0]!.due - performance.now()));
  };
  const push = (chunk: Buffer | null) => {
    const due = Math.max(performance.now() + Math.max(0, delay()), lastDue);
    lastDue = due;
    queue.push({ due, chunk });
    if (!timer) timer = setTimeout(drain, Math.max(0, queue[0]!.due - performance.now()));
  };
  from.on('data', (chunk: Buffer) => push(chunk));
  from.on('end', () => push(null));
}

export function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const random = options.random ?? Math.random;
  const delay = () => options.latencyMs - options.jitterMs + 2 * options.jitterMs * random();
  const open = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const upstream = connect({ port: options.targetPort, host: options.targetHost ?? '127.0.0.1', allowHalfOpen: true, noDelay: true });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      // One side failing ends the other: there is no connection left to carry.
      s.on('error', () => undefined);
    }
    // A reset ends the other side at once; an orderly close travels as a delayed FIN instead.
    client.on('close', (hadError) => hadError && upstream.destroy());
    upstream.on('close', (hadError) => hadError && client.destroy());
    delayedPipe(client, upstream, delay);
    delayedPipe(upstream, client, delay);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        close: () =>
          new Promise<void>((r) => {
            for (const s of open) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}
