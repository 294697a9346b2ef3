import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Criterion, Normalisation, PodiumEvent, Score } from '../../protocol/model.ts';
import { weightedScore } from '../../protocol/scoring.ts';
import { leaderboard } from '../../server/domain/ranking.ts';
import { numberedJurors, numberedTeams, scaledCriteria, testEvent } from '../helpers/test-event.ts';

// A random event: a few criteria (own scales, weights with at least one above 0),
// jurors, teams in two categories, and for each juror and team maybe a score.
const arbitraryEvent = fc
  .record({
    criteria: fc.array(
      fc.record({ weight: fc.integer({ min: 0, max: 5 }), min: fc.integer({ min: 0, max: 2 }), span: fc.integer({ min: 1, max: 9 }) }),
      { minLength: 1, maxLength: 4 },
    ),
    jurors: fc.integer({ min: 1, max: 5 }),
    teams: fc.integer({ min: 1, max: 6 }),
    seed: fc.array(fc.tuple(fc.boolean(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 })), {
      minLength: 30,
      maxLength: 30,
    }),
  })
  .filter((e) => e.criteria.some((c) => c.weight > 0))
  .map(({ criteria, jurors, teams, seed }) => {
    const event = testEvent({ criteria: scaledCriteria(criteria), teams: numberedTeams(teams), jurors: numberedJurors(jurors) });

    const scores: Score[] = [];
    let n = 0;
    for (const j of event.jurors)
      for (const t of event.teams) {
        const [present, fractions] = seed[n++ % seed.length]!;
        if (!present) continue;
        const marks = Object.fromEntries(event.criteria.map((c, i) => [c.id, c.min + Math.round(fractions[i]! * (c.max - c.min))]));
        scores.push({ jurorId: j.id, teamId: t.id, marks, note: '', revision: 1, updatedAt: 0 });
      }
    return { event, scores };
  });

const normalisations: Normalisation[] = ['none', 'z-score'];
const summary = (event: PodiumEvent, scores: Score[], normalisation: Normalisation) =>
  leaderboard(event, scores, 0, normalisation).overall.map((r) => ({ teamId: r.teamId, rank: r.rank, score: r.score, tied: r.tied }));

function expectSameRanking(a: ReturnType<typeof summary>, b: ReturnType<typeof summary>) {
  const byTeam = new Map(b.map((r) => [r.teamId, r]));
  for (const row of a) {
    const other = byTeam.get(row.teamId)!;
    expect(other.rank).toBe(row.rank);
    expect(other.tied).toBe(row.tied);
    if (row.score === null) expect(other.score).toBeNull();
    else expect(other.score).toBeCloseTo(row.score, 9);
  }
}

function shuffle<T>(xs: readonly T[], keys: readonly number[]): T[] {
  return xs
    .map((x, i) => ({ x, k: keys[i % keys.length]! + i * 1e-9 }))
    .sort((a, b) => a.k - b.k)
    .map((p) => p.x);
}

describe('ranking invariants', () => {
  it('does not depend on the order of jurors or scores', () => {
    fc.assert(
      fc.property(arbitraryEvent, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }), ({ event, scores }, keys) => {
        const reordered = { ...event, jurors: shuffle(event.jurors, keys) };
        for (const n of normalisations) expectSameRanking(summary(event, scores, n), summary(reordered, shuffle(scores, keys.slice().reverse()), n));
      }),
    );
  });

  it('is unchanged by a criterion of weight 0, whatever its marks and scale', () => {
    fc.assert(
      fc.property(arbitraryEvent, fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 1000 }), ({ event, scores }, top, seed) => {
        const extra: Criterion = { id: 'zero', name: 'Zero', question: '', weight: 0, min: 0, max: top };
        const withZero = { ...event, criteria: [...event.criteria, extra] };
        const marked = scores.map((s, i) => ({ ...s, marks: { ...s.marks, zero: (seed + i * 7) % (top + 1) } }));
        for (const n of normalisations) expectSameRanking(summary(event, scores, n), summary(withZero, marked, n));
      }),
    );
  });

  it('never lowers a team score when one mark is raised (no normalisation)', () => {
    fc.assert(
      fc.property(arbitraryEvent, fc.nat(), fc.nat(), ({ event, scores }, which, criterionIndex) => {
        fc.pre(scores.length > 0);
        const target = scores[which % scores.length]!;
        const c = event.criteria[criterionIndex % event.criteria.length]!;
        fc.pre(target.marks[c.id]! < c.max);
        const raised = scores.map((s) => (s === target ? { ...s, marks: { ...s.marks, [c.id]: s.marks[c.id]! + 1 } } : s));
        const before = summary(event, scores, 'none').find((r) => r.teamId === target.teamId)!.score!;
        const after = summary(event, raised, 'none').find((r) => r.teamId === target.teamId)!.score!;
        expect(after).toBeGreaterThanOrEqual(before - 1e-9);
      }),
    );
  });

  it("puts a team's score between its lowest and highest juror score (no normalisation)", () => {
    fc.assert(
      fc.property(arbitraryEvent, ({ event, scores }) => {
        for (const row of summary(event, scores, 'none')) {
          const own = scores.filter((s) => s.teamId === row.teamId).map((s) => weightedScore(s.marks, event.criteria)!);
          if (!own.length) {
            expect(row.score).toBeNull();
            continue;
          }
          expect(row.score!).toBeGreaterThanOrEqual(Math.min(...own) - 1e-9);
          expect(row.score!).toBeLessThanOrEqual(Math.max(...own) + 1e-9);
        }
      }),
    );
  });

  it('gives equal ranks to teams that nothing separates, and counts the places above', () => {
    fc.assert(
      fc.property(arbitraryEvent, fc.constantFrom(...normalisations), ({ event, scores }, n) => {
        // Without tie-breakers, equal scores must share a rank.
        const plain = { ...event, settings: { ...event.settings, tieBreakers: [] } };
        const rows = summary(plain, scores, n);
        for (const a of rows)
          for (const b of rows) {
            const same = a.score === null ? b.score === null : b.score !== null && Math.abs(a.score - b.score) <= 1e-9;
            expect(a.rank === b.rank).toBe(same);
          }
        for (const row of rows) {
          // Competition ranking: 1 + the number of teams strictly ahead.
          expect(row.rank).toBe(1 + rows.filter((o) => o.rank < row.rank).length);
          expect(row.tied).toBe(rows.filter((o) => o.rank === row.rank).length > 1);
        }
      }),
    );
  });
});
