// The pages rebuilt under a running server (`npm run build` during a rehearsal):
// the old assets vanish. Podium answers 404 for them and serves the new page; it
// must never end the process by reading a file that is no longer there.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app.ts';
import { demoData } from '../../server/domain/demo-event.ts';
import { Store } from '../../server/store.ts';
import { tempDir } from '../helpers/app.ts';

let app: App | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

function build(dist: string, hash: string): void {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'screen.html'), `<!doctype html><script type="module" src="/assets/screen-${hash}.js"></script>`);
  writeFileSync(join(dist, 'assets', `screen-${hash}.js`), `console.log(${JSON.stringify(hash)});`);
}

describe('pages rebuilt while the server runs', () => {
  it('answers 404 for a vanished asset, serves the new page and its asset, and keeps running', async () => {
    const dist = join(tempDir(), 'dist');
    build(dist, 'old111');
    const store = await Store.open({ dir: tempDir(), seed: () => demoData() });
    app = createApp({ store, distDir: dist });
    const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    expect((await fetch(`${url}/assets/screen-old111.js`)).status).toBe(200);
    expect(await (await fetch(`${url}/screen`)).text()).toContain('screen-old111.js');

    build(dist, 'new222');
    expect((await fetch(`${url}/assets/screen-old111.js`)).status).toBe(404);
    expect(await (await fetch(`${url}/screen`)).text()).toContain('screen-new222.js');
    const asset = await fetch(`${url}/assets/screen-new222.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toContain('new222');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});
