// From scores to rankings: pure functions, no clocks, no I/O. In protocol/ because the
// organiser's console derives its rankings from the scores it is sent, by these same rules.
//
// A juror's score for a team is protocol/scoring.ts's weightedScore, the one
// formula the juror's phone shows too. A team's score is the mean over the
// jurors who scored it, so a conflict of interest or a missing juror does not
// penalise the team.
import { isExpoRound } from './rounds.ts';
import type {
  Leaderboard,
  LeaderboardRow,
  Normalisation,
  PodiumEvent,
  Score,
  TieBreaker,
} from './model.ts';
import { expectedJurorCounts } from './assignments.ts';
import { scaleOf, weightedScore } from './scoring.ts';
import { roundEvent } from './rounds.ts';
import type { JuryReport } from './views.ts';

const EPSILON = 1e-9;

/** The agenda and rooms count only where jurors are assigned rooms (protocol/assignments.ts). */
export type RankingEvent = Pick<PodiumEvent, 'jurors' | 'teams' | 'criteria'> & Partial<Pick<PodiumEvent, 'agenda' | 'rooms'>>;

export const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** The median of a sorted list without its element at `skip`, in constant time. */
function medianWithout(sorted: readonly number[], skip: number): number {
  const at = (k: number) => sorted[k < skip ? k : k + 1]!;
  const n = sorted.length - 1;
  const mid = n >> 1;
  return n % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/** Population standard deviation (0 for fewer than two values). */
function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs)!;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
}

/** Scores that count (complete, by a known juror without a conflict with the team), each with its weighted value. */
function countedValues(event: RankingEvent, scores: readonly Score[]): Map<Score, number> {
  const conflicts = new Map(event.jurors.map((j) => [j.id, new Set(j.conflicts)]));
  const teams = new Set(event.teams.map((t) => t.id));
  const scale = scaleOf(event.criteria);
  const counted = new Map<Score, number>();
  for (const s of scores) {
    const conflicted = conflicts.get(s.jurorId);
    if (!conflicted || !teams.has(s.teamId) || conflicted.has(s.teamId)) continue;
    const value = weightedScore(s.marks, event.criteria, scale);
    if (value !== null) counted.set(s, value);
  }
  return counted;
}

/**
 * Each counted score's weighted value, optionally normalised per juror (z-score:
 * centred and scaled by the juror's own mean and spread, then mapped back onto
 * the scale through the mean and spread of all jurors' values, so a harsh juror
 * and a generous one weigh the same). A juror with fewer than two scores or no
 * spread keeps raw values: there is nothing to learn about their habits.
 */
function jurorValues(event: RankingEvent, scores: readonly Score[], normalisation: Normalisation): Map<Score, number> {
  const raw = countedValues(event, scores);
  const counted = [...raw.keys()];
  if (normalisation === 'none' || raw.size === 0) return raw;
  const global = spreadOf([...raw.values()]);
  const byJuror = groupBy(counted, (s) => s.jurorId);
  const scale = scaleOf(event.criteria);
  const result = new Map<Score, number>();
  for (const own of byJuror.values()) {
    const stats = spreadOf(own.map((s) => raw.get(s)!));
    for (const s of own) result.set(s, normalised(raw.get(s)!, stats, global, scale));
  }
  return result;
}

/** How many values, their mean and their spread (population standard deviation). */
export interface Spread {
  count: number;
  mean: number;
  sd: number;
}

export const spreadOf = (xs: readonly number[]): Spread => ({ count: xs.length, mean: mean(xs) ?? 0, sd: stdev(xs) });

/**
 * `spreadOf(groups.flat())` to the last bit (the same sums in the same order), without
 * making the flat list: the incremental ranking's 60,000 values, at every ranking.
 */
export function spreadOfGroups(groups: readonly (readonly number[])[]): Spread {
  let count = 0;
  let sum = 0;
  for (const group of groups) {
    count += group.length;
    for (const x of group) sum += x;
  }
  if (count === 0) return { count, mean: 0, sd: 0 };
  const m = sum / count;
  if (count < 2) return { count, mean: m, sd: 0 };
  let squares = 0;
  for (const group of groups) for (const x of group) squares += (x - m) ** 2;
  return { count, mean: m, sd: Math.sqrt(squares / count) };
}

/**
 * One juror's weighted value, z-score normalised: centred and scaled by the juror's own
 * values (`own`), mapped back through all jurors' values (`global`), kept on the scale.
 * Raw when the juror has fewer than two values or no spread, or no juror has any.
 */
export function normalised(value: number, own: Spread, global: Spread, scale: { min: number; max: number }): number {
  if (own.count < 2 || own.sd < EPSILON || global.sd < EPSILON) return value;
  return clamp(global.mean + ((value - own.mean) / own.sd) * global.sd, scale.min, scale.max);
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const x of xs) {
    const group = groups.get(key(x));
    if (group) group.push(x);
    else groups.set(key(x), [x]);
  }
  return groups;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export interface TeamResult {
  teamId: string;
  score: number | null;
  criteria: Record<string, number | null>;
  jurorCount: number;
  expectedJurors: number;
}

