// Counting assignments (issue 17): which teams a juror judges and how many jurors a team expects.
import { describe, expect, it } from 'vitest';
import { assignedTeamIds, expectedJurorCounts, judges, teamsJudgedBy } from '../../protocol/assignments.ts';
import type { AgendaItem, Juror, Team } from '../../protocol/model.ts';
import { expectedJurors, leaderboard } from '../../protocol/ranking.ts';
import { demoEvent } from '../../server/domain/demo-event.ts';

const team = (id: string): Team => ({ id, name: id.toUpperCase(), project: '', members: [], categoryId: null });
const juror = (id: string, more: Partial<Juror> = {}): Juror => ({ id, name: id, token: `${id}-token-0123456789abcdefgh`, conflicts: [], ...more });
const pitch = (teamId: string, roomId?: string): AgendaItem => ({ id: `p-${teamId}`, kind: 'pitch', teamId, ...(roomId ? { roomId } : {}), phases: [{ name: 'Pitch', durationMs: 1000 }] });

const teams = ['a', 'b', 'c', 'd'].map(team);
const rooms = [{ id: 'hall', name: 'Hall' }, { id: 'lab', name: 'Lab' }];
// a and b pitch in the hall (the first room, so also items without a room), c in the lab; d has no pitch.
const agenda = [pitch('a'), pitch('b', 'hall'), pitch('c', 'lab')];

describe('who judges what', () => {
  it('without an assignment, every team but conflicts', () => {
    const j = juror('j', { conflicts: ['b'] });
    const event = { teams, jurors: [j], agenda, rooms };
    expect(assignedTeamIds(event, j)).toBeNull();
    expect(teamsJudgedBy(event, j)).toEqual(['a', 'c', 'd']);
    expect(judges(event, j, 'b')).toBe(false);
  });

  it('empty lists are no assignment', () => {
    const j = juror('j', { assignedRooms: [], assignedTeams: [] });
    expect(teamsJudgedBy({ teams, jurors: [j], agenda, rooms }, j)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a room: the teams pitching in it (an item without a room is in the first room)', () => {
    const hall = juror('h', { assignedRooms: ['hall'] });
    const lab = juror('l', { assignedRooms: ['lab'] });
    const event = { teams, jurors: [hall, lab], agenda, rooms };
    expect(teamsJudgedBy(event, hall)).toEqual(['a', 'b']);
    expect(teamsJudgedBy(event, lab)).toEqual(['c']);
  });

  it('rooms and teams together, minus conflicts', () => {
    const j = juror('j', { assignedRooms: ['lab'], assignedTeams: ['a', 'd'], conflicts: ['d'] });
    expect(teamsJudgedBy({ teams, jurors: [j], agenda, rooms }, j)).toEqual(['a', 'c']);
  });

  it('a team expects its assigned jurors without conflicts; the unassigned count for every team', () => {
    const jurors = [
      juror('x', { assignedTeams: ['a', 'b'] }),
      juror('y', { assignedRooms: ['hall'], conflicts: ['a'] }),
      juror('z', { conflicts: ['c'] }),
      juror('w', { assignedTeams: ['d'] }),
    ];
    const event = { teams, jurors, agenda, rooms };
    expect(Object.fromEntries(expectedJurorCounts(event))).toEqual({ a: 2, b: 3, c: 0, d: 2 });
  });

  it('the ranking counts the same: a team with 3 assigned jurors and their 3 scores is not provisional', () => {
    const event = demoEvent(new Date(0));
    const [t0, t1] = event.teams;
    event.jurors.forEach((j, i) => (j.assignedTeams = i < 3 ? [t0!.id] : [t1!.id]));
    expect(expectedJurors(event).get(t0!.id)).toBe(3);
    const marks = Object.fromEntries(event.criteria.map((c) => [c.id, c.max]));
    const scores = event.jurors.slice(0, 3).map((j) => ({ jurorId: j.id, teamId: t0!.id, marks, note: '', revision: 1, updatedAt: 0 }));
    const row = (n: number) => leaderboard(event, scores.slice(0, n), 0).overall.find((r) => r.teamId === t0!.id)!;
    expect(row(2)).toMatchObject({ jurorCount: 2, expectedJurors: 3, provisional: true });
    expect(row(3)).toMatchObject({ jurorCount: 3, expectedJurors: 3, provisional: false });
  });
});

describe('the live ranking index', () => {
  it('remakes its expected counts when assignments change, without a score changing', async () => {
    const { RankingIndex } = await import('../../server/domain/ranking.ts');
    const event = demoEvent(new Date(0));
    const scores = new Map<string, import('../../protocol/model.ts').Score>();
    let version = 0;
    const source = {
      entries: () => scores.entries(),
      get: (key: string) => scores.get(key),
      cursor: () => version,
      changedSince: () => [] as string[],
    };
    const index = new RankingIndex(source);
    const [t0] = event.teams;
    const expectedOf = () => index.leaderboard(event, 0).overall.find((r) => r.teamId === t0!.id)!.expectedJurors;
    expect(expectedOf()).toBe(event.jurors.length);
    event.jurors[0]!.assignedTeams = [event.teams[1]!.id];
    version++;
    expect(expectedOf()).toBe(event.jurors.length - 1);
    delete event.jurors[0]!.assignedTeams;
    version++;
    expect(expectedOf()).toBe(event.jurors.length);
  });
});
