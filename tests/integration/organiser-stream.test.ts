// Over real sockets: the organiser's console follows the event by snapshot +
// patches and ends where a fresh snapshot is; a reconnect or a lost patch heals;
// a score costs the console the same bytes at 300 teams as at 10; and jurors are
// sent nothing when what changed is not theirs to see.
import { afterEach, describe, expect, it } from 'vitest';
import { scoreKey } from '../../protocol/model.ts';
import { applyOrganiserPatch, patchFits } from '../../protocol/organiser-patch.ts';
import type { OrganiserPatch, OrganiserState } from '../../protocol/views.ts';
import { connectAs, emitRaw, followOrganiser, juror, nextEvent, organiser, socketFor, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { sizedData, sizedJurorToken } from '../helpers/sized-event.ts';

const NOW = 1_767_000_000_000;
/** A stopped clock: a fresh snapshot then computes its rankings at the same instant as the last patch. */
const clock = { now: () => NOW };

let apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps) await t.close();
  apps = [];
});
async function start(teams: number, jurors: number, scored = false): Promise<TestApp> {
  const t = await startApp({ seed: () => sizedData(teams, jurors, { scored, at: NOW }), clock });
  apps.push(t);
  return t;
}

/** A state without its send counter, which differs between any two sends by design. */
const comparable = (s: OrganiserState) => ({ ...s, seq: 0, projector: { ...s.projector, seq: 0 } });

/** Keeps the last state a console reached, whole or patched. */
function track(socket: TestSocket): { state: OrganiserState | null } {
  const box: { state: OrganiserState | null } = { state: null };
  socket.on('state:organiser', (s) => (box.state = s));
  return box;
}

/** Resolves once the console's state holds every score stored now, at its stored revision. Call after the acks. */
function caughtUp(t: TestApp, socket: TestSocket, box: { state: OrganiserState | null }): Promise<OrganiserState> {
  const stored = Object.values(t.data().scores).map((s) => [scoreKey(s.jurorId, s.teamId), s.revision] as const);
  const current = (s: OrganiserState) => Object.keys(s.data.scores).length === stored.length && stored.every(([key, revision]) => s.data.scores[key]?.revision === revision);
  if (box.state && current(box.state)) return Promise.resolve(box.state);
  return nextEvent<OrganiserState>(socket, 'state:organiser', current);
}

async function fresh(t: TestApp): Promise<OrganiserState> {
  const { socket, first } = await connectAs<OrganiserState>(t.url, { token: t.organiserToken }, 'state:organiser');
  socket.disconnect();
  return first;
}

async function score(socket: TestSocket, t: TestApp, teamIndex: number, revision: number, note = ''): Promise<void> {
  const team = t.data().event.teams[teamIndex]!;
  const marks = Object.fromEntries(t.data().event.criteria.map((c, i) => [c.id, c.min + ((teamIndex + revision + i) % (c.max - c.min + 1))]));
  const ack = await emitRaw(socket, 'score:submit', { opId: `op-${teamIndex}-${revision}-${Math.random().toString(36).slice(2)}`, teamId: team.id, revision, marks, note });
  expect(ack).toMatchObject({ ok: true });
}

