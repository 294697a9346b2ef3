// Building the event: categories, criteria, teams, jurors, the agenda and settings.
// Every function checks first and changes `data` only once all checks pass, and
// refuses edits that would break scores already given, naming the safe path.
import type { Payload } from '../../protocol/events.ts';
import { LIMITS, type AgendaItem, type EventSettings, type Language, type Phase, type PodiumData } from '../../protocol/model.ts';
import { DomainError, type ErrorKey } from '../../protocol/result.ts';
import { m } from '../../protocol/i18n.ts';
import { allLive, liveOf, mainRoomId, roomIdOf } from '../../protocol/rooms.ts';
import { roomOrMain } from './agenda.ts';
import * as rooms from './rooms.ts';
import { newId, newToken } from './ids.ts';
import { record } from './audit.ts';
import { teamsInRound } from '../../protocol/rounds.ts';

type Listed = 'categories' | 'criteria' | 'teams' | 'jurors' | 'agenda';

const LIST_LIMIT: Record<Listed, number> = {
  categories: LIMITS.categories,
  criteria: LIMITS.criteria,
  teams: LIMITS.teams,
  jurors: LIMITS.jurors,
  agenda: LIMITS.agendaItems,
};

const REMOVED = {
  categories: 'error_removed_category',
  criteria: 'error_removed_criterion',
  teams: 'error_removed_team',
  jurors: 'error_removed_juror',
  agenda: 'error_removed_agenda_item',
} as const satisfies Record<Listed, ErrorKey>;

const FULL = {
  categories: 'error_limit_categories',
  criteria: 'error_limit_criteria',
  teams: 'error_limit_teams',
  jurors: 'error_limit_jurors',
  agenda: 'error_limit_agenda',
} as const satisfies Record<Listed, ErrorKey>;

const TAKEN = {
  categories: 'error_name_taken_category',
  criteria: 'error_name_taken_criterion',
  teams: 'error_name_taken_team',
  jurors: 'error_name_taken_juror',
} as const satisfies Record<Exclude<Listed, 'agenda'>, ErrorKey>;

function find<L extends Listed>(data: PodiumData, list: L, id: string): PodiumData['event'][L][number] {
  const found = (data.event[list] as { id: string }[]).find((x) => x.id === id);
  if (!found) throw new DomainError('not-found', REMOVED[list]);
  return found as PodiumData['event'][L][number];
}

function checkRoom(data: PodiumData, list: Listed, adding: number): void {
  if (data.event[list].length + adding > LIST_LIMIT[list]) {
    throw new DomainError('limit', FULL[list], { max: LIST_LIMIT[list] });
  }
}

const scoresOf = (data: PodiumData) => Object.values(data.scores);

/** Two things with the same name cannot be told apart on a phone or a projector. */
function checkNameFree(data: PodiumData, list: Exclude<Listed, 'agenda'>, name: string, exceptId?: string): void {
  const key = name.trim().toLowerCase();
  const clash = (data.event[list] as { id: string; name: string }[]).find((x) => x.id !== exceptId && x.name.trim().toLowerCase() === key);
  if (clash) throw new DomainError('conflict', TAKEN[list], { name: clash.name });
}

export function updateSettings(data: PodiumData, patch: Partial<EventSettings>): void {
  const next = { ...data.event.settings, ...patch };
  for (const t of next.tieBreakers) {
    if (t.kind === 'criterion' && !data.event.criteria.some((c) => c.id === t.criterionId)) {
      throw new DomainError('not-found', 'error_tie_breaker_unknown');
    }
  }
  const keys = next.tieBreakers.map((t) => (t.kind === 'criterion' ? t.criterionId : t.kind));
  if (new Set(keys).size !== keys.length) throw new DomainError('bad-request', 'error_tie_breaker_twice');
  if (next.redMs > next.amberMs) throw new DomainError('bad-request', 'error_red_above_amber');
  data.event.settings = next;
}

export function saveCategory(data: PodiumData, input: Payload<'category:save'>): string {
  if (input.id) {
    const category = find(data, 'categories', input.id);
    checkNameFree(data, 'categories', input.name, category.id);
    category.name = input.name;
    return input.id;
  }
  checkNameFree(data, 'categories', input.name);
  checkRoom(data, 'categories', 1);
  const id = newId();
  data.event.categories.push({ id, name: input.name });
  return id;
}

export function removeCategory(data: PodiumData, id: string): void {
  const category = find(data, 'categories', id);
  const teams = data.event.teams.filter((t) => t.categoryId === id);
  if (teams.length) {
    throw new DomainError('conflict', 'error_category_has_teams', {
      category: category.name,
      count: teams.length,
      teams: teams.map((t) => t.name).join(', '),
    });
  }
  data.event.categories = data.event.categories.filter((c) => c.id !== id);
}

