// Public screens show the times the show will keep, not the plan it has already missed.
import { afterEach, describe, expect, it } from 'vitest';
import type { PublicState } from '../../protocol/views.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { emitRaw, nextEvent, organiser, screen, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

const MIN = 60_000;
let t: TestApp | undefined;
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await t?.close();
});

describe('projected times on the public screens', () => {
  it('after a 9-minute late start, the projector and the audience get the times the console projects', async () => {
    const seed = demoData();
    const startsAt = seed.event.settings.startsAt;
    const clock = { at: startsAt + 9 * MIN, now: () => clock.at };
    t = await startApp({ seed: () => seed, clock });
    const org = await organiser(t);
    const pub = await screen(t);
    sockets.push(org.socket, pub.socket);
    // Before anything starts, 9 minutes past the planned start: already late.
    expect(pub.first.now.next?.projectedStart).toBe(startsAt + 9 * MIN);

    const started = nextEvent<PublicState>(pub.socket, 'state:public', (s) => s.now.itemIndex === 0);
    const console = nextEvent<{ drift: { lateMs: number }; agenda: PublicState['agenda'] }>(org.socket, 'state:organiser', (s) => s.agenda[0]!.log?.startedAt != null);
    expect(await emitRaw(org.socket, 'timer:start', {})).toMatchObject({ ok: true });
    const state = await started;
    const organiserState = await console;

    expect(organiserState.drift.lateMs).toBe(9 * MIN);
    const next = state.now.next!;
    expect(next.scheduledStart).toBe(startsAt + state.agenda[0]!.plannedMs);
    expect(next.projectedStart).toBe(next.scheduledStart + 9 * MIN);
    // Every item to come is 9 minutes later than planned, exactly as the console says.
    for (const item of state.agenda) expect(item.projectedStart - item.scheduledStart).toBe(9 * MIN);
    expect(state.agenda.map((s) => s.projectedStart)).toEqual(organiserState.agenda.map((s) => s.projectedStart));
  });
});
