// Finalist selection: every expectation below is worked out by hand from the rows given.
import { describe, expect, it } from 'vitest';
import type { LeaderboardRow } from '../../protocol/model.ts';
import { compareFinalists, defaultFinalOrder, finalOrder, selectFinalists, OVERALL_GROUP } from '../../protocol/finalists.ts';

/** Rows in ranking order from [teamId, score] pairs (null: no score); equal scores share a rank. */
function rows(pairs: [string, number | null][]): LeaderboardRow[] {
  const sorted = [...pairs].sort((a, b) => (a[1] === null ? 1 : b[1] === null ? -1 : b[1] - a[1]));
  return sorted.map(([teamId, score]) => {
    const first = sorted.findIndex(([, s]) => s === score);
    const tied = sorted.filter(([, s]) => s === score).length > 1;
    return { teamId, rank: first + 1, tied, score, criteria: {}, jurorCount: score === null ? 0 : 3, expectedJurors: 3, provisional: false };
  });
}

const none = { settled: {}, wildcards: [] };

describe('top N overall', () => {
  const board = rows([['a', 9], ['b', 8], ['c', 7], ['d', 7], ['e', 7], ['f', 5]]);

  it('takes whole ranks while they fit', () => {
    const s = selectFinalists(board, { rule: { kind: 'top', n: 2 }, ...none });
    expect(s.finalists).toEqual(['a', 'b']);
    expect(s.groups[0]!.tie).toBeNull();
    expect(s.complete).toBe(true);
  });

  it('shows a tie at the cut: three teams on rank 3 for one seat, none taken until settled', () => {
    const s = selectFinalists(board, { rule: { kind: 'top', n: 3 }, ...none });
    expect(s.finalists).toEqual(['a', 'b']);
    expect(s.groups[0]!.tie).toEqual({ rank: 3, teamIds: ['c', 'd', 'e'], seats: 1, settled: null });
    expect(s.complete).toBe(false);
  });

  it('settles the tie by the organiser’s pick, or takes them all', () => {
    const picked = selectFinalists(board, { rule: { kind: 'top', n: 3 }, settled: { [OVERALL_GROUP]: ['e'] }, wildcards: [] });
    expect(picked.finalists).toEqual(['a', 'b', 'e']);
    expect(picked.complete).toBe(true);
    const all = selectFinalists(board, { rule: { kind: 'top', n: 3 }, settled: { [OVERALL_GROUP]: ['c', 'd', 'e'] }, wildcards: [] });
    expect(all.finalists).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(all.complete).toBe(true);
  });

  it('does not count a pick that leaves a seat empty or names a team outside the tie', () => {
    const s = selectFinalists(board, { rule: { kind: 'top', n: 4 }, settled: { [OVERALL_GROUP]: ['c', 'f'] }, wildcards: [] });
    // Two seats for c, d, e: one named tied team is not enough.
    expect(s.groups[0]!.tie).toMatchObject({ seats: 2, settled: null });
    expect(s.finalists).toEqual(['a', 'b']);
    expect(s.complete).toBe(false);
  });

  it('adds wildcards after the selected teams, and says which wildcards were selected already', () => {
    const s = selectFinalists(board, { rule: { kind: 'top', n: 2 }, settled: {}, wildcards: ['f', 'a', 'f', 'nobody'] });
    expect(s.finalists).toEqual(['a', 'b', 'f']);
    expect(s.wildcards).toEqual(['f']);
    expect(s.duplicateWildcards).toEqual(['a']);
  });

  it('takes every scored team when there are fewer teams than seats, and never a team without scores', () => {
    const s = selectFinalists(rows([['a', 6], ['b', null], ['c', 4]]), { rule: { kind: 'top', n: 10 }, ...none });
    expect(s.finalists).toEqual(['a', 'c']);
    expect(s.groups[0]!.tie).toBeNull();
    expect(s.complete).toBe(true);
    // A team without scores still goes through as a wildcard, by hand.
    expect(selectFinalists(rows([['a', 6], ['b', null]]), { rule: { kind: 'top', n: 1 }, settled: {}, wildcards: ['b'] }).finalists).toEqual(['a', 'b']);
  });

  it('selects nobody from a round without scores', () => {
    const s = selectFinalists(rows([['a', null], ['b', null]]), { rule: { kind: 'top', n: 1 }, ...none });
    expect(s.finalists).toEqual([]);
    expect(s.complete).toBe(true);
  });
});

describe('top k per room', () => {
  const board = rows([['a1', 9], ['b1', 8.5], ['a2', 8], ['a3', 8], ['b2', 7], ['b3', 6], ['c1', 5]]);
  const teamRooms = new Map([['a1', 'A'], ['a2', 'A'], ['a3', 'A'], ['b1', 'B'], ['b2', 'B'], ['b3', 'B'], ['c1', 'C']]);
  const ctx = { teamRooms, rooms: ['A', 'B', 'C', 'D'] };

  it('takes each room’s best, a tie in one room held open, an empty room sending none', () => {
    const s = selectFinalists(board, { rule: { kind: 'per-room', k: 2 }, ...none }, ctx);
    expect(s.groups.map((g) => [g.key, g.selected])).toEqual([['A', ['a1']], ['B', ['b1', 'b2']], ['C', ['c1']], ['D', []]]);
    expect(s.groups[0]!.tie).toEqual({ rank: 3, teamIds: ['a2', 'a3'], seats: 1, settled: null });
    expect(s.finalists).toEqual(['a1', 'b1', 'b2', 'c1']);
    expect(s.complete).toBe(false);
  });

  it('settles room A’s tie alone and lists the finalists in ranking order', () => {
    const s = selectFinalists(board, { rule: { kind: 'per-room', k: 2 }, settled: { A: ['a3'] }, wildcards: [] }, ctx);
    expect(s.finalists).toEqual(['a1', 'b1', 'a3', 'b2', 'c1']);
    expect(s.complete).toBe(true);
  });

  it('leaves out teams that pitched in no room', () => {
    const s = selectFinalists(rows([['x', 10], ['a1', 9]]), { rule: { kind: 'per-room', k: 1 }, ...none }, ctx);
    expect(s.finalists).toEqual(['a1']);
  });
});

