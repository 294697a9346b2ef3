// Events per second per person: a leaked juror link on twenty sockets beside ten
// honest jurors, a flood without acks, one bucket per token and the end of a
// cut-off, a token-less flooder. Message sizes and counts: message-limits.test.ts.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import type { JurorState } from '../../protocol/views.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { newToken } from '../../server/domain/ids.ts';
import { OPS_KEPT_PER_SCORE } from '../../server/domain/scoring.ts';
import { MAX_PAGES_PER_JUROR, PAUSED_ANSWER_MS } from '../../server/auth/socket.ts';
import { appsClosedAfterEach } from '../helpers/hardened-app.ts';
import { connectAs, emitRaw, socketFor, type TestSocket } from '../helpers/app.ts';

const { start, cleanups } = appsClosedAfterEach();

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
while (!stop) await round();
process.stdout.write(JSON.stringify(c) + '\\n');
process.exit(0);
`;

/** Emits anything, typed or not, without waiting (hostile and ackless messages). */
const emitLoose = (socket: TestSocket, ...args: unknown[]) => (socket as unknown as { emit: (...a: unknown[]) => void }).emit(...args);
const marks = (d: Readonly<PodiumData>, mark: number) => Object.fromEntries(d.event.criteria.map((c) => [c.id, mark]));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

describe('events per second per token-less socket', () => {
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
    // The flood has reached the server (it cut a socket off once) before the jurors score beside it.
    await waitFor(() => t.app.rateLimiter!.disconnected > 0, 'the flooder to be cut off once');
    await Promise.all(jurors.map((socket, j) => scoreEveryTeam(socket, j, 2, latencies)));
    flooder.stdin!.end();
    await exited;
    const answers = JSON.parse(out.trim().split('\n').pop()!) as FloodCounts;

    // A page without a token is cut off socket by socket; its address is never refused, since
    // behind a venue NAT that address is the whole room's.
    expect(answers.cutOffs).toBeGreaterThan(0);
    expect(answers.refusedConnections).toBe(0);
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

/** One leaked juror link on twenty sockets, half its scores sent without an ack, reconnecting whenever it is cut off. */
const JUROR_FLOODER = `
import { io } from 'socket.io-client';
const url = process.env.FLOOD_URL, token = process.env.FLOOD_TOKEN;
const teams = JSON.parse(process.env.FLOOD_TEAMS), marks = JSON.parse(process.env.FLOOD_MARKS);
const c = { sent: 0, ok: 0, limited: 0, other: 0, cutOffs: 0, refusedConnections: 0, refusedCode: '', refusedMessage: '' };
let stop = false, n = 0;
process.stdin.on('end', () => (stop = true));
process.stdin.resume();
const socketLoop = async () => {
  while (!stop) {
    await new Promise((resolve) => {
      const s = io(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
      let timer;
      s.once('connect', () => {
        const blast = () => {
          if (stop || !s.connected) return;
          for (let i = 0; i < 20; i++) {
            c.sent++;
            n++;
            const payload = { opId: 'flood-' + process.pid + '-' + n, teamId: teams[n % teams.length], revision: 1000 + n, marks, note: 'flood' };
            if (n % 2) s.emit('score:submit', payload);
            else s.emit('score:submit', payload, (r) => (r.ok ? c.ok++ : r.error.code === 'rate-limited' ? c.limited++ : c.other++));
          }
          timer = setTimeout(blast, 1);
        };
        blast();
      });
      s.once('disconnect', (reason) => (clearTimeout(timer), reason === 'io server disconnect' && c.cutOffs++, resolve()));
      s.once('connect_error', (e) => {
        c.refusedConnections++;
        c.refusedCode = e.data?.code ?? e.message;
        c.refusedMessage = e.message;
        s.close();
        setTimeout(resolve, 20);
      });
    });
  }
};
process.stdout.write('flooding\\n');
await Promise.all(Array.from({ length: 20 }, socketLoop));
process.stdout.write(JSON.stringify(c) + '\\n');
process.exit(0);
`;

interface JurorFloodCounts {
  sent: number;
  ok: number;
  limited: number;
  other: number;
  cutOffs: number;
  refusedConnections: number;
  refusedCode: string;
  refusedMessage: string;
}

/** The demo event with eleven jurors: one whose link leaked, ten honest ones. */
function elevenJurors(): PodiumData {
  const d = demoData();
  for (let i = d.event.jurors.length; i < 11; i++) d.event.jurors.push({ id: `juror-${i}`, name: `Juror ${i} Ça ß 🎤`, token: newToken(), conflicts: [] });
  for (const team of d.event.teams) d.scoring[team.id] = 'open';
  return d;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('limits per person, not per socket', () => {
  it('cuts off one juror link flooding on 20 sockets, applies nothing of it after the cut-off, while 10 honest jurors score', { timeout: 60_000 }, async () => {
    const { store, url, app } = await start({ seed: elevenJurors });
    const d = store.data;
    const leaked = d.event.jurors[0]!;
    const honest = await Promise.all(
      d.event.jurors.slice(1).map(async (j) => {
        const { socket } = await connectAs<JurorState>(url, { token: j.token }, 'state:juror');
        cleanups.push(() => void socket.disconnect());
        return socket;
      }),
    );
    expect(honest).toHaveLength(10);
    const sentPayloadBytes = { total: 0 };
    const round = async (revision: number, into: number[]) =>
      Promise.all(
        honest.map(async (socket, j) => {
          for (const [k, team] of d.event.teams.entries()) {
            const payload = { opId: `honest-${j}-${k}-${revision}`, teamId: team.id, revision, marks: marks(d, 1 + ((j + k + revision) % 9)), note: 'Très bien 👍' };
            if (revision > 1) sentPayloadBytes.total += Buffer.byteLength(JSON.stringify(payload));
            const sent = performance.now();
            // Latency is reported, not judged: bench/flood.ts measures it.
            const ack = await socket.timeout(15_000).emitWithAck('score:submit', payload);
            into.push(performance.now() - sent);
            expect(ack, `juror ${j + 1}, ${team.name}, revision ${revision}`).toMatchObject({ ok: true, data: { revision } });
            await new Promise((r) => setTimeout(r, 10));
          }
        }),
      );
    const calm: number[] = [];
    await round(1, calm);
    // podium.json compacted from the change log: what the event costs on disk once folded.
    const file = join(store.file);
    await store.compact();
    const sizeAtCalm = statSync(file).size;

    // Every change the leaked link gets applied, and whether the cut-off had happened by then.
    let auditSeen = store.data.audit.length;
    let appliedBeforeCutOff = 0;
    let appliedAfterCutOff = 0;
    store.onChange((data) => {
      const fresh = data.audit.slice(auditSeen).filter((e) => e.actor === `juror:${leaked.id}`).length;
      auditSeen = data.audit.length;
      if (app.rateLimiter!.disconnected === 0) appliedBeforeCutOff += fresh;
      else appliedAfterCutOff += fresh;
    });

    const flooder = spawn(process.execPath, ['--input-type=module', '-e', JUROR_FLOODER], {
      cwd: ROOT,
      env: {
        ...process.env,
        FLOOD_URL: url,
        FLOOD_TOKEN: leaked.token,
        FLOOD_TEAMS: JSON.stringify(d.event.teams.map((t) => t.id)),
        FLOOD_MARKS: JSON.stringify(marks(d, 5)),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    flooder.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<void>((r) => flooder.once('exit', () => r()));
    cleanups.push(() => void (flooder.exitCode === null && flooder.kill('SIGKILL')));
    await new Promise<void>((r) => flooder.stdout!.on('data', () => out.includes('flooding') && r()));
    const floodStarted = performance.now();
    const during: number[] = [];
    await round(2, during);
    await waitFor(() => app.rateLimiter!.disconnected > 0, 'the leaked link to be cut off');
    // After the cut-off, while it keeps knocking: the honest jurors go on.
    const after: number[] = [];
    await round(3, after);
    flooder.stdin!.end();
    await exited;
    const floodMs = performance.now() - floodStarted;
    const answers = JSON.parse(out.trim().split('\n').pop()!) as JurorFloodCounts;

    // A cut-off link reconnecting the moment it is refused costs a handshake per socket per
    // PAUSED_ANSWER_MS, not hundreds a second (answered at once, it was 400 a second).
    expect(answers.refusedConnections).toBeLessThanOrEqual(20 * (Math.ceil(floodMs / PAUSED_ANSWER_MS) + 1));
    // The token is refused as a whole, with a message a person can read, on every socket.
    expect(answers.refusedConnections).toBeGreaterThan(0);
    expect(answers.refusedCode).toBe('rate-limited');
    expect(answers.refusedMessage).toMatch(/paused for \d+ s.*ask the organiser for a new link/);
    expect(answers.cutOffs).toBeGreaterThan(0);
    expect(answers.limited).toBeGreaterThan(0);
    expect([...app.io.sockets.sockets.values()].filter((s) => s.data.jurorId === leaked.id)).toHaveLength(0);
    // Nothing it sent after the cut-off was applied, in flight or queued included.
    expect(appliedAfterCutOff).toBe(0);
    // The twenty sockets shared one bucket: at most one burst and its refill got through.
    expect(appliedBeforeCutOff).toBeLessThanOrEqual(app.rateLimiter!.options.burst + 40);
    // The honest jurors were all acknowledged (asserted per ack above) and their last scores stand.
    for (const [j, juror] of d.event.jurors.slice(1).entries()) {
      for (const [k, team] of d.event.teams.entries()) {
        expect(store.data.scores[scoreKey(juror.id, team.id)], `juror ${j + 1}, ${team.name}`).toMatchObject({ revision: 3, marks: marks(d, 1 + ((j + k + 3) % 9)) });
      }
    }
    for (const s of honest) expect(s.connected).toBe(true);
    // The file grows with the event, not the traffic.
    const scores = Object.keys(store.data.scores).length;
    expect(scores).toBeLessThanOrEqual(11 * d.event.teams.length);
    expect(Object.keys(store.data.appliedOps).length).toBeLessThanOrEqual(OPS_KEPT_PER_SCORE * scores);
    await store.compact();
    expect(statSync(file).size - sizeAtCalm).toBeLessThanOrEqual(sentPayloadBytes.total);

    const p = (xs: number[], q: number) => percentile([...xs].sort((a, b) => a - b), q).toFixed(1);
    console.log(
      `[flood/juror] one link on 20 sockets sent ${answers.sent} scores (half without an ack): ${appliedBeforeCutOff} applied before its cut-off, ` +
        `${appliedAfterCutOff} after; ${answers.limited} rate-limited, ${answers.cutOffs} sockets cut off, ${answers.refusedConnections} reconnections refused. ` +
        `10 honest jurors, ack p50/p99 ms: calm ${p(calm, 50)}/${p(calm, 99)}, during ${p(during, 50)}/${p(during, 99)}, after ${p(after, 50)}/${p(after, 99)}; ` +
        `podium.json grew ${statSync(file).size - sizeAtCalm} bytes`,
    );
  });

  it('charges and cuts off a flood of known events sent without an ack callback', async () => {
    const t = await start();
    await t.store.mutate((d) => void d.event.teams.forEach((team) => (d.scoring[team.id] = 'open')));
    const socket = await t.juror(0);
    const d = t.store.data;
    const dropped = new Promise<string>((r) => socket.once('disconnect', r));
    for (let i = 0; i < 500; i++) {
      emitLoose(socket, 'score:submit', { opId: `no-ack-${i}-0000`, teamId: d.event.teams[i % d.event.teams.length]!.id, revision: i + 1, marks: marks(d, 5), note: '' });
    }
    expect(await dropped).toBe('io server disconnect');
    expect(t.app.rateLimiter!.disconnected).toBe(1);
    // Nothing is done without an ack, and the link now waits out its cut-off.
    expect(t.store.data.scores).toEqual({});
    const again = socketFor(t.url, { token: d.event.jurors[0]!.token });
    const knocked = performance.now();
    const refused = await new Promise<Error & { data?: { code?: string } }>((r) => again.once('connect_error', r));
    // Answered, but late: a reconnection loop waiting for the answer knocks once per PAUSED_ANSWER_MS.
    expect(performance.now() - knocked).toBeGreaterThanOrEqual(PAUSED_ANSWER_MS - 50);
    expect(refused.data?.code).toBe('rate-limited');
    expect(refused.message).toMatch(/paused/);
    again.disconnect();
    // Another juror is not affected.
    const other = await t.juror(1);
    expect(await emitRaw(other, 'clock:ping', {})).toMatchObject({ ok: true });
  });

  it('shares one bucket between the sockets of one token, and lets the token back in once its time is served', async () => {
    let skew = 0;
    const t = await start({ clock: { now: () => Date.now() + skew }, rateLimit: { burst: 10, perSecond: 0.001, disconnectAfter: 5, cutOffMs: 60_000 } });
    const sockets = await Promise.all(Array.from({ length: 5 }, () => t.juror(0)));
    const acks = await Promise.all(sockets.flatMap((s) => [0, 1, 2].map(() => emitRaw(s, 'clock:ping', {}))));
    // Fifteen pings on five fresh sockets: a bucket per socket would have answered them all.
    expect(acks.filter((a) => (a as { ok: boolean }).ok)).toHaveLength(10);
    expect(acks.filter((a) => (a as { error?: { code: string } }).error?.code === 'rate-limited')).toHaveLength(5);
    await waitFor(() => sockets.every((s) => !s.connected), 'every socket of the token to be cut off');
    const refused = socketFor(t.url, { token: t.store.data.event.jurors[0]!.token });
    expect(await new Promise<string>((r) => refused.once('connect_error', (e) => r(e.message)))).toMatch(/paused for 60 s/);
    refused.disconnect();
    skew += 61_000;
    const back = await t.juror(0);
    expect(await emitRaw(back, 'clock:ping', {})).toMatchObject({ ok: true });
  });
  it('opens one juror link on at most five pages: a sixth is told why, and gets in once one closes', async () => {
    const t = await start();
    const pages = await Promise.all(Array.from({ length: MAX_PAGES_PER_JUROR }, () => t.juror(0)));
    expect(pages.every((p) => p.connected)).toBe(true);
    const sixth = socketFor(t.url, { token: t.store.data.event.jurors[0]!.token });
    cleanups.push(() => void sixth.disconnect());
    const refusal = await new Promise<Error & { data?: { code?: string; key?: string; params?: Record<string, unknown> } }>((r) => sixth.once('connect_error', r));
    // Said in the page's language from its key (the page's paused banner), the English message beside it.
    expect(refusal.data).toMatchObject({ code: 'rate-limited', key: 'error_too_many_pages', params: { max: MAX_PAGES_PER_JUROR } });
    expect(refusal.message).toMatch(/already open on 5 pages/);
    // Another juror's link is not counted with it.
    const other = await t.juror(1);
    expect(other.connected).toBe(true);
    // One page closes: the next try gets in, with the juror's state.
    pages[0]!.disconnect();
    await waitFor(() => t.app.io.sockets.sockets.size === MAX_PAGES_PER_JUROR, 'the closed page to be gone');
    const back = await t.juror(0);
    expect(back.connected).toBe(true);
    expect([...t.app.io.sockets.sockets.values()].filter((s) => s.data.jurorId === t.store.data.event.jurors[0]!.id)).toHaveLength(MAX_PAGES_PER_JUROR);
  });
});