function checkSomethingCounts(data: PodiumData, id: string | undefined, weight: number): void {
  const others = data.event.criteria.filter((c) => c.id !== id);
  if (weight === 0 && !others.some((c) => c.weight > 0)) {
    throw new DomainError('bad-request', 'error_all_weights_zero');
  }
}

export function saveCriterion(data: PodiumData, input: Payload<'criterion:save'>): string {
  const scores = scoresOf(data);
  if (input.id) {
    const criterion = find(data, 'criteria', input.id);
    checkNameFree(data, 'criteria', input.name, criterion.id);
    checkSomethingCounts(data, criterion.id, input.weight);
    const outside = scores.filter((s) => {
      const m = s.marks[criterion.id];
      return m !== undefined && (m < input.min || m > input.max);
    });
    if (outside.length) {
      throw new DomainError('conflict', 'error_marks_outside_scale', {
        count: outside.length,
        criterion: criterion.name,
        min: input.min,
        max: input.max,
      });
    }
    Object.assign(criterion, { name: input.name, question: input.question, weight: input.weight, min: input.min, max: input.max });
    return criterion.id;
  }
  if (scores.length) {
    throw new DomainError('conflict', 'error_criterion_after_scores', { count: scores.length });
  }
  checkNameFree(data, 'criteria', input.name);
  checkSomethingCounts(data, undefined, input.weight);
  checkRoom(data, 'criteria', 1);
  const id = newId();
  data.event.criteria.push({ id, name: input.name, question: input.question, weight: input.weight, min: input.min, max: input.max });
  return id;
}

export function removeCriterion(data: PodiumData, id: string): void {
  const criterion = find(data, 'criteria', id);
  const marked = scoresOf(data).filter((s) => s.marks[id] !== undefined).length;
  if (marked) {
    throw new DomainError('conflict', 'error_criterion_has_marks', { criterion: criterion.name, count: marked });
  }
  data.event.criteria = data.event.criteria.filter((c) => c.id !== id);
  data.event.settings.tieBreakers = data.event.settings.tieBreakers.filter((t) => t.kind !== 'criterion' || t.criterionId !== id);
}

/** An optional text field saved: absent keeps it, "" clears it. */
function setClearable<T extends object, K extends keyof T & string>(target: T, key: K, value: string | undefined): void {
  if (value === '') delete target[key];
  else if (value !== undefined) (target as Record<K, string>)[key] = value;
}

export function saveTeam(data: PodiumData, input: Payload<'team:save'>): string {
  if (input.categoryId && !data.event.categories.some((c) => c.id === input.categoryId)) {
    throw new DomainError('not-found', 'error_no_such_category');
  }
  const fields = { name: input.name, project: input.project, members: input.members, categoryId: input.categoryId };
  if (input.id) {
    const team = find(data, 'teams', input.id);
    checkNameFree(data, 'teams', input.name, team.id);
    Object.assign(team, fields);
    // Where the team sits in the hall: absent keeps it, "" clears it.
    setClearable(team, 'table', input.table);
    setClearable(team, 'zone', input.zone);
    return input.id;
  }
  checkNameFree(data, 'teams', input.name);
  checkRoom(data, 'teams', 1);
  const id = newId();
  data.event.teams.push({ id, ...fields, ...(input.table ? { table: input.table } : {}), ...(input.zone ? { zone: input.zone } : {}) });
  return id;
}

export function removeTeam(data: PodiumData, id: string): void {
  const team = find(data, 'teams', id);
  const scored = scoresOf(data).filter((s) => s.teamId === id).length;
  if (scored) {
    throw new DomainError('conflict', 'error_team_has_scores', { team: team.name, count: scored });
  }
  for (const { live } of allLive(data)) {
    const onStage = data.event.agenda[live.itemIndex];
    if (onStage?.kind === 'pitch' && onStage.teamId === id) {
      throw new DomainError('conflict', 'error_team_on_stage', { team: team.name });
    }
  }
  const stages = rooms.onStage(data);
  data.event.teams = data.event.teams.filter((t) => t.id !== id);
  // Its pitches leave the agenda; the show keeps pointing at the item on stage.
  for (let i = data.event.agenda.length - 1; i >= 0; i--) {
    const item = data.event.agenda[i]!;
    if (item.kind !== 'pitch' || item.teamId !== id) continue;
    data.event.agenda.splice(i, 1);
    for (const { live } of allLive(data)) delete live.itemLog[item.id];
    if (i < data.live.itemIndex) data.live.itemIndex -= 1;
  }
  for (const j of data.event.jurors) {
    j.conflicts = j.conflicts.filter((t) => t !== id);
    if (j.assignedTeams?.includes(id)) j.assignedTeams = j.assignedTeams.filter((t) => t !== id);
  }
  delete data.scoring[id];
  clampLive(data);
  rooms.repointRooms(data, stages);
}

