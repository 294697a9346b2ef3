// The room (audience, screens, stage, overlay) gets the public state whole once, on connect,
// and then only what changed, with a version number (protocol/state-patch.ts); a page that
// missed a version asks for the whole state again. What the pages rebuild from the patches
// must be exactly what a page joining now is sent.
import { afterEach, describe, expect, it } from 'vitest';
import type { StatePatch } from '../../protocol/state-patch.ts';
import type { PublicState } from '../../protocol/views.ts';
import { connectAs, emitRaw, nextEvent, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { SIZED_ORGANISER_TOKEN, sizedData, sizedJurorToken } from '../helpers/sized-event.ts';

const opened: TestApp[] = [];
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const t of opened.splice(0)) await t.close();
});

async function liveShow(): Promise<TestApp> {
  const t = await startApp({
    seed: () => {
      const data = sizedData(20, 3, { scored: true });
      data.visibility.mode = 'live';
      return data;
    },
  });
  opened.push(t);
  return t;
}

async function open<S extends PublicState>(t: TestApp, auth: { token?: string; view?: string }, event: 'state:public' | 'state:juror' | 'state:organiser') {
  const c = await connectAs<S>(t.url, auth, event);
  sockets.push(c.socket);
  return c;
}

describe('the room’s public state as versions', () => {
  it('a score sends the room a patch from the version it holds, far smaller than the state, that rebuilds what a page joining now is sent', async () => {
    const t = await liveShow();
    const screen = await open<PublicState>(t, { view: 'screen' }, 'state:public');
    expect(screen.first.rev).toBeGreaterThan(0);
    const patches: StatePatch[] = [];
    screen.socket.on('public:patch', (p: StatePatch) => patches.push(p));
    const wholeStates: PublicState[] = [];
    screen.socket.onAny((event: string, state: PublicState) => void (event === 'state:public' && wholeStates.push(state)));
    const juror = await open(t, { token: sizedJurorToken(0) }, 'state:juror');
    const last = screen.first.leaderboard!.overall.at(-1)!;
    const marks = Object.fromEntries(t.data().event.criteria.map((c) => [c.id, c.max]));
    const moved = nextEvent<PublicState>(screen.socket, 'state:public', (s) => s.leaderboard!.overall[0]!.teamId === last.teamId);
    // The last team's marks go to the top for two jurors of three: it moves up the board.
    for (const j of [0, 1]) {
      const socket = j === 0 ? juror.socket : (await open(t, { token: sizedJurorToken(j) }, 'state:juror')).socket;
      const ack = await emitRaw(socket, 'score:submit', { opId: `patch-${j}-abcdefgh`, teamId: last.teamId, revision: 2, marks, note: '' });
      expect(ack).toMatchObject({ ok: true });
    }
    const rebuilt = await moved;
    expect(wholeStates).toHaveLength(0);
    expect(patches.length).toBeGreaterThan(0);
    expect(patches[0]!.base).toBe(screen.first.rev);
    for (let i = 1; i < patches.length; i++) expect(patches[i]!.base).toBe(patches[i - 1]!.rev);
    const whole = JSON.stringify(rebuilt).length;
    for (const p of patches) expect(JSON.stringify(p).length).toBeLessThan(whole / 3);
    // A page joining now is sent the version the room holds (or a fresher one, patched to the room): the same, to the byte.
    let held = rebuilt;
    screen.socket.on('state:public', (s: PublicState) => (held = s));
    const late = await open<PublicState>(t, { view: 'audience' }, 'state:public');
    await expect.poll(() => held.rev).toBe(late.first.rev);
    expect(late.first).toStrictEqual(held);
  });

  it('a page that missed a version asks for the whole state and gets the one the room holds', async () => {
    const t = await liveShow();
    const audience = await open<PublicState>(t, { view: 'audience' }, 'state:public');
    const organiser = await open(t, { token: SIZED_ORGANISER_TOKEN }, 'state:organiser');
    const changed = nextEvent<PublicState>(audience.socket, 'state:public', (s) => s.message?.text === 'Patched');
    expect(await emitRaw(organiser.socket, 'stage:message', { text: 'Patched', flash: false })).toMatchObject({ ok: true });
    const held = await changed;
    expect(held.rev).toBeGreaterThan(audience.first.rev!);
    const whole = nextEvent<PublicState>(audience.socket, 'state:public', (s) => s.rev === held.rev);
    expect(await emitRaw(audience.socket, 'public:snapshot', {})).toMatchObject({ ok: true });
    expect(await whole).toStrictEqual(held);
  });

  it('a change made while nobody is in the room reaches the next page to join', async () => {
    const t = await liveShow();
    const first = await open<PublicState>(t, { view: 'screen' }, 'state:public');
    first.socket.disconnect();
    const organiser = await open(t, { token: SIZED_ORGANISER_TOKEN }, 'state:organiser');
    expect(await emitRaw(organiser.socket, 'stage:message', { text: 'Nobody watching', flash: false })).toMatchObject({ ok: true });
    const next = await open<PublicState>(t, { view: 'screen' }, 'state:public');
    let latest = next.first;
    next.socket.on('state:public', (s: PublicState) => (latest = s));
    await expect.poll(() => latest.message?.text).toBe('Nobody watching');
    expect(latest.rev).toBeGreaterThan(first.first.rev!);
  });
});
