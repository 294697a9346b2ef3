// The audit log's entries as plain functions: what a change reads like, that a
// refused change leaves none, and that any size of change fits the log's schema.
import { describe, expect, it } from 'vitest';
import { AuditEntry } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { audited } from '../../server/domain/audit.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import * as builder from '../../server/domain/event-builder.ts';
import { importTeams, parseTeamsCsv } from '../../server/domain/team-import.ts';

const NOW = 1_700_000_000_000;

describe('audited changes', () => {
  it('leave no entry when the change is refused', () => {
    const data = demoData('o'.repeat(32), new Date(NOW));
    const before = data.audit.length;
    const criterion = data.event.criteria[0]!;
    expect(() =>
      audited(data, 'criterion:save', {}, NOW, () => builder.saveCriterion(data, { id: criterion.id, name: data.event.criteria[1]!.name, question: '', weight: 1, min: 1, max: 10 })),
    ).toThrow(DomainError);
    expect(data.audit.length).toBe(before);
  });

  it('name only the thing that moved, and a removal does not read as the others moving', () => {
    const data = demoData('o'.repeat(32), new Date(NOW));
    const [a, b, c] = data.event.teams;
    audited(data, 'team:move', {}, NOW, () => builder.move(data, 'teams', c!.id, 0));
    expect(data.audit.at(-1)).toMatchObject({ action: 'team:move', teamId: c!.id, detail: `moved team "${c!.name}" from position 3 to 1` });
    const pitchesOf = (id: string) => data.event.agenda.filter((i) => i.kind === 'pitch' && i.teamId === id);
    for (const item of pitchesOf(a!.id)) builder.removeAgendaItem(data, item.id);
    audited(data, 'team:remove', {}, NOW, () => builder.removeTeam(data, a!.id));
    expect(data.audit.at(-1)!.detail).toBe(`removed team "${a!.name}" (project "${a!.project}", category "${data.event.categories.find((k) => k.id === a!.categoryId)?.name}")`);
    expect(data.audit.at(-1)!.detail).not.toContain(b!.name);
  });

  it('fit the schema whatever the size: 200 teams imported at once', () => {
    const data = demoData('o'.repeat(32), new Date(NOW));
    const csv = ['name,project,members,category', ...Array.from({ length: 190 }, (_, i) => `Équipe n°${i} 🚀 Économie circulaire et réemploi,Projet ${i},Zoë;Ça;Straße,Catégorie ${i % 5}`)].join('\n');
    audited(data, 'team:import-csv', {}, NOW, () => importTeams(data, parseTeamsCsv(csv)));
    const entry = data.audit.at(-1)!;
    expect(entry.detail!.startsWith('imported 190 teams from a CSV file; added category "Catégorie 0"')).toBe(true);
    expect(entry.detail!.length).toBeLessThanOrEqual(4000);
    expect(entry.detail!.endsWith('…')).toBe(true);
    expect(AuditEntry.safeParse(entry).success).toBe(true);
  });
});

describe('the audit speaks the event’s language', () => {
  const N = '\u202f';
  it('a French event’s organiser changes read in French, with French quotes, separators and decimal commas', () => {
    const data = demoData('o'.repeat(32), new Date(NOW), { language: 'fr', timeZone: 'Europe/Zurich' });
    const [a, , c] = data.event.teams;
    audited(data, 'team:move', {}, NOW, () => builder.move(data, 'teams', c!.id, 0));
    expect(data.audit.at(-1)!.detail).toBe(`déplacement${N}: équipe «${N}${c!.name}${N}», de la position 3 à la 1`);
    const criterion = { ...data.event.criteria[0]! };
    audited(data, 'criterion:save', {}, NOW, () => builder.saveCriterion(data, { ...criterion, weight: 1.5 }));
    expect(data.audit.at(-1)!.detail).toBe(`critère «${N}${criterion.name}${N}»${N}: poids ${String(criterion.weight).replace('.', ',')} → 1,5`);
    audited(data, 'settings:update', {}, NOW, () => builder.updateSettings(data, { pitchMs: 4.5 * 60_000, normalisation: 'z-score' }));
    expect(data.audit.at(-1)!.detail).toMatch(new RegExp(`^réglages${N}: temps de pitch \\d+ min → 4,5 min${N}; normalisation aucun → z-score$`));
    builder.setConflict(data, data.event.jurors[0]!.id, a!.id, true, NOW);
    expect(data.audit.at(-1)!.detail).toBe(`${data.event.jurors[0]!.name} a un conflit d’intérêts avec ${a!.name}`);
  });

  it('an English event’s read as before', () => {
    const data = demoData('o'.repeat(32), new Date(NOW), { language: 'en', timeZone: 'Europe/Zurich' });
    const criterion = { ...data.event.criteria[0]! };
    audited(data, 'criterion:save', {}, NOW, () => builder.saveCriterion(data, { ...criterion, weight: 1.5 }));
    expect(data.audit.at(-1)!.detail).toBe(`criterion "${criterion.name}": weight ${criterion.weight} → 1.5`);
  });
});
