import { describe, expect, it } from 'vitest';
import { PodiumData, type AgendaItem } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import * as agenda from '../../server/domain/agenda.ts';
import { demoEvent } from '../../server/domain/demo-event.ts';
import { pitchPhases } from '../../server/domain/event-builder.ts';
import { emptyData } from '../../server/domain/new-event.ts';
import { remainingAt } from '../../server/domain/timer.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 5, 1, 14, 0);

/** welcome 10 min, pitch A (5 + 3), pitch B (5 + 3), awards 15 min; starts at T0. */
function show(options: { autoAdvance?: boolean } = {}): PodiumData {
  const event = demoEvent(new Date(T0));
  const [a, b] = event.teams;
  const session = (id: string, title: string, minutes: number): AgendaItem => ({
    id,
    kind: 'session',
    sessionKind: 'other',
    title,
    phases: [{ name: title, durationMs: minutes * MIN }],
  });
  event.agenda = [
    session('welcome', 'Welcome', 10),
    { id: 'pitch-a', kind: 'pitch', teamId: a!.id, phases: pitchPhases(5 * MIN, 3 * MIN) },
    { id: 'pitch-b', kind: 'pitch', teamId: b!.id, phases: pitchPhases(5 * MIN, 3 * MIN) },
    session('awards', 'Awards', 15),
  ];
  event.settings.startsAt = T0;
  event.settings.autoAdvanceToRecap = options.autoAdvance ?? false;
  return emptyData(event);
}

const where = (d: PodiumData) => [d.live.itemIndex, d.live.phaseIndex];

