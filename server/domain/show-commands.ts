// The commands that drive the show (the clock, the agenda, the stage message, the
// rankings' visibility and the reveal): one table, so the organiser's console
// (socket events) and the stage crew's control API (HTTP, stream decks) call the
// same domain functions with the same checks. Plain functions, `now` passed in.
import type { Payload } from '../../protocol/events.ts';
import type { PodiumData } from '../../protocol/model.ts';
import * as agenda from './agenda.ts';
import * as visibility from './visibility.ts';

/** The events that move the show and change nothing else: all the operator token may do. */
export const SHOW_COMMANDS = [
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
  'visibility:set',
  'leaderboard:focus',
  'reveal:next',
  'reveal:previous',
  'reveal:restart',
] as const;
export type ShowCommand = (typeof SHOW_COMMANDS)[number];

export type ShowFn<E extends ShowCommand> = (data: PodiumData, payload: Payload<E>, now: number) => void;

export const showCommands: { readonly [E in ShowCommand]: ShowFn<E> } = {
  'timer:start': (d, _p, now) => agenda.startTimer(d, now),
  'timer:pause': (d, _p, now) => agenda.pauseTimer(d, now),
  'timer:toggle': (d, _p, now) => agenda.toggleTimer(d, now),
  'timer:adjust': (d, p, now) => agenda.adjustTimer(d, p.deltaMs, now),
  'timer:restart-phase': (d, _p, now) => agenda.restartPhase(d, now),
  'agenda:next': (d, _p, now) => agenda.next(d, now),
  'agenda:previous': (d, _p, now) => agenda.previous(d, now),
  'agenda:jump': (d, p, now) => agenda.jump(d, p.itemId, now),
  'stage:message': (d, p, now) => {
    d.live.message = { text: p.text, flash: p.flash, at: now };
  },
  'stage:clear': (d) => {
    d.live.message = null;
  },
  'visibility:set': (d, p, now) => visibility.setVisibility(d, p.mode, now),
  'leaderboard:focus': (d, p) => visibility.setFocus(d, p.focus),
  'reveal:next': (d) => visibility.revealNext(d),
  'reveal:previous': (d) => visibility.revealPrevious(d),
  'reveal:restart': (d) => visibility.revealRestart(d),
};

export const isShowCommand = (event: string): event is ShowCommand => (SHOW_COMMANDS as readonly string[]).includes(event);
