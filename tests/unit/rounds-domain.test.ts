// Rounds in the one-at-a-time design: editing them, and closing the current one into its
// archive with its finalists placed in the main room. Every expected value is worked out below.
import { describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { leaderboard } from '../../protocol/ranking.ts';
import { currentRound, teamsInRound } from '../../protocol/rounds.ts';
import { audited } from '../../server/domain/audit.ts';
import * as agenda from '../../server/domain/agenda.ts';
import { closeRound, moveRound, removeRound, saveRound } from '../../server/domain/rounds.ts';
import { submitScore } from '../../server/domain/scoring.ts';
import { twoHalls } from '../helpers/rooms.ts';

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.key;
    throw e;
  }
  return 'no refusal';
};

/**
 * The demo in two halls, as heats then a final. Hall A (main): t0, t1, t2 judged by j0 and j1;
 * hall B: t3, t4, t5 judged by j2 and j3. Every mark of a score is the same, so a score is that mark:
 * t0 8, t1 7, t2 7 (tied for hall A's second seat), t3 9, t4 6, t5 5.
 */
function heats(): PodiumData {
  const d = twoHalls();
  d.event.rounds = [
    { id: 'heats', name: 'Heats', kind: 'stage' },
    { id: 'final', name: 'Final', kind: 'stage' },
  ];
  const [j0, j1, j2, j3] = d.event.jurors;
  for (const j of [j0!, j1!]) j.assignedRooms = ['hall-a'];
  for (const j of [j2!, j3!]) j.assignedRooms = ['hall-b'];
  const marks = [8, 7, 7, 9, 6, 5];
  d.event.teams.forEach((team, i) => {
    for (const juror of i < 3 ? [j0!, j1!] : [j2!, j3!]) {
      d.scores[scoreKey(juror.id, team.id)] = { jurorId: juror.id, teamId: team.id, marks: Object.fromEntries(d.event.criteria.map((c) => [c.id, marks[i]!])), note: '', revision: 1, updatedAt: 0 };
    }
    d.scoring[team.id] = 'closed';
  });
  d.visibility.mode = 'live';
  return d;
}

const ids = (d: PodiumData, ...indexes: number[]) => indexes.map((i) => d.event.teams[i]!.id);
const perRoom = (settled: Record<string, string[]> = {}) => ({ rule: { kind: 'per-room' as const, k: 2 }, ranking: 'raw' as const, settled, wildcards: [] });

describe('editing rounds', () => {
  it('adds, renames, changes the kind and expo rules of, moves and removes rounds not yet run', () => {
    const d = twoHalls();
    const heatsId = saveRound(d, { name: 'Heats', kind: 'expo', expo: { visitsPerTeam: 4, visitTimeoutMs: 300_000, absentReports: 2 } });
    const finalId = saveRound(d, { name: 'Final', kind: 'stage' });
    const spareId = saveRound(d, { name: 'Semi', kind: 'stage' });
    expect(d.event.rounds!.map((r) => r.name)).toEqual(['Heats', 'Final', 'Semi']);
    expect(d.event.rounds![0]!.expo).toEqual({ visitsPerTeam: 4, visitTimeoutMs: 300_000, absentReports: 2 });
    expect(refusal(() => saveRound(d, { name: ' heats ', kind: 'stage' }))).toBe('error_rounds_name_taken');
    moveRound(d, spareId, 1);
    expect(d.event.rounds!.map((r) => r.id)).toEqual([heatsId, spareId, finalId]);
    saveRound(d, { id: heatsId, name: 'Heats', kind: 'stage' });
    expect(d.event.rounds![0]).toEqual({ id: heatsId, name: 'Heats', kind: 'stage' });
    removeRound(d, spareId);
    expect(d.event.rounds!.map((r) => r.id)).toEqual([heatsId, finalId]);
    expect(refusal(() => removeRound(d, 'nope'))).toBe('error_rounds_no_such_round');
  });

  it('keeps a round that ran in place: not removed, not moved, its kind kept', () => {
    const d = heats();
    closeRound(d, { roundId: 'heats', choice: perRoom({ 'hall-a': ids(d, 1) }), keepPanels: false }, 1000);
    d.event.rounds!.push({ id: 'gala', name: 'Gala', kind: 'stage' });
    expect(refusal(() => removeRound(d, 'heats'))).toBe('error_rounds_remove_run');
    expect(refusal(() => removeRound(d, 'final'))).toBe('error_rounds_remove_run');
    expect(refusal(() => moveRound(d, 'gala', 0))).toBe('error_rounds_move_run');
    expect(refusal(() => saveRound(d, { id: 'heats', name: 'Heats', kind: 'expo' }))).toBe('error_rounds_kind_after_run');
    removeRound(d, 'gala');
    expect(d.event.rounds!.map((r) => r.id)).toEqual(['heats', 'final']);
  });

  it('once a score is in, keeps the current round current: it is not moved, nothing goes before it, it is not removed', () => {
    const d = heats();
    d.event.rounds!.push({ id: 'gala', name: 'Gala', kind: 'stage' });
    expect(Object.keys(d.roundArchives)).toEqual([]);
    // The heats' scores are in: the heats stay the current round, first.
    expect(refusal(() => moveRound(d, 'final', 0))).toBe('error_rounds_move_run');
    expect(refusal(() => moveRound(d, 'heats', 2))).toBe('error_rounds_move_run');
    expect(refusal(() => removeRound(d, 'heats'))).toBe('error_rounds_remove_run');
    expect(d.event.rounds!.map((r) => r.id)).toEqual(['heats', 'final', 'gala']);
    // The rounds after it still move.
    moveRound(d, 'gala', 1);
    expect(d.event.rounds!.map((r) => r.id)).toEqual(['heats', 'gala', 'final']);
  });
});

