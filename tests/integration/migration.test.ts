// A data file written by an older Podium is migrated on open, not refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyExpoQueueState, initialPeopleVote, SCHEMA_VERSION } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { migrate } from '../../server/store/migrations.ts';
import { Store } from '../../server/store.ts';
import { tempDir } from '../helpers/app.ts';

/** What the first prototype wrote: no schema version, no audit log, no applied operations. */
function version0() {
  // Before version 5 there was no people's vote either, before version 6 no rooms' shows, before 7 no rounds.
  const { schemaVersion: _v, audit: _a, appliedOps: _o, peopleVote: _p, ballots: _b, tickets: _t, roomsLive: _rl, roomHostTokens: _rh, roundArchives: _ra, expo: _e, ...rest } = demoData();
  const team = rest.event.teams[0]!;
  const juror = rest.event.jurors[0]!;
  const marks = Object.fromEntries(rest.event.criteria.map((c) => [c.id, 7]));
  rest.scores = { [`${juror.id}:${team.id}`]: { jurorId: juror.id, teamId: team.id, marks, note: 'from v0', revision: 3, updatedAt: 1_700_000_000_000 } };
  rest.scoring = { [team.id]: 'open' };
  // Before version 4 an event had no language or time zone.
  const { language: _l, timeZone: _z, ...settings } = rest.event.settings;
  return { ...rest, event: { ...rest.event, settings } };
}

/** What 6 → 7 adds: no closed round, an empty expo queue. */
const noRounds = () => ({ roundArchives: {}, expo: emptyExpoQueueState() });

