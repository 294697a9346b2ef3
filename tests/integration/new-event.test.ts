// "New blank event" and "Start from the demo": the current event is saved to
// the data folder first, then replaced; the organiser stays in, old jurors out.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PodiumData } from '../../protocol/model.ts';
import type { OrganiserState } from '../../protocol/views.ts';
import { readStoredState } from '../../server/store.ts';
import { connectAs, emitRaw, juror, nextEvent, organiser, socketFor, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

const opened: TestApp[] = [];
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const t of opened.splice(0)) await t.close();
});
const backups = (t: TestApp) => readdirSync(t.dir).filter((f) => /^podium\.backup-.*\.json$/.test(f));

/** The demo with a score in, so the backup has something that would otherwise be lost. */
async function withAScore() {
  const t = await startApp();
  opened.push(t);
  const org = await organiser(t);
  const jur = await juror(t, 0);
  sockets.push(org.socket, jur.socket);
  const team = t.data().event.teams[0]!;
  expect(await emitRaw(org.socket, 'scoring:open', { teamId: team.id })).toMatchObject({ ok: true });
  const marks = Object.fromEntries(t.data().event.criteria.map((c) => [c.id, 7]));
  expect(await emitRaw(jur.socket, 'score:submit', { opId: 'op-new-event-1', teamId: team.id, revision: 1, marks, note: 'Ça va' })).toMatchObject({ ok: true });
  return { t, org, jur };
}

describe('a new event', () => {
  it('blank: backs the current event up into the data folder, then starts empty with the same organiser link', async () => {
    const { t, org, jur } = await withAScore();
    const before = JSON.parse(JSON.stringify(t.data())) as PodiumData;
    const jurorDropped = new Promise<string>((r) => jur.socket.once('disconnect', r));
    const blank = nextEvent<OrganiserState>(org.socket, 'state:organiser', (s) => s.data.event.teams.length === 0);

    const ack = (await emitRaw(org.socket, 'event:new', { from: 'blank' })) as { ok: boolean; data: { backup: string } };
    expect(ack.ok).toBe(true);

    // The backup: in the data folder, named with the time, and it holds everything that was replaced.
    expect(ack.data.backup.startsWith(t.dir)).toBe(true);
    expect(backups(t)).toEqual([ack.data.backup.slice(t.dir.length + 1)]);
    expect(ack.data.backup).toMatch(/podium\.backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z\.json$/);
    const saved = JSON.parse(readFileSync(ack.data.backup, 'utf8')) as PodiumData;
    expect(saved.event).toEqual(before.event);
    expect(saved.scores).toEqual(before.scores);
    expect(Object.keys(saved.scores)).toHaveLength(1);
    const { backedUpAt, ...restorable } = saved as PodiumData & { backedUpAt: number };
    expect(backedUpAt).toBeTypeOf('number');
    expect(PodiumData.safeParse(restorable).success).toBe(true);

    // The new state: blank, nothing counted, the show at its start.
    const state = await blank;
    expect(state.data.event.criteria).toEqual([]);
    expect(state.data.event.jurors).toEqual([]);
    expect(state.data.event.agenda).toEqual([]);
    expect(state.data.event.categories).toEqual([]);
    expect(t.data().scores).toEqual({});
    expect(t.data().live.itemIndex).toBe(-1);

    // The organiser's link still works, on the open socket and on a new one.
    expect(org.socket.connected).toBe(true);
    expect(t.data().organiserToken).toBe(before.organiserToken);
    const again = await organiser(t);
    sockets.push(again.socket);
    expect(again.first.data.event.settings.name).toBe('New event');

    // Old juror links stop working at once.
    expect(await jurorDropped).toBe('io server disconnect');
    await expect(connectAs(t.url, { token: before.event.jurors[0]!.token }, 'state:juror')).rejects.toThrow(/not valid/);

    // Said in the audit log, with where the backup is.
    const entry = t.data().audit.at(-1)!;
    expect(entry).toMatchObject({ actor: 'organiser', action: 'event:new' });
    expect(entry.detail).toContain(ack.data.backup);

    // What is on disk is the blank event too (what a restart would open).
    const onDisk = await readStoredState(t.dir);
    expect(onDisk.event.teams).toEqual([]);
    expect(onDisk.organiserToken).toBe(before.organiserToken);
  });

  it('from the demo: the demo event with new juror links; a second new event gets a second backup', async () => {
    const { t, org } = await withAScore();
    const oldTokens = t.data().event.jurors.map((j) => j.token);
    const first = (await emitRaw(org.socket, 'event:new', { from: 'demo' })) as { ok: boolean; data: { backup: string } };
    expect(first.ok).toBe(true);
    expect(t.data().event.teams.map((x) => x.name)).toContain('ecopals');
    expect(t.data().event.jurors).toHaveLength(4);
    expect(t.data().event.jurors.filter((j) => oldTokens.includes(j.token))).toEqual([]);
    expect(t.data().scores).toEqual({});
    const fresh = await juror(t, 0);
    sockets.push(fresh.socket);
    expect(fresh.first.juror.name).toBe('Dr. Ana Lima');

    const demoTokens = t.data().event.jurors.map((j) => j.token);
    const second = (await emitRaw(org.socket, 'event:new', { from: 'blank' })) as { ok: boolean; data: { backup: string } };
    expect(second.ok).toBe(true);
    expect(second.data.backup).not.toBe(first.data.backup);
    expect(backups(t)).toHaveLength(2);
    const demoBackup = JSON.parse(readFileSync(second.data.backup, 'utf8')) as PodiumData;
    expect(demoBackup.event.jurors.map((j) => j.token)).toEqual(demoTokens);
    expect(demoBackup.scores).toEqual({});
  });

  it('refuses a bad payload and anyone but the organiser, with no backup and no change', async () => {
    const { t, org, jur } = await withAScore();
    const before = JSON.stringify(t.data());
    expect(await emitRaw(org.socket, 'event:new', { from: 'empty' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await emitRaw(org.socket, 'event:new', {})).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await emitRaw(org.socket, 'event:new', { from: 'blank', keep: true })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await emitRaw(jur.socket, 'event:new', { from: 'blank' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const screen = socketFor(t.url, { view: 'screen' });
    sockets.push(screen);
    await new Promise<void>((r) => screen.once('connect', () => r()));
    expect(await emitRaw(screen, 'event:new', { from: 'demo' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(JSON.stringify(t.data())).toBe(before);
    expect(backups(t)).toEqual([]);
  });
});
