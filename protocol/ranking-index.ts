// The ranking (protocol/ranking.ts) kept up to date as scores change: at 300 teams ×
// 200 jurors a ranking from scratch walks 60,000 scores (~100 ms, in one synchronous
// step), while a score changes one team's means and, normalised, one juror's spread.
// The server's live board (server/broadcaster.ts) and the organiser's console
// (protocol/organiser-patch.ts) both rank with it, so they rank by the same code.
//
// Every sum is taken in the order a ranking from scratch over the event's jurors × teams
// takes it (a team's scores in juror order, a juror's in team order, all of them juror by
// juror), so the numbers are those of `leaderboard` and `juryReport` to the last bit.
import type { JuryReport } from './views.ts';
import type { Leaderboard, Normalisation, PodiumEvent, Score } from './model.ts';
import { boardOf, criteriaMeans, expectedJurors, jurorJury, mean, normalised, officialNormalisation, spreadOf, spreadOfGroups, teamJury, type Spread, type TeamResult } from './ranking.ts';
import { scaleOf, weightedScore, type Scale } from './scoring.ts';
import { assignmentShape } from './assignments.ts';
import { roundEvent } from './rounds.ts';

/** What the incremental ranking reads: every score by key, and the keys changed since a cursor (the store's ScoreIndex). */
export interface ScoreSource<Cursor> {
  entries(): Iterable<[string, Score]>;
  get(key: string): Score | undefined;
  cursor(): Cursor;
  changedSince(cursor: Cursor): readonly string[] | null;
}

/** A score that counts: complete, by a known juror, for a known team without a conflict. */
interface Counted {
  key: string;
  score: Score;
  value: number;
}

/** A team's counted scores in the event's juror order, and what they give; dropped when one of its scores changes. */
interface TeamEntry {
  counted: Counted[];
  values: number[];
  /** Each counted score's juror's place in the event's jurors. */
  jurorPlaces: number[];
  score: number | null;
  criteria: Record<string, number | null>;
}

