// Every refusal in an ack names its message and parameters, beside the English text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
