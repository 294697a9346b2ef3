// Limits on what one message may hold: its size per role (checked before it is
// parsed), text lengths, and how many teams, jurors and criteria an event holds.
import { describe, expect, it } from 'vitest';
import { LIMITS, type PodiumData } from '../../protocol/model.ts';
import { MAX_MESSAGE_BYTES } from '../../server/app.ts';
import { MESSAGE_BYTES_BY_ROLE } from '../../server/socket/message-size.ts';
import { appsClosedAfterEach } from '../helpers/hardened-app.ts';
import { emitRaw, socketFor, type TestSocket } from '../helpers/app.ts';

const { start, cleanups } = appsClosedAfterEach();

/** Emits anything, typed or not, without waiting (hostile messages). */
const emitLoose = (socket: TestSocket, ...args: unknown[]) => (socket as unknown as { emit: (...a: unknown[]) => void }).emit(...args);
const marks = (d: Readonly<PodiumData>, mark: number) => Object.fromEntries(d.event.criteria.map((c) => [c.id, mark]));

describe('message size', () => {
  it('disconnects the socket that sends an oversize message, and only that one', async () => {
    const t = await start();
    const org = await t.organiser();
    const other = await t.organiser();
    const before = JSON.stringify(t.store.data);
    const dropped = new Promise<string>((r) => org.once('disconnect', r));
    org.emit('team:import-csv', { csv: 'x'.repeat(MAX_MESSAGE_BYTES + 1000) }, () => undefined);
    expect(await dropped).toMatch(/transport (close|error)/);
    expect(await emitRaw(other, 'clock:ping', {})).toMatchObject({ ok: true });
    expect(JSON.stringify(t.store.data)).toBe(before);
  });
});

describe('text lengths', () => {
  const long = (n: number) => 'x'.repeat(n + 1);
  const cases: [string, (d: Readonly<PodiumData>) => unknown][] = [
    ['settings:update', () => ({ name: long(LIMITS.shortText) })],
    ['category:save', () => ({ name: long(LIMITS.shortText) })],
    ['criterion:save', () => ({ name: 'ok', question: long(LIMITS.longText), weight: 1, min: 1, max: 10 })],
    ['criterion:save', () => ({ name: long(LIMITS.shortText), question: '', weight: 1, min: 1, max: 10 })],
    ['team:save', () => ({ name: long(LIMITS.shortText), project: '', members: [], categoryId: null })],
    ['team:save', () => ({ name: 'ok', project: long(LIMITS.shortText), members: [], categoryId: null })],
    ['team:save', () => ({ name: 'ok', project: '', members: [long(LIMITS.shortText)], categoryId: null })],
    ['team:save', () => ({ name: 'ok', project: '', members: Array(LIMITS.members + 1).fill('m'), categoryId: null })],
    ['juror:save', () => ({ name: long(LIMITS.shortText) })],
    ['agenda:save', () => ({ kind: 'session', sessionKind: 'other', title: long(LIMITS.shortText), phases: [{ name: 'a', durationMs: 1 }] })],
    ['agenda:save', () => ({ kind: 'session', sessionKind: 'other', title: 'ok', phases: [{ name: long(40), durationMs: 1 }] })],
    ['stage:message', () => ({ text: long(LIMITS.message), flash: false })],
    ['team:import-csv', () => ({ csv: `name\n${'a,'.repeat(500_001)}` })],
    ['category:save', () => ({ name: 'x', id: long(64) })],
  ];
  it('refuses every text past its limit and changes nothing', async () => {
    const t = await start();
    const org = await t.organiser();
    for (const [event, payload] of cases) {
      const before = JSON.stringify(t.store.data);
      const ack = await emitRaw(org, event, payload(t.store.data));
      expect(ack, event).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      expect(JSON.stringify(t.store.data), event).toBe(before);
    }
    const d = t.store.data;
    await t.store.mutate((data) => void (data.scoring[d.event.teams[0]!.id] = 'open'));
    const juror = await t.juror(0);
    const note = await emitRaw(juror, 'score:submit', { opId: 'long-note-op', teamId: d.event.teams[0]!.id, revision: 1, marks: marks(d, 5), note: long(LIMITS.note) });
    expect(note).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/note/) } });
    expect(t.store.data.scores).toEqual({});
  });
});