describe('closing a round', () => {
  it('refuses with a tie at the cut not settled, in the last round, for a round no longer current, and while a clock runs', () => {
    const d = heats();
    expect(refusal(() => closeRound(d, { roundId: 'heats', choice: perRoom(), keepPanels: false }, 1000))).toBe('error_rounds_tie_unsettled');
    expect(refusal(() => closeRound(d, { roundId: 'final', choice: perRoom({ 'hall-a': ids(d, 1) }), keepPanels: false }, 1000))).toBe('error_rounds_not_current');
    agenda.startTimer(d, 500, 'hall-b');
    expect(refusal(() => closeRound(d, { roundId: 'heats', choice: perRoom({ 'hall-a': ids(d, 1) }), keepPanels: false }, 1000))).toBe('error_rounds_clock_running');
    agenda.pauseTimer(d, 600, 'hall-b');
    const order = ids(d, 3, 0, 2, 4);
    expect(refusal(() => closeRound(d, { roundId: 'heats', choice: perRoom({ 'hall-a': ids(d, 1) }), order, keepPanels: false }, 1000))).toBe('error_rounds_order_mismatch');
    expect(d.event.currentRoundId).toBeUndefined();
    closeRound(d, { roundId: 'heats', choice: perRoom({ 'hall-a': ids(d, 2) }), order, keepPanels: false }, 1000);
    expect(refusal(() => closeRound(d, { roundId: 'final', choice: perRoom(), keepPanels: false }, 2000))).toBe('error_rounds_last_round');
  });

  it('archives the round whole and starts the final with the finalists pitching in the main room', () => {
    const d = heats();
    const before = structuredClone(d);
    const heatsBoard = leaderboard(d.event, Object.values(d.scores), 0);
    const appliedOps = d.appliedOps;
    const closed = closeRound(d, { roundId: 'heats', choice: perRoom({ 'hall-a': ids(d, 2) }), keepPanels: false }, 1000);
    const [t0, , t2, t3, t4] = d.event.teams.map((t) => t.id);

    // Hall A: t0, then t2 of the tie; hall B: t3, t4. In the order they pitched in the heats.
    expect(closed.next.teamIds).toEqual([t0, t2, t3, t4]);
    expect(currentRound(d.event).id).toBe('final');
    expect(teamsInRound(d.event).map((t) => t.id)).toEqual([t0, t2, t3, t4]);

    const archive = d.roundArchives['heats']!;
    expect(archive.round).toEqual({ id: 'heats', name: 'Heats', kind: 'stage' });
    expect(archive.closedAt).toBe(1000);
    expect(archive.scores).toEqual(before.scores);
    expect(archive.agenda).toEqual(before.event.agenda);
    expect(archive.criteria).toEqual(before.event.criteria);
    expect(archive.rooms).toEqual(before.event.rooms);
    expect(archive.assignments[before.event.jurors[0]!.id]).toEqual({ assignedRooms: ['hall-a'] });
    expect(archive.advanced).toEqual([t0, t2, t3, t4]);
    expect(archive.expo).toBeUndefined();

    // The main room's sessions stay; the pitches take the heats' first pitch's place; hall B's items go.
    const kinds = d.event.agenda.map((i) => (i.kind === 'pitch' ? `pitch:${i.teamId}` : i.sessionKind));
    expect(kinds).toEqual(['welcome', `pitch:${t0}`, `pitch:${t2}`, `pitch:${t3}`, `pitch:${t4}`, 'break', 'deliberation', 'awards']);
    expect(d.event.agenda.every((i) => (i.roomId ?? 'hall-a') === 'hall-a')).toBe(true);
    expect(new Set(d.event.agenda.map((i) => i.id)).size).toBe(8);

    // A fresh start: no scores, windows, results or show; the same criteria; panels cleared; retries still known.
    expect(d.scores).toEqual({});
    expect(d.scoring).toEqual({});
    expect(d.visibility).toEqual({ mode: 'hidden', frozenAt: null, frozenBoard: null, revealStep: 0, focus: null });
    expect(d.live.itemIndex).toBe(-1);
    expect(d.roomsLive).toEqual({});
    expect(d.event.criteria).toEqual(before.event.criteria);
    expect(d.event.jurors.every((j) => j.assignedRooms === undefined && j.assignedTeams === undefined)).toBe(true);
    expect(d.appliedOps).toBe(appliedOps);

    // The archive ranks as the heats did.
    const archived = leaderboard({ ...before.event, criteria: archive.criteria, agenda: archive.agenda }, Object.values(archive.scores), 0);
    expect(archived.overall).toEqual(heatsBoard.overall);
    // The final ranks its four teams only.
    expect(leaderboard(d.event, [], 0).overall.map((r) => r.teamId).sort()).toEqual([t0, t2, t3, t4].sort());
  });

  it('keeps panels when asked, and takes a tie whole when the organiser sends every tied team', () => {
    const d = heats();
    closeRound(d, { roundId: 'heats', choice: perRoom({ 'hall-a': ids(d, 1, 2) }), keepPanels: true }, 1000);
    expect(d.event.rounds![1]!.teamIds).toEqual(ids(d, 0, 1, 2, 3, 4));
    expect(d.event.jurors[0]!.assignedRooms).toEqual(['hall-a']);
  });

  it('refuses a score for a team that did not go on, and takes one for a finalist', () => {
    const d = heats();
    closeRound(d, { roundId: 'heats', choice: perRoom({ 'hall-a': ids(d, 2) }), keepPanels: false }, 1000);
    const [t0, t1] = ids(d, 0, 1);
    d.scoring[t0!] = 'open';
    d.scoring[t1!] = 'open';
    const marks = Object.fromEntries(d.event.criteria.map((c) => [c.id, 5]));
    const juror = d.event.jurors[3]!.id;
    expect(refusal(() => submitScore(d, juror, { opId: 'op-out-of-round', teamId: t1!, revision: 2, marks, note: '' }, 2000))).toBe('error_rounds_team_not_in_round');
    // Hall B's juror judges a hall A finalist now: panels were cleared.
    expect(submitScore(d, juror, { opId: 'op-in-the-final', teamId: t0!, revision: 2, marks, note: '' }, 2000).applied).toBe(true);
    expect(d.audit.at(-1)).toMatchObject({ action: 'score:submit', roundId: 'final' });
  });

  it('is audited under the round it closed, saying what was archived and who went on', () => {
    const d = heats();
    const payload = { roundId: 'heats', choice: { ...perRoom({ 'hall-a': ids(d, 2) }), wildcards: ids(d, 5) }, keepPanels: false };
    audited(d, 'round:close', payload, 1000, () => closeRound(d, payload, 1000));
    const entry = d.audit.at(-1)!;
    const names = d.roundArchives['heats']!.advanced.map((id) => d.event.teams.find((t) => t.id === id)!.name);
    expect(entry).toMatchObject({ action: 'round:close', roundId: 'heats', actor: 'organiser' });
    expect(entry.detail).toContain('"Heats" closed and archived: 12 scores, 10 agenda items. "Final" started with ');
    for (const name of names) expect(entry.detail).toContain(`"${name}"`);
    expect(names).toHaveLength(5);
    expect(entry.detail).toContain('Finalists: the top 2 of each room (raw ranking), wildcards "Bottle Bank"');
    expect(entry.detail).toContain('Jury panels cleared');
  });
});

describe('the final’s agenda', () => {
  it('adds missing pitches for the round’s teams only', async () => {
    const { addMissingPitches } = await import('../../server/domain/event-builder.ts');
    const d = heats();
    closeRound(d, { roundId: 'heats', choice: perRoom({ 'hall-a': ids(d, 2) }), keepPanels: false }, 1000);
    const [t0] = ids(d, 0);
    d.event.agenda = d.event.agenda.filter((i) => i.kind !== 'pitch' || i.teamId !== t0);
    expect(addMissingPitches(d)).toBe(1);
    expect(d.event.agenda.filter((i) => i.kind === 'pitch').map((i) => (i.kind === 'pitch' ? i.teamId : '')).sort()).toEqual(ids(d, 0, 2, 3, 4).sort());
  });
});
