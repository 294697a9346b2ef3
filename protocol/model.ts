// The event model: one zod schema per thing, and its type under the same name.
// Shared by server and client, so no Node imports here.
import { z } from 'zod';
import { isTimeZone } from './format.ts';

// In the pages, whose Content-Security-Policy forbids eval, zod's JIT probe
// (`Function('')`) would be refused and reported as a CSP violation; the forms
// there are small, so the pages parse without the JIT. The server keeps it.
if (typeof document !== 'undefined') z.config({ jitless: true });

export const LIMITS = {
  shortText: 120,
  longText: 2000,
  note: 2000,
  message: 280,
  members: 20,
  teams: 300,
  jurors: 200,
  criteria: 20,
  categories: 50,
  agendaItems: 500,
  phases: 6,
  rooms: 20,
  rounds: 10,
  table: 16,
  /** A zone or hall of the expo ("Hall B"): a short name. */
  zone: 40,
  /** An expo round's visits: 300 teams × 20 visits, with room for skips and absences. */
  visits: 20_000,
  maxDurationMs: 6 * 60 * 60 * 1000,
  maxScale: 100,
} as const;

/**
 * Names an id must never be: ids key plain objects (scores, windows, the agenda's log),
 * and `__proto__` or `constructor` there reaches Object.prototype instead of a key.
 */
export const RESERVED_IDS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
  'constructor',
  '__proto__',
]);
export const isReservedId = (id: string): boolean => RESERVED_IDS.has(id);

/** Letters, digits, - and _: what ids, tokens and op ids are made of (they travel in URLs). */
export const URL_SAFE = /^[A-Za-z0-9_-]+$/;

export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(URL_SAFE, 'ids are letters, digits, - and _')
  .refine((id) => !isReservedId(id), { message: 'that id is a reserved name', params: { kind: 'reserved' } });
export type Id = z.infer<typeof Id>;

/**
 * A secret that grants access: long, url-safe. Stored files keep opening with the
 * format alone; whether a new token is strong enough is `tokenWeakness`.
 */
export const Token = z.string().min(20).max(64).regex(URL_SAFE);
export type Token = z.infer<typeof Token>;

/** Bits a token's own characters carry (Shannon entropy of its letters × its length): a cheap guessability estimate. */
export function tokenBits(token: string): number {
  const counts = new Map<string, number>();
  for (const ch of token) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / token.length) * Math.log2(n / token.length);
  return perChar * token.length;
}

/** The least a token must carry: a random 20-character token carries about 80 bits by this estimate. */
export const MIN_TOKEN_BITS = 60;
export const MIN_TOKEN_DISTINCT = 8;

/** Why a token is too weak to guard anything, or null when it will do. */
export function tokenWeakness(token: string): string | null {
  if (!Token.safeParse(token).success) return 'it must be 20 to 64 letters, digits, - or _';
  if (new Set(token).size < MIN_TOKEN_DISTINCT) return `it must use at least ${MIN_TOKEN_DISTINCT} different characters`;
  if (tokenBits(token) < MIN_TOKEN_BITS) return 'it repeats itself too much to be hard to guess';
  return null;
}

const name = (max: number = LIMITS.shortText) =>
  z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);

export const Duration = z.number().int().min(0).max(LIMITS.maxDurationMs);
export type Duration = z.infer<typeof Duration>;
export const Instant = z.number().int().min(0);
export type Instant = z.infer<typeof Instant>;

export const Category = z.strictObject({ id: Id, name: name() });
export type Category = z.infer<typeof Category>;

/** A criterion's fields before the check across them (zod cannot extend a refined object; the save payload extends this). */
export const CriterionFields = z.strictObject({
  id: Id,
  name: name(),
  question: text(LIMITS.longText),
  weight: z.number().min(0).max(100),
  min: z.number().int().min(0).max(LIMITS.maxScale),
  max: z.number().int().min(1).max(LIMITS.maxScale),
});
/** The check across a criterion's fields, shared by the stored criterion and its save payload. */
export const withRisingScale = <S extends z.ZodType<{ min: number; max: number }>>(schema: S) =>
  schema.refine((c) => c.max > c.min, { message: 'the top of the scale must be above the bottom', path: ['max'], params: { kind: 'scale_order' } });
export const Criterion = withRisingScale(CriterionFields);
export type Criterion = z.infer<typeof Criterion>;

