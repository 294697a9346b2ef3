// The change log is the commit point: one framed, checksummed record per batch,
// holding what the batch did (not the whole event); a torn tail is dropped at
// open; a snapshot says which records it holds, so a crash between its steps
// neither loses nor applies twice; compaction happens off the ack path.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { submitScore } from '../../server/domain/scoring.ts';
import { readStoredState, Store, StoreOpenError, WorkerUnavailable, type CompactRequest, type StoreOptions } from '../../server/store.ts';
import { parseLog } from '../../server/store/change-log.ts';
import { compactInWorker } from '../../server/store/compactor.ts';
import { DurableJsonFile, toStored, type StoredData } from '../../server/store/snapshot.ts';
import { tempDir } from '../helpers/app.ts';

/** No compaction when idle unless a test asks: these tests rewrite the log under the store's feet. */
const open = (dir: string, options: Partial<StoreOptions> = {}) =>
  Store.open({ dir, seed: () => demoData(), ...options, compaction: { idleMs: 600_000, ...options.compaction } });
const logOf = (dir: string) => join(dir, 'podium.log');
const records = (dir: string) => parseLog(readFileSync(logOf(dir)));
const snapshotOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'podium.json'), 'utf8')) as { logSeq: number; event: PodiumData['event'] };
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** An event of 200 teams and 60 jurors with scoring open, as big as the README allows and bigger. */
function bigEvent(): PodiumData {
  const data = demoData();
  const template = data.event.teams[0]!;
  data.event.teams = Array.from({ length: 200 }, (_, i) => ({ ...template, id: `team-${i}`, name: `Équipe ${i} — Straße ${i} 🌱`, members: ['Zoë Ça', 'Jürgen Weiß'] }));
  data.event.jurors = Array.from({ length: 60 }, (_, i) => ({ id: `juror-${i}`, name: `Juror ${i}`, token: `juror-token-${String(i).padStart(4, '0')}-abcdefghij`, conflicts: [] }));
  for (const team of data.event.teams) data.scoring[team.id] = 'open';
  return data;
}

function score(data: PodiumData, juror: number, team: number, revision = 1, opId = `op-${juror}-${team}-${revision}`) {
  const marks = Object.fromEntries(data.event.criteria.map((c) => [c.id, 1 + ((juror + team + revision) % 10)]));
  return submitScore(data, data.event.jurors[juror]!.id, { opId, teamId: data.event.teams[team]!.id, revision, marks, note: `Note ${juror}/${team} — très clair` }, 1_800_000_000_000 + revision);
}

