// What each role receives: projections of the stored state, never the state itself.
import type { OrganiserVote, PublicVote, TallyRow } from './votes.ts';
import type { ClosedRound } from './rounds.ts';
import type { ExpoJurorView, HallView } from './expo.ts';
import type {
  AgendaItem,
  Category,
  Criterion,
  ItemLog,
  Language,
  Leaderboard,
  LeaderboardRow,
  PodiumData,
  Score,
  ScoringWindow,
  StageMessage,
  Room,
  Team,
  Timer,
  TimerStatus,
  VisibilityMode,
} from './model.ts';

/** `host`: a room host's link, which drives that room's show and nothing else (issue 17). */
export type Role = 'organiser' | 'juror' | 'public' | 'host';
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
  /** When it starts at the pace the show runs now: its real start once started. What public screens show. */
  projectedStart: number;
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

export interface JuryReport {
  /** The scale team scores are shown on. */
  scale: { min: number; max: number };
  /** Per team: the standard deviation of the jurors' scores, and each juror's score and gap to the others' mean. */
  teams: Record<string, { spread: number | null; jurors: { jurorId: string; value: number; gap: number | null; outlier: boolean }[] }>;
  /**
   * Per juror, over the teams where a gap could be measured: the mean signed gap
   * to the others (highs and lows cancel out), the mean distance (what flags an
   * outlier), and on how many teams they stood above or below the others, out of
   * `compared` (the rest: level with them).
   */
  jurors: Record<string, { meanGap: number | null; meanDistance: number | null; above: number; below: number; compared: number; outlier: boolean }>;
}

/** One place of the winners' reveal: a rank, and the team (or the tied teams) at it. */
export interface JuryRevealPlace {
  /** Absent: a place of the jury's ranking (see PeopleRevealPlace). */
  award?: undefined;
  /** null: the overall ranking; else the category whose winner this is. */
  categoryId: string | null;
  rank: number;
  tied: boolean;
  teamCount: number;
  /** The room sees the place before the team: while hidden, `rows` is empty (nothing to peek at). */
  teamHidden: boolean;
  rows: LeaderboardRow[];
}

/**
 * The people's choice as its own award in the reveal (when the organiser put it there and the
 * vote is closed): the team (or the tied teams) with most votes, each with its votes and share.
 */
export interface PeopleRevealPlace {
  award: 'people';
  categoryId: null;
  rank: 1;
  tied: boolean;
  teamCount: number;
  teamHidden: boolean;
  rows: TallyRow[];
  /** Every counted vote, the winners' share's whole. */
  totalVotes: number;
}

export type RevealPlace = JuryRevealPlace | PeopleRevealPlace;

export interface RevealView {
  /** Steps taken: each place takes two (the place, then its team). */
  step: number;
  total: number;
  /** Places shown so far, in the order revealed (last place first). */
  places: RevealPlace[];
}

export interface PublicState {
  seq: number;
  /**
   * The version of the room's state this is: the room gets each next version as a patch from the
   * one before (protocol/state-patch.ts), a page that joins or missed one gets it whole. Absent
   * where a public state is not part of the room's stream (the console's preview of the projector).
   */
  rev?: number;
  /** The room this state is of (a single-stage event: its one default room, whose name is empty). */
  room: Room;
  /** Every room of the event, the main one first: the audience page lets a person pick one. */
  rooms: Room[];
  eventName: string;
  /** The event's language and IANA time zone: public pages speak it and show times in it. */
  language: Language;
  timeZone: string;
  amberMs: number;
  redMs: number;
  categories: Category[];
  criteria: Criterion[];
  teams: Team[];
  /** The round being run, in an event with rounds (pages show its name); null: an event without rounds. */
  round: { id: string; name: string } | null;
  agenda: ScheduledItem[];
  now: NowShowing;
  message: StageMessage | null;
  visibility: { mode: VisibilityMode; focus: string | null };
  /** Only when visibility allows: null when hidden. */
  leaderboard: Leaderboard | null;
  reveal: RevealView | null;
  /** The people's vote: open or not, its closing time, and the tally once shown. */
  vote: PublicVote;
}

/**
 * A juror's phone: the event, their room's agenda and stage, their own scores. Never the
 * leaderboard, whatever the audience is shown: a juror judges each pitch on its own, not on
 * where the team stands, and the page never showed it (issue 20: sending it was a seventh of
 * the server's work while 200 jurors scored 300 teams).
 */
export interface JurorState extends Omit<PublicState, 'leaderboard' | 'reveal' | 'message' | 'vote'> {
  /** `assigned`: the teams this juror judges, in agenda order (protocol/assignments.ts); null: every team. */
  juror: { id: string; name: string; conflicts: string[]; assigned: string[] | null };
  /** This juror's own scores, and nobody else's. */
  scores: Score[];
  scoring: Record<string, ScoringWindow>;
  /** In an expo round: the juror's visit, whether they are paused, the organiser's message (then pushed by `expo:juror`); else null. */
  expo: ExpoJurorView | null;
}

