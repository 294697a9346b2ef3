import { describe, expect, it } from 'vitest';
import type { PodiumEvent, Score, TieBreaker } from '../../protocol/model.ts';
import { weightedScore } from '../../protocol/scoring.ts';
import { leaderboard, podiumDiffers } from '../../server/domain/ranking.ts';
import { testSettings } from '../helpers/test-event.ts';

// A small event whose every number is worked out by hand below.
const criterion = (id: string, weight: number, min = 1, max = 10) => ({ id, name: id, question: '', weight, min, max });

function event(tieBreakers: TieBreaker[] = [{ kind: 'criterion', criterionId: 'impact' }]): PodiumEvent {
  return {
    settings: testSettings({ name: 'Worked example', tieBreakers }),
    categories: [
      { id: 'x', name: 'X' },
      { id: 'y', name: 'Y' },
    ],
    criteria: [criterion('impact', 2), criterion('reach', 1), criterion('feasibility', 1)],
    teams: ['t1', 't2', 't3', 't4', 't5'].map((id, i) => ({ id, name: id.toUpperCase(), project: '', members: [], categoryId: i < 2 ? 'x' : 'y' })),
    jurors: [
      { id: 'a', name: 'A', token: 'a'.repeat(32), conflicts: [] },
      { id: 'b', name: 'B', token: 'b'.repeat(32), conflicts: [] },
      { id: 'c', name: 'C', token: 'c'.repeat(32), conflicts: ['t3'] },
    ],
    agenda: [],
  };
}

const score = (jurorId: string, teamId: string, [impact, reach, feasibility]: number[]): Score => ({
  jurorId,
  teamId,
  marks: { impact: impact!, reach: reach!, feasibility: feasibility! },
  note: '',
  revision: 1,
  updatedAt: 0,
});

// Weights 2:1:1 on a shared 1–10 scale, so a juror's score is (2·impact + reach + feasibility) / 4.
const scores: Score[] = [
  score('a', 't1', [8, 6, 7]), // (16 + 6 + 7) / 4 = 7.25
  score('a', 't2', [6, 9, 9]), // (12 + 9 + 9) / 4 = 7.5
  score('a', 't3', [5, 5, 5]), // 5
  score('a', 't4', [9, 4, 4]), // (18 + 4 + 4) / 4 = 6.5
  score('a', 't5', [8, 7, 7]), // (16 + 7 + 7) / 4 = 7.5
  score('b', 't1', [7, 7, 7]), // 7
  score('b', 't2', [7, 5, 6]), // (14 + 5 + 6) / 4 = 6.25
  score('b', 't3', [9, 8, 8]), // (18 + 8 + 8) / 4 = 8.5
  score('b', 't4', [8, 8, 6]), // (16 + 8 + 6) / 4 = 7.5
  score('b', 't5', [6, 7, 7]), // (12 + 7 + 7) / 4 = 6.5
  score('c', 't1', [6, 8, 8]), // (12 + 8 + 8) / 4 = 7
  score('c', 't2', [7, 8, 6]), // (14 + 8 + 6) / 4 = 7
  score('c', 't3', [10, 10, 10]), // C has a conflict with T3: not counted
  score('c', 't5', [7, 7, 7]), // 7; C has not scored T4 yet
];
// Team scores, the mean over the jurors counted:
//   T1 (7.25 + 7 + 7) / 3 = 7.0833…   T2 (7.5 + 6.25 + 7) / 3 = 6.9166…
//   T3 (5 + 8.5) / 2 = 6.75 (C excluded, so 2 of 2 expected: final)
//   T4 (6.5 + 7.5) / 2 = 7 (2 of 3 expected: provisional)
//   T5 (7.5 + 6.5 + 7) / 3 = 7
// T4 and T5 tie on 7; the Impact tie-breaker separates them: T4 (9 + 8) / 2 = 8.5, T5 (8 + 6 + 7) / 3 = 7.
// So: 1 T1, 2 T4, 3 T5, 4 T2, 5 T3.

