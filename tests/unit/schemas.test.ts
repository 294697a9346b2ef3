// The zod schemas are the first line of defence: what they let through, and what not.
import { describe, expect, it } from 'vitest';
import { Payloads } from '../../protocol/events.ts';
import { Criterion, EventSettings, Juror, LIMITS, PodiumData, Team } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';

const ok = (schema: { safeParse: (v: unknown) => { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe('the stored model', () => {
  it('accepts the demo event as stored data', () => {
    expect(ok(PodiumData, demoData())).toBe(true);
  });

  it('trims names and refuses empty, over-long or extra fields', () => {
    expect(Team.parse({ id: 'a', name: '  ecopals ', project: '', members: [' Ada '], categoryId: null })).toMatchObject({ name: 'ecopals', members: ['Ada'] });
    expect(ok(Team, { id: 'a', name: '   ', project: '', members: [], categoryId: null })).toBe(false);
    expect(ok(Team, { id: 'a', name: 'x'.repeat(LIMITS.shortText + 1), project: '', members: [], categoryId: null })).toBe(false);
    expect(ok(Team, { id: 'a', name: 'x', project: '', members: [], categoryId: null, extra: 1 })).toBe(false);
    expect(ok(Team, { id: 'a b', name: 'x', project: '', members: [], categoryId: null })).toBe(false);
  });

  it('wants a criterion scale of whole numbers with the top above the bottom', () => {
    const c = { id: 'c', name: 'Impact', question: '', weight: 1, min: 1, max: 10 };
    expect(ok(Criterion, c)).toBe(true);
    expect(ok(Criterion, { ...c, max: 1 })).toBe(false);
    expect(ok(Criterion, { ...c, min: 0.5 })).toBe(false);
    expect(ok(Criterion, { ...c, weight: -1 })).toBe(false);
    expect(ok(Criterion, { ...c, max: LIMITS.maxScale + 1 })).toBe(false);
  });

  it('wants juror tokens long and url-safe', () => {
    const j = { id: 'j', name: 'Ana', token: 'a'.repeat(32), conflicts: [] };
    expect(ok(Juror, j)).toBe(true);
    expect(ok(Juror, { ...j, token: 'short' })).toBe(false);
    expect(ok(Juror, { ...j, token: `${'a'.repeat(30)}/x` })).toBe(false);
  });

  it('wants durations as whole milliseconds within six hours', () => {
    const s = demoData().event.settings;
    expect(ok(EventSettings, { ...s, pitchMs: 1.5 })).toBe(false);
    expect(ok(EventSettings, { ...s, pitchMs: LIMITS.maxDurationMs + 1 })).toBe(false);
    expect(ok(EventSettings, { ...s, startsAt: -1 })).toBe(false);
  });
});

describe('builder payloads', () => {
  it('accept what the console sends', () => {
    expect(ok(Payloads['team:save'], { name: 'A', project: '', members: [], categoryId: null })).toBe(true);
    expect(ok(Payloads['criterion:save'], { name: 'A', question: '', weight: 1, min: 1, max: 10 })).toBe(true);
    expect(ok(Payloads['settings:update'], { name: 'Finals' })).toBe(true);
    expect(ok(Payloads['agenda:save'], { kind: 'session', sessionKind: 'break', title: 'Tea', phases: [{ name: 'Tea', durationMs: 1 }] })).toBe(true);
    expect(ok(Payloads['juror:save'], { name: 'Ana' })).toBe(true);
    expect(ok(Payloads['category:move'], { id: 'a', toIndex: 0 })).toBe(true);
  });

  it('refuse wrong types, missing fields, extra fields and huge strings', () => {
    expect(ok(Payloads['team:save'], { name: 'A', project: '', members: 'Ada', categoryId: null })).toBe(false);
    expect(ok(Payloads['team:save'], { name: 'A' })).toBe(false);
    expect(ok(Payloads['category:save'], { name: 'A', colour: 'red' })).toBe(false);
    expect(ok(Payloads['category:save'], { name: 'x'.repeat(100_000) })).toBe(false);
    expect(ok(Payloads['settings:update'], { organiserToken: 'x'.repeat(32) })).toBe(false);
    expect(ok(Payloads['settings:update'], { pitchMs: '300000' })).toBe(false);
    expect(ok(Payloads['criterion:save'], { name: 'A', question: '', weight: Number.NaN, min: 1, max: 10 })).toBe(false);
    expect(ok(Payloads['category:move'], { id: 'a', toIndex: -1 })).toBe(false);
    expect(ok(Payloads['agenda:save'], { kind: 'pitch', teamId: 't', phases: [] })).toBe(false);
    expect(ok(Payloads['juror:save'], { name: 'Ana', token: 'a'.repeat(32) })).toBe(false);
    expect(ok(Payloads['team:import-csv'], { csv: 'x'.repeat(1_000_001) })).toBe(false);
  });
});
