// Limits: events per second per socket (a flooder beside working jurors),
// message size, text lengths, and how many teams, jurors and criteria an event holds.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
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

const ROOT = resolve(import.meta.dirname, '../..');

interface FloodCounts {
  sent: number;
  ok: number;
  limited: number;
  cutOffs: number;
  refusedConnections: number;
  refusedCode: string;
}

/** The flooding client, run with `node -e` in the repository (for socket.io-client). */
const FLOODER = `
import { io } from 'socket.io-client';
const url = process.env.FLOOD_URL, burst = Number(process.env.FLOOD_BURST);
const c = { sent: 0, ok: 0, limited: 0, cutOffs: 0, refusedConnections: 0, refusedCode: '' };
let stop = false;
process.stdin.on('end', () => (stop = true));
process.stdin.resume();
const round = () => new Promise((resolve) => {
  const s = io(url, { auth: { view: 'audience' }, transports: ['websocket'], forceNew: true, reconnection: false });
  s.once('connect', () => {
    for (let i = 0; i < burst; i++) {
      c.sent++;
      s.emit('clock:ping', {}, (r) => (r.ok ? c.ok++ : r.error.code === 'rate-limited' && c.limited++));
    }
  });
  s.once('disconnect', (reason) => (reason === 'io server disconnect' && c.cutOffs++, resolve()));
  s.once('connect_error', (e) => {
    c.refusedConnections++;
    c.refusedCode = e.data?.code ?? e.message;
    s.close();
    setTimeout(resolve, 5);
  });
});
process.stdout.write('flooding\\n');
while (!(stop && c.refusedConnections > 0)) await round();
process.stdout.write(JSON.stringify(c) + '\\n');
process.exit(0);
`;

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
        // A long timeout: latency is measured and reported, not judged here.
        const ack = await socket.timeout(10_000).emitWithAck('score:submit', {
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

    // The flooder is another process, as it would be another machine: it blasts pings
    // without waiting, reconnects each time it is cut off, and keeps trying when refused.
    const flooder = spawn(process.execPath, ['--input-type=module', '-e', FLOODER], {
      cwd: ROOT,
      env: { ...process.env, FLOOD_URL: t.url, FLOOD_BURST: '500' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    flooder.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<void>((r) => flooder.once('exit', () => r()));
    await new Promise<void>((r) => flooder.stdout!.on('data', () => out.includes('flooding') && r()));
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all(jurors.map((socket, j) => scoreEveryTeam(socket, j, 2, latencies)));
    // It stops once told to and once it has met the refusal of its address.
    flooder.stdin!.end();
    await exited;
    const answers = JSON.parse(out.trim().split('\n').pop()!) as FloodCounts;

    // Each cut-off counts as a failed attempt of the address: after ten it may not reconnect for a while.
    expect(answers.cutOffs).toBe(10);
    expect(answers.refusedCode).toBe('rate-limited');
    expect(answers.refusedConnections).toBeGreaterThan(0);
    expect(answers.ok).toBeLessThanOrEqual(answers.cutOffs * (t.app.rateLimiter!.options.burst + 5));
    expect(answers.limited).toBeGreaterThan(0);
    expect(t.app.rateLimiter!.disconnected).toBe(answers.cutOffs);
    expect(Object.keys(t.store.data.scores)).toHaveLength(3 * d.event.teams.length);
    for (const s of jurors) expect(s.connected).toBe(true);
    latencies.sort((a, b) => a - b);
    calm.sort((a, b) => a - b);
    console.log(
      `[flood] ${answers.sent} pings from a flooder process cut off ${answers.cutOffs} times, then refused ${answers.refusedConnections} reconnections: ` +
        `${answers.ok} answered, ${answers.limited} rate-limited, ${answers.sent - answers.ok - answers.limited} unanswered (cut off); ` +
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

