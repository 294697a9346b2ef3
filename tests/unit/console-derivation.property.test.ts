// The organiser's console ranks what its patches bring incrementally (protocol/organiser-patch.ts
// over protocol/ranking-index.ts). Whatever the patches (scores added, revised, withdrawn or
// incomplete, conflicts, jurors and teams added and removed, criteria reweighted or rescaled,
// normalisation switched, rounds, assignments, renames), its rankings and jury report must be
// exactly, to the last bit, what deriveOrganiser gives from scratch over the same event and scores.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData, type Score } from '../../protocol/model.ts';
import { applyOrganiserPatch, deriveOrganiser, organiserCore } from '../../protocol/organiser-patch.ts';
import type { OrganiserPatch, OrganiserState } from '../../protocol/views.ts';
import { organiserCore as serverCore } from '../../server/domain/projection.ts';
import { sizedData } from '../helpers/sized-event.ts';

const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const JURORS = 5;
const TEAMS = 7;

type Step =
  | { kind: 'score'; juror: number; team: number; fractions: number[]; drop: number | null }
  | { kind: 'withdraw'; juror: number; team: number }
  | { kind: 'conflict'; juror: number; team: number }
  | { kind: 'add-juror' }
  | { kind: 'remove-juror'; juror: number }
  | { kind: 'add-team' }
  | { kind: 'remove-team'; team: number }
  | { kind: 'rename'; team: number; name: string }
  | { kind: 'weight'; criterion: number; weight: number }
  | { kind: 'scale'; criterion: number; max: number }
  | { kind: 'normalisation'; zScore: boolean }
  | { kind: 'round'; round: 'r1' | 'r2' | 'r3' | null }
  | { kind: 'assign'; juror: number; teams: number[] | null };

// Ids beyond the event's (a removed juror or team, one not added yet) are chosen too: their scores must never count.
const juror = fc.nat({ max: JURORS + 1 });
const team = fc.nat({ max: TEAMS + 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 14,
    arbitrary: fc
      .record({ juror, team, fractions: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }), drop: fc.option(fc.nat({ max: 5 }), { freq: 6 }) })
      .map((x) => ({ kind: 'score' as const, ...x })),
  },
  { weight: 3, arbitrary: fc.record({ juror, team }).map((x) => ({ kind: 'withdraw' as const, ...x })) },
  { weight: 1, arbitrary: fc.record({ juror, team }).map((x) => ({ kind: 'conflict' as const, ...x })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'add-juror' as const }) },
  { weight: 1, arbitrary: juror.map((j) => ({ kind: 'remove-juror' as const, juror: j })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'add-team' as const }) },
  { weight: 1, arbitrary: team.map((t) => ({ kind: 'remove-team' as const, team: t })) },
  { weight: 1, arbitrary: fc.record({ team, name: fc.constantFrom('Ça marche 🎉', 'Straße', 'Élan', 'élan', 'A') }).map((x) => ({ kind: 'rename' as const, ...x })) },
  { weight: 1, arbitrary: fc.record({ criterion: fc.nat({ max: 5 }), weight: fc.integer({ min: 0, max: 4 }) }).map((x) => ({ kind: 'weight' as const, ...x })) },
  { weight: 1, arbitrary: fc.record({ criterion: fc.nat({ max: 5 }), max: fc.integer({ min: 3, max: 20 }) }).map((x) => ({ kind: 'scale' as const, ...x })) },
  { weight: 2, arbitrary: fc.boolean().map((zScore) => ({ kind: 'normalisation' as const, zScore })) },
  { weight: 1, arbitrary: fc.constantFrom('r1' as const, 'r2' as const, 'r3' as const, null).map((round) => ({ kind: 'round' as const, round })) },
  { weight: 1, arbitrary: fc.record({ juror, teams: fc.option(fc.uniqueArray(team, { maxLength: 4 })) }).map((x) => ({ kind: 'assign' as const, ...x })) },
);

const jurorId = (i: number) => `juror-${i + 1}`;
const teamId = (i: number) => `team-${i + 1}`;

/**
 * Applies one step to the model (the event and the scores, as the server holds them) and to the
 * patch being built: the scores it changed, and whether the event changed.
 */
