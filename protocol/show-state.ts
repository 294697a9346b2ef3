// The show in one flat record, for a vision mixer, a stream deck's buttons and
// scripts (the control API's `GET /api/v1/state`): what the projector shows, read
// from the projector's own state and clock anchor, so the two always agree.
// Flat (no nesting) and snake_case, as vMix data sources and Companion variables take it.
import { formatClock, urgency, type Urgency } from './clock.ts';
import { formatDuration, formatTime } from './format.ts';
import type { TimerStatus, VisibilityMode } from './model.ts';
import { pagePosition, projectStarts, remainingAt, scheduleDrift } from './projected-times.ts';
import type { PublicState, TimerAnchor } from './views.ts';

/** Within a minute of the plan the show is on time, as the console says it. */
export const ON_TIME_WITHIN_MS = 60_000;

export interface ShowState {
  event: string;
  language: 'fr' | 'en';
  /** The agenda item on stage, null before the show; its 1-based position (0 before the show) of `item_count`. */
  item_id: string | null;
  item_title: string;
  item_kind: 'pitch' | 'session' | '';
  item_position: number;
  item_count: number;
  /** The team on stage during a pitch, else empty. */
  team: string;
  project: string;
  category: string;
  /** The phase of the item (Pitch, Q&A, …) and its 1-based position. */
  phase: string;
  phase_position: number;
  phase_count: number;
  status: TimerStatus;
  /** Seconds on the clock as it reads: 4:59.2 is 300; negative in overtime (−12 reads +0:12). */
  remaining_seconds: number;
  /** The clock as the projector shows it: "4:59", "+0:12". */
  remaining: string;
  overtime: boolean;
  overtime_seconds: number;
  /** normal, amber or red: the projector's colour. */
  urgency: Urgency;
  /** Positive: the show runs late by this many seconds; negative: ahead. */
  late_seconds: number;
  running_late: boolean;
  /** "9 min" in the event's language, empty when on time. */
  late: string;
  next_item_id: string | null;
  next_item_title: string;
  /** When the next item starts at this pace, in the event's time zone ("16:45"), and as epoch ms. */
  next_start: string;
  next_start_ms: number | null;
  visibility: VisibilityMode;
  reveal_step: number;
  reveal_total: number;
  /** The stage message the speaker sees, empty when none. */
  message: string;
  server_time: number;
}

/** Whole seconds as the clock reads them (formatClock's rounding), negative in overtime. */
const clockSeconds = (ms: number) => (ms < 0 ? -Math.floor(-ms / 1000) : Math.ceil(ms / 1000));

export function showState(state: PublicState, anchor: Pick<TimerAnchor, 'status' | 'endsAt' | 'remainingMs'>, now: number): ShowState {
  const { now: on, agenda } = state;
  const item = on.item;
  const remainingMs = item ? remainingAt(anchor, now) : 0;
  const position = pagePosition(state, anchor);
  const drift = scheduleDrift(agenda, position, now);
  const late = Math.round(drift.lateMs / 1000);
  const runningLate = drift.lateMs >= ON_TIME_WITHIN_MS;
  const next = on.next;
  // Moved on to `now`, as the projector moves its times on between two states.
  const nextStart = next ? (projectStarts(agenda, position, now).starts[on.itemIndex + 1] ?? next.projectedStart) : null;
  const seconds = clockSeconds(remainingMs);
  return {
    event: state.eventName,
    language: state.language,
    item_id: item?.item.id ?? null,
    item_title: item?.title ?? '',
    item_kind: item?.item.kind ?? '',
    item_position: on.itemIndex + 1,
    item_count: agenda.length,
    team: on.team?.name ?? '',
    project: on.team?.project ?? '',
    category: on.category?.name ?? '',
    phase: on.phaseName ?? '',
    phase_position: item ? on.phaseIndex + 1 : 0,
    phase_count: item?.item.phases.length ?? 0,
    status: anchor.status,
    remaining_seconds: seconds,
    remaining: item ? formatClock(remainingMs) : '',
    overtime: seconds < 0,
    overtime_seconds: Math.max(0, -seconds),
    urgency: item ? urgency(remainingMs, state.amberMs, state.redMs) : 'normal',
    late_seconds: late,
    running_late: runningLate,
    late: runningLate ? formatDuration(drift.lateMs, state.language, { round: 'minute' }) : '',
    next_item_id: next?.item.id ?? null,
    next_item_title: next?.title ?? '',
    next_start: nextStart === null ? '' : formatTime(nextStart, state),
    next_start_ms: nextStart,
    visibility: state.visibility.mode,
    reveal_step: state.reveal?.step ?? 0,
    reveal_total: state.reveal?.total ?? 0,
    message: state.message?.text ?? '',
    server_time: now,
  };
}

/** The text form (`?format=text`): one `name: value` line each, for tools that read plain text. */
export function showStateText(state: ShowState): string {
  return `${Object.entries(state)
    .map(([k, v]) => `${k}: ${v ?? ''}`)
    .join('\n')}\n`;
}
