import { describe, expect, it } from 'vitest';
import { leaderboard } from '../../server/domain/ranking.ts';
import { LIMITS, scoreKey, type PodiumData, type PodiumEvent } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import * as b from '../../server/domain/event-builder.ts';

const NOW = 1_700_000_000_000;
const fresh = () => demoData('o'.repeat(32), new Date(NOW));

/** Runs `fn`, expects a DomainError with `code`, and checks that `data` did not change. */
function refused(data: PodiumData, code: string, fn: () => unknown): string {
  const before = JSON.stringify(data);
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  expect(JSON.stringify(data)).toBe(before);
  return (error as DomainError).message;
}

/** A score from the first juror for the first team, as if given. */
function withScore(data: PodiumData, jurorIndex = 0, teamIndex = 0): PodiumData {
  const juror = data.event.jurors[jurorIndex]!;
  const team = data.event.teams[teamIndex]!;
  data.scores[scoreKey(juror.id, team.id)] = {
    jurorId: juror.id,
    teamId: team.id,
    marks: Object.fromEntries(data.event.criteria.map((c) => [c.id, 8])),
    note: '',
    revision: 1,
    updatedAt: NOW,
  };
  return data;
}

const ids = (list: { id: string }[]) => list.map((x) => x.id);

describe('categories', () => {
  it('adds, renames, moves and removes', () => {
    const data = fresh();
    const id = b.saveCategory(data, { name: 'Oceans 2' });
    expect(data.event.categories.at(-1)).toEqual({ id, name: 'Oceans 2' });
    b.saveCategory(data, { id, name: 'Deep sea' });
    expect(data.event.categories.at(-1)!.name).toBe('Deep sea');
    b.move(data, 'categories', id, 0);
    expect(data.event.categories[0]!.id).toBe(id);
    b.removeCategory(data, id);
    expect(ids(data.event.categories)).not.toContain(id);
  });

  it('refuses to remove a category that still has teams, naming them', () => {
    const data = fresh();
    const packaging = data.event.categories.find((c) => c.name === 'Packaging')!;
    expect(refused(data, 'conflict', () => b.removeCategory(data, packaging.id))).toMatch(/ecopals.*move them/);
  });

  it('refuses a name already used, ignoring case', () => {
    const data = fresh();
    refused(data, 'conflict', () => b.saveCategory(data, { name: 'packaging' }));
    refused(data, 'conflict', () => b.saveCategory(data, { id: data.event.categories[1]!.id, name: 'PACKAGING' }));
  });

  it('refuses past the limit and for unknown ids', () => {
    const data = fresh();
    while (data.event.categories.length < LIMITS.categories) b.saveCategory(data, { name: `C${data.event.categories.length}` });
    refused(data, 'limit', () => b.saveCategory(data, { name: 'one too many' }));
    refused(data, 'not-found', () => b.saveCategory(data, { id: 'nope', name: 'x' }));
    refused(data, 'not-found', () => b.removeCategory(data, 'nope'));
    refused(data, 'not-found', () => b.move(data, 'categories', 'nope', 0));
  });
});

describe('criteria', () => {
  const input = { name: 'Design', question: 'How good is it?', weight: 2, min: 0, max: 5 };

  it('adds, edits, moves and removes before scoring', () => {
    const data = fresh();
    const id = b.saveCriterion(data, input);
    expect(data.event.criteria.at(-1)).toEqual({ id, ...input });
    b.saveCriterion(data, { id, ...input, weight: 3, max: 7 });
    expect(data.event.criteria.at(-1)).toMatchObject({ weight: 3, max: 7 });
    b.move(data, 'criteria', id, 1);
    expect(data.event.criteria[1]!.id).toBe(id);
    b.removeCriterion(data, id);
    expect(ids(data.event.criteria)).not.toContain(id);
  });

  it('refuses to delete a criterion with marks and names the safe path', () => {
    const data = withScore(fresh());
    const impact = data.event.criteria[0]!;
    expect(refused(data, 'conflict', () => b.removeCriterion(data, impact.id))).toMatch(/weight to 0/);
  });

  it('refuses a scale that would leave given marks outside it, but allows one that holds them', () => {
    const data = withScore(fresh());
    const c = data.event.criteria[0]!;
    refused(data, 'conflict', () => b.saveCriterion(data, { id: c.id, name: c.name, question: c.question, weight: 1, min: 1, max: 5 }));
    b.saveCriterion(data, { id: c.id, name: c.name, question: c.question, weight: 0, min: 0, max: 8 });
    expect(data.event.criteria[0]).toMatchObject({ weight: 0, min: 0, max: 8 });
  });

  it('refuses a new criterion once scores exist, which would leave them incomplete', () => {
    const data = withScore(fresh());
    expect(refused(data, 'conflict', () => b.saveCriterion(data, input))).toMatch(/before scoring starts/);
  });

  it('refuses to make every weight 0', () => {
    const data = fresh();
    for (const c of data.event.criteria.slice(1)) b.saveCriterion(data, { ...c, weight: 0 });
    const last = data.event.criteria[0]!;
    refused(data, 'bad-request', () => b.saveCriterion(data, { ...last, weight: 0 }));
  });

  it('removing a criterion drops its tie-breaker', () => {
    const data = fresh();
    const impact = data.event.criteria[0]!;
    b.removeCriterion(data, impact.id);
    expect(data.event.settings.tieBreakers).toEqual([{ kind: 'jurorCount' }]);
  });
});

