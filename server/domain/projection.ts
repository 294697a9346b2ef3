// What each role may see, as pure functions of the state. Sockets send these,
// never the stored data itself.
import { assignedTeamIds } from '../../protocol/assignments.ts';
import { scoreKey, type Juror, type Leaderboard, type PodiumData, type Score, type ScoringWindow } from '../../protocol/model.ts';
import type { HostState, JurorScoresUpdate, JurorState, OrganiserCore, OrganiserState, PublicState, RevealView, RoomShow, TimerAnchor } from '../../protocol/views.ts';
import { jurorRoomId, mainRoomId, peekLive, roomAgenda, roomsOf } from '../../protocol/rooms.ts';
import { closedRoundsOf, currentRound, hasRounds, teamsInRound } from '../../protocol/rounds.ts';
import { drift, nowShowing, schedule } from './agenda.ts';
import { leaderboard } from './ranking.ts';
import { deriveOrganiser } from '../../protocol/organiser-patch.ts';
import { publicBoard } from '../../protocol/public-board.ts';
import { currentRevealPlan, currentRevealView } from './visibility.ts';
import { remainingAt } from './timer.ts';
import { tally, type OrganiserVote, type PublicVote } from '../../protocol/votes.ts';
import { voteWatch } from './votes.ts';
import { expoHallView, expoJurorView } from './expo.ts';

/** What the room knows of the people's vote: never the tally before the organiser shows it. */
export function publicVote(data: PodiumData): PublicVote {
  const v = data.peopleVote;
  return {
    status: v.status,
    closesAt: v.status === 'open' ? v.closesAt : null,
    ticketMode: v.ticketMode,
    shown: v.shown,
    tally: v.shown ? tally(data.event.teams, data.ballots, v) : null,
  };
}

export const organiserVote = (data: PodiumData): OrganiserVote => ({ tally: tally(data.event.teams, data.ballots, data.peopleVote), watch: voteWatch(data) });

/** Every score, from the dictionary: for callers without the store's index (tests, one-off reports); hot paths pass the index's list. */
const allScores = (data: Pick<PodiumData, 'scores'>): readonly Score[] => Object.values(data.scores);

/** A room's clock (absent: the main room's). */
export function timerAnchor(data: PodiumData, now: number, seq: number, roomId?: string): TimerAnchor {
  const t = peekLive(data, roomId).timer;
  return {
    status: t.status,
    endsAt: t.status === 'running' ? t.endsAt : null,
    remainingMs: remainingAt(t, now),
    durationMs: t.durationMs,
    serverNow: now,
    seq,
    amberMs: data.event.settings.amberMs,
    redMs: data.event.settings.redMs,
  };
}

/** The leaderboard the audience may see now, or null when hidden. */
/** `official`: the event's current leaderboard, or how to make it, when the caller has a quicker way than ranking every score. */
export function publicLeaderboard(data: PodiumData, now: number, official?: Leaderboard | (() => Leaderboard)): Leaderboard | null {
  return publicBoard(data.visibility, () => (typeof official === 'function' ? official() : (official ?? leaderboard(data.event, allScores(data), now))));
}

function publicReveal(view: RevealView | null): RevealView | null {
  if (!view) return null;
  // The room sees each place's score, not its marks per criterion; the people's choice has none.
  return { ...view, places: view.places.map((p) => (p.award === 'people' ? p : { ...p, rows: p.rows.map((row) => ({ ...row, criteria: {} })) })) };
}

/** What every room's public pages see alike: the event's name, teams and rankings, the reveal, the vote. */
export type PublicCommon = Omit<PublicState, 'room' | 'agenda' | 'now' | 'message'>;
/** What one room's public pages see of their own: the room, its agenda, its clock's item, its stage message. */
export type PublicOfRoom = Pick<PublicState, 'room' | 'agenda' | 'now' | 'message'>;

