// The outbox on a flaky connection: the juror page's Outbox module driven in node
// against a real server, with the connection cut in the middle of a submission.
import { io as connectClient } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScoreSaved } from '../../protocol/events.ts';
import { scoreKey } from '../../protocol/model.ts';
import type { Result } from '../../protocol/result.ts';
import { Outbox, type OutboxEntry, type OutboxStorage } from '../../client/src/pages/jury/outbox.ts';
import { emitRaw, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

let t: TestApp;
const sockets: TestSocket[] = [];
beforeEach(async () => {
  t = await startApp();
  const org = (await organiser(t)).socket;
  sockets.push(org);
  expect(await emitRaw(org, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await t.close();
});

class MemoryStorage implements OutboxStorage {
  map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
}

/** A juror's phone: a socket that reconnects by itself, and an outbox that sends on every (re)connect. */
function phone(jurorIndex: number, storage = new MemoryStorage()) {
  const juror = t.data().event.jurors[jurorIndex]!;
  const socket = connectClient(t.url, {
    auth: { token: juror.token },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
  }) as TestSocket;
  sockets.push(socket);
  let n = 0;
  const saved: OutboxEntry[] = [];
  const outbox = new Outbox({
    storage,
    key: `podium:outbox:${juror.token}`,
    newOpId: () => `reconnect-${jurorIndex}-${++n}-${Date.now()}`,
    send: async (e): Promise<Result<ScoreSaved>> => {
      if (!socket.connected) return { ok: false, error: { code: 'internal', message: 'offline' } };
      try {
        return await socket.timeout(1000).emitWithAck('score:submit', { opId: e.opId, teamId: e.teamId, revision: e.revision, marks: e.marks, note: e.note });
      } catch {
        return { ok: false, error: { code: 'internal', message: 'no answer' } };
      }
    },
    onSaved: (e) => saved.push(e),
  });
  const reconnected = () => new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { juror, socket, outbox, saved, storage, reconnected };
}

const marks = (v: number) => Object.fromEntries(t.data().event.criteria.map((c) => [c.id, v]));
const applied = (jurorId: string, teamId: string) =>
  t.data().audit.filter((a) => a.action === 'score:submit' && a.jurorId === jurorId && a.teamId === teamId);

describe('the outbox across a cut connection', () => {
  it('delivers a score once when the connection drops after the server applied it but before the ack arrived', async () => {
    const p = phone(0);
    await p.reconnected();
    const team = t.data().event.teams[0]!;
    // The moment the score is applied (before the disk write and the ack), the network drops.
    let cut = false;
    t.store.onChange(() => {
      if (cut) return;
      cut = true;
      for (const s of t.app.io.sockets.sockets.values()) if (s.data.jurorId === p.juror.id) s.conn.close();
    });
    const entry = p.outbox.enqueue(team.id, marks(8), 'after the cut', 0);
    const back = p.reconnected();
    expect(await p.outbox.flush()).toBe(false);
    expect(p.outbox.entries()).toMatchObject([{ opId: entry.opId, attempts: 1 }]);
    expect(cut).toBe(true);
    await back;
    expect(await p.outbox.flush()).toBe(true);
    expect(p.saved.map((e) => e.opId)).toEqual([entry.opId]);
    expect(applied(p.juror.id, team.id)).toHaveLength(1);
    expect(t.data().scores[scoreKey(p.juror.id, team.id)]).toMatchObject({ revision: 1, note: 'after the cut', marks: marks(8) });
  });

  it('keeps scores made while offline and sends each once after reconnecting, even from a reloaded page', async () => {
    const storage = new MemoryStorage();
    const p = phone(1, storage);
    await p.reconnected();
    p.socket.disconnect();
    const [a, b] = t.data().event.teams;
    p.outbox.enqueue(a!.id, marks(4), '', 0);
    p.outbox.enqueue(b!.id, marks(5), '', 0);
    expect(await p.outbox.flush()).toBe(false);
    expect(p.outbox.entries()).toHaveLength(2);
    // The page is reloaded: a new socket and a new outbox on the same storage.
    const reloaded = phone(1, storage);
    await reloaded.reconnected();
    expect(await Promise.all([reloaded.outbox.flush(), reloaded.outbox.flush()])).toEqual([true, true]);
    expect(reloaded.saved.map((e) => e.teamId)).toEqual([a!.id, b!.id]);
    expect(applied(p.juror.id, a!.id)).toHaveLength(1);
    expect(applied(p.juror.id, b!.id)).toHaveLength(1);
  });

  it('a retry that arrives after a newer correction does not overwrite it', async () => {
    const p = phone(2);
    await p.reconnected();
    const team = t.data().event.teams[0]!;
    let cut = false;
    t.store.onChange(() => {
      if (cut) return;
      cut = true;
      for (const s of t.app.io.sockets.sockets.values()) if (s.data.jurorId === p.juror.id) s.conn.close();
    });
    const first = p.outbox.enqueue(team.id, marks(2), 'first', 0);
    const back = p.reconnected();
    await p.outbox.flush();
    await back;
    // The juror corrects the score before the first one was confirmed: the
    // correction supersedes it on the phone and goes out with a higher revision.
    p.outbox.enqueue(team.id, marks(9), 'second', 0);
    expect(p.outbox.entries()).toHaveLength(1);
    expect(await p.outbox.flush()).toBe(true);
    // A late copy of the first submission (still in some buffer) is acknowledged and changes nothing.
    const late = await p.socket.timeout(1000).emitWithAck('score:submit', { opId: first.opId, teamId: team.id, revision: first.revision, marks: first.marks, note: first.note });
    expect(late).toMatchObject({ ok: true });
    expect(t.data().scores[scoreKey(p.juror.id, team.id)]).toMatchObject({ revision: 2, note: 'second', marks: marks(9) });
    expect(applied(p.juror.id, team.id)).toHaveLength(2);
  });
});