describe('teams', () => {
  const input = { name: 'Ocean Sweepers', project: 'Drones', members: ['Ada'], categoryId: null };

  it('adds, edits, moves and removes, taking the pitch off the agenda and out of conflicts', () => {
    const data = fresh();
    const id = b.saveTeam(data, input);
    b.saveTeam(data, { ...input, id, categoryId: data.event.categories[0]!.id });
    expect(data.event.teams.at(-1)!.categoryId).toBe(data.event.categories[0]!.id);
    b.move(data, 'teams', id, 0);
    expect(data.event.teams[0]!.id).toBe(id);
    expect(b.addMissingPitches(data)).toBe(1);
    b.setConflict(data, data.event.jurors[0]!.id, id, true);
    b.removeTeam(data, id);
    expect(ids(data.event.teams)).not.toContain(id);
    expect(data.event.agenda.some((i) => i.kind === 'pitch' && i.teamId === id)).toBe(false);
    expect(data.event.jurors[0]!.conflicts).toEqual([]);
  });

  it('refuses to remove a team with scores, and a team on stage', () => {
    const data = withScore(fresh());
    expect(refused(data, 'conflict', () => b.removeTeam(data, data.event.teams[0]!.id))).toMatch(/agenda instead/);
    const second = data.event.teams[1]!;
    data.live.itemIndex = data.event.agenda.findIndex((i) => i.kind === 'pitch' && i.teamId === second.id);
    refused(data, 'conflict', () => b.removeTeam(data, second.id));
  });

  it('removing a team whose pitch comes before the item on stage keeps the stage on the same item', () => {
    const data = fresh();
    const onStage = data.event.agenda.length - 1;
    data.live.itemIndex = onStage;
    const item = data.event.agenda[onStage]!;
    b.removeTeam(data, data.event.teams[0]!.id);
    expect(data.event.agenda[data.live.itemIndex]).toBe(item);
  });

  it('refuses an unknown category and a duplicate name', () => {
    const data = fresh();
    refused(data, 'not-found', () => b.saveTeam(data, { ...input, categoryId: 'nope' }));
    refused(data, 'conflict', () => b.saveTeam(data, { ...input, name: 'EcoPals' }));
  });
});