function apply(data: PodiumData, s: Step, revision: number, scores: Record<string, Score | null>): boolean {
  const event = data.event;
  switch (s.kind) {
    case 'score': {
      const [j, t] = [jurorId(s.juror), teamId(s.team)];
      const marks = Object.fromEntries(
        event.criteria.filter((_, i) => i !== s.drop).map((c, i) => [c.id, c.min + Math.round(s.fractions[i % 6]! * (c.max - c.min))]),
      );
      const score: Score = { jurorId: j, teamId: t, marks, note: '', revision, updatedAt: revision };
      data.scores[scoreKey(j, t)] = score;
      scores[scoreKey(j, t)] = score;
      return false;
    }
    case 'withdraw': {
      const key = scoreKey(jurorId(s.juror), teamId(s.team));
      if (!Object.hasOwn(data.scores, key)) return false;
      delete data.scores[key];
      scores[key] = null;
      return false;
    }
    case 'conflict': {
      const j = event.jurors.find((x) => x.id === jurorId(s.juror));
      const t = teamId(s.team);
      if (j) j.conflicts = j.conflicts.includes(t) ? j.conflicts.filter((x) => x !== t) : [...j.conflicts, t];
      return true;
    }
    case 'add-juror': {
      const free = Array.from({ length: JURORS + 2 }, (_, i) => jurorId(i)).find((id) => !event.jurors.some((j) => j.id === id));
      if (free) event.jurors.push({ id: free, name: `Juré·e ${free}`, token: `token-${free}-0123456789abcdef`, conflicts: [] });
      return true;
    }
    case 'remove-juror':
      event.jurors = event.jurors.filter((j) => j.id !== jurorId(s.juror));
      return true;
    case 'add-team': {
      const free = Array.from({ length: TEAMS + 2 }, (_, i) => teamId(i)).find((id) => !event.teams.some((t) => t.id === id));
      if (free) event.teams.push({ id: free, name: `Nouvelle ${free}`, project: '', members: [], categoryId: event.categories[0]!.id });
      return true;
    }
    case 'remove-team':
      event.teams = event.teams.filter((t) => t.id !== teamId(s.team));
      return true;
    case 'rename': {
      const t = event.teams.find((x) => x.id === teamId(s.team));
      if (t) t.name = s.name;
      return true;
    }
    case 'weight': {
      const c = event.criteria[s.criterion % event.criteria.length]!;
      c.weight = s.weight;
      if (!event.criteria.some((x) => x.weight > 0)) c.weight = 1;
      return true;
    }
    case 'scale': {
      const c = event.criteria[s.criterion % event.criteria.length]!;
      c.max = Math.max(c.min + 1, s.max);
      return true;
    }
    case 'normalisation':
      event.settings.normalisation = s.zScore ? 'z-score' : 'none';
      return true;
    case 'round':
      if (s.round === null) {
        delete event.rounds;
        delete event.currentRoundId;
      } else {
        // r2 keeps some teams (stage), r3 some others (expo: normalised officially); r1 all of them.
        event.rounds = [
          { id: 'r1', name: 'Un', kind: 'stage' },
          { id: 'r2', name: 'Deux', kind: 'stage', teamIds: [teamId(0), teamId(2), teamId(3), teamId(8)] },
          { id: 'r3', name: 'Trois', kind: 'expo', teamIds: [teamId(1), teamId(2), teamId(4), teamId(5)] },
        ];
        event.currentRoundId = s.round;
      }
      return true;
    case 'assign': {
      const j = event.jurors.find((x) => x.id === jurorId(s.juror));
      if (j) {
        if (s.teams) j.assignedTeams = s.teams.map(teamId);
        else delete j.assignedTeams;
      }
      return true;
    }
  }
}

/** What the console derives itself, which must equal a derivation from scratch. */
const derived = (s: OrganiserState) => ({
  leaderboard: s.leaderboard,
  normalisedLeaderboard: s.normalisedLeaderboard,
  rawLeaderboard: s.rawLeaderboard,
  podiumDiffers: s.podiumDiffers,
  jury: s.jury,
  projector: s.projector,
  event: s.data.event,
  scores: { ...s.data.scores },
});

function start(): { data: PodiumData; state: OrganiserState } {
  const data = sizedData(TEAMS, JURORS);
  data.visibility.mode = 'live';
  return { data, state: wire(deriveOrganiser(serverCore(data, 1000, 1, 1), 1000)) };
}

describe('the console ranks its patches incrementally', () => {
  it('gives exactly what a derivation from scratch gives, after any sequence of patches', () => {
    fc.assert(
      fc.property(fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }), (batches) => {
        const { data, state: snapshot } = start();
        let state = snapshot;
        let revision = 0;
        for (const batch of batches) {
          const scores: Record<string, Score | null> = {};
          let structural = false;
          for (const s of batch) structural = apply(data, s, ++revision, scores) || structural;
          const at = 1000 + revision;
          const patch: OrganiserPatch = { base: state.rev, rev: state.rev + 1, seq: state.seq + 1, at };
          if (Object.keys(scores).length) patch.scores = scores;
          if (structural) patch.data = { event: data.event };
          state = applyOrganiserPatch(state, wire(patch));
          // From scratch, over the model's event and scores (not the console's).
          const expected = deriveOrganiser({ ...organiserCore(state), data: { ...state.data, event: wire(data.event), scores: wire(data.scores) } }, at);
          expect(derived(state)).toEqual(derived(expected));
        }
      }),
      { numRuns: 250 },
    );
  });

  it('leaves the snapshot as it was, and refuses to patch a state that is no longer the latest', () => {
    const { data, state: snapshot } = start();
    const before = wire(snapshot);
    const key = scoreKey(jurorId(0), teamId(0));
    const marks = Object.fromEntries(data.event.criteria.map((c) => [c.id, c.max]));
    const score: Score = { jurorId: jurorId(0), teamId: teamId(0), marks, note: '', revision: 1, updatedAt: 1 };
    const first = applyOrganiserPatch(snapshot, { base: 1, rev: 2, seq: 2, at: 2000, scores: { [key]: score } });
    expect(snapshot).toEqual(before);
    expect(first.leaderboard.overall[0]).toMatchObject({ teamId: teamId(0), jurorCount: 1 });
    const second = applyOrganiserPatch(first, { base: 2, rev: 3, seq: 3, at: 3000, scores: { [key]: null } });
    expect(second.leaderboard.overall.every((r) => r.jurorCount === 0)).toBe(true);
    expect(() => applyOrganiserPatch(first, { base: 2, rev: 3, seq: 3, at: 3000 })).toThrow(/latest state/);
    // A snapshot can always be patched again: it starts a derivation of its own.
    expect(applyOrganiserPatch(snapshot, { base: 1, rev: 2, seq: 2, at: 2000 }).leaderboard.overall.every((r) => r.jurorCount === 0)).toBe(true);
  });
});
