// The demo event's room, connected: the organiser, `jurors` jurors, the projector and an
// audience phone, scoring open for every team; closed after each test. For the tests of
// what each of them receives: visibility.test.ts and juror-board.test.ts.
import { afterEach, expect } from 'vitest';
import type { PodiumData } from '../../protocol/model.ts';
import { emitRaw, juror, organiser, screen, startApp, type TestApp, type TestSocket } from './app.ts';

/** Every criterion given `mark`, as a score's marks. */
export const marks = (d: Readonly<PodiumData>, mark: number) => Object.fromEntries(d.event.criteria.map((c) => [c.id, mark]));

/** Registers an afterEach that closes every room opened, and returns `room`, which opens one. */
export function roomsClosedAfterEach() {
  const opened: TestApp[] = [];
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    for (const t of opened.splice(0)) await t.close();
  });
  const keep = <T extends { socket: TestSocket }>(c: T): T => (sockets.push(c.socket), c);

  return async function room(jurorCount = 2) {
    const t = await startApp();
    opened.push(t);
    const org = keep(await organiser(t));
    const jurors = [];
    for (let i = 0; i < jurorCount; i++) jurors.push(keep(await juror(t, i)));
    const scr = keep(await screen(t, 'screen'));
    const audience = keep(await screen(t, 'audience'));
    expect(await emitRaw(org.socket, 'scoring:open', { teamId: null })).toMatchObject({ ok: true });
    return { t, org, jurors, scr, audience };
  };
}
