// The page's server clock pings for as long as the page is open (a projector,
// all day): what it keeps must not grow with the number of pings.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

type Handler = () => void;

/** A socket that is connected, answers every ping with a server time, and can drop and come back. */
function fakeSocket() {
  const handlers = new Map<string, Handler[]>();
  let pings = 0;
  const socket = {
    connected: true,
    on(event: string, fn: Handler) {
      handlers.set(event, [...(handlers.get(event) ?? []), fn]);
    },
    timeout() {
      return {
        emitWithAck: async () => {
          pings++;
          return { ok: true, data: { serverNow: Date.now() + 1234 } };
        },
      };
    },
    reconnect() {
      for (const fn of handlers.get('connect') ?? []) fn();
    },
    get pings() {
      return pings;
    },
  };
  return socket;
}

let ServerClock: typeof import('../../client/src/lib/server-clock.svelte.ts').ServerClock;
beforeAll(async () => {
  // The module uses Svelte's $state rune, which only the Svelte compiler knows; outside it, a plain value does.
  vi.stubGlobal('$state', <T>(v: T) => v);
  vi.stubGlobal('requestAnimationFrame', () => 1);
  vi.stubGlobal('cancelAnimationFrame', () => undefined);
  ({ ServerClock } = await import('../../client/src/lib/server-clock.svelte.ts'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ServerClock timers', () => {
  it('keeps a bounded list of timers over a day of pings and reconnects', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    const socket = fakeSocket();
    const clock = new ServerClock(socket as never);
    socket.reconnect();
    const sizes: number[] = [];
    // Eight hours at one ping every 5 s is ~5 800 pings; reconnect every ten minutes for a burst each time.
    for (let minute = 0; minute < 8 * 60; minute++) {
      if (minute % 10 === 0) socket.reconnect();
      await vi.advanceTimersByTimeAsync(60_000);
      sizes.push(clock.pendingTimers);
    }
    expect(socket.pings).toBeGreaterThan(5_000);
    // At most one burst of 12 plus the background ping can be waiting at any time.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(13);
    expect(clock.synced).toBe(true);
    clock.destroy();
  });

  it('stops pinging and leaves no timer behind once destroyed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    const socket = fakeSocket();
    const clock = new ServerClock(socket as never);
    socket.reconnect();
    await vi.advanceTimersByTimeAsync(30_000);
    clock.destroy();
    const pingsAtDestroy = socket.pings;
    expect(clock.pendingTimers).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    socket.reconnect();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.pings).toBe(pingsAtDestroy);
  });
});
