// The expo round's judge queue (server/domain/expo-queue.ts, issue 18): worked cases,
// then a simulated hall: 60 teams, 15 jurors, k = 3, visits of random length, teams
// that never came, teams briefly away, jurors who skip, phones that drop mid-visit;
// and the same hall in three zones, with jurors kept in theirs while it has work.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom as seeded } from '../../protocol/assignments.ts';
import {
  absenceReports,
  emptyExpoQueue,
  endVisit,
  hallView,
  nextVisit,
  recordScored,
  restoreTeam,
  setPaused,
  type ExpoHall,
  type ExpoJuror,
  type ExpoQueue,
  type ExpoTeam,
} from '../../server/domain/expo-queue.ts';

const MIN = 60_000;
const rules = { k: 3, visitTimeoutMs: 10 * MIN, absentReports: 3, helpElsewhere: true };
const tables = (n: number): ExpoTeam[] => Array.from({ length: n }, (_, i) => ({ id: `t${i + 1}`, table: String(i + 1) }));
const jurors = (n: number): ExpoJuror[] => Array.from({ length: n }, (_, i) => ({ id: `j${i + 1}`, conflicts: [] }));
const first = () => 0;

function teamOf(result: ReturnType<typeof nextVisit>): string {
  if (result.kind !== 'visit') throw new Error(`expected a visit, got ${result.kind}`);
  return result.visit.teamId;
}

