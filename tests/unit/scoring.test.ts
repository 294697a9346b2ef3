import { describe, expect, it } from 'vitest';
import type { Payload } from '../../protocol/events.ts';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { startTimer } from '../../server/domain/agenda.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { jurorState } from '../../server/domain/projection.ts';
import { closeScoring, OPS_KEPT_PER_SCORE, openScoring, submitScore } from '../../server/domain/scoring.ts';
import { setVisibility } from '../../server/domain/visibility.ts';

const NOW = 1_700_000_000_000;

function setup() {
  const data = demoData('o'.repeat(32), new Date(NOW));
  const [a, b] = data.event.jurors;
  const [t1, t2] = data.event.teams;
  return { data, juror: a!.id, other: b!.id, team: t1!.id, team2: t2!.id };
}

function marks(data: PodiumData, value = 7): Record<string, number> {
  return Object.fromEntries(data.event.criteria.map((c) => [c.id, value]));
}

function submission(data: PodiumData, teamId: string, over: Partial<Payload<'score:submit'>> = {}): Payload<'score:submit'> {
  return { opId: `op-${Math.random().toString(36).slice(2, 12)}`, teamId, revision: 1, marks: marks(data), note: '', ...over };
}

/** Runs `fn`, expects a DomainError with `code`, and checks that `data` did not change. */
function refused(data: PodiumData, code: string, fn: () => unknown): string {
  const before = JSON.stringify(data);
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  expect(JSON.stringify(data)).toBe(before);
  return (error as DomainError).message;
}

describe('scoring windows', () => {
  it('opens when the pitch first starts, closes, reopens', () => {
    const { data, team } = setup();
    expect(data.scoring[team]).toBeUndefined();
    data.live.itemIndex = data.event.agenda.findIndex((i) => i.kind === 'pitch' && i.teamId === team);
    startTimer(data, NOW);
    expect(data.scoring[team]).toBe('open');
    closeScoring(data, team, NOW);
    expect(data.scoring[team]).toBe('closed');
    openScoring(data, team, NOW);
    expect(data.scoring[team]).toBe('open');
  });

  it('closing all closes open teams and leaves unopened ones to open at their pitch', () => {
    const { data, team, team2 } = setup();
    openScoring(data, team, NOW);
    closeScoring(data, null, NOW);
    expect(data.scoring[team]).toBe('closed');
    expect(data.scoring[team2] ?? 'not-open').toBe('not-open');
    openScoring(data, null, NOW);
    expect(data.event.teams.every((t) => data.scoring[t.id] === 'open')).toBe(true);
  });

  it('refuses an unknown team and changes nothing', () => {
    const { data } = setup();
    refused(data, 'not-found', () => openScoring(data, 'nope', NOW));
    refused(data, 'not-found', () => closeScoring(data, 'nope', NOW));
  });
});

