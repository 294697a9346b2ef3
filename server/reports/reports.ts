// The organiser's reports: the ranking, every mark and the audit log, as CSV
// text or JSON-ready objects. Pure: functions of the data and the time, no HTTP
// (server/http/exports.ts serves them).
import Papa from 'papaparse';
import type { PodiumData } from '../../protocol/model.ts';
import { explainScoring, formatScale, onScale, scaleOf } from '../../protocol/scoring.ts';
import { readableDetail } from '../domain/audit.ts';
import { leaderboard, podiumDiffers } from '../domain/ranking.ts';

/**
 * A spreadsheet runs a cell that begins with =, +, -, @ (or a tab or carriage
 * return before one) as a formula: a team named `=HYPERLINK(...)` must stay text.
 * Papa's own escapeFormulae misses multi-line cells, hence this.
 */
function neutralise(cell: unknown): unknown {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const safe = rows.map((row) => columns.map((c) => neutralise(row[c] ?? '')));
  return Papa.unparse({ fields: columns.map((c) => neutralise(c) as string), data: safe }, { newline: '\r\n' });
}

const round = (x: number | null, digits = 3) => (x === null ? '' : Number(x.toFixed(digits)));
const iso = (ms: number) => new Date(ms).toISOString();

function lookups(data: PodiumData) {
  const teams = new Map(data.event.teams.map((t) => [t.id, t]));
  const jurors = new Map(data.event.jurors.map((j) => [j.id, j]));
  const categories = new Map(data.event.categories.map((c) => [c.id, c]));
  return { teams, jurors, categories };
}

export function resultsJson(data: PodiumData, now: number) {
  const scores = Object.values(data.scores);
  const official = leaderboard(data.event, scores, now);
  const raw = leaderboard(data.event, scores, now, 'none');
  const zScore = leaderboard(data.event, scores, now, 'z-score');
  return {
    event: data.event.settings.name,
    exportedAt: iso(now),
    normalisation: data.event.settings.normalisation,
    tieBreakers: data.event.settings.tieBreakers,
    teams: data.event.teams.map(({ id, name, project, categoryId }) => ({ id, name, project, categoryId })),
    categories: data.event.categories,
    criteria: data.event.criteria.map(({ id, name, weight, min, max }) => ({ id, name, weight, min, max })),
    leaderboard: official,
    raw,
    zScore,
    podiumDiffers: podiumDiffers(raw.overall, zScore.overall),
  };
}

/**
 * One row per team: the score, and per criterion its average placed on the
 * score's scale (the weighted mean of those columns is the score, without
 * normalisation) beside the average mark on the criterion's own scale. Every
 * header names its scale and weight; after a blank row, the same explanation
 * of the formula as the printed sheet.
 */
export function resultsCsv(data: PodiumData, now: number): string {
  const { teams, categories } = lookups(data);
  const scores = Object.values(data.scores);
  const board = leaderboard(data.event, scores, now);
  const normalised = data.event.settings.normalisation === 'z-score';
  const raw = normalised ? new Map(leaderboard(data.event, scores, now, 'none').overall.map((r) => [r.teamId, r.score])) : null;
  const criteria = data.event.criteria;
  const scale = scaleOf(criteria);
  const scoreColumn = `score (${formatScale(scale)})`;
  const onScaleColumn = (c: (typeof criteria)[number]) => `${c.name} ×${c.weight} on ${formatScale(scale)}`;
  const markColumn = (c: (typeof criteria)[number]) => `${c.name} average mark (${c.min}–${c.max})`;
  const columns = [
    'rank',
    'tied',
    'team',
    'project',
    'category',
    'category rank',
    scoreColumn,
    ...(normalised ? ['score before normalisation'] : []),
    ...criteria.flatMap((c) => [onScaleColumn(c), markColumn(c)]),
    'jurors counted',
    'jurors expected',
    'provisional',
  ];
  const rows: Record<string, unknown>[] = board.overall.map((row) => {
    const team = teams.get(row.teamId);
    const categoryId = team?.categoryId ?? null;
    const categoryRow = categoryId ? board.byCategory[categoryId]?.find((r) => r.teamId === row.teamId) : undefined;
    return {
      rank: row.score === null ? '' : row.rank,
      tied: row.tied ? 'yes' : 'no',
      team: team?.name ?? row.teamId,
      project: team?.project ?? '',
      category: categoryId ? (categories.get(categoryId)?.name ?? '') : '',
      'category rank': categoryRow && categoryRow.score !== null ? categoryRow.rank : '',
      [scoreColumn]: round(row.score),
      ...(raw ? { 'score before normalisation': round(raw.get(row.teamId) ?? null) } : {}),
      ...Object.fromEntries(
        criteria.flatMap((c) => {
          const average = row.criteria[c.id] ?? null;
          return [
            [onScaleColumn(c), round(average === null ? null : onScale(average, c, scale))],
            [markColumn(c), round(average)],
          ];
        }),
      ),
      'jurors counted': row.jurorCount,
      'jurors expected': row.expectedJurors,
      provisional: row.provisional ? 'yes' : 'no',
    };
  });
  rows.push({}, ...explainScoring(criteria, data.event.settings.normalisation).map((line) => ({ rank: line })));
  return toCsv(rows, columns);
}

export function scoresCsv(data: PodiumData): string {
  const { teams, jurors } = lookups(data);
  const columns = ['juror', 'team', 'criterion', 'mark', 'min', 'max', 'weight', 'note', 'revision', 'updated at', 'counted'];
  const rows = Object.values(data.scores).flatMap((s) => {
    const juror = jurors.get(s.jurorId);
    const counted = !!juror && !juror.conflicts.includes(s.teamId);
    return data.event.criteria.map((c) => ({
      juror: juror?.name ?? s.jurorId,
      team: teams.get(s.teamId)?.name ?? s.teamId,
      criterion: c.name,
      mark: s.marks[c.id] ?? '',
      min: c.min,
      max: c.max,
      weight: c.weight,
      note: s.note,
      revision: s.revision,
      'updated at': iso(s.updatedAt),
      counted: counted ? 'yes' : 'no (conflict of interest)',
    }));
  });
  return toCsv(rows, columns);
}

export function auditRows(data: PodiumData) {
  const { teams, jurors } = lookups(data);
  return data.audit.map((e) => ({
    at: iso(e.at),
    actor: e.actor.startsWith('juror:') ? `juror ${jurors.get(e.actor.slice(6))?.name ?? e.actor.slice(6)}` : e.actor,
    action: e.action,
    team: e.teamId ? (teams.get(e.teamId)?.name ?? e.teamId) : '',
    juror: e.jurorId ? (jurors.get(e.jurorId)?.name ?? e.jurorId) : '',
    'from revision': e.fromRevision ?? '',
    'to revision': e.toRevision ?? '',
    detail: readableDetail(e.detail, data.event.criteria),
  }));
}

/** The log as stored, ids kept for tools, with the names and readable detail a person needs beside them. */
export function auditJson(data: PodiumData, now: number) {
  const { teams, jurors } = lookups(data);
  return {
    event: data.event.settings.name,
    exportedAt: iso(now),
    entries: data.audit.map((e) => ({
      ...e,
      ...(e.teamId ? { team: teams.get(e.teamId)?.name ?? null } : {}),
      ...(e.jurorId ? { juror: jurors.get(e.jurorId)?.name ?? null } : {}),
      ...(e.detail !== undefined ? { detail: readableDetail(e.detail, data.event.criteria) } : {}),
    })),
  };
}
