// The server's clock on this page: offset estimated from ping round trips over
// acks (a burst at every connect, then one every few seconds, forever), slewed
// gently, and a `now` that moves every animation frame and, besides, exactly
// when a countdown's next second is due, so every screen turns the second
// together rather than at its own next frame.
//
// `?clock=naive` in the page's address turns the estimate off: the page then
// trusts each pushed anchor as it arrives, as a pushed clock does. It exists so
// the benchmark can show what the estimate buys.
import type { TimerAnchor } from '../../../protocol/views.ts';
import { addSample, estimate, slew, type ClockSample } from './clock-estimator.ts';
import type { PodiumClientSocket } from './socket.ts';

/** Pings at connect, sent a little apart so they do not queue behind each other. */
const BURST = 12;
const BURST_GAP_MS = 60;
/** Pinging faster for the first minute, while the estimate tightens. */
const EARLY_PING_MS = 2_000;
const PING_MS = 5_000;
const EARLY_PERIOD_MS = 60_000;
/** A boundary closer than this is hit with a timer instead of waiting for a frame. */
const BOUNDARY_LOOKAHEAD_MS = 40;

const naive = typeof location !== 'undefined' && new URLSearchParams(location.search).get('clock') === 'naive';

export class ServerClock {
  /** The server's current time as this page estimates it, refreshed every frame. */
  now = $state(0);
  /** Best round trip seen. */
  rtt = $state<number | null>(null);
  /** How far off the estimate may be, at most (ms). */
  error = $state<number | null>(null);
  synced = $state(false);
  readonly naive = naive;

  private samples: ClockSample[] = [];
  private target: number | null = null;
  private offset: number | null = null;
  private lastFrame = performance.now();
  private connectedAt = performance.now();
  /** Ping timers not yet fired; each removes itself when it fires, so the set stays small all day. */
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private destroyed = false;
  private frame = 0;
  /** The `endsAt` of the countdown last shown, to know when its seconds turn. */
  private endsAt: number | null = null;
  private boundaryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly socket: PodiumClientSocket) {
    if (!naive) {
      socket.on('connect', () => {
        // After a reconnect the path may be different: start over.
        this.samples = [];
        this.connectedAt = performance.now();
        for (let i = 0; i < BURST; i++) this.later(() => void this.ping(), i * BURST_GAP_MS);
      });
      const background = () => {
        void this.ping();
        const early = performance.now() - this.connectedAt < EARLY_PERIOD_MS;
        this.later(background, early ? EARLY_PING_MS : PING_MS);
      };
      this.later(background, EARLY_PING_MS);
    }
    const tick = () => {
      if (this.destroyed) return;
      this.advance();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  /** Server time now, computed fresh (not the per-frame value). */
  serverNow(): number {
    return performance.now() + (this.offset ?? Date.now() - performance.now());
  }

  /**
   * The anchor the page now shows: while it runs, the clock turns `now` exactly when
   * its next second is due. Live calls this with every anchor it accepts.
   */
  follow(anchor: TimerAnchor | null): void {
    this.endsAt = anchor?.status === 'running' ? anchor.endsAt : null;
  }

  /**
   * Every pushed anchor tells the server's time as it left. Before any ping is
   * back it seeds the offset; in naive mode it is all there is to go on.
   */
  seed(serverNow: number): void {
    if (naive || this.offset === null) this.offset = this.target = serverNow - performance.now();
  }

  /** Ping timers waiting to fire (for tests and diagnostics). */
  get pendingTimers(): number {
    return this.timers.size;
  }

  destroy(): void {
    this.destroyed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.boundaryTimer) clearTimeout(this.boundaryTimer);
    this.boundaryTimer = null;
    cancelAnimationFrame(this.frame);
  }

  private later(fn: () => void, ms: number): void {
    if (this.destroyed) return;
    const id = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    this.timers.add(id);
  }

  private advance(): void {
    const t = performance.now();
    if (this.target !== null) this.offset = slew(this.offset, this.target, t - this.lastFrame);
    this.lastFrame = t;
    this.now = this.serverNow();
    this.aimAtNextSecond();
  }

  /** The displayed second changes when the server's time reaches endsAt minus a whole number of seconds. */
  private aimAtNextSecond(): void {
    if (this.endsAt === null || this.boundaryTimer !== null || this.offset === null) return;
    const serverNow = this.serverNow();
    const remaining = this.endsAt - serverNow;
    const boundary = this.endsAt - Math.ceil(remaining / 1000 - 1) * 1000;
    const wait = boundary - serverNow;
    if (wait > BOUNDARY_LOOKAHEAD_MS) return;
    this.boundaryTimer = setTimeout(() => {
      this.boundaryTimer = null;
      // Timers may fire a hair early; the second must not be shown before it is due.
      const until = performance.now() + 3;
      while (this.serverNow() < boundary && performance.now() < until);
      this.now = this.serverNow();
    }, Math.max(0, wait));
  }

  private async ping(): Promise<void> {
    if (!this.socket.connected) return;
    const sentAt = performance.now();
    try {
      const result = await this.socket.timeout(4000).emitWithAck('clock:ping', {});
      const receivedAt = performance.now();
      if (!result.ok) return;
      this.samples = addSample(this.samples, { sentAt, serverNow: result.data.serverNow, receivedAt });
      const best = estimate(this.samples);
      if (!best) return;
      // While the first burst comes in the countdown is just appearing: take each better estimate at once.
      if (!this.synced || this.samples.length <= BURST) this.offset = best.offset;
      this.target = best.offset;
      this.rtt = best.rtt;
      this.error = best.error;
      this.synced = true;
    } catch {
      // A lost ping is just a missing sample.
    }
  }
}
