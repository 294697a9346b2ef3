// The organiser's console keeps its state as snapshot + patches: whatever the
// sequence of scores and commands, that must equal a fresh snapshot of the same
// moment, or the console would show rankings the server does not have.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { applyOrganiserPatch, patchFits, prepareOrganiserSteps } from '../../protocol/organiser-patch.ts';
import type { OrganiserPatch, OrganiserState } from '../../protocol/views.ts';
import { organiserCore, organiserState } from '../../server/domain/projection.ts';
import { submitScore, closeScoring } from '../../server/domain/scoring.ts';
import { setVisibility } from '../../server/domain/visibility.ts';
import { OrganiserStream } from '../../server/organiser-stream.ts';
import { sizedData } from '../helpers/sized-event.ts';

/** What crosses the wire: JSON, so no shared references between server and console. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const arbitraryStep = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('score' as const), juror: fc.nat(), team: fc.nat(), marks: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), note: fc.string({ maxLength: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), team: fc.nat(), name: fc.constantFrom('Ça marche 🎉', 'Straße', 'Élan') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('visibility' as const), mode: fc.constantFrom('hidden' as const, 'live' as const, 'frozen' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), team: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('normalisation' as const), z: fc.boolean() }) },
);
type Step = typeof arbitraryStep extends fc.Arbitrary<infer S> ? S : never;

/** Applies one step with the server's own domain functions; false when more than scores changed. */
function apply(data: PodiumData, step: Step, now: number, scoredBy: Set<string>): boolean {
  const { teams, jurors, criteria } = data.event;
  switch (step.kind) {
    case 'score': {
      const juror = jurors[step.juror % jurors.length]!;
      const team = teams[step.team % teams.length]!;
      if (data.scoring[team.id] !== 'open') return true;
      const previous = data.scores[`${juror.id}:${team.id}`]?.revision ?? 0;
      const marks = Object.fromEntries(criteria.map((c, i) => [c.id, c.min + (step.marks[i]! % (c.max - c.min + 1))]));
      scoredBy.add(juror.id);
      submitScore(data, juror.id, { opId: `op-${now}-${step.juror}-${step.team}`, teamId: team.id, revision: previous + 1, marks, note: step.note }, now);
      return true;
    }
    case 'rename':
      teams[step.team % teams.length]!.name = step.name;
      return false;
    case 'visibility':
      if (data.visibility.mode !== step.mode) setVisibility(data, step.mode, now);
      return false;
    case 'close':
      closeScoring(data, teams[step.team % teams.length]!.id, now);
      return false;
    case 'normalisation':
      data.event.settings.normalisation = step.z ? 'z-score' : 'none';
      return false;
  }
}

describe('organiser patches', () => {
  it('snapshot + patches == a fresh snapshot, over random sequences of scores and commands, the snapshot readied for its first patch, in part, or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.array(arbitraryStep, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }),
        // How many of the readying steps ran before the first patch (the console runs one per idle moment).
        fc.integer({ min: 0, max: 5 }),
        // Whether the readying steps left over run after a patch came (a stray idle callback).
        fc.boolean(),
        (teamCount, jurorCount, batches, preparedSteps, strayAfterPatch) => {
          const data = sizedData(teamCount, jurorCount);
          let now = 1_750_000_000_000;
          let seq = 1;
          const stream = new OrganiserStream();
          stream.rebase(organiserCore(data, now, seq, 1));
          let console_: OrganiserState = wire(organiserState(data, now, seq, stream.rev));
          // As the console does when idle after a snapshot: the snapshot itself stays as it came.
          const before = wire(console_);
          const steps = prepareOrganiserSteps(console_);
          for (let i = 0; i < preparedSteps; i++) steps.next();
          expect(console_).toEqual(before);
          // When nothing changed no patch is sent: the console's rankings stay those of the last one.
          let sentAt = now;
          for (const batch of batches) {
            now += 250;
            let onlyScores = true;
            const scoredBy = new Set<string>();
            for (const step of batch) onlyScores = apply(data, step, now, scoredBy) && onlyScores;
            const patch = stream.next(data, now, ++seq, onlyScores ? scoredBy : null);
            if (!patch) continue;
            sentAt = now;
            expect(patchFits(console_, patch)).toBe(true);
            console_ = applyOrganiserPatch(console_, wire(patch));
            // The readying steps were for the snapshot: any left over change nothing of what a patch made.
            if (strayAfterPatch) for (let r = steps.next(); !r.done; r = steps.next());
          }
          expect(console_).toEqual(wire(organiserState(data, sentAt, console_.seq, stream.rev)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a patch that does not follow the console\'s revision is refused, so the console asks for a snapshot', () => {
    const data = sizedData(3, 2);
    const stream = new OrganiserStream();
    stream.rebase(organiserCore(data, 1000, 1, 1));
    const state = organiserState(data, 1000, 1, stream.rev);
    data.event.teams[0]!.name = 'Renamed';
    const first = stream.next(data, 2000, 2)!;
    data.event.teams[1]!.name = 'Renamed too';
    const second: OrganiserPatch = stream.next(data, 3000, 3)!;
    expect(patchFits(state, first)).toBe(true);
    expect(patchFits(state, second)).toBe(false);
  });

  it('a score-only patch carries the score and nothing of the event', () => {
    const data = sizedData(40, 5, { scored: true });
    const stream = new OrganiserStream();
    stream.rebase(organiserCore(data, 1000, 1, 1));
    const team = data.event.teams[7]!;
    const marks = Object.fromEntries(data.event.criteria.map((c) => [c.id, c.max]));
    submitScore(data, 'juror-2', { opId: 'op-only-scores', teamId: team.id, revision: 2, marks, note: 'Très bien' }, 1000);
    const patch = stream.next(data, 1000, 2, new Set(['juror-2']))!;
    expect(Object.keys(patch.scores ?? {})).toEqual([`juror-2:${team.id}`]);
    expect(patch.data).toBeUndefined();
    expect(Object.keys(patch.view ?? {})).toEqual(['auditCount']);
  });
});
