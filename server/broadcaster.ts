// Sends each role its projection of the state. Changes mark what is dirty; one
// flush per turn of the event loop sends each projection once, so a burst of
// scores costs one ranking and one serialisation per room, not one per socket.
// What a score changes beyond the audience's leaderboard (the organiser's
// console, the jurors' own states, whose news the acknowledgement has already
// told) goes out at most every `LAZY_MS`, coalesced. The organiser's console
// gets a snapshot on connect and then patches (server/organiser-stream.ts): the
// scores and parts that changed, never the whole event again. A juror gets a
// whole view only when what every juror sees (the event, the agenda) or their
// own record changed; otherwise the parts that changed, or nothing; never the
// leaderboard (protocol/views.ts JurorState). The live leaderboard a score
// changes goes to the audience paced by what the last board cost to rank and
// to make into the rooms' versions (not to write to their sockets). The ranking is kept up to date from the scores that changed
// (domain/ranking.ts RankingIndex). Nothing is computed for a room nobody is in.
import type { Leaderboard, PodiumData } from '../protocol/model.ts';
import { jurorRoomId, mainRoomId, roomsOf } from '../protocol/rooms.ts';
import type { JurorPatch, JurorScoresUpdate, JurorState, PublicState, TimerAnchor } from '../protocol/views.ts';
import { hostState, jurorScoresUpdate, jurorShared, jurorState, organiserCore, organiserState, publicCommon, publicEventPart, publicLeaderboard, publicOfRoom, scoresUpdateShared, timerAnchor, type JurorShared, type ScoresUpdateShared } from './domain/projection.ts';
import type { DiffMemo } from '../protocol/state-patch.ts';
import { changedScores, heldScores, type HeldScores } from '../protocol/juror-patch.ts';
import { OrganiserStream } from './organiser-stream.ts';
import { PublicStream } from './public-stream.ts';
import { RankingIndex } from './domain/ranking.ts';
import type { Clock } from './domain/clock.ts';
import { rooms } from './socket/rooms.ts';
import type { ScoreCursor, Store } from './store/index.ts';
import type { Change, PodiumServer, PodiumSocket } from './types/socket.ts';

/** How long score-driven updates of the organiser and of other jurors may wait. */
export const LAZY_MS = 250;

/** Score-driven audience updates wait this many times what the last board took to rank and to make into the rooms' versions (at most PUBLIC_PACE_MAX_MS). */
const PUBLIC_PACE_FACTOR = 4;
const PUBLIC_PACE_MAX_MS = 1000;
/** Jurors' own scores updates are sent at most this many scores' worth per turn of the event loop: one juror's at 300 teams (about 90 KB). */
const JUROR_SCORES_PER_TURN = 300;
/** A page joining the room gets the version the room holds when younger than this (pages move projected times on from the clock), else a fresh one. */
const PUBLIC_FRESH_MS = 1000;
/** A shown tally of the people's vote goes to the room at most this often: a burst of votes is one update. */
export const VOTE_PUBLIC_MS = 1000;