/** The event's own part of every room's public state: changes only when the event does. */
export function publicEventPart(data: PodiumData): Pick<PublicCommon, 'rooms' | 'eventName' | 'language' | 'timeZone' | 'amberMs' | 'redMs' | 'categories' | 'criteria' | 'teams' | 'round'> {
  const { settings } = data.event;
  const event = data.event;
  return {
    rooms: roomsOf(data.event),
    eventName: settings.name,
    language: settings.language,
    timeZone: settings.timeZone,
    amberMs: settings.amberMs,
    redMs: settings.redMs,
    categories: data.event.categories,
    criteria: data.event.criteria,
    // The current round's teams only: the juror's phone lists them, the pages name them.
    teams: teamsInRound(event),
    round: hasRounds(event) ? { id: currentRound(event).id, name: currentRound(event).name } : null,
  };
}

export function publicCommon(data: PodiumData, seq: number, board: Leaderboard | null): PublicCommon {
  return {
    ...publicEventPart(data),
    seq,
    visibility: { mode: data.visibility.mode, focus: data.visibility.focus },
    leaderboard: board,
    reveal: publicReveal(currentRevealView(data)),
    vote: publicVote(data),
  };
}

export function publicOfRoom(data: PodiumData, now: number, roomId: string): PublicOfRoom {
  const scheduled = schedule(data, now, roomId);
  const rooms = roomsOf(data.event);
  return {
    room: rooms.find((r) => r.id === roomId) ?? rooms[0]!,
    agenda: scheduled,
    now: nowShowing(data, scheduled, roomId),
    message: peekLive(data, roomId).message,
  };
}

/** What a room's public pages see (absent: the main room's): its agenda, its clock's item, its stage message; the rankings are the event's. */
export function publicState(data: PodiumData, now: number, seq: number, board = publicLeaderboard(data, now), roomId = mainRoomId(data.event)): PublicState {
  return { ...publicCommon(data, seq, board), ...publicOfRoom(data, now, roomId) };
}

/**
 * The teams a juror is assigned, pitching order first (teams without a pitch after, in the
 * event's order); null without an assignment. Only the juror's own: never another juror's.
 */
function assignedInAgendaOrder(data: PodiumData, juror: Juror): string[] | null {
  const assigned = assignedTeamIds(data.event, juror);
  if (assigned === null) return null;
  const order = new Set<string>();
  for (const item of data.event.agenda) if (item.kind === 'pitch' && assigned.has(item.teamId)) order.add(item.teamId);
  for (const team of data.event.teams) if (assigned.has(team.id)) order.add(team.id);
  return [...order];
}

/** What every juror's view has in common: computed once when many jurors are sent their views together. */
export interface JurorShared {
  /** What the jurors following each room see alike (the event, that room's agenda and stage), made when first asked for. */
  commonOf: (roomId: string) => JurorCommon;
  scoresByJuror: Map<string, Score[]>;
  scoring: Record<string, ScoringWindow>;
}

export type JurorCommon = Omit<PublicState, 'leaderboard' | 'reveal' | 'message' | 'vote'>;

/** `scores`: every score (the store's index keeps them as a list; walking the dictionary costs far more at 60,000). */
export function jurorShared(data: PodiumData, now: number, seq: number, scores: readonly Score[] = allScores(data)): JurorShared {
  const commons = new Map<string, JurorCommon>();
  const commonOf = (roomId: string): JurorCommon => {
    let common = commons.get(roomId);
    if (!common) {
      const { leaderboard: _l, reveal: _r, message: _m, vote: _v, ...rest } = publicState(data, now, seq, null, roomId);
      common = rest;
      commons.set(roomId, common);
    }
    return common;
  };
  const scoresByJuror = new Map<string, Score[]>();
  for (const s of scores) {
    const own = scoresByJuror.get(s.jurorId);
    if (own) own.push(s);
    else scoresByJuror.set(s.jurorId, [s]);
  }
  return { commonOf, scoresByJuror, scoring: scoringWindows(data) };
}

const scoringWindows = (data: PodiumData): Record<string, ScoringWindow> =>
  Object.fromEntries(teamsInRound(data.event).map((t) => [t.id, data.scoring[t.id] ?? 'not-open']));

