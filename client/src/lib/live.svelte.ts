// A page's live connection: the state its role receives, the clock's anchor,
// whether it is online, and why it was refused. Components read these fields;
// only this module listens on the socket.
import type { ErrorKey, ErrorParams } from '../../../protocol/result.ts';
import { errorText } from './i18n/errors.ts';
import type { HostState, JurorState, OrganiserPatch, OrganiserState, PublicState, TimerAnchor } from '../../../protocol/views.ts';
import { followDevice, followEvent, setEventZone } from './i18n/locale.svelte.ts';
import { ServerClock } from './server-clock.svelte.ts';
import { applyStatePatch } from '../../../protocol/state-patch.ts';
import { applyJurorPatch, applyJurorScores } from '../../../protocol/juror-patch.ts';
import { connectSocket, request, type PodiumClientSocket } from './socket.ts';

export type StateEvent = 'state:public' | 'state:juror' | 'state:organiser' | 'state:host';
export type StateOf<E extends StateEvent> = E extends 'state:public'
  ? PublicState
  : E extends 'state:juror'
    ? JurorState
    : E extends 'state:host'
      ? HostState
      : OrganiserState;

/**
 * The organiser's page passes protocol/organiser-patch.ts's `applyOrganiserPatch` and
 * `patchFits`; other pages do not load the ranking code they would never run.
 */
export interface OrganiserPatching {
  apply: (state: OrganiserState, patch: OrganiserPatch) => OrganiserState;
  fits: (state: OrganiserState, patch: OrganiserPatch) => boolean;
  /** Readies a snapshot for its first patch in steps (protocol/organiser-patch.ts's `prepareOrganiserSteps`), one per idle moment. */
  prepare?: (state: OrganiserState) => Iterator<void>;
}

export class Live<E extends StateEvent> {
  // Raw: the state and the anchor are only ever replaced whole (a snapshot, a patch applied to a
  // copy, the next anchor), so a big event's thousands of scores are not each wrapped in a proxy on
  // every update. Nothing may change them in place: a change is a new object assigned here.
  state = $state.raw<StateOf<E> | null>(null);
  anchor = $state.raw<TimerAnchor | null>(null);
  online = $state(false);
  /** Why the server refused this page (a bad link), shown to the person. */
  refused = $state<string | null>(null);
  /** Why the server holds this page back for a while (its link flooded), shown to the person until it gets back in. */
  paused = $state<string | null>(null);
  /** Becomes true once the first connection was made, so "reconnecting" is not shown while loading. */
  everConnected = $state(false);
  readonly socket: PodiumClientSocket;
  readonly clock: ServerClock;
  private lastAnchorSeq = 0;
  private refusals = 0;
  /** A gap was seen in the organiser's patches: ignore them until the snapshot asked for arrives. */
  private awaitingSnapshot = false;
  /** The room's public state: its patches were missed, ignore them until the whole state asked for arrives. */
  private awaitingPublic = false;
  /**
   * The organiser's state with every patch received applied, not yet shown: patches come several
   * a frame while many jurors score (each re-derives what the console draws), so `state` takes
   * the latest once a frame.
   */
  private patched: OrganiserState | null = null;
  private showing: { frame: number; timer: ReturnType<typeof setTimeout> } | null = null;
  /** The idle callback readying the last snapshot for its first patch. */
  private preparing: number | null = null;

