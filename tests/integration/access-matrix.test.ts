// Every client event × every role: only the allowed combinations succeed; the
// others are refused with `forbidden` and leave the stored state exactly as it was.
// The expected answers are pinned below as a literal table taken from PRODUCT.md's
// roles, not from the server's own `AllowedRoles`, so a wrong policy fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Payloads, type EventName } from '../../protocol/events.ts';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import * as agenda from '../../server/domain/agenda.ts';
import { demoEvent } from '../../server/domain/demo-event.ts';
import * as visibility from '../../server/domain/visibility.ts';
import type { JurorState } from '../../protocol/views.ts';
import { connectAs, emitRaw, importEventFile, socketFor, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';
import { devicePass, voter } from '../helpers/vote.ts';
import { openVote } from '../../server/domain/votes.ts';

type RoleName = 'organiser' | 'juror' | 'screen' | 'stage' | 'audience' | 'no token' | 'room host';
const ROLES: RoleName[] = ['organiser', 'juror', 'screen', 'stage', 'audience', 'no token', 'room host'];
/** The role the server gives each connection, as its refusal names it. */
const SERVER_ROLE: Record<RoleName, string> = { organiser: 'organiser', juror: 'juror', screen: 'public', stage: 'public', audience: 'public', 'no token': 'public', 'room host': 'host' };
/** The main room's host link (issue 17): drives that room's show and its teams' scoring, nothing else. */
const HOST_TOKEN = 'room-host-token-of-the-matrix-0123456789';

// PRODUCT.md "Who uses it": the organiser builds the event and drives it live; a juror scores
// (and only a juror does); the audience, projector and stage monitor only read. Every page
// keeps the server's clock, so every role may ping it. A room host (issue 17) drives their room's
// clock, agenda and stage message and opens or closes its teams' scoring; nothing else.
const Y = 'allowed';
const N = 'forbidden';
type Answer = typeof Y | typeof N;
//                                    organiser juror screen stage audience no-token room-host
const MATRIX: Record<EventName, readonly [Answer, Answer, Answer, Answer, Answer, Answer, Answer]> = {
  'clock:ping':                         [Y, Y, Y, Y, Y, Y, Y],
  'organiser:snapshot':                 [Y, N, N, N, N, N, N],
  'public:snapshot':                    [N, N, Y, Y, Y, Y, N],
  'settings:update':                    [Y, N, N, N, N, N, N],
  'category:save':                      [Y, N, N, N, N, N, N],
  'category:remove':                    [Y, N, N, N, N, N, N],
  'category:move':                      [Y, N, N, N, N, N, N],
  'criterion:save':                     [Y, N, N, N, N, N, N],
  'criterion:remove':                   [Y, N, N, N, N, N, N],
  'criterion:move':                     [Y, N, N, N, N, N, N],
  'team:save':                          [Y, N, N, N, N, N, N],
  'team:remove':                        [Y, N, N, N, N, N, N],
  'team:move':                          [Y, N, N, N, N, N, N],
  'team:import-csv':                    [Y, N, N, N, N, N, N],
  'juror:save':                         [Y, N, N, N, N, N, N],
  'juror:remove':                       [Y, N, N, N, N, N, N],
  'juror:move':                         [Y, N, N, N, N, N, N],
  'juror:reissue-link':                 [Y, N, N, N, N, N, N],
  'juror:set-conflict':                 [Y, N, N, N, N, N, N],
  'juror:assign':                       [Y, N, N, N, N, N, N],
  'agenda:save':                        [Y, N, N, N, N, N, N],
  'agenda:remove':                      [Y, N, N, N, N, N, N],
  'agenda:move':                        [Y, N, N, N, N, N, N],
  'agenda:add-pitches':                 [Y, N, N, N, N, N, N],
  'event:new':                          [Y, N, N, N, N, N, N],
  'timer:start':                        [Y, N, N, N, N, N, Y],
  'timer:pause':                        [Y, N, N, N, N, N, Y],
  'timer:toggle':                       [Y, N, N, N, N, N, Y],
  'timer:adjust':                       [Y, N, N, N, N, N, Y],
  'timer:restart-phase':                [Y, N, N, N, N, N, Y],
  'agenda:next':                        [Y, N, N, N, N, N, Y],
  'agenda:previous':                    [Y, N, N, N, N, N, Y],
  'agenda:jump':                        [Y, N, N, N, N, N, Y],
  'stage:message':                      [Y, N, N, N, N, N, Y],
  'stage:clear':                        [Y, N, N, N, N, N, Y],
  'score:submit':                       [N, Y, N, N, N, N, N],
  'scoring:open':                       [Y, N, N, N, N, N, Y],
  'scoring:close':                      [Y, N, N, N, N, N, Y],
  'visibility:set':                     [Y, N, N, N, N, N, N],
  'leaderboard:focus':                  [Y, N, N, N, N, N, N],
  'reveal:next':                        [Y, N, N, N, N, N, N],
  'reveal:previous':                    [Y, N, N, N, N, N, N],
  'reveal:restart':                     [Y, N, N, N, N, N, N],
  'operator:new-token':                 [Y, N, N, N, N, N, N],
  'operator:revoke-token':              [Y, N, N, N, N, N, N],
  'room:save':                          [Y, N, N, N, N, N, N],
  'room:remove':                        [Y, N, N, N, N, N, N],
  'room:new-host-token':                [Y, N, N, N, N, N, N],
  'room:revoke-host-token':             [Y, N, N, N, N, N, N],
  'vote:open':                          [Y, N, N, N, N, N, N],
  'vote:close':                         [Y, N, N, N, N, N, N],
  'vote:show':                          [Y, N, N, N, N, N, N],
  'vote:settings':                      [Y, N, N, N, N, N, N],
  'vote:tickets':                       [Y, N, N, N, N, N, N],
  // The people's vote: a phone of the room votes (any page without a token, with its device pass).
  'vote:cast':                          [N, N, Y, Y, Y, Y, N],
  'vote:mine':                          [N, N, Y, Y, Y, Y, N],
  // Rounds (issue 17): the organiser's alone; a room host drives a room's show, not the competition.
  'round:save':                         [Y, N, N, N, N, N, N],
  'round:remove':                       [Y, N, N, N, N, N, N],
  'round:move':                         [Y, N, N, N, N, N, N],
  'round:close':                        [Y, N, N, N, N, N, N],
  // The expo round (issue 18): a juror walks the hall; the organiser runs it and types in paper sheets.
  'expo:next':                          [N, Y, N, N, N, N, N],
  'expo:skip':                          [N, Y, N, N, N, N, N],
  'expo:absent':                        [N, Y, N, N, N, N, N],
  'expo:start':                         [Y, N, N, N, N, N, N],
  'expo:restore':                       [Y, N, N, N, N, N, N],
  'expo:pause':                         [Y, N, N, N, N, N, N],
  'expo:message':                       [Y, N, N, N, N, N, N],
  'expo:score-for':                     [Y, N, N, N, N, N, N],
};
const answer = (event: EventName, role: RoleName): Answer => MATRIX[event][ROLES.indexOf(role)]!;

interface Case {
  /** Puts the state where this payload can succeed (directly on the store, as a fixture). */
  prepare?: (d: PodiumData, now: number) => void;
  payload: (d: Readonly<PodiumData>) => unknown;
}

const ensureScore = (d: PodiumData, now: number) => {
  const [juror, team] = [d.event.jurors[0]!, d.event.teams[0]!];
  if (d.scores[scoreKey(juror.id, team.id)]) return;
  const marks = Object.fromEntries(d.event.criteria.map((c) => [c.id, c.max]));
  d.scores[scoreKey(juror.id, team.id)] = { jurorId: juror.id, teamId: team.id, marks, note: '', revision: 1, updatedAt: now };
};
const started = (d: PodiumData, now: number) => {
  if (d.live.itemIndex < 0) agenda.startTimer(d, now);
};
let revision = 0;
/** The current round judged at the tables (issue 18). */
const expoRound = (d: PodiumData) => {
  d.event.rounds = [{ id: 'hall', name: 'Hall', kind: 'expo' }];
  d.event.currentRoundId = 'hall';
};
/** The first juror at the second team's table. */
const openVisit = (d: PodiumData, now: number) => {
  expoRound(d);
  d.expo.visits.push({ jurorId: d.event.jurors[0]!.id, teamId: d.event.teams[1]!.id, startedAt: now, endedAt: null, outcome: 'open' });
};
const last = <T>(list: readonly T[]) => list[list.length - 1]!;

const CASES: Record<EventName, Case> = {
  'clock:ping': { payload: () => ({}) },
  'organiser:snapshot': { payload: () => ({}) },
  'public:snapshot': { payload: () => ({}) },
  'settings:update': { payload: () => ({ name: 'Renamed by the matrix' }) },
  'category:save': { payload: () => ({ name: 'Matrix category' }) },
  'category:remove': { prepare: (d) => void d.event.categories.push({ id: 'spare-cat', name: 'Spare' }), payload: () => ({ id: 'spare-cat' }) },
  'category:move': { payload: (d) => ({ id: d.event.categories[0]!.id, toIndex: 1 }) },
  'criterion:save': { payload: () => ({ name: 'Matrix criterion', question: 'Why?', weight: 1, min: 1, max: 5 }) },
  'criterion:remove': {
    prepare: (d) => void d.event.criteria.push({ id: 'spare-crit', name: 'Spare', question: '', weight: 1, min: 1, max: 10 }),
    payload: () => ({ id: 'spare-crit' }),
  },
  'criterion:move': { payload: (d) => ({ id: d.event.criteria[0]!.id, toIndex: 1 }) },
  'team:save': { payload: () => ({ name: 'Matrix team', project: '', members: [], categoryId: null }) },
  'team:remove': {
    prepare: (d) => void d.event.teams.push({ id: 'spare-team', name: 'Spare team', project: '', members: [], categoryId: null }),
    payload: () => ({ id: 'spare-team' }),
  },
  'team:move': { payload: (d) => ({ id: d.event.teams[0]!.id, toIndex: 1 }) },
  'team:import-csv': { payload: () => ({ csv: 'name,project\nImported by the matrix,Test\n' }) },
  'juror:save': { payload: () => ({ name: 'Matrix juror' }) },
  'juror:remove': {
    prepare: (d) => void d.event.jurors.push({ id: 'spare-juror', name: 'Spare', token: 'spare-juror-token-0123456789abcdef', conflicts: [] }),
    payload: () => ({ id: 'spare-juror' }),
  },
  'juror:move': { payload: (d) => ({ id: d.event.jurors[2]!.id, toIndex: 3 }) },
  'juror:reissue-link': { payload: (d) => ({ id: d.event.jurors[2]!.id }) },
  'juror:set-conflict': { payload: (d) => ({ jurorId: d.event.jurors[1]!.id, teamId: d.event.teams[1]!.id, conflict: true }) },
  'juror:assign': { payload: (d) => ({ assignments: [{ jurorId: d.event.jurors[2]!.id, rooms: [], teams: [d.event.teams[0]!.id] }] }) },
  'agenda:save': { payload: () => ({ kind: 'session', sessionKind: 'other', title: 'Matrix session', phases: [{ name: 'Talk', durationMs: 60_000 }] }) },
  'agenda:remove': {
    prepare: (d) => void d.event.agenda.push({ id: 'spare-item', kind: 'session', sessionKind: 'other', title: 'Spare', phases: [{ name: 'x', durationMs: 1000 }] }),
    payload: () => ({ id: 'spare-item' }),
  },
  'agenda:move': { payload: (d) => ({ id: last(d.event.agenda).id, toIndex: d.event.agenda.length - 2 }) },
  'agenda:add-pitches': { prepare: (d) => void d.event.teams.push({ id: 'no-pitch', name: 'Without pitch', project: '', members: [], categoryId: null }), payload: () => ({}) },
  'event:new': { payload: () => ({ from: 'demo' }) },
  'timer:start': { payload: () => ({}) },
  'timer:pause': { prepare: (d, now) => (started(d, now), d.live.timer.status !== 'running' && agenda.startTimer(d, now)), payload: () => ({}) },
  'timer:toggle': { prepare: started, payload: () => ({}) },
  'timer:adjust': { prepare: started, payload: () => ({ deltaMs: 30_000 }) },
  'timer:restart-phase': { prepare: (d, now) => (started(d, now), agenda.adjustTimer(d, 45_000, now)), payload: () => ({}) },
  'agenda:next': { prepare: started, payload: () => ({}) },
  'agenda:previous': { prepare: (d, now) => agenda.jump(d, d.event.agenda[2]!.id, now), payload: () => ({}) },
  'agenda:jump': { payload: (d) => ({ itemId: d.event.agenda[4]!.id }) },
  'stage:message': { payload: () => ({ text: 'Wrap up', flash: true }) },
  'stage:clear': { prepare: (d, now) => void (d.live.message = { text: 'Still here', flash: false, at: now }), payload: () => ({}) },
  'score:submit': {
    prepare: (d) => void (d.scoring[d.event.teams[0]!.id] = 'open'),
    payload: (d) => ({
      opId: `matrix-${Date.now()}`,
      teamId: d.event.teams[0]!.id,
      revision: ++revision,
      marks: Object.fromEntries(d.event.criteria.map((c) => [c.id, c.min])),
      note: 'from the matrix',
    }),
  },
  'scoring:open': { payload: (d) => ({ teamId: d.event.teams[1]!.id }) },
  'scoring:close': { prepare: (d) => void (d.scoring[d.event.teams[0]!.id] = 'open'), payload: (d) => ({ teamId: d.event.teams[0]!.id }) },
  'visibility:set': { prepare: (d) => void (d.visibility.mode = 'hidden'), payload: () => ({ mode: 'live' }) },
  'leaderboard:focus': { payload: () => ({ focus: 'rotate' }) },
  'reveal:next': { prepare: (d, now) => (ensureScore(d, now), visibility.setVisibility(d, 'hidden', now), visibility.setVisibility(d, 'reveal', now)), payload: () => ({}) },
  'reveal:previous': {
    prepare: (d, now) => (ensureScore(d, now), visibility.setVisibility(d, 'hidden', now), visibility.setVisibility(d, 'reveal', now), (d.visibility.revealStep = 1)),
    payload: () => ({}),
  },
  'reveal:restart': {
    prepare: (d, now) => (ensureScore(d, now), visibility.setVisibility(d, 'hidden', now), visibility.setVisibility(d, 'reveal', now), (d.visibility.revealStep = 1)),
    payload: () => ({}),
  },
  'operator:new-token': { payload: () => ({}) },
  'operator:revoke-token': { prepare: (d) => void (d.operatorToken = 'operator-token-of-the-matrix-0123456789'), payload: () => ({}) },
  'room:save': { payload: () => ({ name: 'Matrix room' }) },
  'room:remove': {
    prepare: (d) => void (d.event.rooms = [...(d.event.rooms ?? [{ id: 'main', name: 'Main stage' }]), { id: 'spare-room', name: 'Spare room' }]),
    payload: () => ({ id: 'spare-room' }),
  },
  'room:new-host-token': { payload: (d) => ({ roomId: d.event.rooms?.[0]?.id ?? 'main' }) },
  // Another room's link: the matrix's host of the main room keeps theirs.
  'room:revoke-host-token': {
    prepare: (d) => {
      d.event.rooms = [...(d.event.rooms ?? [{ id: 'main', name: 'Main stage' }]), { id: 'spare-room-2', name: 'Spare room 2' }];
      d.roomHostTokens['spare-room-2'] = 'room-host-token-spare-0123456789abcdef';
    },
    payload: () => ({ roomId: 'spare-room-2' }),
  },
  'vote:open': { payload: () => ({ durationMs: 120_000 }) },
  'vote:close': { prepare: (d, now) => openVote(d, null, now), payload: () => ({}) },
  'vote:show': { payload: () => ({ shown: true }) },
  'vote:settings': { payload: () => ({ audienceWeight: 20 }) },
  'vote:tickets': { payload: () => ({ count: 3 }) },
  'vote:cast': { prepare: (d, now) => openVote(d, null, now), payload: (d) => ({ teamId: d.event.teams[0]!.id, revision: ++revision }) },
  'vote:mine': { payload: () => ({}) },
  'round:save': { payload: () => ({ name: 'Matrix heats', kind: 'stage' }) },
  'round:remove': {
    prepare: (d) => void (d.event.rounds = [...(d.event.rounds ?? []), { id: 'spare-round', name: 'Spare round', kind: 'expo' }]),
    payload: () => ({ id: 'spare-round' }),
  },
  'round:move': {
    prepare: (d) => void (d.event.rounds = [...(d.event.rounds ?? []), { id: 'later-a', name: 'Later A', kind: 'stage' }, { id: 'later-b', name: 'Later B', kind: 'stage' }]),
    payload: (d) => ({ id: 'later-b', toIndex: d.event.rounds!.length - 2 }),
  },
  // Every team goes on (a wildcard each), so the cases after this one find the same teams.
  'round:close': {
    prepare: (d, now) => {
      d.event.rounds = [
        { id: 'matrix-heats', name: 'Matrix heats', kind: 'stage' },
        { id: 'matrix-final', name: 'Matrix final', kind: 'stage' },
      ];
      d.event.currentRoundId = 'matrix-heats';
      for (const { roomId, live } of [{ roomId: undefined, live: d.live }, ...Object.entries(d.roomsLive).map(([roomId, live]) => ({ roomId, live }))]) {
        if (live.timer.status === 'running') agenda.pauseTimer(d, now, roomId);
      }
      ensureScore(d, now);
    },
    payload: (d) => ({
      roundId: 'matrix-heats',
      choice: { rule: { kind: 'top', n: 1 }, ranking: 'raw', settled: {}, wildcards: d.event.teams.map((team) => team.id) },
      keepPanels: true,
    }),
  },
  'expo:next': { prepare: (d) => expoRound(d), payload: () => ({}) },
  'expo:skip': { prepare: (d, now) => openVisit(d, now), payload: (d) => ({ teamId: d.event.teams[1]!.id, reason: 'Pitching on stage' }) },
  'expo:absent': { prepare: (d, now) => openVisit(d, now), payload: (d) => ({ teamId: d.event.teams[1]!.id }) },
  'expo:start': { prepare: (d) => expoRound(d), payload: () => ({}) },
  'expo:restore': { prepare: (d) => (expoRound(d), (d.expo.absent = [d.event.teams[2]!.id])), payload: (d) => ({ teamId: d.event.teams[2]!.id }) },
  'expo:pause': { prepare: (d) => expoRound(d), payload: (d) => ({ jurorId: d.event.jurors[1]!.id, paused: true }) },
  'expo:message': { prepare: (d) => expoRound(d), payload: () => ({ text: '10 minutes left' }) },
  'expo:score-for': {
    prepare: (d) => expoRound(d),
    payload: (d) => ({
      jurorId: d.event.jurors[1]!.id,
      teamId: d.event.teams.find((team) => !d.event.jurors[1]!.conflicts.includes(team.id))!.id,
      marks: Object.fromEntries(d.event.criteria.map((c) => [c.id, c.min])),
      note: 'paper sheet',
    }),
  },
};

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

async function connect(role: RoleName): Promise<TestSocket> {
  if (role === 'room host') {
    // A new event (or an import) drops the hosts' links: the matrix's host of the main room gets theirs again.
    await t.store.mutate((d) => void (d.roomHostTokens[d.event.rooms?.[0]?.id ?? 'main'] = HOST_TOKEN));
    return (await connectAs(t.url, { token: HOST_TOKEN }, 'state:host')).socket;
  }
  const auth =
    role === 'organiser'
      ? { token: t.organiserToken }
      : role === 'juror'
        ? { token: t.data().event.jurors[0]!.token }
        : role === 'no token'
          ? {}
          : { view: role };
  const event = role === 'organiser' ? 'state:organiser' : role === 'juror' ? 'state:juror' : 'state:public';
  // A page without a token holds a device pass, as a phone that opened the audience page does (the people's vote).
  if (event === 'state:public') return (await voter(t.url, await devicePass(t.url), 'view' in auth ? auth.view : null)).socket;
  return (await connectAs(t.url, auth, event)).socket;
}

const snapshot = () => JSON.stringify(t.data());

describe('the access matrix', () => {
  it('covers every event of the protocol', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(Payloads).sort());
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(Payloads).sort());
  });

  for (const event of Object.keys(CASES) as EventName[]) {
    const allowed = ROLES.filter((r) => answer(event, r) === Y);
    const refused = ROLES.filter((r) => answer(event, r) === N);
    it(`${event}: only ${allowed.join(', ')} may`, async () => {
      const { prepare, payload } = CASES[event];
      if (prepare) await t.store.mutate((d) => prepare(d, Date.now()));
      const sockets = new Map<RoleName, TestSocket>();
      for (const role of ROLES) sockets.set(role, await connect(role));
      for (const role of refused) {
        const before = snapshot();
        const ack = await emitRaw(sockets.get(role)!, event, payload(t.data()));
        expect(ack, `${role} → ${event}`).toEqual({
          ok: false,
          error: {
            code: 'forbidden',
            key: 'error_role_forbidden',
            params: { role: SERVER_ROLE[role], action: event },
            message: `Your role (${SERVER_ROLE[role]}) may not do ${event}.`,
          },
        });
        expect(snapshot(), `${role} → ${event} changed nothing`).toBe(before);
      }
      for (const role of allowed) {
        const ack = await emitRaw(sockets.get(role)!, event, payload(t.data()));
        expect(ack, `${role} → ${event}: ${JSON.stringify(ack)}`).toMatchObject({ ok: true });
      }
      for (const s of sockets.values()) s.disconnect();
    });
  }

  it('event import (HTTP): only the organiser may', async () => {
    await t.store.mutate((d) => void (d.scores = {}));
    const event = demoEvent();
    const json = JSON.stringify({ event: { ...event, settings: { ...event.settings, name: 'Imported by the matrix' } } });
    for (const token of [t.data().event.jurors[0]!.token, '', 'x'.repeat(32)]) {
      const before = snapshot();
      expect((await importEventFile(t.url, token, json)).status, `token "${token.slice(0, 4)}…"`).toBe(401);
      expect(snapshot()).toBe(before);
    }
    // The operator token (the stage crew's, for the control API) is right, but for the show only.
    await t.store.mutate((d) => void (d.operatorToken = 'operator-token-of-the-matrix-0123456789'));
    const before = snapshot();
    expect((await importEventFile(t.url, 'operator-token-of-the-matrix-0123456789', json)).status).toBe(403);
    expect(snapshot()).toBe(before);
    expect(await importEventFile(t.url, t.organiserToken, json)).toMatchObject({ ok: true, status: 200 });
    expect(t.data().event.settings.name).toBe('Imported by the matrix');
  });

  // The control API (HTTP): the organiser and the operator drive the show; nobody else does.
  it('control API (HTTP): only the organiser and the operator may', async () => {
    await t.store.mutate((d) => void (d.operatorToken = 'operator-token-of-the-matrix-0123456789'));
    const post = (token: string) => fetch(`${t.url}/api/v1/message`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: `from ${token.slice(0, 8)}` }) });
    for (const token of [t.data().event.jurors[0]!.token, '', 'x'.repeat(32)]) {
      const before = snapshot();
      expect((await post(token)).status, `token "${token.slice(0, 4)}…"`).toBe(401);
      expect(snapshot()).toBe(before);
    }
    for (const token of [t.organiserToken, 'operator-token-of-the-matrix-0123456789']) {
      expect((await post(token)).status).toBe(200);
      expect(t.data().live.message?.text).toBe(`from ${token.slice(0, 8)}`);
    }
  });
});

