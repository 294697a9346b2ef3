// From scores to rankings: pure functions, no clocks, no I/O.
//
// A juror's score for a team is the weighted mean of their marks (weights
// normalised). A team's score is the mean over the jurors who scored it, so a
// conflict of interest or a missing juror does not penalise the team.
import type {
  Criterion,
  Leaderboard,
  LeaderboardRow,
  Normalisation,
  PodiumEvent,
  Score,
  TieBreaker,
} from '../../protocol/model.ts';

const EPSILON = 1e-9;

/** Weighted mean of one juror's marks; null when the marks are incomplete or every weight is 0. */
export function weightedScore(marks: Record<string, number>, criteria: readonly Criterion[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const mark = marks[c.id];
    if (mark === undefined) return null;
    sum += c.weight * mark;
    weights += c.weight;
  }
  return weights > 0 ? sum / weights : null;
}

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

function stdev(xs: readonly number[]): number {
  const m = mean(xs) ?? 0;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
}

/** Scores that count: complete, by a known juror without a conflict with the team. */
export function countedScores(event: Pick<PodiumEvent, 'jurors' | 'teams' | 'criteria'>, scores: readonly Score[]): Score[] {
  const jurors = new Map(event.jurors.map((j) => [j.id, j]));
  const teams = new Set(event.teams.map((t) => t.id));
  return scores.filter((s) => {
    const juror = jurors.get(s.jurorId);
    return juror && teams.has(s.teamId) && !juror.conflicts.includes(s.teamId) && weightedScore(s.marks, event.criteria) !== null;
  });
}

/**
 * Each counted score's weighted value, optionally normalised per juror (z-score:
 * centred and scaled by the juror's own mean and spread, mapped back onto the
 * scale of all jurors). A juror with fewer than two scores or no spread keeps raw values.
 */
export function jurorValues(
  event: Pick<PodiumEvent, 'jurors' | 'teams' | 'criteria'>,
  scores: readonly Score[],
  normalisation: Normalisation,
): Map<Score, number> {
  const counted = countedScores(event, scores);
  const raw = new Map(counted.map((s) => [s, weightedScore(s.marks, event.criteria)!]));
  if (normalisation === 'none' || raw.size === 0) return raw;
  const all = [...raw.values()];
  const globalMean = mean(all)!;
  const globalSd = stdev(all);
  const byJuror = new Map<string, Score[]>();
  for (const s of counted) byJuror.set(s.jurorId, [...(byJuror.get(s.jurorId) ?? []), s]);
  const { min, max } = scaleOf(event.criteria);
  const result = new Map<Score, number>();
  for (const [, own] of byJuror) {
    const values = own.map((s) => raw.get(s)!);
    const m = mean(values)!;
    const sd = stdev(values);
    for (const s of own) {
      const v = raw.get(s)!;
      if (own.length < 2 || sd < EPSILON || globalSd < EPSILON) result.set(s, v);
      else result.set(s, clamp(globalMean + ((v - m) / sd) * globalSd, min, max));
    }
  }
  return result;
}

function scaleOf(criteria: readonly Criterion[]): { min: number; max: number } {
  if (!criteria.length) return { min: 0, max: 10 };
  return { min: Math.min(...criteria.map((c) => c.min)), max: Math.max(...criteria.map((c) => c.max)) };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

interface TeamResult {
  teamId: string;
  score: number | null;
  criteria: Record<string, number | null>;
  jurorCount: number;
  expectedJurors: number;
}

export function teamResults(event: PodiumEvent, scores: readonly Score[], normalisation: Normalisation): TeamResult[] {
  const values = jurorValues(event, scores, normalisation);
  const byTeam = new Map<string, Score[]>();
  for (const s of values.keys()) byTeam.set(s.teamId, [...(byTeam.get(s.teamId) ?? []), s]);
  return event.teams.map((team) => {
    const own = byTeam.get(team.id) ?? [];
    const criteria: Record<string, number | null> = {};
    for (const c of event.criteria) criteria[c.id] = mean(own.map((s) => s.marks[c.id]!));
    return {
      teamId: team.id,
      score: mean(own.map((s) => values.get(s)!)),
      criteria,
      jurorCount: own.length,
      expectedJurors: event.jurors.filter((j) => !j.conflicts.includes(team.id)).length,
    };
  });
}

/** Negative when `a` ranks above `b`; 0 when nothing separates them. */
function compare(a: TeamResult, b: TeamResult, tieBreakers: readonly TieBreaker[]): number {
  const keys: ((r: TeamResult) => number | null)[] = [
    (r) => r.score,
    ...tieBreakers.map((t) => (t.kind === 'criterion' ? (r: TeamResult) => r.criteria[t.criterionId] ?? null : (r: TeamResult) => r.jurorCount)),
  ];
  for (const key of keys) {
    const x = key(a);
    const y = key(b);
    if (x === null && y === null) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    if (Math.abs(x - y) > EPSILON) return y - x;
  }
  return 0;
}

/** Rank rows; teams that no tie-breaker separates share a rank and are marked tied. */
export function rank(results: readonly TeamResult[], tieBreakers: readonly TieBreaker[]): LeaderboardRow[] {
  const sorted = [...results].sort((a, b) => compare(a, b, tieBreakers) || a.teamId.localeCompare(b.teamId));
  const rows: LeaderboardRow[] = [];
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    const tiedWithPrev = prev !== undefined && compare(prev, r, tieBreakers) === 0;
    const rankNumber = tiedWithPrev ? rows[i - 1]!.rank : i + 1;
    rows.push({ ...r, rank: rankNumber, tied: false, provisional: r.jurorCount < r.expectedJurors });
  });
  for (let i = 0; i < rows.length; i++) {
    const same = rows.filter((row) => row.rank === rows[i]!.rank);
    rows[i]!.tied = same.length > 1;
  }
  return rows;
}

export function leaderboard(
  event: PodiumEvent,
  scores: readonly Score[],
  now: number,
  normalisation: Normalisation = event.settings.normalisation,
): Leaderboard {
  const results = teamResults(event, scores, normalisation);
  const tieBreakers = event.settings.tieBreakers;
  const byCategory: Record<string, LeaderboardRow[]> = {};
  for (const category of event.categories) {
    const teamIds = new Set(event.teams.filter((t) => t.categoryId === category.id).map((t) => t.id));
    byCategory[category.id] = rank(
      results.filter((r) => teamIds.has(r.teamId)),
      tieBreakers,
    );
  }
  return { overall: rank(results, tieBreakers), byCategory, computedAt: now };
}
