// The Socket.IO protocol: event names, the zod schema of every client payload,
// and the four typed event maps. Events are named `domain:verb`.
import { z } from 'zod';
import {
  AgendaItem,
  Category,
  CriterionFields,
  Duration,
  EventSettings,
  ExpoSettings,
  Id,
  isReservedId,
  URL_SAFE,
  Juror,
  LIMITS,
  Marks,
  PeopleVote,
  PitchItem,
  Room,
  Round,
  SessionItem,
  TicketCode,
  VOTE_LIMITS,
  Team,
  VisibilityMode,
  withRisingScale,
} from './model.ts';
import type { Ack } from './result.ts';
import { FinalistChoice } from './finalists.ts';
import type { ExpoJurorView, ExpoNextAnswer } from './expo.ts';
import type { StatePatch } from './state-patch.ts';
import type { HostState, JurorPatch, JurorScoresUpdate, JurorState, OrganiserPatch, OrganiserState, PublicState, PublicView, Role, TimerAnchor } from './views.ts';

const Empty = z.strictObject({});
/** A show command's room (absent: the main room, the only one of a single-stage event). */
const InRoom = { room: Id.optional() };
const RoomOnly = z.strictObject(InRoom);

const CategorySave = z.strictObject({ id: Id.optional(), name: Category.shape.name });
/** Upserts: without an id the thing is created and the server picks the id. */
const CriterionSave = withRisingScale(CriterionFields.extend({ id: Id.optional() }));
/** A team's table or zone, a juror's zone: absent keeps it as it is, "" clears it (protocol/model.ts's field otherwise). */
const clearable = <S extends z.ZodType>(field: z.ZodOptional<S>) => z.union([field.unwrap(), z.literal('')]).optional();
const TeamSave = Team.extend({ id: Id.optional(), table: clearable(Team.shape.table), zone: clearable(Team.shape.zone) });
const JurorSave = Juror.pick({ name: true }).extend({ id: Id.optional(), conflicts: Juror.shape.conflicts.optional(), zone: clearable(Juror.shape.zone) });
const SessionSave = SessionItem.extend({ id: Id.optional() });
const PitchSave = PitchItem.extend({ id: Id.optional() });
const AgendaItemSave = z.discriminatedUnion('kind', [SessionSave, PitchSave]);

const ById = z.strictObject({ id: Id });
export const Move = z.strictObject({ id: Id, toIndex: z.number().int().min(0).max(10_000) });

