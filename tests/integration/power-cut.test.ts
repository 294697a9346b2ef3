// A power cut, not only a crash: the data folder lives on an ext4 image on a loop
// device, mounted with a 60 s journal commit interval, so that only what Podium
// syncs reaches the image before then. The instant a juror's acknowledgement
// arrives, the image file is copied: the copy is what the disk would hold if the
// power went at that instant. The copy is checked and mounted (its journal
// replayed, as at the next boot) and read with the store's own open code: every
// acknowledged score must be in it, 20 times in a row. Needs root, losetup and
// mkfs.ext4; without them it fails and says so.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreSaved } from '../../protocol/events.ts';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import type { Result } from '../../protocol/result.ts';
import { readStoredState } from '../../server/store.ts';
import { emitRaw, socketFor, type TestSocket } from '../helpers/app.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';

const TRIALS = 20;
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();

const work = mkdtempSync(join(tmpdir(), 'podium-power-'));
const image = join(work, 'disk.img');
const mountPoint = join(work, 'mnt');
const copy = join(work, 'copy.img');
const copyMount = join(work, 'copy-mnt');
const cleanups: (() => void)[] = [];
let server: ChildServer | undefined;
const sockets: TestSocket[] = [];

function tryAll(steps: (() => void)[]): void {
  for (const step of steps) {
    try {
      step();
    } catch {
      // Clean up as much as can be, whatever failed before.
    }
  }
}

beforeAll(() => {
  mkdirSync(mountPoint);
  mkdirSync(copyMount);
  try {
    run('truncate', ['-s', '64M', image]);
    run('mkfs.ext4', ['-q', '-F', image]);
    const device = run('losetup', ['--find', '--show', image]);
    cleanups.push(() => run('losetup', ['-d', device]));
    // commit=60: nothing reaches the image on the journal's own schedule during the test; only syncs do.
    run('mount', ['-t', 'ext4', '-o', 'commit=60', device, mountPoint]);
    cleanups.push(() => run('umount', ['-l', mountPoint]));
  } catch (e) {
    throw new Error(
      `The power-cut test needs a loop device with ext4 on it (run as root, with losetup, mkfs.ext4 and mount; in a container, --privileged): ${(e as Error).message}`,
    );
  }
}, 60_000);

afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await server?.kill();
  tryAll([() => run('umount', ['-d', copyMount]), ...cleanups.splice(0).reverse(), () => rmSync(work, { recursive: true, force: true })]);
}, 60_000);

/** What the disk would hold had the power gone when the copy was taken: fsck'd, mounted (journal replayed), read by the store. */
function readCopy(): Promise<PodiumData> {
  try {
    execFileSync('e2fsck', ['-fy', copy], { stdio: 'ignore' });
  } catch (e) {
    // 1 and 2: errors corrected; anything above means the copy's file system is broken.
    const status = (e as { status?: number }).status ?? 8;
    if (status > 2) throw new Error(`e2fsck could not repair the copy (exit ${status})`);
  }
  run('mount', ['-o', 'loop', copy, copyMount]);
  return readStoredState(join(copyMount, 'data')).finally(() => run('umount', ['-d', copyMount]));
}

describe('a power cut', () => {
  it(`never loses an acknowledged score: the disk image copied at each acknowledgement holds every one, ${TRIALS} times in a row`, { timeout: 240_000 }, async () => {
    const dir = join(mountPoint, 'data');
    server = await startChildServer(dir);
    const org = socketFor(server.url, { token: server.organiserToken });
    sockets.push(org);
    expect(await emitRaw(org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
    const data = await readStoredState(dir);
    const { teams, jurors, criteria } = data.event;
    const js = jurors.map((j) => socketFor(server!.url, { token: j.token }));
    sockets.push(...js);

    const acked = new Map<string, number>();
    for (let trial = 0; trial < TRIALS; trial++) {
      const ji = trial % jurors.length;
      const team = teams[trial % teams.length]!;
      const key = scoreKey(jurors[ji]!.id, team.id);
      const revision = (acked.get(key) ?? 0) + 1;
      const marks = Object.fromEntries(criteria.map((c) => [c.id, 1 + ((trial + revision) % 10)]));
      const payload = { opId: `power-cut-${trial}`, teamId: team.id, revision, marks, note: `Coupure n° ${trial} — Größe ⚡` };
      const ack = await new Promise<Result<ScoreSaved>>((resolve, reject) => {
        js[ji]!.timeout(10_000).emit('score:submit', payload, (err: Error | null, result: Result<ScoreSaved>) => {
          // The power goes now: copy the image before anything else happens.
          copyFileSync(image, copy);
          if (err) reject(err);
          else resolve(result);
        });
      });
      expect(ack, `trial ${trial}: ${JSON.stringify(ack)}`).toMatchObject({ ok: true });
      acked.set(key, revision);
      const onCopy = await readCopy();
      for (const [k, rev] of acked) {
        expect(onCopy.scores[k]?.revision ?? 0, `trial ${trial}: ${k} revision ${rev} acknowledged`).toBeGreaterThanOrEqual(rev);
      }
      expect(onCopy.appliedOps[`power-cut-${trial}`], `trial ${trial}`).toBe(key);
    }
    expect(acked.size).toBeGreaterThan(1);
  });
});