/** An old event after migration: English (what every page spoke then), in this machine's zone. */
const migrated = (event: ReturnType<typeof version0>['event']) => ({
  ...event,
  settings: { ...event.settings, language: 'en', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
});

describe('migrating old data files', () => {
  it('opens a version-0 file, keeps everything in it, and writes it back as the current version', async () => {
    const dir = tempDir();
    const file = join(dir, 'podium.json');
    const old = version0();
    writeFileSync(file, JSON.stringify(old, null, 2));
    // Opened again below while still open: no compaction of its own later (store.test.ts's `open` says why).
    const store = await Store.open({ dir, seed: () => demoData(), compaction: { idleMs: 600_000 } });
    expect(store.data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.data.audit).toEqual([]);
    expect(store.data.appliedOps).toEqual({});
    expect(store.data.event).toEqual(migrated(old.event));
    expect(store.data.scores).toEqual(old.scores);
    expect(store.data.organiserToken).toBe(old.organiserToken);
    // Written back once, migrated; the file as the old Podium wrote it is kept beside it.
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
    expect(JSON.parse(readFileSync(join(dir, 'podium.schema-v0.json'), 'utf8'))).toEqual(old);
    // And it goes on working: a change is saved and survives a reopen.
    await store.mutate((d) => void (d.event.settings.name = 'After the migration'));
    const again = await Store.open({ dir, seed: () => demoData() });
    expect(again.data.event.settings.name).toBe('After the migration');
    expect(again.data.scores).toEqual(old.scores);
  });

  it('opens a version-2 file (audit log beside it, no change log yet) and writes it back as the current version', async () => {
    const dir = tempDir();
    const file = join(dir, 'podium.json');
    const rest = version0();
    const entries = [{ at: 5, actor: 'organiser', action: 'scoring:open' }, { at: 6, actor: 'juror:x', action: 'score:submit', detail: 'Ça va 🌊' }];
    const v2 = { ...rest, schemaVersion: 2, appliedOps: { 'op-1': Object.keys(rest.scores)[0]! }, auditCount: 2 };
    writeFileSync(file, JSON.stringify(v2, null, 2));
    writeFileSync(join(dir, 'podium.audit.jsonl'), entries.map((e) => JSON.stringify(e) + '\n').join(''));
    const store = await Store.open({ dir, seed: () => demoData(), compaction: { idleMs: 600_000 } });
    expect(store.data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.data.audit).toEqual(entries);
    expect(store.data.scores).toEqual(rest.scores);
    expect(store.data.appliedOps).toEqual(v2.appliedOps);
    expect(store.data.event).toEqual(migrated(rest.event));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: SCHEMA_VERSION, auditCount: 2, logSeq: 0 });
    expect(JSON.parse(readFileSync(join(dir, 'podium.schema-v2.json'), 'utf8'))).toEqual(v2);
    await store.mutate((d) => void (d.event.settings.name = 'Après la migration'));
    expect((await Store.open({ dir, seed: () => demoData() })).data.event.settings.name).toBe('Après la migration');
  });

  it('gives a version-3 event a language and time zone, keeping any it already has', () => {
    const rest = version0();
    const v3 = { ...rest, schemaVersion: 3, audit: [] };
    // …and then 4 → 5 adds the control API's operator token (none) and the people's vote, not open; 5 → 6 no other room's show; 6 → 7 no rounds.
    expect(migrate(v3)).toEqual({ ...v3, schemaVersion: 7, operatorToken: null, event: migrated(rest.event), peopleVote: initialPeopleVote(), ballots: {}, tickets: {}, roomsLive: {}, roomHostTokens: {}, ...noRounds() });
    const french = { ...v3, event: { ...rest.event, settings: { ...rest.event.settings, language: 'fr', timeZone: 'Europe/Zurich' } } };
    expect((migrate(french) as typeof french).event.settings).toMatchObject({ language: 'fr', timeZone: 'Europe/Zurich' });
  });

  it('gives a version-4 file no operator token (the organiser makes one in the console) and a people’s vote not open, keeping the rest', () => {
    const v4 = { ...version0(), schemaVersion: 4, audit: [] };
    expect(migrate(v4)).toEqual({ ...v4, schemaVersion: 7, operatorToken: null, peopleVote: initialPeopleVote(), ballots: {}, tickets: {}, roomsLive: {}, roomHostTokens: {}, ...noRounds() });
  });

  it('opens a version-5 file written before the people’s choice could be put in the reveal: not in it, the rest kept', async () => {
    const dir = tempDir();
    const data = demoData();
    data.peopleVote = { ...data.peopleVote, status: 'closed', audienceWeight: 20 };
    const { inReveal: _r, ...earlierVote } = data.peopleVote;
    writeFileSync(join(dir, 'podium.json'), JSON.stringify({ ...data, peopleVote: earlierVote }, null, 2));
    const store = await Store.open({ dir, seed: () => demoData() });
    expect(store.data.peopleVote).toEqual({ ...earlierVote, inReveal: false });
    await store.mutate((d) => void (d.peopleVote.inReveal = true));
    await store.close();
    const again = await Store.open({ dir, seed: () => demoData() });
    expect(again.data.peopleVote.inReveal).toBe(true);
    await again.close();
  });

  it('opens a version-5 file in the middle of the show with its show exactly where it was: the main room’s, one room, no host links', async () => {
    const dir = tempDir();
    const { roomsLive: _rl, roomHostTokens: _rh, roundArchives: _ra, expo: _e, ...rest } = demoData();
    const item = rest.event.agenda[3]!;
    // On stage: the fourth item, its second phase, the clock running until a set instant, a message up.
    rest.live = {
      itemIndex: 3,
      phaseIndex: 1,
      timer: { status: 'running', durationMs: 120_000, endsAt: 1_800_000_060_000, remainingMs: 60_000 },
      itemLog: { [item.id]: { startedAt: 1_800_000_000_000, endedAt: null } },
      message: { text: 'Wrap up', flash: true, at: 1_800_000_010_000 },
    };
    const v5 = { ...rest, schemaVersion: 5 };
    expect(migrate(v5)).toEqual({ ...v5, schemaVersion: 7, roomsLive: {}, roomHostTokens: {}, ...noRounds() });
    writeFileSync(join(dir, 'podium.json'), JSON.stringify(v5, null, 2));
    const store = await Store.open({ dir, seed: () => demoData() });
    expect(store.data.schemaVersion).toBe(7);
    expect(store.data.live).toEqual(v5.live);
    expect(store.data.roomsLive).toEqual({});
    expect(store.data.event.rooms).toBeUndefined();
    expect(store.data.event.agenda).toEqual(v5.event.agenda);
    await store.close();
    // Written back as version 7, the show still where it stood.
    const again = await Store.open({ dir, seed: () => demoData() });
    expect(again.data.live).toEqual(v5.live);
    await again.close();
  });

  it('opens a version-6 file as one stage round with every team: no rounds, no closed round, an empty expo queue, the scores kept', async () => {
    const dir = tempDir();
    const { roundArchives: _ra, expo: _e, ...rest } = demoData();
    const team = rest.event.teams[0]!;
    const juror = rest.event.jurors[0]!;
    const marks = Object.fromEntries(rest.event.criteria.map((c) => [c.id, 6]));
    rest.scores = { [`${juror.id}:${team.id}`]: { jurorId: juror.id, teamId: team.id, marks, note: '', revision: 1, updatedAt: 1_800_000_000_000 } };
    const v6 = { ...rest, schemaVersion: 6 };
    expect(migrate(v6)).toEqual({ ...v6, schemaVersion: 7, ...noRounds() });
    writeFileSync(join(dir, 'podium.json'), JSON.stringify(v6, null, 2));
    const store = await Store.open({ dir, seed: () => demoData() });
    expect(store.data.schemaVersion).toBe(7);
    expect(store.data.event.rounds).toBeUndefined();
    expect(store.data.scores).toEqual(v6.scores);
    expect(store.data.roundArchives).toEqual({});
    expect(store.data.expo).toEqual(emptyExpoQueueState());
    await store.close();
  });

  it('leaves current files and non-objects alone', () => {
    const current = demoData();
    expect(migrate(current)).toEqual(current);
    expect(migrate(null)).toBeNull();
    expect(migrate([1])).toEqual([1]);
  });
});