describe('how many things an event holds', () => {
  it('refuses the team, juror, criterion and category past the limit', async () => {
    const t = await start();
    await t.store.mutate((d) => {
      for (let i = d.event.teams.length; i < LIMITS.teams; i++) d.event.teams.push({ id: `t${i}`, name: `Team ${i}`, project: '', members: [], categoryId: null });
      for (let i = d.event.jurors.length; i < LIMITS.jurors; i++) {
        d.event.jurors.push({ id: `j${i}`, name: `Juror ${i}`, token: `juror-token-${String(i).padStart(12, '0')}`, conflicts: [] });
      }
      for (let i = d.event.criteria.length; i < LIMITS.criteria; i++) d.event.criteria.push({ id: `c${i}`, name: `C${i}`, question: '', weight: 1, min: 1, max: 10 });
      for (let i = d.event.categories.length; i < LIMITS.categories; i++) d.event.categories.push({ id: `k${i}`, name: `Category ${i}` });
    });
    const org = await t.organiser();
    const attempts: [string, unknown][] = [
      ['team:save', { name: 'One too many', project: '', members: [], categoryId: null }],
      ['juror:save', { name: 'One too many' }],
      ['criterion:save', { name: 'One too many', question: '', weight: 1, min: 1, max: 10 }],
      ['category:save', { name: 'One too many' }],
      ['team:import-csv', { csv: 'name\nOne too many\n' }],
    ];
    for (const [event, payload] of attempts) {
      const before = JSON.stringify(t.store.data);
      expect(await emitRaw(org, event, payload), event).toMatchObject({ ok: false, error: { code: 'limit' } });
      expect(JSON.stringify(t.store.data), event).toBe(before);
    }
  });
});

describe('message size per role', () => {
  it('closes the socket that sends more than its role may, before parsing it, and nothing changes', async () => {
    const t = await start();
    await t.store.mutate((d) => void d.event.teams.forEach((team) => (d.scoring[team.id] = 'open')));
    const d = t.store.data;
    const before = JSON.stringify(t.store.data);
    const audience = socketFor(t.url, { view: 'audience' });
    await new Promise<void>((r) => audience.once('connect', () => r()));
    const bystander = socketFor(t.url, { view: 'audience' });
    await new Promise<void>((r) => bystander.once('connect', () => r()));
    cleanups.push(() => void audience.disconnect(), () => void bystander.disconnect());
    // The audience only asks the time: 2 KB is far past what it needs.
    const closed = new Promise<string>((r) => audience.once('disconnect', r));
    emitLoose(audience, 'clock:ping', { padding: 'x'.repeat(2_000) }, () => undefined);
    expect(await closed).toMatch(/transport close|io server disconnect/);
    expect(await emitRaw(bystander, 'clock:ping', {})).toMatchObject({ ok: true });

    const juror = await t.juror(0);
    // A real score with the longest note, all emoji, fits the juror's limit...
    const note = '🎤'.repeat(LIMITS.note / 2);
    const ack = await emitRaw(juror, 'score:submit', { opId: 'emoji-note-op', teamId: d.event.teams[0]!.id, revision: 1, marks: marks(d, 5), note });
    expect(ack).toMatchObject({ ok: true });
    const withScore = JSON.stringify(t.store.data);
    expect(withScore).not.toBe(before);
    // ... 40 KB does not.
    const jurorClosed = new Promise<string>((r) => juror.once('disconnect', r));
    emitLoose(juror, 'score:submit', { opId: 'huge-note-op', teamId: d.event.teams[1]!.id, revision: 1, marks: marks(d, 5), note: 'x'.repeat(40_000) }, () => undefined);
    expect(await jurorClosed).toMatch(/transport close|io server disconnect/);
    expect(JSON.stringify(t.store.data)).toBe(withScore);
    expect(MESSAGE_BYTES_BY_ROLE.public).toBeLessThanOrEqual(1_000);
  });
});
