import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type PodiumData } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { blend, tally } from '../../protocol/votes.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { publicState } from '../../server/domain/projection.ts';
import { castVote, closeIfDue, closeVote, generateTickets, openVote, showTally, voteWatch } from '../../server/domain/votes.ts';
import { migrate } from '../../server/store/migrations.ts';

const fresh = (): PodiumData => demoData('o'.repeat(32), new Date(0));
const teamIds = (d: PodiumData) => d.event.teams.map((t) => t.id);
const device = (n: number, address = '10.0.0.1') => ({ deviceId: `device-${n}`, address });
const refusedWith = (fn: () => unknown, key: string) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).key).toBe(key);
    return;
  }
  throw new Error(`expected a refusal with ${key}`);
};

describe('the people’s vote', () => {
  it('takes no vote before it opens, nor after it closes', () => {
    const d = fresh();
    const [a] = teamIds(d);
    refusedWith(() => castVote(d, device(1), { teamId: a!, revision: 1 }, 1000), 'error_vote_closed');
    openVote(d, null, 1000);
    castVote(d, device(1), { teamId: a!, revision: 1 }, 1001);
    closeVote(d, 2000);
    refusedWith(() => castVote(d, device(1), { teamId: a!, revision: 2 }, 2001), 'error_vote_closed');
    expect(tally(d.event.teams, d.ballots, d.peopleVote).total).toBe(1);
  });

  it('counts one vote per device, the last one; an older revision arriving late changes nothing', () => {
    const d = fresh();
    const [a, b] = teamIds(d);
    openVote(d, null, 0);
    castVote(d, device(1), { teamId: a!, revision: 1 }, 1);
    castVote(d, device(1), { teamId: b!, revision: 2 }, 2);
    const late = castVote(d, device(1), { teamId: a!, revision: 1 }, 3);
    expect(late.applied).toBe(false);
    expect(late.ballot.teamId).toBe(b);
    castVote(d, device(2), { teamId: b!, revision: 1 }, 4);
    const t = tally(d.event.teams, d.ballots, d.peopleVote);
    expect(t.total).toBe(2);
    expect(t.rows[0]).toMatchObject({ teamId: b, votes: 2, share: 1, rank: 1, tied: false });
    expect(t.rows.find((r) => r.teamId === a)!.votes).toBe(0);
  });

  it('refuses a team that is not in the event', () => {
    const d = fresh();
    openVote(d, null, 0);
    refusedWith(() => castVote(d, device(1), { teamId: 'nobody', revision: 1 }, 1), 'error_vote_unknown_team');
    expect(Object.keys(d.ballots)).toEqual([]);
  });

  it('shows ties as ties: equal counts share a rank', () => {
    const d = fresh();
    const [a, b, c] = teamIds(d);
    openVote(d, null, 0);
    castVote(d, device(1), { teamId: a!, revision: 1 }, 1);
    castVote(d, device(2), { teamId: b!, revision: 1 }, 1);
    castVote(d, device(3), { teamId: c!, revision: 1 }, 1);
    castVote(d, device(4), { teamId: c!, revision: 1 }, 1);
    const t = tally(d.event.teams, d.ballots, d.peopleVote);
    expect(t.rows.slice(0, 3).map((r) => [r.teamId, r.votes, r.rank, r.tied])).toEqual([
      [c, 2, 1, false],
      [a, 1, 2, true],
      [b, 1, 2, true],
    ]);
    expect(t.rows[1]!.share).toBeCloseTo(0.25);
  });

  it('gives every run of equal counts the rank of its first, however many teams share it', () => {
    const d = fresh();
    const ids = teamIds(d);
    expect(ids.length).toBe(6);
    openVote(d, null, 0);
    // Before any vote, every team is first, together.
    expect(tally(d.event.teams, d.ballots, d.peopleVote).rows.map((r) => [r.rank, r.tied])).toEqual(ids.map(() => [1, true]));
    const votesFor = [3, 0, 3, 1, 0, 0];
    let phone = 0;
    votesFor.forEach((n, i) => {
      for (let k = 0; k < n; k++) castVote(d, device(++phone), { teamId: ids[i]!, revision: 1 }, 1);
    });
    const t = tally(d.event.teams, d.ballots, d.peopleVote);
    expect(t.rows.map((r) => [r.teamId, r.votes, r.rank, r.tied])).toEqual([
      [ids[0], 3, 1, true],
      [ids[2], 3, 1, true],
      [ids[3], 1, 3, false],
      [ids[1], 0, 4, true],
      [ids[4], 0, 4, true],
      [ids[5], 0, 4, true],
    ]);
  });

  it('closes by itself at the end of its duration, with an audit entry', () => {
    const d = fresh();
    openVote(d, 60_000, 1000);
    expect(d.peopleVote.closesAt).toBe(61_000);
    expect(closeIfDue(d, 60_999)).toBe(false);
    refusedWith(() => castVote(d, device(1), { teamId: teamIds(d)[0]!, revision: 1 }, 61_000), 'error_vote_closed');
    expect(closeIfDue(d, 61_500)).toBe(true);
    expect(d.peopleVote).toMatchObject({ status: 'closed', closedAt: 61_000, closesAt: null });
    expect(d.audit.at(-1)!.action).toBe('vote:close');
  });

  it('in ticket mode, only ticket holders vote, one ballot per ticket, and a ticket used on one phone is refused on another', () => {
    const d = fresh();
    const [a, b] = teamIds(d);
    d.peopleVote.ticketMode = true;
    const [t1, t2] = generateTickets(d, 2);
    expect(t1).toMatch(/^[A-Z0-9]{10}$/);
    openVote(d, null, 0);
    refusedWith(() => castVote(d, device(1), { teamId: a!, revision: 1 }, 1), 'error_vote_ticket_unknown');
    refusedWith(() => castVote(d, device(1), { teamId: a!, revision: 1, ticket: 'NOTATICKET' }, 1), 'error_vote_ticket_unknown');
    castVote(d, device(1), { teamId: a!, revision: 1, ticket: t1 }, 1);
    castVote(d, device(1), { teamId: b!, revision: 2, ticket: t1 }, 2);
    refusedWith(() => castVote(d, device(2), { teamId: a!, revision: 1, ticket: t1 }, 3), 'error_vote_ticket_used');
    castVote(d, device(2), { teamId: a!, revision: 1, ticket: t2 }, 3);
    const t = tally(d.event.teams, d.ballots, d.peopleVote);
    expect(t.total).toBe(2);
    expect(voteWatch(d)).toMatchObject({ ticketsIssued: 2, ticketsUsed: 2 });
  });

  it('keeps the tally from the room until the organiser shows it', () => {
    const d = fresh();
    openVote(d, null, 0);
    castVote(d, device(1), { teamId: teamIds(d)[0]!, revision: 1 }, 1);
    expect(publicState(d, 2, 1).vote).toEqual({ status: 'open', closesAt: null, ticketMode: false, shown: false, tally: null });
    showTally(d, true);
    expect(publicState(d, 2, 1).vote.tally!.total).toBe(1);
  });

  it('watches votes per address and bursts per minute', () => {
    const d = fresh();
    const [a] = teamIds(d);
    openVote(d, null, 0);
    for (let i = 0; i < 30; i++) castVote(d, device(i, '192.0.2.7'), { teamId: a!, revision: 1 }, 120_000 + i);
    castVote(d, device(100, '192.0.2.8'), { teamId: a!, revision: 1 }, 1000);
    const w = voteWatch(d);
    expect(w.byAddress).toEqual([
      { address: '192.0.2.7', votes: 30 },
      { address: '192.0.2.8', votes: 1 },
    ]);
    expect(w.bursts[0]).toEqual({ at: 120_000, votes: 30, topAddress: '192.0.2.7', topVotes: 30 });
  });

  it('blends with the jury by rank points, the audience weighing its share', () => {
    // Jury: x first, y second, z third. Audience: z first, y second, x third.
    const jury = [
      { teamId: 'x', rank: 1, score: 9 },
      { teamId: 'y', rank: 2, score: 8 },
      { teamId: 'z', rank: 3, score: 7 },
    ];
    const audience = {
      total: 6,
      rows: [
        { teamId: 'z', votes: 3, share: 0.5, rank: 1, tied: false },
        { teamId: 'y', votes: 2, share: 1 / 3, rank: 2, tied: false },
        { teamId: 'x', votes: 1, share: 1 / 6, rank: 3, tied: false },
      ],
    };
    // 80/20: x = 0.8·3 + 0.2·1 = 2.6, y = 0.8·2 + 0.2·2 = 2, z = 0.8·1 + 0.2·3 = 1.4.
    const eighty = blend(jury, audience, 20);
    expect(eighty.map((r) => [r.teamId, r.rank])).toEqual([['x', 1], ['y', 2], ['z', 3]]);
    expect(eighty[0]!.points).toBeCloseTo(2.6);
    // 50/50: all three at 2 points: one tie.
    const half = blend(jury, audience, 50);
    expect(half.every((r) => r.rank === 1 && r.tied)).toBe(true);
    // The audience alone: its order.
    expect(blend(jury, audience, 100).map((r) => r.teamId)).toEqual(['z', 'y', 'x']);
  });

  it('migrates a version 4 file by adding the vote, not open, with no ballots', () => {
    const d = fresh() as unknown as Record<string, unknown>;
    const { peopleVote: _p, ballots: _b, tickets: _t, ...v4 } = d;
    const migrated = migrate({ ...v4, schemaVersion: 4 }) as PodiumData;
    expect(migrated.schemaVersion).toBe(SCHEMA_VERSION); // and on through 5 → 6 (rooms) and 6 → 7 (rounds), which keep what 4 → 5 added
    expect(migrated.peopleVote.status).toBe('not-open');
    expect(migrated.ballots).toEqual({});
    expect(migrated.tickets).toEqual({});
  });
});
