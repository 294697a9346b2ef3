import { afterEach, describe, expect, it } from 'vitest';
import type { TimerAnchor } from '../../protocol/views.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, juror, nextEvent, organiser, screen, startApp, tempDir, type TestApp, type TestSocket } from '../helpers/app.ts';

const MIN = 60_000;
const opened: TestApp[] = [];
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const t of opened.splice(0)) await t.close();
});

async function start(options: Parameters<typeof startApp>[0] = {}): Promise<TestApp> {
  const t = await startApp(options);
  opened.push(t);
  return t;
}
const keep = <T extends { socket: TestSocket }>(c: T): T => (sockets.push(c.socket), c);

/** A clock the test moves by hand, so restart maths is exact. */
function handClock(at: number) {
  const clock = { at, now: () => clock.at };
  return clock;
}

const LIVE_COMMANDS: [string, unknown][] = [
  ['timer:start', {}],
  ['timer:pause', {}],
  ['timer:toggle', {}],
  ['timer:adjust', { deltaMs: 30_000 }],
  ['timer:restart-phase', {}],
  ['agenda:next', {}],
  ['agenda:previous', {}],
  ['agenda:jump', { itemId: 'anything' }],
  ['stage:message', { text: 'Wrap up', flash: true }],
  ['stage:clear', {}],
];