describe("the organiser's stream", () => {
  it('after scores from several jurors, snapshot + patches equal a fresh snapshot', async () => {
    const t = await start(12, 4);
    const org = await organiser(t);
    expect(await emitRaw(org.socket, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
    const box = track(org.socket);
    const jurors = await Promise.all([0, 1, 2, 3].map((i) => juror(t, i)));
    await Promise.all(jurors.map(async (j, ji) => {
      for (let team = 0; team < 12; team += 1 + ji) await score(j.socket, t, team, 1, `Très bien, ß ${ji} 🎉`);
    }));
    await score(jurors[0]!.socket, t, 0, 2);
    const followed = await caughtUp(t, org.socket, box);
    expect(Object.keys(followed.data.scores).length).toBe(Object.keys(t.data().scores).length);
    expect(followed.leaderboard.overall.some((r) => r.jurorCount > 0)).toBe(true);
    expect(comparable(followed)).toEqual(comparable(await fresh(t)));
    for (const j of [org, ...jurors]) j.socket.disconnect();
  });

  it('a console that reconnects mid-stream gets a snapshot and follows on from it', async () => {
    const t = await start(8, 2);
    const socket = socketFor(t.url, { token: t.organiserToken });
    followOrganiser(socket);
    const box = track(socket);
    await nextEvent(socket, 'state:organiser');
    const phone = await juror(t, 0);
    for (let team = 0; team < 4; team++) await score(phone.socket, t, team, 1);
    await caughtUp(t, socket, box);
    socket.disconnect();
    for (let team = 4; team < 6; team++) await score(phone.socket, t, team, 1);
    const snapshot = nextEvent<OrganiserState>(socket, 'state:organiser');
    socket.connect();
    expect(Object.keys((await snapshot).data.scores)).toHaveLength(6);
    for (let team = 6; team < 8; team++) await score(phone.socket, t, team, 1);
    expect(comparable(await caughtUp(t, socket, box))).toEqual(comparable(await fresh(t)));
    socket.disconnect();
    phone.socket.disconnect();
  });

  it('a console that missed a patch asks for a snapshot and is whole again', async () => {
    const t = await start(6, 2);
    const socket = socketFor(t.url, { token: t.organiserToken });
    let state: OrganiserState | null = null;
    let dropped = 0;
    let asked = 0;
    socket.on('state:organiser', (s) => (state = s));
    socket.on('organiser:patch', (patch: OrganiserPatch) => {
      if (!state) return;
      if (dropped === 0) return void dropped++; // lost on the way, as a console would see it
      if (!patchFits(state, patch)) {
        asked++;
        void emitRaw(socket, 'organiser:snapshot', {});
        return;
      }
      state = applyOrganiserPatch(state, patch);
    });
    await nextEvent(socket, 'state:organiser');
    const phone = await juror(t, 1);
    await score(phone.socket, t, 0, 1);
    await nextEvent(socket, 'organiser:patch');
    const healed = nextEvent<OrganiserState>(socket, 'state:organiser');
    await score(phone.socket, t, 1, 1);
    await healed;
    expect(asked).toBe(1);
    const applied = nextEvent(socket, 'organiser:patch');
    await score(phone.socket, t, 2, 1);
    await applied;
    expect(Object.keys(state!.data.scores)).toHaveLength(3);
    expect(comparable(state!)).toEqual(comparable(await fresh(t)));
    socket.disconnect();
    phone.socket.disconnect();
  });

  it('bytes sent to the console per score do not grow with the number of teams', async () => {
    const sizes: Record<number, { snapshot: number; patches: number[]; wholeStates: number }> = {};
    for (const teams of [10, 300]) {
      const t = await start(teams, 10, true);
      const { socket, first } = await organiser(t);
      expect(await emitRaw(socket, 'visibility:set', { mode: 'live' })).toMatchObject({ ok: true });
      const patches: number[] = [];
      let wholeStates = 0;
      // Only what came over the wire: the test's follower also hands patched states to 'state:organiser' listeners.
      socket.onAny((event: string) => void (event === 'state:organiser' && wholeStates++));
      const { socket: jurorSocket } = await connectAs(t.url, { token: sizedJurorToken(3) }, 'state:juror');
      // Only the patches that follow each score are measured: one score, one patch.
      for (let i = 0; i < 6; i++) {
        const teamIndex = (i * 37) % teams;
        const key = scoreKey('juror-4', `team-${teamIndex + 1}`);
        const patch = nextEvent<OrganiserPatch>(socket, 'organiser:patch', (p) => !!p.scores?.[key]);
        await score(jurorSocket, t, teamIndex, 2);
        const received = await patch;
        expect(Object.keys(received.scores!)).toEqual([key]);
        patches.push(Buffer.byteLength(JSON.stringify(received)));
      }
      sizes[teams] = { snapshot: Buffer.byteLength(JSON.stringify(first)), patches, wholeStates };
      socket.disconnect();
      jurorSocket.disconnect();
    }
    const small = sizes[10]!;
    const big = sizes[300]!;
    // The event is thirty times bigger; what a score costs is not.
    expect(big.snapshot).toBeGreaterThan(20 * small.snapshot);
    expect(Math.max(...big.patches)).toBeLessThan(2048);
    expect(Math.max(...big.patches)).toBeLessThan(1.5 * Math.max(...small.patches));
    expect(big.wholeStates + small.wholeStates).toBe(0);
  });
});

describe("jurors' updates", () => {
  it("send a juror nothing for another juror's score or organiser-only news, and the event when it changes", async () => {
    const t = await start(5, 3);
    const org = await organiser(t);
    const box = track(org.socket);
    const [a, b] = [await juror(t, 0), await juror(t, 1)];
    const heard: string[] = [];
    b.socket.onAny((event: string) => {
      if (event !== 'clock:anchor') heard.push(event);
    });
    await score(a.socket, t, 0, 1);
    expect(await emitRaw(org.socket, 'stage:message', { text: 'Dernière minute, ça commence', flash: true })).toMatchObject({ ok: true });
    const aSeesConflict = nextEvent(a.socket, 'state:juror', (s: { juror: { conflicts: string[] } }) => s.juror.conflicts.includes('team-2'));
    expect(await emitRaw(org.socket, 'juror:set-conflict', { jurorId: 'juror-1', teamId: 'team-2', conflict: true })).toMatchObject({ ok: true });
    await aSeesConflict;
    // Wait for the organiser's lazy update of the score, so the jurors' share of it has gone out too.
    await caughtUp(t, org.socket, box);
    expect(heard).toEqual([]);

    const renamed = nextEvent(b.socket, 'state:juror', (s: { teams: { name: string }[] }) => s.teams.some((team) => team.name === 'Straße Neu'));
    const team = t.data().event.teams[3]!;
    expect(await emitRaw(org.socket, 'team:save', { ...team, name: 'Straße Neu' })).toMatchObject({ ok: true });
    await renamed;
    expect(heard).toEqual(['state:juror']);
    for (const s of [org, a, b]) s.socket.disconnect();
  });
});
