// The times a page moves on by itself between two states are the times the server
// would send if it sent a state at that instant: one formula on both sides.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgendaItem, PodiumData, TimerStatus } from '../../protocol/model.ts';
import { pagePosition, projectAgenda, scheduleDrift } from '../../protocol/projected-times.ts';
import type { PublicState, TimerAnchor } from '../../protocol/views.ts';
import * as agenda from '../../server/domain/agenda.ts';
import { demoEvent } from '../../server/domain/demo-event.ts';
import { pitchPhases } from '../../server/domain/event-builder.ts';
import { emptyData } from '../../server/domain/new-event.ts';
import { publicState, timerAnchor } from '../../server/domain/projection.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const T0 = Date.UTC(2026, 5, 1, 14, 0);

interface Shape {
  items: { pitch: boolean; phases: number[] }[];
  itemIndex: number;
  phaseIndex: number;
  status: TimerStatus;
  remainingMs: number;
  /** Per item before the current one: how far from its planned start it really started. */
  startOffsets: number[];
  currentStarted: boolean;
  sentAt: number;
  elapsed: number;
}

const shape: fc.Arbitrary<Shape> = fc
  .array(fc.record({ pitch: fc.boolean(), phases: fc.array(fc.integer({ min: 0, max: 45 * MIN }), { minLength: 1, maxLength: 3 }) }), {
    minLength: 1,
    maxLength: 30,
  })
  .chain((items) =>
    fc.record({
      items: fc.constant(items),
      // One past the end too: an agenda shortened under a running show.
      itemIndex: fc.integer({ min: -1, max: items.length }),
      phaseIndex: fc.nat({ max: 2 }),
      status: fc.constantFrom<TimerStatus>('idle', 'running', 'paused'),
      remainingMs: fc.integer({ min: -30 * MIN, max: 45 * MIN }),
      startOffsets: fc.array(fc.integer({ min: -10 * MIN, max: 40 * MIN }), { minLength: items.length, maxLength: items.length }),
      currentStarted: fc.boolean(),
      sentAt: fc.integer({ min: T0 - 2 * 60 * MIN, max: T0 + 5 * 60 * MIN }),
      // Between two states: up to three hours of overrun or pause with nothing sent.
      elapsed: fc.integer({ min: 0, max: 3 * 60 * MIN }),
    }),
  );

function dataOf(s: Shape): PodiumData {
  const event = demoEvent(new Date(T0));
  event.settings.startsAt = T0;
  const teams = event.teams;
  event.agenda = s.items.map((it, i): AgendaItem => {
    const phases = it.phases.map((durationMs, p) => ({ name: `Phase ${p + 1}`, durationMs }));
    return it.pitch
      ? { id: `item${i}`, kind: 'pitch', teamId: teams[i % teams.length]!.id, phases }
      : { id: `item${i}`, kind: 'session', sessionKind: 'other', title: `Séance ${i} Économie 🎤`, phases };
  });
  const data = emptyData(event);
  const current = event.agenda[s.itemIndex];
  const phaseIndex = current ? Math.min(s.phaseIndex, current.phases.length - 1) : 0;
  const durationMs = current?.phases[phaseIndex]?.durationMs ?? 0;
  data.live.itemIndex = s.itemIndex;
  data.live.phaseIndex = phaseIndex;
  data.live.timer =
    s.status === 'running'
      ? { status: 'running', durationMs, endsAt: s.sentAt + s.remainingMs, remainingMs: s.remainingMs }
      : { status: s.status, durationMs, endsAt: null, remainingMs: s.remainingMs };
  const planned = agenda.schedule(data, s.sentAt);
  for (let i = 0; i < Math.min(s.itemIndex, planned.length); i++) {
    data.live.itemLog[`item${i}`] = { startedAt: planned[i]!.scheduledStart + s.startOffsets[i]!, endedAt: null };
  }
  if (current && s.currentStarted) data.live.itemLog[current.id] = { startedAt: s.sentAt - s.remainingMs, endedAt: null };
  return data;
}

/** What a public page holds: the last state and anchor sent at `sentAt`. */
function sentAt(data: PodiumData, at: number): { view: PublicState; anchor: TimerAnchor } {
  return { view: publicState(data, at, 1), anchor: timerAnchor(data, at, 1) };
}