export const Team = z.strictObject({
  id: Id,
  name: name(),
  project: text(LIMITS.shortText),
  members: z.array(name()).max(LIMITS.members),
  categoryId: Id.nullable(),
  /** Where the team sits in the hall (expo judging, the printed route): free text such as "17" or "B-04". */
  table: z.string().trim().min(1).max(LIMITS.table).optional(),
  /**
   * The zone or hall the table is in ("Hall B"), free text; a juror with a zone is sent within it.
   * Optional like `table` (no schema version: every older file opens as before, and an older Podium
   * refuses a file that has one rather than dropping it). Never a key of a plain object.
   */
  zone: z.string().trim().min(1).max(LIMITS.zone).optional(),
});
export type Team = z.infer<typeof Team>;

export const Juror = z.strictObject({
  id: Id,
  name: name(),
  token: Token,
  /** Teams this juror must not score (conflict of interest). */
  conflicts: z.array(Id).max(LIMITS.teams),
  /**
   * The rooms whose teams this juror judges (their panel). With `assignedTeams`, what the juror is
   * expected to score; both absent or empty: every team, as in a single-stage event.
   * See protocol/rooms.ts.
   */
  assignedRooms: z.array(Id).max(LIMITS.rooms).optional(),
  /** Teams this juror judges directly, beside those of `assignedRooms`. */
  assignedTeams: z.array(Id).max(LIMITS.teams).optional(),
  /** The expo zone this juror walks (a team's `zone`); absent: the whole hall. */
  zone: Team.shape.zone,
});
export type Juror = z.infer<typeof Juror>;

export const Phase = z.strictObject({ name: name(40), durationMs: Duration });
export type Phase = z.infer<typeof Phase>;

export const SessionKind = z.enum(['welcome', 'break', 'deliberation', 'awards', 'other']);
export type SessionKind = z.infer<typeof SessionKind>;

/** A stage or judging room, with its own agenda, clock, projector and stage monitor. */
export const Room = z.strictObject({ id: Id, name: name(60) });
export type Room = z.infer<typeof Room>;

/** stage: teams pitch in the rooms' agendas; expo: jurors walk the hall and the queue sends them to the teams' tables. */
export const RoundKind = z.enum(['stage', 'expo']);
export type RoundKind = z.infer<typeof RoundKind>;

/** An expo round's queue rules (server/domain/expo-queue.ts). */
export const ExpoSettings = z.strictObject({
  /** Visits each team should get (k). */
  visitsPerTeam: z.number().int().min(1).max(20),
  /** A visit open longer than this frees its team (the juror walked off, the phone died). */
  visitTimeoutMs: Duration.refine((ms) => ms >= 60_000, { message: 'at least one minute', params: { kind: 'min_duration' } }),
  /** Distinct jurors who must find a team absent before it leaves the queue. */
  absentReports: z.number().int().min(1).max(10),
  /** When a juror's zone has no team left for them, send them to help in another zone; absent: yes. */
  helpElsewhere: z.boolean().optional(),
});
export type ExpoSettings = z.infer<typeof ExpoSettings>;

/**
 * A round of the competition (issue 17): heats in rooms or at tables, then a final. One round runs at a time,
 * the event's `currentRoundId`; the criteria, agenda, panels, scores and results at the top level are the
 * current round's, and a closed round's are kept in `roundArchives`. See protocol/rounds.ts.
 */
export const Round = z.strictObject({
  id: Id,
  name: name(60),
  kind: RoundKind,
  /** The teams competing in this round; absent: every team of the event. */
  teamIds: z.array(Id).max(LIMITS.teams).optional(),
  /** An expo round's rules; absent: the defaults (protocol/rounds.ts). */
  expo: ExpoSettings.optional(),
});
export type Round = z.infer<typeof Round>;

export const SessionItem = z.strictObject({
  id: Id,
  kind: z.literal('session'),
  /** The room it runs in; absent: the event's first room (see protocol/rooms.ts). */
  roomId: Id.optional(),
  sessionKind: SessionKind,
  title: name(),
  phases: z.array(Phase).min(1).max(LIMITS.phases),
});
export const PitchItem = z.strictObject({
  id: Id,
  kind: z.literal('pitch'),
  /** The room it runs in; absent: the event's first room (see protocol/rooms.ts). */
  roomId: Id.optional(),
  teamId: Id,
  phases: z.array(Phase).min(1).max(LIMITS.phases),
});
export const AgendaItem = z.discriminatedUnion('kind', [SessionItem, PitchItem]);
export type AgendaItem = z.infer<typeof AgendaItem>;