function teamResults(event: RankingEvent, scores: readonly Score[], normalisation: Normalisation): TeamResult[] {
  const values = jurorValues(event, scores, normalisation);
  const byTeam = groupBy([...values.keys()], (s) => s.teamId);
  const expected = expectedJurors(event);
  return event.teams.map((team) => {
    const own = byTeam.get(team.id) ?? [];
    return { teamId: team.id, score: mean(own.map((s) => values.get(s)!)), criteria: criteriaMeans(event, own), jurorCount: own.length, expectedJurors: expected.get(team.id)! };
  });
}

/** Each criterion's mean mark over a team's counted scores (null where none has it). */
export function criteriaMeans(event: RankingEvent, own: readonly Pick<Score, 'marks'>[]): Record<string, number | null> {
  const criteria: Record<string, number | null> = {};
  for (const c of event.criteria) criteria[c.id] = mean(own.map((s) => s.marks[c.id]).filter((m) => m !== undefined));
  return criteria;
}

/** How many jurors each team expects: those assigned it (every juror without an assignment), minus conflicts (protocol/assignments.ts). */
export const expectedJurors = (event: RankingEvent): Map<string, number> => expectedJurorCounts(event);

/** Negative when `a` ranks above `b`; 0 when nothing separates them. */
export function compare(a: TeamResult, b: TeamResult, tieBreakers: readonly TieBreaker[]): number {
  return compareKeys(keysOf(a, tieBreakers), keysOf(b, tieBreakers));
}

/**
 * Rank rows; teams that no tie-breaker separates share a rank (1, 2, 2, 4) and
 * are marked tied. Within a tie, rows are listed by team name: an order for
 * reading, never presented as a result. `readingOrder` gives each team's place in
 * that order (by name, then id: `readingOrderOf`); without it, ties are listed by id.
 */
export function rank(results: readonly TeamResult[], tieBreakers: readonly TieBreaker[], readingOrder?: ReadonlyMap<string, number>): LeaderboardRow[] {
  // Each result's keys and place read once, not at every comparison of the sort.
  const keyed = results.map((r) => ({ r, keys: keysOf(r, tieBreakers), place: readingOrder?.get(r.teamId) ?? -1 }));
  keyed.sort((a, b) => compareKeys(a.keys, b.keys) || a.place - b.place || (a.r.teamId < b.r.teamId ? -1 : a.r.teamId > b.r.teamId ? 1 : 0));
  const rows: LeaderboardRow[] = [];
  keyed.forEach(({ r, keys }, i) => {
    const prev = keyed[i - 1];
    const tiedWithPrev = prev !== undefined && compareKeys(prev.keys, keys) === 0;
    const rankNumber = tiedWithPrev ? rows[i - 1]!.rank : i + 1;
    // Object.assign, not `{ ...r, rank, … }`: V8 (Node 20) takes a slow path for a spread followed by more
    // properties, ~7 µs a row (2 ms a ranking of 300 teams, ten rankings a board) against ~0.1 µs.
    rows.push(Object.assign({}, r, { rank: rankNumber, tied: false, provisional: r.jurorCount < r.expectedJurors }));
  });
  const perRank = new Map<number, number>();
  for (const row of rows) perRank.set(row.rank, (perRank.get(row.rank) ?? 0) + 1);
  for (const row of rows) row.tied = perRank.get(row.rank)! > 1;
  return rows;
}

/** What `localeCompare` without arguments does, made once: the same order, without building a collator per comparison. */
const collator = new Intl.Collator();

/** The last team list's reading order: the live board is ranked at every score, its teams seldom change. */
let lastReadingOrder: { key: string; order: Map<string, number> } | null = null;

/**
 * Each team's place when listed by name (then id): how ties are listed. Sorting by name with
 * the collator for every ranking cost more than the ranking itself at 300 teams, most of them
 * tied (no scores yet, or the same marks), ten times a board (overall and each category).
 */
export function readingOrderOf(teams: readonly Pick<PodiumEvent['teams'][number], 'id' | 'name'>[]): ReadonlyMap<string, number> {
  let key = '';
  for (const t of teams) key += `${t.id}\u0000${t.name}\u0000`;
  if (lastReadingOrder?.key === key) return lastReadingOrder.order;
  const sorted = [...teams].sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.id, b.id));
  const order = new Map(sorted.map((t, i) => [t.id, i]));
  lastReadingOrder = { key, order };
  return order;
}

/** What `compare` compares, in its order: the score, then each tie-breaker's value. */
const keysOf = (r: TeamResult, tieBreakers: readonly TieBreaker[]): (number | null)[] => [
  r.score,
  ...tieBreakers.map((t) => (t.kind === 'criterion' ? (r.criteria[t.criterionId] ?? null) : r.jurorCount)),
];