describe('who may drive the show', () => {
  it('refuses every live command from jurors and public screens, and changes nothing', async () => {
    const t = await start();
    const org = keep(await organiser(t));
    expect(await emitRaw(org.socket, 'timer:start', {})).toMatchObject({ ok: true });
    expect(await emitRaw(org.socket, 'stage:message', { text: 'Keep going', flash: false })).toMatchObject({ ok: true });
    const before = JSON.stringify(t.data());
    const others = [keep(await juror(t, 0)).socket, keep(await screen(t, 'screen')).socket, keep(await screen(t, 'stage')).socket, keep(await screen(t, 'audience')).socket];
    for (const socket of others) {
      for (const [event, payload] of LIVE_COMMANDS) {
        const ack = await emitRaw(socket, event, payload);
        expect(ack, `${event}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    expect(JSON.stringify(t.data())).toBe(before);
  });

  it('the organiser drives it: start, add time, message, next', async () => {
    const t = await start();
    const org = keep(await organiser(t));
    const scr = keep(await screen(t));
    const running = nextEvent<TimerAnchor>(scr.socket, 'clock:anchor', (a) => a.status === 'running');
    expect(await emitRaw(org.socket, 'timer:toggle', {})).toMatchObject({ ok: true });
    const anchor = await running;
    expect(anchor.endsAt! - anchor.serverNow).toBe(anchor.remainingMs);
    const longer = nextEvent<TimerAnchor>(scr.socket, 'clock:anchor', (a) => a.endsAt === anchor.endsAt! + MIN);
    expect(await emitRaw(org.socket, 'timer:adjust', { deltaMs: MIN })).toMatchObject({ ok: true });
    await longer;
    const message = nextEvent<{ message: { text: string; flash: boolean } | null }>(scr.socket, 'state:public', (s) => s.message !== null);
    expect(await emitRaw(org.socket, 'stage:message', { text: '1 minute', flash: true })).toMatchObject({ ok: true });
    expect((await message).message).toMatchObject({ text: '1 minute', flash: true });
    const moved = nextEvent<{ now: { itemIndex: number } }>(scr.socket, 'state:public', (s) => s.now.itemIndex === 1);
    expect(await emitRaw(org.socket, 'agenda:next', {})).toMatchObject({ ok: true });
    await moved;
    expect(await emitRaw(org.socket, 'agenda:jump', { itemId: 'no-such-item' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('one clock for every screen', () => {
  it('two screens get the same anchors, on a change and on the heartbeat', async () => {
    const t = await start({ heartbeatMs: 150 });
    const org = keep(await organiser(t));
    const a = keep(await screen(t));
    const b = keep(await screen(t, 'stage'));
    const heard: Record<'a' | 'b', TimerAnchor[]> = { a: [], b: [] };
    a.socket.on('clock:anchor', (x) => heard.a.push(x));
    b.socket.on('clock:anchor', (x) => heard.b.push(x));
    const runningB = nextEvent<TimerAnchor>(b.socket, 'clock:anchor', (x) => x.status === 'running');
    await emitRaw(org.socket, 'timer:start', {});
    const started = await runningB;
    // Three heartbeats after the start on both screens.
    await nextEvent<TimerAnchor>(a.socket, 'clock:anchor', (x) => x.seq >= started.seq + 3);
    await nextEvent<TimerAnchor>(b.socket, 'clock:anchor', (x) => x.seq >= started.seq + 3);
    const bySeq = (xs: TimerAnchor[]) => new Map(xs.filter((x) => x.seq >= started.seq).map((x) => [x.seq, x]));
    const onA = bySeq(heard.a);
    const onB = bySeq(heard.b);
    expect([...onA.keys()].slice(0, 4)).toEqual([...onB.keys()].slice(0, 4));
    expect(onA.size).toBeGreaterThanOrEqual(4);
    for (const [seq, anchor] of onA) {
      if (!onB.has(seq)) continue;
      expect(onB.get(seq)).toEqual(anchor);
      expect(anchor).toMatchObject({ status: 'running', endsAt: started.endsAt });
      expect(anchor.endsAt! - anchor.serverNow).toBe(anchor.remainingMs);
    }
  });
});

describe('a restart of the server on the same data', () => {
  it('resumes a running clock from its stored anchor', async () => {
    const dir = tempDir();
    const clock = handClock(Date.UTC(2026, 5, 1, 14, 0));
    const first = await start({ dir, clock });
    const org = keep(await organiser(first));
    await emitRaw(org.socket, 'agenda:next', {});
    await emitRaw(org.socket, 'agenda:next', {});
    expect(await emitRaw(org.socket, 'timer:start', {})).toMatchObject({ ok: true });
    const endsAt = first.data().live.timer.endsAt!;
    expect(endsAt).toBe(clock.at + 5 * MIN);
    org.socket.disconnect();
    await first.close();
    opened.splice(0);

    clock.at += 90_000;
    // A quick heartbeat, so the screen hears the clock soon after its snapshot.
    const second = await start({ dir, clock, heartbeatMs: 100 });
    const scr = keep(await screen(second));
    expect(scr.first.now.itemIndex).toBe(1);
    expect(scr.first.now.phaseName).toBe('Pitch');
    const heard = await nextEvent<TimerAnchor>(scr.socket, 'clock:anchor');
    expect(heard).toMatchObject({ status: 'running', endsAt, remainingMs: 5 * MIN - 90_000 });
  });

  it('a paused clock stays paused with the same time left', async () => {
    const dir = tempDir();
    const clock = handClock(Date.UTC(2026, 5, 1, 14, 0));
    const first = await start({ dir, clock, seed: () => demoData() });
    const org = keep(await organiser(first));
    await emitRaw(org.socket, 'timer:start', {});
    clock.at += 61_234;
    await emitRaw(org.socket, 'timer:pause', {});
    org.socket.disconnect();
    await first.close();
    opened.splice(0);

    clock.at += 10 * MIN;
    const second = await start({ dir, clock });
    const again = keep(await organiser(second));
    expect(again.first.data.live.timer).toMatchObject({ status: 'paused', remainingMs: 15 * MIN - 61_234 });
    const resumed = nextEvent<TimerAnchor>(again.socket, 'clock:anchor', (a) => a.status === 'running');
    await emitRaw(again.socket, 'timer:start', {});
    expect(await resumed).toMatchObject({ endsAt: clock.at + 15 * MIN - 61_234 });
  });
});