describe('jurors', () => {
  it('adds with a fresh token, renames, moves, sets conflicts and removes', () => {
    const data = fresh();
    const id = b.saveJuror(data, { name: 'Grace' });
    const juror = data.event.jurors.at(-1)!;
    expect(juror.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    b.saveJuror(data, { id, name: 'Grace Hopper', conflicts: [data.event.teams[0]!.id, data.event.teams[0]!.id] });
    expect(juror).toMatchObject({ name: 'Grace Hopper', conflicts: [data.event.teams[0]!.id] });
    b.setConflict(data, id, data.event.teams[0]!.id, false);
    expect(juror.conflicts).toEqual([]);
    b.move(data, 'jurors', id, 0);
    expect(data.event.jurors[0]!.id).toBe(id);
    b.removeJuror(data, id);
    expect(ids(data.event.jurors)).not.toContain(id);
  });

  it('reissues a link: a new token, scores kept', () => {
    const data = withScore(fresh());
    const juror = data.event.jurors[0]!;
    const old = juror.token;
    expect(b.reissueJurorLink(data, juror.id)).not.toBe(old);
    expect(Object.keys(data.scores)).toHaveLength(1);
  });

  it('refuses to remove a juror who scored', () => {
    const data = withScore(fresh());
    const juror = data.event.jurors[0]!;
    expect(refused(data, 'conflict', () => b.removeJuror(data, juror.id))).toMatch(/Reissue their link/);
  });

  it('takes a conflict found after scoring: the score stays on file, leaves the average, and the audit log says so', () => {
    const data = withScore(fresh());
    const juror = data.event.jurors[0]!;
    const team = data.event.teams[0]!;
    const before = leaderboard(data.event, Object.values(data.scores), 0).overall.find((r) => r.teamId === team.id)!;
    expect(before.jurorCount).toBe(1);
    b.setConflict(data, juror.id, team.id, true, 1234);
    expect(juror.conflicts).toEqual([team.id]);
    expect(Object.keys(data.scores)).toHaveLength(1);
    const after = leaderboard(data.event, Object.values(data.scores), 0).overall.find((r) => r.teamId === team.id)!;
    expect(after.jurorCount).toBe(0);
    expect(data.audit.at(-1)).toMatchObject({ at: 1234, action: 'conflict:set', jurorId: juror.id, teamId: team.id });
    b.setConflict(data, juror.id, team.id, false, 1300);
    expect(leaderboard(data.event, Object.values(data.scores), 0).overall.find((r) => r.teamId === team.id)!.jurorCount).toBe(1);
  });

  it('audits a conflict set through the juror form too, as through the scoring matrix', () => {
    const data = withScore(fresh());
    const juror = data.event.jurors[0]!;
    const team = data.event.teams[0]!;
    b.saveJuror(data, { id: juror.id, name: juror.name, conflicts: [team.id] }, 2000);
    expect(data.audit.at(-1)).toMatchObject({ at: 2000, action: 'conflict:set', jurorId: juror.id, teamId: team.id });
    b.saveJuror(data, { id: juror.id, name: juror.name, conflicts: [] }, 2100);
    expect(data.audit.at(-1)).toMatchObject({ at: 2100, action: 'conflict:clear', jurorId: juror.id, teamId: team.id });
    expect(juror.conflicts).toEqual([]);
  });

  it('refuses conflicts with unknown teams and duplicate names', () => {
    const data = fresh();
    refused(data, 'not-found', () => b.saveJuror(data, { name: 'New', conflicts: ['nope'] }));
    refused(data, 'not-found', () => b.setConflict(data, data.event.jurors[0]!.id, 'nope', true));
    refused(data, 'conflict', () => b.saveJuror(data, { name: 'dr. ana lima' }));
  });
});

describe('agenda', () => {
  it('adds a session, edits its durations, moves and removes it', () => {
    const data = fresh();
    const id = b.saveAgendaItem(data, { kind: 'session', sessionKind: 'break', title: 'Coffee', phases: [{ name: 'Coffee', durationMs: 600_000 }] });
    b.saveAgendaItem(data, { id, kind: 'session', sessionKind: 'break', title: 'Coffee', phases: [{ name: 'Coffee', durationMs: 900_000 }] });
    expect(data.event.agenda.at(-1)!.phases[0]!.durationMs).toBe(900_000);
    b.move(data, 'agenda', id, 0);
    expect(data.event.agenda[0]!.id).toBe(id);
    b.removeAgendaItem(data, id);
    expect(ids(data.event.agenda)).not.toContain(id);
  });

  it('moving keeps the stage on the same item', () => {
    const data = fresh();
    data.live.itemIndex = 2;
    const onStage = data.event.agenda[2]!;
    b.move(data, 'agenda', data.event.agenda[0]!.id, 5);
    expect(data.event.agenda[data.live.itemIndex]).toBe(onStage);
    b.move(data, 'agenda', onStage.id, 0);
    expect(data.live.itemIndex).toBe(0);
  });

  it('adds a pitch for every team without one, before deliberation and awards', () => {
    const data = fresh();
    const team = b.saveTeam(data, { name: 'Late', project: '', members: [], categoryId: null });
    expect(b.addMissingPitches(data)).toBe(1);
    const kinds = data.event.agenda.map((i) => (i.kind === 'pitch' ? i.teamId : i.sessionKind));
    expect(kinds.slice(-3)).toEqual([team, 'deliberation', 'awards']);
    expect(data.event.agenda.at(-3)!.phases.map((p) => p.durationMs)).toEqual([300_000, 180_000]);
    expect(b.addMissingPitches(data)).toBe(0);
  });

  it('after deliberation has started, new pitches go after the item on stage', () => {
    const data = fresh();
    const awards = data.event.agenda.length - 1;
    data.live.itemIndex = awards;
    const team = b.saveTeam(data, { name: 'Late', project: '', members: [], categoryId: null });
    b.addMissingPitches(data);
    expect(data.live.itemIndex).toBe(awards);
    expect(data.event.agenda.at(-1)).toMatchObject({ kind: 'pitch', teamId: team });
  });

  it('refuses to remove the item on stage, or to change its team; allows new durations', () => {
    const data = fresh();
    data.live.itemIndex = 1;
    const item = data.event.agenda[1]!;
    if (item.kind !== 'pitch') throw new Error('the demo agenda has a pitch second');
    refused(data, 'conflict', () => b.removeAgendaItem(data, item.id));
    refused(data, 'conflict', () => b.saveAgendaItem(data, { ...item, teamId: data.event.teams[5]!.id }));
    b.saveAgendaItem(data, { ...item, phases: [{ name: 'Pitch', durationMs: 240_000 }, item.phases[1]!] });
    expect(data.event.agenda[1]!.phases[0]!.durationMs).toBe(240_000);
  });

  it('refuses a pitch for an unknown team and past the limit', () => {
    const data = fresh();
    refused(data, 'not-found', () => b.saveAgendaItem(data, { kind: 'pitch', teamId: 'nope', phases: [{ name: 'Pitch', durationMs: 1 }] }));
    const filler = { kind: 'session' as const, sessionKind: 'other' as const, title: 'x', phases: [{ name: 'x', durationMs: 1 }] };
    while (data.event.agenda.length < LIMITS.agendaItems) b.saveAgendaItem(data, filler);
    refused(data, 'limit', () => b.saveAgendaItem(data, filler));
  });
});

describe('settings', () => {
  it('updates part of the settings', () => {
    const data = fresh();
    b.updateSettings(data, { name: 'Finals', pitchMs: 240_000, normalisation: 'z-score', tieBreakers: [{ kind: 'jurorCount' }] });
    expect(data.event.settings).toMatchObject({ name: 'Finals', pitchMs: 240_000, normalisation: 'z-score', recapMs: 180_000 });
  });

  it('refuses red above amber, unknown or repeated tie-breakers', () => {
    const data = fresh();
    refused(data, 'bad-request', () => b.updateSettings(data, { redMs: 120_000 }));
    refused(data, 'not-found', () => b.updateSettings(data, { tieBreakers: [{ kind: 'criterion', criterionId: 'nope' }] }));
    refused(data, 'bad-request', () => b.updateSettings(data, { tieBreakers: [{ kind: 'jurorCount' }, { kind: 'jurorCount' }] }));
  });
});

describe('event import', () => {
  const exported = (event: PodiumEvent) => JSON.stringify({ schemaVersion: 1, exportedAt: NOW, event });

  it('round-trips an export, and a bare event', () => {
    const event = fresh().event;
    expect(b.parseEventImport(exported(event))).toEqual(event);
    expect(b.parseEventImport(JSON.stringify(event))).toEqual(event);
  });

  it('refuses what is not JSON or not an event', () => {
    expect(() => b.parseEventImport('{nope')).toThrow(/not valid JSON/);
    expect(() => b.parseEventImport('{"event":{"settings":1}}')).toThrow(/not a Podium event/);
    expect(() => b.parseEventImport('null')).toThrow(DomainError);
  });

  const broken: [string, (e: PodiumEvent) => void, RegExp][] = [
    ['duplicate team ids', (e) => (e.teams[1]!.id = e.teams[0]!.id), /share the id/],
    ['duplicate criterion ids', (e) => (e.criteria[1]!.id = e.criteria[0]!.id), /share the id/],
    ['a team in an unknown category', (e) => (e.teams[0]!.categoryId = 'gone'), /unknown category/],
    ['a pitch of an unknown team', (e) => ((e.agenda[1] as { teamId: string }).teamId = 'gone'), /unknown team/],
    ['a conflict with an unknown team', (e) => (e.jurors[0]!.conflicts = ['gone']), /unknown team/],
    ['a tie-breaker on an unknown criterion', (e) => (e.settings.tieBreakers = [{ kind: 'criterion', criterionId: 'gone' }]), /unknown criterion/],
    ['two jurors with one link', (e) => (e.jurors[1]!.token = e.jurors[0]!.token), /share a link/],
    ['red above amber', (e) => (e.settings.redMs = e.settings.amberMs + 1), /red threshold/],
    ['an extra field', (e) => Object.assign(e.teams[0]!, { secret: 1 }), /not a Podium event/],
    ['too many teams', (e) => (e.teams = Array.from({ length: LIMITS.teams + 1 }, (_, i) => ({ ...e.teams[0]!, id: `t${i}` }))), /not a Podium event/],
  ];
  for (const [what, breakIt, message] of broken) {
    it(`refuses ${what}`, () => {
      const event = fresh().event;
      breakIt(event);
      expect(() => b.parseEventImport(exported(event))).toThrow(message);
    });
  }

  it('replaces the event and resets the show, but not over given scores', () => {
    const data = fresh();
    data.live.itemIndex = 3;
    const other = fresh().event;
    b.importEvent(data, other);
    expect(data.event).toBe(other);
    expect(data.live.itemIndex).toBe(-1);
    const scored = withScore(fresh());
    expect(refused(scored, 'conflict', () => b.importEvent(scored, other))).toMatch(/Export this event first/);
  });

  it('refuses a juror link equal to the organiser link', () => {
    const data = fresh();
    const other = fresh().event;
    other.jurors[0]!.token = data.organiserToken;
    refused(data, 'bad-request', () => b.importEvent(data, other));
  });
});
