// The organiser's console is sent a snapshot once, then patches: the scores that
// changed and the parts of its view that changed. Its rankings, jury report and
// projector leaderboard it derives itself from the scores by the server's own
// rules (protocol/ranking.ts), so a score costs the bytes of a score whatever
// the size of the event, and the server ranks nothing for the console per score.
// Applying a patch costs what changed, not the event: the console keeps its scores in one
// map it patches in place and ranks them with protocol/ranking-index.ts, which recomputes
// only the teams (and jurors) whose scores changed, to the same numbers as from scratch.
import { scoreKey, type Leaderboard, type Score } from './model.ts';
import { publicBoard } from './public-board.ts';
import { RankingIndex, type ScoreSource } from './ranking-index.ts';
import { juryReport, leaderboard, officialNormalisation, podiumDiffers } from './ranking.ts';
import { roundEvent } from './rounds.ts';
import type { OrganiserCore, OrganiserPatch, OrganiserState } from './views.ts';

/** The whole organiser state from its core, with the rankings computed at `at`. */
export function deriveOrganiser(core: OrganiserCore, at: number): OrganiserState {
  const { event } = core.data;
  // In the event's juror and team order, not the map's insertion order, which a console that was
  // patched and one that got a snapshot do not share. Scores of unknown jurors or teams never count.
  const scores: Score[] = [];
  for (const juror of event.jurors) {
    for (const team of event.teams) {
      const key = scoreKey(juror.id, team.id);
      if (Object.hasOwn(core.data.scores, key)) scores.push(core.data.scores[key]!);
    }
  }
  return withRankings(core, leaderboard(event, scores, at, 'none'), leaderboard(event, scores, at, 'z-score'), juryReport(roundEvent(event), scores));
}

/** The whole state from its core and what is derived from its scores, however it was derived. */
function withRankings(core: OrganiserCore, raw: Leaderboard, normalised: Leaderboard, jury: OrganiserState['jury']): OrganiserState {
  const { event, visibility } = core.data;
  const official = officialNormalisation(event) === 'z-score' ? normalised : raw;
  return {
    ...core,
    leaderboard: official,
    normalisedLeaderboard: normalised,
    rawLeaderboard: raw,
    podiumDiffers: podiumDiffers(raw.overall, normalised.overall),
    jury,
    projector: { ...core.projector, seq: core.seq, leaderboard: publicBoard(visibility, () => official) },
  };
}

/** The core of a state: what patches change. */
export function organiserCore(state: OrganiserState): OrganiserCore {
  const { leaderboard: _l, normalisedLeaderboard: _n, rawLeaderboard: _r, podiumDiffers: _p, jury: _j, projector, ...rest } = state;
  const { leaderboard: _pl, seq: _ps, ...preview } = projector;
  return { ...rest, projector: preview };
}

/** Whether `patch` follows `state` directly; if not, the console needs a fresh snapshot. */
export const patchFits = (state: Pick<OrganiserState, 'rev'>, patch: Pick<OrganiserPatch, 'base'>): boolean => patch.base === state.rev;

/**
 * The scores a console's patches have brought, for its RankingIndex: one map, patched in
 * place, and the keys changed since the index last read them.
 */
class PatchedScores implements ScoreSource<number> {
  /** Keyed by juror and team, from the wire: a map without a prototype, whatever the ids. */
  readonly scores: Record<string, Score>;
  private version = 0;
  /** The version the index last read, and the keys changed since. */
  private read = -1;
  private changed: string[] = [];

  constructor(scores: Readonly<Record<string, Score>>) {
    this.scores = Object.assign(Object.create(null) as Record<string, Score>, scores);
  }

  apply(patch: Record<string, Score | null>): void {
    for (const [key, score] of Object.entries(patch)) {
      if (score) this.scores[key] = score;
      else delete this.scores[key];
      this.changed.push(key);
    }
    this.version++;
  }

  *entries(): Iterable<[string, Score]> {
    for (const key in this.scores) yield [key, this.scores[key]!];
  }
  get(key: string): Score | undefined {
    return Object.hasOwn(this.scores, key) ? this.scores[key] : undefined;
  }
  cursor(): number {
    this.read = this.version;
    this.changed = [];
    return this.version;
  }
  changedSince(cursor: number): readonly string[] | null {
    return cursor === this.read ? this.changed : null;
  }
}

/** A console's derivation: its scores and their ranking, and the last state it made. */
interface Derivation {
  source: PatchedScores;
  ranking: RankingIndex<number>;
  head: OrganiserState;
}

/** Each state a patch made, with the derivation it came from (a snapshot has none yet). */
const derivations = new WeakMap<OrganiserState, Derivation>();

/**
 * The state after `patch`, its rankings and jury report derived as `deriveOrganiser` does,
 * for the cost of what changed. `state` keeps its rankings and view, but the states a
 * console's patches make share one scores map, patched in place (copying 60,000 scores
 * per patch cost more than ranking them): only the latest state may be patched, as the
 * console does, and a patch on an earlier one throws. A snapshot is copied once, at its
 * first patch, and left as it was. The caller checks `patchFits` first.
 */
export function applyOrganiserPatch(state: OrganiserState, patch: OrganiserPatch): OrganiserState {
  let derivation = derivations.get(state);
  if (derivation && derivation.head !== state) throw new Error('applyOrganiserPatch: only the latest state of a console can be patched');
  derivation ??= derive(state);
  const core = organiserCore(state);
  if (patch.scores) derivation.source.apply(patch.scores);
  const next = deriveIndexed(
    derivation.ranking,
    {
      ...core,
      ...patch.view,
      seq: patch.seq,
      rev: patch.rev,
      data: { ...core.data, ...patch.data, scores: derivation.source.scores },
    },
    patch.at,
  );
  derivation.head = next;
  derivations.set(next, derivation);
  return next;
}

/** A snapshot's derivation: its scores copied once and ranked by a new index. */
function derive(state: OrganiserState): Derivation {
  const source = new PatchedScores(state.data.scores);
  return { source, ranking: new RankingIndex(source), head: state };
}

/**
 * Builds a snapshot's derivation ahead of its first patch: its scores copied and ranked from
 * scratch (at 300 teams × 200 jurors, 0.3–0.45 s in all), which the first patch would otherwise
 * do while the organiser works. The console runs it when the page is idle after a snapshot, one
 * step per `next()` and idle moment (the longest step, the first ranking, is about half of it),
 * so a key pressed meanwhile waits for one step, not all; the first patch then only ranks what
 * changed, using whatever steps are done. Nothing to do once the state is patched.
 */
export function* prepareOrganiserSteps(state: OrganiserState): Generator<void, void, void> {
  if (derivations.has(state)) return;
  const derivation = derive(state);
  derivations.set(state, derivation);
  const { event } = state.data;
  // The index catches up on every score at its first reading; what it ranks now is dropped.
  yield;
  if (derivation.head !== state) return;
  derivation.ranking.leaderboard(event, 0, 'none');
  yield;
  if (derivation.head !== state) return;
  derivation.ranking.leaderboard(event, 0, 'z-score');
  yield;
  if (derivation.head !== state) return;
  derivation.ranking.juryReport(event);
}

/** `deriveOrganiser`, with the rankings and jury report kept up to date by `ranking` (which reads the core's scores). */
function deriveIndexed(ranking: RankingIndex<number>, core: OrganiserCore, at: number): OrganiserState {
  const { event } = core.data;
  return withRankings(core, ranking.leaderboard(event, at, 'none'), ranking.leaderboard(event, at, 'z-score'), ranking.juryReport(event));
}