describe('the judge queue, case by case', () => {
  it('sends two jurors tapping "next" at the same moment to different teams', () => {
    const queue = emptyExpoQueue();
    const hall: ExpoHall = { teams: tables(2), jurors: jurors(2), rules };
    const a = teamOf(nextVisit(queue, hall, 'j1', 0, first));
    const b = teamOf(nextVisit(queue, hall, 'j2', 0, first));
    expect(a).not.toBe(b);
    // With both teams taken, a third juror waits rather than doubling up.
    const third: ExpoHall = { ...hall, jurors: jurors(3) };
    expect(nextVisit(queue, third, 'j3', 0, first).kind).toBe('wait');
  });

  it('gives the juror the visit they are on again after a reload, and frees the team once the visit times out', () => {
    const queue = emptyExpoQueue();
    const hall: ExpoHall = { teams: tables(1), jurors: jurors(2), rules };
    const visit = nextVisit(queue, hall, 'j1', 0, first);
    const again = nextVisit(queue, hall, 'j1', 5 * MIN, first);
    expect(again).toEqual({ kind: 'visit', visit: (visit as { visit: unknown }).visit, resumed: true });
    expect(nextVisit(queue, hall, 'j2', 9 * MIN, first).kind).toBe('wait');
    expect(teamOf(nextVisit(queue, hall, 'j2', 10 * MIN, first))).toBe('t1');
    expect(queue.visits[0]!.outcome).toBe('timed-out');
  });

  it('prefers the least-visited team, then the table nearest the juror, never a conflicted or already-seen one', () => {
    const queue = emptyExpoQueue();
    const teams = tables(10);
    const hall: ExpoHall = { teams, jurors: [{ id: 'j1', conflicts: ['t5'] }, ...jurors(3).slice(1)], rules };
    // t4 has a visit already; j1 was last at table 6.
    queue.visits.push({ jurorId: 'j2', teamId: 't4', startedAt: 0, endedAt: 1, outcome: 'scored' });
    queue.visits.push({ jurorId: 'j1', teamId: 't6', startedAt: 0, endedAt: 1, outcome: 'scored' });
    // Nearest to 6 with no visit: 7 (5 is conflicted, 4 and 6 have one).
    expect(teamOf(nextVisit(queue, hall, 'j1', 2, first))).toBe('t7');
  });

  it('keeps a juror in their zone while it has a team for them', () => {
    const queue = emptyExpoQueue();
    const teams: ExpoTeam[] = tables(6).map((t, i) => ({ ...t, zone: i < 3 ? 'A' : 'B' }));
    const hall: ExpoHall = { teams, jurors: [{ id: 'j1', conflicts: [], zone: 'B' }], rules };
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const team = teamOf(nextVisit(queue, hall, 'j1', i * MIN, first));
      seen.add(team);
      recordScored(queue, 'j1', team, i * MIN + 1);
    }
    expect([...seen].sort()).toEqual(['t4', 't5', 't6']);
    // Zone B done: zone A next, rather than nothing, and the answer says it is elsewhere.
    const elsewhere = nextVisit(queue, hall, 'j1', 4 * MIN, first);
    expect(['t1', 't2', 't3']).toContain(teamOf(elsewhere));
    expect(elsewhere).toMatchObject({ elsewhere: true });
  });

  it('makes a zoned juror wait for a busy table of their zone rather than leave it while it needs them', () => {
    const queue = emptyExpoQueue();
    // Zone A: one table; zone B: two free tables.
    const teams: ExpoTeam[] = [{ id: 'a1', table: '1', zone: 'A' }, { id: 'b1', table: '2', zone: 'B' }, { id: 'b2', table: '3', zone: 'B' }];
    const hall: ExpoHall = { teams, jurors: [{ id: 'j1', conflicts: [], zone: 'A' }, { id: 'j2', conflicts: [], zone: 'A' }], rules };
    expect(teamOf(nextVisit(queue, hall, 'j1', 0, first))).toBe('a1');
    // a1 still needs two more visits, but j1 is at its table: j2 waits in zone A.
    expect(nextVisit(queue, hall, 'j2', 0, first)).toEqual({ kind: 'wait' });
    recordScored(queue, 'j1', 'a1', MIN);
    const back = nextVisit(queue, hall, 'j2', MIN, first);
    expect(teamOf(back)).toBe('a1');
    expect(back).not.toHaveProperty('elsewhere');
  });

  it('brings a juror who helps elsewhere back to their zone when one of its visits ends without a score', () => {
    const queue = emptyExpoQueue();
    const teams: ExpoTeam[] = [{ id: 'a1', table: '1', zone: 'A' }, { id: 'b1', table: '2', zone: 'B' }, { id: 'b2', table: '3', zone: 'B' }];
    const k1 = { ...rules, k: 1 };
    const hall: ExpoHall = { teams, jurors: [{ id: 'j1', conflicts: [], zone: 'A' }, { id: 'j2', conflicts: [], zone: 'A' }], rules: k1 };
    expect(teamOf(nextVisit(queue, hall, 'j1', 0, first))).toBe('a1');
    // a1 is promised its one visit: zone A is done for j2, who helps in B.
    expect(nextVisit(queue, hall, 'j2', 0, first)).toMatchObject({ kind: 'visit', elsewhere: true });
    recordScored(queue, 'j2', queue.visits[1]!.teamId, MIN);
    // j1 skips a1: it needs a visit again, and j2's next table is a1, back in zone A.
    expect(endVisit(queue, hall, 'j1', 'skipped', MIN, 'a queue')).toBe(true);
    const back = nextVisit(queue, hall, 'j2', 2 * MIN, first);
    expect(teamOf(back)).toBe('a1');
    expect(back).not.toHaveProperty('elsewhere');
  });

  it('tells a juror their zone is done when the organiser keeps jurors in their zones', () => {
    const queue = emptyExpoQueue();
    const teams: ExpoTeam[] = [{ id: 'a1', table: '1', zone: 'A' }, { id: 'b1', table: '2', zone: 'B' }];
    const hall: ExpoHall = { teams, jurors: [{ id: 'j1', conflicts: [], zone: 'A' }, { id: 'j2', conflicts: [] }], rules: { ...rules, helpElsewhere: false } };
    expect(teamOf(nextVisit(queue, hall, 'j1', 0, first))).toBe('a1');
    recordScored(queue, 'j1', 'a1', MIN);
    expect(nextVisit(queue, hall, 'j1', MIN, first)).toEqual({ kind: 'done', zoneDone: true });
    // A juror without a zone walks the whole hall: the fewest visits first, wherever it is.
    expect(teamOf(nextVisit(queue, hall, 'j2', MIN, first))).toBe('b1');
  });

  it('takes a team out after three jurors find it absent, and the organiser brings it back', () => {
    const queue = emptyExpoQueue();
    const hall: ExpoHall = { teams: tables(1), jurors: jurors(4), rules };
    for (const j of ['j1', 'j2', 'j3']) {
      expect(teamOf(nextVisit(queue, hall, j, 0, first))).toBe('t1');
      expect(endVisit(queue, hall, j, 'absent', 1)).toBe(true);
    }
    expect(queue.absent).toEqual(['t1']);
    expect(nextVisit(queue, hall, 'j4', 2, first).kind).toBe('done');
    restoreTeam(queue, 't1', 3);
    expect(absenceReports(queue, 't1')).toBe(0);
    expect(teamOf(nextVisit(queue, hall, 'j4', 4, first))).toBe('t1');
  });

  it('gives a paused juror nothing until the organiser lets them go on', () => {
    const queue = emptyExpoQueue();
    const hall: ExpoHall = { teams: tables(2), jurors: jurors(1), rules };
    setPaused(queue, 'j1', true);
    expect(nextVisit(queue, hall, 'j1', 0, first).kind).toBe('paused');
    setPaused(queue, 'j1', false);
    expect(nextVisit(queue, hall, 'j1', 0, first).kind).toBe('visit');
  });

  it('counts a score that arrives after its visit timed out, and a paper sheet typed in with no visit', () => {
    const queue = emptyExpoQueue();
    const hall: ExpoHall = { teams: tables(2), jurors: jurors(2), rules };
    nextVisit(queue, hall, 'j1', 0, first);
    recordScored(queue, 'j1', 't1', 12 * MIN);
    recordScored(queue, 'j2', 't2', 12 * MIN);
    const view = hallView(queue, hall, 12 * MIN);
    expect(view.teams.map((t) => [t.teamId, t.visits])).toEqual([
      ['t1', 1],
      ['t2', 1],
    ]);
  });
});