describe('submitScore', () => {
  it('stores a complete score with the revision and the time, and audits it', () => {
    const { data, juror, team } = setup();
    openScoring(data, team, NOW);
    const { score, applied } = submitScore(data, juror, submission(data, team, { note: '  strong team  ' }), NOW + 5);
    expect(applied).toBe(true);
    expect(score).toMatchObject({ jurorId: juror, teamId: team, revision: 1, updatedAt: NOW + 5, note: 'strong team' });
    expect(data.scores[scoreKey(juror, team)]).toEqual(score);
    expect(data.audit.at(-1)).toMatchObject({ action: 'score:submit', jurorId: juror, teamId: team, fromRevision: null, toRevision: 1 });
  });

  it('applies an operation at most once: a retry is acknowledged again and changes nothing', () => {
    const { data, juror, team } = setup();
    openScoring(data, team, NOW);
    const input = submission(data, team);
    submitScore(data, juror, input, NOW);
    const before = JSON.stringify(data);
    const again = submitScore(data, juror, input, NOW + 1000);
    expect(again.applied).toBe(false);
    expect(again.score.revision).toBe(1);
    expect(JSON.stringify(data)).toBe(before);
    // ... even once scoring has closed: the phone only needs to hear that it arrived.
    closeScoring(data, team, NOW);
    expect(submitScore(data, juror, input, NOW + 2000).applied).toBe(false);
  });

  it('refuses an operation id reused for another team or by another juror', () => {
    const { data, juror, other, team, team2 } = setup();
    openScoring(data, null, NOW);
    const input = submission(data, team);
    submitScore(data, juror, input, NOW);
    refused(data, 'conflict', () => submitScore(data, juror, { ...input, teamId: team2 }, NOW));
    refused(data, 'conflict', () => submitScore(data, other, input, NOW));
  });

  it('takes a newer revision and refuses a stale or equal one', () => {
    const { data, juror, team } = setup();
    openScoring(data, team, NOW);
    submitScore(data, juror, submission(data, team, { revision: 3, marks: marks(data, 5) }), NOW);
    expect(refused(data, 'stale', () => submitScore(data, juror, submission(data, team, { revision: 2 }), NOW))).toMatch(/revision 3/);
    refused(data, 'stale', () => submitScore(data, juror, submission(data, team, { revision: 3 }), NOW));
    submitScore(data, juror, submission(data, team, { revision: 4, marks: marks(data, 9) }), NOW + 1);
    expect(data.scores[scoreKey(juror, team)]).toMatchObject({ revision: 4, updatedAt: NOW + 1 });
    expect(Object.values(data.scores[scoreKey(juror, team)]!.marks)).toEqual([9, 9, 9, 9]);
    expect(data.audit.at(-1)).toMatchObject({ fromRevision: 3, toRevision: 4 });
  });

  it('refuses teams that are not open, or closed, with a message naming the team', () => {
    const { data, juror, team } = setup();
    expect(refused(data, 'closed', () => submitScore(data, juror, submission(data, team), NOW))).toMatch(/ecopals.*not opened/);
    openScoring(data, team, NOW);
    closeScoring(data, team, NOW);
    expect(refused(data, 'closed', () => submitScore(data, juror, submission(data, team), NOW))).toMatch(/ecopals.*closed/);
  });

  it('refuses a juror with a conflict of interest', () => {
    const { data, juror, team } = setup();
    openScoring(data, team, NOW);
    data.event.jurors.find((j) => j.id === juror)!.conflicts.push(team);
    expect(refused(data, 'forbidden', () => submitScore(data, juror, submission(data, team), NOW))).toMatch(/conflict of interest/);
  });

  it('refuses unknown jurors and teams', () => {
    const { data, juror, team } = setup();
    openScoring(data, null, NOW);
    refused(data, 'forbidden', () => submitScore(data, 'ghost', submission(data, team), NOW));
    refused(data, 'not-found', () => submitScore(data, juror, submission(data, 'no-such-team'), NOW));
  });

  it('refuses marks outside the scale, non-integers, missing or unknown criteria', () => {
    const { data, juror, team } = setup();
    openScoring(data, team, NOW);
    const [impact, reach] = data.event.criteria;
    const with_ = (m: Record<string, number>) => submission(data, team, { marks: { ...marks(data), ...m } });
    expect(refused(data, 'bad-request', () => submitScore(data, juror, with_({ [impact!.id]: 11 }), NOW))).toMatch(/Impact: a mark from 1 to 10/);
    refused(data, 'bad-request', () => submitScore(data, juror, with_({ [impact!.id]: 0 }), NOW));
    refused(data, 'bad-request', () => submitScore(data, juror, with_({ [impact!.id]: 7.5 }), NOW));
    refused(data, 'bad-request', () => submitScore(data, juror, with_({ unknown: 5 }), NOW));
    const partial = marks(data);
    delete partial[reach!.id];
    expect(refused(data, 'bad-request', () => submitScore(data, juror, submission(data, team, { marks: partial }), NOW))).toMatch(/Missing marks for: Reach/);
  });

  it('does not read inherited properties as marks', () => {
    const { data, juror, team } = setup();
    openScoring(data, team, NOW);
    data.event.criteria[0]!.id = 'constructor';
    const m = Object.fromEntries(data.event.criteria.slice(1).map((c) => [c.id, 5]));
    expect(refused(data, 'bad-request', () => submitScore(data, juror, submission(data, team, { marks: m }), NOW))).toMatch(/Missing/);
  });

  it('keeps jurors apart: each juror has their own score and revisions', () => {
    const { data, juror, other, team } = setup();
    openScoring(data, team, NOW);
    submitScore(data, juror, submission(data, team, { revision: 5 }), NOW);
    submitScore(data, other, submission(data, team, { revision: 1, marks: marks(data, 2) }), NOW);
    expect(data.scores[scoreKey(juror, team)]!.revision).toBe(5);
    expect(data.scores[scoreKey(other, team)]!.marks).toEqual(marks(data, 2));
  });
});

