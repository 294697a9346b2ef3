// A fan-out node's copy of what the primary last sent each event room's public pages: the room's
// public state at its version (kept up to date from the patches every node receives) and its
// clock anchor. A page joining this node gets it at once, as a page joining the primary gets the
// primary's. A patch that does not fit the version held (a message lost while Redis restarted, a
// node that joined late) marks the room as needing the primary's snapshot. Plain data, no I/O.
import { applyStatePatch, type StatePatch } from '../../protocol/state-patch.ts';
import type { PublicState, TimerAnchor } from '../../protocol/views.ts';
import type { ClusterBroadcast } from './redis.ts';

/** The primary's answer to a snapshot request: the main room, and each room's state and anchor. */
export interface ClusterSnapshot {
  main: string;
  rooms: Record<string, { state: PublicState; anchor: TimerAnchor }>;
}

const SHOW = 'show:';

export class PublicMirror {
  /** The event's main room (null until the first snapshot). */
  main: string | null = null;
  private states = new Map<string, PublicState>();
  private anchors = new Map<string, TimerAnchor>();
  /** The main room's anchor, which every page not in another room's show gets. */
  private mainAnchor: TimerAnchor | null = null;
  /** Rooms whose last patch did not fit the version held: they wait for a snapshot. */
  readonly gaps = new Set<string>();

  get ready(): boolean {
    return this.main !== null;
  }

  hasRoom(roomId: string): boolean {
    return this.states.has(roomId);
  }

  /** The room's public state, unless it is waiting for a snapshot. */
  state(roomId: string): PublicState | null {
    return this.gaps.has(roomId) ? null : (this.states.get(roomId) ?? null);
  }

  anchor(roomId: string): TimerAnchor | null {
    return (roomId === this.main ? null : this.anchors.get(roomId)) ?? this.mainAnchor;
  }

  /** A broadcast from the primary; returns whether a room now needs a snapshot. */
  receive(b: ClusterBroadcast): boolean {
    const shows = b.rooms.filter((r) => r.startsWith(SHOW)).map((r) => r.slice(SHOW.length));
    if (b.event === 'clock:anchor') {
      const anchor = b.args[0] as TimerAnchor;
      if (b.rooms.length === 0) this.mainAnchor = newer(this.mainAnchor, anchor);
      else for (const id of shows) this.anchors.set(id, newer(this.anchors.get(id) ?? null, anchor));
      return false;
    }
    if (b.event === 'state:public') {
      for (const id of shows) {
        this.states.set(id, b.args[0] as PublicState);
        this.gaps.delete(id);
      }
      return false;
    }
    if (b.event !== 'public:patch') return false;
    const patch = b.args[0] as StatePatch;
    let gap = false;
    for (const id of shows) {
      const held = this.states.get(id);
      if (held?.rev !== undefined && patch.rev <= held.rev) continue;
      const next = held && !this.gaps.has(id) ? applyStatePatch(held, held.rev ?? 0, patch) : null;
      if (next) this.states.set(id, next);
      else {
        this.gaps.add(id);
        gap = true;
      }
    }
    return gap;
  }

  /** The primary's snapshot: every room's state at least as new as the one held. */
  take(snapshot: ClusterSnapshot): void {
    this.main = snapshot.main;
    for (const [id, { state, anchor }] of Object.entries(snapshot.rooms)) {
      const held = this.states.get(id);
      if (!held || this.gaps.has(id) || (state.rev ?? 0) >= (held.rev ?? 0)) this.states.set(id, state);
      this.gaps.delete(id);
      if (id === snapshot.main) this.mainAnchor = newer(this.mainAnchor, anchor);
      else this.anchors.set(id, newer(this.anchors.get(id) ?? null, anchor));
    }
    // A room the primary no longer has is not offered to pages any more.
    for (const id of [...this.states.keys()]) if (!Object.hasOwn(snapshot.rooms, id)) this.states.delete(id);
  }
}

const newer = (held: TimerAnchor | null, next: TimerAnchor): TimerAnchor => (held && held.seq > next.seq ? held : next);

/** An anchor made again at `primaryNow`: the same phase and end, the time left as of now. */
export function anchorAt(anchor: TimerAnchor, primaryNow: number): TimerAnchor {
  if (anchor.status !== 'running' || anchor.endsAt === null) return { ...anchor, serverNow: primaryNow };
  return { ...anchor, serverNow: primaryNow, remainingMs: anchor.endsAt - primaryNow };
}
