// Jurors' scores and scoring windows. Each submission carries a client-made
// operation id (applied at most once) and the juror's own increasing revision
// for the team (a stale revision never overwrites a newer one). Every check
// runs before anything changes, so a refused submission leaves no trace.
import type { Payload } from '../../protocol/events.ts';
import { scoreKey, type PodiumData, type Score, type ScoringWindow } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { m } from '../../protocol/i18n.ts';
import { describeMarks, record } from './audit.ts';
import { judges } from '../../protocol/assignments.ts';
import { inCurrentRound, teamsInRound } from '../../protocol/rounds.ts';

/** A team's scoring window; own keys only, so no id can read Object.prototype's. */
export const windowOf = (data: Pick<PodiumData, 'scoring'>, teamId: string): ScoringWindow =>
  Object.hasOwn(data.scoring, teamId) ? data.scoring[teamId]! : 'not-open';

/**
 * appliedOps keeps, per score, the ids of its last few operations (a window of
 * revisions). So the file grows with the scores, not with the traffic, and a retry
 * is still never applied twice: a retry of a recent operation is found here and
 * answered as the first time; one older than the window carries an older revision
 * and meets the revision check ('stale'), which is also what its phone needs to know.
 * The window per score is indexed in memory on the map itself, under a symbol (which
 * JSON, structuredClone and Object.entries leave out), so the index is found whether
 * the map is read plain or through the store's change-tracking proxy.
 */
export const OPS_KEPT_PER_SCORE = 4;
const RECENT_OPS = Symbol('podium.recentOps');
type IndexedOps = Record<string, string> & { [RECENT_OPS]?: Map<string, string[]> };

function recentOpIndex(appliedOps: Record<string, string>): Map<string, string[]> {
  const indexed = appliedOps as IndexedOps;
  let index = indexed[RECENT_OPS];
  if (!index) {
    index = new Map();
    // Insertion order is application order. Building it changes nothing: a file from before
    // the bound may hold more per score, trimmed when that score next changes (recordOp).
    for (const [op, key] of Object.entries(appliedOps)) {
      const ops = index.get(key);
      if (ops) ops.push(op);
      else index.set(key, [op]);
    }
    Object.defineProperty(appliedOps, RECENT_OPS, { value: index, configurable: true, enumerable: false, writable: false });
  }
  return index;
}

/**
 * Builds the index of applied operations ahead of the first score (it walks every op id:
 * ~60,000 at 300 teams × 200 jurors), so that cost is not paid inside a juror's acknowledgement.
 */
export function indexAppliedOps(data: Pick<PodiumData, 'appliedOps'>): void {
  recentOpIndex(data.appliedOps);
}

function recordOp(appliedOps: Record<string, string>, opId: string, key: string): void {
  const index = recentOpIndex(appliedOps);
  const ops = (index.get(key) ?? []).filter((op) => appliedOps[op] === key);
  ops.push(opId);
  appliedOps[opId] = key;
  while (ops.length > OPS_KEPT_PER_SCORE) delete appliedOps[ops.shift()!];
  index.set(key, ops);
}

const scoreOf = (scores: Record<string, Score>, key: string): Score | undefined => (Object.hasOwn(scores, key) ? scores[key] : undefined);

/**
 * The score a closed round kept under `key`, the newest round first: a phone that was offline while its
 * round closed retries an operation the server had applied, and must hear that it arrived (its score is
 * in the round's archive), not that its operation id is taken.
 */
function archivedScore(data: PodiumData, key: string): Score | undefined {
  let found: { score: Score; closedAt: number } | undefined;
  for (const archive of Object.values(data.roundArchives)) {
    const score = scoreOf(archive.scores, key);
    if (score && (!found || archive.closedAt > found.closedAt)) found = { score, closedAt: archive.closedAt };
  }
  return found?.score;
}

export interface Submitted {
  score: Score;
  /** False when this operation had been applied before (a retry): nothing changed. */
  applied: boolean;
}

/**
 * `paper`: the organiser types in a juror's paper score sheet afterwards (issue 18's printed fallback):
 * the same checks and formula but the scoring window's (the sheet was filled in while it was open),
 * audited as the organiser's.
 */
