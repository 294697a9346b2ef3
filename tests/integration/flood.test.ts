// Limits: events per second per socket (a flooder beside working jurors),
// message size, text lengths, and how many teams, jurors and criteria an event holds.
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS, type PodiumData } from '../../protocol/model.ts';
import type { JurorState, OrganiserState } from '../../protocol/views.ts';
import { createApp, MAX_MESSAGE_BYTES, type AppOptions } from '../../server/app.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { Store } from '../../server/store.ts';
import { connectAs, distDir, emitRaw, socketFor, tempDir, type TestSocket } from '../helpers/app.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(options: Partial<AppOptions> = {}) {
  const store = await Store.open({ dir: tempDir(), seed: () => demoData() });
  const app = createApp({ store, distDir, ...options });
  const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  cleanups.push(() => app.close());
  const organiser = async () => {
    const { socket } = await connectAs<OrganiserState>(url, { token: app.organiserToken() }, 'state:organiser');
    cleanups.push(() => void socket.disconnect());
    return socket;
  };
  const juror = async (i: number) => {
    const { socket } = await connectAs<JurorState>(url, { token: store.data.event.jurors[i]!.token }, 'state:juror');
    cleanups.push(() => void socket.disconnect());
    return socket;
  };
  return { store, app, url, organiser, juror };
}

const marks = (d: Readonly<PodiumData>, mark: number) => Object.fromEntries(d.event.criteria.map((c) => [c.id, mark]));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

describe('events per second per socket', () => {
  it('slows a flooding client, then disconnects it, while jurors beside it keep scoring', async () => {
    const t = await start();
    const d = t.store.data;
    await t.store.mutate((data) => void d.event.teams.forEach((team) => (data.scoring[team.id] = 'open')));
    const jurors = await Promise.all([0, 1, 2].map((i) => t.juror(i)));
    // Each juror scores every team, one after the other, at a person's pace: first in calm, then beside the flood.
    const scoreEveryTeam = async (socket: TestSocket, j: number, revision: number, into: number[]) => {
      for (const [k, team] of d.event.teams.entries()) {
        const sent = performance.now();
        const ack = await emitRaw(socket, 'score:submit', {
          opId: `flood-${j}-${k}-${revision}`,
          teamId: team.id,
          revision,
          marks: marks(d, 1 + ((j + k + revision) % 9)),
          note: '',
        });
        into.push(performance.now() - sent);
        expect(ack).toMatchObject({ ok: true });
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const calm: number[] = [];
    const latencies: number[] = [];
    await Promise.all(jurors.map((socket, j) => scoreEveryTeam(socket, j, 1, calm)));

    // The flooder blasts pings without waiting for answers, and reconnects each time it is cut off.
    const answers = { ok: 0, limited: 0, unanswered: 0, sent: 0, cutOffs: 0, refusedReconnect: '' };
    let scoringDone = false;
    const flood = (async () => {
      while (!scoringDone) {
        const flooder = socketFor(t.url, { view: 'audience' });
        const refused = await new Promise<string | null>((r) => {
          flooder.once('connect', () => r(null));
          flooder.once('connect_error', (e: Error & { data?: { code: string } }) => r(e.data?.code ?? e.message));
        });
        if (refused) {
          answers.refusedReconnect = refused;
          flooder.disconnect();
          break;
        }
        const cutOff = new Promise<string>((r) => flooder.once('disconnect', r));
        const pending = Array.from({ length: 500 }, () => {
          answers.sent++;
          return emitRaw(flooder, 'clock:ping', {}).then(
            (r) => ((r as { ok: boolean }).ok ? answers.ok++ : (r as { error: { code: string } }).error.code === 'rate-limited' && answers.limited++),
            () => answers.unanswered++,
          );
        });
        if ((await cutOff) === 'io server disconnect') answers.cutOffs++;
        await Promise.all(pending);
      }
    })();

    await Promise.all(jurors.map((socket, j) => scoreEveryTeam(socket, j, 2, latencies)));
    scoringDone = true;
    await flood;

    // Each cut-off counts as a failed attempt of the address: after ten it may not reconnect for a while.
    expect(answers.cutOffs).toBe(10);
    expect(answers.refusedReconnect).toBe('rate-limited');
    expect(answers.ok).toBeLessThanOrEqual(answers.cutOffs * (t.app.rateLimiter!.options.burst + 5));
    expect(answers.limited).toBeGreaterThan(0);
    expect(answers.ok + answers.limited + answers.unanswered).toBe(answers.sent);
    expect(Object.keys(t.store.data.scores)).toHaveLength(3 * d.event.teams.length);
    expect(t.app.rateLimiter!.disconnected).toBe(answers.cutOffs);
    for (const s of jurors) expect(s.connected).toBe(true);
    latencies.sort((a, b) => a - b);
    calm.sort((a, b) => a - b);
    console.log(
      `[flood] ${answers.sent} pings from a flooder cut off ${answers.cutOffs} times, then refused reconnection: ${answers.ok} answered, ` +
        `${answers.limited} rate-limited, ${answers.unanswered} unanswered (cut off); ` +
        `${latencies.length} scores by 3 jurors beside it, ack latency (calm p50 ${percentile(calm, 50).toFixed(1)} ms, p95 ${percentile(calm, 95).toFixed(1)} ms) p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms`,
    );
  });

  it('never refuses a person tapping at a person’s pace', async () => {
    const t = await start();
    const org = await t.organiser();
    for (let i = 0; i < t.app.rateLimiter!.options.burst; i++) expect(await emitRaw(org, 'clock:ping', {})).toMatchObject({ ok: true });
  });

  it('counts unknown events too, and answers them', async () => {
    const t = await start({ rateLimit: { burst: 2, perSecond: 0.001, disconnectAfter: 1000 } });
    const s = socketFor(t.url, { view: 'screen' });
    expect(await emitRaw(s, 'no:such-event', {})).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await emitRaw(s, 'clock:ping', {})).toMatchObject({ ok: true });
    expect(await emitRaw(s, 'no:such-event', {})).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    expect(await emitRaw(s, 'clock:ping', {})).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    s.disconnect();
  });
});

describe('message size', () => {
  it('disconnects the socket that sends an oversize message, and only that one', async () => {
    const t = await start();
    const org = await t.organiser();
    const other = await t.organiser();
    const before = JSON.stringify(t.store.data);
    const dropped = new Promise<string>((r) => org.once('disconnect', r));
    org.emit('event:import', { json: 'x'.repeat(MAX_MESSAGE_BYTES + 1000) }, () => undefined);
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

