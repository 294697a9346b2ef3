// The one scoring formula (protocol/scoring.ts), as the phone and the results use
// it. Every expected number below is worked out by hand in the comment beside it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Criterion, PodiumData } from '../../protocol/model.ts';
import { explainScoring, formatOutOf, formatScore, onScale, scaleOf, weightedScore } from '../../protocol/scoring.ts';
import { jurorTotal } from '../../client/src/pages/jury/jury-status.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { organiserState } from '../../server/domain/projection.ts';

const NOW = 1_700_000_000_000;

// The issue's event: Innovation ×2 (1–10), Feasibility ×1 (1–5), Pitch ×1 (0–3).
const issueCriteria: Criterion[] = [
  { id: 'inno', name: 'Innovation', question: '', weight: 2, min: 1, max: 10 },
  { id: 'feas', name: 'Feasibility', question: '', weight: 1, min: 1, max: 5 },
  { id: 'pitch', name: 'Pitch', question: '', weight: 1, min: 0, max: 3 },
];

/** A demo event with these criteria and, per juror index, marks for team `teamIndex`. */
function eventWith(criteria: Criterion[], given: { juror: number; team: number; marks: Record<string, number> }[]): PodiumData {
  const data = demoData('o'.repeat(32), new Date(NOW));
  data.event.criteria = criteria;
  data.event.settings.tieBreakers = [];
  data.event.settings.normalisation = 'none';
  for (const g of given) {
    const jurorId = data.event.jurors[g.juror]!.id;
    const teamId = data.event.teams[g.team]!.id;
    data.scores[`${jurorId}:${teamId}`] = { jurorId, teamId, marks: g.marks, note: '', revision: 1, updatedAt: NOW };
  }
  return data;
}

describe('the scoring formula', () => {
  it('shows mixed scales on the widest one: 0–10 for 1–10, 1–5 and 0–3', () => {
    expect(scaleOf(issueCriteria)).toEqual({ min: 0, max: 10 });
  });

  it('places each mark on the scale before weighting (the issue: 8/4/2 counts 7.43, 9/5/3 counts 9.44)', () => {
    // Innovation 8 of 1–10 → 7/9 × 10 = 7.7778; Feasibility 4 of 1–5 → 3/4 × 10 = 7.5;
    // Pitch 2 of 0–3 → 2/3 × 10 = 6.6667. (2 × 7.7778 + 7.5 + 6.6667) / 4 = 7.4306.
    expect(weightedScore({ inno: 8, feas: 4, pitch: 2 }, issueCriteria)).toBeCloseTo(7.430556, 5);
    // 9 → 8/9 × 10 = 8.8889; 5 → 10; 3 → 10. (17.7778 + 10 + 10) / 4 = 9.4444.
    expect(weightedScore({ inno: 9, feas: 5, pitch: 3 }, issueCriteria)).toBeCloseTo(9.444444, 5);
  });

  it('places an average mark on the scale the same way', () => {
    // 4.4 of 1–5 → 3.4 / 4 × 10 = 8.5.
    expect(onScale(4.4, issueCriteria[1]!, { min: 0, max: 10 })).toBeCloseTo(8.5, 10);
    // 2.5 of 1–10 on a 1–10 scale stays 2.5.
    expect(onScale(2.5, { min: 1, max: 10 }, { min: 1, max: 10 })).toBeCloseTo(2.5, 10);
  });

  it('ignores weight-0 criteria and counts nothing while a counted mark is missing', () => {
    const criteria: Criterion[] = [...issueCriteria, { id: 'fun', name: 'Fun', question: '', weight: 0, min: 1, max: 100 }];
    expect(scaleOf(criteria)).toEqual({ min: 0, max: 10 });
    expect(weightedScore({ inno: 8, feas: 4, pitch: 2, fun: 100 }, criteria)).toBeCloseTo(7.430556, 5);
    expect(weightedScore({ inno: 8, feas: 4 }, criteria)).toBeNull();
  });

  it('does not read inherited properties as marks (a criterion id "constructor")', () => {
    const criteria: Criterion[] = [{ id: 'constructor', name: 'C', question: '', weight: 1, min: 0, max: 10 }];
    expect(weightedScore({}, criteria)).toBeNull();
    expect(weightedScore({ constructor: 6 }, criteria)).toBeCloseTo(6, 10);
  });

  it('writes a score with its scale, two decimals', () => {
    expect(formatOutOf(7.430556, { min: 0, max: 10 }, 'en')).toBe('7.43 / 10');
    expect(formatOutOf(7.430556, { min: 0, max: 10 }, 'fr')).toBe('7,43 / 10');
    expect(formatScore(null, 'en')).toBe('–');
    expect(formatScore(null, 'fr')).toBe('–');
  });

  it('explains the formula with every scale and weight', () => {
    const text = explainScoring(issueCriteria, 'none').join('\n');
    expect(text).toContain('0–10 scale');
    expect(text).toContain('Innovation (marks 1–10, weight 2)');
    expect(text).toContain('Feasibility (marks 1–5, weight 1)');
    expect(text).toContain('Pitch (marks 0–3, weight 1)');
    expect(text).toContain('(2 × Innovation + 1 × Feasibility + 1 × Pitch) ÷ 4');
    expect(explainScoring(issueCriteria, 'z-score').join('\n')).toMatch(/normalised/);
  });
});