export const Payloads = {
  'clock:ping': Empty,
  /** The organiser's console saw a gap in its patches: send it a fresh snapshot. */
  'organiser:snapshot': Empty,
  /** A page of the room missed a patch of the public state: send it the whole state. */
  'public:snapshot': Empty,

  'settings:update': EventSettings.partial().strict(),
  'category:save': CategorySave,
  'category:remove': ById,
  'category:move': Move,
  'criterion:save': CriterionSave,
  'criterion:remove': ById,
  'criterion:move': Move,
  'team:save': TeamSave,
  'team:remove': ById,
  'team:move': Move,
  'team:import-csv': z.strictObject({ csv: z.string().max(1_000_000) }),
  'juror:save': JurorSave,
  'juror:remove': ById,
  'juror:move': Move,
  'juror:reissue-link': ById,
  'juror:set-conflict': z.strictObject({ jurorId: Id, teamId: Id, conflict: z.boolean() }),
  /**
   * Which rooms and teams each listed juror judges (both empty: every team), in one change: by hand
   * for one juror, or an auto-assignment for all (`auto`: how it was made, for the audit).
   */
  'juror:assign': z.strictObject({
    assignments: z
      .array(z.strictObject({ jurorId: Id, rooms: z.array(Id).max(LIMITS.rooms), teams: z.array(Id).max(LIMITS.teams) }))
      .min(1)
      .max(LIMITS.jurors),
    auto: z.strictObject({ k: z.number().int().min(1).max(LIMITS.jurors), byRoom: z.boolean() }).optional(),
  }),
  'agenda:save': AgendaItemSave,
  'agenda:remove': ById,
  'agenda:move': Move,
  /** A pitch for every team not on the agenda yet, in this room (absent: the main room). */
  'agenda:add-pitches': z.strictObject({ roomId: Id.optional() }),
  /** Replace the whole event with a blank one or the demo, after a backup of the current one. */
  'event:new': z.strictObject({ from: z.enum(['blank', 'demo']) }),

  'timer:start': RoomOnly,
  'timer:pause': RoomOnly,
  'timer:toggle': RoomOnly,
  'timer:adjust': z.strictObject({ ...InRoom, deltaMs: z.number().int().min(-LIMITS.maxDurationMs).max(LIMITS.maxDurationMs) }),
  'timer:restart-phase': RoomOnly,
  'agenda:next': RoomOnly,
  'agenda:previous': RoomOnly,
  'agenda:jump': z.strictObject({ ...InRoom, itemId: Id }),
  'stage:message': z.strictObject({ ...InRoom, text: z.string().trim().min(1).max(LIMITS.message), flash: z.boolean() }),
  'stage:clear': RoomOnly,

  'score:submit': z.strictObject({
    opId: z
      .string()
      .min(8)
      .max(64)
      .regex(URL_SAFE)
      .refine((op) => !isReservedId(op), { message: 'that operation id is a reserved name' }),
    teamId: Id,
    revision: z.number().int().min(1).max(1_000_000),
    marks: Marks.refine((m) => Object.keys(m).length <= LIMITS.criteria, 'too many marks'),
    note: z.string().max(LIMITS.note),
  }),
  'scoring:open': z.strictObject({ teamId: Id.nullable() }),
  'scoring:close': z.strictObject({ teamId: Id.nullable() }),

  'visibility:set': z.strictObject({ mode: VisibilityMode }),
  'leaderboard:focus': z.strictObject({ focus: z.union([Id, z.literal('rotate')]).nullable() }),
  'reveal:next': Empty,
  'reveal:previous': Empty,
  'reveal:restart': Empty,

  /** A new operator token for the control API (stream decks); the previous one stops working. */
  'operator:new-token': Empty,
  /** No operator token: the control API refuses everyone but the organiser. */
  'operator:revoke-token': Empty,
  /** Rooms (issue 17): add or rename one (without an id: a new room), remove an empty one. */
  'room:save': z.strictObject({ id: Id.optional(), name: Room.shape.name }),
  'room:remove': ById,
  /** A room host's link: a new one in place of any previous one, or none. */
  'room:new-host-token': z.strictObject({ roomId: Id }),
  'room:revoke-host-token': z.strictObject({ roomId: Id }),
  /** Rounds (issue 17): add or change one (without an id: a new round), remove or move one not yet run. */
  'round:save': z.strictObject({ id: Id.optional(), name: Round.shape.name, kind: Round.shape.kind, expo: ExpoSettings.optional() }),
  'round:remove': ById,
  'round:move': Move,
  /**
   * Close the current round (`roundId`, so a console that missed a close cannot close the next) and start the
   * next: the finalists by `choice`, pitching in `order` (absent: the order they pitched), panels kept or not.
   */
  'round:close': z.strictObject({
    roundId: Id,
    choice: FinalistChoice,
    order: z.array(Id).max(LIMITS.teams).optional(),
    keepPanels: z.boolean(),
  }),
  /** The people's vote (issue 16): the organiser's commands. */
  'vote:open': z.strictObject({ durationMs: Duration.min(1000).nullable() }),
  'vote:close': Empty,
  'vote:show': z.strictObject({ shown: z.boolean() }),
  // inReveal without its default: a partial patch must not turn it off by leaving it out.
  'vote:settings': PeopleVote.pick({ ticketMode: true, audienceWeight: true }).extend({ inReveal: PeopleVote.shape.inReveal.removeDefault() }).partial().strict(),
  'vote:tickets': z.strictObject({ count: z.number().int().min(1).max(VOTE_LIMITS.ticketBatch) }),
  /** An audience phone's vote: its device's own increasing revision; the ticket code in ticket mode. */
  'vote:cast': z.strictObject({ teamId: Id, revision: z.number().int().min(1).max(1_000_000), ticket: TicketCode.optional() }),
  /** What this device's ballot says now (after a reload). */
  'vote:mine': z.strictObject({ ticket: TicketCode.optional() }),

  /** The expo round (issue 18). A juror: the next table (or the visit under way); leave it with a reason; nobody was there. */
  'expo:next': Empty,
  'expo:skip': z.strictObject({ teamId: Id, reason: z.string().trim().min(1).max(LIMITS.shortText) }),
  'expo:absent': z.strictObject({ teamId: Id }),
  /** The organiser starts the hall: scoring opens at every table of the round (one audited change). */
  'expo:start': Empty,
  /** The organiser: bring a team reported absent back into the queue; pause or resume a juror; a message to every juror in the hall (null: none). */
  'expo:restore': z.strictObject({ teamId: Id }),
  'expo:pause': z.strictObject({ jurorId: Id, paused: z.boolean() }),
  'expo:message': z.strictObject({ text: z.string().trim().min(1).max(LIMITS.message).nullable() }),
  /** The organiser types in a juror's paper score sheet: the same checks and formula as the juror's own score, audited as the organiser's. */
  'expo:score-for': z.strictObject({
    jurorId: Id,
    teamId: Id,
    marks: Marks.refine((m) => Object.keys(m).length <= LIMITS.criteria, 'too many marks'),
    note: z.string().max(LIMITS.note),
  }),
} as const;

