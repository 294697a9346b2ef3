import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScoreSaved } from '../../protocol/events.ts';
import { scoreKey } from '../../protocol/model.ts';
import type { Result } from '../../protocol/result.ts';
import type { JurorScoresUpdate, JurorState } from '../../protocol/views.ts';
import { readStoredState } from '../../server/store.ts';
import { emitRaw, juror, nextEvent, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

let t: TestApp;
let org: TestSocket;
const sockets: TestSocket[] = [];
beforeEach(async () => {
  t = await startApp();
  org = (await organiser(t)).socket;
  sockets.push(org);
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await t.close();
});

const teams = () => t.data().event.teams;
const jurors = () => t.data().event.jurors;
const marks = (value: number | ((i: number) => number) = 7) =>
  Object.fromEntries(t.data().event.criteria.map((c, i) => [c.id, typeof value === 'number' ? value : value(i)]));
let n = 0;
const opId = () => `op-${Date.now().toString(36)}-${++n}`;

async function connectJuror(i: number) {
  const j = await juror(t, i);
  sockets.push(j.socket);
  return j;
}

function submit(socket: TestSocket, payload: Record<string, unknown>): Promise<Result<ScoreSaved>> {
  return emitRaw(socket, 'score:submit', payload) as Promise<Result<ScoreSaved>>;
}

const submissions = () => t.data().audit.filter((a) => a.action === 'score:submit');

describe('jurors scoring', () => {
  it('stores every score of several jurors scoring at once, exactly once, on disk', async () => {
    expect(await emitRaw(org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
    const js = await Promise.all(jurors().map((_, i) => connectJuror(i)));
    const acks = await Promise.all(
      js.flatMap(({ socket }, ji) =>
        teams().map((team, ti) => submit(socket, { opId: opId(), teamId: team.id, revision: 1, marks: marks(1 + ((ji + ti) % 10)), note: `j${ji} t${ti}` })),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    const expected = jurors().length * teams().length;
    expect(Object.keys(t.data().scores)).toHaveLength(expected);
    expect(submissions()).toHaveLength(expected);
    const onDisk = await readStoredState(t.dir);
    expect(Object.keys(onDisk.scores)).toHaveLength(expected);
    jurors().forEach((j, ji) =>
      teams().forEach((team, ti) => {
        expect(onDisk.scores[scoreKey(j.id, team.id)]).toMatchObject({ revision: 1, note: `j${ji} t${ti}`, marks: marks(1 + ((ji + ti) % 10)) });
      }),
    );
  });

  it('applies a retried operation once, and answers every retry', async () => {
    const team = teams()[0]!;
    await emitRaw(org, 'scoring:open', { teamId: team.id });
    const { socket } = await connectJuror(0);
    const payload = { opId: opId(), teamId: team.id, revision: 1, marks: marks(6), note: 'once' };
    const acks = await Promise.all([submit(socket, payload), submit(socket, payload), submit(socket, payload)]);
    acks.push(await submit(socket, payload));
    for (const ack of acks) expect(ack).toEqual({ ok: true, data: { teamId: team.id, revision: 1, opId: payload.opId } });
    expect(submissions()).toHaveLength(1);
    expect(t.data().appliedOps[payload.opId]).toBe(scoreKey(jurors()[0]!.id, team.id));
  });

  it('refuses a stale revision and keeps the newer score', async () => {
    const team = teams()[0]!;
    await emitRaw(org, 'scoring:open', { teamId: team.id });
    const { socket } = await connectJuror(0);
    expect(await submit(socket, { opId: opId(), teamId: team.id, revision: 2, marks: marks(9), note: 'newer' })).toMatchObject({ ok: true });
    const before = JSON.stringify(t.data());
    const stale = await submit(socket, { opId: opId(), teamId: team.id, revision: 1, marks: marks(3), note: 'older' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'stale', message: expect.stringMatching(/newer version.*revision 2/) } });
    expect(JSON.stringify(t.data())).toBe(before);
    expect(t.data().scores[scoreKey(jurors()[0]!.id, team.id)]).toMatchObject({ revision: 2, note: 'newer' });
  });

  it('refuses a closed team and a conflicted team with a clear message, changing nothing', async () => {
    const [ecopals, tide] = teams();
    const { socket } = await connectJuror(0);
    let ack = await submit(socket, { opId: opId(), teamId: ecopals!.id, revision: 1, marks: marks(), note: '' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'closed', message: 'Scoring for "ecopals" has not opened yet.' } });
    await emitRaw(org, 'scoring:open', { teamId: ecopals!.id });
    await emitRaw(org, 'scoring:close', { teamId: ecopals!.id });
    const before = JSON.stringify(t.data());
    ack = await submit(socket, { opId: opId(), teamId: ecopals!.id, revision: 1, marks: marks(), note: '' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'closed', message: expect.stringMatching(/"ecopals" is closed/) } });
    expect(JSON.stringify(t.data())).toBe(before);

    await emitRaw(org, 'scoring:open', { teamId: tide!.id });
    expect(await emitRaw(org, 'juror:set-conflict', { jurorId: jurors()[0]!.id, teamId: tide!.id, conflict: true })).toMatchObject({ ok: true });
    const state = await nextEvent<JurorState>(socket, 'state:juror', (s) => s.juror.conflicts.includes(tide!.id));
    expect(state.scoring[tide!.id]).toBe('open');
    const unchanged = JSON.stringify(t.data());
    ack = await submit(socket, { opId: opId(), teamId: tide!.id, revision: 1, marks: marks(), note: '' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/conflict of interest with "Tide Turners"/) } });
    expect(JSON.stringify(t.data())).toBe(unchanged);
    // Reopening after a close lets the juror correct their score.
    await emitRaw(org, 'scoring:open', { teamId: ecopals!.id });
    expect(await submit(socket, { opId: opId(), teamId: ecopals!.id, revision: 1, marks: marks(), note: '' })).toMatchObject({ ok: true });
  });

  it('refuses malformed scores and changes nothing', async () => {
    await emitRaw(org, 'scoring:open', { teamId: null });
    const team = teams()[0]!;
    const { socket } = await connectJuror(0);
    const [impact] = t.data().event.criteria;
    const good = () => ({ opId: opId(), teamId: team.id, revision: 1, marks: marks(), note: '' });
    const partial = marks();
    delete partial[impact!.id];
    const bad: [Record<string, unknown>, string][] = [
      [{ ...good(), marks: { ...marks(), [impact!.id]: 11 } }, 'bad-request'],
      [{ ...good(), marks: { ...marks(), [impact!.id]: 0 } }, 'bad-request'],
      [{ ...good(), marks: { ...marks(), [impact!.id]: 6.5 } }, 'bad-request'],
      [{ ...good(), marks: { ...marks(), [impact!.id]: '7' } }, 'bad-request'],
      [{ ...good(), marks: { ...marks(), [impact!.id]: null } }, 'bad-request'],
      [{ ...good(), marks: { ...marks(), 'no-such-criterion': 5 } }, 'bad-request'],
      [{ ...good(), marks: partial }, 'bad-request'],
      [{ ...good(), teamId: 'no-such-team' }, 'not-found'],
      [{ ...good(), revision: 0 }, 'bad-request'],
      [{ ...good(), revision: 1.5 }, 'bad-request'],
      [{ ...good(), opId: 'short' }, 'bad-request'],
      [{ ...good(), note: 'x'.repeat(2001) }, 'bad-request'],
      [{ ...good(), jurorId: jurors()[1]!.id }, 'bad-request'],
      [{ ...good(), marks: [7, 7, 7, 7] }, 'bad-request'],
    ];
    const before = JSON.stringify(t.data());
    for (const [payload, code] of bad) {
      const ack = (await submit(socket, payload)) as Result<ScoreSaved>;
      expect(ack, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code } });
      if (!ack.ok) expect(ack.error.message.length).toBeGreaterThan(5);
    }
    expect(JSON.stringify(t.data())).toBe(before);
    const missing = await submit(socket, { ...good(), marks: partial });
    expect(missing).toMatchObject({ error: { message: 'Missing marks for: Impact.' } });
  });

  it('never sends a juror another juror’s marks or notes', async () => {
    await emitRaw(org, 'scoring:open', { teamId: null });
    const a = await connectJuror(0);
    const b = await connectJuror(1);
    const seenByA: unknown[] = [a.first];
    a.socket.onAny((_event, ...args) => seenByA.push(args));
    const team = teams()[0]!;
    const secretNote = 'b-only-secret-note-4711';
    const orgSees = nextEvent<{ data: { scores: Record<string, { note: string }> } }>(org, 'state:organiser', (s) =>
      Object.values(s.data.scores).some((x) => x.note === secretNote),
    );
    const bSeesOwn = nextEvent<JurorScoresUpdate>(b.socket, 'juror:scores', (s) => s.scores.length === 1);
    expect(await submit(b.socket, { opId: opId(), teamId: team.id, revision: 1, marks: marks(3), note: secretNote })).toMatchObject({ ok: true });
    const bSees = await bSeesOwn;
    expect(bSees.scores[0]).toMatchObject({ note: secretNote, marks: marks(3) });
    await orgSees;
    // A's own score goes through; A's view holds it and nothing of B's.
    const aSeesOwn = nextEvent<JurorScoresUpdate>(a.socket, 'juror:scores', (s) => s.scores.length === 1);
    expect(await submit(a.socket, { opId: opId(), teamId: team.id, revision: 1, marks: marks(8), note: 'mine' })).toMatchObject({ ok: true });
    const aSees = await aSeesOwn;
    expect(aSees.scores.map((s) => s.jurorId)).toEqual([jurors()[0]!.id]);
    expect(Object.keys(aSees)).not.toContain('leaderboard');
    const everything = JSON.stringify(seenByA);
    expect(everything).not.toContain(secretNote);
    expect(everything).not.toContain(scoreKey(jurors()[1]!.id, team.id));
    expect(everything).not.toContain(`"jurorId":"${jurors()[1]!.id}"`);
  });
});
