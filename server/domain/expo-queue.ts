// The expo round's judge queue (issue 18): jurors walk the hall and tap "next";
// each gets one team, chosen so that every team reaches k visits as evenly as
// possible. Plain data and plain functions, `now` and the random source passed in,
// so the store keeps the queue as JSON and a restart loses nothing.
//
// The rule, after hackutd/jury's judge queue and Gavel's "least seen first":
// a juror is offered a team they have not visited (nor skipped, nor reported
// absent), they are not conflicted with, that no other juror is visiting right now
// (a visit left open past the timeout frees its team), below k visits; fewest visits
// first, then the table nearest the juror's last one, then at random. A juror with a
// zone stays in it while a team there still needs a visit from them (they wait for a
// busy one rather than leave); once their zone is done they help elsewhere, or, when
// the organiser keeps jurors in their zones, they are told their zone is done. Three
// absence reports take a team out of the queue until the organiser brings it back.

import type { ExpoMessage, HallJuror, HallTeam, HallView } from '../../protocol/expo.ts';

export type { HallJuror, HallTeam, HallView } from '../../protocol/expo.ts';

export interface ExpoTeam {
  id: string;
  /** The table number or label, e.g. "17" or "B-04"; absent: the team has no table yet. */
  table?: string | undefined;
  zone?: string | null | undefined;
}

export interface ExpoJuror {
  id: string;
  conflicts: readonly string[];
  zone?: string | null | undefined;
}

/** open: the juror is at the table; scored: their score arrived; skipped: they moved on (with a reason); absent: nobody was there; timed-out: left open too long. */
export type VisitOutcome = 'open' | 'scored' | 'skipped' | 'absent' | 'timed-out';

export interface Visit {
  jurorId: string;
  teamId: string;
  startedAt: number;
  endedAt: number | null;
  outcome: VisitOutcome;
  reason?: string;
}

/** What the store keeps of an expo round's queue. */
export interface ExpoQueue {
  /** Every visit, in the order they started. */
  visits: Visit[];
  /** Teams out of the queue after enough absence reports, until the organiser brings them back. */
  absent: string[];
  /** When the organiser last brought a team back: absence reports before it no longer count. */
  restoredAt: Record<string, number>;
  /** Jurors the organiser has paused: "next" gives them nothing. */
  paused: string[];
  /** The organiser's message to every juror in the hall ("10 minutes left"). */
  message?: ExpoMessage | null | undefined;
}

export interface ExpoRules {
  /** Visits each team should get. */
  k: number;
  /** A visit open longer than this frees its team (the juror walked off, the phone died). */
  visitTimeoutMs: number;
  /** Distinct jurors who must find a team absent before it leaves the queue. */
  absentReports: number;
  /** A juror whose zone is done helps in the other zones (else they are told their zone is done). */
  helpElsewhere: boolean;
}

export const DEFAULT_EXPO_RULES: ExpoRules = { k: 3, visitTimeoutMs: 10 * 60_000, absentReports: 3, helpElsewhere: true };

export const emptyExpoQueue = (): ExpoQueue => ({ visits: [], absent: [], restoredAt: {}, paused: [] });

export interface ExpoHall {
  teams: readonly ExpoTeam[];
  jurors: readonly ExpoJuror[];
  rules: ExpoRules;
}

/** What "next" gives a juror. */
export type NextResult =
  /** `elsewhere`: the juror's zone is done and this team is in another one. */
  | { kind: 'visit'; visit: Visit; resumed: boolean; elsewhere?: true }
  /** The organiser paused this juror. */
  | { kind: 'paused' }
  /** Teams still need this juror, but each is being visited right now: ask again shortly. `zoneDone`: none of them in the juror's zone. */
  | { kind: 'wait'; zoneDone?: true }
  /**
   * Nothing left for this juror: every team they may visit has its k visits, or they have seen them all.
   * `zoneDone`: their zone is done and the organiser keeps jurors in their zones (teams elsewhere may still need visits).
   */
  | { kind: 'done'; zoneDone?: true };

