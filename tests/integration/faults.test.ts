// A write that fails (disk full, file system gone read-only): the person who
// asked is told, the server stays up, nothing acknowledged is lost, the file is
// never left half-written, and the next write that can succeed does.
import { mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { afterEach, describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import type { JurorState, OrganiserState } from '../../protocol/views.ts';
import { createApp } from '../../server/app.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { Store } from '../../server/store.ts';
import { connectAs, distDir, emitRaw, tempDir } from '../helpers/app.ts';

/** The real data file, whose writes can be made to fail as a full or read-only disk does. */
class FaultyDisk implements Adapter<PodiumData> {
  failing: 'ENOSPC' | 'EROFS' | null = null;
  writes = { ok: 0, failed: 0 };
  private readonly real: JSONFile<PodiumData>;
  constructor(file: string) {
    this.real = new JSONFile<PodiumData>(file);
  }
  read() {
    return this.real.read();
  }
  async write(data: PodiumData) {
    if (this.failing) {
      this.writes.failed++;
      const message = this.failing === 'ENOSPC' ? 'no space left on device' : 'read-only file system';
      throw Object.assign(new Error(`${this.failing}: ${message}, write`), { code: this.failing });
    }
    await this.real.write(data);
    this.writes.ok++;
  }
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function start() {
  const dir = tempDir();
  const disk = new FaultyDisk(join(dir, 'podium.json'));
  const store = await Store.open({ dir, seed: () => demoData(), adapter: disk });
  const app = createApp({ store, distDir });
  const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  closers.push(() => app.close());
  const org = (await connectAs<OrganiserState>(url, { token: app.organiserToken() }, 'state:organiser')).socket;
  const juror = (await connectAs<JurorState>(url, { token: store.data.event.jurors[0]!.token }, 'state:juror')).socket;
  closers.push(async () => void (org.disconnect(), juror.disconnect()));
  const file = join(dir, 'podium.json');
  return { dir, disk, store, org, juror, file, onDisk: () => JSON.parse(readFileSync(file, 'utf8')) as PodiumData };
}

describe('a write that fails', () => {
  for (const code of ['ENOSPC', 'EROFS'] as const) {
    it(`(${code}) is reported as a storage failure, loses nothing acknowledged, and the next write succeeds`, async () => {
      const t = await start();
      const teams = t.store.data.event.teams;
      const marks = Object.fromEntries(t.store.data.event.criteria.map((c) => [c.id, 6]));
      const score = (team: number, opId: string) => emitRaw(t.juror, 'score:submit', { opId, teamId: teams[team]!.id, revision: 1, marks, note: '' });
      expect(await emitRaw(t.org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
      expect(await score(0, 'saved-before-op')).toMatchObject({ ok: true });
      const committed = readFileSync(t.file, 'utf8');

      t.disk.failing = code;
      // Several at once: they share one failing write, and every one of them is told.
      const failed = await Promise.all([
        score(1, 'during-fault-1'),
        score(2, 'during-fault-2'),
        emitRaw(t.org, 'category:save', { name: 'Lost to the full disk' }),
        emitRaw(t.org, 'stage:message', { text: 'Wrap up', flash: true }),
      ]);
      for (const ack of failed) expect(ack).toMatchObject({ ok: false, error: { code: 'storage', message: expect.stringMatching(/Could not save/) } });
      expect(t.disk.writes.failed).toBeGreaterThan(0);
      // Nothing that is not on disk is shown as done: memory is back to the file.
      expect(Object.keys(t.store.data.scores)).toHaveLength(1);
      expect(t.store.data.event.categories.map((c) => c.name)).not.toContain('Lost to the full disk');
      expect(t.store.data.live.message).toBeNull();
      expect(readFileSync(t.file, 'utf8')).toBe(committed);
      // The server is up and answers.
      expect(await emitRaw(t.juror, 'clock:ping', {})).toMatchObject({ ok: true });
      expect(t.juror.connected && t.org.connected).toBe(true);

      t.disk.failing = null;
      expect(await score(1, 'during-fault-1')).toMatchObject({ ok: true });
      expect(await emitRaw(t.org, 'category:save', { name: 'Saved after the fault' })).toMatchObject({ ok: true });
      const onDisk = t.onDisk();
      expect(Object.keys(onDisk.scores)).toHaveLength(2);
      expect(onDisk.event.categories.map((c) => c.name)).toContain('Saved after the fault');
      const reopened = await Store.open({ dir: t.dir, seed: () => demoData() });
      expect(reopened.data).toEqual(t.store.data);
    });
  }

  it('fails safely on a real file system error too, with the real adapter, and recovers', async () => {
    // lowdb writes through steno: a temporary file beside the data file, then a rename.
    // A directory in the temporary file's place makes that write really fail (EISDIR).
    const dir = tempDir();
    const store = await Store.open({ dir, seed: () => demoData() });
    const app = createApp({ store, distDir });
    const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    closers.push(() => app.close());
    const org = (await connectAs<OrganiserState>(url, { token: app.organiserToken() }, 'state:organiser')).socket;
    closers.push(async () => void org.disconnect());
    const file = join(dir, 'podium.json');
    expect(await emitRaw(org, 'category:save', { name: 'Before the fault' })).toMatchObject({ ok: true });
    const committed = readFileSync(file, 'utf8');
    const temp = join(dir, '.podium.json.tmp');
    mkdirSync(temp);
    const errors: string[] = [];
    const logError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      expect(await emitRaw(org, 'category:save', { name: 'During the fault' })).toMatchObject({ ok: false, error: { code: 'storage' } });
    } finally {
      console.error = logError;
    }
    expect(errors.join('\n')).toMatch(/could not write .*podium\.json.*EISDIR/);
    expect(readFileSync(file, 'utf8')).toBe(committed);
    expect(store.data.event.categories.map((c) => c.name)).not.toContain('During the fault');
    rmdirSync(temp);
    expect(await emitRaw(org, 'category:save', { name: 'After the fault' })).toMatchObject({ ok: true });
    const names = (JSON.parse(readFileSync(file, 'utf8')) as PodiumData).event.categories.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Before the fault', 'After the fault']));
    expect(names).not.toContain('During the fault');
  });

  it('never leaves the file truncated: the data file parses after every write, failed or not', async () => {
    const t = await start();
    const checks = { writes: 0, parsed: 0 };
    for (let i = 0; i < 40; i++) {
      t.disk.failing = i % 3 === 1 ? 'ENOSPC' : null;
      const ack = (await emitRaw(t.org, 'settings:update', { name: `Write ${i}` })) as { ok: boolean };
      checks.writes++;
      const name = t.onDisk().event.settings.name;
      checks.parsed++;
      if (ack.ok) expect(name).toBe(`Write ${i}`);
      else expect(name).not.toBe(`Write ${i}`);
    }
    expect(checks.parsed).toBe(checks.writes);
  });
});
