import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectAs, emitRaw, juror, organiser, screen, socketFor, startApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await startApp();
});
afterEach(async () => {
  await t.close();
});

describe('roles at connection', () => {
  it('gives the organiser the whole event, with juror links', async () => {
    const { socket, first } = await organiser(t);
    expect(first.data.event.settings.name).toContain('Plastic');
    expect(first.data.event.jurors[0]!.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    socket.disconnect();
  });

  it('gives a juror their own view, without other jurors or their tokens', async () => {
    const { socket, first } = await juror(t, 1);
    expect(first.juror.name).toBe(t.data().event.jurors[1]!.name);
    const text = JSON.stringify(first);
    for (const j of t.data().event.jurors) expect(text).not.toContain(j.token);
    expect(text).not.toContain(t.organiserToken);
    socket.disconnect();
  });

  it('gives public views the show but no tokens', async () => {
    const { socket, first } = await screen(t);
    expect(first.teams.map((x) => x.name)).toContain('ecopals');
    const text = JSON.stringify(first);
    expect(text).not.toContain(t.organiserToken);
    for (const j of t.data().event.jurors) expect(text).not.toContain(j.token);
    socket.disconnect();
  });

  it('refuses an unknown token with a reason a person can read', async () => {
    await expect(connectAs(t.url, { token: 'x'.repeat(32) }, 'state:juror')).rejects.toThrow(/not valid/);
  });

  it('answers an organiser command from a juror with forbidden and changes nothing', async () => {
    const { socket } = await juror(t);
    const before = JSON.stringify(t.data());
    const ack = await emitRaw(socket, 'timer:start', {});
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(JSON.stringify(t.data())).toBe(before);
    socket.disconnect();
  });

  it('answers clock pings from every role', async () => {
    const s = socketFor(t.url, { view: 'stage' });
    const ack = (await emitRaw(s, 'clock:ping', {})) as { ok: boolean; data: { serverNow: number } };
    expect(ack.ok).toBe(true);
    expect(Math.abs(ack.data.serverNow - Date.now())).toBeLessThan(5000);
    s.disconnect();
  });
});
