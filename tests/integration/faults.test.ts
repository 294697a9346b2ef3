// A write that fails (disk full, file system gone read-only): the person who
// asked is told, the server stays up, nothing acknowledged is lost, the change
// log is never left with a half-written record in the middle, and the next
// write that can succeed does.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { JurorState, OrganiserState } from '../../protocol/views.ts';
import { createApp } from '../../server/app.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { readStoredState, Store } from '../../server/store.ts';
import { openLogFile, type LogFile } from '../../server/store/change-log.ts';
import { DurableJsonFile, type StoredData } from '../../server/store/snapshot.ts';
import { connectAs, distDir, emitRaw, tempDir } from '../helpers/app.ts';

/** The real change log, whose appends can be made to fail as a full or read-only disk does: half the record lands, then the error. */
class FaultyDisk {
  failing: 'ENOSPC' | 'EROFS' | null = null;
  writes = { ok: 0, failed: 0 };
  private error() {
    const message = this.failing === 'ENOSPC' ? 'no space left on device' : 'read-only file system';
    return Object.assign(new Error(`${this.failing}: ${message}, write`), { code: this.failing });
  }
  open = async (path: string): Promise<LogFile> => {
    const real = await openLogFile(path);
    return {
      write: async (data, position) => {
        if (this.failing) {
          this.writes.failed++;
          await real.write(data.subarray(0, data.length >> 1), position);
          throw this.error();
        }
        await real.write(data, position);
        this.writes.ok++;
      },
      datasync: () => real.datasync(),
      // A read-only file system refuses the clean-up too: the half record stays until the disk is back.
      truncate: async (length) => {
        if (this.failing === 'EROFS') throw this.error();
        await real.truncate(length);
      },
      close: () => real.close(),
    };
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function start(dir = tempDir(), disk?: FaultyDisk) {
  const store = await Store.open({ dir, seed: () => demoData(), openLog: disk?.open });
  const app = createApp({ store, distDir });
  const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  // The store too: left open, its compaction ran in a later file, on a folder gone by then (startApp's close).
  closers.push(() => app.close().then(() => store.close()));
  const org = (await connectAs<OrganiserState>(url, { token: app.organiserToken() }, 'state:organiser')).socket;
  const juror = (await connectAs<JurorState>(url, { token: store.data.event.jurors[0]!.token }, 'state:juror')).socket;
  closers.push(async () => void (org.disconnect(), juror.disconnect()));
  const teams = store.data.event.teams;
  const marks = Object.fromEntries(store.data.event.criteria.map((c) => [c.id, 6]));
  const score = (team: number, opId: string, note = 'Très bien, ça marche 👍') => emitRaw(juror, 'score:submit', { opId, teamId: teams[team]!.id, revision: 1, marks, note });
  return { dir, store, org, juror, score, onDisk: () => readStoredState(dir) };
}

describe('a write that fails', () => {
  for (const code of ['ENOSPC', 'EROFS'] as const) {
    it(`(${code}) is reported as a storage failure, loses nothing acknowledged, and the next write succeeds`, async () => {
      const disk = new FaultyDisk();
      const t = await start(tempDir(), disk);
      expect(await emitRaw(t.org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
      expect(await t.score(0, 'saved-before-op')).toMatchObject({ ok: true });
      const committed = await t.onDisk();

      disk.failing = code;
      // Several at once: they share one failing write, and every one of them is told.
      const failed = await Promise.all([
        t.score(1, 'during-fault-1'),
        t.score(2, 'during-fault-2'),
        emitRaw(t.org, 'category:save', { name: 'Lost to the full disk' }),
        emitRaw(t.org, 'stage:message', { text: 'Wrap up', flash: true }),
      ]);
      for (const ack of failed) expect(ack).toMatchObject({ ok: false, error: { code: 'storage', message: expect.stringMatching(/Could not save/) } });
      expect(disk.writes.failed).toBeGreaterThan(0);
      // Nothing that is not on disk is shown as done: memory is back to the disk.
      expect(Object.keys(t.store.data.scores)).toHaveLength(1);
      expect(t.store.data.event.categories.map((c) => c.name)).not.toContain('Lost to the full disk');
      expect(t.store.data.live.message).toBeNull();
      // The half-written record is not read as a change.
      expect(await t.onDisk()).toEqual(committed);
      expect(t.store.data).toEqual(committed);
      // The server is up and answers.
      expect(await emitRaw(t.juror, 'clock:ping', {})).toMatchObject({ ok: true });
      expect(t.juror.connected && t.org.connected).toBe(true);

      disk.failing = null;
      expect(await t.score(1, 'during-fault-1')).toMatchObject({ ok: true });
      expect(await emitRaw(t.org, 'category:save', { name: 'Saved after the fault' })).toMatchObject({ ok: true });
      const onDisk = await t.onDisk();
      expect(Object.keys(onDisk.scores)).toHaveLength(2);
      expect(onDisk.event.categories.map((c) => c.name)).toContain('Saved after the fault');
      expect(onDisk.event.categories.map((c) => c.name)).not.toContain('Lost to the full disk');
      const reopened = await Store.open({ dir: t.dir, seed: () => demoData() });
      closers.unshift(() => reopened.close());
      expect(reopened.data).toEqual(t.store.data);
    });
  }

  it('never leaves the log unreadable: what is on disk after every write, failed or not, is what was acknowledged', async () => {
    const disk = new FaultyDisk();
    const t = await start(tempDir(), disk);
    let acked = t.store.data.event.settings.name;
    for (let i = 0; i < 40; i++) {
      disk.failing = i % 3 === 1 ? (i % 2 ? 'EROFS' : 'ENOSPC') : null;
      const ack = (await emitRaw(t.org, 'settings:update', { name: `Write ${i} — Zürich` })) as { ok: boolean };
      expect(ack.ok).toBe(disk.failing === null);
      if (ack.ok) acked = `Write ${i} — Zürich`;
      expect((await t.onDisk()).event.settings.name).toBe(acked);
    }
    expect(disk.writes.failed).toBe(13);
  });
});

describe('after a failed write, the state is read back from the disk', () => {
  it('refuses every change until podium.json and the log can be read back, then takes them again', async () => {
    const disk = new FaultyDisk();
    const dir = tempDir();
    const real = new DurableJsonFile(join(dir, 'podium.json'));
    let unreadable = false;
    const adapter = {
      read: () => (unreadable ? Promise.reject(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' })) : real.read()),
      write: (data: StoredData) => real.write(data),
    };
    const store = await Store.open({ dir, seed: () => demoData(), openLog: disk.open, adapter: adapter as never });
    closers.push(() => store.close());
    await store.mutate((d) => void (d.event.settings.name = 'Genève — avant la panne'));
    const committed = await readStoredState(dir);
    const errors: string[] = [];
    const logError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      disk.failing = 'EROFS';
      unreadable = true;
      await expect(store.mutate((d) => void (d.event.settings.name = 'Lost with the disk'))).rejects.toMatchObject({ code: 'storage' });
      // Memory cannot be trusted until it is back to the disk: a change meanwhile is refused at once, and applies nothing.
      await expect(store.mutate((d) => void d.event.categories.push({ id: 'meanwhile', name: 'Pendant la panne' }))).rejects.toMatchObject({ code: 'storage' });
      expect(store.data.event.categories.map((c) => c.id)).not.toContain('meanwhile');
      expect(errors.join('\n')).toMatch(/could not read .*podium\.json back after a failed write.*EIO/);
      disk.failing = null;
      unreadable = false;
      // Read back once it can be: the failed change is gone, and changes are taken again.
      await vi.waitFor(() => expect(store.data.event.settings.name).toBe('Genève — avant la panne'), { timeout: 15_000, interval: 50 });
      expect(store.data).toEqual(committed);
      await store.mutate((d) => void (d.event.settings.name = 'Genève — après la panne'));
    } finally {
      console.error = logError;
    }
    expect((await readStoredState(dir)).event.settings.name).toBe('Genève — après la panne');
  });
});

// A real full disk: a small tmpfs (root only, as the power-cut test), filled up.
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts.splice(0)) execFileSync('umount', ['-l', m]);
});

describe('a real full disk', () => {
  it('refuses, rolls back, and recovers once there is room again', async () => {
    const dir = tempDir('podium-fulldisk-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'podium-test', dir]);
    } catch (e) {
      throw new Error(`This test needs to mount a small tmpfs (run the tests as root): ${(e as Error).message}`);
    }
    mounts.push(dir);
    const data = join(dir, 'data');
    mkdirSync(data);
    const t = await start(data);
    expect(await emitRaw(t.org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
    expect(await t.score(0, 'before-full')).toMatchObject({ ok: true });
    // Fill what is left of the disk.
    const filler = join(dir, 'filler');
    try {
      writeFileSync(filler, Buffer.alloc(2 * 1024 * 1024));
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    const errors: string[] = [];
    const logError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    // The log's last page may still have room for a record or two: long notes fill it.
    const long = 'Pollution plastique: évaluation détaillée. '.repeat(45);
    let refused = -1;
    try {
      for (let team = 1; team < 6 && refused < 0; team++) {
        const ack = (await t.score(team, `while-full-${team}`, long)) as { ok: boolean; error?: { code: string } };
        if (!ack.ok) {
          expect(ack.error?.code).toBe('storage');
          refused = team;
        }
      }
    } finally {
      console.error = logError;
    }
    expect(refused).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/could not write .*podium\.log.*ENOSPC/);
    expect(Object.keys(t.store.data.scores)).toHaveLength(refused);
    expect(Object.keys((await t.onDisk()).scores)).toHaveLength(refused);
    rmSync(filler);
    expect(await t.score(refused, `while-full-${refused}`, long)).toMatchObject({ ok: true });
    expect(Object.keys((await t.onDisk()).scores)).toHaveLength(refused + 1);
  });
});
