// The event builder through real sockets: each builder event changes the event
// and reaches the organiser; refusals protect given scores; and every malformed
// payload gets an error ack and changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Payloads, type EventName } from '../../protocol/events.ts';
import type { Result } from '../../protocol/result.ts';
import type { JurorState, OrganiserState, PublicState } from '../../protocol/views.ts';
import { connectAs, emitRaw, importEventFile, juror, nextEvent, organiser, screen, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

let t: TestApp;
beforeEach(async () => {
  // Content, not rate: the organiser's sockets share one bucket, and flood.test.ts covers it.
  t = await startApp({ rateLimit: false });
});
afterEach(async () => {
  await t.close();
});

const send = async <T = unknown>(socket: TestSocket, event: string, payload: unknown) => (await emitRaw(socket, event, payload)) as Result<T>;
const stateWhere = (socket: TestSocket, accept: (s: OrganiserState) => boolean) => nextEvent<OrganiserState>(socket, 'state:organiser', accept);

describe('building an event through the socket', () => {
  it('adds a category, a team in it, a criterion, a juror and their pitch, and the organiser sees them', async () => {
    const { socket } = await organiser(t);
    const category = await send<{ id: string }>(socket, 'category:save', { name: 'Deep sea' });
    expect(category.ok).toBe(true);
    const categoryId = (category as { data: { id: string } }).data.id;
    const team = await send<{ id: string }>(socket, 'team:save', { name: 'Ocean Sweepers', project: 'Drones', members: ['Ada'], categoryId });
    expect(team).toMatchObject({ ok: true });
    expect(await send(socket, 'criterion:save', { name: 'Design', question: 'Is it well made?', weight: 2, min: 1, max: 5 })).toMatchObject({ ok: true });
    const seen = stateWhere(socket, (s) => s.data.event.jurors.some((j) => j.name === 'Grace Hopper'));
    expect(await send(socket, 'juror:save', { name: 'Grace Hopper' })).toMatchObject({ ok: true });
    const state = await seen;
    expect(state.data.event.teams.at(-1)).toMatchObject({ name: 'Ocean Sweepers', categoryId });
    expect(state.data.event.criteria.at(-1)).toMatchObject({ name: 'Design', weight: 2, max: 5 });
    expect(await send(socket, 'agenda:add-pitches', {})).toEqual({ ok: true, data: { added: 1 } });
    const teamId = (team as { data: { id: string } }).data.id;
    expect(t.data().event.agenda.some((i) => i.kind === 'pitch' && i.teamId === teamId)).toBe(true);
    expect(await send(socket, 'team:move', { id: teamId, toIndex: 0 })).toMatchObject({ ok: true });
    expect(t.data().event.teams[0]!.id).toBe(teamId);
    socket.disconnect();
  });

  it('imports teams from CSV all or nothing, naming the bad lines', async () => {
    const { socket } = await organiser(t);
    const before = JSON.stringify(t.data());
    const bad = await send(socket, 'team:import-csv', { csv: 'name,project,members,category\nKelp Co,Wraps,Ana;Bo,Materials\n,no name,,\n' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining('line 3: name must not be empty') } });
    expect(JSON.stringify(t.data())).toBe(before);
    const good = await send(socket, 'team:import-csv', { csv: 'name,project,members,category\nKelp Co,Wraps,Ana;Bo,Materials\nReef Kids,,,Brand new\n' });
    expect(good).toEqual({ ok: true, data: { imported: 2, roomsCreated: [] } });
    const kelp = t.data().event.teams.find((x) => x.name === 'Kelp Co')!;
    expect(kelp.members).toEqual(['Ana', 'Bo']);
    expect(t.data().event.categories.find((c) => c.id === kelp.categoryId)!.name).toBe('Materials');
    expect(t.data().event.categories.some((c) => c.name === 'Brand new')).toBe(true);
    socket.disconnect();
  });

  it('sets the event language and time zone: audited, sent to the public pages, an unknown zone refused', async () => {
    const { socket } = await organiser(t);
    const { socket: stage, first } = await screen(t, 'stage');
    expect(first.language).toBe('en');
    const french = nextEvent<PublicState>(stage, 'state:public', (s) => s.language === 'fr');
    expect(await send(socket, 'settings:update', { language: 'fr', timeZone: 'Europe/Zurich' })).toMatchObject({ ok: true });
    expect(await french).toMatchObject({ language: 'fr', timeZone: 'Europe/Zurich' });
    expect(t.data().event.settings).toMatchObject({ language: 'fr', timeZone: 'Europe/Zurich' });
    expect(t.data().audit.at(-1)?.action).toBe('settings:update');
    expect(await send(socket, 'settings:update', { timeZone: 'Europe/Genf' })).toMatchObject({ ok: false });
    expect(await send(socket, 'settings:update', { language: 'de' })).toMatchObject({ ok: false });
    expect(t.data().event.settings).toMatchObject({ language: 'fr', timeZone: 'Europe/Zurich' });
    stage.disconnect();
    socket.disconnect();
  });

  it('a new link locks out the old one at once', async () => {
    const { socket } = await organiser(t);
    const old = structuredClone(t.data().event.jurors[0]!);
    const { socket: phone } = await juror(t, 0);
    const cut = new Promise((resolve) => phone.once('disconnect', resolve));
    const r = await send<{ token: string }>(socket, 'juror:reissue-link', { id: old.id });
    expect(r.ok).toBe(true);
    await cut;
    const token = (r as { data: { token: string } }).data.token;
    expect(token).not.toBe(old.token);
    await expect(connectAs(t.url, { token: old.token }, 'state:juror')).rejects.toThrow(/not valid/);
    const { socket: again, first } = await connectAs<JurorState>(t.url, { token }, 'state:juror');
    expect(first.juror.id).toBe(old.id);
    again.disconnect();
    socket.disconnect();
  });

  it('removing a juror who has not scored closes their open page, and their link stops working', async () => {
    const { socket } = await organiser(t);
    const gone = structuredClone(t.data().event.jurors[1]!);
    const { socket: phone } = await juror(t, 1);
    const cut = new Promise((resolve) => phone.once('disconnect', resolve));
    expect(await send(socket, 'juror:remove', { id: gone.id })).toEqual({ ok: true, data: null });
    await cut;
    expect(t.data().event.jurors.some((j) => j.id === gone.id)).toBe(false);
    await expect(connectAs(t.url, { token: gone.token }, 'state:juror')).rejects.toThrow(/not valid/);
    socket.disconnect();
  });

  it('exports the event over HTTP and imports it into another Podium', async () => {
    const res = await fetch(`${t.url}/api/event.json`, { headers: { Authorization: `Bearer ${t.organiserToken}` } });
    expect(res.status).toBe(200);
    const json = await res.text();
    const other = await startApp();
    try {
      expect(await importEventFile(other.url, other.organiserToken, json)).toEqual({ ok: true, data: null, status: 200 });
      expect(other.data().event).toEqual(t.data().event);
      const broken = JSON.parse(json) as { event: { teams: { id: string }[] } };
      broken.event.teams[1]!.id = broken.event.teams[0]!.id;
      const before = JSON.stringify(other.data());
      const r = await importEventFile(other.url, other.organiserToken, JSON.stringify(broken));
      expect(r).toMatchObject({ status: 400, ok: false, error: { code: 'bad-request', message: expect.stringMatching(/share the id.*Nothing was imported/) } });
      expect(JSON.stringify(other.data())).toBe(before);
    } finally {
      await other.close();
    }
  });
});

