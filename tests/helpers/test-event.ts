// Small events built in code for the ranking's unit and property tests: the settings
// every such test shares, criteria on their own scales, numbered teams and jurors.
import type { Criterion, EventSettings, Juror, PodiumEvent, Team } from '../../protocol/model.ts';

/** Settings that change nothing in a ranking: no times, no normalisation, the first criterion then the juror count break ties. */
export function testSettings(overrides: Partial<EventSettings> = {}): EventSettings {
  return {
    name: 'p',
    startsAt: 0,
    pitchMs: 0,
    recapMs: 0,
    amberMs: 0,
    redMs: 0,
    autoAdvanceToRecap: false,
    normalisation: 'none',
    tieBreakers: [{ kind: 'criterion', criterionId: 'c0' }, { kind: 'jurorCount' }],
    language: 'en',
    timeZone: 'UTC',
    ...overrides,
  };
}

/** Criteria c0, c1, … each with its own weight and scale (min to min + span). */
export const scaledCriteria = (specs: { weight: number; min: number; span: number }[]): Criterion[] =>
  specs.map((c, i) => ({ id: `c${i}`, name: `C${i}`, question: '', weight: c.weight, min: c.min, max: c.min + c.span }));

/** Teams t0, t1, … alternating between categories k0 and k1. */
export const numberedTeams = (count: number, name: (i: number) => string = (i) => `T${i}`): Team[] =>
  Array.from({ length: count }, (_, i) => ({ id: `t${i}`, name: name(i), project: '', members: [], categoryId: `k${i % 2}` }));

/** Jurors j0, j1, … with no conflicts. */
export const numberedJurors = (count: number): Juror[] =>
  Array.from({ length: count }, (_, i) => ({ id: `j${i}`, name: `J${i}`, token: 'x'.repeat(32), conflicts: [] }));

/** An event of the parts given, in categories k0 and k1, with no agenda. */
export function testEvent(parts: Pick<PodiumEvent, 'criteria' | 'teams' | 'jurors'> & { settings?: Partial<EventSettings> }): PodiumEvent {
  return {
    settings: testSettings(parts.settings),
    categories: [
      { id: 'k0', name: 'K0' },
      { id: 'k1', name: 'K1' },
    ],
    criteria: parts.criteria,
    teams: parts.teams,
    jurors: parts.jurors,
    agenda: [],
  };
}
