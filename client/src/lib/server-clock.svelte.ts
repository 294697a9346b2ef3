// The server's clock on this page: offset estimated from ping round trips over
// acks (a burst at every connect, one more every few seconds, a fresh burst each
// minute), slewed gently, and a `now` that moves every animation frame.
import type { TimerAnchor } from '../../../protocol/views.ts';
import { addSample, estimate, slew, type ClockSample } from './clock-estimator.ts';
import type { PodiumClientSocket } from './socket.ts';

const BURST = 8;

export class ServerClock {
  /** The server's current time as this page estimates it, refreshed every frame. */
  now = $state(0);
  /** Best round trip seen; half of it bounds the error of `now`. */
  rtt = $state<number | null>(null);
  synced = $state(false);

  private samples: ClockSample[] = [];
  private target: number | null = null;
  private offset: number | null = null;
  private lastFrame = performance.now();
  private timers: ReturnType<typeof setInterval>[] = [];
  private frame = 0;

  constructor(private readonly socket: PodiumClientSocket) {
    socket.on('connect', () => {
      // After a reconnect the path may be different: start over.
      this.samples = [];
      void this.burst();
    });
    this.timers.push(setInterval(() => void this.ping(), 5_000));
    this.timers.push(setInterval(() => void this.burst(), 60_000));
    const tick = () => {
      this.advance();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  /** Server time now, computed fresh (not the per-frame value). */
  serverNow(): number {
    return performance.now() + (this.offset ?? Date.now() - performance.now());
  }

  /** Remaining time of the phase at this page's estimate of the server's now. */
  remaining(anchor: TimerAnchor, at = this.now): number {
    if (anchor.status === 'running' && anchor.endsAt !== null) return anchor.endsAt - at;
    return anchor.remainingMs;
  }

  /** Seeds the offset from a pushed anchor before any ping has come back. */
  seed(serverNow: number): void {
    if (this.offset === null) this.offset = this.target = serverNow - performance.now();
  }

  destroy(): void {
    for (const t of this.timers) clearInterval(t);
    cancelAnimationFrame(this.frame);
  }

  private advance(): void {
    const t = performance.now();
    if (this.target !== null) this.offset = slew(this.offset, this.target, t - this.lastFrame);
    this.lastFrame = t;
    this.now = this.serverNow();
  }

  private async burst(): Promise<void> {
    for (let i = 0; i < BURST && this.socket.connected; i++) await this.ping();
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
      if (best) {
        if (this.target === null || !this.synced) this.offset = best.offset;
        this.target = best.offset;
        this.rtt = best.rtt;
        this.synced = true;
      }
    } catch {
      // A lost ping is just a missing sample.
    }
  }
}
