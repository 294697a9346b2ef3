// Teams from a CSV file: name, project, members, category, and where the team pitches and sits
// (room, by name or id, a room not yet known created; table and zone, free text). All rows or none:
// one bad row refuses the whole file, with every bad line named by its number
// in the file as a spreadsheet shows it.
import Papa from 'papaparse';
import type { z } from 'zod';
import { LIMITS, Team, type AgendaItem, type PodiumData, type Room } from '../../protocol/model.ts';
import { m } from '../../protocol/i18n.ts';
import { DEFAULT_ROOM_ID, mainRoomId, roomsOf } from '../../protocol/rooms.ts';
import { pitchPhases } from './event-builder.ts';
import { issueKind } from '../../protocol/issues.ts';
import { DomainError, type ErrorDetail, type ErrorDetails } from '../../protocol/result.ts';
import { newId } from './ids.ts';

const CSV_COLUMNS = ['name', 'project', 'members', 'category', 'room', 'table', 'zone'] as const;
type Column = (typeof CSV_COLUMNS)[number];

export interface ParsedTeamRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  name: string;
  project: string;
  members: string[];
  category: string;
  /** The room it pitches in, by name or id (only when the file has one for it). */
  room?: string;
  /** Where it sits in the hall (only when the file has one for it). */
  table?: string;
  /** The expo zone or hall its table is in (only when the file has one for it). */
  zone?: string;
}

const MAX_SHOWN = 10;
const RowFields = Team.pick({ name: true, project: true, members: true });

function refuse(code: 'bad-request' | 'conflict', problems: ErrorDetail[]): never {
  // One problem per line, so the console can show them as a list, each said in the page's language.
  const details: ErrorDetails = { param: 'lines', join: 'lines', items: problems.slice(0, MAX_SHOWN) };
  if (problems.length > MAX_SHOWN) throw new DomainError(code, 'error_import_fix_lines_more', { more: problems.length - MAX_SHOWN }, details);
  throw new DomainError(code, 'error_import_fix_lines', {}, details);
}

/** A value of a row that its column refuses: which problem, said with the line and the column. */
function cellProblem(line: number, column: string, issue: z.core.$ZodIssue): ErrorDetail {
  const what = issueKind(issue);
  switch (what.kind) {
    case 'required':
      return { key: 'error_import_line_required', params: { line, column } };
    case 'too_long':
      return { key: 'error_import_line_too_long', params: { line, column, max: what.max } };
    case 'too_many':
      return { key: 'error_import_line_too_many', params: { line, column, max: what.max } };
    default:
      return { key: 'error_import_line_invalid', params: { line, column } };
  }
}

const lowerKey = (s: string) => s.trim().toLowerCase();

/**
 * The columns' names in French, as a French organiser's spreadsheet heads them (Excel's
 * « CSV (séparateur : point-virgule) » included: the separator is found by the parser).
 * Read without case or accents: « Catégorie », « categorie » and « CATEGORIE » alike.
 */
const FRENCH_COLUMNS: Record<string, Column> = { nom: 'name', projet: 'project', membres: 'members', categorie: 'category', salle: 'room', table: 'table', zone: 'zone' };

/** A header cell as the column it names: English or French, any case, with or without accents. */
function columnOf(cell: string): string {
  const key = lowerKey(cell);
  const bare = key.normalize('NFD').replace(/\p{M}/gu, '');
  return Object.hasOwn(FRENCH_COLUMNS, bare) ? FRENCH_COLUMNS[bare]! : key;
}

