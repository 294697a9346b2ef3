// A Build row's form on a slow network (client/src/pages/organiser/build/draft.svelte.ts):
// the server answers a save, then sends the change; the organiser types on meanwhile,
// saves twice, or another console saves the same row.
import { resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as DraftModule from '../../client/src/pages/organiser/build/draft.svelte.ts';
import type { Result } from '../../protocol/result.ts';
import { importRunes, loadStateBox, type StateBox } from '../helpers/runes.ts';

let Draft: typeof DraftModule.Draft;
let SETTLE_MS: number;
let stateBox: <T>(initial: T) => StateBox<T>;
beforeAll(async () => {
  ({ Draft, SETTLE_MS } = await importRunes<typeof DraftModule>(resolve(import.meta.dirname, '../../client/src/pages/organiser/build/draft.svelte.ts')));
  stateBox = await loadStateBox();
});

type Row = { name: string; zone: string };

/** A save whose answer the test gives: `answer()` accepts it, `refuse()` refuses it. */
function pendingSave() {
  let settle!: (r: Result<null>) => void;
  const request = new Promise<Result<null>>((resolve) => (settle = resolve));
  return {
    request,
    answer: async () => {
      settle({ ok: true, data: null });
      await request;
      await Promise.resolve();
    },
    refuse: async () => {
      settle({ ok: false, error: { code: 'bad-request', message: 'name: must not be empty' } });
      await request;
      await Promise.resolve();
    },
  };
}

function row(initial: Row) {
  const server = stateBox(initial);
  const draft = new Draft(() => ({ ...server.value }));
  const save = () => {
    const s = pendingSave();
    void draft.save(s.request);
    return s;
  };
  return { server, draft, save };
}

describe("a Build row's form", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saved twice before the first answer: the first change does not undo the second', async () => {
    const { server, draft, save } = row({ name: 'Alpha', zone: '' });
    draft.value.name = 'Alpha Labs';
    const first = save();
    draft.value.name = 'Alpha Labs SA';
    const second = save();
    await first.answer();
    server.value = { name: 'Alpha Labs', zone: '' };
    expect(draft.value.name).toBe('Alpha Labs SA');
    draft.value.zone = 'Hall B'; // typed while the second save is out
    await second.answer();
    server.value = { name: 'Alpha Labs SA', zone: '' };
    expect(draft.value).toEqual({ name: 'Alpha Labs SA', zone: 'Hall B' });
    expect(draft.dirty).toBe(true);
  });

  it('keeps what was typed since a save when another console changes the row before its answer', async () => {
    const { server, draft, save } = row({ name: 'Alpha', zone: 'Hall A' });
    draft.value.name = 'Alpha Labs';
    const s = save();
    draft.value.name = 'Alpha Labs SA';
    server.value = { name: 'Alpha', zone: 'Hall C' }; // another console, before this save's answer
    expect(draft.value).toEqual({ name: 'Alpha Labs SA', zone: 'Hall A' });
    await s.answer();
    server.value = { name: 'Alpha Labs', zone: 'Hall A' }; // this save, a whole row, wrote the zone back
    expect(draft.value).toEqual({ name: 'Alpha Labs SA', zone: 'Hall A' });
  });

  it('with no save out, another console’s change wins over an unsaved edit of the same field', async () => {
    const { server, draft, save } = row({ name: 'Alpha', zone: '' });
    draft.value.name = '';
    const s = save();
    await s.refuse();
    expect(draft.value.name).toBe('');
    draft.value.name = 'Alpha Team';
    server.value = { name: 'Omega', zone: 'Hall A' };
    expect(draft.value).toEqual({ name: 'Omega', zone: 'Hall A' });
    expect(draft.dirty).toBe(false);
  });

  it('a save the server took without a change shows the server’s value once its change has not come', async () => {
    const { draft, save } = row({ name: 'Alpha', zone: '' });
    draft.value.name = 'Alpha ';
    const s = save();
    await s.answer();
    expect(draft.value.name).toBe('Alpha ');
    vi.advanceTimersByTime(SETTLE_MS);
    expect(draft.value.name).toBe('Alpha');
    expect(draft.dirty).toBe(false);
  });
});