/** A flag of an answer, there only when true (answers without zones read as before). */
const flag = <K extends string>(key: K, on: boolean) => (on ? ({ [key]: true } as { [P in K]: true }) : {});

/** Whether the team is in the juror's zone; a juror without a zone walks the whole hall. */
export const inZoneOf = (juror: Pick<ExpoJuror, 'zone'>, team: Pick<ExpoTeam, 'zone'>): boolean => !juror.zone || team.zone === juror.zone;

const own = <T>(record: Record<string, T>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

/** Whether a visit holds its team right now. */
export const isLive = (visit: Visit, now: number, rules: ExpoRules): boolean =>
  visit.outcome === 'open' && now - visit.startedAt < rules.visitTimeoutMs;

/** Scored visits per team. */
export function visitCounts(queue: ExpoQueue): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of queue.visits) if (v.outcome === 'scored') counts.set(v.teamId, (counts.get(v.teamId) ?? 0) + 1);
  return counts;
}

/** The visit a juror is on right now, if any. */
export function liveVisitOf(queue: ExpoQueue, jurorId: string, now: number, rules: ExpoRules): Visit | undefined {
  for (let i = queue.visits.length - 1; i >= 0; i--) {
    const v = queue.visits[i]!;
    if (v.jurorId === jurorId && isLive(v, now, rules)) return v;
  }
  return undefined;
}

/** Marks the visits left open past the timeout as timed out. Returns how many. */
export function expireVisits(queue: ExpoQueue, now: number, rules: ExpoRules): number {
  let n = 0;
  for (const v of queue.visits) {
    if (v.outcome === 'open' && !isLive(v, now, rules)) {
      v.outcome = 'timed-out';
      v.endedAt = v.startedAt + rules.visitTimeoutMs;
      n++;
    }
  }
  return n;
}

/** A table label's position along the hall: its number where it has one ("B-17" → 17). */
function tablePosition(table: string | undefined): number | null {
  const digits = table?.match(/\d+/)?.[0];
  return digits === undefined ? null : Number(digits);
}

/**
 * Gives the juror their next team, or the visit they are already on (after a reload,
 * a reconnect or a restart), and records it. `random` returns a number in [0, 1).
 */
