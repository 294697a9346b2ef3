import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { importTeams, parseTeamsCsv } from '../../server/domain/team-import.ts';

const fresh = () => demoData('o'.repeat(32), new Date(1_700_000_000_000));

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('parsing a CSV of teams', () => {
  it('reads name, project, members (separated by ;) and category', () => {
    const rows = parseTeamsCsv('name,project,members,category\n"Ocean Sweepers","Drones, for beaches",Ada Byron; Alan Kay,Oceans & rivers\n');
    expect(rows).toEqual([
      { line: 2, name: 'Ocean Sweepers', project: 'Drones, for beaches', members: ['Ada Byron', 'Alan Kay'], category: 'Oceans & rivers' },
    ]);
  });

  it('takes columns in any order and case, only name required, with a BOM and CRLF', () => {
    const rows = parseTeamsCsv('\uFEFFCategory,Name\r\nMaterials,Kelp Co\r\n,Solo\r\n');
    expect(rows.map((r) => [r.name, r.category, r.project, r.members])).toEqual([
      ['Kelp Co', 'Materials', '', []],
      ['Solo', '', '', []],
    ]);
  });

  it('reads a French spreadsheet: columns named in French (any case, with or without accents), separated by semicolons as French Excel saves them', () => {
    const csv = '\uFEFFNom;Projet;Membres;CATEGORIE;Salle;Table\r\nÉcole Ça Bouge;Recyclage, à l’école;"Zoë Çelik; Jürgen Groß";Éducation;Salle B;12\r\n';
    expect(parseTeamsCsv(csv)).toEqual([
      { line: 2, name: 'École Ça Bouge', project: 'Recyclage, à l’école', members: ['Zoë Çelik', 'Jürgen Groß'], category: 'Éducation', room: 'Salle B', table: '12' },
    ]);
    expect(parseTeamsCsv('nom,catégorie\nKelp Co,Matériaux\n').map((r) => [r.name, r.category])).toEqual([['Kelp Co', 'Matériaux']]);
    // One column named in both languages is one column twice.
    expect(refusal(() => parseTeamsCsv('nom,name\nA,B')).message).toMatch(/"name" appears twice/);
  });

  it('names every bad line by its line in the file, blank lines and quoted line breaks included', () => {
    const csv = 'name,project\n\nGood,ok\n"Multi\nline",ok\n,no name\nToo,many,values\ngood,dup\n';
    const e = refusal(() => parseTeamsCsv(csv));
    expect(e.code).toBe('bad-request');
    expect(e.message.split('\n')).toEqual([
      'Nothing was imported. Fix these lines:',
      'line 6: name must not be empty',
      'line 7: 3 values for 2 columns (put a value that contains a comma in "double quotes")',
      'line 8: the team "good" is already on line 3',
    ]);
  });

  it('refuses a header without name, unknown or repeated columns, and empty files', () => {
    expect(refusal(() => parseTeamsCsv('team,project\nA,B')).message).toMatch(/unknown column\(s\): "team"/);
    expect(refusal(() => parseTeamsCsv('name,categroy\nA,B')).message).toMatch(/"categroy"/);
    expect(refusal(() => parseTeamsCsv('name,name\nA,B')).message).toMatch(/appears twice/);
    expect(refusal(() => parseTeamsCsv('')).message).toMatch(/empty/);
    expect(refusal(() => parseTeamsCsv('name\n\n')).message).toMatch(/no team rows/);
  });

  it('refuses text that is not UTF-8, over-long values and too many members', () => {
    expect(refusal(() => parseTeamsCsv('name\nCaf\uFFFD')).message).toMatch(/UTF-8/);
    expect(refusal(() => parseTeamsCsv(`name\n${'x'.repeat(LIMITS.shortText + 1)}`)).message).toMatch(/line 2: name at most/);
    const members = Array.from({ length: LIMITS.members + 1 }, (_, i) => `M${i}`).join(';');
    expect(refusal(() => parseTeamsCsv(`name,members\nBig,${members}`)).message).toMatch(/line 2: members/);
    expect(refusal(() => parseTeamsCsv(`name,category\nA,${'c'.repeat(LIMITS.shortText + 1)}`)).message).toMatch(/line 2: category/);
  });

  it('refuses more teams than an event may hold', () => {
    const csv = 'name\n' + Array.from({ length: LIMITS.teams + 1 }, (_, i) => `T${i}`).join('\n');
    expect(refusal(() => parseTeamsCsv(csv)).code).toBe('limit');
  });

  it('shows at most ten problems and counts the rest', () => {
    const csv = 'name,project\n' + Array.from({ length: 13 }, () => ',x').join('\n');
    expect(refusal(() => parseTeamsCsv(csv)).message).toMatch(/line 11: .*\n\(and 3 more\)$/);
  });
});

