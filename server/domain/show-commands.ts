// The commands that drive the show (the clock, the agenda, the stage message, the
// rankings' visibility and the reveal): one table, so the organiser's console
// (socket events) and the stage crew's control API (HTTP, stream decks) call the
// same domain functions with the same checks. Plain functions, `now` passed in.
import { ROOM_SHOW_EVENTS, type Payload } from '../../protocol/events.ts';
import type { PodiumData } from '../../protocol/model.ts';
import * as agenda from './agenda.ts';
import { liveOf } from '../../protocol/rooms.ts';
import * as visibility from './visibility.ts';

/** The events that move the show and change nothing else: all the operator token may do. */
export const SHOW_COMMANDS = [
  ...ROOM_SHOW_EVENTS,
  'visibility:set',
  'leaderboard:focus',
  'reveal:next',
  'reveal:previous',
  'reveal:restart',
] as const;
export type ShowCommand = (typeof SHOW_COMMANDS)[number];

export type ShowFn<E extends ShowCommand> = (data: PodiumData, payload: Payload<E>, now: number) => void;

export const showCommands: { readonly [E in ShowCommand]: ShowFn<E> } = {
  'timer:start': (d, p, now) => agenda.startTimer(d, now, p.room),
  'timer:pause': (d, p, now) => agenda.pauseTimer(d, now, p.room),
  'timer:toggle': (d, p, now) => agenda.toggleTimer(d, now, p.room),
  'timer:adjust': (d, p, now) => agenda.adjustTimer(d, p.deltaMs, now, p.room),
  'timer:restart-phase': (d, p, now) => agenda.restartPhase(d, now, p.room),
  'agenda:next': (d, p, now) => agenda.next(d, now, p.room),
  'agenda:previous': (d, p, now) => agenda.previous(d, now, p.room),
  'agenda:jump': (d, p, now) => agenda.jump(d, p.itemId, now, p.room),
  'stage:message': (d, p, now) => {
    liveOf(d, agenda.roomOrMain(d.event, p.room)).message = { text: p.text, flash: p.flash, at: now };
  },
  'stage:clear': (d, p) => {
    liveOf(d, agenda.roomOrMain(d.event, p.room)).message = null;
  },
  'visibility:set': (d, p, now) => visibility.setVisibility(d, p.mode, now),
  'leaderboard:focus': (d, p) => visibility.setFocus(d, p.focus),
  'reveal:next': (d) => visibility.revealNext(d),
  'reveal:previous': (d) => visibility.revealPrevious(d),
  'reveal:restart': (d) => visibility.revealRestart(d),
};

/** The show commands that run in one room (they take `room`): all a room host may send, with the scoring windows of the room's teams. */
export const ROOM_COMMANDS = ROOM_SHOW_EVENTS;
export type RoomCommand = (typeof ROOM_COMMANDS)[number];
export const isRoomCommand = (event: string): event is RoomCommand => (ROOM_COMMANDS as readonly string[]).includes(event);

export const isShowCommand = (event: string): event is ShowCommand => (SHOW_COMMANDS as readonly string[]).includes(event);
