// The console's scoring matrix across its successive states (LiveMatrix): each state's rows equal
// the matrix made from scratch, and a row is a new object exactly when something it shows changed,
// whether a patch brought a score or a window (the event object kept) or a new event.
import { describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import { LiveMatrix, scoringMatrix, type MatrixRow } from '../../client/src/pages/organiser/scoring/matrix.ts';
import { sizedData } from '../helpers/sized-event.ts';

/** The teams whose row is not the object it was. */
const renewed = (before: MatrixRow[], after: MatrixRow[]) => after.filter((row, i) => row !== before[i]).map((row) => row.teamId);

describe('the scoring matrix kept across a console’s states', () => {
  it('renews only the rows whose score or window a patch changed, and equals the matrix made from scratch', () => {
    const data: PodiumData = sizedData(6, 4, { scored: true });
    const [a, b, , d] = data.event.teams;
    delete data.scores[scoreKey('juror-4', d!.id)];
    const live = new LiveMatrix();
    const first = live.update(data);
    expect(first).toEqual(scoringMatrix(data));
    // The same state again: every row kept.
    expect(renewed(first, live.update({ ...data }))).toEqual([]);

    // A patch as the console applies it: the scores map patched in place with new score objects, the event kept.
    const key = scoreKey('juror-2', a!.id);
    data.scores[key] = { ...data.scores[key]!, revision: 2 };
    data.scores[scoreKey('juror-4', d!.id)] = { jurorId: 'juror-4', teamId: d!.id, marks: {}, note: '', revision: 1, updatedAt: 5 };
    const patched = { ...data, scoring: { ...data.scoring, [b!.id]: 'closed' as const } };
    const second = live.update(patched);
    expect(renewed(first, second)).toEqual([a!.id, b!.id, d!.id]);
    expect(second).toEqual(scoringMatrix(patched));
    expect(second.find((r) => r.teamId === d!.id)!.saved).toBe(4);

    // A score withdrawn: its row renewed, its cell missing again.
    delete data.scores[scoreKey('juror-4', d!.id)];
    const third = live.update({ ...patched });
    expect(renewed(second, third)).toEqual([d!.id]);
    expect(third.find((r) => r.teamId === d!.id)!.cells[3]!.kind).toBe('missing');
    expect(third).toEqual(scoringMatrix(patched));
  });

  it('on a new event object, renews exactly the rows it changed: a name, a conflict, an assignment', () => {
    const data: PodiumData = sizedData(6, 4, { scored: true });
    const live = new LiveMatrix();
    const first = live.update(data);
    const [, , c, d, e] = data.event.teams;
    const event = {
      ...data.event,
      teams: data.event.teams.map((t) => (t.id === c!.id ? { ...t, name: 'Renamed' } : t)),
      jurors: data.event.jurors.map((j, i) => (i === 3 ? { ...j, conflicts: [d!.id] } : i === 2 ? { ...j, assignedTeams: data.event.teams.filter((t) => t.id !== e!.id).map((t) => t.id) } : j)),
    };
    const next = { ...data, event };
    const second = live.update(next);
    // Juror 3 scored e before their assignment left it out: the score still counts, as saved.
    expect(renewed(first, second).sort()).toEqual([c!.id, d!.id, e!.id].sort());
    expect(second).toEqual(scoringMatrix(next));
    expect(second.find((r) => r.teamId === d!.id)!.cells[3]!.kind).toBe('conflict');
    expect(second.find((r) => r.teamId === e!.id)!.expected).toBe(3);
  });
});
