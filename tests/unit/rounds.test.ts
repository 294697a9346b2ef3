// Which round runs and which teams compete in it, read one way by the server and the pages.
import { describe, expect, it } from 'vitest';
import { currentRound, DEFAULT_EXPO_SETTINGS, DEFAULT_ROUND_ID, expoSettingsOf, hasRounds, inCurrentRound, isExpoRound, nextRound, roundsOf, teamsInRound } from '../../protocol/rounds.ts';
import type { PodiumEvent, Round, Team } from '../../protocol/model.ts';

const team = (id: string): Team => ({ id, name: `Team ${id}`, project: '', members: [], categoryId: null });
const teams = ['a', 'b', 'c', 'd'].map(team);
const heats: Round = { id: 'heats', name: 'Heats', kind: 'expo', expo: { visitsPerTeam: 4, visitTimeoutMs: 300_000, absentReports: 2 } };
const final: Round = { id: 'final', name: 'Final', kind: 'stage', teamIds: ['c', 'a'] };
const event = (rounds?: Round[], currentRoundId?: string): Pick<PodiumEvent, 'rounds' | 'currentRoundId' | 'teams'> => ({ rounds, currentRoundId, teams });

describe('rounds', () => {
  it('reads an event without rounds as one stage round with every team', () => {
    for (const e of [event(), event([])]) {
      expect(roundsOf(e)).toEqual([{ id: DEFAULT_ROUND_ID, name: '', kind: 'stage' }]);
      expect(currentRound(e).id).toBe(DEFAULT_ROUND_ID);
      expect(hasRounds(e)).toBe(false);
      expect(nextRound(e)).toBeNull();
      expect(isExpoRound(e)).toBe(false);
      expect(teamsInRound(e).map((t) => t.id)).toEqual(['a', 'b', 'c', 'd']);
      expect(inCurrentRound(e, 'b')).toBe(true);
    }
  });

  it('runs the first round until another is current, and names the one after', () => {
    const e = event([heats, final]);
    expect(currentRound(e).id).toBe('heats');
    expect(hasRounds(e)).toBe(true);
    expect(isExpoRound(e)).toBe(true);
    expect(nextRound(e)?.id).toBe('final');
    expect(expoSettingsOf(currentRound(e))).toEqual({ visitsPerTeam: 4, visitTimeoutMs: 300_000, absentReports: 2 });
    // An unknown current round (removed since) falls back to the first rather than to nothing.
    expect(currentRound(event([heats, final], 'gone')).id).toBe('heats');
  });

  it('keeps to the current round’s teams, in the event’s order, not the round’s', () => {
    const e = event([heats, final], 'final');
    expect(teamsInRound(e).map((t) => t.id)).toEqual(['a', 'c']);
    expect(inCurrentRound(e, 'b')).toBe(false);
    expect(inCurrentRound(e, 'c')).toBe(true);
    expect(nextRound(e)).toBeNull();
    expect(isExpoRound(e)).toBe(false);
    expect(expoSettingsOf(currentRound(e))).toEqual(DEFAULT_EXPO_SETTINGS);
  });
});
