// A juror's phone that was offline while its round closed retries a score the server had already
// applied before the close. The phone must hear that it arrived (its score is in the round's
// archive), as any retry does, and nothing may change: no score in the new round, the archive as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { marks } from '../helpers/room.ts';
import { emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

function heats(): PodiumData {
  const d = demoData();
  d.event.rounds = [
    { id: 'heats', name: 'Heats', kind: 'stage' },
    { id: 'final', name: 'Final', kind: 'stage' },
  ];
  return d;
}

let t: TestApp;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  t = await startApp({ seed: heats });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t?.close();
});

describe('a retry from a closed round', () => {
  it('is acknowledged as the first time, from the archive, and changes nothing', async () => {
    const org = (await organiser(t)).socket;
    const phone = (await juror(t, 0)).socket;
    sockets.push(org, phone);
    const [first, second] = t.data().event.teams.map((team) => team.id);
    expect(await emitRaw(org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
    const submission = { opId: 'offline-phone-op-1', teamId: first!, revision: 1, marks: marks(t.data(), 9), note: 'Clear demo' };
    expect(await emitRaw(phone, 'score:submit', submission)).toMatchObject({ ok: true, data: { teamId: first, revision: 1, opId: submission.opId } });
    // Every other team gets a lower score from another juror, so the top one is not tied.
    const other = (await juror(t, 1)).socket;
    sockets.push(other);
    expect(await emitRaw(other, 'score:submit', { opId: 'other-juror-op-1', teamId: second!, revision: 1, marks: marks(t.data(), 5), note: '' })).toMatchObject({ ok: true });

    const close = await emitRaw(org, 'round:close', { roundId: 'heats', choice: { rule: { kind: 'top', n: 1 }, ranking: 'raw', settled: {}, wildcards: [] }, keepPanels: false });
    expect(close).toMatchObject({ ok: true });
    expect(t.data().event.currentRoundId).toBe('final');
    const archive = structuredClone(t.data().roundArchives['heats']);
    expect(Object.keys(archive!.scores)).toHaveLength(2);

    // The phone comes back and sends its outbox again: the same operation, the same score.
    expect(await emitRaw(phone, 'score:submit', submission)).toMatchObject({ ok: true, data: { teamId: first, revision: 1, opId: submission.opId } });
    expect(t.data().scores).toEqual({});
    expect(t.data().roundArchives['heats']).toEqual(archive);

    // The operation id still cannot be used for anything else.
    expect(await emitRaw(phone, 'score:submit', { ...submission, teamId: second! })).toMatchObject({ ok: false, error: { code: 'conflict', key: 'error_op_id_reused' } });
    expect(t.data().scores).toEqual({});
  });
});