export class Broadcaster {
  private seq = 0;
  private dirtyOrganiser = false;
  /** Something other than scores changed for the organiser since the last send: compare every part. */
  private organiserStructural = false;
  /** Jurors whose scores changed since the organiser's last send. */
  private organiserScoredBy = new Set<string>();
  private readonly organiser = new OrganiserStream();
  /** Where the organiser's stream is in the store's journal of changed scores. */
  private organiserCursor: ScoreCursor;
  /** Each event room's public state as versions: patches to its pages, the whole to a page that joins or asks. */
  private readonly roomStreams = new Map<string, PublicStream<PublicState>>();
  /** Rooms whose public state changed while nobody was there to be sent it: the next page to join gets a fresh version. */
  private readonly staleRooms = new Set<string>();
  /** Per juror room: fingerprints of what it was last sent, so unchanged parts are not sent again. */
  private jurorSent = new Map<string, JurorSent>();
  private dirtyPublic = false;
  /** Something other than a score changed what the room sees: it goes out at once. */
  private publicUrgent = false;
  /**
   * Score-driven audience updates wait until then (performance.now()): a few times what the
   * last ranking cost, so a big event's ranking cannot crowd out the jurors' acknowledgements,
   * while a small one's (well under a millisecond) goes out at once.
   */
  private publicDueAt = 0;
  private publicTimer: ReturnType<typeof setTimeout> | null = null;
  /** What making the current board cost (ms); 0 once a flush has counted it. */
  private boardCost = 0;
  /** Jurors whose own scores changed and nothing else: they get the small JurorScoresUpdate. */
  private scoredJurors = new Set<string>();
  /** Jurors whose scores update is due, sent a few per turn (sendScores). */
  private scoresQueue = new Set<string>();
  private scoresSending: ReturnType<typeof setImmediate> | null = null;
  private allJurors = false;
  private anchorDirty = false;
  /** Something a room host sees changed (not a score): each room's host console gets its state. */
  private dirtyHosts = false;
  private scheduled = false;
  /** Score-driven changes held back for the next lazy flush. */
  private lazyOrganiser = false;
  private lazyJurorIds = new Set<string>();
  private lazyTimer: ReturnType<typeof setTimeout> | null = null;
  /** The public leaderboard of the current state, shared by every snapshot until the next change. */
  private board: { value: ReturnType<typeof publicLeaderboard> } | null = null;
  /**
   * The public state's parts every room shares, as sent (JSON copies, never changed after): the event's part
   * until the event changes, the board's until the board does. Each room's version is made of them and its own
   * part, so 8 rooms cost one copy of the 200 teams and the board, not 8, and the diff from a room's last
   * version skips a shared part that is the same object (protocol/state-patch.ts compares references first).
   */
  private wireEvent: unknown = null;
  private wireBoard: { of: unknown; wire: unknown } | null = null;

  /** What every juror's snapshot shares, for the same state; dropped with the board on each change. */
  private shared: JurorShared | null = null;
  /** The live ranking, kept up to date from the scores each change touched, not made again from every score. */
  private readonly ranking: RankingIndex<ScoreCursor>;
  /** A shown tally's next update to the room, pending. */
  private voteTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * In a cluster (server/fanout/), the public pages may be on other nodes: every room's show is
   * taken to be watched, and versions and sequence numbers start from the start time, so that a
   * restarted primary's are newer than any a page on a fan-out node still holds.
   */
  private readonly firstRev: number;

