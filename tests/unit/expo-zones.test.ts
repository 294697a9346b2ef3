// Expo zones (issue 18): a team's zone from the CSV and from Build's row, a juror's zone,
// both audited, and "next table" through the event: within the juror's zone, then elsewhere
// (said so, in the answer and the audit) or "your zone is done" by the round's setting.
import { describe, expect, it } from 'vitest';
import { LIMITS, type PodiumData } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { Payloads } from '../../protocol/events.ts';
import { audited } from '../../server/domain/audit.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { saveJuror, saveTeam } from '../../server/domain/event-builder.ts';
import { expoNext, expoScored } from '../../server/domain/expo.ts';
import { importTeams, parseTeamsCsv } from '../../server/domain/team-import.ts';

const fresh = () => demoData('o'.repeat(32), new Date(1_700_000_000_000));
const MIN = 60_000;

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('a team\'s zone from a CSV', () => {
  it('reads the zone column beside the table and keeps it on the team; a row without one has none', () => {
    const data = fresh();
    const rows = parseTeamsCsv(['name,table,zone', 'WattWise,17,Hall B', 'Kelp Co,3,', 'Ça Roule,4,  Salle A  '].join('\n'));
    expect(rows[0]).toMatchObject({ name: 'WattWise', table: '17', zone: 'Hall B' });
    expect(rows[1]).not.toHaveProperty('zone');
    importTeams(data, rows);
    const team = (name: string) => data.event.teams.find((t) => t.name === name)!;
    expect(team('WattWise')).toMatchObject({ table: '17', zone: 'Hall B' });
    expect(team('Kelp Co')).not.toHaveProperty('zone');
    expect(team('Ça Roule').zone).toBe('Salle A');
  });

  it('refuses a zone longer than the limit, naming the line and column', () => {
    const e = refusal(() => parseTeamsCsv(`name,zone\nA,${'z'.repeat(LIMITS.zone + 1)}\n`));
    expect(e.details?.items).toEqual([{ key: 'error_import_line_too_long', params: { line: 2, column: 'zone', max: LIMITS.zone } }]);
  });
});

describe('zones set in Build', () => {
  it('sets, keeps and clears a team\'s zone and a juror\'s, each change audited in words', () => {
    const data = fresh();
    const team = data.event.teams[0]!;
    const save = (payload: Record<string, unknown>) => {
      const input = Payloads['team:save'].parse({ id: team.id, name: team.name, project: team.project, members: team.members, categoryId: team.categoryId, ...payload });
      audited(data, 'team:save', input, 1, () => saveTeam(data, input));
      return data.audit.at(-1)!.detail;
    };
    expect(save({ table: '17', zone: 'Hall B' })).toContain('zone none → "Hall B"');
    expect(team).toMatchObject({ table: '17', zone: 'Hall B' });
    save({});
    expect(team.zone).toBe('Hall B');
    expect(save({ zone: '' })).toContain('zone "Hall B" → none');
    expect(team).not.toHaveProperty('zone');

    const j = data.event.jurors[0]!;
    const input = Payloads['juror:save'].parse({ id: j.id, name: j.name, zone: 'Hall B' });
    audited(data, 'juror:save', input, 2, () => saveJuror(data, input, 2));
    expect(j.zone).toBe('Hall B');
    expect(data.audit.at(-1)!.detail).toContain('zone none → "Hall B"');
    const added = Payloads['juror:save'].parse({ name: 'New juror', zone: 'Hall A' });
    const id = saveJuror(data, added, 3);
    expect(data.event.jurors.find((x) => x.id === id)!.zone).toBe('Hall A');
  });

  it('refuses a zone too long or blank-only', () => {
    const team = fresh().event.teams[0]!;
    const base = { id: team.id, name: team.name, project: team.project, members: team.members, categoryId: team.categoryId };
    expect(Payloads['team:save'].safeParse({ ...base, zone: 'z'.repeat(LIMITS.zone + 1) }).success).toBe(false);
    expect(Payloads['team:save'].safeParse({ ...base, zone: '   ' }).success).toBe(false);
    expect(Payloads['juror:save'].safeParse({ name: 'X', zone: 'z'.repeat(LIMITS.zone + 1) }).success).toBe(false);
  });
});

/** The demo's six teams at tables 1–6, three in hall A and three in hall B, in an expo round (k = 1). */
function zonedHall(helpElsewhere?: boolean): PodiumData {
  const d = fresh();
  d.event.teams.forEach((t, i) => Object.assign(t, { table: String(i + 1), zone: i < 3 ? 'Hall A' : 'Hall B' }));
  d.event.jurors[0]!.zone = 'Hall B';
  d.event.rounds = [
    { id: 'hall', name: 'Hall', kind: 'expo', expo: { visitsPerTeam: 1, visitTimeoutMs: 5 * MIN, absentReports: 3, ...(helpElsewhere === undefined ? {} : { helpElsewhere }) } },
    { id: 'final', name: 'Final', kind: 'stage' },
  ];
  d.event.currentRoundId = 'hall';
  return d;
}

describe('"next table" with zones', () => {
  it('sends a zoned juror through their zone, then elsewhere by default, saying so in the answer and the audit', () => {
    const data = zonedHall();
    const j = data.event.jurors[0]!.id;
    const hallB = new Set(data.event.teams.slice(3).map((t) => t.id));
    for (let i = 0; i < 3; i++) {
      const answer = expoNext(data, j, i * MIN);
      expect(answer.kind === 'visit' && hallB.has(answer.teamId)).toBe(true);
      expect(answer).not.toHaveProperty('elsewhere');
      expoScored(data, j, (answer as { teamId: string }).teamId, i * MIN + 1);
    }
    const helping = expoNext(data, j, 4 * MIN);
    expect(helping).toMatchObject({ kind: 'visit', elsewhere: true });
    expect(hallB.has((helping as { teamId: string }).teamId)).toBe(false);
    const entry = data.audit.at(-1)!;
    expect(entry).toMatchObject({ action: 'expo:next', jurorId: j });
    expect(entry.detail).toContain('(Hall A)');
    expect(entry.detail).toContain('outside their zone');
  });

  it('tells the juror their zone is done when the round keeps jurors in their zones', () => {
    const data = zonedHall(false);
    const j = data.event.jurors[0]!.id;
    for (let i = 0; i < 3; i++) {
      const answer = expoNext(data, j, i * MIN);
      expoScored(data, j, (answer as { teamId: string }).teamId, i * MIN + 1);
    }
    expect(expoNext(data, j, 4 * MIN)).toEqual({ kind: 'done', zoneDone: true });
  });
});
