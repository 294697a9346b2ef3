// A page's live connection: the state its role receives, the clock's anchor,
// whether it is online, and why it was refused. Components read these fields;
// only this module listens on the socket.
import type { JurorState, OrganiserState, PublicState, TimerAnchor } from '../../../protocol/views.ts';
import { ServerClock } from './server-clock.svelte.ts';
import { connectSocket, request, type PodiumClientSocket } from './socket.ts';

type StateEvent = 'state:public' | 'state:juror' | 'state:organiser';
type StateOf<E extends StateEvent> = E extends 'state:public' ? PublicState : E extends 'state:juror' ? JurorState : OrganiserState;

export class Live<E extends StateEvent> {
  state = $state<StateOf<E> | null>(null);
  anchor = $state<TimerAnchor | null>(null);
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

  constructor(event: E, auth: { token?: string; view?: 'screen' | 'stage' | 'audience' }) {
    this.socket = connectSocket(auth);
    this.clock = new ServerClock(this.socket);
    this.socket.on('connect', () => {
      this.online = true;
      this.everConnected = true;
      this.refused = null;
      this.paused = null;
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
      const code = (err as Error & { data?: { code?: string } }).data?.code;
      if (code === 'unauthorised') {
        this.refused = err.message;
        this.socket.disconnect();
        return;
      }
      if (code === 'rate-limited') this.paused = err.message;
      // Refused for now (too many connections or failures from this address): Socket.IO does not
      // retry a connection its server refused, so try again later, with jitter so pages spread out.
      if (!this.socket.active) {
        const delay = Math.min(30_000, 2_000 * 2 ** this.refusals++) * (0.5 + Math.random());
        setTimeout(() => this.socket.connect(), delay);
      }
    });
    this.socket.on('connect', () => {
      this.refusals = 0;
    });
    this.socket.on('clock:anchor', (anchor) => {
      if (anchor.seq < this.lastAnchorSeq) return;
      this.lastAnchorSeq = anchor.seq;
      this.clock.seed(anchor.serverNow);
      this.anchor = anchor;
    });
    (this.socket.on as (e: string, fn: (s: StateOf<E>) => void) => void)(event, (s) => {
      this.state = s;
    });
    // A juror's own scores changed: patch them into the view instead of receiving it whole.
    this.socket.on('juror:scores', (update) => {
      const current = this.state as JurorState | null;
      if (!current || !('juror' in current) || update.seq < current.seq) return;
      this.state = { ...current, seq: update.seq, scores: update.scores, scoring: update.scoring } as StateOf<E>;
    });
  }

  send<Ev extends Parameters<typeof request>[1]>(event: Ev, payload: Parameters<typeof request<Ev>>[2]) {
    return request(this.socket, event, payload);
  }
}
