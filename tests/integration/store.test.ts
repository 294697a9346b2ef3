// The store on a real disk: what is acknowledged is on disk (the change log, then
// the snapshot it is compacted into), a file that cannot be trusted is refused by
// name and left alone, and a last-good copy is kept.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type PodiumData } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { lastGoodFile, readStoredState, Store, StoreOpenError } from '../../server/store.ts';
import { tempDir } from '../helpers/app.ts';

// These tests open a folder again while the store before is still open, as after a crash: that one
// must not compact later (2 s after its last change, by default) on a log the next one has folded,
// which it refuses with a log line in whichever test file runs then (see startApp's close).
const open = (dir: string) => Store.open({ dir, seed: () => demoData(), compaction: { idleMs: 600_000 } });
const onDisk = (dir: string) => JSON.parse(readFileSync(join(dir, 'podium.json'), 'utf8'));
/** podium.json holds the state without its audit log, how many audit entries belong to it, and the last log record it includes. */
const asStored = (data: Readonly<PodiumData>, logSeq: number) => {
  const { audit, ...rest } = JSON.parse(JSON.stringify(data)) as PodiumData;
  return { ...rest, auditCount: audit.length, logSeq };
};
const logBytes = (dir: string) => statSync(join(dir, 'podium.log')).size;