  constructor(event: E, auth: { token?: string; view?: 'screen' | 'stage' | 'audience'; room?: string }, patching?: OrganiserPatching) {
    // Who speaks what (docs/i18n.md): the public pages follow the event's language; the organiser's
    // console and the juror's page follow the device's. Every page shows times in the event's zone.
    if (event !== 'state:public') followDevice();
    this.socket = connectSocket(auth);
    this.clock = new ServerClock(this.socket);
    this.socket.on('connect', () => {
      this.online = true;
      this.everConnected = true;
      this.refused = null;
      this.paused = null;
      this.refusals = 0;
      // A new connection may be a restarted server: accept its anchors afresh.
      this.lastAnchorSeq = 0;
    });
    this.socket.on('disconnect', (reason) => {
      this.online = false;
      if (reason === 'io server disconnect') {
        // The server cut us off on purpose (e.g. a juror link was replaced): try once more to learn why.
        this.socket.connect();
      }
    });
    this.socket.on('connect_error', (err) => {
      this.online = false;
      const data = (err as Error & { data?: { code?: string; key?: ErrorKey; params?: ErrorParams } }).data;
      const code = data?.code;
      // Said in the page's language when the server names its words (protocol/result.ts).
      const said = () => errorText({ code: code === 'rate-limited' ? 'rate-limited' : 'forbidden', key: data?.key, params: data?.params, message: err.message });
      if (code === 'unauthorised') {
        this.refused = said();
        this.socket.disconnect();
        return;
      }
      if (code === 'rate-limited') this.paused = said();
      // Refused for now (too many connections or failures from this address): Socket.IO does not
      // retry a connection its server refused, so try again later, with jitter so pages spread out.
      if (!this.socket.active) {
        const delay = Math.min(30_000, 2_000 * 2 ** this.refusals++) * (0.5 + Math.random());
        setTimeout(() => this.socket.connect(), delay);
      }
    });
    this.socket.on('clock:anchor', (anchor) => {
      if (anchor.seq < this.lastAnchorSeq) return;
      this.lastAnchorSeq = anchor.seq;
      this.clock.seed(anchor.serverNow);
      this.clock.follow(anchor);
      this.anchor = anchor;
    });
    (this.socket.on as (e: string, fn: (s: StateOf<E>) => void) => void)(event, (s) => {
      this.dropPatched();
      this.awaitingSnapshot = false;
      this.awaitingPublic = false;
      this.state = s;
      this.localise();
      if (patching?.prepare) this.prepare(s as OrganiserState, patching.prepare);
    });
    if (patching) {
      this.socket.on('organiser:patch', (patch) => {
        const current = this.patched ?? (this.state as OrganiserState | null);
        if (!current || this.awaitingSnapshot || patch.rev <= current.rev) return;
        if (!patching.fits(current, patch)) {
          // A patch was missed: patching on would drift from the server, so start again from a snapshot.
          this.awaitingSnapshot = true;
          void this.send('organiser:snapshot', {}).then((r) => {
            if (!r.ok) this.awaitingSnapshot = false;
          });
          return;
        }
        this.patched = patching.apply(current, patch);
        this.showPatched();
      });
    }
    // The room's public state moves on by patches from the version this page holds; a gap asks for it whole.
    this.socket.on('public:patch', (patch) => {
      const current = this.state as PublicState | null;
      if (!current || this.awaitingPublic || current.rev === undefined || patch.rev <= current.rev) return;
      const next = applyStatePatch(current, current.rev, patch);
      if (!next) {
        this.awaitingPublic = true;
        void this.send('public:snapshot', {}).then((r) => {
          if (!r.ok) this.awaitingPublic = false;
        });
        return;
      }
      this.state = next as StateOf<E>;
      this.localise();
    });
    // A juror's own scores changed: patch them into the view instead of receiving it whole.
    this.socket.on('juror:scores', (update) => {
      const current = this.state as JurorState | null;
      if (!current || !('juror' in current)) return;
      this.state = applyJurorScores(current, update) as StateOf<E>;
    });
    // Only some parts of a juror's view changed (their scores, the windows): protocol/juror-patch.ts.
    this.socket.on('juror:patch', (patch) => {
      const current = this.state as JurorState | null;
      if (!current || !('juror' in current)) return;
      this.state = applyJurorPatch(current, patch) as StateOf<E>;
    });
  }

  /**
   * Shows the patched state at the next frame, or after 100 ms when no frame comes (a page in the
   * background gets none, and its state must still move on).
   */
  private showPatched(): void {
    if (this.showing) return;
    const show = () => {
      const patched = this.patched;
      this.dropPatched();
      if (!patched) return;
      this.state = patched as StateOf<E>;
      this.localise();
    };
    this.showing = { frame: requestAnimationFrame(show), timer: setTimeout(show, 100) };
  }

  /** Readies `snapshot` for its first patch, a step each time the page is idle, unless another state came first. */
  private prepare(snapshot: OrganiserState, prepare: (state: OrganiserState) => Iterator<void>): void {
    // Safari has no requestIdleCallback: a timer after the first frames instead.
    const idle = typeof requestIdleCallback === 'function';
    if (this.preparing !== null) (idle ? cancelIdleCallback : clearTimeout)(this.preparing);
    let steps: Iterator<void> | null = null;
    const run = () => {
      this.preparing = null;
      if (this.state !== snapshot || this.patched) return;
      steps ??= prepare(snapshot);
      if (!steps.next().done) schedule();
    };
    const schedule = () => {
      this.preparing = idle ? requestIdleCallback(run, { timeout: 2_000 }) : (setTimeout(run, 500) as unknown as number);
    };
    schedule();
  }

  /** Forgets the patched state not shown yet (a snapshot replaces it). */
  private dropPatched(): void {
    this.patched = null;
    if (!this.showing) return;
    cancelAnimationFrame(this.showing.frame);
    clearTimeout(this.showing.timer);
    this.showing = null;
  }

  /** The event's language (public pages) and time zone (every page), from the state just received. */
  private localise(): void {
    const s = this.state;
    if (!s) return;
    if ('data' in s) setEventZone(s.data.event.settings.timeZone);
    else if ('juror' in s || 'scoring' in s) setEventZone(s.timeZone);
    else followEvent(s);
  }

  /** Shows another of the event's rooms (the audience page's pick): the same connection, asked again for that room. */
  switchRoom(room: string): void {
    (this.socket.auth as { room?: string }).room = room;
    this.state = null;
    this.anchor = null;
    this.socket.disconnect().connect();
  }

  send<Ev extends Parameters<typeof request>[1]>(event: Ev, payload: Parameters<typeof request<Ev>>[2]) {
    return request(this.socket, event, payload);
  }
}
