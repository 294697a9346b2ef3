// Sends each role its projection of the state. Changes mark what is dirty; one
// flush per turn of the event loop sends each projection once, so a burst of
// scores costs one ranking and one serialisation per room, not one per socket.
// What a score changes beyond the audience's leaderboard (the organiser's
// console, the jurors' own states, whose news the acknowledgement has already
// told) goes out at most every `LAZY_MS`: a juror's state is several kilobytes
// and the organiser's a hundred, and sending them per score would hold up the
// acknowledgements of the jurors who are waiting. Nothing is computed for a
// room nobody is in.
import type { Server } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '../protocol/events.ts';
import { jurorScoresUpdate, jurorShared, jurorState, organiserState, publicLeaderboard, publicState, timerAnchor, type JurorShared } from './domain/projection.ts';
import type { PodiumSocket } from './socket/listener.ts';
import type { Store } from './store.ts';

export type PodiumServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface Clock {
  now(): number;
}

export type Change =
  /** The event, agenda position, visibility: everyone's view changes. */
  | { kind: 'everything' }
  /** A juror's score: the public at once if rankings are live; their own view and the organiser's soon after. */
  | { kind: 'score'; jurorId: string }
  /** The organiser's view only (e.g. a conflict of interest). */
  | { kind: 'organiser' };

/** How long score-driven updates of the organiser and of other jurors may wait. */
export const LAZY_MS = 250;

export class Broadcaster {
  private seq = 0;
  private dirtyOrganiser = false;
  private dirtyPublic = false;
  private dirtyJurors = new Set<string>();
  /** Jurors whose own scores changed and nothing else: they get the small JurorScoresUpdate. */
  private scoredJurors = new Set<string>();
  private allJurors = false;
  private anchorDirty = false;
  private scheduled = false;
  /** Score-driven changes held back for the next lazy flush. */
  private lazyOrganiser = false;
  private lazyJurors = false;
  private lazyJurorIds = new Set<string>();
  private lazyTimer: ReturnType<typeof setTimeout> | null = null;
  /** The public leaderboard of the current state, shared by every snapshot until the next change. */
  private board: { value: ReturnType<typeof publicLeaderboard> } | null = null;

  constructor(
    private readonly io: PodiumServer,
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  nextSeq(): number {
    return ++this.seq;
  }

  changed(change: Change): void {
    this.board = null;
    if (change.kind === 'everything') {
      this.dirtyOrganiser = true;
      this.dirtyPublic = true;
      this.allJurors = true;
      this.anchorDirty = true;
    } else if (change.kind === 'score') {
      this.lazyJurorIds.add(change.jurorId);
      this.lazyOrganiser = true;
      if (this.store.data.visibility.mode === 'live') {
        this.dirtyPublic = true;
        this.lazyJurors = true;
      }
      if (!this.lazyTimer) {
        this.lazyTimer = setTimeout(() => this.flushLazy(), LAZY_MS);
        // A closing app must not be held open by a quarter-second of pending news.
        this.lazyTimer.unref?.();
      }
    } else this.dirtyOrganiser = true;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** The clock alone, to every screen, now (and as the heartbeat). */
  sendAnchor(): void {
    this.io.emit('clock:anchor', timerAnchor(this.store.data, this.clock.now(), this.nextSeq()));
  }

  /** A full snapshot for one socket: on connect and on reconnect. */
  sendSnapshot(socket: PodiumSocket): void {
    const data = this.store.data;
    const now = this.clock.now();
    const seq = this.nextSeq();
    socket.emit('clock:anchor', timerAnchor(data, now, seq));
    if (socket.data.role === 'organiser') socket.emit('state:organiser', organiserState(data, now, seq));
    else if (socket.data.role === 'juror' && socket.data.jurorId) {
      const state = jurorState(data, socket.data.jurorId, now, seq);
      if (state) socket.emit('state:juror', state);
    } else socket.emit('state:public', publicState(data, now, seq, this.publicBoard(now)));
  }

  private publicBoard(now: number): ReturnType<typeof publicLeaderboard> {
    this.board ??= { value: publicLeaderboard(this.store.data, now) };
    return this.board.value;
  }

  private present(room: string): boolean {
    return (this.io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  private flushLazy(): void {
    this.lazyTimer = null;
    if (this.lazyOrganiser) this.dirtyOrganiser = true;
    if (this.lazyJurors) this.allJurors = true;
    for (const id of this.lazyJurorIds) this.scoredJurors.add(id);
    this.lazyOrganiser = this.lazyJurors = false;
    this.lazyJurorIds.clear();
    if (!this.scheduled && (this.dirtyOrganiser || this.allJurors || this.dirtyJurors.size || this.scoredJurors.size)) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const data = this.store.data;
    const now = this.clock.now();
    const seq = this.nextSeq();
    if (this.anchorDirty) this.io.emit('clock:anchor', timerAnchor(data, now, seq));
    // The audience first: it is what the room is looking at.
    const board = this.dirtyPublic || this.allJurors || this.dirtyJurors.size ? this.publicBoard(now) : null;
    if (this.dirtyPublic && this.present('public')) this.io.to('public').emit('state:public', publicState(data, now, seq, board));
    const jurorIds = this.allJurors ? data.event.jurors.map((j) => j.id) : [...this.dirtyJurors];
    let shared: JurorShared | null = null;
    for (const id of jurorIds) {
      const room = `juror:${id}`;
      if (!this.present(room)) continue;
      shared ??= jurorShared(data, now, seq);
      const state = jurorState(data, id, now, seq, board, shared);
      if (state) this.io.to(room).emit('state:juror', state);
    }
    // Jurors who only scored: their scores and the windows, not the whole event again.
    const sentInFull = new Set(jurorIds);
    for (const id of this.scoredJurors) {
      const room = `juror:${id}`;
      if (sentInFull.has(id) || !this.present(room)) continue;
      this.io.to(room).emit('juror:scores', jurorScoresUpdate(data, id, seq));
    }
    if (this.dirtyOrganiser && this.present('organiser')) this.io.to('organiser').emit('state:organiser', organiserState(data, now, seq));
    // What was just sent in full needs no lazy repeat.
    if (this.dirtyOrganiser) this.lazyOrganiser = false;
    if (this.allJurors) {
      this.lazyJurors = false;
      this.lazyJurorIds.clear();
    }
    this.dirtyOrganiser = this.dirtyPublic = this.allJurors = this.anchorDirty = false;
    this.dirtyJurors.clear();
    this.scoredJurors.clear();
  }
}
