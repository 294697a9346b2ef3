// Every refusal in an ack names its message and parameters, beside the English text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import { emitRaw, juror, organiser, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

let t: TestApp;
const sockets: TestSocket[] = [];
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.close();
});

describe('refusals carry a key and parameters', () => {
  it('a listener refusal (role, payload) and a domain refusal (scoring closed)', async () => {
    const j = await juror(t, 0);
    const org = await organiser(t);
    sockets.push(j.socket, org.socket);
    expect(await emitRaw(j.socket, 'timer:start', {})).toEqual({
      ok: false,
      error: { code: 'forbidden', key: 'error_role_forbidden', params: { role: 'juror', action: 'timer:start' }, message: 'Your role (juror) may not do timer:start.' },
    });
    const invalid = (await emitRaw(org.socket, 'timer:adjust', { deltaMs: 'soon' })) as { error: { key: string; params: { action: string; details: string } } };
    expect(invalid.error).toMatchObject({ code: 'bad-request', key: 'error_invalid_request', params: { action: 'timer:adjust' } });
    expect(invalid.error.params.details).toMatch(/deltaMs/);
    // The same problems as keys and parameters, so the console says them in its language.
    expect((invalid.error as { details?: unknown }).details).toEqual({ param: 'details', join: 'list', items: [{ key: 'error_issue_type', params: { field: 'deltaMs', expected: 'number' } }] });
    const team = t.data().event.teams[0]!;
    const closed = await emitRaw(j.socket, 'score:submit', {
      opId: 'closed-op-1',
      teamId: team.id,
      revision: 1,
      marks: Object.fromEntries(t.data().event.criteria.map((c) => [c.id, 5])),
      note: '',
    });
    expect(closed).toEqual({
      ok: false,
      error: { code: 'closed', key: 'error_scoring_not_open', params: { team: team.name }, message: `Scoring for "${team.name}" has not opened yet.` },
    });
  });
});

describe('a refused handshake names its message too', () => {
  it('a link that is no longer valid: code, key and the English words', async () => {
    const socket = connectClient(t.url, { auth: { token: 'x'.repeat(32) }, transports: ['websocket'], reconnection: false, forceNew: true });
    const refused = await new Promise<Error & { data?: unknown }>((resolve) => socket.once('connect_error', resolve));
    socket.disconnect();
    expect(refused.message).toBe('This link is not valid (it may have been replaced). Ask the organiser for your current link.');
    expect(refused.data).toEqual({ code: 'unauthorised', key: 'error_link_not_valid', params: {} });
  });
});