describe('top k per category', () => {
  it('ranks each category, one with a single team sending it, a tie in another', () => {
    const board = rows([['p', 9], ['q', 8], ['r', 8], ['s', 7], ['solo', 3], ['none', 10]]);
    const teamCategories = new Map<string, string | null>([['p', 'x'], ['q', 'x'], ['r', 'x'], ['s', 'y'], ['solo', 'z'], ['none', null]]);
    const s = selectFinalists(board, { rule: { kind: 'per-category', k: 2 }, ...none }, { teamCategories, categories: ['x', 'y', 'z'] });
    expect(s.groups.map((g) => [g.key, g.selected, g.tie?.teamIds ?? null])).toEqual([
      ['x', ['p'], ['q', 'r']],
      ['y', ['s'], null],
      ['z', ['solo'], null],
    ]);
    // The best team overall has no category: the per-category rule does not send it.
    expect(s.finalists).toEqual(['p', 's', 'solo']);
  });
});

describe('raw beside normalised', () => {
  it('flags the teams the two rankings select differently', () => {
    const raw = rows([['a', 9], ['b', 8], ['c', 7]]);
    const normalised = rows([['a', 8.5], ['c', 8.2], ['b', 6]]);
    const cmp = compareFinalists(raw, normalised, { rule: { kind: 'top', n: 2 }, ...none });
    expect(cmp.raw.finalists).toEqual(['a', 'b']);
    expect(cmp.normalised.finalists).toEqual(['a', 'c']);
    expect(cmp.differ).toEqual(['b', 'c']);
  });
});

describe('the final’s order', () => {
  it('follows the round’s agenda, teams that did not pitch last', () => {
    expect(defaultFinalOrder(['a', 'b', 'c', 'w'], ['c', 'x', 'a', 'b'])).toEqual(['c', 'a', 'b', 'w']);
  });

  // Finalists a (rank 2), b (rank 1), c (rank 3), w a wildcard without a rank; they pitched c, a, b.
  const ctx = { pitched: ['c', 'x', 'a', 'b'], rank: (id: string) => ({ a: 2, b: 1, c: 3 })[id as 'a' | 'b' | 'c'] };
  it('is set by rank, best first or last, a team without a rank after the ranked ones (or before, reversed)', () => {
    expect(finalOrder(['a', 'b', 'c', 'w'], 'pitched', ctx)).toEqual(['c', 'a', 'b', 'w']);
    expect(finalOrder(['a', 'b', 'c', 'w'], 'rank', ctx)).toEqual(['b', 'a', 'c', 'w']);
    expect(finalOrder(['a', 'b', 'c', 'w'], 'reverse', ctx)).toEqual(['w', 'c', 'a', 'b']);
  });
  it('keeps the organiser’s own order, drops who is no longer a finalist, and adds a new finalist after, as pitched', () => {
    expect(finalOrder(['a', 'b', 'c'], 'custom', { ...ctx, custom: ['b', 'gone', 'c', 'a'] })).toEqual(['b', 'c', 'a']);
    expect(finalOrder(['a', 'b', 'c', 'w'], 'custom', { ...ctx, custom: ['b', 'a'] })).toEqual(['b', 'a', 'c', 'w']);
    expect(finalOrder(['a', 'b'], 'custom', { ...ctx, custom: ['a', 'a', 'b'] })).toEqual(['a', 'b']);
  });
});

describe('at hackathon size', () => {
  it('picks the top 2 of each of 8 rooms among 200 teams, with a tie at one room’s cut', () => {
    const pairs: [string, number][] = [];
    const teamRooms = new Map<string, string>();
    for (let i = 0; i < 200; i++) {
      const id = `t${i}`;
      const room = `r${i % 8}`;
      // Each room's teams score 100 − their position in the room (a hundredth apart per room);
      // in room r3, the second and third (t11, t19) tie on 99 for its second seat.
      const position = Math.floor(i / 8);
      pairs.push([id, room === 'r3' && (position === 1 || position === 2) ? 99 : 100 - position - (i % 8) / 100]);
      teamRooms.set(id, room);
    }
    const board = rows(pairs);
    const rooms = Array.from({ length: 8 }, (_, i) => `r${i}`);
    const s = selectFinalists(board, { rule: { kind: 'per-room', k: 2 }, ...none }, { teamRooms, rooms });
    expect(s.groups).toHaveLength(8);
    expect(s.groups.map((g) => g.selected.length)).toEqual([2, 2, 2, 1, 2, 2, 2, 2]);
    expect(s.groups[3]!.tie).toMatchObject({ teamIds: ['t11', 't19'], seats: 1, settled: null });
    expect(s.finalists).toHaveLength(15);
    expect(s.complete).toBe(false);
    const settled = selectFinalists(board, { rule: { kind: 'per-room', k: 2 }, settled: { r3: ['t19'] }, wildcards: [] }, { teamRooms, rooms });
    expect(settled.groups[3]!.selected).toEqual(['t3', 't19']);
    expect(settled.finalists).toHaveLength(16);
    expect(settled.complete).toBe(true);
  });
});
