// The expo round (issue 18) as both sides see it: what "next table" answers a juror,
// what a juror's phone shows of the queue, and the organiser's view of the hall.
// The queue's rules and state live in server/domain/expo-queue.ts; these are its views.

/** What "next table" answers: a team to visit (or the visit already under way), or why none. */
export type ExpoNextAnswer =
  /** `elsewhere`: the juror's zone is done, and this team is in another zone (where they help). */
  | { kind: 'visit'; teamId: string; startedAt: number; endsAt: number; resumed: boolean; elsewhere?: true }
  /** The organiser paused this juror. */
  | { kind: 'paused' }
  /** Every team this juror could see is being visited right now: ask again shortly. `zoneDone`: none of them is in their zone. */
  | { kind: 'wait'; zoneDone?: true }
  /** Nothing left for this juror. `zoneDone`: their zone is done, and the organiser keeps jurors in their zones. */
  | { kind: 'done'; zoneDone?: true };

/** The organiser's message to everyone in the hall. */
export interface ExpoMessage {
  text: string;
  at: number;
}

/** A juror's view of the queue (sent with their state, and pushed when it changes). */
export interface ExpoJurorView {
  /** The visit under way: the team, when it started, when it times out. */
  visit: { teamId: string; startedAt: number; endsAt: number } | null;
  paused: boolean;
  message: ExpoMessage | null;
  /** Visits each team should get (k). */
  visitsPerTeam: number;
  /** The zone this juror walks; absent: the whole hall. */
  zone?: string;
}

export interface HallTeam {
  teamId: string;
  visits: number;
  /** Who is at its table now. */
  visitedBy: string | null;
  absent: boolean;
  absenceReports: number;
  /** Fewer than k visits. */
  belowK: boolean;
}

export interface HallJuror {
  jurorId: string;
  /** The team they are visiting, or null. */
  at: string | null;
  since: number | null;
  visits: number;
  paused: boolean;
  /** Time spent between visits so far (from the end of one to the start of the next, and since the last one ended). */
  idleMs: number;
}

export interface HallView {
  teams: HallTeam[];
  jurors: HallJuror[];
  /** The fewest visits any present team has. */
  leastVisits: number;
  /** Visits still missing for every present team to have k. */
  missingVisits: number;
  /** Median length of a scored visit, ms; null before any. */
  medianVisitMs: number | null;
  /** Estimated ms until every present team has k visits at the present pace; null without a pace yet. */
  etaMs: number | null;
  /** Visits each team should get (k). */
  visitsPerTeam: number;
  /** When this view was computed (server time): "for how long" runs on from here. */
  at: number;
}

/**
 * What the hall's headline says: every team has its visits; how many are missing, without a pace
 * yet; "under a minute" (a rounded "about 0 min" read as a mistake); or about how long.
 */
export type HallOutlook = { kind: 'all-seen' } | { kind: 'no-pace'; missing: number } | { kind: 'soon'; missing: number } | { kind: 'eta'; missing: number; etaMs: number };

export function hallOutlook(hall: Pick<HallView, 'missingVisits' | 'etaMs'>): HallOutlook {
  if (hall.missingVisits === 0) return { kind: 'all-seen' };
  if (hall.etaMs === null) return { kind: 'no-pace', missing: hall.missingVisits };
  if (hall.etaMs < 60_000) return { kind: 'soon', missing: hall.missingVisits };
  return { kind: 'eta', missing: hall.missingVisits, etaMs: hall.etaMs };
}

/** A table label's position along the hall: its number where it has one ("B-17" → 17); none: last. */
export function tablePosition(table: string | undefined): number {
  const digits = table?.match(/\d+/)?.[0];
  return digits === undefined ? Number.POSITIVE_INFINITY : Number(digits);
}

interface RouteTeam {
  id: string;
  table?: string | undefined;
  zone?: string | undefined;
}
interface RouteJuror {
  id: string;
  /** The zone this juror walks: their route stays in it where its jurors can cover it. */
  zone?: string | undefined;
  /** Teams this juror may not visit (conflicts, teams outside their assignment). */
  excluded: readonly string[];
}

/**
 * A printed route per juror for a hall without coverage: each team given to `k` jurors (fewer where
 * too few may see it), dealt to the jurors in turn, each route in table order.
 * The queue's rule on paper, decided up front: every team reaches k visits, no juror twice at a
 * table, none at a conflicted one, loads as even as the exclusions allow; a team in a zone goes to the
 * jurors of that zone (and those without one) while one of them is free for it, as the queue keeps them there.
 */
export function paperRoutes(teams: readonly RouteTeam[], jurors: readonly RouteJuror[], k: number): Map<string, RouteTeam[]> {
  const routes = new Map(jurors.map((j) => [j.id, [] as RouteTeam[]]));
  const excluded = new Map(jurors.map((j) => [j.id, new Set(j.excluded)]));
  const zoneOf = new Map(jurors.map((j) => [j.id, j.zone]));
  const ordered = [...teams].sort((a, b) => tablePosition(a.table) - tablePosition(b.table));
  // Slots dealt in turn (team by team, k each): without exclusions each team gets k different jurors
  // and loads differ by at most one; a juror who may not take their turn gives it to the least loaded who may.
  let slot = 0;
  for (const team of ordered) {
    for (let visit = 0; visit < k && jurors.length > 0; visit++) {
      const open = (id: string) => !excluded.get(id)!.has(team.id) && !routes.get(id)!.includes(team);
      const fits = (id: string) => !team.zone || !zoneOf.get(id) || zoneOf.get(id) === team.zone;
      const inZone = jurors.some((j) => open(j.id) && fits(j.id));
      const free = (id: string) => open(id) && (!inZone || fits(id));
      let chosen: string | null = jurors[slot++ % jurors.length]!.id;
      if (!free(chosen)) {
        chosen = null;
        for (const j of jurors) if (free(j.id) && (chosen === null || routes.get(j.id)!.length < routes.get(chosen)!.length)) chosen = j.id;
      }
      if (chosen !== null) routes.get(chosen)!.push(team);
    }
  }
  for (const route of routes.values()) route.sort((a, b) => tablePosition(a.table) - tablePosition(b.table));
  return routes;
}
