// The crash loop: the real server is SIGKILLed at a random moment during a storm
// of scores and organiser commands, and started again on the same data folder,
// many times over. Every acknowledged score and command must be in the file, and
// the running timer must come back running, with its end where it was.
import { afterAll, describe, expect, it } from 'vitest';
import { readStoredState } from '../../server/store.ts';
import { emitRaw, socketFor, tempDir, type TestSocket } from '../helpers/app.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';

const KILLS = Number(process.env.PODIUM_CRASH_KILLS ?? (process.env.PODIUM_LONG === '1' ? 100 : 20));
const JURORS = 3;

let server: ChildServer | undefined;
afterAll(async () => {
  await server?.kill();
});

/** What the disk holds: the snapshot and the change log, read by the store's own open code. */
const readDisk = (dir: string) => readStoredState(dir);

function connected(socket: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

describe('the crash loop', () => {
  it(`keeps every acknowledged score and command through ${KILLS} SIGKILLs`, { timeout: 60_000 + KILLS * 5_000 }, async () => {
    const dir = tempDir('podium-crash-');
    const counts = { kills: 0, scoresSent: 0, scoresAcked: 0, commandsSent: 0, commandsAcked: 0, timerResumed: 0 };
    /** Highest acknowledged revision per `${jurorId}:${teamId}`. */
    const ackedRevision = new Map<string, number>();
    const nextRevision = new Map<string, number>();
    const ackedOps: { opId: string; key: string; revision: number }[] = [];
    let ackedName = -1;
    let sentAdjustMs = 0;
    let ackedAdjustMs = 0;
    let nameSeq = 0;
    let endsAtAtStart: number | null = null;

    for (let cycle = 0; cycle <= KILLS; cycle++) {
      server = await startChildServer(dir);
      const before = await readDisk(dir);
      const org = socketFor(server.url, { token: server.organiserToken });
      await connected(org);
      if (cycle === 0) {
        expect(await emitRaw(org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
        expect(await emitRaw(org, 'timer:start', {})).toMatchObject({ ok: true });
        endsAtAtStart = (await readDisk(dir)).live.timer.endsAt;
      } else {
        // The timer that was running before the kill is running again, ending where the file says.
        expect(before.live.timer.status).toBe('running');
        counts.timerResumed++;
      }
      if (cycle === KILLS) {
        org.disconnect();
        break;
      }
      const data = await readDisk(dir);
      const jurors = data.event.jurors.slice(0, JURORS).map((j) => ({ id: j.id, socket: socketFor(server!.url, { token: j.token }) }));
      await Promise.all(jurors.map((j) => connected(j.socket)));

      let killed = false;
      const jurorStorm = jurors.map(async ({ id, socket }, j) => {
        // Not once the socket has closed: an emit then would wait in the client's buffer for its 2 s timeout.
        for (let k = 0; !killed && socket.connected; k++) {
          const team = data.event.teams[(k + j) % data.event.teams.length]!;
          const key = `${id}:${team.id}`;
          const revision = (nextRevision.get(key) ?? 0) + 1;
          nextRevision.set(key, revision);
          const marks = Object.fromEntries(data.event.criteria.map((c) => [c.id, 1 + ((revision + k) % 10)]));
          counts.scoresSent++;
          const opId = `c${cycle}-${key.replace(':', '-')}-r${revision}`;
          const ack = (await emitRaw(socket, 'score:submit', { opId, teamId: team.id, revision, marks, note: `rev ${revision}` }).catch(
            () => null,
          )) as { ok: boolean; error?: { code: string } } | null;
          if (ack?.ok) {
            counts.scoresAcked++;
            ackedOps.push({ opId, key, revision });
            ackedRevision.set(key, Math.max(ackedRevision.get(key) ?? 0, revision));
          } else if (ack?.error?.code === 'rate-limited') {
            // The storm outpaces the per-socket rate limit at times: refused, nothing changed; ease off.
            await new Promise((r) => setTimeout(r, 50));
          } else if (ack && !killed) {
            throw new Error(`a score was refused before the kill: ${JSON.stringify(ack)}`);
          }
        }
      });
      const organiserStorm = (async () => {
        for (let k = 0; !killed && org.connected; k++) {
          counts.commandsSent++;
          if (k % 2 === 0) {
            const seq = nameSeq++;
            const ack = (await emitRaw(org, 'settings:update', { name: `Crash loop ${seq}` }).catch(() => null)) as { ok: boolean } | null;
            if (ack?.ok) (counts.commandsAcked++, (ackedName = Math.max(ackedName, seq)));
          } else {
            sentAdjustMs += 1000;
            const ack = (await emitRaw(org, 'timer:adjust', { deltaMs: 1000 }).catch(() => null)) as { ok: boolean } | null;
            if (ack?.ok) (counts.commandsAcked++, (ackedAdjustMs += 1000));
          }
        }
      })();

      await new Promise((r) => setTimeout(r, 80 + Math.random() * 400));
      await server.kill();
      killed = true;
      counts.kills++;
      for (const s of [org, ...jurors.map((j) => j.socket)]) s.disconnect();
      await Promise.all([...jurorStorm, organiserStorm]);
      // The file is whole after every kill: it parses and matches the schema on the next start.
      await expect(readDisk(dir)).resolves.toBeDefined();
    }

    const final = await readDisk(dir);
    let scoresChecked = 0;
    for (const [key, revision] of ackedRevision) {
      expect(final.scores[key]?.revision ?? 0, key).toBeGreaterThanOrEqual(revision);
      scoresChecked++;
    }
    // Each acknowledged submission is recorded as applied, or superseded on disk by a newer revision of
    // the same score (appliedOps keeps a window of recent ops per score; a retry of an older one is stale).
    for (const { opId, key, revision } of ackedOps) {
      if (final.appliedOps[opId] === undefined) expect(final.scores[key]!.revision, opId).toBeGreaterThan(revision);
      else expect(final.appliedOps[opId], opId).toBe(key);
    }
    expect(Number(/Crash loop (\d+)/.exec(final.event.settings.name)?.[1] ?? -1)).toBeGreaterThanOrEqual(ackedName);
    const shift = final.live.timer.endsAt! - endsAtAtStart!;
    expect(shift).toBeGreaterThanOrEqual(ackedAdjustMs);
    expect(shift).toBeLessThanOrEqual(sentAdjustMs);
    expect(final.live.timer.status).toBe('running');
    expect(counts.timerResumed).toBe(KILLS);
    expect(counts.scoresAcked).toBeGreaterThan(KILLS);
    console.log(
      `[crash-loop] ${counts.kills} SIGKILLs survived; scores ${counts.scoresAcked} acknowledged of ${counts.scoresSent} sent, ` +
        `every one of them found applied on disk, ${scoresChecked} juror×team scores at or above their acknowledged revision; organiser commands ${counts.commandsAcked} acknowledged ` +
        `of ${counts.commandsSent} sent (timer +${ackedAdjustMs / 1000} s acknowledged, +${shift / 1000} s on disk); timer resumed running ${counts.timerResumed} times`,
    );
  });
});
