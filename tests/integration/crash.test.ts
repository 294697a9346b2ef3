// A score the juror saw acknowledged is on disk: SIGKILL the real server right
// after acknowledgements arrive, in the middle of a burst, and start it again.
import { afterEach, describe, expect, it } from 'vitest';
import type { ScoreSaved } from '../../protocol/events.ts';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import type { Result } from '../../protocol/result.ts';
import { readStoredState } from '../../server/store.ts';
import { socketFor, tempDir, type TestSocket } from '../helpers/app.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';

let server: ChildServer | undefined;
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await server?.kill();
});

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
});