export const Normalisation = z.enum(['none', 'z-score']);

/** The event's language: what the projector, stage monitor and audience page speak. */
export const Language = z.enum(['fr', 'en']);
export type Language = z.infer<typeof Language>;

// Lives in format.ts (Intl only), so a page that formats a time does not load zod and every schema here.
export { isTimeZone };

/** An IANA time zone name: every device shows the event's times in it. */
export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, { message: 'not a known time zone (e.g. Europe/Zurich)', params: { kind: 'time_zone' } });
export type Normalisation = z.infer<typeof Normalisation>;

export const TieBreaker = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('criterion'), criterionId: Id }),
  z.strictObject({ kind: z.literal('jurorCount') }),
]);
export type TieBreaker = z.infer<typeof TieBreaker>;

export const EventSettings = z.strictObject({
  name: name(),
  /** When the first agenda item is scheduled to start (epoch ms); the rest follow from durations. */
  startsAt: Instant,
  pitchMs: Duration,
  recapMs: Duration,
  amberMs: Duration,
  redMs: Duration,
  /** Move from the pitch phase to the recap phase by itself at 0:00. */
  autoAdvanceToRecap: z.boolean(),
  normalisation: Normalisation,
  tieBreakers: z.array(TieBreaker).max(10),
  language: Language,
  /** Planned and projected times, "printed at", exports and the audit are shown in this zone on every device. */
  timeZone: TimeZone,
});
export type EventSettings = z.infer<typeof EventSettings>;

export const PodiumEvent = z.strictObject({
  settings: EventSettings,
  categories: z.array(Category).max(LIMITS.categories),
  criteria: z.array(Criterion).max(LIMITS.criteria),
  teams: z.array(Team).max(LIMITS.teams),
  jurors: z.array(Juror).max(LIMITS.jurors),
  agenda: z.array(AgendaItem).max(LIMITS.agendaItems),
  /** The event's rooms, the first the main one; absent or empty: one room, DEFAULT_ROOM_ID (protocol/rooms.ts). */
  rooms: z.array(Room).max(LIMITS.rooms).optional(),
  /** The competition's rounds in order; absent or empty: one stage round, as before rounds existed (protocol/rounds.ts). */
  rounds: z.array(Round).max(LIMITS.rounds).optional(),
  /** The round being run; absent: the first. */
  currentRoundId: Id.optional(),
});
export type PodiumEvent = z.infer<typeof PodiumEvent>;

// ---- live state -------------------------------------------------------------

export const TimerStatus = z.enum(['idle', 'running', 'paused']);
export type TimerStatus = z.infer<typeof TimerStatus>;

/**
 * The server's clock for the current phase, stored as an anchor: while running,
 * `endsAt` is the instant the phase reaches 0:00; otherwise `remainingMs` holds.
 * Negative remaining time is overtime.
 */
export const Timer = z.strictObject({
  status: TimerStatus,
  durationMs: Duration,
  endsAt: Instant.nullable(),
  remainingMs: z.number().int(),
});
export type Timer = z.infer<typeof Timer>;

export const ItemLog = z.strictObject({ startedAt: Instant.nullable(), endedAt: Instant.nullable() });
export type ItemLog = z.infer<typeof ItemLog>;

export const StageMessage = z.strictObject({
  text: name(LIMITS.message),
  flash: z.boolean(),
  at: Instant,
});
export type StageMessage = z.infer<typeof StageMessage>;

export const Live = z.strictObject({
  /** Index into the agenda; -1 before the show starts. */
  itemIndex: z.number().int().min(-1),
  phaseIndex: z.number().int().min(0),
  timer: Timer,
  /** When each agenda item really started and ended, by item id. */
  itemLog: z.record(Id, ItemLog),
  message: StageMessage.nullable(),
});
export type Live = z.infer<typeof Live>;

// zod drops a `__proto__` key from a record silently; a mark under a reserved name is refused instead.
export const Marks = z
  .custom<Record<string, number>>((m) => !(m && typeof m === 'object' && Object.keys(m).some(isReservedId)), 'a mark names a reserved id')
  .pipe(z.record(Id, z.number().int()));
export type Marks = z.infer<typeof Marks>;

export const Score = z.strictObject({
  jurorId: Id,
  teamId: Id,
  marks: Marks,
  note: text(LIMITS.note),
  /** The juror's own increasing revision for this team. */
  revision: z.number().int().min(1),
  updatedAt: Instant,
});
export type Score = z.infer<typeof Score>;