describe("the juror phone's total", () => {
  it('is the score the results count: 8/4/2 shows 7.43 / 10', () => {
    const marks = { inno: 8, feas: 4, pitch: 2 };
    const phone = jurorTotal(marks, issueCriteria);
    expect(formatOutOf(phone, scaleOf(issueCriteria), 'en')).toBe('7.43 / 10');
    const view = organiserState(eventWith(issueCriteria, [{ juror: 0, team: 0, marks }]), NOW, 1);
    const teamId = view.data.event.teams[0]!.id;
    expect(view.jury.teams[teamId]!.jurors[0]!.value).toBeCloseTo(7.430556, 5);
    expect(view.leaderboard.overall.find((r) => r.teamId === teamId)!.score).toBeCloseTo(7.430556, 5);
  });

  it('shows no number until every criterion is marked', () => {
    expect(jurorTotal({ inno: 8, feas: 4 }, issueCriteria)).toBeNull();
    // A weight-0 criterion still has to be marked to save, so the total waits for it too.
    const withZero: Criterion[] = [...issueCriteria, { id: 'fun', name: 'Fun', question: '', weight: 0, min: 1, max: 5 }];
    expect(jurorTotal({ inno: 8, feas: 4, pitch: 2 }, withZero)).toBeNull();
    expect(jurorTotal({ inno: 8, feas: 4, pitch: 2, fun: 1 }, withZero)).toBeCloseTo(7.430556, 5);
  });

  it('puts two teams in the order the results count (the phone used to reverse 8/4/2 and 6/5/3)', () => {
    // 8/4/2 → 7.43 (above). 6/5/3: 5/9 × 10 = 5.5556; 10; 10 → (11.1111 + 20) / 4 = 7.7778.
    // The old phone averaged raw marks: (16 + 4 + 2) / 4 = 5.5 against (12 + 5 + 3) / 4 = 5.0, the reverse.
    const a = jurorTotal({ inno: 8, feas: 4, pitch: 2 }, issueCriteria)!;
    const b = jurorTotal({ inno: 6, feas: 5, pitch: 3 }, issueCriteria)!;
    expect(b).toBeCloseTo(7.777778, 5);
    expect(b).toBeGreaterThan(a);
  });

  it('equals the score the results show for that juror, for any criteria and marks (property)', () => {
    const criterion = fc.record({
      weight: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 }), fc.double({ min: 0.1, max: 100, noNaN: true })),
      min: fc.integer({ min: 0, max: 5 }),
      span: fc.integer({ min: 1, max: 20 }),
    });
    const arbitrary = fc
      .record({
        criteria: fc.array(criterion, { minLength: 1, maxLength: 6 }),
        // Per juror (the demo has 4): a fraction per criterion, for the demo's first team.
        fractions: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
      })
      .filter((e) => e.criteria.some((c) => c.weight > 0));
    fc.assert(
      fc.property(arbitrary, ({ criteria: specs, fractions }) => {
        const criteria: Criterion[] = specs.map((c, i) => ({ id: `c${i}`, name: `C${i}`, question: '', weight: c.weight, min: c.min, max: c.min + c.span }));
        // Juror k scores team 0, and alone scores team k + 1, so that team's score is theirs.
        const given = fractions.flatMap((f, juror) => {
          const marks = Object.fromEntries(criteria.map((c, i) => [c.id, c.min + Math.round(f[i]! * (c.max - c.min))]));
          return [
            { juror, team: 0, marks },
            { juror, team: juror + 1, marks },
          ];
        });
        const view = organiserState(eventWith(criteria, given), NOW, 1);
        const teams = view.data.event.teams;
        const jurors = view.data.event.jurors;
        for (let k = 0; k < fractions.length; k++) {
          const marks = given[2 * k]!.marks;
          const phone = jurorTotal(marks, criteria);
          expect(phone).not.toBeNull();
          const shown = view.jury.teams[teams[0]!.id]!.jurors.find((j) => j.jurorId === jurors[k]!.id)!.value;
          expect(phone!).toBeCloseTo(shown, 9);
          const alone = view.leaderboard.overall.find((r) => r.teamId === teams[k + 1]!.id)!;
          expect(phone!).toBeCloseTo(alone.score!, 9);
          expect(formatOutOf(phone, scaleOf(criteria), 'en')).toBe(`${formatScore(alone.score, 'en')} / ${scaleOf(criteria).max}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
