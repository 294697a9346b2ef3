// The store's score index (server/store/score-index.ts) is what the live ranking and
// the jurors' views walk instead of the scores dictionary: a stale index is a wrong
// leaderboard. After any sequence of changes, failed writes (rolled back), imports
// and changes that throw, the index holds exactly the stored scores, and the
// incremental ranking fed by its journal equals a ranking from scratch.
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData, type Score } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { leaderboard, RankingIndex } from '../../server/domain/ranking.ts';
import { openLogFile, type LogFile } from '../../server/store/change-log.ts';
import { Store } from '../../server/store.ts';
import { tempDir } from '../helpers/app.ts';

/** A change log whose appends fail while `failing` is set, as a full disk does. */
class Disk {
  failing = false;
  open = async (path: string): Promise<LogFile> => {
    const real = await openLogFile(path);
    return {
      write: async (data, position) => {
        if (this.failing) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        await real.write(data, position);
      },
      datasync: () => real.datasync(),
      truncate: (length) => real.truncate(length),
      close: () => real.close(),
    };
  };
}

const SEED = demoData('o'.repeat(32), new Date(Date.UTC(2026, 0, 1)));
const JURORS = SEED.event.jurors.map((j) => j.id);
const TEAMS = SEED.event.teams.map((t) => t.id);
const CRITERIA = SEED.event.criteria;

const arbitraryScore = fc
  .record({
    juror: fc.nat({ max: JURORS.length - 1 }),
    team: fc.nat({ max: TEAMS.length - 1 }),
    marks: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: CRITERIA.length, maxLength: CRITERIA.length }),
    // Some scores lack a mark (an older score after a criterion was added): they do not count.
    complete: fc.boolean(),
    revision: fc.integer({ min: 1, max: 50 }),
  })
  .map(({ juror, team, marks, complete, revision }): Score => ({
    jurorId: JURORS[juror]!,
    teamId: TEAMS[team]!,
    marks: Object.fromEntries(CRITERIA.slice(complete ? 0 : 1).map((c, i) => [c.id, marks[i]!])),
    note: '',
    revision,
    updatedAt: revision,
  }));

type Step =
  | { kind: 'set'; score: Score }
  | { kind: 'delete'; juror: number; team: number }
  | { kind: 'throws'; score: Score }
  | { kind: 'failed-write'; score: Score }
  | { kind: 'replace'; scores: Score[] }
  | { kind: 'new-map'; scores: Score[] }
  | { kind: 'conflict'; juror: number; team: number }
  | { kind: 'weight'; criterion: number; weight: number }
  | { kind: 'normalisation'; zScore: boolean };

const arbitraryStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: arbitraryScore.map((score) => ({ kind: 'set' as const, score })) },
  { weight: 2, arbitrary: fc.record({ juror: fc.nat({ max: JURORS.length - 1 }), team: fc.nat({ max: TEAMS.length - 1 }) }).map((x) => ({ kind: 'delete' as const, ...x })) },
  { weight: 1, arbitrary: arbitraryScore.map((score) => ({ kind: 'throws' as const, score })) },
  { weight: 2, arbitrary: arbitraryScore.map((score) => ({ kind: 'failed-write' as const, score })) },
  { weight: 1, arbitrary: fc.array(arbitraryScore, { maxLength: 12 }).map((scores) => ({ kind: 'replace' as const, scores })) },
  { weight: 1, arbitrary: fc.array(arbitraryScore, { maxLength: 12 }).map((scores) => ({ kind: 'new-map' as const, scores })) },
  { weight: 1, arbitrary: fc.record({ juror: fc.nat({ max: JURORS.length - 1 }), team: fc.nat({ max: TEAMS.length - 1 }) }).map((x) => ({ kind: 'conflict' as const, ...x })) },
  { weight: 1, arbitrary: fc.record({ criterion: fc.nat({ max: CRITERIA.length - 1 }), weight: fc.integer({ min: 0, max: 3 }) }).map((x) => ({ kind: 'weight' as const, ...x })) },
  { weight: 1, arbitrary: fc.boolean().map((zScore) => ({ kind: 'normalisation' as const, zScore })) },
);

const byKey = (scores: readonly Score[]): PodiumData['scores'] => Object.fromEntries(scores.map((s) => [scoreKey(s.jurorId, s.teamId), s]));

async function apply(store: Store, disk: Disk, step: Step): Promise<void> {
  switch (step.kind) {
    case 'set':
      return store.mutate((d) => void (d.scores[scoreKey(step.score.jurorId, step.score.teamId)] = step.score));
    case 'delete':
      return store.mutate((d) => void delete d.scores[scoreKey(JURORS[step.juror]!, TEAMS[step.team]!)]);
    case 'throws':
      // A change that breaks the rule (changes, then throws): the index follows the state all the same.
      return store
        .mutate((d) => {
          d.scores[scoreKey(step.score.jurorId, step.score.teamId)] = step.score;
          throw new Error('refused');
        })
        .catch(() => undefined);
    case 'failed-write': {
      disk.failing = true;
      const written = store.mutate((d) => void (d.scores[scoreKey(step.score.jurorId, step.score.teamId)] = step.score));
      await expect(written).rejects.toThrow();
      disk.failing = false;
      return;
    }
    case 'replace':
      return store.replace({ ...structuredClone(store.data as PodiumData), scores: byKey(step.scores) });
    case 'new-map':
      return store.mutate((d) => void (d.scores = byKey(step.scores)));
    case 'conflict':
      return store.mutate((d) => {
        const juror = d.event.jurors[step.juror]!;
        const team = TEAMS[step.team]!;
        juror.conflicts = juror.conflicts.includes(team) ? juror.conflicts.filter((t) => t !== team) : [...juror.conflicts, team];
      });
    case 'weight':
      return store.mutate((d) => {
        d.event.criteria[step.criterion]!.weight = step.weight;
        if (!d.event.criteria.some((c) => c.weight > 0)) d.event.criteria[0]!.weight = 1;
      });
    case 'normalisation':
      return store.mutate((d) => void (d.event.settings.normalisation = step.zScore ? 'z-score' : 'none'));
  }
}

/** A leaderboard with its numbers rounded: the incremental sums may differ from scratch in the last bits, never more. */
const rounded = (board: ReturnType<typeof leaderboard>) =>
  JSON.parse(JSON.stringify(board, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e9) / 1e9 : v))) as unknown;

describe('the store keeps its score index in step with the scores', () => {
  it('after any sequence of changes, failed writes, imports and throwing changes: same scores, same ranking as from scratch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryStep, { minLength: 1, maxLength: 25 }), fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }), async (steps, rankAfter) => {
        const dir = tempDir('podium-score-index-');
        const disk = new Disk();
        const store = await Store.open({ dir, seed: () => structuredClone(SEED), openLog: disk.open });
        const ranking = new RankingIndex(store.scores);
        try {
          for (const [i, step] of steps.entries()) {
            await apply(store, disk, step);
            const stored = Object.entries(store.data.scores);
            expect(new Map(store.scores.entries())).toEqual(new Map(stored));
            expect(new Set(store.scores.values())).toEqual(new Set(stored.map(([, s]) => s)));
            // Ranked after some steps only, so that the ranking also catches up over several changes at once.
            if (rankAfter[i] || i === steps.length - 1) {
              const data = store.data as PodiumData;
              expect(rounded(ranking.leaderboard(data.event, 0))).toEqual(rounded(leaderboard(data.event, Object.values(data.scores), 0)));
            }
          }
        } finally {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
