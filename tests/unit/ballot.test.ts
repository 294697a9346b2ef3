import { describe, expect, it } from 'vitest';
import type { VoteSaved } from '../../protocol/events.ts';
import type { Result } from '../../protocol/result.ts';
import { Ballot, BALLOT_KEY, type BallotVote } from '../../client/src/pages/audience/ballot.ts';

const memoryStorage = () => {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
};
const offline: Result<VoteSaved> = { ok: false, error: { code: 'internal', key: 'error_offline', message: 'Offline: not sent.' } };
const acked = (v: BallotVote): Result<VoteSaved> => ({ ok: true, data: { teamId: v.teamId, revision: v.revision } });

describe('the audience ballot', () => {
  it('keeps a vote in storage until acknowledged, across a reload, then says what counts', async () => {
    const storage = memoryStorage();
    let network = false;
    const sent: BallotVote[] = [];
    const send = async (v: BallotVote) => (sent.push(v), network ? acked(v) : offline);
    const first = new Ballot({ storage, send });
    first.vote('team-a');
    expect(await first.flush()).toBe(false);
    expect(first.state.counted).toBeNull();
    expect(first.state.pending).toMatchObject({ teamId: 'team-a', revision: 1 });
    // The page is reloaded: a new Ballot over the same storage still holds the vote.
    network = true;
    const again = new Ballot({ storage, send });
    expect(again.state.pending?.teamId).toBe('team-a');
    expect(await again.flush()).toBe(true);
    expect(again.state.counted).toEqual({ teamId: 'team-a', revision: 1 });
    expect(sent.map((v) => v.revision)).toEqual([1, 1]);
    expect(JSON.parse(storage.map.get(BALLOT_KEY)!).pending).toBeNull();
  });

  it('sends the newest vote; revisions keep rising past what the server says counts', async () => {
    const storage = memoryStorage();
    const sent: BallotVote[] = [];
    const ballot = new Ballot({ storage, send: async (v) => (sent.push(v), acked(v)) });
    ballot.synced({ teamId: 'team-b', revision: 7 }); // another tab, or storage cleared: the server knows better
    ballot.vote('team-a');
    ballot.vote('team-c'); // a second tap before sending: only the latest goes
    await ballot.flush();
    expect(sent).toEqual([{ teamId: 'team-c', revision: 9 }]);
    expect(ballot.state.counted).toEqual({ teamId: 'team-c', revision: 9 });
  });

  it('drops a refused vote and says why; retries what the network lost', async () => {
    const storage = memoryStorage();
    const refusals: string[] = [];
    const answers: Result<VoteSaved>[] = [offline, { ok: false, error: { code: 'closed', key: 'error_vote_closed', message: 'closed' } }];
    const ballot = new Ballot({ storage, send: async () => answers.shift()!, onRefused: (_v, e) => refusals.push(e.key!) });
    ballot.vote('team-a');
    expect(await ballot.flush()).toBe(false);
    expect(ballot.state.attempts).toBe(1);
    expect(ballot.nextDelay()).toBe(1000);
    expect(await ballot.flush()).toBe(true);
    expect(refusals).toEqual(['error_vote_closed']);
    expect(ballot.state.counted).toBeNull();
  });
});