/** One simulated hall; returns what the checks need. */
function simulateHall(seed: number, zoned = false) {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo));
  // Zoned, halls of different sizes so that they finish at different times: tables 1–10 in hall A,
  // 11–30 in B, 31–60 in C; jurors 1–12 four to a hall, 13–15 walk the whole hall.
  const zoneOf = (i: number) => (i < 10 ? 'A' : i < 30 ? 'B' : 'C');
  const teams: ExpoTeam[] = tables(60).map((t, i) => (zoned ? { ...t, zone: zoneOf(i) } : t));
  const neverCame = new Set<string>();
  while (neverCame.size < 4) neverCame.add(pick(teams).id);
  const hallJurors: ExpoJuror[] = jurors(15).map((j) => {
    const conflicts = new Set<string>();
    for (let n = between(0, 3); n > 0; n--) conflicts.add(pick(teams).id);
    const i = Number(j.id.slice(1)) - 1;
    return { ...j, conflicts: [...conflicts], ...(zoned && i < 12 ? { zone: ['A', 'B', 'C'][i % 3]! } : {}) };
  });
  const hall: ExpoHall = { teams, jurors: hallJurors, rules };
  const queue: ExpoQueue = emptyExpoQueue();

  type Step = { at: number; jurorId: string; kind: 'next' | 'finish' | 'return' };
  const steps: Step[] = hallJurors.map((j) => ({ at: between(0, MIN), jurorId: j.id, kind: 'next' }));
  const done = new Map<string, number>();
  // The simulation's own account of each juror's time at tables, from the times it drives.
  const busyMs = new Map<string, number>();
  const firstStart = new Map<string, number>();
  const onVisit = new Map<string, { teamId: string; startedAt: number }>();
  let now = 0;
  let sent = 0;
  // The simulation's own account of what each zone still needs, to check that no juror left theirs while it had work.
  const scoredCount = new Map<string, number>();
  const ended = new Set<string>();
  const leftZoneWithWork: string[] = [];
  const zoneOfTeam = new Map(teams.map((t) => [t.id, t.zone]));
  let sentElsewhere = 0;
  const zoneHasWork = (juror: ExpoJuror) =>
    teams.some((t) => {
      if (t.zone !== juror.zone || queue.absent.includes(t.id) || juror.conflicts.includes(t.id) || ended.has(`${juror.id}:${t.id}`)) return false;
      const live = [...onVisit.entries()].filter(([j, v]) => j !== juror.id && v.teamId === t.id && now - v.startedAt < rules.visitTimeoutMs).length;
      return (scoredCount.get(t.id) ?? 0) + live < rules.k;
    });

  const startVisit = (jurorId: string, teamId: string, resumed: boolean) => {
    if (!resumed) {
      onVisit.set(jurorId, { teamId, startedAt: now });
      if (!firstStart.has(jurorId)) firstStart.set(jurorId, now);
      sent++;
    }
    if (!resumed && random() < 0.1) {
      // The phone drops mid-visit; the juror is back in 1 to 20 minutes.
      steps.push({ at: now + between(1, 20) * MIN, jurorId, kind: 'return' });
    } else {
      steps.push({ at: now + between(3 * MIN, 8 * MIN), jurorId, kind: 'finish' });
    }
  };
  const closeVisit = (jurorId: string, endedAt: number) => {
    const visit = onVisit.get(jurorId)!;
    busyMs.set(jurorId, (busyMs.get(jurorId) ?? 0) + (endedAt - visit.startedAt));
    onVisit.delete(jurorId);
  };
  const askNext = (jurorId: string) => {
    const juror = hallJurors.find((j) => j.id === jurorId)!;
    const hadWork = juror.zone !== undefined && zoneHasWork(juror);
    const result = nextVisit(queue, hall, jurorId, now, random);
    if (result.kind === 'visit' && !result.resumed && juror.zone !== undefined) {
      const outside = zoneOfTeam.get(result.visit.teamId) !== juror.zone;
      if (outside && hadWork) leftZoneWithWork.push(`${jurorId} → ${result.visit.teamId} at ${now}`);
      // The answer says "elsewhere" exactly when the team is outside the juror's zone.
      expect(result.elsewhere === true).toBe(outside);
      if (outside) sentElsewhere++;
    }
    if (result.kind === 'visit') startVisit(jurorId, result.visit.teamId, result.resumed);
    else if (result.kind === 'wait') steps.push({ at: now + 30_000, jurorId, kind: 'next' });
    else done.set(jurorId, now);
  };

  while (steps.length > 0) {
    steps.sort((a, b) => a.at - b.at);
    const step = steps.shift()!;
    now = step.at;
    if (step.kind === 'next') askNext(step.jurorId);
    else if (step.kind === 'return') {
      const visit = onVisit.get(step.jurorId)!;
      // Back past the timeout, the visit has lapsed: the team was freed for others.
      if (now - visit.startedAt >= rules.visitTimeoutMs) closeVisit(step.jurorId, visit.startedAt + rules.visitTimeoutMs);
      askNext(step.jurorId);
    } else {
      const { teamId } = onVisit.get(step.jurorId)!;
      const roll = random();
      if (neverCame.has(teamId) || roll < 0.03) endVisit(queue, hall, step.jurorId, 'absent', now);
      else if (roll < 0.06) endVisit(queue, hall, step.jurorId, 'skipped', now, 'a queue at the table');
      else {
        recordScored(queue, step.jurorId, teamId, now);
        scoredCount.set(teamId, (scoredCount.get(teamId) ?? 0) + 1);
      }
      ended.add(`${step.jurorId}:${teamId}`);
      closeVisit(step.jurorId, now);
      steps.push({ at: now + between(30_000, 90_000), jurorId: step.jurorId, kind: 'next' });
    }
  }
  const roundEnd = now;
  const expectedIdle = new Map(
    hallJurors.map((j) => [j.id, firstStart.has(j.id) ? roundEnd - firstStart.get(j.id)! - (busyMs.get(j.id) ?? 0) : 0]),
  );
  return { hall, queue, neverCame, view: hallView(queue, hall, roundEnd), expectedIdle, sent, leftZoneWithWork, sentElsewhere };
}

