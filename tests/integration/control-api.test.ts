// The control API (issue 15): a stream deck's commands over HTTP with the operator
// token move the show exactly as the console's keys do, the projector sees it, and
// every other token (a juror's, none, a revoked or replaced one) is refused and
// changes nothing; the operator token opens nothing but the show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreKey, type PodiumData } from '../../protocol/model.ts';
import type { Result } from '../../protocol/result.ts';
import type { ShowState } from '../../protocol/show-state.ts';
import type { OrganiserState, PublicState, TimerAnchor } from '../../protocol/views.ts';
import { createApp, type AppOptions } from '../../server/app.ts';
import { FailedAttempts } from '../../server/auth/tokens.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { Store } from '../../server/store.ts';
import { connectAs, distDir, emitRaw, socketFor, tempDir, type TestSocket } from '../helpers/app.ts';

/** A clock the test moves, shared by the two apps so that they can be compared to the millisecond. */
const clock = { t: Date.parse('2026-12-01T15:00:00Z'), now() { return this.t; } };

/** The demo with one score, so the reveal has a place to show. */
function seed(): PodiumData {
  const d = demoData(undefined, new Date(clock.t));
  const [juror, team] = [d.event.jurors[0]!, d.event.teams[0]!];
  d.scores[scoreKey(juror.id, team.id)] = {
    jurorId: juror.id, teamId: team.id, marks: Object.fromEntries(d.event.criteria.map((c) => [c.id, c.max])), note: '', revision: 1, updatedAt: clock.t,
  };
  return d;
}

interface Running {
  url: string;
  store: Store;
  organiserToken: string;
  close: () => Promise<void>;
}

const running: Running[] = [];
async function start(data: PodiumData, options: Partial<AppOptions> = {}): Promise<Running> {
  const store = await Store.open({ dir: tempDir(), seed: () => structuredClone(data) });
  const app = createApp({ store, distDir, clock, ...options });
  const port = await app.listen(0, '127.0.0.1');
  const r = { url: `http://127.0.0.1:${port}`, store, organiserToken: app.organiserToken(), close: () => app.close().then(() => store.close()) };
  running.push(r);
  return r;
}
afterAll(async () => {
  for (const r of running.splice(0)) await r.close();
});

interface Call {
  method?: 'GET' | 'POST';
  token?: string | null;
  /** Sent as ?token= instead of the header. */
  inQuery?: boolean;
  body?: unknown;
}
async function api(r: Running, path: string, { method = 'POST', token, inQuery = false, body }: Call = {}) {
  const url = new URL(`${r.url}/api/v1/${path}`);
  if (token && inQuery) url.searchParams.set('token', token);
  const headers: Record<string, string> = {};
  if (token && !inQuery) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, json: (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Record<string, unknown>) : null };
}

async function organiserSocket(r: Running) {
  return connectAs<OrganiserState>(r.url, { token: r.organiserToken }, 'state:organiser');
}

async function newOperatorToken(r: Running, socket: TestSocket): Promise<string> {
  const ack = (await emitRaw(socket, 'operator:new-token', {})) as Result<{ token: string }>;
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return ack.data.token;
}

/** What a command changes: where the show stands, the stage message, the rankings' visibility and reveal. */
const show = (d: Readonly<PodiumData>) => JSON.stringify({ live: d.live, visibility: d.visibility, scoring: d.scoring });

/** The projector's latest state and clock anchor, as a projector page keeps them. */
function follow(socket: TestSocket) {
  const seen: { state: PublicState | null; anchor: TimerAnchor | null } = { state: null, anchor: null };
  socket.on('state:public', (s) => (seen.state = s));
  socket.on('clock:anchor', (a) => (seen.anchor = a));
  return seen;
}

