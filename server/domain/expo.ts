// The expo round wired to the event (issue 18): which teams and jurors walk the hall,
// the round's rules as the queue's, and each person's action on the queue as one
// change of the data, audited. The queue itself is expo-queue.ts (pure, simulated).
// Plain functions over PodiumData, `now` passed in; the random source is seeded from
// the stored queue, so the same state gives the same answer before and after a restart.
import { judges, seededRandom } from '../../protocol/assignments.ts';
import { m } from '../../protocol/i18n.ts';
import { scoreKey, type ExpoSettings, type PodiumData, type Team } from '../../protocol/model.ts';
import type { Payload } from '../../protocol/events.ts';
import { submitScore, type Submitted } from './scoring.ts';
import { DomainError } from '../../protocol/result.ts';
import { currentRound, expoSettingsOf, isExpoRound, teamsInRound } from '../../protocol/rounds.ts';
import type { ExpoJurorView, ExpoNextAnswer } from '../../protocol/expo.ts';
import { quote, wordsFor } from './audit-diff.ts';
import {
  endVisit,
  expireVisits,
  absenceReports,
  hallView,
  isLive,
  liveVisitOf,
  nextVisit,
  recordScored,
  restoreTeam,
  setPaused,
  type ExpoHall,
  type ExpoRules,
  type HallView,
} from './expo-queue.ts';

/** The round's settings as the queue's rules: the one mapping. */
export const expoRules = (s: ExpoSettings): ExpoRules => ({
  k: s.visitsPerTeam,
  visitTimeoutMs: s.visitTimeoutMs,
  absentReports: s.absentReports,
  helpElsewhere: s.helpElsewhere ?? true,
});

/** The current round's rules (the defaults where the round sets none). */
export const currentExpoRules = (data: Pick<PodiumData, 'event'>): ExpoRules => expoRules(expoSettingsOf(currentRound(data.event)));

/**
 * The hall of the current round: its teams with their tables, and every juror, with the teams
 * they may not visit (conflicts, and teams outside their assignment when they have one).
 */
export function expoHall(data: Pick<PodiumData, 'event'>): ExpoHall {
  const teams = teamsInRound(data.event);
  return {
    teams: teams.map((t) => ({ id: t.id, table: t.table, zone: t.zone })),
    jurors: data.event.jurors.map((j) => ({
      id: j.id,
      zone: j.zone,
      conflicts: [...new Set([...j.conflicts, ...teams.filter((t) => !judges(data.event, j, t.id)).map((t) => t.id)])],
    })),
    rules: currentExpoRules(data),
  };
}

function requireExpo(data: PodiumData): void {
  if (!isExpoRound(data.event)) throw new DomainError('conflict', 'error_expo_not_expo_round');
}

function requireJuror(data: PodiumData, jurorId: string) {
  const juror = data.event.jurors.find((j) => j.id === jurorId);
  if (!juror) throw new DomainError('not-found', 'error_expo_no_such_juror');
  return juror;
}

function requireTeam(data: PodiumData, teamId: string): Team {
  const team = teamsInRound(data.event).find((t) => t.id === teamId);
  if (!team) throw new DomainError('not-found', 'error_no_such_team');
  return team;
}