describe('projected times on a page between two states', () => {
  it("equal the server's projection recomputed at that instant, for any agenda, position and clock", () => {
    fc.assert(
      fc.property(shape, (s) => {
        const data = dataOf(s);
        const { view, anchor } = sentAt(data, s.sentAt);
        const t = s.sentAt + s.elapsed;
        const onPage = projectAgenda(view.agenda, pagePosition(view, anchor), t).map((x) => x.projectedStart);
        expect(onPage).toEqual(agenda.schedule(data, t).map((x) => x.projectedStart));
      }),
      { numRuns: 400 },
    );
  });

  it("give the console's drift line what the server's drift says at that instant", () => {
    fc.assert(
      fc.property(shape, (s) => {
        const data = dataOf(s);
        const { view, anchor } = sentAt(data, s.sentAt);
        const t = s.sentAt + s.elapsed;
        const position = pagePosition(view, anchor, data.event.settings.startsAt);
        expect(scheduleDrift(view.agenda, position, t)).toEqual(agenda.drift(data, t));
      }),
      { numRuns: 400 },
    );
  });
});

/** Welcome 10 min, pitch A (5 + 3), pitch B (5 + 3); starts at T0. */
function threeItems(): PodiumData {
  const event = demoEvent(new Date(T0));
  event.settings.startsAt = T0;
  const [a, b] = event.teams;
  event.agenda = [
    { id: 'welcome', kind: 'session', sessionKind: 'other', title: 'Welcome', phases: [{ name: 'Welcome', durationMs: 10 * MIN }] },
    { id: 'pitch-a', kind: 'pitch', teamId: a!.id, phases: pitchPhases(5 * MIN, 3 * MIN) },
    { id: 'pitch-b', kind: 'pitch', teamId: b!.id, phases: pitchPhases(5 * MIN, 3 * MIN) },
  ];
  return emptyData(event);
}

describe('projected times, worked by hand', () => {
  it('a pitch 2 min over its 5 pushes the next one 2 min later than when it started on time', () => {
    const data = threeItems();
    const startedAt = T0 + 10 * MIN;
    agenda.startTimer(data, T0);
    agenda.next(data, startedAt);
    agenda.startTimer(data, startedAt);
    // Sent while the pitch still had time: pitch B at 10 + 5 + 3 = 18 min past the start.
    const { view, anchor } = sentAt(data, startedAt + MIN);
    expect(view.agenda[2]!.projectedStart).toBe(T0 + 18 * MIN);
    // Nothing sent since; at 7 min into the pitch it is 2 min over: 20 min past the start.
    const live = projectAgenda(view.agenda, pagePosition(view, anchor), startedAt + 7 * MIN);
    expect(live[2]!.projectedStart).toBe(T0 + 20 * MIN);
    // What has started keeps its real start.
    expect(live[0]!.projectedStart).toBe(T0);
    expect(live[1]!.projectedStart).toBe(startedAt);
  });

  it('a 4-minute pause with 2 min left pushes what follows by the pause', () => {
    const data = threeItems();
    const startedAt = T0 + 10 * MIN;
    agenda.startTimer(data, T0);
    agenda.next(data, startedAt);
    agenda.startTimer(data, startedAt);
    agenda.pauseTimer(data, startedAt + 3 * MIN);
    const { view, anchor } = sentAt(data, startedAt + 3 * MIN);
    expect(view.agenda[2]!.projectedStart).toBe(T0 + 18 * MIN);
    const live = projectAgenda(view.agenda, pagePosition(view, anchor), startedAt + 7 * MIN);
    expect(live[2]!.projectedStart).toBe(T0 + 22 * MIN);
    const position = pagePosition(view, anchor, T0);
    // Planned end 26 min past the start; now 30.
    expect(scheduleDrift(view.agenda, position, startedAt + 7 * MIN)).toEqual({ lateMs: 4 * MIN, projectedEnd: T0 + 30 * MIN, plannedEnd: T0 + 26 * MIN });
  });

  it('before the show, a page late past the planned start moves the first item to now', () => {
    const data = threeItems();
    const { view, anchor } = sentAt(data, T0 - 5 * MIN);
    expect(view.agenda.map((x) => x.projectedStart)).toEqual([T0, T0 + 10 * MIN, T0 + 18 * MIN]);
    const live = projectAgenda(view.agenda, pagePosition(view, anchor), T0 + 6 * MIN);
    expect(live.map((x) => x.projectedStart)).toEqual([T0 + 6 * MIN, T0 + 16 * MIN, T0 + 24 * MIN]);
  });

  it('keeps the items whose time did not move, so a page redraws only what changed', () => {
    const data = threeItems();
    agenda.startTimer(data, T0);
    const { view, anchor } = sentAt(data, T0);
    const live = projectAgenda(view.agenda, pagePosition(view, anchor), T0 + 20 * MIN);
    expect(live[0]).toBe(view.agenda[0]);
    expect(live[1]).not.toBe(view.agenda[1]);
    expect(live[1]!.projectedStart).toBe(T0 + 20 * MIN);
  });
});
