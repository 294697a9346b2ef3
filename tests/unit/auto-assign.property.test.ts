// Auto-assignment (issue 17) for random sizes and conflicts: every team gets k jurors where the
// conflicts and the load limit allow it (checked against a textbook max flow written here, not
// the module's own search), no juror above ⌈T·k/J⌉, never a conflicted pair, and every team
// that gets fewer than k is reported, with its reason; the same seed gives the same result.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoAssign } from '../../protocol/assignments.ts';
import type { Juror, Team } from '../../protocol/model.ts';

const team = (i: number): Team => ({ id: `t${i}`, name: `T${i}`, project: '', members: [], categoryId: null });
const juror = (i: number, conflicts: string[]): Juror => ({ id: `j${i}`, name: `J${i}`, token: `token-${i}-0123456789abcdefgh`, conflicts });

/** Largest number of (team, juror) pairs with at most `k` per team, `cap` per juror, no conflicted pair: Edmonds–Karp on a matrix. */
function maxPairs(teams: number, jurors: readonly Juror[], k: number, cap: number): number {
  const n = 2 + teams + jurors.length;
  const [S, T] = [0, n - 1];
  const c = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let t = 0; t < teams; t++) {
    c[S]![1 + t] = k;
    jurors.forEach((j, i) => {
      if (!j.conflicts.includes(`t${t}`)) c[1 + t]![1 + teams + i] = 1;
    });
  }
  jurors.forEach((_, i) => (c[1 + teams + i]![T] = cap));
  let flow = 0;
  for (;;) {
    const prev = new Array<number>(n).fill(-1);
    prev[S] = S;
    const queue = [S];
    while (queue.length && prev[T] === -1) {
      const u = queue.shift()!;
      for (let v = 0; v < n; v++) if (prev[v] === -1 && c[u]![v]! > 0) (prev[v] = u), queue.push(v);
    }
    if (prev[T] === -1) return flow;
    for (let v = T; v !== S; v = prev[v]!) {
      c[prev[v]!]![v]! -= 1;
      c[v]![prev[v]!]! += 1;
    }
    flow += 1;
  }
}

const arbitrary = fc
  .record({ T: fc.integer({ min: 1, max: 14 }), J: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 5 }), seed: fc.integer(), density: fc.constantFrom(0, 0.1, 0.3, 0.7) })
  .chain(({ T, J, k, seed, density }) =>
    fc.record({
      T: fc.constant(T),
      k: fc.constant(k),
      seed: fc.constant(seed),
      conflicts: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: T, maxLength: T }), { minLength: J, maxLength: J }).map((rows) =>
        rows.map((row) => row.flatMap((x, t) => (x < density ? [`t${t}`] : []))),
      ),
    }),
  );

