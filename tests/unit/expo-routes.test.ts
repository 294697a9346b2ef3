// The printed fallback's routes (issue 18): the queue's rule decided on paper.
import { describe, expect, it } from 'vitest';
import { paperRoutes, tablePosition } from '../../protocol/expo.ts';
import { seededRandom } from '../../protocol/assignments.ts';

describe('paperRoutes', () => {
  it('gives every team k jurors, none twice, none conflicted, loads within one, each route in table order', () => {
    const random = seededRandom(18);
    for (let trial = 0; trial < 50; trial++) {
      const teams = Array.from({ length: 10 + Math.floor(random() * 50) }, (_, i) => ({ id: `t${i}`, table: random() < 0.1 ? undefined : `B-${Math.floor(random() * 99)}` }));
      const jurors = Array.from({ length: 3 + Math.floor(random() * 12) }, (_, i) => ({
        id: `j${i}`,
        excluded: random() < 0.3 ? [teams[Math.floor(random() * teams.length)]!.id] : [],
      }));
      const k = 1 + Math.floor(random() * 3);
      const routes = paperRoutes(teams, jurors, k);
      for (const team of teams) {
        const visitors = jurors.filter((j) => routes.get(j.id)!.some((t) => t.id === team.id));
        const allowed = jurors.filter((j) => !j.excluded.includes(team.id)).length;
        expect(visitors.length).toBe(Math.min(k, allowed));
        for (const v of visitors) expect(v.excluded).not.toContain(team.id);
      }
      for (const j of jurors) {
        const route = routes.get(j.id)!;
        expect(new Set(route.map((t) => t.id)).size).toBe(route.length);
        const positions = route.map((t) => tablePosition(t.table));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
      }
      const unconstrained = jurors.every((j) => j.excluded.length === 0);
      if (unconstrained) {
        const loads = jurors.map((j) => routes.get(j.id)!.length);
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('keeps a zoned juror\'s route in their zone while its jurors can cover it, every team still on k routes', () => {
    // Tables 1–12 alternate between halls A and B; two jurors walk each hall, one walks both.
    const teams = Array.from({ length: 12 }, (_, i) => ({ id: `t${i + 1}`, table: String(i + 1), zone: i % 2 === 0 ? 'A' : 'B' }));
    const jurors = [
      { id: 'a1', zone: 'A', excluded: [] },
      { id: 'b1', zone: 'B', excluded: [] },
      { id: 'any', excluded: [] },
      { id: 'a2', zone: 'A', excluded: [] },
      { id: 'b2', zone: 'B', excluded: [] },
    ];
    const routes = paperRoutes(teams, jurors, 2);
    for (const j of jurors) if (j.zone) expect(routes.get(j.id)!.map((t) => t.zone)).toEqual(routes.get(j.id)!.map(() => j.zone));
    for (const team of teams) expect(jurors.filter((j) => routes.get(j.id)!.includes(team))).toHaveLength(2);
    // A zone whose only juror is excluded from a team: someone from elsewhere takes it.
    const lone = paperRoutes(teams.slice(0, 2), [{ id: 'a', zone: 'A', excluded: ['t1'] }, { id: 'b', zone: 'B', excluded: [] }], 1);
    expect(lone.get('b')!.map((t) => t.id)).toEqual(['t1', 't2']);
  });

  it('reads a table label\'s number, tables without one last', () => {
    expect(tablePosition('17')).toBe(17);
    expect(tablePosition('B-04')).toBe(4);
    expect(tablePosition('Stand')).toBe(Number.POSITIVE_INFINITY);
    expect(tablePosition(undefined)).toBe(Number.POSITIVE_INFINITY);
  });
});
