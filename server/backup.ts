// A copy of the whole current state, written into the data folder before
// something replaces it (a new event), named with the time so none is ever
// overwritten. It holds juror links and the organiser token, as podium.json does.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { PodiumData } from '../protocol/model.ts';

/** Writes `data` durably to `podium.backup-<UTC time>.json` in `dir`; resolves with the file's path. */
export async function writeBackup(dir: string, data: Readonly<PodiumData>, now: number): Promise<string> {
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