export function saveJuror(data: PodiumData, input: Payload<'juror:save'>, now = 0): string {
  const conflicts = input.conflicts ?? [];
  const unknown = conflicts.filter((t) => !data.event.teams.some((team) => team.id === t));
  if (unknown.length) throw new DomainError('not-found', 'error_conflict_unknown_team');
  if (input.id) {
    const juror = find(data, 'jurors', input.id);
    checkNameFree(data, 'jurors', input.name, juror.id);
    juror.name = input.name;
    setClearable(juror, 'zone', input.zone);
    if (input.conflicts) {
      // Through setConflict, so a change that moves a given score in or out of an average is audited.
      const wanted = new Set(conflicts);
      for (const teamId of juror.conflicts.filter((t) => !wanted.has(t))) setConflict(data, juror.id, teamId, false, now);
      for (const teamId of wanted) setConflict(data, juror.id, teamId, true, now);
    }
    return juror.id;
  }
  checkNameFree(data, 'jurors', input.name);
  checkRoom(data, 'jurors', 1);
  const id = newId();
  data.event.jurors.push({ id, name: input.name, token: newToken(), conflicts: [...new Set(conflicts)], ...(input.zone ? { zone: input.zone } : {}) });
  return id;
}

/**
 * A conflict of interest may come to light after the juror has scored: their
 * score then stays on file (and in the audit log) but no longer counts in the
 * team's average, and they cannot change it. Clearing the conflict counts it again.
 */
export function setConflict(data: PodiumData, jurorId: string, teamId: string, conflict: boolean, now = 0): void {
  const juror = find(data, 'jurors', jurorId);
  find(data, 'teams', teamId);
  const has = juror.conflicts.includes(teamId);
  if (conflict === has) return;
  juror.conflicts = conflict ? [...juror.conflicts, teamId] : juror.conflicts.filter((t) => t !== teamId);
  // Audited whether or not the juror has scored: set before scoring, it decides who may score.
  const scored = data.scores[`${jurorId}:${teamId}`] !== undefined;
  const words = { locale: data.event.settings.language };
  const names = { juror: juror.name, team: data.event.teams.find((t) => t.id === teamId)!.name };
  const line = conflict ? m.audit_conflict_set(names, words) : m.audit_conflict_clear(names, words);
  const detail = scored ? (conflict ? m.audit_conflict_not_counted({ line }, words) : m.audit_conflict_counted({ line }, words)) : line;
  record(data, { at: now, actor: 'organiser', action: conflict ? 'conflict:set' : 'conflict:clear', jurorId, teamId, detail });
}

export function removeJuror(data: PodiumData, id: string): void {
  const juror = find(data, 'jurors', id);
  const given = scoresOf(data).filter((s) => s.jurorId === id).length;
  if (given) {
    throw new DomainError('conflict', 'error_juror_has_scores', { juror: juror.name, count: given });
  }
  data.event.jurors = data.event.jurors.filter((j) => j.id !== id);
}

/** A fresh personal link: the old one stops working at once; the juror's scores stay. */
export function reissueJurorLink(data: PodiumData, id: string): string {
  const juror = find(data, 'jurors', id);
  juror.token = newToken();
  return juror.token;
}

export function saveAgendaItem(data: PodiumData, input: Payload<'agenda:save'>): string {
  if (input.kind === 'pitch') find(data, 'teams', input.teamId);
  // An item runs in one of the event's rooms; the main room's items need no room at all.
  if (input.roomId !== undefined) roomOrMain(data.event, input.roomId);
  if (input.id) {
    const existing = find(data, 'agenda', input.id);
    const { id: _ignored, ...fields } = input;
    const index = data.event.agenda.indexOf(existing);
    const from = roomIdOf(data.event, existing);
    const to = roomIdOf(data.event, input);
    const stage = rooms.roomOnStage(data, existing.id);
    if (stage) checkOnStageEdit(existing, input, stage.phaseIndex);
    if (stage && from !== to) throw new DomainError('conflict', 'error_rooms_on_stage_move');
    const stages = rooms.onStage(data);
    data.event.agenda[index] = { id: existing.id, ...fields } as AgendaItem;
    if (from !== to) {
      // Its real start and end go with it: they are the new room's record now.
      const log = liveOf(data, from).itemLog;
      if (Object.hasOwn(log, existing.id)) {
        liveOf(data, to).itemLog[existing.id] = log[existing.id]!;
        delete log[existing.id];
      }
    }
    clampLive(data);
    rooms.repointRooms(data, stages);
    return existing.id;
  }
  checkRoom(data, 'agenda', 1);
  const id = newId();
  const { id: _none, ...fields } = input;
  data.event.agenda.push({ id, ...fields } as AgendaItem);
  return id;
}