  constructor(
    private readonly io: PodiumServer,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: { cluster?: boolean } = {},
  ) {
    this.ranking = new RankingIndex(store.scores);
    this.organiserCursor = store.scores.cursor();
    this.firstRev = options.cluster ? Date.now() : 0;
    this.seq = this.firstRev;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  changed(change: Change): void {
    // A vote changes neither the scores' board nor what jurors see.
    if (change.kind !== 'vote') {
      this.board = null;
      this.shared = null;
    }
    // A score or a vote leaves the event as it was; anything else may have changed its teams, names, rooms.
    if (change.kind !== 'score' && change.kind !== 'vote') this.wireEvent = null;
    if (change.kind !== 'score') this.organiserStructural = true;
    else this.organiserScoredBy.add(change.jurorId);
    if (change.kind === 'everything') {
      this.dirtyHosts = true;
      this.dirtyOrganiser = true;
      this.dirtyPublic = true;
      this.publicUrgent = true;
      this.allJurors = true;
      this.anchorDirty = true;
    } else if (change.kind === 'score' || change.kind === 'vote') {
      if (change.kind === 'score') this.lazyJurorIds.add(change.jurorId);
      this.lazyOrganiser = true;
      // A live board moves with the scores.
      if (change.kind === 'score' && this.store.data.visibility.mode === 'live') this.dirtyPublic = true;
      // The room's tally only when shown (never before), and at most once a second.
      if (change.kind === 'vote' && this.store.data.peopleVote.shown) this.voteToPublic();
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

  private voteToPublic(): void {
    if (this.voteTimer) return;
    this.voteTimer = setTimeout(() => {
      this.voteTimer = null;
      this.dirtyPublic = true;
      this.publicUrgent = true;
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    }, VOTE_PUBLIC_MS);
    this.voteTimer.unref?.();
  }

  /** The clock alone, to every screen, now (and as the heartbeat). */
  sendAnchor(): void {
    this.emitAnchors(this.store.data, this.clock.now(), this.nextSeq());
  }

  /**
   * Each room's clock to its own pages and host (issue 17): the main room's to everyone else
   * (the consoles, the jurors), so a projector of one room never sees another room's clock.
   */
  private emitAnchors(data: PodiumData, now: number, seq: number): void {
    const [main, ...others] = roomsOf(data.event);
    const roomPages = (id: string) => [rooms.show(id), rooms.host(id), rooms.jurors(id)];
    const elsewhere = others.flatMap((r) => roomPages(r.id));
    (elsewhere.length ? this.io.except(elsewhere) : this.io).emit('clock:anchor', timerAnchor(data, now, seq, main!.id));
    for (const room of others) this.io.to(roomPages(room.id)).emit('clock:anchor', timerAnchor(data, now, seq, room.id));
  }

  /**
   * Moves the phones of jurors whose room changed (a new panel, a room removed) to the room they now
   * follow, and gives them its clock; their view follows with the jurors' next whole views.
   */
  private relocateJurors(data: PodiumData, now: number, seq: number): void {
    for (const juror of data.event.jurors) {
      const ids = this.io.sockets.adapter.rooms.get(rooms.juror(juror.id));
      if (!ids) continue;
      const roomId = jurorRoomId(data.event, juror);
      for (const id of ids) {
        const socket = this.io.sockets.sockets.get(id);
        if (!socket || socket.data.roomId === roomId) continue;
        if (socket.data.roomId) void socket.leave(rooms.jurors(socket.data.roomId));
        socket.data.roomId = roomId;
        void socket.join(rooms.jurors(roomId));
        socket.emit('clock:anchor', timerAnchor(data, now, seq, roomId));
      }
    }
  }

  /** A full snapshot for one socket: on connect and on reconnect. */
  sendSnapshot(socket: PodiumSocket): void {
    const data = this.store.data;
    const now = this.clock.now();
    const seq = this.nextSeq();
    socket.emit('clock:anchor', timerAnchor(data, now, seq, socket.data.roomId ?? undefined));
    if (socket.data.role === 'host' && socket.data.roomId) {
      socket.emit('state:host', hostState(data, now, seq, socket.data.roomId));
    } else if (socket.data.role === 'organiser') {
      // The consoles already open are brought up to now first, so all share the revision of this snapshot.
      const others = (this.io.sockets.adapter.rooms.get(rooms.organiser)?.size ?? 0) - (socket.rooms.has(rooms.organiser) ? 1 : 0);
      if (others > 0) {
        const patch = this.organiser.next(data, now, seq);
        if (patch) this.io.to(rooms.organiser).except(socket.id).emit('organiser:patch', patch);
      } else this.organiser.rebase(organiserCore(data, now, seq, this.organiser.rev + 1));
      this.organiserStructural = false;
      this.organiserScoredBy.clear();
      this.organiserCursor = this.store.scores.cursor();
      socket.emit('state:organiser', organiserState(data, now, seq, this.organiser.rev));
    } else if (socket.data.role === 'juror' && socket.data.jurorId) {
      const id = socket.data.jurorId;
      // A room of jurors joining at once shares one projection until the next change.
      this.shared ??= jurorShared(data, now, seq, this.store.scores.values());
      const projected = jurorState(data, id, now, seq, this.shared);
      if (!projected) return;
      const state = { ...projected, seq };
      socket.emit('state:juror', state);
      // Alone in its room, this page is the room's record; beside an older page, the next change sends the room its whole view.
      const alone = (this.io.sockets.adapter.rooms.get(rooms.juror(id))?.size ?? 0) <= 1;
      if (alone) this.jurorSent.set(id, { ...commonPrints(state), juror: JSON.stringify(state.juror), scores: heldScores(state.scores) });
      else this.jurorSent.delete(id);
    } else socket.emit('state:public', this.publicSnapshot(socket, now, seq));
  }

  /** A room's next public state, made of the shared parts as sent (see wireEvent) and its own, copied as JSON. */
  private wirePublic(data: PodiumData, now: number, seq: number, board: Leaderboard | null, roomId: string): PublicState {
    const { rooms: _r, eventName: _n, language: _l, timeZone: _z, amberMs: _a, redMs: _d, categories: _c, criteria: _k, teams: _t, round: _o, leaderboard: _b, ...rest } = publicCommon(data, seq, board);
    this.wireEvent ??= wire(publicEventPart(data));
    if (this.wireBoard?.of !== board) this.wireBoard = { of: board, wire: wire(board) };
    return { ...(this.wireEvent as object), ...wire(rest), leaderboard: this.wireBoard.wire, ...wire(publicOfRoom(data, now, roomId)) } as PublicState;
  }

  /** The room's stream of public versions (a room of the event: its projector, stage monitor, overlay, audience). */
  private streamOf(roomId: string): PublicStream<PublicState> {
    let stream = this.roomStreams.get(roomId);
    if (!stream) this.roomStreams.set(roomId, (stream = new PublicStream<PublicState>(this.firstRev)));
    return stream;
  }

  /**
   * The version of the public state a joining page gets: its room's own, so the next patch fits it,
   * unless it is stale and no update is on its way, in which case a fresh version goes to the room
   * first (as a patch, to the others) and to this page whole.
   */
  private publicSnapshot(socket: PodiumSocket, now: number, seq: number): PublicState {
    return this.publicVersion(socket.data.roomId ?? mainRoomId(this.store.data.event), now, seq, socket.id);
  }

  /** The room's version for a page joining (`joining`: its socket, which gets it whole, not as a patch). */
  private publicVersion(roomId: string, now: number, seq: number, joining?: string): PublicState {
    const stream = this.streamOf(roomId);
    const current = stream.current;
    if (current && !this.staleRooms.has(roomId) && (this.dirtyPublic || stream.age(performance.now()) < PUBLIC_FRESH_MS)) return current;
    this.staleRooms.delete(roomId);
    const patch = stream.next(this.wirePublic(this.store.data, now, seq, this.publicBoard(now), roomId), performance.now(), true);
    if (patch) (joining ? this.io.to(rooms.show(roomId)).except(joining) : this.io.to(rooms.show(roomId))).emit('public:patch', patch);
    return stream.current!;
  }

  /** Every room's public state and clock, for a fan-out node that joins or missed a version (server/fanout/). */
  clusterSnapshot(): { main: string; rooms: Record<string, { state: PublicState; anchor: TimerAnchor }> } {
    const data = this.store.data;
    const now = this.clock.now();
    const seq = this.nextSeq();
    const result: Record<string, { state: PublicState; anchor: TimerAnchor }> = {};
    // The version the room holds as it is (a fresh one would go out as a patch by the stream, after this answer by pub/sub).
    for (const room of roomsOf(data.event)) result[room.id] = { state: this.streamOf(room.id).current ?? this.publicVersion(room.id, now, seq), anchor: timerAnchor(data, now, seq, room.id) };
    return { main: mainRoomId(data.event), rooms: result };
  }

  private publicBoard(now: number): ReturnType<typeof publicLeaderboard> {
    if (!this.board) {
      const started = performance.now();
      const data = this.store.data;
      this.board = { value: publicLeaderboard(data, now, () => this.ranking.leaderboard(data.event, now)) };
      this.boardCost = performance.now() - started;
      this.publicDueAt = performance.now() + Math.min(PUBLIC_PACE_MAX_MS, PUBLIC_PACE_FACTOR * this.boardCost);
    }
    return this.board.value;
  }

  /**
   * Each juror who scored gets their own scores (all of them: at 300 teams, 300 scores), at most
   * `JUROR_SCORES_PER_TURN` scores' worth of jurors per turn of the event loop, so that ten jurors
   * scoring at once at a big event do not hold every acknowledgement behind ten big messages.
   */
  private sendScores(): void {
    this.scoresSending = null;
    const data = this.store.data;
    let budget = JUROR_SCORES_PER_TURN;
    // The round's teams and their windows, and the windows' print, once for every juror of this turn.
    let shared: { update: ScoresUpdateShared; scoring: string } | null = null;
    for (const id of this.scoresQueue) {
      if (budget <= 0) break;
      this.scoresQueue.delete(id);
      const room = rooms.juror(id);
      if (!this.present(room)) continue;
      if (!shared) {
        const update = scoresUpdateShared(data);
        shared = { update, scoring: JSON.stringify(update.scoring) };
      }
      const whole = jurorScoresUpdate(data, id, this.nextSeq(), shared.update);
      const sent = this.jurorSent.get(id);
      // Beside an older page of the same link the room has no record: its whole list, to replace.
      let update: JurorScoresUpdate = { ...whole, all: true };
      if (sent) {
        // What the room lacks: the scores new or changed since it was last sent them, the windows if they moved.
        const { changed, removed } = changedScores(sent.scores, whole.scores);
        const scoring = shared.scoring;
        update = { seq: whole.seq, scores: changed, ...(removed.length ? { removed } : {}), ...(scoring !== sent.scoring ? { scoring: whole.scoring } : {}) };
        if (changed.length === 0 && removed.length === 0 && !update.scoring) continue;
        Object.assign(sent, { scores: heldScores(whole.scores), scoring });
      }
      this.io.to(room).emit('juror:scores', update);
      budget -= update.scores.length + 1;
    }
    if (this.scoresQueue.size > 0) this.scoresSending = setImmediate(() => this.sendScores());
  }

  /** A held-back audience update goes out when it is due. */
  private holdPublic(): void {
    if (this.publicTimer) return;
    this.publicTimer = setTimeout(() => {
      this.publicTimer = null;
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    }, Math.max(1, this.publicDueAt - performance.now()));
    this.publicTimer.unref?.();
  }

  private present(room: string): boolean {
    if (this.options.cluster && room.startsWith(rooms.show(''))) return true;
    return (this.io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  private flushLazy(): void {
    this.lazyTimer = null;
    if (this.lazyOrganiser) this.dirtyOrganiser = true;
    for (const id of this.lazyJurorIds) this.scoredJurors.add(id);
    this.lazyOrganiser = false;
    this.lazyJurorIds.clear();
    if (!this.scheduled && (this.dirtyOrganiser || this.allJurors || this.scoredJurors.size)) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const data = this.store.data;
    const now = this.clock.now();
    const seq = this.nextSeq();
    if (this.anchorDirty) this.emitAnchors(data, now, seq);
    // The audience first: it is what the room is looking at.
    // Held back only when the ranking is still to be made: a board already made costs the audience nothing more.
    const held = this.dirtyPublic && !this.publicUrgent && this.board === null && performance.now() < this.publicDueAt;
    if (held) this.holdPublic();
    const sendPublic = this.dirtyPublic && !held;
    // Made only for someone watching.
    const watched = new Set(sendPublic ? roomsOf(data.event).filter((room) => this.present(rooms.show(room.id))).map((room) => room.id) : []);
    const board = watched.size > 0 ? this.publicBoard(now) : null;
    /** The rooms' versions share the event's part and the board: each shared part is diffed once for all rooms. */
    let diffMemo: DiffMemo | undefined;
    if (sendPublic) {
      // What making the rooms' versions costs (copies, diffs) counts in the audience's pace with the ranking's:
      // at 8 rooms of a 200-team hackathon it was twice the ranking's, and paced by the ranking alone the
      // versions took most of the server's time while jurors scored. Writing them to the sockets does not count.
      let making = this.boardCost;
      this.boardCost = 0;
      // Each room's pages get what changed in their room's show since the version they hold (the board is the event's, made once).
      for (const room of roomsOf(data.event)) {
        if (!watched.has(room.id)) {
          this.staleRooms.add(room.id);
          continue;
        }
        const stream = this.streamOf(room.id);
        const started = performance.now();
        const patch = stream.next(this.wirePublic(data, now, seq, board, room.id), performance.now(), true, (diffMemo ??= new WeakMap()));
        making += performance.now() - started;
        if (patch) this.io.to(rooms.show(room.id)).emit('public:patch', patch);
        else this.io.to(rooms.show(room.id)).emit('state:public', stream.current!);
      }
      this.publicDueAt = performance.now() + Math.min(PUBLIC_PACE_MAX_MS, PUBLIC_PACE_FACTOR * making);
    }
    if (this.dirtyHosts) {
      for (const room of roomsOf(data.event)) if (this.present(rooms.host(room.id))) this.io.to(rooms.host(room.id)).emit('state:host', hostState(data, now, seq, room.id));
      this.dirtyHosts = false;
    }
    if (this.allJurors) this.relocateJurors(data, now, seq);
    const jurorIds = this.allJurors ? data.event.jurors.map((j) => j.id) : [];
    let shared: JurorShared | null = null;
    /** What the jurors of each room see alike, as strings to compare: one per room, made once. */
    const commons = new Map<string, Pick<JurorSent, 'common' | 'scoring'>>();
    const commonOf = (state: JurorState) => {
      let prints = commons.get(state.room.id);
      if (!prints) commons.set(state.room.id, (prints = commonPrints(state)));
      return prints;
    };
    /** Juror rooms that need only what every juror sees (the scoring windows): one message for all. */
    const sharedRooms: string[] = [];
    const sharedPatch: JurorPatch = { seq };
    for (const id of jurorIds) {
      const room = rooms.juror(id);
      if (!this.present(room)) continue;
      shared ??= jurorShared(data, now, seq, this.store.scores.values());
      const state = jurorState(data, id, now, seq, shared);
      if (!state) continue;
      const part = this.sendJuror(room, id, state, commonOf(state));
      if (part) {
        sharedRooms.push(room);
        Object.assign(sharedPatch, part);
      }
    }
    const sentInFull = new Set(jurorIds);
    if (sharedRooms.length) this.io.to(sharedRooms).emit('juror:patch', sharedPatch);
    // The audience's pace is what ranking costs (publicBoard), never what sending to the room costs:
    // pacing by the send held every score at 3,000 sockets for four times a broadcast (issue 19).
    // Jurors who only scored: their scores and the windows, not the whole event again, from the next turn on.
    for (const id of this.scoredJurors) if (!sentInFull.has(id)) this.scoresQueue.add(id);
    for (const id of sentInFull) this.scoresQueue.delete(id);
    if (this.scoresQueue.size > 0 && !this.scoresSending) this.scoresSending = setImmediate(() => this.sendScores());
    if (this.dirtyOrganiser && this.present(rooms.organiser)) {
      const structural = this.organiserStructural;
      const patch = this.organiser.next(data, now, seq, structural ? null : this.organiserScoredBy, structural ? null : this.store.scores.changedSince(this.organiserCursor));
      this.organiserCursor = this.store.scores.cursor();
      if (patch) this.io.to(rooms.organiser).emit('organiser:patch', patch);
      this.organiserStructural = false;
      this.organiserScoredBy.clear();
    }
    // What was just sent in full needs no lazy repeat.
    if (this.dirtyOrganiser) this.lazyOrganiser = false;
    if (this.allJurors) this.lazyJurorIds.clear();
    this.dirtyOrganiser = this.allJurors = this.anchorDirty = false;
    // A held-back audience update stays due; one sent is done.
    this.dirtyPublic = held;
    if (!held) this.publicUrgent = false;
    this.scoredJurors.clear();
  }

  /**
   * A juror's whole view when what they all see or their own record changed; else their own
   * changed part (the scores) to them alone, and the shared part that changed (the scoring
   * windows) returned, for the caller to send to every room that needs it at once.
   */
  private sendJuror(room: string, id: string, state: JurorState, common: Pick<JurorSent, 'common' | 'scoring'>): JurorPatch | null {
    const prints: JurorSent = { ...common, juror: JSON.stringify(state.juror), scores: heldScores(state.scores) };
    const sent = this.jurorSent.get(id);
    if (!sent || sent.common !== prints.common || sent.juror !== prints.juror) {
      this.jurorSent.set(id, prints);
      this.io.to(room).emit('state:juror', state);
      return null;
    }
    this.jurorSent.set(id, prints);
    const scores = changedScores(sent.scores, state.scores);
    if (scores.changed.length > 0 || scores.removed.length > 0) this.io.to(room).emit('juror:patch', { seq: state.seq, scores: state.scores });
    const part: JurorPatch = { seq: state.seq };
    if (sent.scoring !== prints.scoring) part.scoring = state.scoring;
    return Object.keys(part).length > 1 ? part : null;
  }
}

/** What a juror room was last sent, as strings to compare. */
interface JurorSent {
  /** What every juror sees: the event, the agenda, what is on now (without the seq). */
  common: string;
  juror: string;
  /** Each team's revision of the juror's own scores, as the room holds them. */
  scores: HeldScores;
  scoring: string;
}

function commonPrints(state: JurorState): Pick<JurorSent, 'common' | 'scoring'> {
  const { seq: _seq, juror: _juror, scores: _scores, scoring, ...common } = state;
  return { common: JSON.stringify(common), scoring: JSON.stringify(scoring) };
}

/** A JSON copy: what crossing the wire leaves of it, sharing nothing with the store's objects. */
const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
