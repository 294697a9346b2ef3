// A vote's change-log record holds that ballot, not the whole votes section: with
// 3,000 ballots on disk, one more vote costs a record of a few hundred bytes, and
// the ballots replay from the log as they were acknowledged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { castVote, generateTickets, openVote } from '../../server/domain/votes.ts';
import { readStoredState, Store } from '../../server/store.ts';
import { parseLog } from '../../server/store/change-log.ts';
import { tempDir } from '../helpers/app.ts';

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('votes in the change log', () => {
  it('a vote is a small record, whatever the number of ballots', async () => {
    const dir = tempDir();
    const seeded = (): PodiumData => {
      const d = demoData();
      openVote(d, null, 0);
      d.peopleVote.ticketMode = false;
      for (let i = 0; i < 3000; i++) castVote(d, { deviceId: `device-${String(i).padStart(17, '0')}`, address: '10.1.2.3' }, { teamId: d.event.teams[i % 6]!.id, revision: 1 }, i);
      return d;
    };
    const store = await Store.open({ dir, seed: seeded, compaction: { idleMs: 600_000 } });
    const teams = store.data.event.teams;
    for (let i = 0; i < 20; i++) {
      await store.mutate((d) => castVote(d, { deviceId: `device-${String(i).padStart(17, '0')}`, address: '10.1.2.3' }, { teamId: teams[5]!.id, revision: 2 }, 10_000 + i));
    }
    await store.mutate((d) => void generateTickets(d, 2));
    const log = parseLog(readFileSync(join(dir, 'podium.log')));
    expect(log.records).toHaveLength(21);
    const votes = log.records.slice(0, 20);
    for (const { record } of votes) {
      expect(Object.keys(record).sort()).toEqual(['patch', 'seq']);
      expect(Object.keys(record.patch!)).toEqual(['ballots']);
      expect(Object.keys(record.patch!.ballots!)).toHaveLength(1);
      expect(JSON.stringify(record).length).toBeLessThan(300);
    }
    expect(Object.keys(log.records.at(-1)!.record.patch!.tickets!)).toHaveLength(2);
    expect(log.validBytes / log.records.length).toBeLessThan(400);
    const stored = await readStoredState(dir);
    expect(Object.keys(stored.ballots)).toHaveLength(3000);
    expect(stored.ballots).toEqual(plain(store.data.ballots));
    expect(stored.tickets).toEqual(plain(store.data.tickets));
  });
});
