// Ids that name Object.prototype's properties (`__proto__`, `constructor`, …) in
// every id field of every event and of an imported event file: refused, nothing
// changes, Object.prototype is untouched, and everyone else carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JUROR_EVENTS, Payloads, type EventName } from '../../protocol/events.ts';
import type { PodiumData } from '../../protocol/model.ts';
import { createApp, type App } from '../../server/app.ts';
import { demoData, demoEvent } from '../../server/domain/demo-event.ts';
import { Store } from '../../server/store.ts';
import { connectAs, distDir, emitRaw, importEventFile, tempDir, type TestSocket } from '../helpers/app.ts';
import type { JurorState, OrganiserState, PublicState } from '../../protocol/views.ts';
import { devicePass, voter } from '../helpers/vote.ts';
import { openVote } from '../../server/domain/votes.ts';

const RESERVED = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
];

/** A plain object whose key may be `__proto__` as a real key (as JSON.parse would make it on the server). */
const withKey = (key: string, value: unknown): Record<string, unknown> =>
  Object.defineProperty({}, key, { value, enumerable: true, configurable: true, writable: true }) as Record<string, unknown>;

/** For one reserved name, every event payload with it in one id field, the rest valid. */
function payloadsWith(r: string, d: Readonly<PodiumData>): [EventName, Record<string, unknown>][] {
  const team = d.event.teams[0]!.id;
  const juror = d.event.jurors[1]!.id;
  const phases = [{ name: 'Talk', durationMs: 60_000 }];
  const marks = Object.fromEntries(d.event.criteria.map((c) => [c.id, c.min]));
  const cases: [EventName, Record<string, unknown>][] = [
    ['settings:update', { tieBreakers: [{ kind: 'criterion', criterionId: r }] }],
    ['category:save', { id: r, name: 'Reserved' }],
    ['criterion:save', { id: r, name: 'Reserved', question: '', weight: 1, min: 1, max: 10 }],
    ['team:save', { id: r, name: 'Reserved', project: '', members: [], categoryId: null }],
    ['team:save', { name: 'Reserved', project: '', members: [], categoryId: r }],
    ['juror:save', { id: r, name: 'Reserved' }],
    ['juror:save', { name: 'Reserved', conflicts: [r] }],
    ['juror:reissue-link', { id: r }],
    ['juror:set-conflict', { jurorId: r, teamId: team, conflict: true }],
    ['juror:set-conflict', { jurorId: juror, teamId: r, conflict: true }],
    ['juror:assign', { assignments: [{ jurorId: r, rooms: [], teams: [] }] }],
    ['juror:assign', { assignments: [{ jurorId: juror, rooms: [r], teams: [] }] }],
    ['juror:assign', { assignments: [{ jurorId: juror, rooms: [], teams: [r] }] }],
    ['agenda:save', { id: r, kind: 'session', sessionKind: 'other', title: 'Reserved', phases }],
    ['agenda:save', { kind: 'pitch', teamId: r, phases }],
    ['agenda:jump', { itemId: r }],
    ['scoring:open', { teamId: r }],
    ['scoring:close', { teamId: r }],
    ['leaderboard:focus', { focus: r }],
  ];
  for (const list of ['category', 'criterion', 'team', 'juror', 'agenda'] as const) {
    cases.push([`${list}:remove` as EventName, { id: r }], [`${list}:move` as EventName, { id: r, toIndex: 0 }]);
  }
  cases.push(
    ['score:submit', { opId: 'reserved-op-1', teamId: r, revision: 1, marks, note: '' }],
    ['score:submit', { opId: 'reserved-op-2', teamId: team, revision: 1, marks: { ...marks, ...withKey(r, 5) }, note: '' }],
  );
  // An audience phone's vote names a team.
  cases.push(['vote:cast', { teamId: r, revision: 1 }]);
  // Rooms (issue 17): a room's id in the rooms editor, a host link's room, a show command's room, an item's room.
  cases.push(
    ['room:save', { id: r, name: 'Reserved' }],
    ['room:remove', { id: r }],
    ['room:new-host-token', { roomId: r }],
    ['room:revoke-host-token', { roomId: r }],
    ['timer:start', { room: r }],
    ['stage:message', { room: r, text: 'Reserved', flash: false }],
    ['agenda:save', { kind: 'session', sessionKind: 'other', title: 'Reserved', phases, roomId: r }],
  );
  if (r.length >= 8) cases.push(['score:submit', { opId: r, teamId: team, revision: 1, marks, note: '' }]);
  cases.push(['agenda:add-pitches', { roomId: r }]);
  // Rounds (issue 17): a round's id, the round to close, its wildcards and the teams of a settled tie.
  const choice = { rule: { kind: 'top', n: 1 }, ranking: 'raw', settled: {}, wildcards: [] as string[] };
  cases.push(
    ['round:save', { id: r, name: 'Reserved', kind: 'stage' }],
    ['round:remove', { id: r }],
    ['round:move', { id: r, toIndex: 0 }],
    ['round:close', { roundId: r, choice, keepPanels: false }],
    ['round:close', { roundId: 'round', choice: { ...choice, wildcards: [r] }, keepPanels: false }],
    ['round:close', { roundId: 'round', choice: { ...choice, settled: { overall: [r] } }, keepPanels: false }],
    ['round:close', { roundId: 'round', choice: { ...choice, settled: withKey(r, [team]) }, keepPanels: false }],
  );
  // The expo queue (issue 18): the team a juror skips or finds absent, the team brought back, the juror paused, a paper sheet's juror, team and marks.
  cases.push(
    ['expo:skip', { teamId: r, reason: 'Reserved' }],
    ['expo:absent', { teamId: r }],
    ['expo:restore', { teamId: r }],
    ['expo:pause', { jurorId: r, paused: true }],
    ['expo:score-for', { jurorId: r, teamId: team, marks, note: '' }],
    ['expo:score-for', { jurorId: juror, teamId: r, marks, note: '' }],
    ['expo:score-for', { jurorId: juror, teamId: team, marks: { ...marks, ...withKey(r, 5) }, note: '' }],
  );
  return cases;
}

