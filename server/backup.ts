// A copy of the whole current state, written into the data folder before
// something replaces it (a new event), named with the time so none is ever
// overwritten. It holds juror links and the organiser token, as podium.json does.
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { PodiumData } from '../protocol/model.ts';

/** Writes `data` durably to `podium.backup-<UTC time>.json` in `dir`; resolves with the file's path. */
async function writeBackup(dir: string, data: Readonly<PodiumData>, now: number): Promise<string> {
  const stamp = new Date(now).toISOString().replace(/:/g, '-');
  const text = JSON.stringify({ backedUpAt: now, ...data }, null, 2);
  for (let n = 0; ; n++) {
    const file = join(dir, `podium.backup-${stamp}${n ? `-${n}` : ''}.json`);
    let handle;
    try {
      handle = await open(file, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && n < 100) continue;
      throw e;
    }
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return file;
  }
}

/**
 * A backup of everything `read()` returns, taken while changes (scores) keep
 * landing: if the state changed while the file was written, that file misses the
 * change, so it is removed and the backup written again. Resolves with the path
 * of a backup equal to `read()` at the moment it resolves; the caller replaces
 * the state at once, with no await in between, so nothing lands unsaved.
 */
export async function backupStable(dir: string, read: () => Readonly<PodiumData>, now: number): Promise<string> {
  for (;;) {
    const saved = JSON.stringify(read());
    const file = await writeBackup(dir, JSON.parse(saved) as PodiumData, now);
    if (JSON.stringify(read()) === saved) return file;
    // Outdated: a backup that lacks a score must not be left beside the one that has it.
    await unlink(file);
  }
}