/** A seed from the queue as stored and the juror: a restart replays the same draw. */
function seedOf(data: PodiumData, jurorId: string): number {
  let h = 2166136261 ^ data.expo.visits.length;
  for (const ch of `${data.event.settings.name}|${jurorId}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

const teamLabel = (data: PodiumData, teamId: string) => {
  const w = wordsFor(data.event.settings.language);
  const team = data.event.teams.find((t) => t.id === teamId);
  const name = quote(w, team?.name ?? teamId);
  const at = team?.table ? m.expo_audit_team_at({ team: name, table: team.table }, { locale: w.language }) : name;
  return team?.zone ? m.expo_audit_team_in_zone({ team: at, zone: team.zone }, { locale: w.language }) : at;
};

function audit(data: PodiumData, now: number, actor: string, action: string, detail: string, ids: { teamId?: string; jurorId?: string }): void {
  data.audit.push({ at: now, actor, action, detail, ...ids });
}

const locale = (data: PodiumData) => ({ locale: data.event.settings.language });

/** Timed-out visits ended, on the server's clock; the jurors whose visit ended. */
export function expireExpo(data: PodiumData, now: number): string[] {
  if (!isExpoRound(data.event)) return [];
  const rules = currentExpoRules(data);
  const open = data.expo.visits.filter((v) => v.outcome === 'open' && !isLive(v, now, rules)).map((v) => v.jurorId);
  if (open.length) expireVisits(data.expo, now, rules);
  return open;
}

/** Whether a visit has run past its time (read-only: the ticker asks before it changes anything). */
export function hasExpiredVisits(data: PodiumData, now: number): boolean {
  if (!isExpoRound(data.event) || data.expo.visits.length === 0) return false;
  const rules = currentExpoRules(data);
  return data.expo.visits.some((v) => v.outcome === 'open' && !isLive(v, now, rules));
}

/** "Next table": the juror's current visit, or a new one, or why there is none. */
export function expoNext(data: PodiumData, jurorId: string, now: number): ExpoNextAnswer {
  requireExpo(data);
  requireJuror(data, jurorId);
  const hall = expoHall(data);
  expireVisits(data.expo, now, hall.rules);
  const result = nextVisit(data.expo, hall, jurorId, now, seededRandom(seedOf(data, jurorId)));
  if (result.kind !== 'visit') return result;
  if (!result.resumed) {
    const sent = (result.elsewhere ? m.expo_audit_next_elsewhere : m.expo_audit_next)({ team: teamLabel(data, result.visit.teamId) }, locale(data));
    audit(data, now, `juror:${jurorId}`, 'expo:next', sent, { jurorId, teamId: result.visit.teamId });
  }
  const { teamId, startedAt } = result.visit;
  return { kind: 'visit', teamId, startedAt, endsAt: startedAt + hall.rules.visitTimeoutMs, resumed: result.resumed, ...(result.elsewhere ? { elsewhere: true as const } : {}) };
}

/** The juror leaves their visit of `teamId` without a score: skipped with a reason, or nobody at the table. */
export function expoEnd(data: PodiumData, jurorId: string, teamId: string, outcome: 'skipped' | 'absent', now: number, reason?: string): void {
  requireExpo(data);
  requireJuror(data, jurorId);
  const team = requireTeam(data, teamId);
  const hall = expoHall(data);
  const latest = data.expo.visits.findLast((v) => v.jurorId === jurorId);
  if (latest?.teamId !== teamId || !endVisit(data.expo, hall, jurorId, outcome, now, reason)) {
    throw new DomainError('conflict', 'error_expo_no_visit', { team: team.name });
  }
  const label = teamLabel(data, teamId);
  if (outcome === 'skipped') {
    audit(data, now, `juror:${jurorId}`, 'expo:skip', m.expo_audit_skipped({ team: label, reason: reason ?? '' }, locale(data)), { jurorId, teamId });
  } else {
    const out = data.expo.absent.includes(teamId);
    const detail = m.expo_audit_absent({ team: label, reports: absenceReports(data.expo, teamId), needed: hall.rules.absentReports }, locale(data));
    audit(data, now, `juror:${jurorId}`, 'expo:absent', out ? `${detail}; ${m.expo_audit_team_out({}, locale(data))}` : detail, { jurorId, teamId });
  }
}

/**
 * A score has just been applied for (juror, team) in this same change: in an expo round the visit
 * counts (the juror's open visit, or one that timed out; a paper sheet typed in: a visit of its own).
 */
export function expoScored(data: PodiumData, jurorId: string, teamId: string, now: number): void {
  if (!isExpoRound(data.event) || !teamsInRound(data.event).some((t) => t.id === teamId)) return;
  recordScored(data.expo, jurorId, teamId, now);
}

/**
 * The organiser starts the hall: scoring opens at every table of the round that is not open yet, in one
 * change, audited as the hall's start. An expo round has no pitch to open each window, and a juror sent to
 * a table whose scoring is closed could not score it: the hall's start and its scoring are one thing.
 */
export function expoStart(data: PodiumData, now: number): number {
  requireExpo(data);
  const closed = teamsInRound(data.event).filter((t) => data.scoring[t.id] !== 'open');
  for (const t of closed) data.scoring[t.id] = 'open';
  audit(data, now, 'organiser', 'expo:start', m.expo_audit_started({ count: closed.length }, locale(data)), {});
  return closed.length;
}

export function expoRestore(data: PodiumData, teamId: string, now: number): void {
  requireExpo(data);
  requireTeam(data, teamId);
  restoreTeam(data.expo, teamId, now);
  audit(data, now, 'organiser', 'expo:restore', m.expo_audit_restored({ team: teamLabel(data, teamId) }, locale(data)), { teamId });
}

export function expoPause(data: PodiumData, jurorId: string, paused: boolean, now: number): void {
  requireExpo(data);
  const juror = requireJuror(data, jurorId);
  setPaused(data.expo, jurorId, paused);
  const name = quote(wordsFor(data.event.settings.language), juror.name);
  audit(data, now, 'organiser', 'expo:pause', (paused ? m.expo_audit_paused : m.expo_audit_resumed)({ juror: name }, locale(data)), { jurorId });
}

/** The organiser's message to every juror in the hall ("10 minutes left"); null clears it. */
export function expoMessage(data: PodiumData, text: string | null, now: number): void {
  requireExpo(data);
  data.expo.message = text === null ? null : { text, at: now };
  const w = wordsFor(data.event.settings.language);
  audit(data, now, 'organiser', 'expo:message', text === null ? m.expo_audit_message_cleared({}, locale(data)) : m.expo_audit_message({ text: quote(w, text) }, locale(data)), {});
}

/** What a juror's phone shows of the queue: their visit, whether they are paused, the organiser's message. Null outside an expo round. */
export function expoJurorView(data: PodiumData, jurorId: string, now: number): ExpoJurorView | null {
  if (!isExpoRound(data.event)) return null;
  const rules = currentExpoRules(data);
  const zone = data.event.jurors.find((j) => j.id === jurorId)?.zone;
  const visit = liveVisitOf(data.expo, jurorId, now, rules);
  return {
    visit: visit ? { teamId: visit.teamId, startedAt: visit.startedAt, endsAt: visit.startedAt + rules.visitTimeoutMs } : null,
    paused: data.expo.paused.includes(jurorId),
    message: data.expo.message ?? null,
    visitsPerTeam: rules.k,
    ...(zone ? { zone } : {}),
  };
}

/** The organiser's view of the hall; null outside an expo round. */
export function expoHallView(data: PodiumData, now: number): HallView | null {
  if (!isExpoRound(data.event)) return null;
  return hallView(data.expo, expoHall(data), now);
}

/**
 * The organiser types in a juror's paper score sheet: the juror's score by the same checks and formula,
 * a revision above any they have, audited as the organiser's; in an expo round the visit counts.
 */
export function scoreFor(data: PodiumData, input: Payload<'expo:score-for'>, now: number): Submitted {
  requireJuror(data, input.jurorId);
  const key = scoreKey(input.jurorId, input.teamId);
  const revision = (Object.hasOwn(data.scores, key) ? data.scores[key]!.revision : 0) + 1;
  const submitted = submitScore(data, input.jurorId, { opId: `paper-${revision}-${key}`, teamId: input.teamId, revision, marks: input.marks, note: input.note }, now, true);
  expoScored(data, input.jurorId, input.teamId, now);
  return submitted;
}