export function jurorState(
  data: PodiumData,
  jurorId: string,
  now: number,
  seq: number,
  shared: JurorShared = jurorShared(data, now, seq),
): JurorState | null {
  const juror = data.event.jurors.find((j) => j.id === jurorId);
  if (!juror) return null;
  return {
    // Their panel's room: its agenda, who is on its stage (protocol/rooms.ts jurorRoomId).
    ...shared.commonOf(jurorRoomId(data.event, juror)),
    juror: { id: juror.id, name: juror.name, conflicts: juror.conflicts, assigned: assignedInAgendaOrder(data, juror) },
    scores: shared.scoresByJuror.get(jurorId) ?? [],
    scoring: shared.scoring,
    expo: expoJurorView(data, jurorId, now),
  };
}

/** What every juror's scores update shares, for one state: made once when many jurors are sent theirs together. */
export interface ScoresUpdateShared {
  teams: readonly { id: string }[];
  scoring: Record<string, ScoringWindow>;
}

export const scoresUpdateShared = (data: PodiumData): ScoresUpdateShared => ({ teams: teamsInRound(data.event), scoring: scoringWindows(data) });

export function jurorScoresUpdate(data: PodiumData, jurorId: string, seq: number, shared: ScoresUpdateShared = scoresUpdateShared(data)): JurorScoresUpdate {
  const scores: Score[] = [];
  // By key, not by walking every score: a juror's scoring costs what their own scores do.
  for (const t of shared.teams) {
    const key = scoreKey(jurorId, t.id);
    if (Object.hasOwn(data.scores, key)) scores.push(data.scores[key]!);
  }
  return { seq, scores, scoring: shared.scoring };
}

/** What the organiser's console is sent: everything but what it derives from the scores. */
export function organiserCore(data: PodiumData, now: number, seq: number, rev: number): OrganiserCore {
  const scheduled = schedule(data, now);
  const { audit, appliedOps: _ops, ballots: _ballots, tickets: _tickets, roundArchives: _archives, ...rest } = data;
  const { leaderboard: _l, seq: _s, ...projector } = publicState(data, now, seq, null);
  return {
    seq,
    rev,
    data: rest,
    agenda: scheduled,
    now: nowShowing(data, scheduled),
    drift: drift(data, now, scheduled),
    roomShows: roomsOf(data.event).slice(1).map((room) => roomShow(data, now, room.id)),
    reveal: currentRevealView(data),
    revealPlan: currentRevealPlan(data),
    auditCount: audit.length,
    vote: organiserVote(data),
    projector,
    expoHall: expoHallView(data, now),
    closedRounds: closedRoundsOf(data),
  };
}

/** One room's show as the console shows it beside the others: its run of show, what is on, how late it runs. */
export function roomShow(data: PodiumData, now: number, roomId: string): RoomShow {
  const agenda = schedule(data, now, roomId);
  return { roomId, agenda, now: nowShowing(data, agenda, roomId), drift: drift(data, now, agenda, roomId), timer: peekLive(data, roomId).timer, message: peekLive(data, roomId).message };
}

/** What a room host's console is sent: their room's show as its projector has it, how late it runs, and its teams' scoring windows. */
export function hostState(data: PodiumData, now: number, seq: number, roomId: string): HostState {
  const { leaderboard: _l, reveal: _r, vote: _v, ...show } = publicState(data, now, seq, null, roomId);
  const teams = new Set(roomAgenda(data.event, roomId).flatMap((i) => (i.kind === 'pitch' ? [i.teamId] : [])));
  return {
    ...show,
    drift: drift(data, now, show.agenda, roomId),
    scoring: Object.fromEntries(data.event.teams.filter((t) => teams.has(t.id)).map((t) => [t.id, data.scoring[t.id] ?? 'not-open'])),
  };
}

/** The organiser's whole state, rankings included, by the rules the console applies to patches. */
export const organiserState = (data: PodiumData, now: number, seq: number, rev = 0): OrganiserState =>
  deriveOrganiser(organiserCore(data, now, seq, rev), now);