/** What every simulated hall must show, zoned or not. */
function checkHall({ hall, queue, neverCame, view, expectedIdle }: ReturnType<typeof simulateHall>) {
        const present = view.teams.filter((t) => !t.absent);
        // The teams that never came are out of the queue; those briefly away are back in it.
        for (const id of neverCame) expect(queue.absent).toContain(id);
        expect(present.length).toBeGreaterThanOrEqual(60 - neverCame.size - 2);
        for (const t of present) expect(t.visits).toBeGreaterThanOrEqual(rules.k);
        const counts = present.map((t) => t.visits);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        // No juror ends two visits at one table, and none goes to a team they are conflicted with.
        const ended = queue.visits.filter((v) => v.outcome !== 'open' && v.outcome !== 'timed-out').map((v) => `${v.jurorId}:${v.teamId}`);
        expect(new Set(ended).size).toBe(ended.length);
        const conflicted = new Set(hall.jurors.flatMap((j) => j.conflicts.map((t) => `${j.id}:${t}`)));
        for (const v of queue.visits) expect(conflicted.has(`${v.jurorId}:${v.teamId}`)).toBe(false);
        // Idle time per juror, as the hall view reports it, is the simulation's own account.
        for (const j of view.jurors) expect(j.idleMs).toBe(expectedIdle.get(j.jurorId));
        expect(view.missingVisits).toBe(0);
        expect(view.etaMs).toBe(0);
}

