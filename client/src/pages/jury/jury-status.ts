// What the juror page derives from its state: each team's state for this juror,
// the total that counts, what is still missing. Pure, no Svelte.
import { m } from '../../../../protocol/i18n.ts';
import type { Criterion, Score, ScoringWindow } from '../../../../protocol/model.ts';
import { weightedScore } from '../../../../protocol/scoring.ts';

export type TeamStatus = 'conflict' | 'not-assigned' | 'waiting' | 'not-open' | 'locked' | 'draft' | 'saved' | 'not-scored';

/** What a team's state reads in the page's language (one message each, so only these are bundled). */
export function statusLabel(status: TeamStatus): string {
  switch (status) {
    case 'conflict':
      return m.jury_status_conflict();
    case 'not-assigned':
      return m.panels_jury_status_not_assigned();
    case 'waiting':
      return m.jury_status_waiting();
    case 'not-open':
      return m.jury_status_not_open();
    case 'locked':
      return m.jury_status_locked();
    case 'draft':
      return m.jury_status_draft();
    case 'saved':
      return m.jury_status_saved();
    case 'not-scored':
      return m.jury_status_not_scored();
  }
}

export interface TeamFacts {
  conflict: boolean;
  window: ScoringWindow;
  hasDraft: boolean;
  waiting: boolean;
  saved: boolean;
  /** Among the teams this juror judges (absent: yes, as for a juror without an assignment). */
  assigned?: boolean;
}

export function teamStatus(f: TeamFacts): TeamStatus {
  if (f.conflict) return 'conflict';
  // A score waiting in the outbox still shows as waiting: the server will answer it.
  if (f.assigned === false && !f.waiting) return 'not-assigned';
  if (f.waiting) return 'waiting';
  if (f.window === 'not-open') return 'not-open';
  if (f.window === 'closed') return 'locked';
  if (f.hasDraft) return 'draft';
  if (f.saved) return 'saved';
  return 'not-scored';
}

/**
 * The total the phone shows: protocol/scoring.ts's weightedScore, the score the
 * results count, and only once every criterion is marked (until then any number
 * would disagree with what will count).
 */
export function jurorTotal(marks: Readonly<Record<string, number>>, criteria: readonly Criterion[]): number | null {
  if (missingCriteria(marks, criteria).length) return null;
  return weightedScore(marks, criteria);
}

export const missingCriteria = (marks: Readonly<Record<string, number>>, criteria: readonly Criterion[]): Criterion[] =>
  criteria.filter((c) => !Object.hasOwn(marks, c.id));

export function sameScore(a: { marks: Record<string, number>; note: string }, b: { marks: Record<string, number>; note: string }): boolean {
  const keys = new Set([...Object.keys(a.marks), ...Object.keys(b.marks)]);
  for (const k of keys) if (a.marks[k] !== b.marks[k]) return false;
  return a.note.trim() === b.note.trim();
}

/** The newest of the server's score and the last acknowledgement on this page. */
export function latestSaved(
  score: Score | undefined,
  acked: { revision: number; marks: Record<string, number>; note: string } | undefined,
): { revision: number; marks: Record<string, number>; note: string; updatedAt: number | null } | null {
  if (score && (!acked || score.revision >= acked.revision)) return score;
  if (acked) return { ...acked, updatedAt: null };
  return null;
}
