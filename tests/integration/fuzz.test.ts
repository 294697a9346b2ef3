// Property: whatever a client sends, to whatever event, in whatever role, the
// server answers it, stays up, and changes the stored state only for a payload
// that was valid for that role. Then hostile imports: refused whole, clearly.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllowedRoles, Payloads, type EventName } from '../../protocol/events.ts';
import type { PodiumData } from '../../protocol/model.ts';
import type { JurorState, OrganiserState, PublicState, Role } from '../../protocol/views.ts';
import { createApp, type App } from '../../server/app.ts';
import { demoData, demoEvent } from '../../server/domain/demo-event.ts';
import { MESSAGE_BYTES_BY_ROLE } from '../../server/socket/message-size.ts';
import { Store } from '../../server/store.ts';
import { connectAs, distDir, emitRaw, importEventFile, tempDir, type TestSocket } from '../helpers/app.ts';

const RUNS_PER_PAIR = Number(process.env.PODIUM_FUZZ_RUNS ?? (process.env.PODIUM_LONG === '1' ? 200 : 25));

let store: Store;
let app: App;
let url: string;
const sockets = {} as Record<Role, TestSocket>;
beforeAll(async () => {
  store = await Store.open({ dir: tempDir(), seed: () => demoData() });
  // No events-per-second limit here: this test is about content, not rate.
  app = createApp({ store, distDir, rateLimit: false });
  url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  for (const role of ['organiser', 'juror', 'public'] as Role[]) sockets[role] = await connectRole(role);
});

async function connectRole(role: Role): Promise<TestSocket> {
  if (role === 'organiser') return (await connectAs<OrganiserState>(url, { token: app.organiserToken() }, 'state:organiser')).socket;
  if (role === 'juror') return (await connectAs<JurorState>(url, { token: store.data.event.jurors[0]!.token }, 'state:juror')).socket;
  return (await connectAs<PublicState>(url, { view: 'screen' }, 'state:public')).socket;
}
afterAll(async () => {
  for (const s of Object.values(sockets)) s?.disconnect();
  await app?.close();
  await store?.close(); // as the server's shutdown does (startApp's close says why)
});

/**
 * A near-valid payload per event, to mutate. Ids that could cut off the fuzzing
 * sockets (the first juror, a whole event) point at nothing, so they fail on their own.
 */
function base(event: EventName, d: Readonly<PodiumData>): Record<string, unknown> {
  const team = d.event.teams[1]?.id ?? 'no-team';
  const juror = d.event.jurors[1]?.id ?? 'no-juror';
  const byId: Partial<Record<EventName, Record<string, unknown>>> = {
    'settings:update': { name: 'Fuzzed', autoAdvanceToRecap: false },
    'category:save': { name: 'Fuzz category' },
    'criterion:save': { name: 'Fuzz', question: '', weight: 1, min: 1, max: 10 },
    'team:save': { name: 'Fuzz team', project: '', members: ['A'], categoryId: null },
    'team:import-csv': { csv: 'name,project\nFuzz import,x\n' },
    'juror:save': { name: 'Fuzz juror' },
    'juror:reissue-link': { id: 'no-such-juror' },
    'juror:remove': { id: 'no-such-juror' },
    'juror:set-conflict': { jurorId: juror, teamId: team, conflict: true },
    'juror:assign': { assignments: [{ jurorId: juror, rooms: [], teams: [team] }] },
    'agenda:save': { kind: 'session', sessionKind: 'other', title: 'Fuzz', phases: [{ name: 'x', durationMs: 1000 }] },
    'timer:adjust': { deltaMs: 1000 },
    'agenda:jump': { itemId: d.event.agenda[1]?.id ?? 'x' },
    'stage:message': { text: 'Fuzz', flash: false },
    'score:submit': {
      opId: 'fuzz-op-00000',
      teamId: d.event.teams[0]?.id ?? 'x',
      revision: 1,
      marks: Object.fromEntries(d.event.criteria.map((c) => [c.id, c.min])),
      note: '',
    },
    'scoring:open': { teamId: team },
    'scoring:close': { teamId: team },
    'visibility:set': { mode: 'live' },
    'leaderboard:focus': { focus: 'rotate' },
  };
  if (byId[event]) return byId[event];
  const shape = (Payloads[event] as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  if ('toIndex' in shape) return { id: d.event.teams[2]?.id ?? 'x', toIndex: 1 };
  if ('id' in shape) return { id: 'no-such-thing' };
  return {};
}

const hostileValue = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, 2 ** 53 + 1, 0.5, -1, '', ' ', '\u0000', '\uFFFD', '<img src=x onerror=alert(1)>'),
  fc.constant('x'.repeat(100_000)),
  fc.constant({ __proto__: { polluted: true } }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}')),
  fc.constant(Array.from({ length: 2000 }, (_, i) => i)),
);
const dangerousKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'polluted');

