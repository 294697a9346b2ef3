// What the audience may see of the leaderboard, and the winners' reveal.
import type { PodiumData, VisibilityMode } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { allScores, revealView } from './projection.ts';
import { leaderboard } from './ranking.ts';

export function setVisibility(data: PodiumData, mode: VisibilityMode, now: number): void {
  const v = data.visibility;
  if (mode === v.mode) return;
  if (mode === 'frozen' || mode === 'reveal') {
    // A snapshot: scores may go on behind it without moving what the room sees.
    v.frozenBoard = leaderboard(data.event, allScores(data), now);
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
    throw new DomainError('not-found', 'There is no such category.');
  }
  data.visibility.focus = focus;
}

function requireReveal(data: PodiumData) {
  if (data.visibility.mode !== 'reveal') throw new DomainError('conflict', 'Start the reveal first (visibility: reveal).');
  const view = revealView(data.visibility.frozenBoard, data.visibility.revealStep);
  if (!view) throw new DomainError('conflict', 'There are no results to reveal.');
  return view;
}

export function revealNext(data: PodiumData): void {
  const view = requireReveal(data);
  if (view.step >= view.total) throw new DomainError('conflict', 'Every place has been revealed.');
  data.visibility.revealStep = view.step + 1;
}

export function revealPrevious(data: PodiumData): void {
  const view = requireReveal(data);
  if (view.step === 0) throw new DomainError('conflict', 'Nothing has been revealed yet.');
  data.visibility.revealStep = view.step - 1;
}

export function revealRestart(data: PodiumData): void {
  requireReveal(data);
  data.visibility.revealStep = 0;
}
