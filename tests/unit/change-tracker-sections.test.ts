// A change may name the sections it touches besides the maps the tracker always follows
// (server/store/change-tracker.ts): a score names only the expo queue, so a batch of scores
// does not compare the whole event by its JSON. What a batch records, what a batch records
// once FULL_COMPARE_MS has passed, and what `verify` (PODIUM_VERIFY_SECTIONS=1, set for
// every test) refuses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeTracker, FULL_COMPARE_MS } from '../../server/store/change-tracker.ts';
import { Store } from '../../server/store/index.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';

type Record = { seq: number; set?: { [k: string]: unknown }; patch?: { [k: string]: { [k: string]: unknown } }; audit?: unknown[] };

/** A tracker on the demo event, with a clock the test moves (`clock.ms`). */
function fresh(verify: boolean): { data: PodiumData; tracker: ChangeTracker; clock: { ms: number } } {
  const data = demoData('o'.repeat(32), new Date('2026-12-02T10:00:00Z'));
  const clock = { ms: 0 };
  const tracker = new ChangeTracker(verify, () => clock.ms);
  tracker.reset(data);
  return { data, tracker, clock };
}

afterEach(() => {
  vi.restoreAllMocks();
});

const giveScore = (data: PodiumData, jurorIndex: number, teamIndex: number, note: string) => {
  const jurorId = data.event.jurors[jurorIndex]!.id;
  const teamId = data.event.teams[teamIndex]!.id;
  data.scores[scoreKey(jurorId, teamId)] = { jurorId, teamId, marks: {}, note, revision: 1, updatedAt: 1 };
};

const collected = (tracker: ChangeTracker, data: PodiumData, seq: number): Record => {
  const c = tracker.collect(data, seq);
  if (!c) throw new Error('nothing collected');
  c.committed();
  return JSON.parse(c.payload) as Record;
};

describe('a change that names its sections', () => {
  it('records the followed maps and the named sections it touched, and nothing of the event', () => {
    const { data, tracker } = fresh(true);
    tracker.track(data, () => {
      giveScore(data, 0, 1, 'Équipe Ç, très claire');
      data.expo.visits.push({ jurorId: data.event.jurors[0]!.id, teamId: data.event.teams[1]!.id, at: 5 } as never);
    }, undefined, ['expo']);
    const record = collected(tracker, data, 1);
    expect(Object.keys(record.patch!.scores!)).toEqual([scoreKey(data.event.jurors[0]!.id, data.event.teams[1]!.id)]);
    expect(Object.keys(record.set ?? {})).toEqual(['expo']);
  });

  it('with verify, refuses a change that touched a section it did not name, as it runs', () => {
    const { data, tracker } = fresh(true);
    expect(() =>
      tracker.track(data, () => {
        giveScore(data, 0, 0, '');
        data.event.teams[0]!.name = 'Straße 🚀';
      }, undefined, []),
    ).toThrow(/touched event but named only no section/);
    // Named rightly, the same kind of change goes through.
    expect(() => tracker.track(data, () => void (data.visibility.focus = null), undefined, ['visibility'])).not.toThrow();
  });

  it('without verify, an unnamed section reaches the record with the next batch that names none', () => {
    const { data, tracker } = fresh(false);
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    tracker.track(data, () => {
      giveScore(data, 1, 2, '');
      data.event.teams[2]!.name = 'Straße 🚀';
    }, undefined, []);
    expect(collected(tracker, data, 1).set?.event).toBeUndefined();
    // Any change that names nothing compares every section again, against what was last recorded.
    tracker.track(data, () => void (data.visibility.mode = 'live'));
    const record = collected(tracker, data, 2);
    expect(Object.keys(record.set!).sort()).toEqual(['event', 'visibility']);
    expect(JSON.stringify(record.set!.event)).toContain('Straße 🚀');
    // A batch with a change that named nothing cannot tell which change it was: nothing to say.
    expect(said).not.toHaveBeenCalled();
  });

  it('without verify, a batch of named changes compares every section once FULL_COMPARE_MS has passed, and says which was not named', () => {
    const { data, tracker, clock } = fresh(false);
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    tracker.track(data, () => {
      giveScore(data, 2, 3, '');
      data.event.teams[3]!.name = 'Çà et là';
    }, undefined, ['expo']);
    clock.ms = FULL_COMPARE_MS - 1;
    expect(collected(tracker, data, 1).set?.event).toBeUndefined();
    tracker.track(data, () => giveScore(data, 2, 4, ''), undefined, ['expo']);
    clock.ms = FULL_COMPARE_MS;
    const record = collected(tracker, data, 2);
    expect(Object.keys(record.set!)).toEqual(['event']);
    expect(JSON.stringify(record.set!.event)).toContain('Çà et là');
    expect(said).toHaveBeenCalledWith(expect.stringContaining('touched event without naming it'));
  });

  it('a batch of named and unnamed changes compares every section', () => {
    const { data, tracker } = fresh(true);
    tracker.track(data, () => giveScore(data, 0, 0, ''), undefined, []);
    tracker.track(data, () => void (data.event.settings.name = 'Genève Innovation Night'));
    const record = collected(tracker, data, 1);
    expect(Object.keys(record.set!)).toEqual(['event']);
    expect(Object.keys(record.patch!.scores!)).toHaveLength(1);
  });
});

describe('the tests themselves', () => {
  it('run every store with verify on, so a change that names too few sections fails where it is tested', () => {
    expect(process.env.PODIUM_VERIFY_SECTIONS).toBe('1');
  });
});

describe('a store in the tests', () => {
  it('refuses a change that touched a section it did not name, and the next change names nothing and is stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podium-sections-'));
    const store = await Store.open({ dir, seed: () => demoData('o'.repeat(32), new Date('2026-12-02T10:00:00Z')), worker: false });
    try {
      await expect(store.mutate((d) => void (d.event.settings.name = 'Soirée à Genève'), [])).rejects.toThrow(/touched event/);
      await store.mutate((d) => void (d.event.settings.name = 'Soirée à Genève 🎤'));
      expect(store.data.event.settings.name).toBe('Soirée à Genève 🎤');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