export function parseTeamsCsv(csv: string): ParsedTeamRow[] {
  const text = csv.replace(/^\uFEFF/, '');
  if (text.includes('\uFFFD') || text.includes('\u0000')) {
    throw new DomainError('bad-request', 'error_import_not_utf8');
  }
  // Without header mode and without skipping blank lines, so that line numbers stay true.
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false });
  const records = parsed.data;
  let line = 1;
  const lineOf: number[] = [];
  for (const record of records) {
    lineOf.push(line);
    line += 1 + record.reduce((n, field) => n + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  }
  const isBlank = (r: string[]) => r.every((f) => f.trim() === '');
  const headerAt = records.findIndex((r) => !isBlank(r));
  if (headerAt < 0) throw new DomainError('bad-request', 'error_import_empty');
  const header = records[headerAt]!.map(columnOf);
  /** A column as the file's header writes it (« Nom », "Name"): what a refusal names. */
  const written = (c: string) => records[headerAt]![header.indexOf(c)]?.trim() || c;
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (!header.includes('name') || unknown.length) {
    const where = { line: lineOf[headerAt]!, columns: CSV_COLUMNS.join(', ') };
    if (!unknown.length) throw new DomainError('bad-request', 'error_import_header', where);
    throw new DomainError('bad-request', 'error_import_header_unknown', { ...where, unknown: unknown.map((u) => `"${u}"`).join(', ') });
  }
  const repeated = header.find((h, i) => header.indexOf(h) !== i);
  if (repeated) throw new DomainError('bad-request', 'error_import_column_twice', { column: repeated });

  const body = records.map((r, i) => ({ r, line: lineOf[i]! })).slice(headerAt + 1).filter(({ r }) => !isBlank(r));
  if (!body.length) throw new DomainError('bad-request', 'error_import_no_rows');
  if (body.length > LIMITS.teams) throw new DomainError('limit', 'error_import_file_too_many', { count: body.length, max: LIMITS.teams });

  const errors: ErrorDetail[] = [];
  const rows: ParsedTeamRow[] = [];
  const seen = new Map<string, number>();
  for (const { r, line } of body) {
    if (r.length > header.length) {
      errors.push({ key: 'error_import_line_values', params: { line, count: r.length, columns: header.length } });
      continue;
    }
    const cell = (c: Column) => (header.includes(c) ? (r[header.indexOf(c)] ?? '') : '').trim();
    const members = cell('members')
      .split(/[;|]/)
      .map((m) => m.trim())
      .filter(Boolean);
    const fields = { name: cell('name'), project: cell('project'), members };
    const category = cell('category');
    const check = RowFields.safeParse(fields);
    if (!check.success) {
      errors.push(...check.error.issues.map((issue) => cellProblem(line, written(String(issue.path[0] ?? 'name')), issue)));
      continue;
    }
    if (category.length > LIMITS.shortText) {
      errors.push({ key: 'error_import_line_too_long', params: { line, column: written('category'), max: LIMITS.shortText } });
      continue;
    }
    const room = cell('room');
    const table = cell('table');
    if (room.length > ROOM_NAME_MAX) {
      errors.push({ key: 'error_import_line_too_long', params: { line, column: written('room'), max: ROOM_NAME_MAX } });
      continue;
    }
    if (table.length > LIMITS.table) {
      errors.push({ key: 'error_import_line_too_long', params: { line, column: written('table'), max: LIMITS.table } });
      continue;
    }
    const zone = cell('zone');
    if (zone.length > LIMITS.zone) {
      errors.push({ key: 'error_import_line_too_long', params: { line, column: written('zone'), max: LIMITS.zone } });
      continue;
    }
    const first = seen.get(lowerKey(fields.name));
    if (first !== undefined) {
      errors.push({ key: 'error_import_line_duplicate', params: { line, team: fields.name, first } });
      continue;
    }
    seen.set(lowerKey(fields.name), line);
    rows.push({ line, ...check.data, category, ...(room ? { room } : {}), ...(table ? { table } : {}), ...(zone ? { zone } : {}) });
  }
  if (errors.length) refuse('bad-request', errors);
  return rows;
}

/** A room's name at most (the model's Room.name). */
const ROOM_NAME_MAX = 60;

/**
 * The rooms the rows name, found by id or by name (ignoring case), and the new ones to create.
 * The main room is also found by the words the console shows for it ("Main stage", "Main room",
 * « Scène principale », « Salle principale », in the event's language) unless a room has that name:
 * a file that says so meant it, not a new room. An event without rooms runs in one default room: it
 * becomes a room of its own first, named as the file calls it or as the Build tab shows it, so its
 * agenda stays where it is when the new rooms come after it.
 */