/** Arbitrary args for one emit: a mutated valid payload, something else entirely, or the wrong number of them. */
const argsFor = (event: EventName) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.string(), hostileValue).map(([k, v]) => ({ kind: 'replace', k, v }) as const) },
    { weight: 2, arbitrary: fc.tuple(dangerousKey, hostileValue).map(([k, v]) => ({ kind: 'add', k, v }) as const) },
    { weight: 1, arbitrary: fc.nat().map((n) => ({ kind: 'drop', n }) as const) },
    { weight: 1, arbitrary: fc.constant({ kind: 'valid' } as const) },
    { weight: 2, arbitrary: hostileValue.map((v) => ({ kind: 'whole', v }) as const) },
    { weight: 1, arbitrary: fc.array(fc.jsonValue(), { maxLength: 3 }).map((extra) => ({ kind: 'args', extra }) as const) },
  ).map((m) => {
    const payload: Record<string, unknown> = { ...base(event, store.data) };
    const keys = Object.keys(payload);
    switch (m.kind) {
      case 'replace':
        payload[keys.length ? keys[m.k.length % keys.length]! : m.k] = m.v;
        return [payload];
      case 'add':
        // defineProperty, so that `__proto__` becomes a real key on the wire rather than a prototype.
        Object.defineProperty(payload, m.k, { value: m.v, enumerable: true, configurable: true, writable: true });
        return [payload];
      case 'drop':
        if (keys.length) delete payload[keys[m.n % keys.length]!];
        return [payload];
      case 'valid':
        return [payload];
      case 'whole':
        return [m.v];
      case 'args':
        return m.extra;
    }
  });

