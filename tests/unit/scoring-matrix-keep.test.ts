// The scoring matrix redraws only the rows a patch changed: a row equal to the one drawn before
// (same scores, window, name, counts) is the very object drawn before, and any change makes it new.
import { describe, expect, it } from 'vitest';
import { scoreKey } from '../../protocol/model.ts';
import { keepColumns, keepUnchanged, matrixGroup, scoringMatrix, type MatrixRow } from '../../client/src/pages/organiser/scoring/matrix.ts';
import { sizedData } from '../helpers/sized-event.ts';

const byTeam = (rows: MatrixRow[]) => new Map(rows.map((r) => [r.teamId, r]));

describe('keeping the scoring matrix rows that did not change', () => {
  it('keeps every row of an unchanged event, and renews exactly the rows whose score, window, name or conflict changed', () => {
    const data = sizedData(6, 4, { scored: true });
    const first = scoringMatrix(data);
    const again = keepUnchanged(byTeam(first), scoringMatrix(data));
    expect(again.every((row, i) => row === first[i])).toBe(true);

    // A revised score (a new object, as a patch brings), a closed window, a renamed team, a conflict.
    const [a, b, c, d] = data.event.teams;
    const key = scoreKey('juror-2', a!.id);
    data.scores[key] = { ...data.scores[key]!, revision: 2, marks: { ...data.scores[key]!.marks } };
    data.scoring[b!.id] = 'closed';
    c!.name = 'Renamed';
    data.event.jurors[3]!.conflicts = [d!.id];
    const next = keepUnchanged(byTeam(again), scoringMatrix(data));
    const renewed = next.filter((row, i) => row !== again[i]).map((row) => row.teamId);
    expect(renewed).toEqual([a!.id, b!.id, c!.id, d!.id]);
    expect(next.find((r) => r.teamId === c!.id)!.teamName).toBe('Renamed');
    expect(next.find((r) => r.teamId === d!.id)!.cells[3]!.kind).toBe('conflict');
  });

  it("keeps a group's columns while they are the same jurors", () => {
    const data = sizedData(4, 3, { scored: true });
    const rows = scoringMatrix(data);
    const first = matrixGroup(rows, data.event, { roomId: null, missingOnly: false });
    const same = keepColumns(first, matrixGroup(rows, data.event, { roomId: null, missingOnly: false }));
    expect(same.columns).toBe(first.columns);
    data.event.jurors.push({ id: 'juror-4', name: 'Nouveau', token: 'juror-4-token-0123456789abcdef', conflicts: [] });
    const wider = keepColumns(first, matrixGroup(scoringMatrix(data), data.event, { roomId: null, missingOnly: false }));
    expect(wider.columns).not.toBe(first.columns);
    expect(wider.columns).toEqual([0, 1, 2, 3]);
  });
});
