// Each room's show as the Live tab drives it (issue 17): the main room's from the
// organiser's state as before, every other room's from `roomShows`, its clock an
// anchor made from its stored timer (the console renders it on its estimate of the
// server's clock, as it does the main room's).
import { m } from '../../../../../protocol/i18n.ts';
import { roomsOf } from '../../../../../protocol/rooms.ts';
import type { NowShowing, OrganiserState, ScheduledItem, ScheduleDrift, TimerAnchor } from '../../../../../protocol/views.ts';
import type { StageMessage, Timer } from '../../../../../protocol/model.ts';

/** What the clock, the agenda and the message panels read of one room's show. */
export interface ShowView {
  roomId: string;
  name: string;
  agenda: ScheduledItem[];
  now: NowShowing;
  drift: ScheduleDrift;
  startsAt: number;
  message: StageMessage | null;
  anchor: TimerAnchor | null;
}

/** A stored timer as an anchor: a running clock counts down to `endsAt`, any other holds its time. */
export function anchorOf(timer: Timer, settings: { amberMs: number; redMs: number }): TimerAnchor {
  return {
    status: timer.status,
    endsAt: timer.status === 'running' ? timer.endsAt : null,
    remainingMs: timer.remainingMs,
    durationMs: timer.durationMs,
    serverNow: 0,
    seq: 0,
    amberMs: settings.amberMs,
    redMs: settings.redMs,
  };
}

/** Every room's show, the main one first; a single-stage event has one. */
export function roomViews(state: OrganiserState, mainAnchor: TimerAnchor | null): ShowView[] {
  const { settings } = state.data.event;
  const rooms = roomsOf(state.data.event);
  const name = (id: string) => rooms.find((r) => r.id === id)?.name || m.rooms_default_name();
  const main: ShowView = {
    roomId: rooms[0]!.id,
    name: name(rooms[0]!.id),
    agenda: state.agenda,
    now: state.now,
    drift: state.drift,
    startsAt: settings.startsAt,
    message: state.data.live.message,
    anchor: mainAnchor,
  };
  return [
    main,
    ...state.roomShows.map((r) => ({
      roomId: r.roomId,
      name: name(r.roomId),
      agenda: r.agenda,
      now: r.now,
      drift: r.drift,
      startsAt: settings.startsAt,
      message: r.message,
      anchor: anchorOf(r.timer, settings),
    })),
  ];
}