export function nextVisit(queue: ExpoQueue, hall: ExpoHall, jurorId: string, now: number, random: () => number): NextResult {
  const { rules } = hall;
  if (queue.paused.includes(jurorId)) return { kind: 'paused' };
  const current = liveVisitOf(queue, jurorId, now, rules);
  const juror = hall.jurors.find((j) => j.id === jurorId);
  if (current) return { kind: 'visit', visit: current, resumed: true, ...flag('elsewhere', !!juror && !inZoneOf(juror, hall.teams.find((t) => t.id === current.teamId) ?? {})) };
  expireVisits(queue, now, rules);

  if (!juror) return { kind: 'done' };
  const scored = visitCounts(queue);
  /** Scored visits and visits under way: what a team will have if every juror at a table scores it. */
  const promised = new Map(scored);
  const busy = new Set<string>();
  const seen = new Set<string>();
  let lastTable: number | null = null;
  for (const v of queue.visits) {
    if (isLive(v, now, rules)) {
      busy.add(v.teamId);
      promised.set(v.teamId, (promised.get(v.teamId) ?? 0) + 1);
    }
    if (v.jurorId === jurorId) {
      if (v.outcome !== 'timed-out') seen.add(v.teamId);
      lastTable = tablePosition(hall.teams.find((t) => t.id === v.teamId)?.table) ?? lastTable;
    }
  }
  const conflicts = new Set(juror.conflicts);
  const absent = new Set(queue.absent);
  // Teams this juror could still give a visit that counts; none: the juror is done.
  const eligible = hall.teams.filter((t) => !absent.has(t.id) && !conflicts.has(t.id) && !seen.has(t.id) && (scored.get(t.id) ?? 0) < rules.k);
  // Of those, the ones not already promised their k visits by the visits under way.
  const needed = eligible.filter((t) => (promised.get(t.id) ?? 0) < rules.k);
  // The juror's zone has work while one of its teams needs them: they stay, and wait for a busy table rather than leave.
  const zoneWork = needed.filter((t) => inZoneOf(juror, t));
  // Done: none of its teams needs them now (should a visit there end without a score, the next tap brings them back).
  const zoneDone = !!juror.zone && zoneWork.length === 0;
  if (zoneDone && !rules.helpElsewhere) return { kind: 'done', zoneDone: true };
  if (eligible.length === 0) return { kind: 'done', ...flag('zoneDone', zoneDone) };
  // Free now; none: wait for a visit to end.
  const pool = (zoneDone ? needed : zoneWork).filter((t) => !busy.has(t.id));
  if (pool.length === 0) return { kind: 'wait', ...flag('zoneDone', zoneDone) };

  const distance = (t: ExpoTeam) => {
    const p = tablePosition(t.table);
    return lastTable === null || p === null ? 0 : Math.abs(p - lastTable);
  };
  const ranked = pool.map((team) => ({ team, count: scored.get(team.id) ?? 0, distance: distance(team), draw: random() }));
  ranked.sort((a, b) => a.count - b.count || a.distance - b.distance || a.draw - b.draw);
  const visit: Visit = { jurorId, teamId: ranked[0]!.team.id, startedAt: now, endedAt: null, outcome: 'open' };
  queue.visits.push(visit);
  return { kind: 'visit', visit, resumed: false, ...flag('elsewhere', zoneDone) };
}

/** The juror's latest visit of a team, whatever became of it. */
function latestVisit(queue: ExpoQueue, jurorId: string, teamId: string): Visit | undefined {
  for (let i = queue.visits.length - 1; i >= 0; i--) {
    const v = queue.visits[i]!;
    if (v.jurorId === jurorId && v.teamId === teamId) return v;
  }
  return undefined;
}

/**
 * The juror's score for the team arrived: their visit counts. A score after the visit timed
 * out counts all the same (the juror was there; the phone was slow); a score with no visit
 * (the organiser typed in a paper sheet) is recorded as a visit of its own.
 */
export function recordScored(queue: ExpoQueue, jurorId: string, teamId: string, now: number): Visit {
  const visit = latestVisit(queue, jurorId, teamId);
  if (visit && (visit.outcome === 'open' || visit.outcome === 'timed-out' || visit.outcome === 'scored')) {
    if (visit.outcome !== 'scored') Object.assign(visit, { outcome: 'scored', endedAt: now });
    return visit;
  }
  const added: Visit = { jurorId, teamId, startedAt: now, endedAt: now, outcome: 'scored' };
  queue.visits.push(added);
  return added;
}

/**
 * Ends the juror's visit without a score: skipped (with a reason) or nobody at the table.
 * Their latest visit, even one that timed out while they were still at the table (what they
 * found there is still true). False when they have no visit to end.
 */
export function endVisit(
  queue: ExpoQueue,
  hall: ExpoHall,
  jurorId: string,
  outcome: 'skipped' | 'absent',
  now: number,
  reason?: string,
): boolean {
  let visit: Visit | undefined;
  for (let i = queue.visits.length - 1; i >= 0 && !visit; i--) if (queue.visits[i]!.jurorId === jurorId) visit = queue.visits[i];
  if (!visit || (visit.outcome !== 'open' && visit.outcome !== 'timed-out')) return false;
  visit.outcome = outcome;
  visit.endedAt = now;
  if (reason) visit.reason = reason;
  if (outcome === 'absent' && absenceReports(queue, visit.teamId) >= hall.rules.absentReports && !queue.absent.includes(visit.teamId)) {
    queue.absent.push(visit.teamId);
  }
  return true;
}

