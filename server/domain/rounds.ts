// Rounds (issue 17): the organiser edits the competition's rounds (add, rename, reorder, remove
// one not yet run, stage or expo and an expo round's rules), and closes the current round to
// start the next in one step: the round is archived whole in `roundArchives`, its finalists
// (protocol/finalists.ts, read on its ranking) become the next round's teams, their pitches are
// placed in the main room's agenda, and the scores, windows, results and every room's show start
// afresh. One round runs at a time (protocol/rounds.ts). Plain functions, `now` passed in.
import type { Payload } from '../../protocol/events.ts';
import { defaultFinalOrder, selectFinalists, type FinalistSelection } from '../../protocol/finalists.ts';
import { LIMITS, emptyExpoQueueState, type AgendaItem, type PodiumData, type Round, type RoundArchive } from '../../protocol/model.ts';
import { leaderboard } from '../../protocol/ranking.ts';
import { DomainError } from '../../protocol/result.ts';
import { allLive, idleLive, mainRoomId, roomIdOf, roomsOf, teamRooms } from '../../protocol/rooms.ts';
import { currentRound, nextRound, roundEvent } from '../../protocol/rounds.ts';
import { pitchPhases } from './event-builder.ts';
import { newId } from './ids.ts';

const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** The event's own list of rounds (empty: the implicit one). */
const ownRounds = (data: PodiumData): Round[] => (data.event.rounds ??= []);

function findRound(data: PodiumData, id: string): Round {
  const round = (data.event.rounds ?? []).find((r) => r.id === id);
  if (!round) throw new DomainError('not-found', 'error_rounds_no_such_round');
  return round;
}

/** Whether the competition has begun: a round closed, or a score given in the first. */
const begun = (data: PodiumData): boolean => Object.keys(data.roundArchives).length > 0 || Object.keys(data.scores).length > 0;

/**
 * Whether a round has run or is running: closed (archived), or the current one once the competition has
 * begun (its scores are the current round's: moving or removing it would hand them to another round).
 */
function hasRun(data: PodiumData, id: string): boolean {
  if (Object.hasOwn(data.roundArchives, id)) return true;
  return begun(data) && currentRound(data.event).id === id;
}

/** Adds a round (no id) or changes one: its name, kind and expo rules; returns its id. A round that has run keeps its kind. */
export function saveRound(data: PodiumData, input: Payload<'round:save'>): string {
  const name = input.name.trim();
  const rounds = ownRounds(data);
  if (rounds.some((r) => r.id !== input.id && same(r.name, name))) throw new DomainError('conflict', 'error_rounds_name_taken', { name });
  if (input.id !== undefined) {
    const round = findRound(data, input.id);
    if (round.kind !== input.kind && hasRun(data, round.id)) throw new DomainError('conflict', 'error_rounds_kind_after_run', { round: round.name });
    round.name = name;
    round.kind = input.kind;
    if (input.kind === 'expo' && input.expo) round.expo = input.expo;
    if (input.kind === 'stage') delete round.expo;
    return round.id;
  }
  if (rounds.length >= LIMITS.rounds) throw new DomainError('limit', 'error_rounds_limit', { max: LIMITS.rounds });
  let id = newId();
  while (rounds.some((r) => r.id === id)) id = newId();
  rounds.push({ id, name, kind: input.kind, ...(input.kind === 'expo' && input.expo ? { expo: input.expo } : {}) });
  return id;
}

/** Removes a round not yet run. The current round may go only while no round has closed (nothing of it is archived). */
export function removeRound(data: PodiumData, id: string): void {
  const round = findRound(data, id);
  if (hasRun(data, id)) throw new DomainError('conflict', 'error_rounds_remove_run', { round: round.name });
  const rounds = ownRounds(data);
  const wasCurrent = currentRound(data.event).id === id;
  data.event.rounds = rounds.filter((r) => r.id !== id);
  if (wasCurrent || data.event.currentRoundId === id) delete data.event.currentRoundId;
  if (data.event.rounds.length === 0) delete data.event.rounds;
}

/** Moves a round not yet run among the rounds not yet run: the rounds that ran keep their order. */
export function moveRound(data: PodiumData, id: string, toIndex: number): void {
  const round = findRound(data, id);
  const rounds = ownRounds(data);
  // Once begun, the current round and those before it stay where they are (the current one stays current).
  const ran = begun(data) ? rounds.findIndex((r) => r.id === currentRound(data.event).id) + 1 : 0;
  const from = rounds.indexOf(round);
  const to = Math.min(toIndex, rounds.length - 1);
  if (from < ran || to < ran) throw new DomainError('conflict', 'error_rounds_move_run', { round: round.name });
  rounds.splice(from, 1);
  rounds.splice(to, 0, round);
}

/** The current round's ranking read by the finalist rule's context: each team's room and category. */
export function finalistsOf(data: PodiumData, choice: Payload<'round:close'>['choice'], now: number): FinalistSelection {
  const event = roundEvent(data.event);
  const rows = leaderboard(event, Object.values(data.scores), now, choice.ranking === 'raw' ? 'none' : 'z-score').overall;
  return selectFinalists(rows, choice, {
    teamRooms: teamRooms(event),
    rooms: roomsOf(event).map((r) => r.id),
    teamCategories: new Map(event.teams.map((t) => [t.id, t.categoryId])),
    categories: event.categories.map((c) => c.id),
  });
}