describe('the control API with the operator token', () => {
  let viaApi: Running;
  let viaConsole: Running;
  let consoleSocket: TestSocket;
  let operator: string;
  let projector: ReturnType<typeof follow>;

  beforeAll(async () => {
    const data = seed();
    viaApi = await start(data);
    viaConsole = await start(data);
    const apiConsole = await organiserSocket(viaApi);
    operator = await newOperatorToken(viaApi, apiConsole.socket);
    consoleSocket = (await organiserSocket(viaConsole)).socket;
    const screen = await connectAs<PublicState>(viaApi.url, { view: 'screen' }, 'state:public');
    projector = follow(screen.socket);
    projector.state = screen.first;
  });

  // Each step: the API's command (path, body) and the console's key for it (event, payload).
  const agendaId = (d: Readonly<PodiumData>, i: number) => d.event.agenda[i]!.id;
  const steps: { path: string; body?: Record<string, unknown>; event: string; payload: (d: Readonly<PodiumData>) => unknown; method?: 'GET' }[] = [
    { path: 'start', event: 'timer:start', payload: () => ({}) },
    { path: 'pause', event: 'timer:pause', payload: () => ({}) },
    { path: 'resume', event: 'timer:start', payload: () => ({}) },
    { path: 'add-time', body: { seconds: 30 }, event: 'timer:adjust', payload: () => ({ deltaMs: 30_000 }) },
    { path: 'remove-time?seconds=10', event: 'timer:adjust', payload: () => ({ deltaMs: -10_000 }) },
    { path: 'toggle', event: 'timer:toggle', payload: () => ({}) },
    { path: 'restart-phase', event: 'timer:restart-phase', payload: () => ({}) },
    { path: 'next', event: 'agenda:next', payload: () => ({}) },
    { path: 'next', method: 'GET', event: 'agenda:next', payload: () => ({}) },
    { path: 'previous', event: 'agenda:previous', payload: () => ({}) },
    { path: 'jump?position=4', event: 'agenda:jump', payload: (d) => ({ itemId: agendaId(d, 3) }) },
    { path: 'jump', body: { item: 'ITEM2' }, event: 'agenda:jump', payload: (d) => ({ itemId: agendaId(d, 2) }) },
    { path: 'message', body: { text: 'Wrap up', flash: true }, event: 'stage:message', payload: () => ({ text: 'Wrap up', flash: true }) },
    { path: 'clear-message', event: 'stage:clear', payload: () => ({}) },
    { path: 'visibility?mode=live', event: 'visibility:set', payload: () => ({ mode: 'live' }) },
    { path: 'visibility', body: { mode: 'reveal' }, event: 'visibility:set', payload: () => ({ mode: 'reveal' }) },
    { path: 'reveal/next', event: 'reveal:next', payload: () => ({}) },
    { path: 'reveal/next', event: 'reveal:next', payload: () => ({}) },
    { path: 'reveal/previous', event: 'reveal:previous', payload: () => ({}) },
    { path: 'reveal/restart', event: 'reveal:restart', payload: () => ({}) },
  ];

  it('moves the show as the console does, step by step, and the projector sees each step', async () => {
    for (const step of steps) {
      clock.t += 7_000;
      const body = step.body && 'item' in step.body ? { item: agendaId(viaApi.store.data, 2) } : step.body;
      const before = show(viaApi.store.data);
      const res = await api(viaApi, step.path, { token: operator, body, method: step.method });
      expect(res.status, `${step.path}: ${res.text}`).toBe(200);
      const ack = await emitRaw(consoleSocket, step.event, step.payload(viaConsole.store.data));
      expect(ack, step.event).toMatchObject({ ok: true });
      expect(show(viaApi.store.data), `${step.path} is ${step.event}`).toBe(show(viaConsole.store.data));
      // Every step moves something (a restart after the step back has nothing to undo).
      if (step.path !== 'reveal/restart') expect(show(viaApi.store.data), `${step.path} changed something`).not.toBe(before);
      // The answer is the state after the command, and the projector shows the same.
      const state = (res.json as { ok: boolean; state: ShowState }).state;
      const live = viaApi.store.data.live;
      expect(state.item_position).toBe(live.itemIndex + 1);
      expect(state.status).toBe(live.timer.status);
      expect(state.message).toBe(live.message?.text ?? '');
      expect(state.visibility).toBe(viaApi.store.data.visibility.mode);
      expect(state.reveal_step).toBe(viaApi.store.data.visibility.revealStep);
      await expect
        .poll(() => ({
          item: projector.state?.now.itemIndex,
          phase: projector.state?.now.phaseIndex,
          message: projector.state?.message?.text ?? '',
          visibility: projector.state?.visibility.mode,
          reveal: projector.state?.reveal?.step ?? 0,
          status: projector.anchor?.status,
        }))
        .toEqual({ item: live.itemIndex, phase: live.phaseIndex, message: live.message?.text ?? '', visibility: state.visibility, reveal: state.reveal_step, status: live.timer.status });
    }
  });

  it('audits each command as the operator’s, with the same words as the console’s', () => {
    const api = viaApi.store.data.audit.filter((e) => e.action !== 'operator:new-token');
    const console = viaConsole.store.data.audit;
    expect(api.map((e) => e.actor)).toEqual(steps.map(() => 'operator'));
    expect(api.map((e) => [e.action, e.detail])).toEqual(console.map((e) => [e.action, e.detail]));
    expect(console.map((e) => e.actor)).toEqual(steps.map(() => 'organiser'));
  });

  it('answers a refused command with its code, key, parameters and status, and changes nothing', async () => {
    const before = show(viaApi.store.data);
    const nothing = await api(viaApi, 'reveal/previous', { token: operator });
    expect(nothing.status).toBe(409);
    expect(nothing.json).toEqual({ ok: false, error: { code: 'conflict', key: 'error_nothing_revealed', params: {}, message: expect.any(String) } });
    const noSuchItem = await api(viaApi, 'jump?position=99', { token: operator });
    expect(noSuchItem.status).toBe(404);
    expect(noSuchItem.json).toMatchObject({ ok: false, error: { code: 'not-found', key: 'error_api_no_such_position', params: { position: '99', count: viaApi.store.data.event.agenda.length } } });
    const badMode = await api(viaApi, 'visibility?mode=everyone', { token: operator });
    expect(badMode.status).toBe(400);
    expect(badMode.json).toMatchObject({ ok: false, error: { code: 'bad-request', key: 'error_invalid_request' } });
    const notANumber = await api(viaApi, 'add-time?seconds=lots', { token: operator });
    expect(notANumber.status).toBe(400);
    const unknown = await api(viaApi, 'delete-everything', { token: operator });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { key: 'error_api_no_such_command' } });
    const put = await fetch(`${viaApi.url}/api/v1/next`, { method: 'PUT', headers: { Authorization: `Bearer ${operator}` } });
    expect(put.status).toBe(405);
    expect(show(viaApi.store.data)).toBe(before);
  });

  it('gives the state as flat JSON and as text, matching the projector’s view', async () => {
    clock.t += 3_000;
    await api(viaApi, 'jump?position=2', { token: operator });
    await api(viaApi, 'start', { token: operator });
    clock.t += 12_400;
    const res = await api(viaApi, 'state', { method: 'GET', token: operator, inQuery: true });
    expect(res.status).toBe(200);
    const state = res.json as unknown as ShowState;
    await expect.poll(() => projector.state?.now.itemIndex).toBe(1);
    const p = projector.state!;
    const anchor = projector.anchor!;
    expect(Object.values(state).every((v) => v === null || typeof v !== 'object')).toBe(true);
    expect(state.item_title).toBe(p.now.item!.title);
    expect(state.team).toBe(p.now.team!.name);
    expect(state.project).toBe(p.now.team!.project);
    expect(state.category).toBe(p.now.category?.name ?? '');
    expect(state.phase).toBe(p.now.phaseName);
    expect(state.next_item_title).toBe(p.now.next!.title);
    expect(state.visibility).toBe(p.visibility.mode);
    expect(state.status).toBe('running');
    // The projector's anchor, read at the state's instant: the same second on the clock.
    const remainingMs = anchor.endsAt! - state.server_time;
    expect(state.remaining_seconds).toBe(Math.ceil(remainingMs / 1000));
    expect(state.remaining_seconds).toBe(Math.ceil((p.now.item!.item.phases[0]!.durationMs - 12_400) / 1000));
    expect(state.overtime).toBe(false);

    const text = await api(viaApi, 'state.txt', { method: 'GET', token: operator });
    expect(text.status).toBe(200);
    expect(text.text).toContain(`team: ${p.now.team!.name}\n`);
    expect(text.text).toContain(`status: running\n`);
    const asFormat = await api(viaApi, 'state?format=text', { method: 'GET', token: operator });
    expect(asFormat.text).toBe(text.text);
    const field = await api(viaApi, 'state?field=remaining', { method: 'GET', token: operator });
    expect(field.text).toBe(state.remaining);

    // In overtime: negative seconds, and the overtime flag.
    clock.t += p.now.item!.item.phases[0]!.durationMs;
    const over = (await api(viaApi, 'state', { method: 'GET', token: operator })).json as unknown as ShowState;
    expect(over.overtime).toBe(true);
    expect(over.remaining_seconds).toBe(-12);
    expect(over.remaining).toBe('+0:12');
    expect(over.urgency).toBe('red');
  });
});

