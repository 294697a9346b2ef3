// The people's vote (issue 16): the organiser opens, closes and shows it; each device
// (or each ticket, in ticket mode) holds one ballot, the last vote counting. Plain
// functions over the stored data, `now` passed in; every check runs before anything
// changes, so a refused vote leaves no trace.
import { m } from '../../protocol/i18n.ts';
import { customAlphabet } from 'nanoid';
import { VOTE_LIMITS, type Ballot, type PeopleVote, type PodiumData } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { ballotCounts, type VoteWatch } from '../../protocol/votes.ts';
import { currentRevealPlan } from './visibility.ts';
import { record } from './audit.ts';

/** Capitals and digits without the look-alikes (0/O, 1/I): 10 of them carry 50 bits. */
export const newTicketCode = customAlphabet('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 10);

export interface Voter {
  /** From the device's signed cookie (server/auth/device.ts). */
  deviceId: string;
  address: string;
}

export interface VoteCast {
  teamId: string;
  revision: number;
  ticket?: string | undefined;
}

/**
 * Runs a change to the vote that may put the people's choice in the reveal or take it out
 * (closing, reopening, the setting). A reveal in progress whose places already shown would
 * no longer be the same starts again, as after a new focus: the room is never shown a
 * place it was not announced, nor a team a step early.
 */
function keepingTheReveal(data: PodiumData, change: () => void): void {
  const step = data.visibility.revealStep;
  const shown = (plan: ReturnType<typeof currentRevealPlan>) => JSON.stringify(plan?.slice(0, Math.ceil(step / 2)) ?? null);
  const before = step > 0 ? shown(currentRevealPlan(data)) : null;
  change();
  if (before !== null && shown(currentRevealPlan(data)) !== before) data.visibility.revealStep = 0;
}

/** Whether votes are taken at `now`: open, and before its closing time if it has one. */
export const isVoteOpen = (vote: PeopleVote, now: number): boolean => vote.status === 'open' && (vote.closesAt === null || now < vote.closesAt);

export function openVote(data: PodiumData, durationMs: number | null, now: number): void {
  keepingTheReveal(data, () => {
    const v = data.peopleVote;
    v.status = 'open';
    v.openedAt = now;
    v.closedAt = null;
    v.closesAt = durationMs ? now + durationMs : null;
  });
}

export function closeVote(data: PodiumData, now: number): void {
  const v = data.peopleVote;
  if (v.status !== 'open') throw new DomainError('conflict', 'error_vote_not_open');
  keepingTheReveal(data, () => {
    v.status = 'closed';
    v.closedAt = v.closesAt !== null ? Math.min(now, v.closesAt) : now;
    v.closesAt = null;
  });
}

/** A vote whose duration ran out is closed (the app's ticker asks `isDueToClose` first). */
export const isDueToClose = (data: Pick<PodiumData, 'peopleVote'>, now: number): boolean =>
  data.peopleVote.status === 'open' && data.peopleVote.closesAt !== null && now >= data.peopleVote.closesAt;

export function closeIfDue(data: PodiumData, now: number): boolean {
  if (!isDueToClose(data, now)) return false;
  const v = data.peopleVote;
  record(data, { at: now, actor: 'system', action: 'vote:close', detail: m.audit_vote_closed_by_time({}, { locale: data.event.settings.language }) });
  keepingTheReveal(data, () => {
    v.status = 'closed';
    v.closedAt = v.closesAt;
    v.closesAt = null;
  });
  return true;
}

export function showTally(data: PodiumData, shown: boolean): void {
  data.peopleVote.shown = shown;
}

export function updateVoteSettings(data: PodiumData, patch: Partial<Pick<PeopleVote, 'ticketMode' | 'audienceWeight' | 'inReveal'>>): void {
  if (patch.ticketMode !== undefined && patch.ticketMode !== data.peopleVote.ticketMode && data.peopleVote.status === 'open') {
    throw new DomainError('conflict', 'error_vote_mode_while_open');
  }
  keepingTheReveal(data, () => Object.assign(data.peopleVote, patch));
}

/** Adds `count` new one-time codes; returns them. */
export function generateTickets(data: PodiumData, count: number): string[] {
  const have = Object.keys(data.tickets).length;
  if (have + count > VOTE_LIMITS.tickets) throw new DomainError('limit', 'error_vote_too_many_tickets', { max: VOTE_LIMITS.tickets });
  const codes: string[] = [];
  while (codes.length < count) {
    const code = newTicketCode();
    if (Object.hasOwn(data.tickets, code)) continue;
    data.tickets[code] = '';
    codes.push(code);
  }
  return codes;
}

/** Where a voter's ballot is kept: by device, or by ticket in ticket mode (a ticket is one badge). */
const ballotKey = (voter: Voter, ticket: string | undefined) => (ticket ? `ticket-${ticket}` : voter.deviceId);

/**
 * Records a vote; the device's (or ticket's) previous vote is replaced. A retry of the
 * same revision is answered as the first time; an older revision arriving late changes nothing.
 */
export function castVote(data: PodiumData, voter: Voter, cast: VoteCast, now: number): { ballot: Ballot; applied: boolean } {
  const v = data.peopleVote;
  if (!isVoteOpen(v, now)) throw new DomainError('closed', 'error_vote_closed');
  if (!data.event.teams.some((t) => t.id === cast.teamId)) throw new DomainError('not-found', 'error_vote_unknown_team');
  let ticket: string | undefined;
  if (v.ticketMode) {
    if (!cast.ticket || !Object.hasOwn(data.tickets, cast.ticket)) throw new DomainError('forbidden', 'error_vote_ticket_unknown');
    const holder = data.tickets[cast.ticket]!;
    if (holder !== '' && holder !== voter.deviceId) throw new DomainError('forbidden', 'error_vote_ticket_used');
    ticket = cast.ticket;
  }
  const key = ballotKey(voter, ticket);
  const previous = Object.hasOwn(data.ballots, key) ? data.ballots[key]! : undefined;
  if (previous && cast.revision <= previous.revision) return { ballot: previous, applied: false };
  if (ticket && data.tickets[ticket] === '') data.tickets[ticket] = voter.deviceId;
  const ballot: Ballot = { teamId: cast.teamId, revision: cast.revision, at: now, address: voter.address.slice(0, 64), ...(ticket ? { ticket } : {}) };
  // defineProperty: a key is a key, whatever its name.
  Object.defineProperty(data.ballots, key, { value: ballot, writable: true, enumerable: true, configurable: true });
  return { ballot, applied: true };
}

/** What this voter's ballot says now (their page shows it after a reload). */
export function ballotOf(data: PodiumData, voter: Voter, ticket?: string): Ballot | null {
  const key = ballotKey(voter, data.peopleVote.ticketMode ? ticket : undefined);
  return Object.hasOwn(data.ballots, key) ? data.ballots[key]! : null;
}

/** Patterns an organiser should look at: many votes from one address, bursts in one minute. */
export function voteWatch(data: Pick<PodiumData, 'peopleVote' | 'ballots' | 'tickets'>): VoteWatch {
  const perAddress = new Map<string, number>();
  const perMinute = new Map<number, Map<string, number>>();
  for (const b of Object.values(data.ballots)) {
    if (!ballotCounts(data.peopleVote, b)) continue;
    perAddress.set(b.address, (perAddress.get(b.address) ?? 0) + 1);
    const minute = Math.floor(b.at / 60_000) * 60_000;
    const m = perMinute.get(minute) ?? new Map<string, number>();
    m.set(b.address, (m.get(b.address) ?? 0) + 1);
    perMinute.set(minute, m);
  }
  const byAddress = [...perAddress].map(([address, votes]) => ({ address, votes })).sort((a, b) => b.votes - a.votes).slice(0, 10);
  const bursts = [...perMinute]
    .map(([at, m]) => {
      let votes = 0;
      let top: [string, number] = ['', 0];
      for (const [address, n] of m) {
        votes += n;
        if (n > top[1]) top = [address, n];
      }
      return { at, votes, topAddress: top[0], topVotes: top[1] };
    })
    .sort((a, b) => b.votes - a.votes)
    .slice(0, 5);
  const tickets = Object.values(data.tickets);
  return { byAddress, bursts, ticketsIssued: tickets.length, ticketsUsed: tickets.filter((d) => d !== '').length };
}
