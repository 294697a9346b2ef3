// Starting over: a blank event, or the demo, in place of the current one. The
// organiser keeps their link (the console stays open); jurors are new people,
// so the old juror links go with the old event.
import { emptyExpoQueueState, initialPeopleVote, SCHEMA_VERSION, type Language, type PodiumData, type PodiumEvent } from '../../protocol/model.ts';
import { machineTimeZone } from '../../protocol/format.ts';
import { newToken } from './ids.ts';
import { idleLive } from '../../protocol/rooms.ts';

const MIN = 60_000;

/** Where and how an event speaks: its language and its IANA time zone. */
export interface Locality {
  language: Language;
  timeZone: string;
}

/** English, in this machine's time zone: what tests and older callers get. */
export const defaultLocality = (): Locality => ({ language: 'en', timeZone: machineTimeZone() });

/** The state an event starts in: nothing live, nothing scored, the results hidden, no audit yet. */
export function emptyData(event: PodiumEvent, organiserToken = newToken()): PodiumData {
  return {
    schemaVersion: SCHEMA_VERSION,
    organiserToken,
    operatorToken: null,
    event,
    live: idleLive(),
    roomsLive: {},
    roomHostTokens: {},
    scores: {},
    appliedOps: {},
    scoring: {},
    visibility: { mode: 'hidden', frozenAt: null, frozenBoard: null, revealStep: 0, focus: null },
    audit: [],
    peopleVote: initialPeopleVote(),
    ballots: {},
    tickets: {},
    roundArchives: {},
    expo: emptyExpoQueueState(),
  };
}

export type NewEventKind = 'blank' | 'demo';

/** Nothing but settings: no categories, criteria, teams, jurors or agenda. Starts at the next full hour. */
export function blankEvent(now: Date = new Date(), locality: Locality = defaultLocality()): PodiumEvent {
  const start = new Date(now);
  start.setMinutes(0, 0, 0);
  start.setHours(start.getHours() + 1);
  return {
    settings: {
      name: locality.language === 'fr' ? 'Nouvel événement' : 'New event',
      startsAt: start.getTime(),
      pitchMs: 5 * MIN,
      recapMs: 3 * MIN,
      amberMs: 1 * MIN,
      redMs: 30_000,
      autoAdvanceToRecap: false,
      normalisation: 'none',
      tieBreakers: [{ kind: 'jurorCount' }],
      language: locality.language,
      timeZone: locality.timeZone,
    },
    categories: [],
    criteria: [],
    teams: [],
    jurors: [],
    agenda: [],
  };
}

/**
 * Replaces the event, its scores and the live state with `event`; keeps the
 * organiser's token, the operator's and the audit log, and records the change in the log with
 * where the previous event was saved.
 */
export function startNewEvent(data: PodiumData, event: PodiumEvent, kind: NewEventKind, backupFile: string, now: number): void {
  const previous = data.event;
  const scores = Object.keys(data.scores).length;
  const fresh = emptyData(event, data.organiserToken);
  data.event = fresh.event;
  data.live = fresh.live;
  // The new event's rooms are not the old one's: their shows and their hosts' links go.
  data.roomsLive = fresh.roomsLive;
  data.roomHostTokens = fresh.roomHostTokens;
  data.scores = {};
  data.appliedOps = {};
  data.scoring = {};
  data.visibility = fresh.visibility;
  // The people's vote was about the old teams; printed ticket codes belonged to the old event's badges.
  data.peopleVote = fresh.peopleVote;
  data.ballots = {};
  data.tickets = {};
  data.roundArchives = {};
  data.expo = fresh.expo;
  data.audit.push({
    at: now,
    actor: 'organiser',
    action: 'event:new',
    detail:
      `Started ${kind === 'demo' ? 'from the demo event' : 'a blank event'} in place of "${previous.settings.name}" ` +
      `(${previous.teams.length} teams, ${previous.jurors.length} jurors, ${scores} scores), saved first to ${backupFile}`,
  });
}