export function submitScore(data: PodiumData, jurorId: string, input: Payload<'score:submit'>, now: number, paper = false): Submitted {
  const key = scoreKey(jurorId, input.teamId);
  // A retry is answered as it was the first time, even if scoring has closed
  // since: the juror's phone only needs to learn that it arrived.
  const previousOp = Object.hasOwn(data.appliedOps, input.opId) ? data.appliedOps[input.opId] : undefined;
  if (previousOp !== undefined) {
    const existing = previousOp === key ? (scoreOf(data.scores, key) ?? archivedScore(data, key)) : undefined;
    if (!existing) throw new DomainError('conflict', 'error_op_id_reused');
    return { score: existing, applied: false };
  }
  const juror = data.event.jurors.find((j) => j.id === jurorId);
  if (!juror) throw new DomainError('forbidden', 'error_juror_link_invalid');
  const team = data.event.teams.find((t) => t.id === input.teamId);
  if (!team) throw new DomainError('not-found', 'error_no_such_team');
  // A team that did not go on to this round is not judged in it (its scores stay in its round's archive).
  if (!inCurrentRound(data.event, team.id)) throw new DomainError('forbidden', 'error_rounds_team_not_in_round', { team: team.name });
  if (juror.conflicts.includes(team.id)) {
    throw new DomainError('forbidden', 'error_conflict_of_interest', { team: team.name });
  }
  // A juror with an assignment scores only those teams: a score outside it would count for a team
  // that expects other jurors, and would move this juror's own mean and spread (z-score normalisation)
  // by a team their panel never saw. The organiser assigns the team first if it is wanted.
  if (!judges(data.event, juror, team.id)) throw new DomainError('forbidden', 'error_panels_not_assigned', { team: team.name });
  const window = windowOf(data, team.id);
  if (window === 'not-open' && !paper) throw new DomainError('closed', 'error_scoring_not_open', { team: team.name });
  if (window === 'closed' && !paper) throw new DomainError('closed', 'error_scoring_closed', { team: team.name });

  const criteria = data.event.criteria;
  if (criteria.length === 0) throw new DomainError('conflict', 'error_no_criteria');
  const unknown = Object.keys(input.marks).filter((id) => !criteria.some((c) => c.id === id));
  if (unknown.length) throw new DomainError('bad-request', 'error_unknown_criterion');
  const missing: string[] = [];
  for (const c of criteria) {
    // Own properties only: a criterion id such as "constructor" must not read Object's.
    if (!Object.hasOwn(input.marks, c.id)) {
      missing.push(c.name);
      continue;
    }
    const mark = input.marks[c.id]!;
    if (!Number.isInteger(mark) || mark < c.min || mark > c.max) {
      throw new DomainError('bad-request', 'error_mark_range', { criterion: c.name, min: c.min, max: c.max });
    }
  }
  if (missing.length) throw new DomainError('bad-request', 'error_missing_marks', { criteria: missing.join(', ') });

  const existing = Object.hasOwn(data.scores, key) ? data.scores[key] : undefined;
  if (existing && existing.revision >= input.revision) {
    throw new DomainError('stale', 'error_stale_score', { revision: existing.revision });
  }
  const marks: Record<string, number> = {};
  for (const c of criteria) marks[c.id] = input.marks[c.id]!;
  const score: Score = { jurorId, teamId: team.id, marks, note: input.note.trim(), revision: input.revision, updatedAt: now };
  data.scores[key] = score;
  recordOp(data.appliedOps, input.opId, key);
  const detail = describeMarks(score.marks, criteria, data.event.settings.language, !!existing && existing.note !== score.note);
  record(data, {
    at: now,
    actor: paper ? 'organiser' : `juror:${jurorId}`,
    action: paper ? 'expo:score-for' : 'score:submit',
    teamId: team.id,
    jurorId,
    fromRevision: existing?.revision ?? null,
    toRevision: input.revision,
    detail: paper ? m.expo_audit_paper({ juror: m.audit_quote({ text: juror.name }, { locale: data.event.settings.language }), marks: detail }, { locale: data.event.settings.language }) : detail,
  });
  return { score, applied: true };
}

function teamIds(data: PodiumData, teamId: string | null): string[] {
  if (teamId === null) return teamsInRound(data.event).map((t) => t.id);
  if (!data.event.teams.some((t) => t.id === teamId)) throw new DomainError('not-found', 'error_no_such_team');
  return [teamId];
}

/** Opens one team's scoring (or every team's); opening a closed team reopens it. */
export function openScoring(data: PodiumData, teamId: string | null, now: number, actor = 'organiser'): void {
  for (const id of teamIds(data, teamId)) data.scoring[id] = 'open';
  record(data, { at: now, actor, action: 'scoring:open', ...(teamId ? { teamId } : { detail: m.audit_scoring_opened_all({}, { locale: data.event.settings.language }) }) });
}

/**
 * Closes one team's scoring, or all open ones at once (at deliberation). Closing
 * all leaves teams that never opened as they are, so their pitch still opens them;
 * closing one team by name closes it whatever its state.
 */
export function closeScoring(data: PodiumData, teamId: string | null, now: number, actor = 'organiser'): void {
  for (const id of teamIds(data, teamId)) {
    if (teamId !== null || windowOf(data, id) === 'open') data.scoring[id] = 'closed';
  }
  record(data, { at: now, actor, action: 'scoring:close', ...(teamId ? { teamId } : { detail: m.audit_scoring_closed_all({}, { locale: data.event.settings.language }) }) });
}
