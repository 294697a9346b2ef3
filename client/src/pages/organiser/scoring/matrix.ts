// The scoring matrix as plain data: for every team, each juror's cell (saved,
// missing, conflict) and the counts. Drafts on phones are invisible here: the
// server knows only what was sent.
import { m } from '../../../../../protocol/i18n.ts';
import type { PodiumData, Score, ScoringWindow } from '../../../../../protocol/model.ts';

export type Cell =
  | { kind: 'saved'; jurorId: string; score: Score }
  | { kind: 'missing'; jurorId: string }
  | { kind: 'conflict'; jurorId: string; score: Score | null };

export interface MatrixRow {
  teamId: string;
  teamName: string;
  window: ScoringWindow;
  cells: Cell[];
  saved: number;
  /** Jurors without a conflict: the scores this team should get. */
  expected: number;
}

export function scoringMatrix(data: Pick<PodiumData, 'event' | 'scores' | 'scoring'>): MatrixRow[] {
  return data.event.teams.map((team) => {
    const cells: Cell[] = data.event.jurors.map((juror) => {
      const score = data.scores[`${juror.id}:${team.id}`] ?? null;
      if (juror.conflicts.includes(team.id)) return { kind: 'conflict', jurorId: juror.id, score };
      return score ? { kind: 'saved', jurorId: juror.id, score } : { kind: 'missing', jurorId: juror.id };
    });
    return {
      teamId: team.id,
      teamName: team.name,
      window: data.scoring[team.id] ?? 'not-open',
      cells,
      saved: cells.filter((c) => c.kind === 'saved').length,
      expected: cells.filter((c) => c.kind !== 'conflict').length,
    };
  });
}

const WINDOW_LABEL: Record<ScoringWindow, () => string> = { 'not-open': m.scoring_window_not_open, open: m.scoring_window_open, closed: m.scoring_window_closed };

/** "Open", "Closed", "Not open", in the console's language. */
export const windowLabel = (window: ScoringWindow): string => WINDOW_LABEL[window]();
