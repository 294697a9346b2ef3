// Who judges what (issue 17): the one formula the ranking's `expectedJurors`, "provisional",
// "scores in", the scoring matrix, the juror's phone and the score check all count by.
// A juror with assigned rooms and/or teams judges those teams (a room's teams: those pitching
// in it, protocol/rooms.ts `teamRooms`); a juror without any judges every team, as before
// assignments existed. Either way, never a team they have a conflict of interest with.
import type { Juror, PodiumEvent } from './model.ts';
import { hasAssignment, mainRoomId, teamRooms } from './rooms.ts';

/** What counting assignments reads of an event: its agenda and rooms only when jurors are assigned rooms. */
export type AssignmentEvent = Pick<PodiumEvent, 'teams' | 'jurors'> & Partial<Pick<PodiumEvent, 'agenda' | 'rooms'>>;

type AssignedJuror = Pick<Juror, 'id' | 'conflicts' | 'assignedRooms' | 'assignedTeams'>;

/** The room each team pitches in, for an event that may have no agenda (then none). */
const roomsOfTeams = (event: AssignmentEvent): Map<string, string> => (event.agenda ? teamRooms({ agenda: event.agenda, rooms: event.rooms }) : new Map());

/**
 * The teams a juror is assigned, conflicts not taken out; null: no assignment, every team.
 * `rooms`: the event's `teamRooms`, when the caller asks for many jurors.
 */
export function assignedTeamIds(event: AssignmentEvent, juror: AssignedJuror, rooms?: ReadonlyMap<string, string>): Set<string> | null {
  if (!hasAssignment(juror)) return null;
  const assigned = new Set(juror.assignedTeams ?? []);
  const wanted = new Set(juror.assignedRooms ?? []);
  if (wanted.size) {
    const byTeam = rooms ?? roomsOfTeams(event);
    for (const team of event.teams) if (wanted.has(byTeam.get(team.id) ?? '')) assigned.add(team.id);
  }
  return assigned;
}

/** Whether `juror` is expected to score `teamId`: assigned (or unassigned, so every team) and without a conflict. */
export function judges(event: AssignmentEvent, juror: AssignedJuror, teamId: string, rooms?: ReadonlyMap<string, string>): boolean {
  if (juror.conflicts.includes(teamId)) return false;
  const assigned = assignedTeamIds(event, juror, rooms);
  return assigned === null || assigned.has(teamId);
}

/** The ids of the teams a juror judges, in the event's order of teams. */
export function teamsJudgedBy(event: AssignmentEvent, juror: AssignedJuror, rooms?: ReadonlyMap<string, string>): string[] {
  const assigned = assignedTeamIds(event, juror, rooms);
  const conflicts = new Set(juror.conflicts);
  return event.teams.filter((t) => !conflicts.has(t.id) && (assigned === null || assigned.has(t.id))).map((t) => t.id);
}

/**
 * Per team, the ids of the jurors expected to score it (assigned, minus conflicts), in the
 * event's order of jurors: its length is the team's `expectedJurors`. One pass per juror.
 */
export function expectedJurorIds(event: AssignmentEvent): Map<string, string[]> {
  const rooms = roomsOfTeams(event);
  const byTeam = new Map<string, string[]>(event.teams.map((t) => [t.id, []]));
  for (const juror of event.jurors) for (const teamId of teamsJudgedBy(event, juror, rooms)) byTeam.get(teamId)!.push(juror.id);
  return byTeam;
}

/** How many jurors each team expects. */
export const expectedJurorCounts = (event: AssignmentEvent): Map<string, number> => new Map([...expectedJurorIds(event)].map(([id, jurors]) => [id, jurors.length]));

/** What expected counts depend on, as a string: when it changes, counts must be made again. */
export const assignmentShape = (event: AssignmentEvent): string =>
  JSON.stringify([
    event.teams.map((t) => t.id),
    event.jurors.map((j) => [j.id, j.conflicts, j.assignedRooms ?? [], j.assignedTeams ?? []]),
    event.jurors.some((j) => j.assignedRooms?.length) ? [...roomsOfTeams(event)] : [],
  ]);

// ---------------------------------------------------------------------------------------------
// Auto-assign: every team gets k jurors, the load balanced, conflicts respected.

export interface AutoAssignOptions {
  /** Jurors per team. */
  k: number;
  /** Same seed, same event: same result. */
  seed: number;
  /** Each room gets its own panel of jurors, and its teams are judged from that panel only. */
  byRoom?: boolean;
}