const ID_LESS: readonly EventName[] = [
  'clock:ping', 'team:import-csv', 'timer:start', 'timer:pause', 'timer:toggle', 'timer:adjust', 'timer:restart-phase',
  'agenda:next', 'agenda:previous', 'stage:message', 'stage:clear', 'visibility:set', 'reveal:next', 'reveal:previous', 'reveal:restart',
  'event:new', 'organiser:snapshot', 'public:snapshot',
  'vote:open', 'vote:close', 'vote:show', 'vote:settings', 'vote:tickets', 'vote:mine',
  'operator:new-token', 'operator:revoke-token',
  'expo:next', 'expo:message', 'expo:start',
];

let store: Store;
let app: App;
let url: string;
let organiser: TestSocket;
let juror: TestSocket;
/** An audience phone with its device pass (the people's vote). */
let phone: TestSocket;
const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  store = await Store.open({ dir: tempDir(), seed: () => demoData() });
  await store.mutate((d) => void d.event.teams.forEach((t) => (d.scoring[t.id] = 'open')));
  // Content, not rate, is under test here.
  app = createApp({ store, distDir, rateLimit: false });
  url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  organiser = (await connectAs<OrganiserState>(url, { token: app.organiserToken() }, 'state:organiser')).socket;
  juror = (await connectAs<JurorState>(url, { token: store.data.event.jurors[0]!.token }, 'state:juror')).socket;
  phone = (await voter(url, await devicePass(url))).socket;
  await store.mutate((d) => openVote(d, null, Date.now()));
});
afterAll(async () => {
  organiser?.disconnect();
  juror?.disconnect();
  phone?.disconnect();
  await app?.close();
  await store?.close(); // as the server's shutdown does (startApp's close says why)
});

function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
  const probe = {} as Record<string, unknown>;
  for (const key of ['startedAt', 'endedAt', 'polluted', 'open', 'revision']) expect(probe[key], key).toBeUndefined();
}