describe('who the control API refuses', () => {
  let r: Running;
  let socket: TestSocket;
  let operator: string;
  beforeAll(async () => {
    r = await start(seed(), { failedAttempts: new FailedAttempts(100) });
    socket = (await organiserSocket(r)).socket;
    operator = await newOperatorToken(r, socket);
  });

  it('refuses a juror’s link, no token, a wrong one, and changes nothing', async () => {
    const before = JSON.stringify(r.store.data);
    const jurorToken = r.store.data.event.jurors[0]!.token;
    for (const [token, key] of [
      [jurorToken, 'error_api_token_wrong'],
      [null, 'error_api_token_needed'],
      [`${operator.slice(0, -1)}x`, 'error_api_token_wrong'],
    ] as const) {
      for (const path of ['start', 'next', 'message?text=Hi', 'state']) {
        const res = await api(r, path, { token, method: path === 'state' ? 'GET' : 'POST' });
        expect(res.status, `${path} with ${token}`).toBe(401);
        expect(res.json).toMatchObject({ ok: false, error: { code: 'forbidden', key } });
      }
      const get = await api(r, 'next', { token, method: 'GET', inQuery: true });
      expect(get.status).toBe(401);
    }
    expect(JSON.stringify(r.store.data)).toBe(before);
  });

  it('takes ?token= only on a GET', async () => {
    const res = await api(r, 'next', { token: operator, inQuery: true, method: 'POST' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { key: 'error_api_query_token_get_only' } });
    expect(r.store.data.live.itemIndex).toBe(-1);
  });

  it('refuses a revoked token, and a replaced one, at once', async () => {
    expect((await api(r, 'start', { token: operator })).status).toBe(200);
    const replaced = operator;
    operator = await newOperatorToken(r, socket);
    const before = JSON.stringify(r.store.data.live);
    expect((await api(r, 'pause', { token: replaced })).status).toBe(401);
    expect(JSON.stringify(r.store.data.live)).toBe(before);
    expect((await api(r, 'pause', { token: operator })).status).toBe(200);
    expect(await emitRaw(socket, 'operator:revoke-token', {})).toMatchObject({ ok: true });
    expect(r.store.data.operatorToken).toBeNull();
    const after = JSON.stringify(r.store.data.live);
    for (const path of ['start', 'next', 'state']) {
      const res = await api(r, path, { token: operator, method: path === 'state' ? 'GET' : 'POST' });
      expect(res.status, path).toBe(401);
    }
    expect(JSON.stringify(r.store.data.live)).toBe(after);
    const audit = r.store.data.audit.filter((e) => e.action.startsWith('operator:'));
    expect(audit.map((e) => [e.actor, e.action])).toEqual([
      ['organiser', 'operator:new-token'],
      ['organiser', 'operator:new-token'],
      ['organiser', 'operator:revoke-token'],
    ]);
    // The token itself is never written in the audit.
    expect(JSON.stringify(r.store.data.audit)).not.toContain(replaced);
    operator = await newOperatorToken(r, socket);
  });

  it('opens nothing but the show: no exports, no event import, no console socket', async () => {
    const before = JSON.stringify(r.store.data);
    for (const path of ['event.json', 'results.csv', 'scores.csv', 'audit.json']) {
      const res = await fetch(`${r.url}/api/${path}`, { headers: { Authorization: `Bearer ${operator}` } });
      expect(res.status, path).toBe(403);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'error_api_organiser_only' } });
    }
    const exported = await (await fetch(`${r.url}/api/event.json`, { headers: { Authorization: `Bearer ${r.organiserToken}` } })).text();
    const imported = await fetch(`${r.url}/api/event-import`, { method: 'POST', headers: { Authorization: `Bearer ${operator}`, 'Content-Type': 'application/json' }, body: exported });
    expect(imported.status).toBe(403);
    const console = socketFor(r.url, { token: operator });
    const refused = await new Promise<string>((resolve) => {
      console.once('connect_error', (e) => resolve(e.message));
      console.once('connect', () => resolve('connected'));
    });
    console.disconnect();
    expect(refused).not.toBe('connected');
    expect(JSON.stringify(r.store.data)).toBe(before);
  });

  it('the organiser token drives the show too, audited as the organiser’s', async () => {
    const res = await api(r, 'message', { token: r.organiserToken, body: { text: 'From the desk' } });
    expect(res.status).toBe(200);
    expect(r.store.data.live.message?.text).toBe('From the desk');
    expect(r.store.data.audit.at(-1)).toMatchObject({ actor: 'organiser', action: 'stage:message' });
  });
});