describe('autoAssign', () => {
  it('gives every team k jurors where possible, none above ⌈T·k/J⌉, no conflicted pair, the shortfalls reported', () => {
    fc.assert(
      fc.property(arbitrary, ({ T, k, seed, conflicts }) => {
        const event = { teams: Array.from({ length: T }, (_, i) => team(i)), jurors: conflicts.map((c, i) => juror(i, c)) };
        const J = event.jurors.length;
        const result = autoAssign(event, { k, seed });
        const cap = Math.ceil((T * Math.min(k, J)) / J);
        expect(cap).toBeLessThanOrEqual(Math.ceil((T * k) / J));
        const load = new Map<string, number>();
        let pairs = 0;
        for (const { teamId, jurors } of result.teams) {
          expect(new Set(jurors).size).toBe(jurors.length);
          expect(jurors.length).toBeLessThanOrEqual(k);
          for (const j of jurors) {
            expect(event.jurors.find((x) => x.id === j)!.conflicts).not.toContain(teamId);
            load.set(j, (load.get(j) ?? 0) + 1);
            pairs++;
          }
        }
        for (const n of load.values()) expect(n).toBeLessThanOrEqual(Math.ceil((T * k) / J));
        // As many pairs as any assignment under the same limits could make.
        expect(pairs).toBe(maxPairs(T, event.jurors, Math.min(k, J), cap));
        // Short teams: exactly those with fewer than k, each with a reason that holds.
        const short = new Map(result.short.map((s) => [s.teamId, s]));
        for (const { teamId, jurors } of result.teams) {
          expect(short.has(teamId)).toBe(jurors.length < k);
          const s = short.get(teamId);
          if (!s) continue;
          expect(s.got).toBe(jurors.length);
          const free = event.jurors.filter((j) => !j.conflicts.includes(teamId)).length;
          if (s.reason === 'jurors') expect(J).toBeLessThan(k);
          if (s.reason === 'conflicts') expect(free).toBeLessThan(k);
          if (s.reason === 'load') expect(Math.min(J, free)).toBeGreaterThanOrEqual(k);
        }
        // Per juror, the same pairs seen from the other side.
        for (const { jurorId, teams } of result.jurors) expect(teams.length).toBe(load.get(jurorId) ?? 0);
        expect(result.idle).toEqual(result.jurors.filter((j) => j.teams.length === 0).map((j) => j.jurorId));
        expect(autoAssign(event, { k, seed })).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });

  it('with one panel per room, judges each room’s teams by its own panel, within ⌈T_r·k/J_r⌉', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 24 }), fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 3 }), fc.integer(), (R, T, J, k, seed) => {
        const teams = Array.from({ length: T }, (_, i) => team(i));
        const rooms = Array.from({ length: R }, (_, r) => ({ id: `r${r}`, name: `Room ${r}` }));
        const agenda = teams.map((t, i) => ({ id: `p${i}`, kind: 'pitch' as const, teamId: t.id, roomId: `r${i % R}`, phases: [{ name: 'Pitch', durationMs: 60_000 }] }));
        const jurors = Array.from({ length: J }, (_, i) => juror(i, i % 3 === 0 ? [`t${i % T}`] : []));
        const result = autoAssign({ teams, jurors, rooms, agenda }, { k, seed, byRoom: true });
        const roomOfTeam = new Map(agenda.map((a) => [a.teamId, a.roomId]));
        const roomOfJuror = new Map(result.jurors.map((j) => [j.jurorId, j.roomId]));
        for (const { teamId, jurors: given } of result.teams) for (const j of given) expect(roomOfJuror.get(j)).toBe(roomOfTeam.get(teamId));
        for (const r of rooms) {
          const Tr = teams.filter((t) => roomOfTeam.get(t.id) === r.id).length;
          const panel = result.jurors.filter((j) => j.roomId === r.id);
          if (Tr === 0 || panel.length === 0) continue;
          for (const j of panel) expect(j.teams.length).toBeLessThanOrEqual(Math.ceil((Tr * k) / panel.length));
        }
        // Every juror sits on a panel; a room with teams gets a panel before any room gets more than k.
        expect(result.jurors.every((j) => j.roomId !== null)).toBe(true);
        const withTeams = rooms.filter((r) => agenda.some((a) => a.roomId === r.id));
        const sizes = withTeams.map((r) => result.jurors.filter((j) => j.roomId === r.id).length);
        if (J >= withTeams.length * k) for (const n of sizes) expect(n).toBeGreaterThanOrEqual(k);
        for (const s of result.short) expect(result.teams.find((t) => t.teamId === s.teamId)!.jurors.length).toBeLessThan(k);
      }),
      { numRuns: 200 },
    );
  });

  it('200 teams, 60 jurors, k = 3, a conflict each: every team gets 3, loads 10 each, in well under a second', () => {
    const teams = Array.from({ length: 200 }, (_, i) => team(i));
    const jurors = Array.from({ length: 60 }, (_, i) => juror(i, [`t${i}`, `t${(i * 7) % 200}`]));
    const started = performance.now();
    const result = autoAssign({ teams, jurors }, { k: 3, seed: 42 });
    const ms = performance.now() - started;
    expect(result.short).toEqual([]);
    expect(result.maxLoad).toBe(10);
    expect(result.jurors.map((j) => j.teams.length)).toEqual(new Array(60).fill(10));
    expect(ms).toBeLessThan(1000);
  });

  it('reports a team whose only free jurors are too few, and never pairs it with a conflicted one', () => {
    const teams = [team(0), team(1)];
    const jurors = [juror(0, ['t0']), juror(1, ['t0']), juror(2, [])];
    const result = autoAssign({ teams, jurors }, { k: 2, seed: 1 });
    expect(result.short).toEqual([{ teamId: 't0', got: 1, reason: 'conflicts' }]);
    expect(result.teams[0]!.jurors).toEqual(['j2']);
    expect(result.teams[1]!.jurors).toHaveLength(2);
  });
});