/** Why a team got fewer than k jurors. */
export type ShortReason =
  /** Fewer than k jurors in its pool (the event, or its room's panel). */
  | 'jurors'
  /** Fewer than k jurors of its pool without a conflict with it. */
  | 'conflicts'
  /** Enough jurors, but those free of conflicts had no room left under the load limit. */
  | 'load';

export interface AutoAssignment {
  /** Every juror of the event, in its order, with the teams given (in the event's order of teams). */
  jurors: { jurorId: string; teams: string[]; roomId: string | null }[];
  /** Per team (the event's order), the jurors given. */
  teams: { teamId: string; jurors: string[] }[];
  /** Teams that got fewer than k, and why. */
  short: { teamId: string; got: number; reason: ShortReason }[];
  /** Jurors given no team: with no assignment they would judge every team. */
  idle: string[];
  /** The most teams any juror may get: ⌈T·k/J⌉ over the event (per room with `byRoom`, over the room's panel). */
  maxLoad: number;
}

/** A small seeded generator (mulberry32): the same seed gives the same order. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Teams × jurors as a flow network (source → team, capacity k; team → juror without a
 * conflict, 1; juror → sink, the load limit), filled by augmenting paths: the most teams
 * with k jurors that the conflicts and the limit allow, not a greedy guess. The jurors'
 * limit is first ⌊T·k/J⌋ and only then ⌈T·k/J⌉, so loads differ by one where conflicts allow.
 */
function assignGroup(teams: readonly string[], jurors: readonly AssignedJuror[], k: number, random: () => number): { given: Map<string, string[]>; maxLoad: number } {
  const given = new Map<string, string[]>(teams.map((t) => [t, []]));
  const J = jurors.length;
  if (J === 0 || teams.length === 0 || k <= 0) return { given, maxLoad: 0 };
  const demand = teams.length * Math.min(k, J);
  const maxLoad = Math.ceil(demand / J);
  const order = shuffled(jurors, random);
  const teamOrder = shuffled(teams, random);
  const conflicted = order.map((j) => new Set(j.conflicts));
  // juror index → teams it holds; team → juror indices
  const holds = order.map(() => new Set<string>());
  const holders = new Map<string, Set<number>>(teams.map((t) => [t, new Set()]));
  const need = (t: string) => Math.min(k, J) - holders.get(t)!.size;

  /** One augmenting path from `team` to a juror under `limit`: BFS over teams, through jurors holding them. */
  const augment = (team: string, limit: number): boolean => {
    // Path: team t0 goes to juror a, who gives up t1 to juror b, ... until a juror with load to spare.
    // A step "juror i takes t, via juror p": p gives t up; the first step (via none) is the team in need.
    const cameFrom = new Map<number, { team: string; prevJuror: number | null }>();
    const seenTeams = new Set<string>([team]);
    let frontier: { team: string; viaJuror: number | null }[] = [{ team, viaJuror: null }];
    while (frontier.length) {
      const next: typeof frontier = [];
      for (const { team: t, viaJuror } of frontier) {
        for (let i = 0; i < order.length; i++) {
          if (cameFrom.has(i) || conflicted[i]!.has(t) || holds[i]!.has(t)) continue;
          cameFrom.set(i, { team: t, prevJuror: viaJuror });
          if (holds[i]!.size < limit) {
            // Apply the path backwards: juror i takes t; the juror t came through gives t' up, and so on.
            let at: number | null = i;
            while (at !== null) {
              const step: { team: string; prevJuror: number | null } = cameFrom.get(at)!;
              holds[at]!.add(step.team);
              holders.get(step.team)!.add(at);
              if (step.prevJuror !== null) {
                holds[step.prevJuror]!.delete(step.team);
                holders.get(step.team)!.delete(step.prevJuror);
              }
              at = step.prevJuror;
            }
            return true;
          }
          // Juror i is full: it may take t if it hands one of its teams to another juror.
          for (const other of holds[i]!) {
            if (!seenTeams.has(other)) {
              seenTeams.add(other);
              next.push({ team: other, viaJuror: i });
            }
          }
        }
      }
      frontier = next;
    }
    return false;
  };

  for (const limit of [Math.floor(demand / J), maxLoad]) {
    if (limit <= 0) continue;
    // Round by round, one juror per team each round, so no team waits behind another's k.
    let progress = true;
    while (progress) {
      progress = false;
      for (const t of teamOrder) {
        if (need(t) > 0 && augment(t, limit)) progress = true;
      }
    }
  }
  for (const [t, set] of holders) given.set(t, [...set].map((i) => order[i]!.id));
  return { given, maxLoad };
}