describe('importing the teams', () => {
  it('adds every team and creates missing categories once, matched by name ignoring case', () => {
    const data = fresh();
    const categories = data.event.categories.length;
    const added = importTeams(data, parseTeamsCsv('name,category\nA,packaging\nB,Deep Sea\nC,deep sea\nD,'));
    expect(added).toEqual({ imported: 4, roomsCreated: [] });
    expect(data.event.categories).toHaveLength(categories + 1);
    const byName = (n: string) => data.event.teams.find((t) => t.name === n)!;
    expect(byName('A').categoryId).toBe(data.event.categories.find((c) => c.name === 'Packaging')!.id);
    expect(byName('B').categoryId).toBe(byName('C').categoryId);
    expect(byName('D').categoryId).toBeNull();
  });

  it('imports nothing when a team already exists, naming the line', () => {
    const data = fresh();
    const before = JSON.stringify(data);
    const e = refusal(() => importTeams(data, parseTeamsCsv('name,category\nNew,Brand new\nEcoPals,x')));
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/line 3: a team named "EcoPals" already exists/);
    expect(JSON.stringify(data)).toBe(before);
  });

  it('imports nothing past the team or category limits', () => {
    const data = fresh();
    const rows = parseTeamsCsv('name\n' + Array.from({ length: LIMITS.teams - 2 }, (_, i) => `T${i}`).join('\n'));
    const before = JSON.stringify(data);
    expect(refusal(() => importTeams(data, rows)).code).toBe('limit');
    const many = parseTeamsCsv('name,category\n' + Array.from({ length: LIMITS.categories }, (_, i) => `T${i},Cat ${i}`).join('\n'));
    expect(refusal(() => importTeams(data, many)).code).toBe('limit');
    expect(JSON.stringify(data)).toBe(before);
  });
});

