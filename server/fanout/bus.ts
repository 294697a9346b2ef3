// Requests from fan-out nodes to the primary, and the primary's replies, over the cluster's
// server-side messages (Redis pub/sub through the adapter). Each node hears every message and
// keeps those addressed to it; a request the primary does not answer in time (restarting, Redis
// away) is refused, and whoever asked may ask again. No request waits on any other node.
import { nanoid } from 'nanoid';
import type { PodiumServer } from '../types/socket.ts';

const CHANNEL = 'podium:bus';

export type BusOp = 'clock' | 'snapshot' | 'vote:cast' | 'vote:mine' | 'device';

interface BusRequest {
  kind: 'request';
  id: string;
  from: string;
  op: BusOp;
  payload: unknown;
}

interface BusReply {
  kind: 'reply';
  id: string;
  to: string;
  ok: boolean;
  value: unknown;
}

type Loose = { on(event: string, fn: (...args: unknown[]) => void): void; serverSideEmit(event: string, ...args: unknown[]): boolean };
const loose = (io: PodiumServer) => io as unknown as Loose;

export class BusTimeout extends Error {}

/** A fan-out node's side: asks the primary. */
export class BusClient {
  readonly nodeId = nanoid(10);
  private pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly io: PodiumServer) {
    loose(io).on(CHANNEL, (message) => {
      const reply = message as BusReply;
      if (reply?.kind !== 'reply' || reply.to !== this.nodeId) return;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      clearTimeout(waiting.timer);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(Object.assign(new Error('refused'), { refusal: reply.value }));
    });
  }

  request<T>(op: BusOp, payload: unknown, timeoutMs = 5000): Promise<T> {
    const id = nanoid(12);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BusTimeout(`the primary did not answer ${op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      const request: BusRequest = { kind: 'request', id, from: this.nodeId, op, payload };
      loose(this.io).serverSideEmit(CHANNEL, request);
    });
  }

  close(): void {
    for (const [, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new BusTimeout('closing'));
    }
    this.pending.clear();
  }
}

/** What the primary answers: a value, or a refusal (`{ refusal }` thrown) sent back as such. */
export type BusHandlers = Record<BusOp, (payload: unknown) => Promise<unknown> | unknown>;

/** The primary's side: answers each request. */
export function serveBus(io: PodiumServer, handlers: BusHandlers): void {
  loose(io).on(CHANNEL, (message) => {
    const request = message as BusRequest;
    if (request?.kind !== 'request' || !Object.hasOwn(handlers, request.op)) return;
    const answer = (ok: boolean, value: unknown) => {
      const reply: BusReply = { kind: 'reply', id: request.id, to: request.from, ok, value };
      loose(io).serverSideEmit(CHANNEL, reply);
    };
    Promise.resolve()
      .then(() => handlers[request.op](request.payload))
      .then(
        (value) => answer(true, value ?? null),
        (e: unknown) => {
          const refusal = (e as { toResultError?: () => unknown }).toResultError?.();
          if (!refusal) console.error(`podium: fan-out request ${request.op} failed:`, e);
          answer(false, refusal ?? { code: 'internal', message: 'Something went wrong on the server.', key: 'error_code_internal' });
        },
      );
  });
}