/**
 * Each team gets k jurors (fewer where the jurors or the conflicts do not allow, each such team
 * reported with its reason), no juror more than ⌈T·k/J⌉ teams, never a conflicted pair.
 * With `byRoom`, the jurors are shared out into one panel per room (as many as its teams need,
 * at least k where there are enough) and each room's teams are judged by its panel.
 */
export function autoAssign(event: AssignmentEvent, options: AutoAssignOptions): AutoAssignment {
  const random = seededRandom(options.seed);
  const k = Math.max(0, Math.floor(options.k));
  const jurorIds = event.jurors.map((j) => j.id);
  const teamIds = event.teams.map((t) => t.id);
  const given = new Map<string, string[]>();
  const poolOf = new Map<string, AssignedJuror[]>();
  const roomOfJuror = new Map<string, string>();
  let maxLoad = 0;

  if (options.byRoom) {
    const rooms = roomsOfTeams(event);
    const main = mainRoomId({ rooms: event.rooms });
    const groups = new Map<string, string[]>();
    for (const t of teamIds) {
      const r = rooms.get(t) ?? main;
      const g = groups.get(r);
      if (g) g.push(t);
      else groups.set(r, [t]);
    }
    const panels = sharePanels(groups, event.jurors, k, random);
    for (const [roomId, teams] of groups) {
      const panel = panels.get(roomId)!;
      for (const j of panel) roomOfJuror.set(j.id, roomId);
      const result = assignGroup(teams, panel, k, random);
      maxLoad = Math.max(maxLoad, result.maxLoad);
      for (const [t, js] of result.given) {
        given.set(t, js);
        poolOf.set(t, panel);
      }
    }
  } else {
    const result = assignGroup(teamIds, event.jurors, k, random);
    maxLoad = result.maxLoad;
    for (const [t, js] of result.given) {
      given.set(t, js);
      poolOf.set(t, event.jurors);
    }
  }

  const byJuror = new Map<string, string[]>(jurorIds.map((id) => [id, []]));
  for (const t of teamIds) for (const j of given.get(t) ?? []) byJuror.get(j)!.push(t);
  const short: AutoAssignment['short'] = [];
  for (const t of teamIds) {
    const got = given.get(t)?.length ?? 0;
    if (got >= k) continue;
    const pool = poolOf.get(t) ?? [];
    const free = pool.filter((j) => !j.conflicts.includes(t)).length;
    short.push({ teamId: t, got, reason: pool.length < k ? 'jurors' : free < k ? 'conflicts' : 'load' });
  }
  return {
    jurors: jurorIds.map((id) => ({ jurorId: id, teams: byJuror.get(id)!, roomId: roomOfJuror.get(id) ?? null })),
    teams: teamIds.map((t) => ({ teamId: t, jurors: given.get(t) ?? [] })),
    short,
    idle: jurorIds.filter((id) => byJuror.get(id)!.length === 0),
    maxLoad,
  };
}

/**
 * Shares the jurors out into one panel per room: first up to k each (the biggest rooms first),
 * then each next juror to the room whose teams would weigh most on each of its jurors; a room
 * takes the juror with the fewest conflicts among its teams.
 */
function sharePanels(groups: ReadonlyMap<string, string[]>, jurors: readonly AssignedJuror[], k: number, random: () => number): Map<string, AssignedJuror[]> {
  const panels = new Map<string, AssignedJuror[]>([...groups.keys()].map((r) => [r, []]));
  let left = shuffled(jurors, random);
  const take = (roomId: string) => {
    const teams = new Set(groups.get(roomId)!);
    let best = 0;
    let fewest = Infinity;
    left.forEach((j, i) => {
      const n = j.conflicts.filter((t) => teams.has(t)).length;
      if (n < fewest) [best, fewest] = [i, n];
    });
    panels.get(roomId)!.push(left[best]!);
    left = left.filter((_, i) => i !== best);
  };
  const bySize = [...groups.keys()].sort((a, b) => groups.get(b)!.length - groups.get(a)!.length);
  for (let round = 0; round < k && left.length; round++) for (const r of bySize) if (left.length) take(r);
  while (left.length) {
    const weight = (r: string) => (groups.get(r)!.length * k) / (panels.get(r)!.length + 1);
    const r = bySize.reduce((a, b) => (weight(b) > weight(a) ? b : a));
    take(r);
  }
  return panels;
}
