import { describe, expect, it } from 'vitest';
import { PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { schedule } from '../../server/domain/agenda.ts';

describe('the demo event', () => {
  const data = demoData(undefined, new Date(2026, 10, 23, 9, 0));

  it('is valid against the stored schema', () => {
    expect(PodiumData.safeParse(data).success).toBe(true);
  });

  it('is the award of the brief: four criteria with their questions, nine categories, ecopals first', () => {
    expect(data.event.criteria.map((c) => c.name)).toEqual(['Impact', 'Reach', 'Implementation', 'Environmental']);
    expect(data.event.criteria[0]!.question).toBe('How much plastic does your idea conserve?');
    expect(data.event.criteria.every((c) => c.min === 1 && c.max === 10)).toBe(true);
    expect(data.event.categories).toHaveLength(9);
    expect(data.event.jurors.length).toBeGreaterThanOrEqual(3);
    const firstPitch = data.event.agenda.find((i) => i.kind === 'pitch');
    expect(firstPitch?.kind === 'pitch' && data.event.teams.find((t) => t.id === firstPitch.teamId)?.name).toBe('ecopals');
  });

  it('welcomes at 16:00 and starts the pitches at 16:15, each 5:00 then 3:00 of questions', () => {
    const run = schedule(data, data.event.settings.startsAt);
    expect(new Date(run[0]!.scheduledStart).getHours()).toBe(16);
    expect(new Date(run[0]!.scheduledStart).getMinutes()).toBe(0);
    const firstPitch = run.find((i) => i.item.kind === 'pitch')!;
    expect(new Date(firstPitch.scheduledStart).getMinutes()).toBe(15);
    expect(firstPitch.item.phases.map((p) => p.durationMs)).toEqual([300_000, 180_000]);
  });

  it('gives every juror a distinct unguessable token', () => {
    const tokens = data.event.jurors.map((j) => j.token).concat(data.organiserToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