describe('refusals that protect given scores', () => {
  it('will not delete a criterion, team or juror with marks, nor replace the event, and says what to do instead', async () => {
    const { socket } = await organiser(t);
    const team = t.data().event.teams[0]!;
    expect(await send(socket, 'scoring:open', { teamId: team.id })).toMatchObject({ ok: true });
    const { socket: phone } = await juror(t, 0);
    const marks = Object.fromEntries(t.data().event.criteria.map((c) => [c.id, 7]));
    expect(await send(phone, 'score:submit', { opId: 'op-12345678', teamId: team.id, revision: 1, marks, note: '' })).toMatchObject({ ok: true });

    const before = JSON.stringify(t.data());
    const attempts: [string, unknown, RegExp][] = [
      ['criterion:remove', { id: t.data().event.criteria[0]!.id }, /weight to 0/],
      ['team:remove', { id: team.id }, /agenda instead/],
      ['juror:remove', { id: t.data().event.jurors[0]!.id }, /Reissue their link/],
      ['criterion:save', { name: 'Late', question: '', weight: 1, min: 1, max: 10 }, /before scoring starts/],
    ];
    const replaced = await importEventFile(t.url, t.organiserToken, JSON.stringify({ event: t.data().event }));
    expect(replaced).toMatchObject({ status: 409, ok: false, error: { code: 'conflict', message: expect.stringMatching(/Export this event first/) } });
    for (const [event, payload, message] of attempts) {
      const r = await send(socket, event, payload);
      expect(r, event).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(message) } });
    }
    expect(JSON.stringify(t.data())).toBe(before);
    phone.disconnect();
    socket.disconnect();
  });
});

