// The scoring matrix as plain data: for every team, each juror's cell (saved, missing, conflict,
// or not assigned: a juror with an assignment that leaves this team out) and the counts, against
// what each juror is assigned (protocol/assignments.ts). Teams grouped by the room they pitch in.
// Drafts on phones are invisible here: the server knows only what was sent.
import { m } from '../../../../../protocol/i18n.ts';
import { matcher } from '../../../lib/search.ts';
import { teamsJudgedBy } from '../../../../../protocol/assignments.ts';
import type { PodiumData, Score, ScoringWindow } from '../../../../../protocol/model.ts';
import { mainRoomId, roomsOf, teamRooms } from '../../../../../protocol/rooms.ts';
import { roundEvent } from '../../../../../protocol/rounds.ts';

export type Cell =
  | { kind: 'saved'; jurorId: string; score: Score }
  | { kind: 'missing'; jurorId: string }
  | { kind: 'conflict'; jurorId: string; score: Score | null }
  /** Not among this juror's teams; a score given before the assignment still counts (kind 'saved'). */
  | { kind: 'not-assigned'; jurorId: string };

export interface MatrixRow {
  teamId: string;
  teamName: string;
  project: string;
  roomId: string;
  window: ScoringWindow;
  cells: Cell[];
  saved: number;
  /** The jurors expected to score this team: assigned, without a conflict. */
  expected: number;
  /** Whether an assigned juror without a conflict has not scored it yet (a cell 'missing'). */
  missing: boolean;
}

type MatrixData = Pick<PodiumData, 'event' | 'scores' | 'scoring'>;

/** What the rows are made of besides the scores and windows: the round's event, rooms, each juror's teams, each cell's score key. */
interface MatrixBasis {
  event: PodiumData['event'];
  rooms: Map<string, string>;
  main: string;
  judged: Set<string>[];
  /** Each team's score keys, juror by juror (built once, not 60,000 strings a patch). */
  keys: string[][];
}

function basisOf(source: PodiumData['event']): MatrixBasis {
  // The current round's teams only (protocol/rounds.ts): a team that did not go on is not missing scores.
  const event = roundEvent(source);
  const rooms = teamRooms(event);
  const judged = event.jurors.map((j) => new Set(teamsJudgedBy(event, j, rooms)));
  const keys = event.teams.map((team) => event.jurors.map((juror) => `${juror.id}:${team.id}`));
  return { event, rooms, main: mainRoomId(event), judged, keys };
}

function matrixRow(basis: MatrixBasis, t: number, data: MatrixData): MatrixRow {
  const { event, judged } = basis;
  const team = event.teams[t]!;
  const keys = basis.keys[t]!;
  let saved = 0;
  let expected = 0;
  let missing = false;
  const cells: Cell[] = event.jurors.map((juror, i) => {
    const score = data.scores[keys[i]!] ?? null;
    const assigned = judged[i]!.has(team.id);
    if (assigned) expected++;
    if (juror.conflicts.includes(team.id)) return { kind: 'conflict', jurorId: juror.id, score };
    if (score) {
      saved++;
      return { kind: 'saved', jurorId: juror.id, score };
    }
    if (!assigned) return { kind: 'not-assigned', jurorId: juror.id };
    missing = true;
    return { kind: 'missing', jurorId: juror.id };
  });
  return {
    teamId: team.id,
    teamName: team.name,
    project: team.project,
    roomId: basis.rooms.get(team.id) ?? basis.main,
    window: data.scoring[team.id] ?? 'not-open',
    cells,
    saved,
    expected,
    missing,
  };
}

const scoringMatrixOn = (basis: MatrixBasis, data: MatrixData): MatrixRow[] => basis.event.teams.map((_, t) => matrixRow(basis, t, data));

export function scoringMatrix(data: MatrixData): MatrixRow[] {
  return scoringMatrixOn(basisOf(data.event), data);
}

const cellScore = (cell: Cell): Score | null => (cell.kind === 'saved' || cell.kind === 'conflict' ? cell.score : null);

/** Whether each of the row's cells holds the very score object `scores` has for it now (none: null). */
function sameScores(row: MatrixRow, keys: readonly string[], scores: MatrixData['scores']): boolean {
  for (let i = 0; i < keys.length; i++) if (cellScore(row.cells[i]!) !== (scores[keys[i]!] ?? null)) return false;
  return true;
}

/**
 * The matrix of a console's successive states: `update` gives `scoringMatrix(data)`, each row that
 * did not change the object it gave before (as `keepUnchanged`). The console's patches keep the
 * event object while only scores and windows change (protocol/organiser-patch.ts), and patch scores
 * as new objects: then a row is rebuilt only when one of its scores or its window is another, and
 * the rest costs one comparison of object identity per cell (60,000 at 300 teams × 200 jurors, a
 * few milliseconds a patch). Building all 60,000 cells at each patch to compare them was most of
 * the Scoring tab's script time while scores came in.
 */
export class LiveMatrix {
  private source: PodiumData['event'] | null = null;
  private basis: MatrixBasis | null = null;
  private rows = new Map<string, MatrixRow>();

  update(data: MatrixData): MatrixRow[] {
    if (data.event !== this.source || !this.basis) {
      this.source = data.event;
      this.basis = basisOf(data.event);
      const next = keepUnchanged(this.rows, scoringMatrixOn(this.basis, data));
      this.rows = new Map(next.map((r) => [r.teamId, r]));
      return next;
    }
    const basis = this.basis;
    return basis.event.teams.map((team, t) => {
      const before = this.rows.get(team.id)!;
      if (before.window === (data.scoring[team.id] ?? 'not-open') && sameScores(before, basis.keys[t]!, data.scores)) return before;
      const row = matrixRow(basis, t, data);
      this.rows.set(team.id, row);
      return row;
    });
  }
}