describe('the worked example', () => {
  const board = leaderboard(event(), scores, 1000);
  const row = (id: string) => board.overall.find((r) => r.teamId === id)!;

  it('weights the marks', () => {
    expect(weightedScore({ impact: 8, reach: 6, feasibility: 7 }, event().criteria)).toBeCloseTo(7.25, 10);
  });

  it('averages over the jurors who scored, without the conflicted one', () => {
    expect(row('t1').score).toBeCloseTo(21.25 / 3, 10);
    expect(row('t2').score).toBeCloseTo(20.75 / 3, 10);
    expect(row('t3').score).toBeCloseTo(6.75, 10);
    expect(row('t4').score).toBeCloseTo(7, 10);
    expect(row('t5').score).toBeCloseTo(7, 10);
  });

  it('counts jurors and marks provisional results', () => {
    expect([row('t3').jurorCount, row('t3').expectedJurors, row('t3').provisional]).toEqual([2, 2, false]);
    expect([row('t4').jurorCount, row('t4').expectedJurors, row('t4').provisional]).toEqual([2, 3, true]);
    expect(row('t1').provisional).toBe(false);
  });

  it('gives per-criterion averages of the raw marks', () => {
    // T1: impact (8 + 7 + 6) / 3 = 7, reach (6 + 7 + 8) / 3 = 7, feasibility (7 + 7 + 8) / 3 = 7.333…
    expect(row('t1').criteria.impact).toBeCloseTo(7, 10);
    expect(row('t1').criteria.reach).toBeCloseTo(7, 10);
    expect(row('t1').criteria.feasibility).toBeCloseTo(22 / 3, 10);
  });

  it('ranks overall with the tie-breaker', () => {
    expect(board.overall.map((r) => [r.teamId, r.rank, r.tied])).toEqual([
      ['t1', 1, false],
      ['t4', 2, false],
      ['t5', 3, false],
      ['t2', 4, false],
      ['t3', 5, false],
    ]);
  });

  it('ranks per category', () => {
    expect(board.byCategory.x!.map((r) => [r.teamId, r.rank])).toEqual([
      ['t1', 1],
      ['t2', 2],
    ]);
    expect(board.byCategory.y!.map((r) => [r.teamId, r.rank])).toEqual([
      ['t4', 1],
      ['t5', 2],
      ['t3', 3],
    ]);
  });

  it('shows a tie as a tie when no tie-breaker separates the teams', () => {
    const tied = leaderboard(event([]), scores, 0);
    expect(tied.overall.map((r) => [r.teamId, r.rank, r.tied])).toEqual([
      ['t1', 1, false],
      ['t4', 2, true],
      ['t5', 2, true],
      ['t2', 4, false],
      ['t3', 5, false],
    ]);
  });

  it('applies tie-breakers in the order chosen', () => {
    // By the number of jurors first: T5 (3) before T4 (2).
    const byJurors = leaderboard(event([{ kind: 'jurorCount' }, { kind: 'criterion', criterionId: 'impact' }]), scores, 0);
    expect(byJurors.overall.slice(1, 3).map((r) => [r.teamId, r.rank])).toEqual([
      ['t5', 2],
      ['t4', 3],
    ]);
  });

  it('leaves a team without scores unranked at the bottom, with no score', () => {
    const board = leaderboard(event(), scores.filter((s) => s.teamId !== 't2'), 0);
    expect(board.overall.at(-1)).toMatchObject({ teamId: 't2', score: null, jurorCount: 0, provisional: true });
  });

  it('places each criterion on its own scale before weighting', () => {
    // Impact 1–10, reach 1–5, equal weights, shown on 1–10: impact 10 is 100 %, reach 3 is 50 %,
    // so (1 + 9 · 0.75) = 7.75.
    const criteria = [criterion('impact', 1, 1, 10), criterion('reach', 1, 1, 5)];
    expect(weightedScore({ impact: 10, reach: 3 }, criteria)).toBeCloseTo(7.75, 10);
  });
});