/** Distinct jurors who found the team absent since the organiser last brought it back. */
export function absenceReports(queue: ExpoQueue, teamId: string): number {
  const since = own(queue.restoredAt, teamId) ?? -Infinity;
  const jurors = new Set<string>();
  for (const v of queue.visits) if (v.teamId === teamId && v.outcome === 'absent' && (v.endedAt ?? 0) > since) jurors.add(v.jurorId);
  return jurors.size;
}

/** The organiser brings an absent team back into the queue: its reports so far no longer count. */
export function restoreTeam(queue: ExpoQueue, teamId: string, now: number): void {
  queue.absent = queue.absent.filter((id) => id !== teamId);
  queue.restoredAt[teamId] = now;
}

export function setPaused(queue: ExpoQueue, jurorId: string, paused: boolean): void {
  queue.paused = queue.paused.filter((id) => id !== jurorId);
  if (paused) queue.paused.push(jurorId);
}

/** The organiser's view of the hall. */
export function hallView(queue: ExpoQueue, hall: ExpoHall, now: number): HallView {
  const { rules } = hall;
  const counts = visitCounts(queue);
  const absent = new Set(queue.absent);
  const liveByTeam = new Map<string, Visit>();
  const liveByJuror = new Map<string, Visit>();
  const durations: number[] = [];
  const byJuror = new Map<string, Visit[]>();
  for (const v of queue.visits) {
    if (isLive(v, now, rules)) {
      liveByTeam.set(v.teamId, v);
      liveByJuror.set(v.jurorId, v);
    }
    if (v.outcome === 'scored' && v.endedAt !== null && v.endedAt > v.startedAt) durations.push(v.endedAt - v.startedAt);
    const list = byJuror.get(v.jurorId);
    if (list) list.push(v);
    else byJuror.set(v.jurorId, [v]);
  }
  const teams: HallTeam[] = hall.teams.map((t) => {
    const visits = counts.get(t.id) ?? 0;
    return {
      teamId: t.id,
      visits,
      visitedBy: liveByTeam.get(t.id)?.jurorId ?? null,
      absent: absent.has(t.id),
      absenceReports: absenceReports(queue, t.id),
      belowK: visits < rules.k,
    };
  });
  const present = teams.filter((t) => !t.absent);
  const jurors: HallJuror[] = hall.jurors.map((j) => {
    const visits = byJuror.get(j.id) ?? [];
    let idleMs = 0;
    let freeSince: number | null = null;
    for (const v of visits) {
      if (freeSince !== null) idleMs += Math.max(0, v.startedAt - freeSince);
      freeSince = v.endedAt ?? (isLive(v, now, rules) ? null : v.startedAt + rules.visitTimeoutMs);
    }
    const live = liveByJuror.get(j.id);
    if (!live && freeSince !== null) idleMs += Math.max(0, now - freeSince);
    return {
      jurorId: j.id,
      at: live?.teamId ?? null,
      since: live?.startedAt ?? null,
      visits: visits.filter((v) => v.outcome === 'scored').length,
      paused: queue.paused.includes(j.id),
      idleMs,
    };
  });
  const missingVisits = present.reduce((sum, t) => sum + Math.max(0, rules.k - t.visits), 0);
  const sorted = durations.sort((a, b) => a - b);
  const medianVisitMs = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null;
  const walking = Math.max(1, jurors.filter((j) => !j.paused).length);
  const etaMs = missingVisits === 0 ? 0 : medianVisitMs === null ? null : Math.ceil(missingVisits / walking) * medianVisitMs;
  return {
    teams,
    jurors,
    leastVisits: present.length ? Math.min(...present.map((t) => t.visits)) : 0,
    missingVisits,
    medianVisitMs,
    etaMs,
    visitsPerTeam: rules.k,
    at: now,
  };
}