describe('the control API’s limits', () => {
  it('counts wrong tokens as failed attempts, and the right token still gets in', async () => {
    const r = await start(seed(), { failedAttempts: new FailedAttempts(3) });
    const socket = (await organiserSocket(r)).socket;
    const operator = await newOperatorToken(r, socket);
    for (let i = 0; i < 3; i++) expect((await api(r, 'next', { token: `wrong-token-${i}-abcdefghijklmnop` })).status).toBe(401);
    const blocked = await api(r, 'next', { token: 'wrong-token-again-abcdefghijklmnop' });
    expect(blocked.status).toBe(429);
    expect(blocked.json).toMatchObject({ error: { code: 'rate-limited', key: 'error_too_many_failures' } });
    // The same failures hold back a wrong organiser token on the exports, shared with the sockets.
    expect((await fetch(`${r.url}/api/event.json`, { headers: { Authorization: 'Bearer nope-nope-nope-nope-nope' } })).status).toBe(429);
    expect((await api(r, 'start', { token: operator })).status).toBe(200);
  });

  it('rate-limits a token as its sockets are, and cuts off a flood', async () => {
    const r = await start(seed(), { rateLimit: { perSecond: 1, burst: 3, disconnectAfter: 2, cutOffMs: 60_000 } });
    const socket = (await organiserSocket(r)).socket;
    const operator = await newOperatorToken(r, socket);
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await api(r, 'state', { method: 'GET', token: operator })).status);
    expect(answers).toEqual([200, 200, 200, 429, 429, 429]);
    const cut = await api(r, 'state', { method: 'GET', token: operator });
    expect(cut.json).toMatchObject({ error: { code: 'rate-limited', key: 'error_rate_cut_off' } });
    // Time served (the test's clock): a full bucket again.
    clock.t += 61_000;
    expect((await api(r, 'state', { method: 'GET', token: operator })).status).toBe(200);
  });
});
