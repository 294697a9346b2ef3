// The live board's incremental ranking (server/domain/ranking.ts RankingIndex) must
// rank exactly as protocol/ranking.ts does from scratch, whatever happened in between:
// scores added, revised, withdrawn, made incomplete; criteria on mixed scales and
// weights; conflicts declared; jurors and teams removed; z-score normalisation on or off.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreKey, type Leaderboard, type PodiumEvent, type Score } from '../../protocol/model.ts';
import { leaderboard, RankingIndex } from '../../server/domain/ranking.ts';
import { ScoreIndex } from '../../server/store/score-index.ts';
import { numberedJurors, numberedTeams, scaledCriteria, testEvent } from '../helpers/test-event.ts';

const JURORS = 5;
const TEAMS = 6;

function baseEvent(criteria: { weight: number; min: number; span: number }[]): PodiumEvent {
  return testEvent({ criteria: scaledCriteria(criteria), teams: numberedTeams(TEAMS, (i) => `T${i % 3}`), jurors: numberedJurors(JURORS) });
}

type Step =
  | { kind: 'score'; juror: number; team: number; fractions: number[]; drop: number | null }
  | { kind: 'withdraw'; juror: number; team: number }
  | { kind: 'conflict'; juror: number; team: number }
  | { kind: 'remove-juror'; juror: number }
  | { kind: 'remove-team'; team: number }
  | { kind: 'weight'; criterion: number; weight: number }
  | { kind: 'normalisation'; zScore: boolean };

const pair = fc.record({ juror: fc.nat({ max: JURORS - 1 }), team: fc.nat({ max: TEAMS - 1 }) });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .record({
        juror: fc.nat({ max: JURORS - 1 }),
        team: fc.nat({ max: TEAMS - 1 }),
        fractions: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
        drop: fc.option(fc.nat({ max: 3 }), { freq: 6 }),
      })
      .map((x) => ({ kind: 'score' as const, ...x })),
  },
  { weight: 2, arbitrary: pair.map((x) => ({ kind: 'withdraw' as const, ...x })) },
  { weight: 1, arbitrary: pair.map((x) => ({ kind: 'conflict' as const, ...x })) },
  { weight: 1, arbitrary: fc.nat({ max: JURORS - 1 }).map((juror) => ({ kind: 'remove-juror' as const, juror })) },
  { weight: 1, arbitrary: fc.nat({ max: TEAMS - 1 }).map((team) => ({ kind: 'remove-team' as const, team })) },
  { weight: 1, arbitrary: fc.record({ criterion: fc.nat({ max: 3 }), weight: fc.integer({ min: 0, max: 4 }) }).map((x) => ({ kind: 'weight' as const, ...x })) },
  { weight: 2, arbitrary: fc.boolean().map((zScore) => ({ kind: 'normalisation' as const, zScore })) },
);

/** Applies one step to the event and the scores (a plain dictionary, as stored), and returns the score keys it changed. */
function apply(event: PodiumEvent, scores: Record<string, Score>, s: Step, revision: number): string[] {
  const jurorId = `j${'juror' in s ? s.juror : 0}`;
  const teamId = `t${'team' in s ? s.team : 0}`;
  switch (s.kind) {
    case 'score': {
      const marks = Object.fromEntries(
        event.criteria.filter((_, i) => i !== s.drop).map((c, i) => [c.id, c.min + Math.round(s.fractions[i % 4]! * (c.max - c.min))]),
      );
      scores[scoreKey(jurorId, teamId)] = { jurorId, teamId, marks, note: '', revision, updatedAt: revision };
      return [scoreKey(jurorId, teamId)];
    }
    case 'withdraw':
      delete scores[scoreKey(jurorId, teamId)];
      return [scoreKey(jurorId, teamId)];
    case 'conflict': {
      const juror = event.jurors.find((j) => j.id === jurorId);
      if (juror) juror.conflicts = juror.conflicts.includes(teamId) ? juror.conflicts.filter((t) => t !== teamId) : [...juror.conflicts, teamId];
      return [];
    }
    case 'remove-juror':
      event.jurors = event.jurors.filter((j) => j.id !== jurorId);
      return [];
    case 'remove-team':
      event.teams = event.teams.filter((t) => t.id !== teamId);
      return [];
    case 'weight': {
      const criterion = event.criteria[s.criterion % event.criteria.length]!;
      criterion.weight = s.weight;
      if (!event.criteria.some((c) => c.weight > 0)) criterion.weight = 1;
      return [];
    }
    case 'normalisation':
      event.settings.normalisation = s.zScore ? 'z-score' : 'none';
      return [];
  }
}

/** Numbers rounded to 1e-9: sums kept per team may differ from a from-scratch sum in the last bits, never more. */
const rounded = (board: Leaderboard): unknown =>
  JSON.parse(JSON.stringify(board, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e9) / 1e9 : v)));

describe('the incremental ranking', () => {
  it('ranks as the ranking from scratch after any sequence of changes, with or without normalisation', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.record({ weight: fc.integer({ min: 0, max: 5 }), min: fc.integer({ min: 0, max: 2 }), span: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 4 })
          .filter((cs) => cs.some((c) => c.weight > 0)),
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        (criteria, steps, rankAfter) => {
          const event = baseEvent(criteria);
          const scores: Record<string, Score> = Object.create(null) as Record<string, Score>;
          const index = new ScoreIndex(scores);
          const ranking = new RankingIndex(index);
          for (const [i, s] of steps.entries()) {
            index.repair(scores, apply(event, scores, s, i + 1));
            if (rankAfter[i] || i === steps.length - 1) {
              for (const normalisation of ['none', 'z-score'] as const) {
                expect(rounded(ranking.leaderboard(event, 7, normalisation))).toEqual(rounded(leaderboard(event, Object.values(scores), 7, normalisation)));
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads only the scores changed since it last ranked', () => {
    const event = baseEvent([{ weight: 1, min: 1, span: 9 }]);
    const scores: Record<string, Score> = Object.create(null) as Record<string, Score>;
    for (const j of event.jurors) for (const t of event.teams) scores[scoreKey(j.id, t.id)] = { jurorId: j.id, teamId: t.id, marks: { c0: 5 }, note: '', revision: 1, updatedAt: 0 };
    const index = new ScoreIndex(scores);
    const ranking = new RankingIndex(index);
    ranking.leaderboard(event, 0);
    let walked = 0;
    const entries = index.entries.bind(index);
    index.entries = () => (walked++, entries());
    scores[scoreKey('j0', 't3')] = { jurorId: 'j0', teamId: 't3', marks: { c0: 10 }, note: '', revision: 2, updatedAt: 1 };
    index.repair(scores, [scoreKey('j0', 't3')]);
    const board = ranking.leaderboard(event, 1);
    expect(walked).toBe(0);
    expect(board.overall[0]).toMatchObject({ teamId: 't3', score: 6, rank: 1 });
    // Anything the counting depends on changing (a conflict declared) starts it again from every score.
    event.jurors[0]!.conflicts = ['t3'];
    expect(ranking.leaderboard(event, 2).overall.find((r) => r.teamId === 't3')).toMatchObject({ score: 5, jurorCount: JURORS - 1 });
    expect(walked).toBe(1);
  });
});