function compareKeys(a: readonly (number | null)[], b: readonly (number | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === null && y === null) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    if (Math.abs(x - y) > EPSILON) return y - x;
  }
  return 0;
}

/**
 * How the official ranking treats each juror's scores: the event's setting, except in an expo round
 * (issue 18), where each juror sees only some teams, so raw means would reward whoever met the lenient
 * jurors: per-juror normalised there, the raw ranking beside it.
 */
export const officialNormalisation = (event: Pick<PodiumEvent, 'settings' | 'rounds' | 'currentRoundId'>): Normalisation =>
  isExpoRound(event) ? 'z-score' : event.settings.normalisation;

export function leaderboard(
  event: PodiumEvent,
  scores: readonly Score[],
  now: number,
  normalisation: Normalisation = officialNormalisation(event),
): Leaderboard {
  // Only the current round's teams are ranked (protocol/rounds.ts).
  const round = roundEvent(event);
  return boardOf(round, teamResults(round, scores, normalisation), now);
}

/** The leaderboard of teams' results: overall and per category, ranked by the event's tie-breakers. */
export function boardOf(event: Pick<PodiumEvent, 'teams' | 'categories' | 'settings'>, results: readonly TeamResult[], now: number): Leaderboard {
  const tieBreakers = event.settings.tieBreakers;
  const order = readingOrderOf(event.teams);
  const byCategory: Record<string, LeaderboardRow[]> = {};
  for (const category of event.categories) {
    const teamIds = new Set(event.teams.filter((t) => t.categoryId === category.id).map((t) => t.id));
    byCategory[category.id] = rank(
      results.filter((r) => teamIds.has(r.teamId)),
      tieBreakers,
      order,
    );
  }
  return { overall: rank(results, tieBreakers, order), byCategory, computedAt: now };
}

/** The podium (places 1 to 3 of teams with a score) as "rank:team" keys, for comparing two rankings. */
export function podium(rows: readonly LeaderboardRow[]): string[] {
  return rows
    .filter((r) => r.score !== null && r.rank <= 3)
    .map((r) => `${r.rank}:${r.teamId}`)
    .sort();
}

export function podiumDiffers(a: readonly LeaderboardRow[], b: readonly LeaderboardRow[]): boolean {
  const x = podium(a);
  const y = podium(b);
  return x.length !== y.length || x.some((k, i) => k !== y[i]);
}

/**
 * For the jury's results page: each juror's weighted score per team, the spread
 * across jurors, and a flag where a juror stands far from the others: at least a
 * fifth of the scale away from the median of at least two other jurors (a median,
 * so one extreme juror does not make the others look extreme). A juror is flagged
 * overall when they stand apart on average by a sixth of the scale.
 */
export function juryReport(event: RankingEvent, scores: readonly Score[]): JuryReport {
  const { min, max } = scaleOf(event.criteria);
  const range = max - min;
  const value = countedValues(event, scores);
  const counted = [...value.keys()];
  const teams: JuryReport['teams'] = {};
  const gaps = new Map<string, number[]>();
  const byTeam = groupBy(counted, (s) => s.teamId);
  for (const team of event.teams) {
    const own = byTeam.get(team.id) ?? [];
    const entry = teamJury(
      own.map((s) => s.jurorId),
      own.map((s) => value.get(s)!),
      range,
    );
    for (const j of entry.jurors) {
      if (j.gap === null) continue;
      const own = gaps.get(j.jurorId);
      if (own) own.push(j.gap);
      else gaps.set(j.jurorId, [j.gap]);
    }
    teams[team.id] = entry;
  }
  const jurors: JuryReport['jurors'] = {};
  for (const j of event.jurors) jurors[j.id] = jurorJury(gaps.get(j.id) ?? [], range);
  return { scale: { min, max }, teams, jurors };
}

/**
 * One team's part of the jury report, from its counted scores' jurors and weighted values
 * (in the event's juror order): what `juryReport` and protocol/ranking-index.ts both build it with.
 */
export function teamJury(jurorIds: readonly string[], values: readonly number[], range: number): JuryReport['teams'][string] {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    spread: values.length ? stdev(values) : null,
    jurors: values.map((value, i) => {
      const gap = values.length >= 3 ? value - medianWithout(sorted, sorted.indexOf(value)) : null;
      return { jurorId: jurorIds[i]!, value, gap, outlier: gap !== null && Math.abs(gap) >= range / 5 };
    }),
  };
}

/** One juror's part of the jury report, from their gaps to the others (in the event's team order). */
export function jurorJury(gaps: readonly number[], range: number): JuryReport['jurors'][string] {
  const meanGap = mean(gaps);
  const meanDistance = mean(gaps.map(Math.abs));
  return {
    meanGap,
    meanDistance,
    above: gaps.filter((g) => g > EPSILON).length,
    below: gaps.filter((g) => g < -EPSILON).length,
    compared: gaps.length,
    outlier: gaps.length >= 2 && meanDistance !== null && meanDistance >= range / 6,
  };
}
