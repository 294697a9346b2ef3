// What the audience may see of the leaderboard, and the winners' reveal.
//
// The reveal follows the projector's focus when it starts: overall (last place
// to first), one category (last to first), or 'rotate' (each category's winner,
// then the overall winner). Each place takes two steps: the place, then its team.
//
// The people's choice, when the organiser puts it in the reveal and the vote is closed,
// is its own award just before the jury's overall places (after the category winners when
// rotating): as at an awards night, the room's own prize comes before the grand prize, which
// stays the last word. A reveal of one category has no overall places, so no people's choice.
import type { Leaderboard, LeaderboardRow, PodiumData, VisibilityMode } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import type { JuryRevealPlace, PeopleRevealPlace, RevealPlace, RevealView } from '../../protocol/views.ts';
import { tally } from '../../protocol/votes.ts';
import { leaderboard } from './ranking.ts';

type Focus = PodiumData['visibility']['focus'];

export function setVisibility(data: PodiumData, mode: VisibilityMode, now: number): void {
  const v = data.visibility;
  // Freezing again takes a fresh snapshot; any other repeat (a double tap) changes nothing,
  // so a reveal in progress is never reset by accident.
  if (mode === v.mode && mode !== 'frozen') return;
  if (mode === 'frozen' || mode === 'reveal') {
    // A snapshot: scores may go on behind it without moving what the room sees.
    v.frozenBoard = leaderboard(data.event, Object.values(data.scores), now);
    v.frozenAt = now;
  } else {
    v.frozenBoard = null;
    v.frozenAt = null;
  }
  v.revealStep = 0;
  v.mode = mode;
}

export function setFocus(data: PodiumData, focus: string | null): void {
  if (focus !== null && focus !== 'rotate' && !data.event.categories.some((c) => c.id === focus)) {
    throw new DomainError('not-found', 'error_no_such_category');
  }
  if (data.visibility.focus === focus) return;
  data.visibility.focus = focus;
  // The order of places depends on the focus: a different one is a different reveal.
  if (data.visibility.mode === 'reveal') data.visibility.revealStep = 0;
}

/** Groups ranked rows into places (tied teams share one), best first; teams without a score are not placed. */
function places(rows: readonly LeaderboardRow[], categoryId: string | null): JuryRevealPlace[] {
  const byRank = new Map<number, LeaderboardRow[]>();
  for (const row of rows) if (row.score !== null) byRank.set(row.rank, [...(byRank.get(row.rank) ?? []), row]);
  return [...byRank.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rank, group]) => ({ categoryId, rank, tied: group.length > 1, teamCount: group.length, teamHidden: false, rows: group }));
}

/**
 * The people's choice award: the team (or the tied teams) with most votes, once the vote is
 * closed and the organiser has put it in the reveal; null otherwise, or when nobody voted.
 */
export function peoplesChoicePlace(data: Pick<PodiumData, 'event' | 'peopleVote' | 'ballots'>): PeopleRevealPlace | null {
  const vote = data.peopleVote;
  if (!vote.inReveal || vote.status !== 'closed') return null;
  const t = tally(data.event.teams, data.ballots, vote);
  if (t.total === 0) return null;
  const winners = t.rows.filter((r) => r.rank === 1);
  return { award: 'people', categoryId: null, rank: 1, tied: winners.length > 1, teamCount: winners.length, teamHidden: false, rows: winners, totalVotes: t.total };
}

/** Every place of the reveal, in the order the room will see them; `people`: the people's choice award, if any. */
export function revealPlan(board: Leaderboard | null, focus: Focus, categoryOrder: readonly string[], people: PeopleRevealPlace | null = null): RevealPlace[] | null {
  if (!board) return null;
  const award = people ? [people] : [];
  if (focus === 'rotate') {
    const winners = categoryOrder.flatMap((id) => places(board.byCategory[id] ?? [], id).slice(0, 1));
    return [...winners, ...award, ...places(board.overall, null).slice(0, 1)];
  }
  if (focus !== null && board.byCategory[focus]) return places(board.byCategory[focus], focus).reverse();
  return [...award, ...places(board.overall, null).reverse()];
}

/** What the room sees after `step` steps: the places so far, the newest possibly without its team. */
function revealView(plan: readonly RevealPlace[] | null, step: number): RevealView | null {
  if (!plan) return null;
  const total = plan.length * 2;
  const clamped = Math.min(Math.max(step, 0), total);
  const count = Math.ceil(clamped / 2);
  const shown = plan.slice(0, count).map((place, i): RevealPlace =>
    i === count - 1 && clamped % 2 === 1 ? { ...place, teamHidden: true, rows: [] } : { ...place, teamHidden: false },
  );
  return { step: clamped, total, places: shown };
}

/** The reveal plan of the stored state (null unless a reveal is in progress). */
export function currentRevealPlan(data: PodiumData): RevealPlace[] | null {
  if (data.visibility.mode !== 'reveal') return null;
  return revealPlan(data.visibility.frozenBoard, data.visibility.focus, data.event.categories.map((c) => c.id), peoplesChoicePlace(data));
}

export function currentRevealView(data: PodiumData): RevealView | null {
  return revealView(currentRevealPlan(data), data.visibility.revealStep);
}

function requireReveal(data: PodiumData): RevealView {
  if (data.visibility.mode !== 'reveal') throw new DomainError('conflict', 'error_reveal_not_started');
  const view = currentRevealView(data);
  if (!view || view.total === 0) throw new DomainError('conflict', 'error_nothing_to_reveal');
  return view;
}

export function revealNext(data: PodiumData): void {
  const view = requireReveal(data);
  if (view.step >= view.total) throw new DomainError('conflict', 'error_all_revealed');
  data.visibility.revealStep = view.step + 1;
}

export function revealPrevious(data: PodiumData): void {
  const view = requireReveal(data);
  if (view.step === 0) throw new DomainError('conflict', 'error_nothing_revealed');
  data.visibility.revealStep = view.step - 1;
}

export function revealRestart(data: PodiumData): void {
  requireReveal(data);
  data.visibility.revealStep = 0;
}