// ---- malformed payloads ------------------------------------------------------

const BUILDER_EVENTS = [
  'settings:update', 'category:save', 'category:remove', 'category:move', 'criterion:save', 'criterion:remove', 'criterion:move',
  'team:save', 'team:remove', 'team:move', 'team:import-csv', 'juror:save', 'juror:remove', 'juror:move', 'juror:reissue-link',
  'juror:set-conflict', 'juror:assign', 'agenda:save', 'agenda:remove', 'agenda:move', 'agenda:add-pitches',
] as const satisfies readonly EventName[];

function validPayloads(t: TestApp): Record<(typeof BUILDER_EVENTS)[number], Record<string, unknown>> {
  const e = t.data().event;
  const [category, criterion, team, juror, item] = [e.categories[0]!, e.criteria[0]!, e.teams[0]!, e.jurors[0]!, e.agenda[0]!];
  return {
    'settings:update': { name: 'Finals', pitchMs: 240_000 },
    'category:save': { name: 'Deep sea' },
    'category:remove': { id: category.id },
    'category:move': { id: category.id, toIndex: 1 },
    'criterion:save': { name: 'Design', question: 'Q?', weight: 1, min: 1, max: 10 },
    'criterion:remove': { id: criterion.id },
    'criterion:move': { id: criterion.id, toIndex: 1 },
    'team:save': { name: 'New team', project: 'P', members: ['A'], categoryId: null },
    'team:remove': { id: team.id },
    'team:move': { id: team.id, toIndex: 1 },
    'team:import-csv': { csv: 'name\nCSV team' },
    'juror:save': { name: 'New juror' },
    'juror:remove': { id: juror.id },
    'juror:move': { id: juror.id, toIndex: 1 },
    'juror:reissue-link': { id: juror.id },
    'juror:set-conflict': { jurorId: juror.id, teamId: team.id, conflict: true },
    'juror:assign': { assignments: [{ jurorId: juror.id, rooms: [], teams: [team.id] }] },
    'agenda:save': { kind: 'session', sessionKind: 'break', title: 'Tea', phases: [{ name: 'Tea', durationMs: 600_000 }] },
    'agenda:remove': { id: item.id },
    'agenda:move': { id: item.id, toIndex: 1 },
    'agenda:add-pitches': {},
  };
}

/** Beyond each field's limit (the event file's is 5 MB), yet under the socket's message size. */
const huge = (key: string) => 'x'.repeat(key === 'json' ? 5_000_001 : key === 'csv' ? 1_000_001 : 100_000);

function malformed(event: EventName, valid: Record<string, unknown>): [string, unknown][] {
  const cases: [string, unknown][] = [
    ['a number', 42],
    ['a string', 'hello'],
    ['null', null],
    ['an array', [valid]],
    ['an extra field', { ...valid, extra: true }],
    ['a prototype key', JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(valid).slice(1, -1) || '"x": 1'}}`)],
  ];
  for (const key of Object.keys(valid)) {
    const { [key]: _dropped, ...missing } = valid;
    // Only fields the event needs: dropping an optional one leaves a valid payload.
    if (!Payloads[event].safeParse(missing).success) cases.push([`without ${key}`, missing]);
    cases.push([`${key} of the wrong type`, { ...valid, [key]: { nested: [1] } }]);
    cases.push([`${key} as a huge string`, { ...valid, [key]: huge(key) }]);
  }
  return cases;
}

describe('malformed payloads', () => {
  it('every valid sample payload is accepted by its schema (so the variants below test one fault each)', () => {
    const valid = validPayloads(t);
    for (const event of BUILDER_EVENTS) expect(Payloads[event].safeParse(valid[event]).success, event).toBe(true);
  });

  it('get an error ack for every builder event and leave the state unchanged', async () => {
    const valid = validPayloads(t);
    const before = JSON.stringify(t.data());
    for (const event of BUILDER_EVENTS) {
      const { socket } = await organiser(t);
      for (const [what, payload] of malformed(event, valid[event])) {
        const ack = (await emitRaw(socket, event, payload)) as Result;
        expect(ack.ok, `${event} with ${what}`).toBe(false);
        if (!ack.ok) expect(ack.error.code, `${event} with ${what}`).toBe('bad-request');
      }
      const twoArguments = (await emitRaw(socket, event, valid[event], 'more')) as Result;
      expect(twoArguments.ok, `${event} with two payloads`).toBe(false);
      expect(JSON.stringify(t.data()), event).toBe(before);
      socket.disconnect();
    }
  });
});
