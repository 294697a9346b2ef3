// What each role receives: projections of the stored state, never the state itself.
import type {
  AgendaItem,
  Category,
  Criterion,
  ItemLog,
  Leaderboard,
  LeaderboardRow,
  PodiumData,
  Score,
  ScoringWindow,
  StageMessage,
  Team,
  TimerStatus,
  VisibilityMode,
} from './model.ts';

export type Role = 'organiser' | 'juror' | 'public';
export type PublicView = 'screen' | 'stage' | 'audience';

/** The clock as an anchor: every client renders the countdown itself from it. */
export interface TimerAnchor {
  status: TimerStatus;
  /** While running: the server instant at which the phase reaches 0:00. */
  endsAt: number | null;
  /** Remaining at `serverNow` (negative in overtime). */
  remainingMs: number;
  durationMs: number;
  serverNow: number;
  seq: number;
  amberMs: number;
  redMs: number;
}

export interface ScheduledItem {
  item: AgendaItem;
  /** Title to show: the team's name for a pitch. */
  title: string;
  scheduledStart: number;
  plannedMs: number;
  log: ItemLog | null;
}

export interface NowShowing {
  itemIndex: number;
  phaseIndex: number;
  item: ScheduledItem | null;
  team: Team | null;
  category: Category | null;
  phaseName: string | null;
  next: ScheduledItem | null;
}

export interface RevealView {
  /** How many places have been shown, counted from last. */
  step: number;
  total: number;
  /** Rows shown so far, last place first. A row with `teamHidden` shows only its rank (suspense). */
  shown: (LeaderboardRow & { teamHidden: boolean })[];
}

export interface PublicState {
  seq: number;
  eventName: string;
  amberMs: number;
  redMs: number;
  categories: Category[];
  criteria: Criterion[];
  teams: Team[];
  agenda: ScheduledItem[];
  now: NowShowing;
  message: StageMessage | null;
  visibility: { mode: VisibilityMode; focus: string | null };
  /** Only when visibility allows: null when hidden. */
  leaderboard: Leaderboard | null;
  reveal: RevealView | null;
}

export interface JurorState extends Omit<PublicState, 'leaderboard' | 'reveal' | 'message'> {
  juror: { id: string; name: string; conflicts: string[] };
  /** This juror's own scores, and nobody else's. */
  scores: Score[];
  scoring: Record<string, ScoringWindow>;
  /** Only when the organiser has made the rankings public. */
  leaderboard: Leaderboard | null;
}

export interface ScheduleDrift {
  /** Positive: the show runs late by this much. */
  lateMs: number;
  /** When the last item will end at this pace. */
  projectedEnd: number;
  plannedEnd: number;
}

export interface OrganiserState {
  seq: number;
  data: Omit<PodiumData, 'audit' | 'appliedOps'>;
  agenda: ScheduledItem[];
  now: NowShowing;
  drift: ScheduleDrift;
  leaderboard: Leaderboard;
  /** The same ranking with per-juror z-score normalisation, for comparison. */
  normalisedLeaderboard: Leaderboard;
  reveal: RevealView | null;
  auditCount: number;
}
