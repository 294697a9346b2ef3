// A power cut, not only a crash: the data folder lives on an ext4 image on a loop
// device, mounted with a 60 s journal commit interval, so that only what Podium
// syncs reaches the image before then. The instant a juror's acknowledgement
// arrives, the image file is copied: the copy is what the disk would hold if the
// power went at that instant. The copy is checked and mounted (its journal
// replayed, as at the next boot) and read with the store's own open code: every
// acknowledged score must be in it, 20 times in a row. Needs root, losetup and
// mkfs.ext4; without them it fails and says so.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, type FSWatcher } from 'node:fs';
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
  return readCopyWith(() => undefined).then(([data]) => data);
}

/** The same, with what `look` finds in the copy's data folder. */
function readCopyWith<T>(look: (dir: string) => T): Promise<[PodiumData, T]> {
  try {
    execFileSync('e2fsck', ['-fy', copy], { stdio: 'ignore' });
  } catch (e) {
    // 1 and 2: errors corrected; anything above means the copy's file system is broken.
    const status = (e as { status?: number }).status ?? 8;
    if (status > 2) throw new Error(`e2fsck could not repair the copy (exit ${status})`);
  }
  run('mount', ['-o', 'loop', copy, copyMount]);
  const dir = join(copyMount, 'data');
  return readStoredState(dir)
    .then((data): [PodiumData, T] => [data, look(dir)])
    .finally(() => run('umount', ['-d', copyMount]));
}

/** Every thread of `pid` stopped (SIGSTOP delivered): its system calls have returned, and nothing more of it reaches the disk. */
async function stopped(pid: number): Promise<void> {
  const allStopped = () =>
    readdirSync(`/proc/${pid}/task`).every((task) => {
      try {
        return /^\d+ \(.*\) [tT] /.test(readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8'));
      } catch {
        return true; // the thread has gone
      }
    });
  while (!allStopped()) await new Promise((r) => setTimeout(r, 2));
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

  it('never loses an acknowledged score when the power goes during a compaction in the worker thread', { timeout: 240_000 }, async () => {
    // The same server and disk. A few scores, then the log goes quiet and the store compacts it
    // into podium.json in its worker thread: at each step the compaction takes on the disk (the
    // audit file, the snapshot's and the log's temporary files, their renames) the server is
    // frozen, the image copied (the power goes there), and the copy must hold every acknowledged score.
    const dir = join(mountPoint, 'data');
    const data = await readStoredState(dir);
    const { teams, jurors, criteria } = data.event;
    const js = jurors.map((j) => socketFor(server!.url, { token: j.token }));
    sockets.push(...js);
    const acked = new Map<string, number>(Object.entries(data.scores).map(([k, s]) => [k, s.revision]));
    const submit = async (n: number) => {
      const ji = n % jurors.length;
      const team = teams[n % teams.length]!;
      const key = scoreKey(jurors[ji]!.id, team.id);
      const revision = (acked.get(key) ?? 0) + 1;
      const marks = Object.fromEntries(criteria.map((c) => [c.id, 1 + ((n + revision) % 10)]));
      const ack = (await js[ji]!.timeout(10_000).emitWithAck('score:submit', { opId: `during-compaction-${n}`, teamId: team.id, revision, marks, note: `Pendant le compactage n° ${n}` })) as Result<ScoreSaved>;
      expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
      acked.set(key, revision);
    };
    const pid = server!.process.pid!;
    const cuts: { round: number; logBytes: number; temporary: string[] }[] = [];
    /**
     * One round: 12 scores, then wait for the quiet log's compaction, freezing the server and
     * copying the image at each step it takes on the disk. A small event compacts in a few
     * milliseconds, so the first freeze may come only once it is over: then another round.
     */
    const round = async (r: number) => {
      for (let n = 0; n < 12; n++) await submit(12 * r + n);
      let watcher: FSWatcher | undefined;
      let folded: NodeJS.Timeout | undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          let busy = false;
          let done = false;
          let inRound = 0;
          // File events that come while a cut is being taken are not waited for, and the watcher may
          // coalesce others: when the compaction ends between two cuts, the log is seen folded here.
          folded = setInterval(() => {
            if (busy || done) return;
            try {
              if (statSync(join(dir, 'podium.log')).size > 0) return;
            } catch {
              return; // between the log's rotation steps
            }
            done = true;
            resolve();
          }, 200);
          watcher = watch(dir, (_type, name) => {
            if (busy || done || name === null || name === 'podium.log') return;
            busy = true;
            void (async () => {
              server!.process.kill('SIGSTOP');
              await stopped(pid);
              copyFileSync(image, copy);
              const [onCopy, seen] = await readCopyWith((d) => ({ logBytes: statSync(join(d, 'podium.log')).size, temporary: readdirSync(d).filter((f) => f.endsWith('.tmp')) }));
              cuts.push({ round: r, ...seen });
              inRound++;
              for (const [k, rev] of acked) expect(onCopy.scores[k]?.revision ?? 0, `round ${r}, cut ${inRound}: ${k} revision ${rev} acknowledged`).toBeGreaterThanOrEqual(rev);
              server!.process.kill('SIGCONT');
              busy = false;
              // Done once the log is folded in (the cut saw it empty), or after six cuts.
              if (seen.logBytes === 0 || inRound >= 6) {
                done = true;
                resolve();
              }
            })().catch(reject);
          });
        });
      } finally {
        clearInterval(folded);
        watcher?.close();
        server!.process.kill('SIGCONT');
      }
    };
    const midway = () => cuts.filter((c) => c.logBytes > 0).length;
    for (let r = 0; r < 10 && midway() === 0; r++) await round(r);
    // Some cuts fell before the compaction had finished (the log still held its records), and each one's copy held every score.
    expect(midway(), JSON.stringify(cuts)).toBeGreaterThan(0);
    console.log(`[power-cut] compaction: ${cuts.length} cuts over ${new Set(cuts.map((c) => c.round)).size} rounds, ${midway()} of them before the log was folded in`);
    expect(server!.output()).not.toMatch(/compaction worker could not|could not compact/);
    // And the server goes on: a score after the compaction is acknowledged and on the disk at once.
    await submit(1000);
    copyFileSync(image, copy);
    const after = await readCopy();
    for (const [k, rev] of acked) expect(after.scores[k]?.revision ?? 0).toBeGreaterThanOrEqual(rev);
  });
});