function refuses(d: PodiumData, fn: (d: PodiumData) => void, message: RegExp) {
  const before = JSON.stringify(d);
  let error: unknown;
  try {
    fn(d);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect((error as Error).message).toMatch(message);
  expect(JSON.stringify(d)).toBe(before);
}

describe('the schedule', () => {
  it('plans each item after the previous one and titles pitches by team', () => {
    const d = show();
    const s = agenda.schedule(d, T0);
    expect(s.map((i) => i.scheduledStart - T0)).toEqual([0, 10 * MIN, 18 * MIN, 26 * MIN]);
    expect(s.map((i) => i.plannedMs)).toEqual([10 * MIN, 8 * MIN, 8 * MIN, 15 * MIN]);
    expect(s[1]!.title).toBe(d.event.teams[0]!.name);
    expect(s.every((i) => i.log === null)).toBe(true);
  });

  it('says what is on now: the team, its category, the phase and what comes next', () => {
    const d = show();
    expect(agenda.nowShowing(d, agenda.schedule(d, T0))).toMatchObject({ itemIndex: -1, item: null, phaseName: null, next: { title: 'Welcome' } });
    agenda.jump(d, 'pitch-a', T0);
    const now = agenda.nowShowing(d, agenda.schedule(d, T0));
    expect(now.team?.id).toBe(d.event.teams[0]!.id);
    expect(now.category?.id).toBe(d.event.teams[0]!.categoryId);
    expect(now.phaseName).toBe('Pitch');
    expect(now.next?.item.id).toBe('pitch-b');
  });
});

describe('driving the show', () => {
  it('the first start enters the first item, records its real start and runs its clock', () => {
    const d = show();
    agenda.startTimer(d, T0 + 2 * MIN);
    expect(where(d)).toEqual([0, 0]);
    expect(d.live.timer).toMatchObject({ status: 'running', endsAt: T0 + 12 * MIN });
    expect(d.live.itemLog.welcome).toEqual({ startedAt: T0 + 2 * MIN, endedAt: null });
  });

  it('pause and resume keep the real start of the item', () => {
    const d = show();
    agenda.toggleTimer(d, T0);
    agenda.toggleTimer(d, T0 + MIN);
    expect(d.live.timer).toMatchObject({ status: 'paused', remainingMs: 9 * MIN });
    agenda.toggleTimer(d, T0 + 5 * MIN);
    expect(d.live.timer.endsAt).toBe(T0 + 14 * MIN);
    expect(d.live.itemLog.welcome!.startedAt).toBe(T0);
  });

  it('starting a pitch opens its scoring', () => {
    const d = show();
    agenda.jump(d, 'pitch-a', T0);
    expect(d.scoring[d.event.teams[0]!.id] ?? 'not-open').toBe('not-open');
    agenda.startTimer(d, T0);
    expect(d.scoring[d.event.teams[0]!.id]).toBe('open');
  });

  it('adds time and restarts the phase at its planned length', () => {
    const d = show();
    agenda.startTimer(d, T0);
    agenda.adjustTimer(d, 30_000, T0 + MIN);
    expect(remainingAt(d.live.timer, T0 + MIN)).toBe(9 * MIN + 30_000);
    agenda.restartPhase(d, T0 + 2 * MIN);
    expect(d.live.timer).toMatchObject({ status: 'running', durationMs: 10 * MIN, endsAt: T0 + 12 * MIN });
  });

  it('refuses clock changes before the show and changes nothing', () => {
    const d = show();
    refuses(d, (x) => agenda.adjustTimer(x, 30_000, T0), /not started/);
    refuses(d, (x) => agenda.restartPhase(x, T0), /not started/);
    refuses(d, (x) => agenda.previous(x, T0), /not started/);
    const empty = show();
    empty.event.agenda = [];
    refuses(empty, (x) => agenda.startTimer(x, T0), /empty/);
    refuses(empty, (x) => agenda.next(x, T0), /empty/);
  });

  it('next moves phase by phase with the clock running, then to the next item whose clock waits', () => {
    const d = show();
    agenda.jump(d, 'pitch-a', T0);
    agenda.startTimer(d, T0);
    agenda.next(d, T0 + 5 * MIN);
    expect(where(d)).toEqual([1, 1]);
    expect(d.live.timer).toMatchObject({ status: 'running', durationMs: 3 * MIN, endsAt: T0 + 8 * MIN });
    agenda.next(d, T0 + 9 * MIN);
    expect(where(d)).toEqual([2, 0]);
    expect(d.live.timer).toMatchObject({ status: 'idle', remainingMs: 5 * MIN });
    expect(d.live.itemLog['pitch-a']).toEqual({ startedAt: T0, endedAt: T0 + 9 * MIN });
  });

  it('next from before the show enters the first item; at the very end it is refused', () => {
    const d = show();
    agenda.next(d, T0);
    expect(where(d)).toEqual([0, 0]);
    agenda.jump(d, 'awards', T0);
    refuses(d, (x) => agenda.next(x, T0), /last item/);
  });

  it('previous goes back a phase, then to the last phase of the previous item; at the start it is refused', () => {
    const d = show();
    agenda.jump(d, 'pitch-b', T0);
    agenda.next(d, T0);
    expect(where(d)).toEqual([2, 1]);
    agenda.previous(d, T0);
    expect(where(d)).toEqual([2, 0]);
    agenda.previous(d, T0);
    expect(where(d)).toEqual([1, 1]);
    expect(d.live.timer).toMatchObject({ status: 'idle', durationMs: 3 * MIN });
    agenda.jump(d, 'welcome', T0);
    refuses(d, (x) => agenda.previous(x, T0), /first item/);
  });

  it('jump goes to any item, ends the one that was running, and refuses an unknown id', () => {
    const d = show();
    agenda.startTimer(d, T0);
    agenda.jump(d, 'awards', T0 + 3 * MIN);
    expect(where(d)).toEqual([3, 0]);
    expect(d.live.timer.status).toBe('idle');
    expect(d.live.itemLog.welcome!.endedAt).toBe(T0 + 3 * MIN);
    refuses(d, (x) => agenda.jump(x, 'nowhere', T0), /no such/);
  });

  it('a stage message is part of the live state', () => {
    const d = show();
    d.live.message = { text: 'Wrap up', flash: true, at: T0 };
    expect(PodiumData.safeParse(d).success).toBe(true);
  });
});

describe('auto-advance from the pitch to the recap', () => {
  it('does nothing when the option is off', () => {
    const d = show();
    agenda.jump(d, 'pitch-a', T0);
    agenda.startTimer(d, T0);
    expect(agenda.autoAdvance(d, T0 + 6 * MIN)).toBe(false);
    expect(where(d)).toEqual([1, 0]);
  });

  it('moves on at 0:00, anchored at the moment the pitch ended, not when it was noticed', () => {
    const d = show({ autoAdvance: true });
    agenda.jump(d, 'pitch-a', T0);
    agenda.startTimer(d, T0);
    agenda.adjustTimer(d, 30_000, T0 + MIN);
    expect(agenda.autoAdvance(d, T0 + 5 * MIN)).toBe(false);
    // Noticed 1.7 s late (a slow tick, or a server that was down).
    expect(agenda.autoAdvance(d, T0 + 5 * MIN + 30_000 + 1_700)).toBe(true);
    expect(where(d)).toEqual([1, 1]);
    expect(d.live.timer).toMatchObject({ status: 'running', endsAt: T0 + 5 * MIN + 30_000 + 3 * MIN });
    // The recap is not a pitch phase: it runs on into overtime.
    expect(agenda.autoAdvance(d, T0 + 20 * MIN)).toBe(false);
  });

  it('leaves a paused pitch and sessions alone', () => {
    const d = show({ autoAdvance: true });
    agenda.startTimer(d, T0);
    expect(agenda.autoAdvance(d, T0 + 11 * MIN)).toBe(false);
    agenda.jump(d, 'pitch-a', T0);
    agenda.startTimer(d, T0);
    agenda.pauseTimer(d, T0 + 5 * MIN);
    expect(agenda.autoAdvance(d, T0 + 6 * MIN)).toBe(false);
  });
});

describe('schedule drift', () => {
  const planEnd = T0 + 41 * MIN;

  it('on time before the start; late once the start has passed without the show', () => {
    const d = show();
    expect(agenda.drift(d, T0 - 5 * MIN)).toEqual({ lateMs: 0, projectedEnd: planEnd, plannedEnd: planEnd });
    expect(agenda.drift(d, T0 + 3 * MIN).lateMs).toBe(3 * MIN);
  });

  it('"running 7 min late": the welcome overran by 7 minutes', () => {
    const d = show();
    agenda.startTimer(d, T0);
    agenda.next(d, T0 + 17 * MIN);
    const drift = agenda.drift(d, T0 + 17 * MIN);
    expect(drift.lateMs).toBe(7 * MIN);
    expect(drift.projectedEnd).toBe(planEnd + 7 * MIN);
    const [, a] = agenda.schedule(d, T0 + 17 * MIN);
    expect(a!.scheduledStart).toBe(T0 + 10 * MIN);
  });

  it('grows with overtime and shrinks when a pitch ends early', () => {
    const d = show();
    agenda.jump(d, 'pitch-a', T0 + 10 * MIN);
    agenda.startTimer(d, T0 + 10 * MIN);
    // 2 min into overtime of the pitch phase: the recap is still to come.
    expect(agenda.drift(d, T0 + 17 * MIN).lateMs).toBe(2 * MIN);
    const early = show();
    agenda.jump(early, 'pitch-a', T0 + 10 * MIN);
    agenda.startTimer(early, T0 + 10 * MIN);
    agenda.next(early, T0 + 12 * MIN);
    expect(agenda.drift(early, T0 + 12 * MIN).lateMs).toBe(-3 * MIN);
  });

  it('a paused clock makes the show later with every minute', () => {
    const d = show();
    agenda.startTimer(d, T0);
    agenda.pauseTimer(d, T0 + MIN);
    expect(agenda.drift(d, T0 + MIN).lateMs).toBe(0);
    expect(agenda.drift(d, T0 + 6 * MIN).lateMs).toBe(5 * MIN);
  });
});

describe('projected start times', () => {
  const starts = (d: PodiumData, now: number) => agenda.schedule(d, now).map((s) => s.projectedStart - T0);

  it('before the start they are the planned times', () => {
    const d = show();
    expect(starts(d, T0 - 5 * MIN)).toEqual([0, 10 * MIN, 18 * MIN, 26 * MIN]);
  });

  it('after a 9-minute late start every later item moves 9 minutes, and agrees with the drift', () => {
    const d = show();
    agenda.startTimer(d, T0 + 9 * MIN);
    const now = T0 + 11 * MIN;
    expect(starts(d, now)).toEqual([9 * MIN, 19 * MIN, 27 * MIN, 35 * MIN]);
    const s = agenda.schedule(d, now);
    const last = s.at(-1)!;
    expect(last.projectedStart + last.plannedMs).toBe(agenda.drift(d, now).projectedEnd);
    expect(agenda.drift(d, now).lateMs).toBe(9 * MIN);
  });

  it('an item already started keeps its real start; an overrun pushes what follows', () => {
    const d = show();
    agenda.startTimer(d, T0);
    agenda.next(d, T0 + 12 * MIN);
    agenda.startTimer(d, T0 + 13 * MIN);
    // Pitch A: 5 min pitch, now 2 min into overtime.
    expect(starts(d, T0 + 20 * MIN)).toEqual([0, 13 * MIN, 23 * MIN, 31 * MIN]);
  });

  it('a show running ahead brings the next items forward', () => {
    const d = show();
    agenda.startTimer(d, T0);
    agenda.next(d, T0 + 6 * MIN);
    expect(starts(d, T0 + 6 * MIN)).toEqual([0, 6 * MIN, 14 * MIN, 22 * MIN]);
  });
});

describe('restore after a restart', () => {
  const reopen = (d: PodiumData) => PodiumData.parse(JSON.parse(JSON.stringify(d)));

  it('a running timer keeps running from its stored anchor', () => {
    const d = show();
    agenda.jump(d, 'pitch-a', T0);
    agenda.startTimer(d, T0);
    const back = reopen(d);
    expect(back.live.timer).toEqual(d.live.timer);
    expect(remainingAt(back.live.timer, T0 + 2 * MIN + 500)).toBe(3 * MIN - 500);
    expect(agenda.drift(back, T0 + 2 * MIN)).toEqual(agenda.drift(d, T0 + 2 * MIN));
  });

  it('a paused timer stays paused with the same remaining time', () => {
    const d = show();
    agenda.startTimer(d, T0);
    agenda.pauseTimer(d, T0 + 61_234);
    const back = reopen(d);
    expect(back.live.timer).toMatchObject({ status: 'paused', remainingMs: 10 * MIN - 61_234 });
    expect(remainingAt(back.live.timer, T0 + 60 * MIN)).toBe(10 * MIN - 61_234);
  });

  it('a pitch that ended while the server was down auto-advances from when it ended', () => {
    const d = show({ autoAdvance: true });
    agenda.jump(d, 'pitch-a', T0);
    agenda.startTimer(d, T0);
    const back = reopen(d);
    expect(agenda.autoAdvance(back, T0 + 6 * MIN)).toBe(true);
    expect(remainingAt(back.live.timer, T0 + 6 * MIN)).toBe(2 * MIN);
  });
});

describe('the message to the speaker', () => {
  const message = (d: PodiumData) => (d.live.message = { text: 'Please wrap up', flash: true, at: T0 });

  it('stays through the phases of the item it was sent in', () => {
    const d = show();
    agenda.jump(d, 'pitch-a', T0);
    agenda.startTimer(d, T0);
    message(d);
    agenda.next(d, T0 + 5 * MIN);
    expect(where(d)).toEqual([1, 1]);
    expect(d.live.message?.text).toBe('Please wrap up');
    agenda.previous(d, T0 + 6 * MIN);
    expect(d.live.message?.text).toBe('Please wrap up');
  });

  it('is cleared when the next item comes on, whichever way it comes', () => {
    const moves: [string, (d: PodiumData) => void][] = [
      ['next', (d) => (agenda.next(d, T0 + 9 * MIN), agenda.next(d, T0 + 9 * MIN))],
      ['previous', (d) => agenda.previous(d, T0 + 9 * MIN)],
      ['jump', (d) => agenda.jump(d, 'pitch-b', T0 + 9 * MIN)],
      ['jump to the start', (d) => agenda.jump(d, 'welcome', T0 + 9 * MIN)],
    ];
    for (const [name, move] of moves) {
      const d = show();
      agenda.jump(d, 'pitch-a', T0);
      agenda.startTimer(d, T0);
      message(d);
      move(d);
      expect(d.live.itemIndex, name).not.toBe(1);
      expect(d.live.message, name).toBeNull();
    }
  });

  it('is kept when a jump is refused', () => {
    const d = show();
    agenda.jump(d, 'pitch-a', T0);
    message(d);
    refuses(d, (x) => agenda.jump(x, 'no-such-item', T0), /no such agenda item/);
    expect(d.live.message?.text).toBe('Please wrap up');
  });
});
