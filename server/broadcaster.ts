// Sends each role its projection of the state. Changes mark what is dirty; one
// flush per turn of the event loop sends each projection once, so a burst of
// scores costs one ranking and one serialisation per room, not one per socket.
import type { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../protocol/events.ts';
import { jurorState, organiserState, publicLeaderboard, publicState, timerAnchor } from './domain/projection.ts';
import type { PodiumSocket } from './socket/listener.ts';
import type { Store } from './store.ts';

export type PodiumServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface Clock {
  now(): number;
}

export type Change =
  /** The event, agenda position, visibility: everyone's view changes. */
  | { kind: 'everything' }
  /** A juror's score: their own view, the organiser, and the public if rankings are live. */
  | { kind: 'score'; jurorId: string }
  /** The organiser's view only (e.g. a conflict of interest). */
  | { kind: 'organiser' };

export class Broadcaster {
  private seq = 0;
  private dirtyOrganiser = false;
  private dirtyPublic = false;
  private dirtyJurors = new Set<string>();
  private allJurors = false;
  private anchorDirty = false;
  private scheduled = false;

  constructor(
    private readonly io: PodiumServer,
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  nextSeq(): number {
    return ++this.seq;
  }

  changed(change: Change): void {
    this.dirtyOrganiser = true;
    if (change.kind === 'everything') {
      this.dirtyPublic = true;
      this.allJurors = true;
      this.anchorDirty = true;
    } else if (change.kind === 'score') {
      this.dirtyJurors.add(change.jurorId);
      if (this.store.data.visibility.mode === 'live') {
        this.dirtyPublic = true;
        this.allJurors = true;
      }
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** The clock alone, to every screen, now (and as the heartbeat). */
  sendAnchor(): void {
    this.io.emit('clock:anchor', timerAnchor(this.store.data as never, this.clock.now(), this.nextSeq()));
  }

  /** A full snapshot for one socket: on connect and on reconnect. */
  sendSnapshot(socket: PodiumSocket): void {
    const data = this.store.data as Parameters<typeof publicState>[0];
    const now = this.clock.now();
    const seq = this.nextSeq();
    socket.emit('clock:anchor', timerAnchor(data, now, seq));
    if (socket.data.role === 'organiser') socket.emit('state:organiser', organiserState(data, now, seq));
    else if (socket.data.role === 'juror' && socket.data.jurorId) {
      const state = jurorState(data, socket.data.jurorId, now, seq);
      if (state) socket.emit('state:juror', state);
    } else socket.emit('state:public', publicState(data, now, seq));
  }

  private flush(): void {
    this.scheduled = false;
    const data = this.store.data as Parameters<typeof publicState>[0];
    const now = this.clock.now();
    const seq = this.nextSeq();
    if (this.anchorDirty) this.io.emit('clock:anchor', timerAnchor(data, now, seq));
    if (this.dirtyOrganiser) this.io.to('organiser').emit('state:organiser', organiserState(data, now, seq));
    const board = this.dirtyPublic || this.allJurors || this.dirtyJurors.size ? publicLeaderboard(data, now) : null;
    if (this.dirtyPublic) this.io.to('public').emit('state:public', publicState(data, now, seq, board));
    const jurorIds = this.allJurors ? data.event.jurors.map((j) => j.id) : [...this.dirtyJurors];
    for (const id of jurorIds) {
      const room = `juror:${id}`;
      if (!this.io.sockets.adapter.rooms.get(room)?.size) continue;
      const state = jurorState(data, id, now, seq, board);
      if (state) this.io.to(room).emit('state:juror', state);
    }
    this.dirtyOrganiser = this.dirtyPublic = this.allJurors = this.anchorDirty = false;
    this.dirtyJurors.clear();
  }
}