describe('reserved property names as ids', () => {
  it('are refused in every id field of every event, and nothing changes', async () => {
    let sent = 0;
    const covered = new Set<EventName>();
    for (const r of RESERVED) {
      for (const [event, payload] of payloadsWith(r, store.data)) {
        const before = JSON.stringify(store.data);
        const socket = JUROR_EVENTS.has(event) ? juror : event === 'vote:cast' ? phone : organiser;
        const ack = await emitRaw(socket, event, payload);
        expect(ack, `${event} with "${r}" in ${JSON.stringify(Object.keys(payload))}`).toMatchObject({ ok: false, error: { code: expect.stringMatching(/bad-request|not-found/) } });
        expect(JSON.stringify(store.data), `${event} with "${r}"`).toBe(before);
        covered.add(event);
        sent++;
      }
    }
    // Every event was tried, but those that carry no id at all (a new event must be placed in one list or the other).
    for (const e of Object.keys(Payloads) as EventName[]) expect(covered.has(e) || ID_LESS.includes(e), e).toBe(true);
    expect(sent).toBeGreaterThan(RESERVED.length * 20);
    expectPrototypeUntouched();
  });

  it('are refused in every id field of an imported event file, whole, and nothing changes', async () => {
    const fields: [string, (e: ReturnType<typeof demoEvent>, r: string) => void][] = [
      ['category id', (e, r) => void (e.categories[0]!.id = r)],
      ['criterion id', (e, r) => void (e.criteria[0]!.id = r)],
      ['team id', (e, r) => void (e.teams[0]!.id = r)],
      ['team category', (e, r) => void (e.teams[0]!.categoryId = r)],
      ['juror id', (e, r) => void (e.jurors[0]!.id = r)],
      ['juror conflict', (e, r) => void (e.jurors[0]!.conflicts = [r])],
      ['agenda item id', (e, r) => void (e.agenda[0]!.id = r)],
      [
        'pitch team',
        (e, r) => {
          (e.agenda.find((i) => i.kind === 'pitch') as { teamId: string }).teamId = r;
        },
      ],
      ['tie-breaker criterion', (e, r) => void (e.settings.tieBreakers = [{ kind: 'criterion', criterionId: r }])],
    ];
    for (const r of RESERVED) {
      for (const [what, set] of fields) {
        const event = demoEvent();
        set(event, r);
        const before = JSON.stringify(store.data);
        const ack = await importEventFile(url, app.organiserToken(), JSON.stringify({ event }));
        expect(ack, `${what} "${r}"`).toMatchObject({ ok: false, status: 400, error: { code: 'bad-request' } });
        expect(JSON.stringify(store.data), `${what} "${r}"`).toBe(before);
      }
    }
    expectPrototypeUntouched();
  });

  it('leave every client working: the agenda runs, jurors score, screens follow', async () => {
    // What the issue saw break: an item `__proto__` then a timer start polluted Object.prototype and zod refused everyone.
    expect(await emitRaw(organiser, 'timer:start', {})).toMatchObject({ ok: true });
    expect(await emitRaw(organiser, 'timer:pause', {})).toMatchObject({ ok: true });
    expect(await emitRaw(organiser, 'agenda:next', {})).toMatchObject({ ok: true });
    const team = store.data.event.teams[0]!;
    const marks = Object.fromEntries(store.data.event.criteria.map((c) => [c.id, c.max]));
    expect(await emitRaw(juror, 'score:submit', { opId: 'after-reserved-1', teamId: team.id, revision: 1, marks, note: 'Ça marche 👍' })).toMatchObject({ ok: true });
    const other = await connectAs<JurorState>(url, { token: store.data.event.jurors[1]!.token }, 'state:juror');
    expect(await emitRaw(other.socket, 'score:submit', { opId: 'after-reserved-2', teamId: team.id, revision: 1, marks, note: '' })).toMatchObject({ ok: true });
    other.socket.disconnect();
    const screen = await connectAs<PublicState>(url, { view: 'screen' }, 'state:public');
    expect(screen.first.teams.length).toBe(store.data.event.teams.length);
    screen.socket.disconnect();
    expect(Object.keys(store.data.scores)).toHaveLength(2);
    expectPrototypeUntouched();
  });
});
