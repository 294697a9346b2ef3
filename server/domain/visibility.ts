// What the audience may see of the leaderboard, and the winners' reveal.
//
// The reveal follows the projector's focus when it starts: overall (last place
// to first), one category (last to first), or 'rotate' (each category's winner,
// then the overall winner). Each place takes two steps: the place, then its team.
import type { Leaderboard, LeaderboardRow, PodiumData, VisibilityMode } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import type { RevealPlace, RevealView } from '../../protocol/views.ts';
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
function places(rows: readonly LeaderboardRow[], categoryId: string | null): RevealPlace[] {
  const byRank = new Map<number, LeaderboardRow[]>();
  for (const row of rows) if (row.score !== null) byRank.set(row.rank, [...(byRank.get(row.rank) ?? []), row]);
  return [...byRank.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rank, group]) => ({ categoryId, rank, tied: group.length > 1, teamCount: group.length, teamHidden: false, rows: group }));
}

/** Every place of the reveal, in the order the room will see them. */
export function revealPlan(board: Leaderboard | null, focus: Focus, categoryOrder: readonly string[]): RevealPlace[] | null {
  if (!board) return null;
  if (focus === 'rotate') {
    const winners = categoryOrder.flatMap((id) => places(board.byCategory[id] ?? [], id).slice(0, 1));
    return [...winners, ...places(board.overall, null).slice(0, 1)];
  }
  if (focus !== null && board.byCategory[focus]) return places(board.byCategory[focus], focus).reverse();
  return places(board.overall, null).reverse();
}

/** What the room sees after `step` steps: the places so far, the newest possibly without its team. */
function revealView(plan: readonly RevealPlace[] | null, step: number): RevealView | null {
  if (!plan) return null;
  const total = plan.length * 2;
  const clamped = Math.min(Math.max(step, 0), total);
  const count = Math.ceil(clamped / 2);
  const shown = plan.slice(0, count).map((place, i) =>
    i === count - 1 && clamped % 2 === 1 ? { ...place, teamHidden: true, rows: [] } : { ...place, teamHidden: false },
  );
  return { step: clamped, total, places: shown };
}

/** The reveal plan of the stored state (null unless a reveal is in progress). */
export function currentRevealPlan(data: PodiumData): RevealPlace[] | null {
  if (data.visibility.mode !== 'reveal') return null;
  return revealPlan(data.visibility.frozenBoard, data.visibility.focus, data.event.categories.map((c) => c.id));
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