describe('the change log', () => {
  it('holds what a change did: a score costs a record of a few hundred bytes, whatever the size of the event', async () => {
    const dir = tempDir();
    const store = await open(dir, { seed: bigEvent });
    const snapshotBytes = statSync(join(dir, 'podium.json')).size;
    for (let j = 0; j < 5; j++) for (let t = 0; t < 40; t++) await store.mutate((d) => score(d, j, t));
    const log = records(dir);
    expect(log.records).toHaveLength(200);
    const perRecord = log.validBytes / log.records.length;
    expect(snapshotBytes).toBeGreaterThan(40_000);
    expect(perRecord).toBeLessThan(1_000);
    // One score's record: the score, its op id and its audit entry; nothing else.
    const last = log.records.at(-1)!.record;
    expect(Object.keys(last).sort()).toEqual(['audit', 'patch', 'seq']);
    expect(Object.keys(last.patch!.scores!)).toEqual([scoreKey('juror-4', 'team-39')]);
    expect(last.patch!.appliedOps).toEqual({ 'op-4-39-1': scoreKey('juror-4', 'team-39') });
    expect((await readStoredState(dir)).scores).toEqual(plain(store.data.scores));
  });

  it('commits changes that arrive during a sync together: fewer appends than changes, every caller answered after its own', async () => {
    const dir = tempDir();
    const store = await open(dir, { seed: bigEvent });
    const answered: number[] = [];
    await Promise.all(Array.from({ length: 60 }, (_, j) => store.mutate((d) => score(d, j, 7)).then(() => answered.push(j))));
    expect(answered).toHaveLength(60);
    const log = records(dir);
    expect(log.records.length).toBeLessThan(60);
    expect(log.records.flatMap((r) => Object.keys(r.record.patch?.scores ?? {}))).toHaveLength(60);
    expect(Object.keys((await readStoredState(dir)).scores)).toHaveLength(60);
  });

  it('drops a torn tail, cut at any byte of the last record or damaged, and opens cleanly', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.mutate((d) => void (d.event.settings.name = 'First — Ölçü'));
    await store.mutate((d) => void d.event.categories.push({ id: 'kept', name: 'Kept 🌊' }));
    const beforeLast = plain(store.data);
    await store.mutate((d) => void (d.visibility.revealStep = 3));
    const full = readFileSync(logOf(dir));
    const { records: all } = parseLog(full);
    expect(all).toHaveLength(3);
    const start = all[1]!.end;
    for (let cut = start; cut < full.length; cut++) {
      writeFileSync(logOf(dir), full.subarray(0, cut));
      expect(await readStoredState(dir), `cut at ${cut}`).toEqual(beforeLast);
    }
    // A whole record whose bytes were damaged fails its checksum.
    const damaged = Buffer.from(full);
    damaged[full.length - 3]! ^= 0x20;
    writeFileSync(logOf(dir), damaged);
    expect(await readStoredState(dir)).toEqual(beforeLast);
    // And the store opens on it, keeps what was whole, and starts a clean log.
    writeFileSync(logOf(dir), full.subarray(0, full.length - 5));
    const again = await open(dir);
    expect(again.data).toEqual(beforeLast);
    expect(statSync(logOf(dir)).size).toBe(0);
    await again.mutate((d) => void d.event.categories.push({ id: 'after', name: 'After' }));
    expect((await readStoredState(dir)).event.categories.map((c) => c.id)).toEqual([...beforeLast.event.categories.map((c) => c.id), 'after']);
  });

  it('neither loses nor applies twice when a crash falls between writing the snapshot and dropping the log', async () => {
    const dir = tempDir();
    const store = await open(dir, { seed: bigEvent });
    await store.mutate((d) => score(d, 0, 0));
    await store.mutate((d) => score(d, 0, 0, 2));
    const logBefore = readFileSync(logOf(dir));
    await store.compact();
    expect(snapshotOf(dir).logSeq).toBe(2);
    expect(statSync(logOf(dir)).size).toBe(0);
    // The crash: the new snapshot is in place, the old log still whole.
    writeFileSync(logOf(dir), logBefore);
    const state = await readStoredState(dir);
    expect(state).toEqual(plain(store.data));
    expect(state.audit.filter((a) => a.action === 'score:submit')).toHaveLength(2);
    // Changes after the snapshot, in the old log's place, are replayed once.
    await store.mutate((d) => score(d, 1, 0));
    expect((await readStoredState(dir)).audit.filter((a) => a.action === 'score:submit')).toHaveLength(3);
  });

  it('refuses a log that does not follow on from the snapshot, naming both files, and leaves them alone', async () => {
    const dir = tempDir();
    const store = await open(dir);
    const older = readFileSync(join(dir, 'podium.json'));
    await store.mutate((d) => void (d.event.settings.name = 'One'));
    await store.compact();
    await store.mutate((d) => void (d.event.settings.name = 'Two'));
    await store.mutate((d) => void (d.event.settings.name = 'Three'));
    // Restore an older snapshot (seq 0) beside a log that starts at record 2: record 1 is missing.
    writeFileSync(join(dir, 'podium.json'), older);
    const log = readFileSync(logOf(dir));
    const error = (await open(dir).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error.message).toMatch(/podium\.log does not follow on from .*podium\.json/);
    expect(readFileSync(logOf(dir))).toEqual(log);
  });

  it('records keys deleted from the big maps and whole sections replaced (an import)', async () => {
    const dir = tempDir();
    const store = await open(dir, { seed: bigEvent });
    await store.mutate((d) => score(d, 0, 0));
    await store.mutate((d) => score(d, 0, 1));
    await store.mutate((d) => void delete d.scores[scoreKey('juror-0', 'team-0')]);
    expect(Object.keys((await readStoredState(dir)).scores)).toEqual([scoreKey('juror-0', 'team-1')]);
    const imported = demoData();
    imported.event.settings.name = 'Imported — Côte d’Ivoire';
    await store.replace(imported);
    const state = await readStoredState(dir);
    expect(state).toEqual(plain(imported));
    // The new maps are watched too.
    await store.mutate((d) => void (d.appliedOps['after-import'] = 'x:y'));
    expect((await readStoredState(dir)).appliedOps).toEqual({ 'after-import': 'x:y' });
    expect((await open(dir)).data).toEqual(plain(store.data));
  });

  // The compaction runs in a worker thread, whose start (a loader, the modules) takes seconds on a loaded machine: vi.waitFor's 1 s default is not enough.
  const COMPACTED = { timeout: 20_000, interval: 50 };
  it('compacts into podium.json off the ack path when the log grows, when it goes quiet, and at a clean close', async () => {
    const byCount = tempDir();
    const store = await open(byCount, { compaction: { records: 5, idleMs: 60_000 } });
    for (let i = 0; i < 12; i++) await store.mutate((d) => void (d.event.settings.name = `Name ${i}`));
    await vi.waitFor(() => expect(snapshotOf(byCount).logSeq).toBeGreaterThanOrEqual(10), COMPACTED);
    await vi.waitFor(() => expect(records(byCount).records.length).toBeLessThan(5), COMPACTED);
    expect(await readStoredState(byCount)).toEqual(plain(store.data));

    const quiet = tempDir();
    const idle = await open(quiet, { compaction: { idleMs: 30 } });
    await idle.mutate((d) => void (d.event.settings.name = 'Compacted when quiet'));
    await vi.waitFor(() => expect(snapshotOf(quiet).event.settings.name).toBe('Compacted when quiet'), COMPACTED);
    await vi.waitFor(() => expect(statSync(logOf(quiet)).size).toBe(0), COMPACTED);

    const closing = tempDir();
    const closed = await open(closing);
    await closed.mutate((d) => void (d.event.settings.name = 'Folded in at close'));
    expect(snapshotOf(closing).event.settings.name).not.toBe('Folded in at close');
    await closed.close();
    expect(snapshotOf(closing).event.settings.name).toBe('Folded in at close');
    expect(statSync(logOf(closing)).size).toBe(0);
  });

  it('folds the changes that came during a compaction once it ends, with no further change to set it off', async () => {
    const dir = tempDir();
    // A compaction that waits for the test's word: the changes below arrive while it runs.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let started = 0;
    const worker = async (request: CompactRequest) => {
      if (started++ === 0) await released;
      return compactInWorker(request);
    };
    // Far from quiet for a minute: only the record count may start a compaction here.
    const store = await open(dir, { worker, compaction: { records: 3, idleMs: 60_000 } });
    for (let i = 0; i < 3; i++) await store.mutate((d) => void (d.event.settings.name = `Name ${i}`));
    await vi.waitFor(() => expect(started).toBe(1), COMPACTED);
    for (let i = 3; i < 8; i++) await store.mutate((d) => void (d.event.settings.name = `Équipe ß ${i}`));
    release();
    // The first compaction holds up to record 3; the rest, past the threshold, go in the next one.
    await vi.waitFor(() => expect(snapshotOf(dir).event.settings.name).toBe('Équipe ß 7'), COMPACTED);
    await vi.waitFor(() => expect(statSync(logOf(dir)).size).toBe(0), COMPACTED);
    expect(started).toBe(2);
    expect(await readStoredState(dir)).toEqual(plain(store.data));
    await store.close();
  });

  it('loses nothing when podium.json cannot be written: acknowledgements go on, the log keeps every change, a later compaction succeeds', async () => {
    const dir = tempDir();
    const file = join(dir, 'podium.json');
    const real = new DurableJsonFile(file);
    let failing = false;
    const adapter = {
      read: () => real.read(),
      write: async (data: StoredData) => {
        if (failing) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        await real.write(data);
      },
    };
    const store = await open(dir, { adapter: adapter as never });
    failing = true;
    await store.mutate((d) => void (d.event.settings.name = 'Kept in the log — Ørsted'));
    const errors: string[] = [];
    const logError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      await expect(store.compact()).rejects.toThrow(/ENOSPC/);
    } finally {
      console.error = logError;
    }
    expect(errors.join('\n')).toMatch(/could not compact .*podium\.log.*the log keeps every change/);
    expect(records(dir).records).toHaveLength(1);
    expect((await readStoredState(dir)).event.settings.name).toBe('Kept in the log — Ørsted');
    await store.mutate((d) => void d.event.categories.push({ id: 'later', name: 'Later' }));
    failing = false;
    await store.compact();
    expect(snapshotOf(dir).event.settings.name).toBe('Kept in the log — Ørsted');
    expect(statSync(logOf(dir)).size).toBe(0);
    expect(await readStoredState(dir)).toEqual(plain(store.data));
  });

  it('keeps appending while a snapshot is written, and keeps those records after it', async () => {
    const dir = tempDir();
    const store = await open(dir, { seed: bigEvent });
    for (let t = 0; t < 20; t++) await store.mutate((d) => score(d, 0, t));
    const compacting = store.compact();
    const during = Array.from({ length: 10 }, (_, t) => store.mutate((d) => score(d, 1, t)));
    await Promise.all([compacting, ...during]);
    expect(await readStoredState(dir)).toEqual(plain(store.data));
    expect((await open(dir)).data).toEqual(plain(store.data));
  });

  it('keeps the audit entries of changes committed while a snapshot is written, through the next compaction and a reopen', async () => {
    const dir = tempDir();
    const store = await open(dir, { seed: bigEvent });
    const audited = (n: number) => store.mutate((d) => void d.audit.push({ at: 1_000 + n, actor: 'organiser', action: 'stage:message', detail: `entry ${n}` }));
    for (let n = 0; n < 20; n++) await audited(n);
    const compacting = store.compact();
    const during = Array.from({ length: 10 }, (_, n) => audited(20 + n));
    await Promise.all([compacting, ...during]);
    // The next compaction appends what the first did not write; the files must then agree.
    await store.mutate((d) => score(d, 0, 0));
    await store.compact();
    await store.close();
    const reopened = await open(dir);
    expect(reopened.data.audit.map((e) => e.detail).filter((d) => d?.startsWith('entry '))).toEqual(Array.from({ length: 30 }, (_, n) => `entry ${n}`));
    expect(reopened.data).toEqual(plain(store.data));
    await reopened.close();
  });

  it('compacts in a worker thread, from the disk: the main thread never serialises the whole event, and the snapshot is the state it holds', async () => {
    const dir = tempDir();
    const asked: CompactRequest[] = [];
    const store = await open(dir, { seed: bigEvent, worker: (request) => (asked.push(request), compactInWorker(request)) });
    const snapshotBytes = statSync(join(dir, 'podium.json')).size;
    for (let t = 0; t < 30; t++) await store.mutate((d) => score(d, t % 7, t));
    await store.mutate((d) => void d.audit.push({ at: 2_000, actor: 'organiser', action: 'stage:message', detail: 'Ünïcode — « ok »' }));
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      await store.compact();
      // Whatever the main thread serialised meanwhile (nothing here: no change was made) is far smaller than the event.
      const longest = Math.max(0, ...stringify.mock.results.map((r) => (typeof r.value === 'string' ? r.value.length : 0)));
      expect(longest).toBeLessThan(snapshotBytes / 10);
    } finally {
      stringify.mockRestore();
    }
    expect(asked).toEqual([{ file: join(dir, 'podium.json'), logFile: logOf(dir), seq: 31, auditRewrite: false }]);
    expect(snapshotOf(dir).logSeq).toBe(31);
    expect(statSync(logOf(dir)).size).toBe(0);
    // The worker's podium.json is what the main thread would have written.
    expect(JSON.parse(readFileSync(join(dir, 'podium.json'), 'utf8'))).toEqual(plain(toStored(store.data, 31)));
    expect(await readStoredState(dir)).toEqual(plain(store.data));
    // Changes made while the worker compacts stay in the log, and the next compaction appends their audit entries once.
    const compacting = store.compact();
    await store.mutate((d) => score(d, 8, 8));
    await compacting;
    const during = Array.from({ length: 10 }, (_, t) => store.mutate((d) => score(d, 9, t)));
    const again = store.compact();
    await Promise.all([again, ...during]);
    await store.compact();
    await store.close();
    const reopened = await open(dir);
    expect(reopened.data).toEqual(plain(store.data));
    expect(readFileSync(join(dir, 'podium.audit.jsonl'), 'utf8').trim().split('\n')).toHaveLength(store.data.audit.length);
    await reopened.close();
  });

  it('compacts on the main thread when the worker fails, says so, and writes the audit file whole after a worker that died halfway', async () => {
    const dir = tempDir();
    let calls = 0;
    const dying = async (request: CompactRequest) => {
      calls++;
      // Died in the middle of appending its audit entries.
      writeFileSync(join(dir, 'podium.audit.jsonl'), readFileSync(join(dir, 'podium.audit.jsonl'), 'utf8') + '{"at":1,"act');
      throw new WorkerUnavailable(`the worker exited (1) while compacting record ${request.seq}`);
    };
    const store = await open(dir, { seed: bigEvent, worker: dying });
    for (let t = 0; t < 5; t++) await store.mutate((d) => score(d, 0, t));
    const errors: string[] = [];
    const logError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      await store.compact();
      await store.mutate((d) => score(d, 1, 0));
      await store.compact();
    } finally {
      console.error = logError;
    }
    expect(calls).toBe(1);
    expect(errors.join('\n')).toMatch(/compaction worker could not compact .*podium\.log.*the worker exited \(1\).*compacting on the main thread/);
    expect(snapshotOf(dir).logSeq).toBe(6);
    expect(statSync(logOf(dir)).size).toBe(0);
    const reopened = await open(dir);
    expect(reopened.data).toEqual(plain(store.data));
    expect(readFileSync(join(dir, 'podium.audit.jsonl'), 'utf8').trim().split('\n')).toHaveLength(store.data.audit.length);
  });

  it('keeps every change in the log when the disk refuses the worker, and compacts once it can', async () => {
    const dir = tempDir();
    let full = true;
    const store = await open(dir, {
      worker: (request) => (full ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) : compactInWorker(request)),
    });
    await store.mutate((d) => void (d.event.settings.name = 'Kept in the log — Ørsted'));
    const errors: string[] = [];
    const logError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      await expect(store.compact()).rejects.toThrow(/ENOSPC/);
    } finally {
      console.error = logError;
    }
    expect(errors.join('\n')).toMatch(/could not compact .*podium\.log.*the log keeps every change.*ENOSPC/);
    expect(records(dir).records).toHaveLength(1);
    full = false;
    await store.mutate((d) => void d.event.categories.push({ id: 'later', name: 'Later' }));
    await store.compact();
    expect(snapshotOf(dir).event.settings.name).toBe('Kept in the log — Ørsted');
    expect(statSync(logOf(dir)).size).toBe(0);
    expect((await open(dir)).data).toEqual(plain(store.data));
  });
});