export type EventName = keyof typeof Payloads;
export type Payload<E extends EventName> = z.infer<(typeof Payloads)[E]>;

/** The show commands that run in one room (they take `room`): its clock, its agenda and its stage message. */
export const ROOM_SHOW_EVENTS = [
  'timer:start',
  'timer:pause',
  'timer:toggle',
  'timer:adjust',
  'timer:restart-phase',
  'agenda:next',
  'agenda:previous',
  'agenda:jump',
  'stage:message',
  'stage:clear',
] as const satisfies readonly EventName[];

/** What a room host may send, for their own room only: its show commands, and its teams' scoring windows. */
export const HOST_EVENTS: ReadonlySet<EventName> = new Set<EventName>([...ROOM_SHOW_EVENTS, 'scoring:open', 'scoring:close']);

/** What only a juror sends: their score and their walk through the hall. */
export const JUROR_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['score:submit', 'expo:next', 'expo:skip', 'expo:absent']);

/** Which roles may send each event. Anything else is refused with `forbidden`. */
export const AllowedRoles: Record<EventName, readonly Role[]> = Object.fromEntries(
  (Object.keys(Payloads) as EventName[]).map((e) => [
    e,
    e === 'clock:ping'
      ? ['organiser', 'juror', 'public', 'host']
      : JUROR_EVENTS.has(e)
        ? ['juror']
        : e === 'vote:cast' || e === 'vote:mine' || e === 'public:snapshot'
          ? ['public']
          : // A room host drives their own room's show and its teams' scoring (checked again per room by the handler).
            HOST_EVENTS.has(e)
            ? ['organiser', 'host']
            : ['organiser'],
  ]),
) as unknown as Record<EventName, readonly Role[]>;

export interface ScoreSaved {
  teamId: string;
  revision: number;
  opId: string;
}

/** What each event's acknowledgement carries on success. */
export interface AckData {
  'clock:ping': { serverNow: number };
  'category:save': { id: string };
  'criterion:save': { id: string };
  'team:save': { id: string };
  'juror:save': { id: string };
  'agenda:save': { id: string };
  'agenda:add-pitches': { added: number };
  /** The teams added, and the names of the rooms the file created. */
  'team:import-csv': { imported: number; roomsCreated: string[] };
  /** Where the previous event was saved on the server. */
  'event:new': { backup: string };
  'juror:reissue-link': { token: string };
  'operator:new-token': { token: string };
  'room:save': { id: string };
  'round:save': { id: string };
  /** The round that started and its teams, in pitching order. */
  'round:close': { roundId: string; teamIds: string[] };
  'room:new-host-token': { token: string };
  'score:submit': ScoreSaved;
  /** The ballot that counts for this device now (a late older vote is answered with the newer one). */
  'vote:cast': VoteSaved;
  'vote:mine': VoteSaved | null;
  'vote:tickets': { codes: string[] };
  'expo:next': ExpoNextAnswer;
  'expo:score-for': ScoreSaved;
}

export interface VoteSaved {
  teamId: string;
  revision: number;
}
/** What the acknowledgement of event E carries when it succeeds (null for most). */
export type AckOf<E extends EventName> = E extends keyof AckData ? AckData[E] : null;

export type ClientToServerEvents = {
  [E in EventName]: (payload: Payload<E>, ack: Ack<AckOf<E>>) => void;
};

export interface ServerToClientEvents {
  'state:organiser': (state: OrganiserState) => void;
  'state:juror': (state: JurorState) => void;
  'juror:scores': (update: JurorScoresUpdate) => void;
  'juror:patch': (patch: JurorPatch) => void;
  'organiser:patch': (patch: OrganiserPatch) => void;
  'state:public': (state: PublicState) => void;
  /** What changed in the room's public state since the version the room holds. */
  'public:patch': (patch: StatePatch) => void;
  /** A room host's console: their room's show (server/domain/projection.ts hostState). */
  'state:host': (state: HostState) => void;
  'clock:anchor': (anchor: TimerAnchor) => void;
  /** A juror's view of the expo queue changed (paused, a message, a visit timed out); null: not an expo round. */
  'expo:juror': (view: ExpoJurorView | null) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

export interface SocketData {
  role: Role;
  jurorId: string | null;
  view: PublicView | null;
  /** The room a public page shows or a room host drives (absent or null: the main room). */
  roomId?: string | null;
  /** An audience phone's device id, from its signed cookie (server/auth/device.ts); null without a valid one. */
  deviceId?: string | null;
}

/** What a client puts in `handshake.auth`. */
export const HandshakeAuth = z.object({
  token: z.string().max(200).optional(),
  view: z.enum(['screen', 'stage', 'audience']).optional(),
  /** The room a projector, stage monitor, overlay or audience page shows (absent: the main room). */
  room: Id.optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export { AgendaItem };