describe('what a juror receives', () => {
  it('their own scores only, every team’s scoring window, their conflicts, and no rankings even when public', () => {
    const { data, juror, other, team, team2 } = setup();
    openScoring(data, team, NOW);
    data.event.jurors.find((j) => j.id === juror)!.conflicts.push(team2);
    submitScore(data, juror, submission(data, team, { note: 'mine' }), NOW);
    submitScore(data, other, submission(data, team, { note: 'theirs', marks: marks(data, 2) }), NOW);
    const view = jurorState(data, juror, NOW, 1)!;
    expect(view.scores).toEqual([expect.objectContaining({ jurorId: juror, note: 'mine' })]);
    expect(JSON.stringify(view)).not.toContain('theirs');
    expect(JSON.stringify(view)).not.toContain(data.event.jurors.find((j) => j.id === other)!.token);
    expect(view.juror).toEqual({ id: juror, name: data.event.jurors[0]!.name, conflicts: [team2], assigned: null });
    expect(view.scoring[team]).toBe('open');
    expect(view.scoring[team2]).toBe('not-open');
    expect(Object.keys(view.scoring)).toHaveLength(data.event.teams.length);
    expect(view).not.toHaveProperty('leaderboard');
    setVisibility(data, 'live', NOW);
    const live = jurorState(data, juror, NOW, 2)!;
    expect(live).not.toHaveProperty('leaderboard');
    expect(JSON.stringify(live)).not.toContain('"rank"');
    expect(jurorState(data, 'ghost', NOW, 3)).toBeNull();
  });
});

describe('applied operation ids stay bounded', () => {
  it('keeps a window of recent ops per score: 200 corrections leave a few ids, and no retry is ever applied twice', () => {
    // 200 is fifty times the window kept per score: as telling as 1,000, and each retry below
    // compares the whole data (its audit grows with every correction), so the cost is quadratic.
    const CORRECTIONS = 200;
    expect(CORRECTIONS).toBeGreaterThan(10 * OPS_KEPT_PER_SCORE); // far past the window, or this proves nothing
    const { data, juror, team, team2 } = setup();
    openScoring(data, null, NOW);
    const sent: Payload<'score:submit'>[] = [];
    for (let r = 1; r <= CORRECTIONS; r++) {
      const s = submission(data, r % 2 ? team : team2, { opId: `op-${String(r).padStart(6, '0')}`, revision: r, marks: marks(data, 1 + (r % 9)) });
      sent.push(s);
      expect(submitScore(data, juror, s, NOW + r).applied).toBe(true);
    }
    // Two scores: the file keeps at most OPS_KEPT_PER_SCORE ids for each, not 200.
    expect(Object.keys(data.appliedOps)).toHaveLength(2 * OPS_KEPT_PER_SCORE);
    const latest = { ...data.scores };
    // Every earlier submission retried: recent ones answered as before, older ones refused as stale; none applied.
    for (const s of sent) {
      const before = JSON.stringify(data);
      try {
        expect(submitScore(data, juror, s, NOW + 5000).applied).toBe(false);
      } catch (e) {
        expect((e as DomainError).code).toBe('stale');
      }
      expect(JSON.stringify(data)).toBe(before);
    }
    expect(data.scores).toEqual(latest);
    expect(data.scores[scoreKey(juror, team)]!.revision).toBe(CORRECTIONS - 1);
    expect(data.scores[scoreKey(juror, team2)]!.revision).toBe(CORRECTIONS);
    // The latest few retried are answered as the first time.
    for (const s of sent.slice(-2 * OPS_KEPT_PER_SCORE)) expect(submitScore(data, juror, s, NOW + 6000)).toMatchObject({ applied: false });
  });

  it('trims a file written before the bound, keeping the latest ops of each score', () => {
    const { data, juror, team } = setup();
    openScoring(data, null, NOW);
    expect(submitScore(data, juror, submission(data, team, { opId: 'op-current', revision: 50 }), NOW).applied).toBe(true);
    // As an older version left it: thousands of ops for one score.
    const legacy = structuredClone(data);
    legacy.appliedOps = {};
    for (let i = 0; i < 3000; i++) legacy.appliedOps[`op-old-${i}`] = scoreKey(juror, team);
    legacy.appliedOps['op-current'] = scoreKey(juror, team);
    expect(submitScore(legacy, juror, submission(legacy, team, { opId: 'op-next-one', revision: 51 }), NOW).applied).toBe(true);
    expect(Object.keys(legacy.appliedOps)).toHaveLength(OPS_KEPT_PER_SCORE);
    expect(legacy.appliedOps).toHaveProperty('op-current');
    expect(legacy.appliedOps).toHaveProperty('op-next-one');
  });

  it('reads op ids and windows as own keys only', () => {
    const { data, juror, team } = setup();
    openScoring(data, null, NOW);
    for (const [i, opId] of ['toString-op', 'constructor', 'hasOwnProperty', 'valueOf--', 'isPrototypeOf'].entries()) {
      expect(submitScore(data, juror, submission(data, team, { opId, revision: 10 + i }), NOW).applied, opId).toBe(true);
    }
    expect(Object.keys(data.appliedOps)).toHaveLength(OPS_KEPT_PER_SCORE);
    expect(data.scores[scoreKey(juror, team)]!.revision).toBe(14);
  });
});