describe('a revoked juror link', () => {
  it('stops working at once, its open page is disconnected, and the scores stay', async () => {
    const before = { ...t.data().event.jurors[0]! };
    await t.store.mutate((d) => (ensureScore(d, Date.now()), undefined));
    const scoresBefore = Object.values(t.data().scores).filter((s) => s.jurorId === before.id);
    expect(scoresBefore.length).toBeGreaterThan(0);
    const { socket: old } = await connectAs(t.url, { token: before.token }, 'state:juror');
    const { socket: org } = await connectAs(t.url, { token: t.organiserToken }, 'state:organiser');
    const dropped = new Promise<string>((r) => old.once('disconnect', r));
    const ack = (await emitRaw(org, 'juror:reissue-link', { id: before.id })) as { ok: true; data: { token: string } };
    expect(ack.ok).toBe(true);
    expect(await dropped).toBe('io server disconnect');
    expect(ack.data.token).not.toBe(before.token);

    // The old link cannot connect again, not even as a read-only page.
    await expect(connectAs(t.url, { token: before.token }, 'state:juror')).rejects.toThrow(/not valid/);
    const stale = socketFor(t.url, { token: before.token });
    const error = await new Promise<Error & { data?: { code: string } }>((r) => stale.once('connect_error', r));
    expect(error.data?.code).toBe('unauthorised');
    stale.disconnect();

    const { socket: fresh, first } = await connectAs<JurorState>(t.url, { token: ack.data.token }, 'state:juror');
    expect(first.juror.name).toBe(before.name);
    expect(Object.values(t.data().scores).filter((s) => s.jurorId === before.id)).toEqual(scoresBefore);
    fresh.disconnect();
    org.disconnect();
  });
});
