// A change may name the sections it touches besides the maps the tracker always follows
// (server/store/change-tracker.ts): a score names only the expo queue, so a batch of scores
// does not compare the whole event by its JSON. What a batch records, and what `verify`
// (PODIUM_VERIFY_SECTIONS=1, set for every test) refuses.
import { describe, expect, it } from 'vitest';
import { ChangeTracker } from '../../server/store/change-tracker.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';

type Record = { seq: number; set?: { [k: string]: unknown }; patch?: { [k: string]: { [k: string]: unknown } }; audit?: unknown[] };

function fresh(verify: boolean): { data: PodiumData; tracker: ChangeTracker } {
  const data = demoData('o'.repeat(32), new Date('2026-12-02T10:00:00Z'));
  const tracker = new ChangeTracker(verify);
  tracker.reset(data);
  return { data, tracker };
}

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

  it('with verify, refuses a batch whose change touched a section it did not name', () => {
    const { data, tracker } = fresh(true);
    tracker.track(data, () => {
      giveScore(data, 0, 0, '');
      data.event.teams[0]!.name = 'Straße 🚀';
    }, undefined, []);
    expect(() => tracker.collect(data, 1)).toThrow(/touched event but named only no section/);
  });

  it('without verify, an unnamed section reaches the record with the next batch that names none', () => {
    const { data, tracker } = fresh(false);
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