/** The item on stage may get new durations and a new title, not a new team or fewer phases than it has reached. */
function checkOnStageEdit(existing: AgendaItem, input: Payload<'agenda:save'>, phaseIndex: number): void {
  const sameSlot = existing.kind === input.kind && (existing.kind !== 'pitch' || existing.teamId === (input as { teamId: string }).teamId);
  if (!sameSlot || input.phases.length <= phaseIndex) {
    throw new DomainError('conflict', 'error_item_on_stage_edit');
  }
}

/** A pitch's phases by default: the pitch, then the recap and the jury's questions. */
/** The two phases of a pitch, named in the event's language. */
const PITCH_PHASE_NAMES: Record<Language, readonly [string, string]> = {
  en: ['Pitch', 'Recap & questions'],
  fr: ['Pitch', 'Synthèse et questions'],
};

export function pitchPhases(pitchMs: number, recapMs: number, language: Language = 'en'): Phase[] {
  const [pitch, recap] = PITCH_PHASE_NAMES[language];
  return [
    { name: pitch, durationMs: pitchMs },
    { name: recap, durationMs: recapMs },
  ];
}

/**
 * One pitch, with the event's default phases, for every team not yet on the agenda, in `roomId` (absent: the
 * main room), before that room's closing sessions (deliberation, awards) when it has any, else at the end.
 */
export function addMissingPitches(data: PodiumData, roomId?: string): number {
  const room = roomOrMain(data.event, roomId);
  const inRoom = room === mainRoomId(data.event) ? {} : { roomId: room };
  const onAgenda = new Set(data.event.agenda.flatMap((i) => (i.kind === 'pitch' ? [i.teamId] : [])));
  // The current round's teams: a team that did not go on gets no pitch in the final (protocol/rounds.ts).
  const missing = teamsInRound(data.event).filter((t) => !onAgenda.has(t.id));
  checkRoom(data, 'agenda', missing.length);
  const { pitchMs, recapMs } = data.event.settings;
  const items: AgendaItem[] = missing.map((t) => ({ id: newId(), kind: 'pitch', teamId: t.id, ...inRoom, phases: pitchPhases(pitchMs, recapMs, data.event.settings.language) }));
  const live = liveOf(data, room);
  const closing = data.event.agenda.findIndex(
    (i, index) => index > live.itemIndex && roomIdOf(data.event, i) === room && i.kind === 'session' && (i.sessionKind === 'deliberation' || i.sessionKind === 'awards'),
  );
  const at = closing >= 0 ? closing : data.event.agenda.length;
  const stages = rooms.onStage(data);
  data.event.agenda.splice(at, 0, ...items);
  if (data.live.itemIndex >= at) data.live.itemIndex += items.length;
  rooms.repointRooms(data, stages);
  return items.length;
}

export function removeAgendaItem(data: PodiumData, id: string): void {
  const item = find(data, 'agenda', id);
  const index = data.event.agenda.indexOf(item);
  if (rooms.roomOnStage(data, id)) {
    throw new DomainError('conflict', 'error_item_on_stage_remove');
  }
  const stages = rooms.onStage(data);
  data.event.agenda.splice(index, 1);
  if (index < data.live.itemIndex) data.live.itemIndex -= 1;
  for (const { live } of allLive(data)) delete live.itemLog[id];
  rooms.repointRooms(data, stages);
}

/** Moves an item within its list; the live agenda keeps pointing at the same item. */
export function move(data: PodiumData, list: Listed, id: string, toIndex: number): void {
  const items = data.event[list] as { id: string }[];
  const from = items.findIndex((x) => x.id === id);
  if (from < 0) throw new DomainError('not-found', REMOVED[list]);
  const current = list === 'agenda' ? data.event.agenda[data.live.itemIndex] : undefined;
  const stages = list === 'agenda' ? rooms.onStage(data) : [];
  const to = Math.min(toIndex, items.length - 1);
  const [moved] = items.splice(from, 1);
  items.splice(to, 0, moved!);
  if (current) data.live.itemIndex = data.event.agenda.indexOf(current);
  rooms.repointRooms(data, stages);
}

function clampLive(data: PodiumData): void {
  if (data.live.itemIndex >= data.event.agenda.length) {
    data.live.itemIndex = data.event.agenda.length - 1;
    data.live.phaseIndex = 0;
  }
  const item = data.event.agenda[data.live.itemIndex];
  if (item && data.live.phaseIndex >= item.phases.length) data.live.phaseIndex = item.phases.length - 1;
}

// Kept here too so callers of the builder find the whole of it in one module.
export { checkReferences, importEvent, parseEventImport } from './event-import.ts';
export { newToken };