describe('z-score normalisation, worked by hand', () => {
  // One criterion on 0–10. Juror A marks with a wide spread, B with a narrow one.
  //   A: P 10, Q 6, R 2   mean 6, sd √(32/3) = 3.266   z: +1.2247, 0, −1.2247
  //   B: P 4,  Q 6, R 5   mean 5, sd √(2/3) = 0.8165   z: −1.2247, +1.2247, 0
  // All six values: mean 33/6 = 5.5, sd √(35.5/6) = 2.43242; a value maps to 5.5 + z · 2.43242.
  //   P: (8.47906 + 2.52094) / 2 = 5.5
  //   Q: (5.5 + 8.47906) / 2 = 6.98953
  //   R: (2.52094 + 5.5) / 2 = 4.01047
  // Raw: P (10 + 4) / 2 = 7, Q 6, R 3.5. Raw puts P first, z-score puts Q first.
  const e = event([]);
  e.criteria = [criterion('impact', 1, 0, 10)];
  e.jurors = e.jurors.slice(0, 2);
  e.teams = ['p', 'q', 'r'].map((id) => ({ id, name: id, project: '', members: [], categoryId: null }));
  const marks = { a: { p: 10, q: 6, r: 2 }, b: { p: 4, q: 6, r: 5 } } as const;
  const zScores: Score[] = (['a', 'b'] as const).flatMap((j) =>
    (['p', 'q', 'r'] as const).map((t) => ({ jurorId: j, teamId: t, marks: { impact: marks[j][t] }, note: '', revision: 1, updatedAt: 0 })),
  );

  it('centres and scales each juror, then maps back onto the scale', () => {
    const board = leaderboard(e, zScores, 0, 'z-score');
    const byTeam = Object.fromEntries(board.overall.map((r) => [r.teamId, r.score]));
    expect(byTeam.p).toBeCloseTo(5.5, 4);
    expect(byTeam.q).toBeCloseTo(6.98953, 4);
    expect(byTeam.r).toBeCloseTo(4.01047, 4);
    expect(board.overall.map((r) => r.teamId)).toEqual(['q', 'p', 'r']);
  });

  it('flags that the podium differs from the raw ranking', () => {
    const raw = leaderboard(e, zScores, 0, 'none');
    expect(raw.overall.map((r) => r.teamId)).toEqual(['p', 'q', 'r']);
    expect(podiumDiffers(raw.overall, leaderboard(e, zScores, 0, 'z-score').overall)).toBe(true);
    expect(podiumDiffers(raw.overall, raw.overall)).toBe(false);
  });

  it('keeps raw values for a juror with a single score or no spread', () => {
    const flat: Score[] = [
      ...zScores.filter((s) => s.jurorId === 'a'),
      ...(['p', 'q', 'r'] as const).map((t) => ({ jurorId: 'b', teamId: t, marks: { impact: 7 }, note: '', revision: 1, updatedAt: 0 })),
    ];
    const board = leaderboard(e, flat, 0, 'z-score');
    // B gave 7 to everyone: B's values stay 7. A's are mapped through the mean and spread of all six.
    // All six: 10, 6, 2, 7, 7, 7: mean 39/6 = 6.5; squared deviations 12.25 + 0.25 + 20.25 + 3 · 0.25 = 33.5,
    // sd √(33.5/6) = 2.36291. A's P has z +1.2247 → 6.5 + 1.2247 · 2.36291 = 9.39399; P = (9.39399 + 7) / 2 = 8.19700.
    const p = board.overall.find((r) => r.teamId === 'p')!.score!;
    expect(p).toBeCloseTo(8.197, 3);
  });
});

describe('the jury report', () => {
  it('gives the spread across jurors and flags a juror far from the others', async () => {
    const { juryReport } = await import('../../server/domain/ranking.ts');
    const e = event();
    e.jurors.push({ id: 'd', name: 'D', token: 'd'.repeat(32), conflicts: [] });
    // T1 by A, B, C: 7.25, 7, 7 (see above); D gives 2 everywhere: 2.
    // The others' median for D on T1: median(7.25, 7, 7) = 7, gap −5, beyond a fifth of the 1–10 scale (1.8): flagged.
    // A on T1: median(7, 7, 2) = 7, gap 0.25; on T2 (7.5 vs 6.25, 7, 2) 1.25; on T5 (7.5 vs 6.5, 7) 0.75:
    // A's mean distance 0.75 stays under a sixth of the scale (1.5).
    const report = juryReport(e, [...scores, score('d', 't1', [2, 2, 2]), score('d', 't2', [2, 2, 2])]);
    const t1 = report.teams.t1!;
    const d = t1.jurors.find((j) => j.jurorId === 'd')!;
    expect(d.value).toBeCloseTo(2, 10);
    expect(d.gap).toBeCloseTo(-5, 10);
    expect(t1.jurors.find((j) => j.jurorId === 'a')!.gap).toBeCloseTo(0.25, 10);
    expect(d.outlier).toBe(true);
    expect(t1.jurors.find((j) => j.jurorId === 'b')!.outlier).toBe(false);
    // Spread of 7.25, 7, 7, 2: mean 5.8125; squared deviations 2.0664 + 1.4102 + 1.4102 + 14.5352 = 19.4219,
    // / 4 = 4.8555, population sd √4.8555 = 2.2035.
    expect(t1.spread).toBeCloseTo(2.2035, 3);
    expect(report.jurors.d).toMatchObject({ outlier: true });
    expect(report.jurors.a!.outlier).toBe(false);
  });
});

