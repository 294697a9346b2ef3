// The ballot on the audience page: the pure Ballot over localStorage, sending through
// the page's one socket; sends what waits whenever the connection is (back) up, and
// asks the server what counts for this phone on each connection.
import { untrack } from 'svelte';
import type { VoteSaved } from '../../../../protocol/events.ts';
import type { Result, ResultError } from '../../../../protocol/result.ts';
import type { Live } from '../../lib/live.svelte.ts';
import { Ballot, BALLOT_KEY, type BallotVote, type PersistedBallot } from './ballot.ts';
import { pageStorage } from '../jury/outbox.svelte.ts';

const TICKET_KEY = 'podium:ticket';

function send(live: Live<'state:public'>, vote: BallotVote): Promise<Result<VoteSaved>> {
  // Offline it is not sent at all (Socket.IO would buffer it beside the ballot's own retry).
  if (!live.socket.connected) return Promise.resolve({ ok: false, error: { code: 'internal', message: 'Offline: not sent yet.' } });
  return live.send('vote:cast', vote.ticket ? { teamId: vote.teamId, revision: vote.revision, ticket: vote.ticket } : { teamId: vote.teamId, revision: vote.revision });
}

export class PageBallot {
  state = $state<PersistedBallot>({ pending: null, attempts: 0, revision: 0, counted: null });
  refusal = $state<{ vote: BallotVote; error: ResultError } | null>(null);
  ticket = $state<string | null>(null);
  private readonly box: Ballot;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly storage = pageStorage();
  /** A phone without a pass asks for one once, then reconnects so its handshake carries it. */
  private askedForPass = false;

  constructor(private readonly live: Live<'state:public'>) {
    // A badge's QR code opens the page with ?ticket=CODE: kept on the phone, then taken out of the address bar.
    const fromUrl = new URLSearchParams(location.search).get('ticket');
    if (fromUrl && /^[A-Z0-9]{8,32}$/.test(fromUrl.toUpperCase())) {
      this.storage.setItem(TICKET_KEY, fromUrl.toUpperCase());
      history.replaceState(null, '', location.pathname);
    }
    this.ticket = this.storage.getItem(TICKET_KEY);
    this.box = new Ballot({
      storage: this.storage,
      key: BALLOT_KEY,
      send: (vote) => send(live, vote),
      onChange: () => (this.state = this.box.state),
      onRefused: (vote, error) => void this.refused(vote, error),
    });
    this.state = this.box.state;
    $effect(() => {
      if (this.live.online) untrack(() => void this.connected());
    });
    const onStorage = (e: StorageEvent) => {
      if (e.key === BALLOT_KEY) this.state = this.box.state;
    };
    addEventListener('storage', onStorage);
    $effect(() => () => {
      removeEventListener('storage', onStorage);
      if (this.retry) clearTimeout(this.retry);
    });
  }

  useTicket(code: string): void {
    const clean = code.trim().toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (!clean) return;
    this.storage.setItem(TICKET_KEY, clean);
    this.ticket = clean;
    this.refusal = null;
  }

  vote(teamId: string): void {
    this.refusal = null;
    this.box.vote(teamId, this.ticket ?? undefined);
    void this.flush();
  }

  private async connected(): Promise<void> {
    const mine = await this.live.send('vote:mine', this.ticket ? { ticket: this.ticket } : {});
    if (mine.ok) this.box.synced(mine.data);
    await this.flush();
  }

  private async refused(vote: BallotVote, error: ResultError): Promise<void> {
    if (error.key === 'error_vote_no_device' && !this.askedForPass) {
      this.askedForPass = true;
      const res = await fetch('/vote/device', { method: 'POST', credentials: 'same-origin' }).catch(() => null);
      if (res?.ok) {
        // Vote again once the new connection carries the pass.
        this.box.vote(vote.teamId, vote.ticket);
        this.live.socket.disconnect().connect();
        return;
      }
    }
    if (error.key === 'error_vote_ticket_unknown' || error.key === 'error_vote_ticket_used') {
      this.storage.setItem(TICKET_KEY, '');
      this.ticket = null;
    }
    this.refusal = { vote, error };
  }

  async flush(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    if (!this.live.online) return;
    const empty = await this.box.flush();
    if (!empty && !this.retry) this.retry = setTimeout(() => void this.flush(), this.box.nextDelay() ?? 5000);
  }
}
