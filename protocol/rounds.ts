// Rounds: the one place both sides read which round is running and which teams
// compete in it (issues 17 and 18). An event without `rounds` reads as one stage
// round with every team, exactly as before rounds existed.
//
// One round runs at a time. The event's criteria, agenda, panels and the data's
// scores, scoring windows, visibility and expo queue are the current round's;
// when a round closes, they are kept whole in `roundArchives` and the next round
// starts from its own (server/domain/rounds.ts).
import type { ExpoSettings, PodiumData, PodiumEvent, Round, RoundArchive, Team } from './model.ts';

/** The id of the one round of an event without rounds. */
export const DEFAULT_ROUND_ID = 'round';

/** An expo round's rules when the organiser has set none: three visits a team, ten minutes a visit, three absence reports. */
export const DEFAULT_EXPO_SETTINGS: ExpoSettings = { visitsPerTeam: 3, visitTimeoutMs: 10 * 60_000, absentReports: 3 };

type WithRounds = Pick<PodiumEvent, 'rounds' | 'currentRoundId'>;

/** The event's rounds in order; never empty. The default round has an empty name: pages say it in their language. */
export function roundsOf(event: WithRounds): Round[] {
  return event.rounds && event.rounds.length > 0 ? event.rounds : [{ id: DEFAULT_ROUND_ID, name: '', kind: 'stage' }];
}

/** The round being run: the event's `currentRoundId`, else the first. */
export function currentRound(event: WithRounds): Round {
  const rounds = roundsOf(event);
  return rounds.find((r) => r.id === event.currentRoundId) ?? rounds[0]!;
}

/** Whether the event has more than its one implicit round (pages show rounds only then). */
export const hasRounds = (event: WithRounds): boolean => (event.rounds?.length ?? 0) > 1;

/** The round after the current one, or null in the last. */
export function nextRound(event: WithRounds): Round | null {
  const rounds = roundsOf(event);
  const i = rounds.findIndex((r) => r.id === currentRound(event).id);
  return rounds[i + 1] ?? null;
}

/** The ids of the teams competing in the current round, or null when every team does. */
export function roundTeamIds(event: WithRounds): ReadonlySet<string> | null {
  const ids = currentRound(event).teamIds;
  return ids ? new Set(ids) : null;
}

/** The teams competing in the current round, in the event's team order. */
export function teamsInRound(event: WithRounds & Pick<PodiumEvent, 'teams'>): Team[] {
  const ids = roundTeamIds(event);
  return ids ? event.teams.filter((t) => ids.has(t.id)) : event.teams;
}

/** Whether a team competes in the current round. */
export function inCurrentRound(event: WithRounds, teamId: string): boolean {
  const ids = roundTeamIds(event);
  return !ids || ids.has(teamId);
}

/** Whether the current round is judged at the tables (the expo queue) rather than on stage. */
export const isExpoRound = (event: WithRounds): boolean => currentRound(event).kind === 'expo';

/** The current round's expo rules, the defaults where unset. */
export const expoSettingsOf = (round: Round): ExpoSettings => round.expo ?? DEFAULT_EXPO_SETTINGS;

/**
 * The event as the current round sees it: only the round's teams. Ranking, completeness, the
 * juror's list and the scoring matrix read this, so a team that did not go on counts nowhere.
 * The event itself when every team competes (no copy).
 */
export function roundEvent<E extends WithRounds & Pick<PodiumEvent, 'teams'>>(event: E): E {
  const ids = roundTeamIds(event);
  return ids ? { ...event, teams: event.teams.filter((t) => ids.has(t.id)) } : event;
}

/** A closed round as the console lists it: what its archive holds, in counts (its results come on request: /api/round.json). */
export interface ClosedRound {
  id: string;
  name: string;
  closedAt: number;
  /** The teams that competed in it. */
  teams: number;
  /** The teams that went on from it. */
  advanced: number;
  scores: number;
}

/** Each archive's score count, read once: an archive is written once and never changed (server/domain/rounds.ts). */
const scoreCounts = new WeakMap<RoundArchive, number>();

/**
 * The closed rounds, in the event's order, as counts: what the organiser's state carries instead of
 * the archives themselves (each holds its round's every score: megabytes at hackathon size).
 */
export function closedRoundsOf(data: Pick<PodiumData, 'event' | 'roundArchives'>): ClosedRound[] {
  return roundsOf(data.event).flatMap((r) => {
    const archive = Object.hasOwn(data.roundArchives, r.id) ? data.roundArchives[r.id]! : null;
    if (!archive) return [];
    let scores = scoreCounts.get(archive);
    if (scores === undefined) scoreCounts.set(archive, (scores = Object.keys(archive.scores).length));
    const teams = archive.round.teamIds?.length ?? new Set(archive.agenda.flatMap((i) => (i.kind === 'pitch' ? [i.teamId] : []))).size;
    return [{ id: r.id, name: r.name, closedAt: archive.closedAt, teams, advanced: archive.advanced.length, scores }];
  });
}

/**
 * The data as it stood in a round: the current round's is the data itself; a closed round's is
 * read from its archive (its criteria, categories, ranking rules, rooms, agenda, panels and scores,
 * the round current and its teams only). What the exports, the printed sheets and the console's
 * round picker rank and list, by the same functions as the live round. Null: no such round, or
 * one not yet run.
 */
export function roundView<D extends Pick<PodiumData, 'event' | 'scores' | 'roundArchives'>>(data: D, roundId: string): D | null {
  if (roundId === currentRound(data.event).id) return data;
  const archive = Object.hasOwn(data.roundArchives, roundId) ? data.roundArchives[roundId]! : null;
  if (!archive) return null;
  const { event } = data;
  const rounds = roundsOf(event).map((r) => (r.id === roundId ? archive.round : r));
  return {
    ...data,
    event: {
      ...event,
      settings: { ...event.settings, normalisation: archive.normalisation, tieBreakers: archive.tieBreakers },
      criteria: archive.criteria,
      categories: archive.categories,
      agenda: archive.agenda,
      ...(archive.rooms ? { rooms: archive.rooms } : {}),
      jurors: event.jurors.map((j) => {
        const { assignedRooms: _r, assignedTeams: _t, ...rest } = j;
        const was = Object.hasOwn(archive.assignments, j.id) ? archive.assignments[j.id]! : {};
        return { ...rest, ...was };
      }),
      rounds,
      currentRoundId: roundId,
    },
    scores: archive.scores,
  };
}
