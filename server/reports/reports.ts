// The organiser's reports: the ranking, every mark and the audit log, as CSV
// text or JSON-ready objects. Pure: functions of the data and the time, no HTTP
// (server/http/exports.ts serves them).
import Papa from 'papaparse';
import { m } from '../../protocol/i18n.ts';
import type { Language, PodiumData } from '../../protocol/model.ts';
import { explainScoring, formatScale, onScale, scaleOf } from '../../protocol/scoring.ts';
import { readableDetail } from '../domain/audit.ts';
import { leaderboard, podiumDiffers } from '../domain/ranking.ts';
import { currentRound, hasRounds, roundsOf } from '../../protocol/rounds.ts';

/**
 * In an event with rounds, the round a report is of (`data` is a round's view, protocol/rounds.ts
 * roundView: its current round is the one reported): a first column naming it. Else nothing.
 */
function roundColumn(data: PodiumData, words: { locale: Language }): { column: string; name: string } | null {
  return hasRounds(data.event) ? { column: m.rounds_export_col_round({}, words), name: currentRound(data.event).name } : null;
}
import { officialNormalisation } from '../../protocol/ranking.ts';

/**
 * A spreadsheet runs a cell that begins with =, +, -, @ (or a tab or carriage
 * return before one) as a formula: a team named `=HYPERLINK(...)` must stay text.
 * Papa's own escapeFormulae misses multi-line cells, hence this.
 */
function neutralise(cell: unknown): unknown {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * How a CSV is written for the spreadsheet that opens it. Excel set to French or Swiss
 * regional settings splits on `;` and reads 7,5 as a number; English settings split on `,`
 * and read 7.5. A French event's exports default to the first, an English one's to the
 * second; either can be asked for (`?csv=semicolon` or `?csv=comma`).
 */
export type CsvStyle = 'semicolon' | 'comma';

export const csvStyleOf = (language: Language): CsvStyle => (language === 'fr' ? 'semicolon' : 'comma');

/** The style a request asks for, else the event's language's. */
export function chosenCsvStyle(asked: string | null, language: Language): CsvStyle {
  return asked === 'semicolon' || asked === 'comma' ? asked : csvStyleOf(language);
}

/** Numbers with the style's decimal mark, no grouping (a spreadsheet reads 1234,5 as a number, not 1 234,5). */
function cellText(cell: unknown, style: CsvStyle): unknown {
  return typeof cell === 'number' && style === 'semicolon' ? String(cell).replace('.', ',') : cell;
}

export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[], style: CsvStyle = 'comma'): string {
  const safe = rows.map((row) => columns.map((c) => neutralise(cellText(row[c] ?? '', style))));
  return Papa.unparse(
    { fields: columns.map((c) => neutralise(c) as string), data: safe },
    { newline: '\r\n', delimiter: style === 'semicolon' ? ';' : ',' },
  );
}

const round = (x: number | null, digits = 3) => (x === null ? '' : Number(x.toFixed(digits)));
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * "2026-12-01 16:15:03": the event's wall-clock time, in a form every spreadsheet reads as a
 * date and time whatever its language; the column heading names the zone.
 */
