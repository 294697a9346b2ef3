// The message to the speaker belongs to the item it was sent in: the stage
// monitor must not show "Please wrap up" to the next speaker.
import { afterEach, describe, expect, it } from 'vitest';
import type { PublicState } from '../../protocol/views.ts';
import { emitRaw, nextEvent, organiser, screen, startApp, type TestApp, type TestSocket } from '../helpers/app.ts';

const opened: TestApp[] = [];
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const t of opened.splice(0)) await t.close();
});

describe('the stage message across agenda items', () => {
  it('stays for the recap of the same pitch and is gone from the stage monitor when the next item starts', async () => {
    const t = await startApp();
    opened.push(t);
    const org = await organiser(t);
    const stage = await screen(t, 'stage');
    sockets.push(org.socket, stage.socket);
    const pitch = t.data().event.agenda.findIndex((i) => i.kind === 'pitch');
    const pitchId = t.data().event.agenda[pitch]!.id;
    expect(await emitRaw(org.socket, 'agenda:jump', { itemId: pitchId })).toMatchObject({ ok: true });
    expect(await emitRaw(org.socket, 'timer:start', {})).toMatchObject({ ok: true });

    const shown = nextEvent<PublicState>(stage.socket, 'state:public', (s) => s.message?.text === 'Please wrap up');
    expect(await emitRaw(org.socket, 'stage:message', { text: 'Please wrap up', flash: false })).toMatchObject({ ok: true });
    await shown;

    // Pitch → recap: same speaker, the message stays.
    const recap = nextEvent<PublicState>(stage.socket, 'state:public', (s) => s.now.phaseIndex === 1);
    expect(await emitRaw(org.socket, 'agenda:next', {})).toMatchObject({ ok: true });
    expect((await recap).message?.text).toBe('Please wrap up');

    // Recap → the next item: a new speaker, no message.
    const nextItem = nextEvent<PublicState>(stage.socket, 'state:public', (s) => s.now.itemIndex === pitch + 1);
    expect(await emitRaw(org.socket, 'agenda:next', {})).toMatchObject({ ok: true });
    expect((await nextItem).message).toBeNull();
    expect(t.data().live.message).toBeNull();
  });
});
