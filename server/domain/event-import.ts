// Backup and restore: an exported event file, checked in full before it
// replaces anything, so a bad file never leaves a half-imported event.
import { PodiumEvent, tokenWeakness, type PodiumData } from '../../protocol/model.ts';
import { issueDetails } from '../../protocol/issues.ts';
import { DomainError } from '../../protocol/result.ts';
import { emptyData } from './new-event.ts';

/**
 * Replaces the event from an exported file (backup and restore). Scores, live
 * state and tokens come along when present; the whole file is validated first.
 */
export function parseEventImport(json: string): PodiumEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new DomainError('bad-request', 'error_event_not_json', { details: (e as Error).message });
  }
  const candidate = raw && typeof raw === 'object' && 'event' in raw ? (raw as { event: unknown }).event : raw;
  const parsed = PodiumEvent.safeParse(candidate);
  if (!parsed.success) {
    throw new DomainError('bad-request', 'error_event_not_podium', {}, { param: 'details', join: 'list', items: issueDetails(parsed.error) });
  }
  checkReferences(parsed.data);
  return parsed.data;
}

/** Ids are unique and every reference points at something that exists. */
export function checkReferences(event: PodiumEvent): void {
  for (const list of ['categories', 'criteria', 'teams', 'jurors', 'agenda'] as const) {
    const ids = (event[list] as { id: string }[]).map((x) => x.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) throw new DomainError('bad-request', 'error_event_duplicate_id', { list, id: dup });
  }
  const categories = new Set(event.categories.map((c) => c.id));
  const teams = new Set(event.teams.map((t) => t.id));
  for (const t of event.teams) {
    if (t.categoryId && !categories.has(t.categoryId)) throw new DomainError('bad-request', 'error_event_unknown_category', { team: t.name });
  }
  for (const i of event.agenda) {
    if (i.kind === 'pitch' && !teams.has(i.teamId)) throw new DomainError('bad-request', 'error_event_pitch_unknown_team');
  }
  for (const j of event.jurors) {
    if (j.conflicts.some((t) => !teams.has(t))) {
      throw new DomainError('bad-request', 'error_event_conflict_unknown_team', { juror: j.name });
    }
  }
  const criteria = new Set(event.criteria.map((c) => c.id));
  for (const t of event.settings.tieBreakers) {
    if (t.kind === 'criterion' && !criteria.has(t.criterionId)) {
      throw new DomainError('bad-request', 'error_event_tie_breaker_unknown');
    }
  }
  if (event.settings.redMs > event.settings.amberMs) {
    throw new DomainError('bad-request', 'error_event_red_above_amber');
  }
  const tokens = event.jurors.map((j) => j.token);
  if (new Set(tokens).size !== tokens.length) throw new DomainError('bad-request', 'error_event_shared_link');
  for (const j of event.jurors) {
    const weakness = tokenWeakness(j.token);
    if (weakness) throw new DomainError('bad-request', 'error_event_weak_link', { juror: j.name, weakness });
  }
}

/** Replaces the event. Scores given so far would no longer match it, so an event with scores is not replaced. */
export function importEvent(data: PodiumData, event: PodiumEvent, organiserToken: string = data.organiserToken): void {
  const scores = Object.keys(data.scores).length;
  if (scores) {
    throw new DomainError('conflict', 'error_event_has_scores', { count: scores });
  }
  // A juror link equal to the organiser's would hand the console to a juror: the token in
  // force counts (PODIUM_ADMIN_TOKEN overrides the stored one), and the stored one too.
  // Nor the operator's: a juror would drive the show, and the operator would score.
  if (event.jurors.some((j) => j.token === organiserToken || j.token === data.organiserToken || j.token === data.operatorToken || Object.values(data.roomHostTokens).includes(j.token))) {
    throw new DomainError('bad-request', 'error_event_organiser_link');
  }
  // The live state starts as a new event's does (there are no scores to clear; the applied operations stay).
  const fresh = emptyData(event, data.organiserToken);
  data.event = fresh.event;
  data.live = fresh.live;
  // Every room starts afresh, and the imported event's rooms get new host links when wanted.
  data.roomsLive = fresh.roomsLive;
  data.roomHostTokens = fresh.roomHostTokens;
  data.scoring = fresh.scoring;
  data.visibility = fresh.visibility;
  // An imported event's rounds start from its first: no closed round, no expo visits.
  data.roundArchives = fresh.roundArchives;
  data.expo = fresh.expo;
}
