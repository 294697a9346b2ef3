// A score the juror saw acknowledged is on disk: SIGKILL the real server right
// after acknowledgements arrive, in the middle of a burst, and start it again.
import { existsSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScoreSaved } from '../../protocol/events.ts';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import type { Result } from '../../protocol/result.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { submitScore } from '../../server/domain/scoring.ts';
import { readStoredState, Store } from '../../server/store.ts';
import { socketFor, tempDir, type TestSocket } from '../helpers/app.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';

let server: ChildServer | undefined;
const sockets: TestSocket[] = [];
let watcher: FSWatcher | undefined;
afterEach(async () => {
  watcher?.close();
  for (const s of sockets.splice(0)) s.disconnect();
  await server?.kill();
});

/**
 * How long the compaction test's servers wait for the log to go quiet before compacting
 * (PODIUM_COMPACT_IDLE_MS): long enough that a round's scores, sent one after another per juror,
 * come before it; if one came later, the compaction would be killed mid-burst, which the test allows.
 */
const COMPACT_IDLE_MS = 300;

/** What the disk holds: the snapshot and the change log, read by the store's own open code. */
const onDisk = (dir: string): Promise<PodiumData> => readStoredState(dir);

function connected(socket: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

describe('a crash never loses an acknowledged score', () => {
  it('keeps every acknowledged score across several SIGKILLs during bursts of submissions', async () => {
    const dir = tempDir('podium-crash-');
    server = await startChildServer(dir);
    const first = await onDisk(dir);
    const { teams, jurors, criteria } = first.event;
    const org = socketFor(server.url, { token: server.organiserToken });
    sockets.push(org);
    expect(await org.timeout(3000).emitWithAck('scoring:open', { teamId: null })).toMatchObject({ ok: true });
    org.disconnect();

    /** The highest acknowledged revision per score key, over every round. */
    const acked = new Map<string, number>();
    let revision = 0;
    let killedAfter = 0;
    let cutShort = 0;
    for (let round = 0; round < 4; round++) {
      if (round > 0) server = await startChildServer(dir);
      const js = jurors.map((j) => socketFor(server!.url, { token: j.token }));
      sockets.push(...js);
      await Promise.all(js.map(connected));
      revision++;
      // Kill as soon as a few acks are in, with the rest of the burst still in flight.
      const killAt = 3 + round * 4;
      let acks = 0;
      let killing: Promise<void> | null = null;
      // Each juror sends their scores one after another, all jurors at once.
      const total = js.length * teams.length;
      const burst = js.map(async (socket, ji) => {
        for (const [ti, team] of teams.entries()) {
          if (killing) return;
          const marks = Object.fromEntries(criteria.map((c) => [c.id, 1 + ((ji + ti + revision) % 10)]));
          const payload = { opId: `crash-${round}-${ji}-${ti}-${revision}`, teamId: team.id, revision, marks, note: `round ${round}` };
          try {
            const ack = (await socket.timeout(3000).emitWithAck('score:submit', payload)) as Result<ScoreSaved>;
            if (!ack.ok) return;
            const key = scoreKey(jurors[ji]!.id, team.id);
            acked.set(key, Math.max(acked.get(key) ?? 0, ack.data.revision));
            if (++acks === killAt) killing = server!.kill();
          } catch {
            return; // no answer: the server died first, and nothing was promised
          }
        }
      });
      await Promise.all(burst);
      await (killing ?? server!.kill());
      killedAfter += acks;
      if (acks < total) cutShort++;
      for (const s of js) s.disconnect();
      const stored = await onDisk(dir);
      for (const [key, rev] of acked) {
        expect(stored.scores[key]?.revision, `${key} after kill ${round + 1}`).toBeGreaterThanOrEqual(rev);
      }
    }
    expect(killedAfter).toBeGreaterThanOrEqual(3 + 7 + 11 + 15);
    // The kills really landed in the middle of bursts, with submissions unanswered.
    expect(cutShort).toBeGreaterThan(0);

    // And the server starts again on that data, serving those scores.
    server = await startChildServer(dir);
    const again = socketFor(server.url, { token: server.organiserToken });
    sockets.push(again);
    const state = await new Promise<{ data: PodiumData }>((resolve) => again.once('state:organiser', resolve as never));
    for (const [key, rev] of acked) expect(state.data.scores[key]!.revision).toBeGreaterThanOrEqual(rev);
  }, 60_000);

  it('keeps every acknowledged score when killed at each step of a compaction in the worker thread', async () => {
    // 120 teams × 40 jurors, every score in: a podium.json of a megabyte or two, so a compaction takes a while.
    const dir = tempDir('podium-crash-compaction-');
    const seeded = await Store.open({
      dir,
      worker: false,
      seed: () => {
        const data = demoData();
        const template = data.event.teams[0]!;
        data.event.teams = Array.from({ length: 120 }, (_, i) => ({ ...template, id: `team-${i}`, name: `Équipe ${i} 🌱` }));
        data.event.jurors = Array.from({ length: 40 }, (_, i) => ({ id: `juror-${i}`, name: `Juror ${i}`, token: `Jx${String(i).padStart(3, '0')}-crash-K7qLm2Zp9Rw4Tn8V`, conflicts: [] }));
        for (const team of data.event.teams) data.scoring[team.id] = 'open';
        data.event.jurors.forEach((juror, j) =>
          data.event.teams.forEach((team, t) => {
            const marks = Object.fromEntries(data.event.criteria.map((c) => [c.id, 1 + ((j + t) % 10)]));
            submitScore(data, juror.id, { opId: `seed-${j}-${t}`, teamId: team.id, revision: 1, marks, note: `Seeded ${j}/${t} — très clair` }, 1_800_000_000_000);
          }),
        );
        return data;
      },
    });
    const { event } = seeded.data;
    await seeded.close();
    /** What a compaction writes besides the log's appends: the audit file, the snapshot and the log's temporary files, their renames. */
    const compactionFile = (name: string | null) => name !== null && name !== 'podium.log';
    const acked = new Map<string, number>();
    const outputs: string[] = [];
    let interrupted = 0;
    const KILLS = 6;
    for (let round = 0; round < KILLS; round++) {
      // The store compacts once the log has been quiet for COMPACT_IDLE_MS (2 s by default): the kills wait for it six times.
      server = await startChildServer(dir, { PODIUM_COMPACT_IDLE_MS: String(COMPACT_IDLE_MS) });
      const js = event.jurors.slice(0, 5).map((j) => socketFor(server!.url, { token: j.token }));
      sockets.push(...js);
      await Promise.all(js.map(connected));
      const send = async (ji: number, ti: number) => {
        const key = scoreKey(event.jurors[ji]!.id, event.teams[ti]!.id);
        const revision = (acked.get(key) ?? 1) + 1;
        const marks = Object.fromEntries(event.criteria.map((c) => [c.id, 1 + ((ji + ti + revision) % 10)]));
        const payload = { opId: `compaction-${round}-${ji}-${ti}-${revision}`, teamId: event.teams[ti]!.id, revision, marks, note: `round ${round}` };
        try {
          const ack = (await js[ji]!.timeout(3000).emitWithAck('score:submit', payload)) as Result<ScoreSaved>;
          if (ack.ok) acked.set(key, Math.max(acked.get(key) ?? 0, ack.data.revision));
        } catch {
          // killed first: nothing was promised
        }
      };
      // Once the log goes quiet the store compacts: kill at the k-th file event of that compaction
      // (a different step each round), and in odd rounds keep scoring while it runs. Watched from
      // before the scores, so that no step of it is missed however soon after them it begins.
      const killAt = 1 + (round % 3) * 2;
      let seen = 0;
      const killed = new Promise<void>((resolve) => {
        watcher = watch(dir, (_type, name) => {
          if (!compactionFile(name) || ++seen !== killAt) return;
          if (round % 2 === 1) void send(round % 5, 119);
          outputs.push(server!.output());
          void server!.kill().then(resolve);
        });
      });
      await Promise.all(js.map(async (_, ji) => {
        for (let t = 0; t < 8; t++) await send(ji, (round * 8 + t) % event.teams.length);
      }));
      await killed;
      watcher!.close();
      for (const s of js) s.disconnect();
      if (readdirSync(dir).some((f) => f.endsWith('.tmp')) || !existsSync(join(dir, 'podium.json'))) interrupted++;
      const stored = await onDisk(dir);
      for (const [key, rev] of acked) expect(stored.scores[key]?.revision, `${key} after kill ${round + 1}`).toBeGreaterThanOrEqual(rev);
    }
    // Some kills really fell in the middle of a compaction (a temporary file left behind), and the worker did them, not the main thread.
    expect(interrupted, `kills in the middle of a compaction, of ${KILLS}`).toBeGreaterThan(0);
    for (const output of outputs) expect(output).not.toMatch(/compaction worker could not|could not compact/);
    server = await startChildServer(dir);
    const stored = await onDisk(dir);
    expect(acked.size).toBeGreaterThanOrEqual(KILLS * 8);
    for (const [key, rev] of acked) expect(stored.scores[key]!.revision).toBeGreaterThanOrEqual(rev);
  }, 180_000);
});
