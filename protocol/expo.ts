// The expo round (issue 18) as both sides see it: what "next table" answers a juror,
// what a juror's phone shows of the queue, and the organiser's view of the hall.
// The queue's rules and state live in server/domain/expo-queue.ts; these are its views.

/** What "next table" answers: a team to visit (or the visit already under way), or why none. */
export type ExpoNextAnswer =
  | { kind: 'visit'; teamId: string; startedAt: number; endsAt: number; resumed: boolean }
  /** The organiser paused this juror. */
  | { kind: 'paused' }
  /** Every team this juror could see is being visited right now: ask again shortly. */
  | { kind: 'wait' }
  /** Nothing left for this juror. */
  | { kind: 'done' };

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