describe('a simulated hall: 60 teams, 15 jurors, k = 3', () => {
  it('brings every present team to k visits, evenly, never twice by one juror, never to a conflicted one, with idle time reported', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => checkHall(simulateHall(seed))),
      { numRuns: 30 },
    );
  });

  it('in three zones: the same, and no juror leaves their zone while a team there still needs them', () => {
    let elsewhere = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const run = simulateHall(seed, true);
        checkHall(run);
        expect(run.leftZoneWithWork).toEqual([]);
        elsewhere += run.sentElsewhere;
      }),
      { numRuns: 30 },
    );
    // Zones finish at different times: jurors of a finished zone did go and help elsewhere.
    expect(elsewhere).toBeGreaterThan(0);
  });

  it('reports how long is left while the hall is still being judged', () => {
    const { hall, queue } = simulateHall(7);
    // Halfway through: replay the same queue as it stood at the middle of the round.
    const end = Math.max(...queue.visits.map((v) => v.endedAt ?? v.startedAt));
    const middle = end / 2;
    const partial: ExpoQueue = {
      ...queue,
      visits: queue.visits
        .filter((v) => v.startedAt < middle)
        .map((v) => ((v.endedAt ?? Infinity) > middle ? { ...v, outcome: 'open' as const, endedAt: null } : v)),
      absent: [],
    };
    const view = hallView(partial, hall, middle);
    expect(view.missingVisits).toBeGreaterThan(0);
    expect(view.medianVisitMs).toBeGreaterThanOrEqual(3 * MIN);
    expect(view.medianVisitMs).toBeLessThan(8 * MIN);
    expect(view.etaMs).toBeGreaterThan(0);
    // The estimate: the visits missing, shared among the jurors, at the median pace.
    expect(view.etaMs).toBe(Math.ceil(view.missingVisits / 15) * view.medianVisitMs!);
    expect(view.leastVisits).toBe(Math.min(...view.teams.filter((t) => !t.absent).map((t) => t.visits)));
  });
});