export const ScoringWindow = z.enum(['not-open', 'open', 'closed']);
export type ScoringWindow = z.infer<typeof ScoringWindow>;

export const VisibilityMode = z.enum(['hidden', 'live', 'frozen', 'reveal']);
export type VisibilityMode = z.infer<typeof VisibilityMode>;

export const AuditEntry = z.strictObject({
  at: Instant,
  actor: z.string().max(80),
  action: z.string().max(80),
  teamId: Id.optional(),
  jurorId: Id.optional(),
  fromRevision: z.number().int().nullable().optional(),
  toRevision: z.number().int().optional(),
  detail: z.string().max(4000).optional(),
  /** The round the action was taken in, in an event with rounds. */
  roundId: Id.optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const LeaderboardRow = z.strictObject({
  teamId: Id,
  /** 1-based; teams that cannot be separated share a rank. */
  rank: z.number().int().min(1),
  tied: z.boolean(),
  /** Mean over jurors of their weighted score, on the criteria's scale; null with no scores. */
  score: z.number().nullable(),
  criteria: z.record(Id, z.number().nullable()),
  jurorCount: z.number().int().min(0),
  expectedJurors: z.number().int().min(0),
  provisional: z.boolean(),
});
export type LeaderboardRow = z.infer<typeof LeaderboardRow>;

export const Leaderboard = z.strictObject({
  overall: z.array(LeaderboardRow),
  byCategory: z.record(Id, z.array(LeaderboardRow)),
  computedAt: Instant,
});
export type Leaderboard = z.infer<typeof Leaderboard>;

// ---- the people's vote (issue 16) -------------------------------------------

/** How many one-time ticket codes an event may hold (one per badge). */
export const VOTE_LIMITS = { tickets: 5000, ticketBatch: 2000 } as const;

/** A ticket code: what a badge's QR code carries. Short enough to type, long enough not to guess. */
export const TicketCode = z.string().min(8).max(32).regex(/^[A-Z0-9]+$/, 'a ticket code is capital letters and digits');

export const PeopleVoteStatus = z.enum(['not-open', 'open', 'closed']);
export type PeopleVoteStatus = z.infer<typeof PeopleVoteStatus>;

/** The people's vote as the organiser sets it: small, compared whole by the change tracker. */
export const PeopleVote = z.strictObject({
  status: PeopleVoteStatus,
  openedAt: Instant.nullable(),
  /** With a duration: when the vote closes by itself; null: the organiser closes it. */
  closesAt: Instant.nullable(),
  closedAt: Instant.nullable(),
  /** The tally is shown to the room (the projector, the audience page); until then, the organiser alone sees it. */
  shown: z.boolean(),
  /** Only holders of a ticket code vote. */
  ticketMode: z.boolean(),
  /** The audience's share, in percent, of a ranking blended with the jury's by rank points; 0: no blend. */
  audienceWeight: z.number().int().min(0).max(100),
  /**
   * The people's choice is its own award in the winners' reveal, once the vote is closed.
   * A default, not required: files written before it existed (schema 5 all the same) open as they were.
   */
  inReveal: z.boolean().default(false),
});
export type PeopleVote = z.infer<typeof PeopleVote>;

/** One device's vote (or one ticket's): the last one counts. */
export const Ballot = z.strictObject({
  teamId: Id,
  /** The device's own increasing revision: an older vote arriving late does not replace a newer one. */
  revision: z.number().int().min(1),
  at: Instant,
  /** The address it came from, for the organiser's view of suspicious patterns. */
  address: z.string().max(64),
  ticket: TicketCode.optional(),
});
export type Ballot = z.infer<typeof Ballot>;

export const initialPeopleVote = (): PeopleVote => ({
  status: 'not-open',
  openedAt: null,
  closesAt: null,
  closedAt: null,
  shown: false,
  ticketMode: false,
  audienceWeight: 0,
  inReveal: false,
});

// ---- rounds and the expo queue (issues 17 and 18) ---------------------------

export const VisitOutcome = z.enum(['open', 'scored', 'skipped', 'absent', 'timed-out']);

/** One juror at one table (server/domain/expo-queue.ts's Visit). */
export const Visit = z.strictObject({
  jurorId: Id,
  teamId: Id,
  startedAt: Instant,
  endedAt: Instant.nullable(),
  outcome: VisitOutcome,
  reason: text(LIMITS.shortText).optional(),
});

/** The current expo round's queue: every visit, the teams out after absence reports, the paused jurors. */
export const ExpoQueueState = z.strictObject({
  visits: z.array(Visit).max(LIMITS.visits),
  absent: z.array(Id).max(LIMITS.teams),
  restoredAt: z.record(Id, Instant),
  paused: z.array(Id).max(LIMITS.jurors),
  /** The organiser's message to every juror in the hall ("10 minutes left"); absent or null: none. */
  message: z.strictObject({ text: z.string().max(LIMITS.message), at: Instant }).nullable().optional(),
});
export type ExpoQueueState = z.infer<typeof ExpoQueueState>;

export const emptyExpoQueueState = (): ExpoQueueState => ({ visits: [], absent: [], restoredAt: {}, paused: [] });

/** What a juror was assigned in a closed round, kept so its completeness reads as it did. */
export const ArchivedAssignment = z.strictObject({
  assignedRooms: z.array(Id).max(LIMITS.rooms).optional(),
  assignedTeams: z.array(Id).max(LIMITS.teams).optional(),
});

/**
 * A closed round as it stood when it closed: enough to rank it again, export it and print it, whatever the
 * event became since (new criteria, new agenda, new panels). Written once, when the round closes.
 */
export const RoundArchive = z.strictObject({
  round: Round,
  closedAt: Instant,
  criteria: z.array(Criterion).max(LIMITS.criteria),
  categories: z.array(Category).max(LIMITS.categories),
  normalisation: Normalisation,
  tieBreakers: z.array(TieBreaker).max(10),
  rooms: z.array(Room).max(LIMITS.rooms).optional(),
  agenda: z.array(AgendaItem).max(LIMITS.agendaItems),
  /** By juror id. */
  assignments: z.record(Id, ArchivedAssignment),
  /** Keyed by `${jurorId}:${teamId}`, as `scores`. */
  scores: z.record(z.string(), Score),
  /** An expo round's queue as it ended. */
  expo: ExpoQueueState.optional(),
  /** The teams that went on from this round, in the order they were placed. */
  advanced: z.array(Id).max(LIMITS.teams),
});
export type RoundArchive = z.infer<typeof RoundArchive>;

export const SCHEMA_VERSION = 7;

/** Everything Podium keeps on disk. */
export const PodiumData = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  organiserToken: Token,
  /** The stage crew's token for the control API (stream decks, the vision mixer): drives the show and nothing else; null until the organiser makes one. */
  operatorToken: Token.nullable(),
  event: PodiumEvent,
  /** The main room's show (the only one of a single-stage event); read any room's through `liveOf` (protocol/rooms.ts). */
  live: Live,
  /** The show of every other room, by room id: each room runs its own agenda and clock at once. */
  roomsLive: z.record(Id, Live),
  /** Each room host's token, by room id: drives that room's show from its own laptop, and nothing else. */
  roomHostTokens: z.record(Id, Token),
  /** Keyed by `${jurorId}:${teamId}`. */
  scores: z.record(z.string(), Score),
  /** Operation ids already applied, so a retried submission is not applied twice. Keyed by op id → score key. */
  appliedOps: z.record(z.string(), z.string()),
  scoring: z.record(Id, ScoringWindow),
  visibility: z.strictObject({
    mode: VisibilityMode,
    /** The leaderboard as it was when frozen (or when the reveal began). */
    frozenAt: Instant.nullable(),
    frozenBoard: Leaderboard.nullable(),
    revealStep: z.number().int().min(0),
    /** Which category the projector shows; null = overall; 'rotate' cycles. */
    focus: z.union([Id, z.literal('rotate')]).nullable(),
  }),
  audit: z.array(AuditEntry),
  peopleVote: PeopleVote,
  /** The people's votes, keyed by device id (or by ticket code in ticket mode). */
  ballots: z.record(z.string(), Ballot),
  /** One-time ticket codes → the device that used it ('' while unused). */
  tickets: z.record(z.string(), z.string().max(64)),
  /** Closed rounds, by round id (the event's `rounds` says their order). */
  roundArchives: z.record(Id, RoundArchive),
  /** The current round's expo queue; empty in a stage round. */
  expo: ExpoQueueState,
});
export type PodiumData = z.infer<typeof PodiumData>;

export const scoreKey = (jurorId: string, teamId: string) => `${jurorId}:${teamId}`;