describe('the outlier banner', () => {
  it('measures how far a juror stands from the others, so a high and a low do not cancel out', async () => {
    const { juryReport } = await import('../../server/domain/ranking.ts');
    const { outlierSentence } = await import('../../client/src/pages/organiser/results/outlier.ts');
    const e = {
      criteria: [{ id: 'c', name: 'C', question: '', weight: 1, min: 0, max: 10 }],
      teams: ['t1', 't2'].map((id) => ({ id, name: id, project: '', members: [], categoryId: null })),
      jurors: ['a', 'b', 'c', 'e'].map((id) => ({ id, name: id.toUpperCase(), token: id.repeat(32), conflicts: [] })),
    };
    const mark = (jurorId: string, teamId: string, c: number) => ({ jurorId, teamId, marks: { c }, note: '', revision: 1, updatedAt: 0 });
    // A, B and C give 5 to both teams; E gives 9 to T1 and 1 to T2: gaps +4 and −4 from the others' median of 5.
    // Signed mean 0 (what the banner used to print: "0.0 higher"), mean distance 4, above a sixth of 0–10 (1.67): flagged.
    const scores = [...['a', 'b', 'c'].flatMap((j) => [mark(j, 't1', 5), mark(j, 't2', 5)]), mark('e', 't1', 9), mark('e', 't2', 1)];
    const report = juryReport(e, scores);
    expect(report.jurors.e).toMatchObject({ outlier: true, above: 1, below: 1 });
    expect(report.jurors.e!.meanGap).toBeCloseTo(0, 10);
    expect(report.jurors.e!.meanDistance).toBeCloseTo(4, 10);
    expect(outlierSentence('E', report.jurors.e!, report.scale)).toBe(
      "E's scores are on average 4.0 points away from the other jurors' median (0–10 scale), highs and lows alike: higher on 1 team, lower on 1 team.",
    );
  });
});

describe('the outlier banner, when a juror is level with the others on some teams', () => {
  it('says "higher on 2 of 3 teams", not "higher on all 2 teams compared"', async () => {
    const { juryReport } = await import('../../server/domain/ranking.ts');
    const { outlierSentence } = await import('../../client/src/pages/organiser/results/outlier.ts');
    const e = {
      criteria: [{ id: 'c', name: 'C', question: '', weight: 1, min: 0, max: 10 }],
      teams: ['t1', 't2', 't3'].map((id) => ({ id, name: id, project: '', members: [], categoryId: null })),
      jurors: ['a', 'b', 'c', 'e'].map((id) => ({ id, name: id.toUpperCase(), token: id.repeat(32), conflicts: [] })),
    };
    const mark = (jurorId: string, teamId: string, c: number) => ({ jurorId, teamId, marks: { c }, note: '', revision: 1, updatedAt: 0 });
    // A, B and C give 5 everywhere; E gives 9, 9 and 5: gaps +4, +4 and 0 from the others' median of 5.
    // Mean distance 8/3 = 2.67, above a sixth of 0–10: flagged; higher on two teams, level on the third.
    const scores = [...['a', 'b', 'c'].flatMap((j) => e.teams.map((t) => mark(j, t.id, 5))), mark('e', 't1', 9), mark('e', 't2', 9), mark('e', 't3', 5)];
    const report = juryReport(e, scores);
    expect(report.jurors.e).toMatchObject({ outlier: true, above: 2, below: 0, compared: 3 });
    expect(outlierSentence('E', report.jurors.e!, report.scale)).toBe(
      "E's scores are on average 2.7 points away from the other jurors' median (0–10 scale), highs and lows alike: higher on 2 of 3 teams compared.",
    );
  });
});