describe('fuzzing every event from every role', () => {
  it('answers every call, stays up, and changes nothing unless the payload was valid for the role', { timeout: 120_000 }, async () => {
    const counts = { calls: 0, refused: 0, accepted: 0, oversize: 0 };
    const started = performance.now();
    for (const event of Object.keys(Payloads) as EventName[]) {
      for (const role of ['organiser', 'juror', 'public'] as Role[]) {
        await fc.assert(
          fc.asyncProperty(argsFor(event), async (args) => {
            const before = JSON.stringify(store.data);
            // Past its role's message size the socket is closed before anything is parsed: nothing changes,
            // and the page would reconnect (here: a new socket for the role).
            const wire = Buffer.byteLength(JSON.stringify([event, ...args]) ?? '');
            if (wire > MESSAGE_BYTES_BY_ROLE[role] - 16) {
              if (wire <= MESSAGE_BYTES_BY_ROLE[role] + 16) return; // on the edge: either fate is right
              const closed = new Promise<string>((r) => sockets[role].once('disconnect', r));
              (sockets[role] as unknown as { emit: (e: string, ...a: unknown[]) => void }).emit(event, ...args);
              expect(await closed).toMatch(/transport close|io server disconnect/);
              counts.calls++;
              counts.oversize++;
              expect(JSON.stringify(store.data)).toBe(before);
              sockets[role] = await connectRole(role);
              return;
            }
            const ack = (await emitRaw(sockets[role], event, ...args)) as { ok: boolean; error?: { code: string; message: string } };
            counts.calls++;
            expect(typeof ack.ok).toBe('boolean');
            if (!ack.ok) {
              counts.refused++;
              expect(ack.error!.code).not.toBe('internal');
              expect(typeof ack.error!.message).toBe('string');
              expect(JSON.stringify(store.data)).toBe(before);
              return;
            }
            counts.accepted++;
            // What the server received is the JSON of what was sent.
            const received = args.length === 1 ? JSON.parse(JSON.stringify(args[0]) ?? 'null') : undefined;
            expect(AllowedRoles[event]).toContain(role);
            expect(args).toHaveLength(1);
            expect(Payloads[event].safeParse(received).success).toBe(true);
          }),
          { numRuns: RUNS_PER_PAIR },
        );
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    for (const s of Object.values(sockets)) expect(s.connected).toBe(true);
    expect(await emitRaw(sockets.public, 'clock:ping', {})).toMatchObject({ ok: true });
    console.log(
      `[fuzz] ${counts.calls} calls (${Object.keys(Payloads).length} events × 3 roles × ${RUNS_PER_PAIR}): ` +
        `${counts.refused} refused with state unchanged, ${counts.oversize} past the role's message size (socket closed, state unchanged), ${counts.accepted} valid and accepted, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  });
});

describe('hostile imports', () => {
  const importing = async (event: 'team:import-csv' | 'event:import', payload: { csv: string } | { json: string }) => {
    const before = JSON.stringify(store.data);
    const ack =
      event === 'event:import'
        ? ((await importEventFile(url, app.organiserToken(), (payload as { json: string }).json)) as { ok: boolean; error?: { code: string; message: string } })
        : ((await emitRaw(sockets.organiser, event, payload)) as { ok: boolean; error?: { code: string; message: string } });
    expect(ack.ok, JSON.stringify(ack)).toBe(false);
    expect(JSON.stringify(store.data), 'nothing half imported').toBe(before);
    return ack.error!;
  };

  it('refuses hostile team CSV files whole, saying why', async () => {
    expect((await importing('team:import-csv', { csv: `name\n${'A team,\n'.repeat(130_000)}` })).message).toMatch(/1000000|too big|at most/i);
    const latin1 = new TextDecoder('utf-8').decode(new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x0a]));
    expect((await importing('team:import-csv', { csv: latin1 })).message).toMatch(/UTF-8/);
    const utf16 = Buffer.from('name\nTeam\n', 'utf16le').toString('latin1');
    expect((await importing('team:import-csv', { csv: utf16 })).message).toMatch(/UTF-8/);
    expect((await importing('team:import-csv', { csv: 'name\nTwins\nNew one\ntwins\n' })).message).toMatch(/Twins|twice/i);
    expect((await importing('team:import-csv', { csv: `name\n${Array.from({ length: 400 }, (_, i) => `Crowd ${i}`).join('\n')}\n` })).code).toBe('limit');
    expect((await importing('team:import-csv', { csv: `name\nGood\n${'x'.repeat(500)}\n` })).message).toMatch(/line 3/);
  });

  it('keeps a formula cell as plain text, and the export neutralises it for spreadsheets', async () => {
    const formula = '=HYPERLINK("http://evil.example","win")';
    const ack = await emitRaw(sockets.organiser, 'team:import-csv', { csv: `name,project\n"${formula.replaceAll('"', '""')}",+cmd\n` });
    expect(ack).toMatchObject({ ok: true });
    const team = store.data.event.teams.find((t) => t.name === formula);
    expect(team?.project).toBe('+cmd');
    const csv = await (await fetch(`${url}/api/results.csv`, { headers: { Authorization: `Bearer ${app.organiserToken()}` } })).text();
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/(^|,|")=HYPERLINK/m);
  });

  it('refuses hostile event files whole, saying why', async () => {
    const event = demoEvent();
    const dupTeams = { ...event, teams: [...event.teams, { ...event.teams[0]! }] };
    expect((await importing('event:import', { json: JSON.stringify({ event: dupTeams }) })).message).toMatch(/share the id/);
    const dupJurors = { ...event, jurors: [event.jurors[0]!, { ...event.jurors[1]!, token: event.jurors[0]!.token }] };
    expect((await importing('event:import', { json: JSON.stringify({ event: dupJurors }) })).message).toMatch(/share a link/);
    expect((await importing('event:import', { json: '{"event": {"settings": ' })).message).toMatch(/not valid JSON/);
    expect((await importing('event:import', { json: JSON.stringify({ hello: 'world' }) })).message).toMatch(/not a Podium event/);
    const polluted = `{"__proto__": {"polluted": true}, "event": ${JSON.stringify(event)}}`;
    const ack = await importEventFile(url, app.organiserToken(), polluted);
    // Whether it is refused (scores exist) or not, nothing may reach Object.prototype.
    expect(typeof (ack as { ok: boolean }).ok).toBe('boolean');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const huge = { ...event, teams: event.teams.map((t) => ({ ...t, project: 'x'.repeat(850_000) })) };
    expect((await importing('event:import', { json: JSON.stringify({ event: huge }) })).code).toBe('bad-request');
    const orphan = { ...event, agenda: [{ id: 'p1', kind: 'pitch', teamId: 'nobody', phases: [{ name: 'Pitch', durationMs: 1000 }] }] };
    expect((await importing('event:import', { json: JSON.stringify({ event: orphan }) })).message).toMatch(/unknown team/);
  });
});
