// The people's vote: the tally and its blend with the jury's ranking, pure, shared
// by the server (projections, exports) and the pages (the console's blend preview).
import type { Ballot, LeaderboardRow, PeopleVote, Team } from './model.ts';

export interface TallyRow {
  teamId: string;
  votes: number;
  /** Share of all counted votes, 0 to 1 (0 when nobody voted). */
  share: number;
  /** 1-based; teams with as many votes share a rank. */
  rank: number;
  tied: boolean;
}

export interface Tally {
  total: number;
  rows: TallyRow[];
}

/** Whether a ballot counts under the vote's mode: in ticket mode only ticket holders' ballots do. */
export const ballotCounts = (vote: Pick<PeopleVote, 'ticketMode'>, ballot: Ballot): boolean => (vote.ticketMode ? !!ballot.ticket : !ballot.ticket);

/**
 * The votes per team, most first; every team of the event appears (0 votes included), in the
 * event's order among equals. Equal counts share a rank and are marked tied: a tie is shown as a tie.
 */
export function tally(teams: readonly Pick<Team, 'id'>[], ballots: Readonly<Record<string, Ballot>>, vote: Pick<PeopleVote, 'ticketMode'>): Tally {
  const counts = new Map<string, number>(teams.map((t) => [t.id, 0]));
  let total = 0;
  for (const ballot of Object.values(ballots)) {
    if (!ballotCounts(vote, ballot) || !counts.has(ballot.teamId)) continue;
    counts.set(ballot.teamId, counts.get(ballot.teamId)! + 1);
    total++;
  }
  const order = new Map(teams.map((t, i) => [t.id, i]));
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || order.get(a[0])! - order.get(b[0])!);
  const rows: TallyRow[] = [];
  // Teams with as many votes sit together in `sorted`: each run of them shares the rank of its first.
  // One pass (a search per row was 300 × 300 steps a tally, at every console update, before any vote).
  for (let first = 0; first < sorted.length; ) {
    const votes = sorted[first]![1];
    let end = first + 1;
    while (end < sorted.length && sorted[end]![1] === votes) end++;
    for (let i = first; i < end; i++) rows.push({ teamId: sorted[i]![0], votes, share: total ? votes / total : 0, rank: first + 1, tied: end - first > 1 });
    first = end;
  }
  return { total, rows };
}

export interface BlendRow {
  teamId: string;
  /** Rank points: the last of n teams gets 1, the first n (tied teams share the points of their rank). */
  juryPoints: number;
  audiencePoints: number;
  /** Weighted: (100 − w) % of the jury's points plus w % of the audience's. */
  points: number;
  rank: number;
  tied: boolean;
}

const EPSILON = 1e-9;

/**
 * The jury's ranking and the audience's blended by rank points, the audience weighing
 * `audienceWeight` percent (e.g. 20 for "80 jury / 20 audience"). A team the jury has not
 * ranked (no scores) gets no jury points. Always shown beside both rankings, never instead.
 */
export function blend(jury: readonly Pick<LeaderboardRow, 'teamId' | 'rank' | 'score'>[], audience: Tally, audienceWeight: number): BlendRow[] {
  const n = Math.max(jury.length, audience.rows.length);
  const points = (rank: number) => n - rank + 1;
  const juryPoints = new Map(jury.filter((r) => r.score !== null).map((r) => [r.teamId, points(r.rank)]));
  const audiencePoints = new Map(audience.rows.filter((r) => r.votes > 0).map((r) => [r.teamId, points(r.rank)]));
  const teamIds = [...new Set([...jury.map((r) => r.teamId), ...audience.rows.map((r) => r.teamId)])];
  const w = Math.min(100, Math.max(0, audienceWeight)) / 100;
  const rows = teamIds.map((teamId) => {
    const j = juryPoints.get(teamId) ?? 0;
    const a = audiencePoints.get(teamId) ?? 0;
    return { teamId, juryPoints: j, audiencePoints: a, points: (1 - w) * j + w * a, rank: 0, tied: false };
  });
  rows.sort((a, b) => b.points - a.points);
  for (let i = 0; i < rows.length; i++) {
    const same = (k: number) => k >= 0 && k < rows.length && Math.abs(rows[k]!.points - rows[i]!.points) < EPSILON;
    rows[i]!.rank = same(i - 1) ? rows[i - 1]!.rank : i + 1;
    rows[i]!.tied = same(i - 1) || same(i + 1);
  }
  return rows;
}

/** What the organiser sees of possible abuse: many votes from one address, bursts in one minute. */
export interface VoteWatch {
  /** Counted votes per address, most first (the first 10). */
  byAddress: { address: string; votes: number }[];
  /** The busiest minutes: counted votes cast in each, most first (the first 5), with the address that cast most of them. */
  bursts: { at: number; votes: number; topAddress: string; topVotes: number }[];
  ticketsIssued: number;
  ticketsUsed: number;
}

/** What the room knows of the people's vote: the tally only once the organiser shows it. */
export interface PublicVote {
  status: PeopleVote['status'];
  closesAt: number | null;
  ticketMode: boolean;
  shown: boolean;
  /** null until the organiser shows it: hidden from everyone but the organiser. */
  tally: Tally | null;
}

/** The organiser's view of the vote: the tally always, and the patterns to watch. */
export interface OrganiserVote {
  tally: Tally;
  watch: VoteWatch;
}

/** The ms left before a vote with a duration closes, or null without one. */
export const voteRemainingMs = (vote: Pick<PeopleVote, 'status' | 'closesAt'>, now: number): number | null =>
  vote.status === 'open' && vote.closesAt !== null ? Math.max(0, vote.closesAt - now) : null;

/** The link a badge's QR code opens: the audience page, which keeps the code and votes with it. */
export const ticketLink = (baseUrl: string, code: string): string => `${baseUrl.replace(/\/+$/, '')}/?ticket=${encodeURIComponent(code)}`;
