// A fan-out node's mirror of each room's public state (server/fanout/mirror.ts), its estimate of
// the primary's clock (server/fanout/primary-clock.ts), and the role read from the config.
import { describe, expect, it } from 'vitest';
import { diffState } from '../../protocol/state-patch.ts';
import type { PublicState, TimerAnchor } from '../../protocol/views.ts';
import { readConfig } from '../../server/config.ts';
import { anchorAt, PublicMirror } from '../../server/fanout/mirror.ts';
import { PrimaryClock } from '../../server/fanout/primary-clock.ts';

const state = (rev: number, text: string) => ({ rev, seq: rev, message: { text } }) as unknown as PublicState;
const anchor = (seq: number, endsAt: number | null, serverNow = 1000): TimerAnchor => ({
  status: endsAt === null ? 'paused' : 'running',
  endsAt,
  remainingMs: endsAt === null ? 30_000 : endsAt - serverNow,
  durationMs: 60_000,
  serverNow,
  seq,
  amberMs: 10_000,
  redMs: 5_000,
});
const patch = (from: PublicState, to: PublicState) => ({ base: from.rev!, rev: to.rev!, ops: diffState(from, to) });
const snapshotOf = (rooms: Record<string, PublicState>, main = 'main') => ({
  main,
  rooms: Object.fromEntries(Object.entries(rooms).map(([id, s]) => [id, { state: s, anchor: anchor(s.rev!, null) }])),
});

describe('a fan-out node’s mirror of the rooms', () => {
  it('follows each room’s patches from its snapshot, and marks a room whose patch does not fit', () => {
    const mirror = new PublicMirror();
    expect(mirror.ready).toBe(false);
    const [v1, v2, v3, v4] = [state(1, 'a'), state(2, 'b'), state(3, 'c'), state(4, 'd')];
    mirror.take(snapshotOf({ main: v1, hall: v1 }));
    expect(mirror.ready).toBe(true);
    expect(mirror.receive({ event: 'public:patch', args: [patch(v1, v2)], rooms: ['show:main'], except: [] })).toBe(false);
    expect(mirror.state('main')).toStrictEqual(v2);
    expect(mirror.state('hall')).toStrictEqual(v1);
    // v3 never arrived: v3→v4 does not fit v2.
    expect(mirror.receive({ event: 'public:patch', args: [patch(v3, v4)], rooms: ['show:main'], except: [] })).toBe(true);
    expect(mirror.state('main')).toBeNull();
    // An older version than the one held is not taken over a newer one…
    mirror.take(snapshotOf({ main: v4, hall: v1 }));
    expect(mirror.state('main')).toStrictEqual(v4);
    mirror.receive({ event: 'state:public', args: [v2], rooms: ['show:hall'], except: [] });
    mirror.take(snapshotOf({ main: v4, hall: v1 }));
    expect(mirror.state('hall')).toStrictEqual(v2);
    // …and a room the primary no longer has is dropped.
    mirror.take(snapshotOf({ main: v4 }));
    expect(mirror.hasRoom('hall')).toBe(false);
  });

  it('keeps the main room’s anchor and each other room’s own, the newest by sequence', () => {
    const mirror = new PublicMirror();
    mirror.take(snapshotOf({ main: state(1, 'a'), hall: state(1, 'a') }));
    mirror.receive({ event: 'clock:anchor', args: [anchor(10, 5000)], rooms: [], except: ['show:hall', 'host:hall'] });
    mirror.receive({ event: 'clock:anchor', args: [anchor(11, 9000)], rooms: ['show:hall', 'host:hall'], except: [] });
    mirror.receive({ event: 'clock:anchor', args: [anchor(9, 1)], rooms: [], except: [] });
    expect(mirror.anchor('main')?.endsAt).toBe(5000);
    expect(mirror.anchor('hall')?.endsAt).toBe(9000);
  });

  it('makes a held anchor again at the primary’s time: the same end, the time left as of now', () => {
    expect(anchorAt(anchor(1, 61_000, 1000), 31_000)).toMatchObject({ endsAt: 61_000, remainingMs: 30_000, serverNow: 31_000 });
    expect(anchorAt(anchor(1, null, 1000), 31_000)).toMatchObject({ remainingMs: 30_000, serverNow: 31_000 });
  });
});

describe('a fan-out node’s estimate of the primary’s clock', () => {
  it('trusts the sample with the shortest round trip', () => {
    let mono = 0;
    const clock = new PrimaryClock(() => mono);
    expect(clock.synced).toBe(false);
    // The primary is 5,000 ms ahead of this machine's monotonic clock. A slow sample (an answer that
    // waited 40 ms on its way back) says otherwise; the quick one wins.
    clock.add({ sentAt: 100, receivedAt: 150, primaryNow: 5110 });
    clock.add({ sentAt: 200, receivedAt: 202, primaryNow: 5201 });
    mono = 1000;
    expect(clock.now()).toBe(6000);
    expect(clock.rtt).toBe(2);
  });
});

describe('the start-up role', () => {
  it('is the primary by default, a fan-out node with --fanout or PODIUM_ROLE, which needs Redis', () => {
    expect(readConfig({}, []).role).toBe('primary');
    expect(readConfig({ PODIUM_REDIS_URL: 'redis://r:6379' }, ['--fanout'])).toMatchObject({ role: 'fanout', redisUrl: 'redis://r:6379' });
    expect(readConfig({ PODIUM_ROLE: 'fanout', PODIUM_REDIS_URL: 'redis://r:6379', PODIUM_PRIMARY_URL: 'https://main.example/' }, [])).toMatchObject({ role: 'fanout', primaryUrl: 'https://main.example' });
    expect(() => readConfig({ PODIUM_ROLE: 'fanout' }, [])).toThrow(/PODIUM_REDIS_URL/);
    expect(() => readConfig({ PODIUM_ROLE: 'edge' }, [])).toThrow(/PODIUM_ROLE/);
    expect(() => readConfig({ PODIUM_REDIS_URL: 'localhost:6379' }, [])).toThrow(/redis:\/\//);
  });
});