describe('the store on disk', () => {
  it('has every acknowledged change on disk, and reopens to the same state, folded into podium.json', async () => {
    const dir = tempDir();
    const store = await open(dir);
    const names = Array.from({ length: 25 }, (_, i) => `Catégorie ${i} ßç 🌊`);
    // Concurrent changes: writes collapse, but each caller resolves only once its change is on disk.
    await Promise.all(
      names.map((name, i) =>
        store.mutate((d) => void d.event.categories.push({ id: `c${i}`, name })).then(async () => {
          expect((await readStoredState(dir)).event.categories.map((c) => c.name)).toContain(name);
        }),
      ),
    );
    // The changes are in the log, not yet in podium.json.
    expect(onDisk(dir).event.categories.map((c: { name: string }) => c.name)).not.toContain(names[0]);
    const again = await open(dir);
    expect(again.data).toEqual(store.data);
    expect(onDisk(dir)).toEqual(asStored(again.data, onDisk(dir).logSeq));
    expect(onDisk(dir).logSeq).toBeGreaterThan(0);
    expect(logBytes(dir)).toBe(0);
  });

  it('writes nothing for a change that is refused', async () => {
    const dir = tempDir();
    const store = await open(dir);
    const before = readFileSync(join(dir, 'podium.json'), 'utf8');
    await expect(
      store.mutate(() => {
        throw new DomainError('conflict', 'no');
      }),
    ).rejects.toThrow('no');
    // A change that changes nothing adds no record either.
    await store.mutate(() => undefined);
    expect(readFileSync(join(dir, 'podium.json'), 'utf8')).toBe(before);
    expect(logBytes(dir)).toBe(0);
    expect(JSON.stringify(asStored(store.data, 0))).toBe(JSON.stringify(JSON.parse(before)));
  });

  it('refuses a corrupt file, naming the file and the problem, and leaves it untouched', async () => {
    const dir = tempDir();
    const file = join(dir, 'podium.json');
    const corrupt = '{"schemaVersion": 1, "event": {"settings": ';
    writeFileSync(file, corrupt);
    const error = await open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/JSON|Unexpected end|Unterminated/);
    expect(readFileSync(file, 'utf8')).toBe(corrupt);
  });

  it('refuses a file that does not match the schema, naming where, and leaves it untouched', async () => {
    const dir = tempDir();
    const file = join(dir, 'podium.json');
    const data = demoData();
    const bad = { ...data, event: { ...data.event, teams: [{ ...data.event.teams[0]!, name: '' }] }, scores: { x: { marks: 'lots' } } };
    const text = JSON.stringify(bad, null, 2);
    writeFileSync(file, text);
    const error = (await open(dir).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error.message).toContain(file);
    expect(error.message).toContain('event.teams.0.name');
    expect(error.message).toMatch(/scores\.x/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('refuses a file from a newer Podium rather than guessing', async () => {
    const dir = tempDir();
    const file = join(dir, 'podium.json');
    const text = JSON.stringify({ ...demoData(), schemaVersion: 99 });
    writeFileSync(file, text);
    const error = (await open(dir).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/newer version of Podium \(schema 99/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('keeps a last-good copy on each start, that restores a file gone bad', async () => {
    const dir = tempDir();
    const file = join(dir, 'podium.json');
    const first = await open(dir);
    await first.mutate((d) => void (d.event.settings.name = 'Kept in the last-good copy'));
    await open(dir);
    expect(existsSync(lastGoodFile(file))).toBe(true);
    expect(JSON.parse(readFileSync(lastGoodFile(file), 'utf8')).event.settings.name).toBe('Kept in the last-good copy');
    writeFileSync(file, '\u0000\u0000\u0000');
    const error = (await open(dir).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(lastGoodFile(file));
    expect(readFileSync(lastGoodFile(file), 'utf8')).toContain('Kept in the last-good copy');
    writeFileSync(file, readFileSync(lastGoodFile(file)));
    expect((await open(dir)).data.event.settings.name).toBe('Kept in the last-good copy');
  });

  it('logs audit entries with their change, compacts them into their own file, and drops entries of a compaction that never finished', async () => {
    const dir = tempDir();
    const store = await open(dir);
    const entry = (i: number) => ({ at: i, actor: 'organiser', action: 'scoring:open' });
    for (let i = 1; i <= 3; i++) await store.mutate((d) => void d.audit.push(entry(i)));
    const auditFile = join(dir, 'podium.audit.jsonl');
    expect(readFileSync(auditFile, 'utf8')).toBe('');
    expect((await readStoredState(dir)).audit.map((e) => e.at)).toEqual([1, 2, 3]);
    await store.compact();
    expect(readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l).at)).toEqual([1, 2, 3]);
    expect(onDisk(dir).auditCount).toBe(3);
    expect(onDisk(dir).audit).toBeUndefined();
    // A crash after the audit append but before podium.json was written leaves a line that is not part of the state.
    writeFileSync(auditFile, readFileSync(auditFile, 'utf8') + JSON.stringify(entry(4)) + '\n{"at":5,"act');
    const again = await open(dir);
    expect(again.data.audit.map((e) => e.at)).toEqual([1, 2, 3]);
    expect(readFileSync(auditFile, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('moves the audit log out of a version 1 data file, keeping a copy of the original', async () => {
    const dir = tempDir();
    const v1 = { ...demoData(), schemaVersion: 1, audit: [{ at: 7, actor: 'organiser', action: 'scoring:open' }] };
    writeFileSync(join(dir, 'podium.json'), JSON.stringify(v1));
    const store = await open(dir);
    expect(store.data.audit).toEqual(v1.audit);
    expect(onDisk(dir)).toMatchObject({ schemaVersion: SCHEMA_VERSION, auditCount: 1 });
    expect(readFileSync(join(dir, 'podium.audit.jsonl'), 'utf8')).toBe(JSON.stringify(v1.audit[0]) + '\n');
    expect(JSON.parse(readFileSync(join(dir, 'podium.schema-v1.json'), 'utf8')).audit).toHaveLength(1);
  });

  it('refuses an audit log shorter than the data file says, naming both', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.mutate((d) => void d.audit.push({ at: 1, actor: 'organiser', action: 'scoring:open' }));
    await store.compact();
    writeFileSync(join(dir, 'podium.audit.jsonl'), '');
    await expect(open(dir)).rejects.toThrow(/podium\.audit\.jsonl.*fewer entries.*podium\.json/);
  });

  it('keeps an earlier audit trail and change log aside when podium.json is moved away to start afresh', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.mutate((d) => void d.audit.push({ at: 1, actor: 'organiser', action: 'scoring:open' }));
    await store.compact();
    await store.mutate((d) => void d.audit.push({ at: 2, actor: 'organiser', action: 'scoring:close' }));
    const { renameSync, readdirSync } = await import('node:fs');
    renameSync(join(dir, 'podium.json'), join(dir, 'old-event.json'));
    const fresh = await open(dir);
    expect(fresh.data.audit).toEqual([]);
    const keptAudit = readdirSync(dir).filter((f) => /^podium\.audit\.before-\d+\.jsonl$/.test(f));
    expect(keptAudit).toHaveLength(1);
    expect(readFileSync(join(dir, keptAudit[0]!), 'utf8')).toContain('scoring:open');
    const keptLog = readdirSync(dir).filter((f) => /^podium\.before-\d+\.log$/.test(f));
    expect(keptLog).toHaveLength(1);
    expect(readFileSync(join(dir, keptLog[0]!), 'utf8')).toContain('scoring:close');
    expect(logBytes(dir)).toBe(0);
  });
});