/**
 * After a juror's own score, only their scores and the scoring windows change: sent instead
 * of the whole JurorState, which repeats the event's teams and agenda. It carries what changed
 * since the juror's room was last sent its scores (issue 20: at 300 teams a juror's whole list
 * is some 90 KB), or the whole list when the server keeps no record of what the room holds
 * (`all`). Applied by protocol/juror-patch.ts `applyJurorScores`.
 */
export interface JurorScoresUpdate {
  seq: number;
  /** The juror's scores that are new or changed; every one of them when `all`. */
  scores: Score[];
  /** `scores` replaces the page's list instead of being merged into it by team. */
  all?: true;
  /** Teams whose score the juror no longer has. */
  removed?: string[];
  /** The scoring windows, when they changed (always with `all`). */
  scoring?: Record<string, ScoringWindow>;
}

/** One room's show beside the others in the console (issue 17). */
export interface RoomShow {
  roomId: string;
  agenda: ScheduledItem[];
  now: NowShowing;
  drift: ScheduleDrift;
  /** Its clock as stored: the console renders it from its estimate of the server's clock. */
  timer: Timer;
  message: StageMessage | null;
}

/** A room host's console: their room's show, how late it runs, and the scoring windows of the room's teams. */
export interface HostState extends Omit<PublicState, 'leaderboard' | 'reveal' | 'vote'> {
  drift: ScheduleDrift;
  scoring: Record<string, ScoringWindow>;
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
  /** The organiser stream's revision this state is at: patches apply to exactly this revision. */
  rev: number;
  /**
   * Without the ballots and tickets (thousands): the vote's tally and watch come in `vote`; without the
   * closed rounds' archives (every score of each): `closedRounds` lists them, /api/round.json gives one.
   */
  data: Omit<PodiumData, 'audit' | 'appliedOps' | 'ballots' | 'tickets' | 'roundArchives'>;
  /** The closed rounds, in counts (protocol/rounds.ts closedRoundsOf). */
  closedRounds: ClosedRound[];
  agenda: ScheduledItem[];
  now: NowShowing;
  drift: ScheduleDrift;
  /** Every room's show but the main one's (which is `agenda`, `now` and `drift`): none for a single-stage event. */
  roomShows: RoomShow[];
  leaderboard: Leaderboard;
  /** The same ranking with per-juror z-score normalisation, for comparison. */
  normalisedLeaderboard: Leaderboard;
  /** The same ranking without normalisation, to set beside the z-score one. */
  rawLeaderboard: Leaderboard;
  /** Whether places 1 to 3 differ between the raw and the z-score ranking. */
  podiumDiffers: boolean;
  reveal: RevealView | null;
  /** Every place of the reveal with its teams, so the console shows what comes next before the room does. */
  revealPlan: RevealPlace[] | null;
  /** Each juror's weighted score per team, the spread, and who stands far from the others. */
  jury: JuryReport;
  auditCount: number;
  /** The people's vote: the tally (shown or not) and what looks suspicious. */
  vote: OrganiserVote;
  /** What the projector shows now, by the same rules as the public views: the console's preview. */
  projector: PublicState;
  /** In an expo round: visits per team, who is where, idle jurors, how long is left (server/domain/expo-queue.ts hallView); else null. */
  expoHall: HallView | null;
}

/** What the organiser's console computes itself from the rest (protocol/organiser-patch.ts), so it is never sent in a patch. */
export type OrganiserDerivedKey = 'leaderboard' | 'normalisedLeaderboard' | 'rawLeaderboard' | 'podiumDiffers' | 'jury' | 'projector';

/** OrganiserState without its rankings: what the server sends, the console derives the rest. */
export interface OrganiserCore extends Omit<OrganiserState, OrganiserDerivedKey> {
  /** The projector's view without its leaderboard (derived from the ranking) and its seq (the state's). */
  projector: Omit<PublicState, 'leaderboard' | 'seq'>;
}

/**
 * What changed in the organiser's state since revision `base`, so a score costs
 * the score, not the event. Parts are replaced whole; scores are keyed.
 */
export interface OrganiserPatch {
  base: number;
  rev: number;
  seq: number;
  /** The server's time of this patch: the rankings' `computedAt`. */
  at: number;
  /** Scores added or changed, by `${jurorId}:${teamId}`; null: removed. */
  scores?: Record<string, Score | null>;
  /** Parts of the stored data that changed, other than the scores. */
  data?: Partial<Omit<OrganiserState['data'], 'scores'>>;
  /** Parts of the organiser's view that changed. */
  view?: Partial<Omit<OrganiserCore, 'data' | 'seq' | 'rev'>>;
}

/**
 * A juror's view where only some parts changed (the scores, the windows): each part present
 * replaces the one the page has (protocol/juror-patch.ts).
 */
export type JurorPatch = { seq: number } & Partial<Pick<JurorState, 'scores' | 'scoring'>>;
