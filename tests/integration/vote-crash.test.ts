// A vote the phone saw acknowledged is on disk: SIGKILL the real server in the middle
// of a burst of votes, start it again on the same folder, and every acknowledged vote
// counts (the phone's ballot holds that vote or a later one of the same phone).
import { afterEach, describe, expect, it } from 'vitest';
import type { VoteSaved } from '../../protocol/events.ts';
import type { Result } from '../../protocol/result.ts';
import { readStoredState } from '../../server/store.ts';
import { socketFor, type TestSocket, tempDir } from '../helpers/app.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { devicePass, voterSocket } from '../helpers/vote.ts';

let server: ChildServer | undefined;
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await server?.kill();
});

const connected = (socket: TestSocket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

describe('a crash never loses an acknowledged vote', () => {
  it('keeps every acknowledged vote across SIGKILLs during bursts of votes', async () => {
    const dir = tempDir('podium-vote-crash-');
    server = await startChildServer(dir);
    const org = socketFor(server.url, { token: server.organiserToken });
    sockets.push(org);
    expect(await org.timeout(3000).emitWithAck('vote:open', { durationMs: null })).toMatchObject({ ok: true });
    org.disconnect();
    const teams = (await readStoredState(dir)).event.teams;
    const PHONES = 60;
    // Each phone's pass, kept across restarts like a phone's cookie.
    const passes = await Promise.all(Array.from({ length: PHONES }, () => devicePass(server!.url)));
    const deviceOf = (pass: string) => pass.slice(pass.indexOf('=') + 1, pass.indexOf('.'));
    /** Per device: the highest acknowledged revision and its team. */
    const acked = new Map<string, VoteSaved>();
    let revision = 0;
    let cutShort = 0;
    for (let round = 0; round < 3; round++) {
      if (round > 0) server = await startChildServer(dir);
      const phones = passes.map((p) => voterSocket(server!.url, p));
      sockets.push(...phones);
      await Promise.all(phones.map(connected));
      const killAt = 20 + round * 30;
      let acks = 0;
      let killing: Promise<void> | null = null;
      const VOTES_EACH = 3;
      await Promise.all(
        phones.map(async (socket, i) => {
          for (let v = 0; v < VOTES_EACH; v++) {
            if (killing) return;
            const rev = revision + v + 1;
            const teamId = teams[(i + v + round) % teams.length]!.id;
            try {
              const ack = (await socket.timeout(3000).emitWithAck('vote:cast', { teamId, revision: rev })) as Result<VoteSaved>;
              if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack.error)}`);
              const device = deviceOf(passes[i]!);
              if ((acked.get(device)?.revision ?? 0) < ack.data.revision) acked.set(device, ack.data);
              if (++acks === killAt) killing = server!.kill();
            } catch (e) {
              if ((e as Error).message.startsWith('refused')) throw e;
              return; // no answer: the server died first, and nothing was promised
            }
          }
        }),
      );
      await (killing ?? server!.kill());
      if (acks < PHONES * VOTES_EACH) cutShort++;
      revision += VOTES_EACH;
      for (const s of phones) s.disconnect();
      const stored = await readStoredState(dir);
      for (const [device, saved] of acked) {
        const ballot = stored.ballots[device];
        expect(ballot, `${device} after kill ${round + 1}`).toBeDefined();
        expect(ballot!.revision).toBeGreaterThanOrEqual(saved.revision);
        if (ballot!.revision === saved.revision) expect(ballot!.teamId).toBe(saved.teamId);
      }
    }
    // The kills fell inside the bursts, not after them.
    expect(cutShort).toBeGreaterThanOrEqual(2);
    expect(acked.size).toBeGreaterThan(0);
  }, 120_000);
});