export function localDateTime(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

const wordsOf = (data: PodiumData) => ({ locale: data.event.settings.language });
type Words = ReturnType<typeof wordsOf>;

/** A table's column headings in the event's language: each column's message, said once (those with parameters are said by the caller). */
function headings<K extends string>(words: Words, messages: Record<K, (inputs: Record<string, never>, options: Words) => string>): Record<K, string> {
  return Object.fromEntries(Object.entries<(inputs: Record<string, never>, options: Words) => string>(messages).map(([column, say]) => [column, say({}, words)])) as Record<K, string>;
}

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
    ...(hasRounds(data.event) ? { round: { id: currentRound(data.event).id, name: currentRound(data.event).name } } : {}),
    exportedAt: iso(now),
    normalisation: officialNormalisation(data.event),
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
export function resultsCsv(data: PodiumData, now: number, style: CsvStyle = csvStyleOf(data.event.settings.language)): string {
  const { teams, categories } = lookups(data);
  const words = wordsOf(data);
  const language = data.event.settings.language;
  const scores = Object.values(data.scores);
  const board = leaderboard(data.event, scores, now);
  const normalised = officialNormalisation(data.event) === 'z-score';
  const raw = normalised ? new Map(leaderboard(data.event, scores, now, 'none').overall.map((r) => [r.teamId, r.score])) : null;
  const criteria = data.event.criteria;
  const scale = scaleOf(criteria);
  const col = {
    ...headings(words, {
      rank: m.export_col_rank,
      tied: m.export_col_tied,
      team: m.export_col_team,
      project: m.export_col_project,
      category: m.export_col_category,
      categoryRank: m.export_col_category_rank,
    }),
    score: m.export_col_score({ scale: formatScale(scale) }, words),
    ...headings(words, {
      scoreRaw: m.export_col_score_raw,
      counted: m.export_col_jurors_counted,
      expected: m.export_col_jurors_expected,
      provisional: m.export_col_provisional,
    }),
  };
  const weight = (w: number) => (style === 'semicolon' ? String(w).replace('.', ',') : String(w));
  const onScaleColumn = (c: (typeof criteria)[number]) => m.export_col_on_scale({ criterion: c.name, weight: weight(c.weight), scale: formatScale(scale) }, words);
  const markColumn = (c: (typeof criteria)[number]) => m.export_col_average_mark({ criterion: c.name, min: c.min, max: c.max }, words);
  const yesNo = (b: boolean) => (b ? m.export_yes({}, words) : m.export_no({}, words));
  const inRound = roundColumn(data, words);
  const columns = [
    ...(inRound ? [inRound.column] : []),
    col.rank,
    col.tied,
    col.team,
    col.project,
    col.category,
    col.categoryRank,
    col.score,
    ...(normalised ? [col.scoreRaw] : []),
    ...criteria.flatMap((c) => [onScaleColumn(c), markColumn(c)]),
    col.counted,
    col.expected,
    col.provisional,
  ];
  const rows: Record<string, unknown>[] = board.overall.map((row) => {
    const team = teams.get(row.teamId);
    const categoryId = team?.categoryId ?? null;
    const categoryRow = categoryId ? board.byCategory[categoryId]?.find((r) => r.teamId === row.teamId) : undefined;
    return {
      ...(inRound ? { [inRound.column]: inRound.name } : {}),
      [col.rank]: row.score === null ? '' : row.rank,
      // A team nobody scored has no place, so it ties with nobody.
      [col.tied]: row.score === null ? '' : yesNo(row.tied),
      [col.team]: team?.name ?? row.teamId,
      [col.project]: team?.project ?? '',
      [col.category]: categoryId ? (categories.get(categoryId)?.name ?? '') : '',
      [col.categoryRank]: categoryRow && categoryRow.score !== null ? categoryRow.rank : '',
      [col.score]: round(row.score),
      ...(raw ? { [col.scoreRaw]: round(raw.get(row.teamId) ?? null) } : {}),
      ...Object.fromEntries(
        criteria.flatMap((c) => {
          const average = row.criteria[c.id] ?? null;
          return [
            [onScaleColumn(c), round(average === null ? null : onScale(average, c, scale))],
            [markColumn(c), round(average)],
          ];
        }),
      ),
      [col.counted]: row.jurorCount,
      [col.expected]: row.expectedJurors,
      [col.provisional]: yesNo(row.provisional),
    };
  });
  rows.push({}, ...explainScoring(criteria, officialNormalisation(data.event), language).map((line) => ({ [col.rank]: line })));
  return toCsv(rows, columns, style);
}

export function scoresCsv(data: PodiumData, style: CsvStyle = csvStyleOf(data.event.settings.language)): string {
  const { teams, jurors } = lookups(data);
  const words = wordsOf(data);
  const zone = data.event.settings.timeZone;
  const col = {
    ...headings(words, {
      juror: m.export_col_juror,
      team: m.export_col_team,
      criterion: m.export_col_criterion,
      mark: m.export_col_mark,
      min: m.export_col_min,
      max: m.export_col_max,
      weight: m.export_col_weight,
      note: m.export_col_note,
      revision: m.export_col_revision,
    }),
    updatedAt: m.export_col_updated_at({ zone }, words),
    counted: m.export_col_counted({}, words),
  };
  const inRound = roundColumn(data, words);
  const rows = Object.values(data.scores).flatMap((s) => {
    const juror = jurors.get(s.jurorId);
    const counted = !!juror && !juror.conflicts.includes(s.teamId);
    return data.event.criteria.map((c) => ({
      ...(inRound ? { [inRound.column]: inRound.name } : {}),
      [col.juror]: juror?.name ?? s.jurorId,
      [col.team]: teams.get(s.teamId)?.name ?? s.teamId,
      [col.criterion]: c.name,
      [col.mark]: s.marks[c.id] ?? '',
      [col.min]: c.min,
      [col.max]: c.max,
      [col.weight]: c.weight,
      [col.note]: s.note,
      [col.revision]: s.revision,
      [col.updatedAt]: localDateTime(s.updatedAt, zone),
      [col.counted]: counted ? m.export_yes({}, words) : m.export_not_counted_conflict({}, words),
    }));
  });
  return toCsv(rows, [...(inRound ? [inRound.column] : []), ...Object.values(col)], style);
}

/** The audit log as a table, headed and worded in the event's language, times in the event's zone. */
export function auditCsv(data: PodiumData, style: CsvStyle = csvStyleOf(data.event.settings.language)): string {
  const { teams, jurors } = lookups(data);
  const words = wordsOf(data);
  const zone = data.event.settings.timeZone;
  const col = {
    at: m.export_col_at({ zone }, words),
    ...headings(words, {
      actor: m.export_col_actor,
      action: m.export_col_action,
      team: m.export_col_team,
      juror: m.export_col_juror,
      from: m.export_col_from_revision,
      to: m.export_col_to_revision,
      detail: m.export_col_detail,
    }),
  };
  const actor = (a: string) =>
    a.startsWith('juror:')
      ? m.export_actor_juror({ name: jurors.get(a.slice(6))?.name ?? a.slice(6) }, words)
      : a === 'organiser'
        ? m.export_actor_organiser({}, words)
        : a;
  const inRound = roundColumn(data, words);
  const roundNames = new Map(roundsOf(data.event).map((r) => [r.id, r.name]));
  const rows = data.audit.map((e) => ({
    ...(inRound ? { [inRound.column]: e.roundId ? (roundNames.get(e.roundId) ?? e.roundId) : '' } : {}),
    [col.at]: localDateTime(e.at, zone),
    [col.actor]: actor(e.actor),
    [col.action]: e.action,
    [col.team]: e.teamId ? (teams.get(e.teamId)?.name ?? e.teamId) : '',
    [col.juror]: e.jurorId ? (jurors.get(e.jurorId)?.name ?? e.jurorId) : '',
    [col.from]: e.fromRevision ?? '',
    [col.to]: e.toRevision ?? '',
    [col.detail]: readableDetail(e.detail, data.event.criteria, data.event.settings.language),
  }));
  return toCsv(rows, [...(inRound ? [inRound.column] : []), ...Object.values(col)], style);
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
      ...(e.detail !== undefined ? { detail: readableDetail(e.detail, data.event.criteria, data.event.settings.language) } : {}),
    })),
  };
}