/** What closing a round did, for the audit. */
export interface Closed {
  closed: Round;
  next: Round;
  archive: RoundArchive;
}

/**
 * Closes the current round and starts the next, in one step. Refused while any room's clock runs,
 * in the last round, with a tie at the cut not settled, without finalists, or with an order that
 * is not the finalists'. The archive keeps the round whole; the next round starts with the
 * finalists as its teams, their pitches in the main room (in `order`, default: the order they
 * pitched), the main room's other sessions kept around them; no scores, windows, results or show;
 * the criteria kept (the archive has them should they change); panels cleared unless kept.
 */
export function closeRound(data: PodiumData, input: Payload<'round:close'>, now: number): Closed {
  const next = nextRound(data.event);
  const closed = currentRound(data.event);
  if (!next) throw new DomainError('conflict', 'error_rounds_last_round', { round: closed.name });
  if (allLive(data).some(({ live }) => live.timer.status === 'running')) throw new DomainError('conflict', 'error_rounds_clock_running');
  if (input.roundId !== closed.id) throw new DomainError('stale', 'error_rounds_not_current', { round: closed.name });
  const selection = finalistsOf(data, input.choice, now);
  if (!selection.complete) throw new DomainError('conflict', 'error_rounds_tie_unsettled');
  if (selection.finalists.length === 0) throw new DomainError('conflict', 'error_rounds_no_finalists');
  const pitched = data.event.agenda.flatMap((i) => (i.kind === 'pitch' ? [i.teamId] : []));
  const order = input.order ?? defaultFinalOrder(selection.finalists, pitched);
  if (order.length !== selection.finalists.length || new Set(order).size !== order.length || !order.every((id) => selection.finalists.includes(id))) {
    throw new DomainError('conflict', 'error_rounds_order_mismatch');
  }
  const main = mainRoomId(data.event);
  const nonPitch = data.event.agenda.filter((i) => i.kind === 'session' && roomIdOf(data.event, i) === main);
  if (nonPitch.length + order.length > LIMITS.agendaItems) throw new DomainError('limit', 'error_rounds_agenda_full', { max: LIMITS.agendaItems });

  const archive: RoundArchive = structuredClone({
    round: closed,
    closedAt: now,
    criteria: data.event.criteria,
    categories: data.event.categories,
    normalisation: data.event.settings.normalisation,
    tieBreakers: data.event.settings.tieBreakers,
    ...(data.event.rooms ? { rooms: data.event.rooms } : {}),
    agenda: data.event.agenda,
    assignments: Object.fromEntries(
      data.event.jurors.map((j) => [j.id, { ...(j.assignedRooms ? { assignedRooms: j.assignedRooms } : {}), ...(j.assignedTeams ? { assignedTeams: j.assignedTeams } : {}) }]),
    ),
    scores: { ...data.scores },
    ...(closed.kind === 'expo' ? { expo: data.expo } : {}),
    advanced: order,
  });
  data.roundArchives[closed.id] = archive;

  data.event.agenda = finalAgenda(data, nonPitch, order);
  const nextRoundEntry = findRound(data, next.id);
  nextRoundEntry.teamIds = [...order];
  data.event.currentRoundId = next.id;
  if (!input.keepPanels) {
    for (const juror of data.event.jurors) {
      delete juror.assignedRooms;
      delete juror.assignedTeams;
    }
  }
  // appliedOps stay: a retried operation of the closed round must still not apply twice.
  data.scores = {};
  data.scoring = {};
  data.visibility = { mode: 'hidden', frozenAt: null, frozenBoard: null, revealStep: 0, focus: null };
  data.live = idleLive();
  data.roomsLive = {};
  data.expo = emptyExpoQueueState();
  return { closed, next: nextRoundEntry, archive };
}

/**
 * The next round's agenda: the main room's sessions, the finalists' pitches where the round's
 * first pitch was (else before deliberation and awards, else at the end). Other rooms' items go:
 * the final runs on the main stage.
 */
function finalAgenda(data: PodiumData, sessions: AgendaItem[], order: readonly string[]): AgendaItem[] {
  const main = mainRoomId(data.event);
  const mainItems = data.event.agenda.filter((i) => roomIdOf(data.event, i) === main);
  const firstPitch = mainItems.findIndex((i) => i.kind === 'pitch');
  let at = firstPitch >= 0 ? mainItems.slice(0, firstPitch).filter((i) => i.kind === 'session').length : sessions.findIndex((i) => i.kind === 'session' && (i.sessionKind === 'deliberation' || i.sessionKind === 'awards'));
  if (at < 0) at = sessions.length;
  const { pitchMs, recapMs, language } = data.event.settings;
  const used = new Set(sessions.map((s) => s.id));
  const pitches: AgendaItem[] = order.map((teamId) => {
    let id = newId();
    while (used.has(id)) id = newId();
    used.add(id);
    return { id, kind: 'pitch', teamId, ...(data.event.rooms ? { roomId: main } : {}), phases: pitchPhases(pitchMs, recapMs, language) };
  });
  return [...sessions.slice(0, at), ...pitches, ...sessions.slice(at)];
}