export interface MatrixGroup {
  /** null: every team in one group (no grouping). */
  roomId: string | null;
  name: string;
  rows: MatrixRow[];
  /** The columns (indexes into the event's jurors) this group needs: jurors who judge, scored or have a conflict with one of its teams. */
  columns: number[];
  /** The whole room's scores (or the whole event's), whatever the filters show. */
  saved: number;
  expected: number;
}

/** A room as the room picker names it: its scores against those expected, and whether a score is still missing. */
export interface RoomTotal {
  roomId: string;
  name: string;
  saved: number;
  expected: number;
  missing: boolean;
}

const roomName = (room: { name: string }) => room.name || m.panels_main_room();

/** Each room that has teams, in the event's order of rooms, with its whole counts. */
export function roomTotals(rows: readonly MatrixRow[], event: PodiumData['event']): RoomTotal[] {
  const totals = new Map(roomsOf(event).map((room) => [room.id, { roomId: room.id, name: roomName(room), saved: 0, expected: 0, missing: false, teams: 0 }]));
  for (const row of rows) {
    const total = totals.get(row.roomId);
    if (!total) continue;
    total.teams++;
    total.saved += row.saved;
    total.expected += row.expected;
    total.missing ||= row.missing;
  }
  return [...totals.values()].filter((t) => t.teams > 0).map(({ teams: _teams, ...t }) => t);
}

/**
 * One room's teams (`roomId` null: every team), filtered: `missingOnly`, only teams still waiting for
 * a score; `query`, teams whose name or project matches it (client/src/lib/search.ts). Its columns are
 * the jurors these teams need (a room's panel only: 8 rooms of 25 teams × 7 jurors are 1,400 cells,
 * not 200 × 60 = 12,000 of dots); its counts are the whole room's.
 */
export function matrixGroup(rows: readonly MatrixRow[], event: PodiumData['event'], options: { roomId: string | null; missingOnly: boolean; query?: string }): MatrixGroup {
  const room = options.roomId === null ? null : roomsOf(event).find((r) => r.id === options.roomId);
  const all = room ? rows.filter((r) => r.roomId === room.id) : [...rows];
  const matches = matcher(options.query ?? '');
  const shown = all.filter((r) => (!options.missingOnly || r.missing) && matches(r.teamName, r.project));
  const columns = event.jurors.flatMap((_, i) => (shown.some((r) => r.cells[i]!.kind !== 'not-assigned') ? [i] : []));
  return {
    roomId: room ? room.id : null,
    name: room ? roomName(room) : '',
    rows: shown,
    columns,
    saved: all.reduce((n, r) => n + r.saved, 0),
    expected: all.reduce((n, r) => n + r.expected, 0),
  };
}

/**
 * How many teams of each room match `query` (rooms without a match left out), to say where a team
 * searched for is; with `missingOnly`, only teams still missing a score, as the table would show them.
 */
export function matchesByRoom(rows: readonly MatrixRow[], query: string, missingOnly = false): Map<string, number> {
  const matches = matcher(query);
  const found = new Map<string, number>();
  for (const row of rows) if ((!missingOnly || row.missing) && matches(row.teamName, row.project)) found.set(row.roomId, (found.get(row.roomId) ?? 0) + 1);
  return found;
}

/** The room shown first: the first, in the event's order, with a score still missing; else the first. */
export const firstRoomMissing = (totals: readonly RoomTotal[]): string | null => (totals.find((t) => t.missing) ?? totals[0])?.roomId ?? null;

const WINDOW_LABEL: Record<ScoringWindow, () => string> = { 'not-open': m.scoring_window_not_open, open: m.scoring_window_open, closed: m.scoring_window_closed };

/** "Open", "Closed", "Not open", in the console's language. */
export const windowLabel = (window: ScoringWindow): string => WINDOW_LABEL[window]();

const sameCell = (a: Cell, b: Cell): boolean =>
  a.kind === b.kind && a.jurorId === b.jurorId && (a.kind === 'saved' || a.kind === 'conflict' ? a.score === (b as typeof a).score : true);

const sameRow = (a: MatrixRow, b: MatrixRow): boolean =>
  a.teamName === b.teamName &&
  a.project === b.project &&
  a.roomId === b.roomId &&
  a.window === b.window &&
  a.saved === b.saved &&
  a.expected === b.expected &&
  a.cells.length === b.cells.length &&
  a.cells.every((cell, i) => sameCell(cell, b.cells[i]!));

/**
 * `rows`, each one that did not change since `previous` (same cells, the same score objects, window,
 * name and counts) replaced by its previous version: a keyed list then redraws only the rows a patch
 * changed. At 300 teams × 200 jurors, every row redrawn was 60,000 cells at each score.
 */
export function keepUnchanged(previous: ReadonlyMap<string, MatrixRow>, rows: MatrixRow[]): MatrixRow[] {
  return rows.map((row) => {
    const before = previous.get(row.teamId);
    return before && sameRow(before, row) ? before : row;
  });
}

/** `group`, with the previous group's columns when they are the same jurors (each row's cells are drawn from them). */
export function keepColumns(previous: MatrixGroup | null, group: MatrixGroup): MatrixGroup {
  const columns = previous?.columns;
  return columns && columns.length === group.columns.length && columns.every((c, i) => c === group.columns[i]) ? { ...group, columns } : group;
}