function roomsFor(data: PodiumData, rows: readonly ParsedTeamRow[]): { rooms: Room[]; idOf: (name: string) => string; created: string[] } {
  const named = rows.flatMap((r) => (r.room ? [r.room] : []));
  const rooms = [...roomsOf(data.event)];
  if (!named.length) return { rooms, idOf: () => mainRoomId(data.event), created: [] };
  const locale = data.event.settings.language;
  const mainWords = [m.rooms_default_name({}, { locale }), m.panels_main_room({}, { locale })].map(lowerKey);
  if (!data.event.rooms?.length) rooms[0] = { id: DEFAULT_ROOM_ID, name: named.find((n) => mainWords.includes(lowerKey(n))) ?? m.rooms_default_name({}, { locale }) };
  const find = (name: string) =>
    rooms.find((r) => r.id === name) ?? rooms.find((r) => lowerKey(r.name) === lowerKey(name)) ?? (mainWords.includes(lowerKey(name)) ? rooms[0] : undefined);
  const created: string[] = [];
  for (const name of named) {
    if (find(name)) continue;
    rooms.push({ id: newId(), name });
    created.push(name);
  }
  return { rooms, idOf: (name) => find(name)!.id, created };
}

/**
 * Adds the teams, creating categories that do not exist yet (matched by name, ignoring case).
 * A team with a room gets its pitch in that room (a team's room is where it pitches), with the
 * event's default phases, before the closing sessions as "add missing pitches" places them.
 */
/** What an import did: the teams added, and the rooms it created (their names), which the console names so a misspelt room is seen at once. */
export interface TeamsImported {
  imported: number;
  roomsCreated: string[];
}

export function importTeams(data: PodiumData, rows: readonly ParsedTeamRow[]): TeamsImported {
  const existing = new Set(data.event.teams.map((t) => lowerKey(t.name)));
  const clashes = rows.filter((r) => existing.has(lowerKey(r.name)));
  if (clashes.length) refuse('conflict', clashes.map((r) => ({ key: 'error_import_line_exists', params: { line: r.line, team: r.name } })));
  const newCategories = [...new Map(rows.filter((r) => r.category).map((r) => [lowerKey(r.category), r.category])).entries()]
    .filter(([key]) => !data.event.categories.some((c) => lowerKey(c.name) === key))
    .map(([, name]) => name);
  if (data.event.teams.length + rows.length > LIMITS.teams) {
    throw new DomainError('limit', 'error_import_too_many_teams', { max: LIMITS.teams, count: data.event.teams.length });
  }
  if (data.event.categories.length + newCategories.length > LIMITS.categories) {
    throw new DomainError('limit', 'error_import_too_many_categories', { max: LIMITS.categories, count: newCategories.length });
  }
  const { rooms, idOf, created } = roomsFor(data, rows);
  if (rooms.length > LIMITS.rooms) throw new DomainError('limit', 'error_panels_import_too_many_rooms', { max: LIMITS.rooms, count: rooms.length });
  const pitching = rows.filter((r) => r.room).length;
  if (data.event.agenda.length + pitching > LIMITS.agendaItems) throw new DomainError('limit', 'error_limit_agenda', { max: LIMITS.agendaItems });
  for (const name of newCategories) data.event.categories.push({ id: newId(), name });
  if (pitching) data.event.rooms = rooms;
  const { pitchMs, recapMs, language } = data.event.settings;
  const pitches: AgendaItem[] = [];
  for (const r of rows) {
    const category = r.category ? data.event.categories.find((c) => lowerKey(c.name) === lowerKey(r.category)) : undefined;
    const id = newId();
    data.event.teams.push({ id, name: r.name, project: r.project, members: r.members, categoryId: category?.id ?? null, ...(r.table ? { table: r.table } : {}), ...(r.zone ? { zone: r.zone } : {}) });
    if (r.room) pitches.push({ id: newId(), kind: 'pitch', roomId: idOf(r.room), teamId: id, phases: pitchPhases(pitchMs, recapMs, language) });
  }
  if (pitches.length) {
    const closing = data.event.agenda.findIndex(
      (i, index) => index > data.live.itemIndex && i.kind === 'session' && (i.sessionKind === 'deliberation' || i.sessionKind === 'awards'),
    );
    const at = closing >= 0 ? closing : data.event.agenda.length;
    data.event.agenda.splice(at, 0, ...pitches);
    if (data.live.itemIndex >= at) data.live.itemIndex += pitches.length;
  }
  return { imported: rows.length, roomsCreated: created };
}
