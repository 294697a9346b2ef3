import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStoredState } from '../../server/store.ts';
import { emitRaw, socketFor, tempDir } from '../helpers/app.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';

let server: ChildServer | undefined;
afterEach(async () => {
  await server?.kill();
});

describe('the real server process', () => {
  it('seeds the demo event on first start and keeps a change across a SIGKILL', async () => {
    const dir = tempDir();
    server = await startChildServer(dir);
    expect(server.output()).toMatch(/projector screen\s+http/);
    expect(server.output()).toMatch(/\/jury\/[A-Za-z0-9_-]{32}/);
    const s = socketFor(server.url, { token: server.organiserToken });
    const ack = await emitRaw(s, 'category:save', { name: 'Added before the crash' });
    expect(ack).toMatchObject({ ok: true });
    s.disconnect();
    await server.kill();
    const onDisk = await readStoredState(dir);
    expect(onDisk.event.categories.map((c) => c.name)).toContain('Added before the crash');
    server = await startChildServer(dir);
    const again = socketFor(server.url, { token: server.organiserToken });
    const state = await new Promise<{ data: { event: { categories: { name: string }[] } } }>((r) => again.once('state:organiser', r as never));
    expect(state.data.event.categories.map((c) => c.name)).toContain('Added before the crash');
    again.disconnect();
  });

  it('with PODIUM_LANG=fr, seeds the French demo event and prints its start-up lines in French', async () => {
    server = await startChildServer(tempDir(), { PODIUM_LANG: 'fr' });
    expect(server.output()).toContain('Podium est lancé\u202f: Prix des jeunes innovateurs contre la pollution plastique');
    expect(server.output()).toMatch(/projecteur\s+http/);
    expect(server.output()).toContain('jurés (liens personnels\u202f: ne pas partager)');
    const s = socketFor(server.url, { view: 'stage' });
    const state = await new Promise<{ language: string; criteria: { name: string }[] }>((r) => s.once('state:public', r as never));
    expect(state.language).toBe('fr');
    expect(state.criteria.map((c) => c.name)).toEqual(['Impact', 'Portée', 'Mise en œuvre', 'Environnement']);
    s.disconnect();
  });

  it('refuses to start on a corrupt data file and leaves it untouched', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'podium.json'), '{"schemaVersion": 1, "event": ');
    await expect(startChildServer(dir)).rejects.toThrow(/podium\.json.*(JSON|Unexpected|end)/s);
    expect(readFileSync(join(dir, 'podium.json'), 'utf8')).toBe('{"schemaVersion": 1, "event": ');
  });
});