/**
 * `leaderboard(event, scores, now)` and `juryReport(event, scores)`, kept up to date: each
 * call reads only the scores changed since the last one. Counted scores are kept per team
 * and per juror with their weighted value; a team's criterion means, its score without
 * normalisation and its part of the jury report are recomputed only when one of its scores
 * changed; with z-score normalisation a changed juror's spread is recomputed, and the teams'
 * normalised means (which move with every score through the global mean and spread) in one
 * pass over plain numbers. A juror's part of the jury report is remade from the gaps kept
 * per team, only for the jurors of the teams that changed. Anything the counting depends on
 * (criteria, jurors and their conflicts, team ids, the round) changing starts it again from
 * every score.
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
  private teamCache = new Map<string, TeamEntry>();
  /** Per juror: their counted values in the event's team order, and their spread. */
  private jurorCache = new Map<string, { values: number[]; spread: Spread }>();
  /** The jury report's part per team, dropped when one of its scores changes. */
  private juryTeams = new Map<string, JuryReport['teams'][string]>();
  /** Each juror's gap per team (NaN: none), at `jurorAt * teams + teamAt`, for the jurors' part of the jury report. */
  private gaps = new Float64Array(0);
  private juryJurors = new Map<string, JuryReport['jurors'][string]>();
  /** Jurors whose gaps changed since their part of the jury report was made. */
  private staleJurors = new Set<string>();
  /** The event's jurors and the round's teams, in order, as of the last catch-up. */
  private jurors: readonly string[] = [];
  private teams: readonly string[] = [];

  constructor(private readonly source: ScoreSource<Cursor>) {}

  leaderboard(allTeams: PodiumEvent, now: number, normalisation: Normalisation = officialNormalisation(allTeams)): Leaderboard {
    // Only the current round's teams are ranked (protocol/rounds.ts): a change of round changes the team ids, so the count starts again.
    const event = roundEvent(allTeams);
    this.catchUp(event);
    return boardOf(event, this.results(event, normalisation), now);
  }

  /** `juryReport(roundEvent(event), scores)`: per team from its counted scores, per juror from the gaps kept per team. */
  juryReport(allTeams: PodiumEvent): JuryReport {
    const event = roundEvent(allTeams);
    this.catchUp(event);
    const { min, max } = this.scale;
    const range = max - min;
    const teams: JuryReport['teams'] = {};
    for (const [t, teamId] of this.teams.entries()) {
      let entry = this.juryTeams.get(teamId);
      if (!entry) {
        const own = this.teamEntry(event, teamId);
        entry = teamJury(
          own.counted.map((c) => c.score.jurorId),
          own.values,
          range,
        );
        this.juryTeams.set(teamId, entry);
        const gapOf = new Map(entry.jurors.map((j) => [j.jurorId, j.gap ?? NaN]));
        for (const [j, jurorId] of this.jurors.entries()) {
          const at = j * this.teams.length + t;
          const gap = gapOf.get(jurorId) ?? NaN;
          if (!Object.is(this.gaps[at], gap)) {
            this.gaps[at] = gap;
            this.staleJurors.add(jurorId);
          }
        }
      }
      teams[teamId] = entry;
    }
    const jurors: JuryReport['jurors'] = {};
    for (const [j, jurorId] of this.jurors.entries()) {
      let entry = this.juryJurors.get(jurorId);
      if (!entry || this.staleJurors.has(jurorId)) {
        const gaps: number[] = [];
        const from = j * this.teams.length;
        for (let at = from; at < from + this.teams.length; at++) if (!Number.isNaN(this.gaps[at])) gaps.push(this.gaps[at]!);
        entry = jurorJury(gaps, range);
        this.juryJurors.set(jurorId, entry);
      }
      jurors[jurorId] = entry;
    }
    this.staleJurors.clear();
    return { scale: { min, max }, teams, jurors };
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
      this.jurors = event.jurors.map((j) => j.id);
      this.teams = event.teams.map((t) => t.id);
      this.gaps = new Float64Array(this.jurors.length * this.teams.length).fill(NaN);
      this.counted.clear();
      this.byTeam.clear();
      this.byJuror.clear();
      this.teamCache.clear();
      this.jurorCache.clear();
      this.juryTeams.clear();
      this.juryJurors.clear();
      this.staleJurors.clear();
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
    const counted = { key, score, value };
    this.counted.set(key, counted);
    groupOf(this.byTeam, score.teamId).set(score.jurorId, counted);
    groupOf(this.byJuror, score.jurorId).set(score.teamId, counted);
    this.changed(score);
  }

  private remove(key: string, score: Score): void {
    this.counted.delete(key);
    // Only if it is this key's: a score filed under another key for the same juror and team does not take its place.
    if (this.byTeam.get(score.teamId)?.get(score.jurorId)?.key === key) this.byTeam.get(score.teamId)!.delete(score.jurorId);
    if (this.byJuror.get(score.jurorId)?.get(score.teamId)?.key === key) this.byJuror.get(score.jurorId)!.delete(score.teamId);
    this.changed(score);
  }

  private changed(score: Score): void {
    this.teamCache.delete(score.teamId);
    this.juryTeams.delete(score.teamId);
    this.jurorCache.delete(score.jurorId);
  }

  /** A team's counted scores in the event's juror order, with their mean and criterion means. */
  private teamEntry(event: PodiumEvent, teamId: string): TeamEntry {
    let entry = this.teamCache.get(teamId);
    if (!entry) {
      const own = this.byTeam.get(teamId);
      const counted: Counted[] = [];
      const jurorPlaces: number[] = [];
      if (own?.size) {
        for (const [place, jurorId] of this.jurors.entries()) {
          const c = own.get(jurorId);
          if (c) {
            counted.push(c);
            jurorPlaces.push(place);
          }
        }
      }
      const values = counted.map((c) => c.value);
      entry = { counted, values, jurorPlaces, score: mean(values), criteria: criteriaMeans(event, counted.map((c) => c.score)) };
      this.teamCache.set(teamId, entry);
    }
    return entry;
  }

  private results(event: PodiumEvent, normalisation: Normalisation): TeamResult[] {
    const zScore = normalisation !== 'none' && this.counted.size > 0;
    let global: Spread | null = null;
    let spreads: Spread[] = [];
    if (zScore) {
      // All counted values juror by juror, each juror's in team order: as a ranking from scratch lists them.
      const own = this.jurors.map((jurorId) => this.ofJuror(jurorId));
      global = spreadOfGroups(own.map((o) => o.values));
      // By the juror's place: every counted score is normalised at every ranking (the global spread moves with each).
      spreads = own.map((o) => o.spread);
    }
    return event.teams.map((team) => {
      const entry = this.teamEntry(event, team.id);
      let score = entry.score;
      if (global) {
        const values = new Array<number>(entry.values.length);
        for (let i = 0; i < values.length; i++) values[i] = normalised(entry.values[i]!, spreads[entry.jurorPlaces[i]!]!, global, this.scale);
        score = mean(values);
      }
      return { teamId: team.id, score, criteria: { ...entry.criteria }, jurorCount: entry.counted.length, expectedJurors: this.expected.get(team.id)! };
    });
  }

  /** A juror's counted values in the round's team order, and their spread. */
  private ofJuror(jurorId: string): { values: number[]; spread: Spread } {
    let cached = this.jurorCache.get(jurorId);
    if (!cached) {
      const own = this.byJuror.get(jurorId);
      const values: number[] = [];
      if (own?.size) {
        for (const teamId of this.teams) {
          const c = own.get(teamId);
          if (c) values.push(c.value);
        }
      }
      cached = { values, spread: spreadOf(values) };
      this.jurorCache.set(jurorId, cached);
    }
    return cached;
  }
}

function groupOf<K, V>(groups: Map<K, Map<string, V>>, key: K): Map<string, V> {
  let group = groups.get(key);
  if (!group) groups.set(key, (group = new Map()));
  return group;
}
