// Ranking: the rules live in protocol/ranking.ts (the console ranks by them too).
// Here, the same ranking kept up to date as scores change, for the server's live
// board: at 300 teams × 200 jurors a ranking from scratch walks 60,000 scores
// (~100 ms, in one synchronous step that every acknowledgement waits behind),
// while a score changes one team's means and, normalised, one juror's spread.
export * from '../../protocol/ranking.ts';
import type { Leaderboard, Normalisation, PodiumEvent, Score } from '../../protocol/model.ts';
import { boardOf, criteriaMeans, expectedJurors, mean, normalised, officialNormalisation, spreadOf, type Spread, type TeamResult } from '../../protocol/ranking.ts';
import { scaleOf, weightedScore, type Scale } from '../../protocol/scoring.ts';
import { assignmentShape } from '../../protocol/assignments.ts';
import { roundEvent } from '../../protocol/rounds.ts';

/** What the incremental ranking reads: every score by key, and the keys changed since a cursor (the store's ScoreIndex). */
export interface ScoreSource<Cursor> {
  entries(): Iterable<[string, Score]>;
  get(key: string): Score | undefined;
  cursor(): Cursor;
  changedSince(cursor: Cursor): readonly string[] | null;
}

/** A score that counts: complete, by a known juror, for a known team without a conflict. */
interface Counted {
  score: Score;
  value: number;
}

/**
 * `leaderboard(event, Object.values(scores), now)`, kept up to date: each call reads only
 * the scores changed since the last one. Counted scores are kept per team and per juror
 * with their weighted value; a team's criterion means and (without normalisation) its
 * score are recomputed only when one of its scores changed; with z-score normalisation
 * a changed juror's spread is recomputed, and the teams' normalised means (which move
 * with every score through the global mean and spread) in one pass over plain numbers.
 * Anything the counting depends on (criteria, jurors and their conflicts, team ids)
 * changing starts it again from every score.
 */
export class RankingIndex<Cursor> {
  private cursor: Cursor | null = null;
  private shape = '';
  /** What the expected counts were made from: assignments change them without changing what counts. */
  private expectedShape = '';
  private scale: Scale = { min: 0, max: 10 };
  private conflicts = new Map<string, Set<string>>();
  private teamIds = new Set<string>();
  private expected = new Map<string, number>();
  private counted = new Map<string, Counted>();
  private byTeam = new Map<string, Map<string, Counted>>();
  private byJuror = new Map<string, Map<string, Counted>>();
  /** Per team, without normalisation: its result, dropped when one of its scores changes. */
  private teamCache = new Map<string, { score: number | null; criteria: Record<string, number | null> }>();
  private jurorSpread = new Map<string, Spread>();

  constructor(private readonly source: ScoreSource<Cursor>) {}

  leaderboard(allTeams: PodiumEvent, now: number, normalisation: Normalisation = officialNormalisation(allTeams)): Leaderboard {
    // Only the current round's teams are ranked (protocol/rounds.ts): a change of round changes the team ids, so the count starts again.
    const event = roundEvent(allTeams);
    this.catchUp(event);
    return boardOf(event, this.results(event, normalisation), now);
  }

  private catchUp(event: PodiumEvent): void {
    const shape = JSON.stringify([event.criteria, event.jurors.map((j) => [j.id, j.conflicts]), event.teams.map((t) => t.id)]);
    const changed = shape === this.shape && this.cursor !== null ? this.source.changedSince(this.cursor) : null;
    this.cursor = this.source.cursor();
    const expectedShape = assignmentShape(event);
    if (expectedShape !== this.expectedShape) {
      this.expectedShape = expectedShape;
      this.expected = expectedJurors(event);
    }
    if (changed === null) {
      this.shape = shape;
      this.scale = scaleOf(event.criteria);
      this.conflicts = new Map(event.jurors.map((j) => [j.id, new Set(j.conflicts)]));
      this.teamIds = new Set(event.teams.map((t) => t.id));
      this.counted.clear();
      this.byTeam.clear();
      this.byJuror.clear();
      this.teamCache.clear();
      this.jurorSpread.clear();
      for (const [key, score] of this.source.entries()) this.add(event, key, score);
      return;
    }
    for (const key of new Set(changed)) {
      const old = this.counted.get(key);
      const score = this.source.get(key);
      if (old && old.score === score) continue;
      if (old) this.remove(key, old.score);
      if (score) this.add(event, key, score);
    }
  }

  private add(event: PodiumEvent, key: string, score: Score): void {
    const conflicted = this.conflicts.get(score.jurorId);
    if (!conflicted || !this.teamIds.has(score.teamId) || conflicted.has(score.teamId)) return;
    const value = weightedScore(score.marks, event.criteria, this.scale);
    if (value === null) return;
    const counted = { score, value };
    this.counted.set(key, counted);
    groupOf(this.byTeam, score.teamId).set(key, counted);
    groupOf(this.byJuror, score.jurorId).set(key, counted);
    this.teamCache.delete(score.teamId);
    this.jurorSpread.delete(score.jurorId);
  }

  private remove(key: string, score: Score): void {
    this.counted.delete(key);
    this.byTeam.get(score.teamId)?.delete(key);
    this.byJuror.get(score.jurorId)?.delete(key);
    this.teamCache.delete(score.teamId);
    this.jurorSpread.delete(score.jurorId);
  }

  private results(event: PodiumEvent, normalisation: Normalisation): TeamResult[] {
    const zScore = normalisation !== 'none' && this.counted.size > 0;
    let global: Spread | null = null;
    if (zScore) {
      const all: number[] = [];
      for (const c of this.counted.values()) all.push(c.value);
      global = spreadOf(all);
    }
    return event.teams.map((team) => {
      const own = this.byTeam.get(team.id);
      let cached = this.teamCache.get(team.id);
      if (!cached) {
        const scores: Score[] = [];
        const values: number[] = [];
        for (const c of own?.values() ?? []) {
          scores.push(c.score);
          values.push(c.value);
        }
        cached = { score: mean(values), criteria: criteriaMeans(event, scores) };
        this.teamCache.set(team.id, cached);
      }
      let score = cached.score;
      if (global) {
        const values: number[] = [];
        for (const c of own?.values() ?? []) values.push(normalised(c.value, this.spreadOfJuror(c.score.jurorId), global, this.scale));
        score = mean(values);
      }
      return { teamId: team.id, score, criteria: { ...cached.criteria }, jurorCount: own?.size ?? 0, expectedJurors: this.expected.get(team.id)! };
    });
  }

  private spreadOfJuror(jurorId: string): Spread {
    let spread = this.jurorSpread.get(jurorId);
    if (!spread) {
      const values: number[] = [];
      for (const c of this.byJuror.get(jurorId)?.values() ?? []) values.push(c.value);
      spread = spreadOf(values);
      this.jurorSpread.set(jurorId, spread);
    }
    return spread;
  }
}

function groupOf<K, V>(groups: Map<K, Map<string, V>>, key: K): Map<string, V> {
  let group = groups.get(key);
  if (!group) groups.set(key, (group = new Map()));
  return group;
}