describe('importing teams with their room and table (issue 17)', () => {
  it('reads room and table, finds a room by id or name (any case), creates the unknown ones after the main room, and pitches each team in its room', () => {
    const data = fresh();
    const agendaBefore = data.event.agenda.length;
    expect(data.event.rooms).toBeUndefined();
    const csv = ['name,project,room,table', 'Équipe Été,Café ☕,Salle B,B-04', 'Straße,,salle b,7', 'No room,,,12', 'Main again,,main,'].join('\n');
    const rows = parseTeamsCsv(csv);
    expect(rows[0]).toMatchObject({ name: 'Équipe Été', room: 'Salle B', table: 'B-04' });
    expect(rows[2]).not.toHaveProperty('room');
    // One new room for both spellings, named to the console.
    expect(importTeams(data, rows)).toEqual({ imported: 4, roomsCreated: ['Salle B'] });
    // The default room became a room of its own, first, named as the Build tab shows it (in the event's language).
    expect(data.event.rooms).toEqual([{ id: 'main', name: 'Main stage' }, { id: expect.any(String), name: 'Salle B' }]);
    const salleB = data.event.rooms![1]!.id;
    const team = (name: string) => data.event.teams.find((t) => t.name === name)!;
    expect(team('Équipe Été').table).toBe('B-04');
    expect(team('Straße').table).toBe('7');
    expect(team('Main again')).not.toHaveProperty('table');
    const pitchOf = (name: string) => data.event.agenda.find((i) => i.kind === 'pitch' && i.teamId === team(name).id);
    expect(pitchOf('Équipe Été')).toMatchObject({ roomId: salleB });
    expect(pitchOf('Straße')).toMatchObject({ roomId: salleB });
    expect(pitchOf('Main again')).toMatchObject({ roomId: 'main' });
    // A team without a room is not put on the agenda (as before rooms).
    expect(pitchOf('No room')).toBeUndefined();
    expect(data.event.agenda).toHaveLength(agendaBefore + 3);
  });

  it('finds the main room by the words the console shows for it, in the event’s language, instead of creating a room', () => {
    // A French event with rooms: the Build tab marks the first « Salle principale · » beside its name « Scène principale ».
    const fr = demoData('o'.repeat(32), new Date(1_700_000_000_000), { language: 'fr', timeZone: 'Europe/Zurich' });
    fr.event.rooms = [{ id: 'main', name: 'Scène principale' }, { id: 'curie', name: 'Amphi Curie' }];
    const csv = ['name,room', 'Éco-Çà ß 🌊,Salle principale', 'Deux,SCÈNE PRINCIPALE', 'Trois,amphi curie', 'Quatre,Amphi Currie'].join('\n');
    expect(importTeams(fr, parseTeamsCsv(csv))).toEqual({ imported: 4, roomsCreated: ['Amphi Currie'] });
    const roomOf = (name: string) => fr.event.agenda.find((i) => i.kind === 'pitch' && i.teamId === fr.event.teams.find((t) => t.name === name)!.id)!.roomId;
    expect([roomOf('Éco-Çà ß 🌊'), roomOf('Deux'), roomOf('Trois')]).toEqual(['main', 'main', 'curie']);
    expect(fr.event.rooms.map((r) => r.name)).toEqual(['Scène principale', 'Amphi Curie', 'Amphi Currie']);

    // An English event without rooms: "Main stage" is the default room, named so, not a second room.
    const en = fresh();
    expect(importTeams(en, parseTeamsCsv('name,room\nA,Main stage\nB,Room 2'))).toEqual({ imported: 2, roomsCreated: ['Room 2'] });
    expect(en.event.rooms!.map((r) => [r.id, r.name])).toEqual([['main', 'Main stage'], [expect.any(String), 'Room 2']]);

    // A room really named so is found by its name first.
    const named = fresh();
    named.event.rooms = [{ id: 'main', name: 'Grand Hall' }, { id: 'x', name: 'Main room' }];
    expect(importTeams(named, parseTeamsCsv('name,room\nA,Main room'))).toEqual({ imported: 1, roomsCreated: [] });
    expect(named.event.agenda.find((i) => i.kind === 'pitch' && i.teamId === named.event.teams.at(-1)!.id)!.roomId).toBe('x');
  });

  it('refuses a table longer than the limit, naming the line and column', () => {
    const e = refusal(() => parseTeamsCsv(`name,table\nA,${'x'.repeat(LIMITS.table + 1)}\n`));
    expect(e.details?.items).toEqual([{ key: 'error_import_line_too_long', params: { line: 2, column: 'table', max: LIMITS.table } }]);
  });

  it('imports 200 teams in 8 rooms at once', () => {
    const data = fresh();
    const csv = ['name,room,table', ...Array.from({ length: 200 }, (_, i) => `Team ${i},Room ${i % 8},${i + 1}`)].join('\n');
    expect(importTeams(data, parseTeamsCsv(csv))).toMatchObject({ imported: 200 });
    expect(data.event.rooms).toHaveLength(9);
    expect(data.event.agenda.filter((i) => i.kind === 'pitch' && i.roomId && i.roomId !== 'main')).toHaveLength(200);
  });
});
