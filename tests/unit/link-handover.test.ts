import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handOverLink, type HandoverStorage } from '../../client/src/pages/jury/link-handover.ts';

function memoryStorage(): HandoverStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

let Drafts: typeof import('../../client/src/pages/jury/drafts.svelte.ts').Drafts;
beforeAll(async () => {
  // drafts.svelte.ts uses Svelte's $state rune, which only the Svelte compiler knows; outside it, a plain value does.
  vi.stubGlobal('$state', <T>(v: T) => v);
  ({ Drafts } = await import('../../client/src/pages/jury/drafts.svelte.ts'));
});

const entry = (opId: string, teamId: string, revision: number) => ({ opId, teamId, revision, marks: { a: 5 }, note: '', queuedAt: 0, attempts: 1, lastError: null });

describe('handing over to a new juror link', () => {
  it('moves scores waiting under the old link and its drafts to the new one, once', () => {
    const storage = memoryStorage();
    expect(handOverLink(storage, 'j1', 'old-token')).toEqual({ scores: 0, drafts: 0 });
    storage.setItem('podium:outbox:old-token', JSON.stringify({ entries: [entry('op-1', 't1', 3)], revisions: { t1: 3, t2: 1 } }));
    storage.setItem('podium:draft:old-token:t2', JSON.stringify({ marks: { a: 7 }, note: 'half done', updatedAt: 1 }));
    storage.setItem('podium:outbox:new-token', JSON.stringify({ entries: [entry('op-2', 't3', 1)], revisions: { t1: 1, t3: 1 } }));

    expect(handOverLink(storage, 'j1', 'new-token')).toEqual({ scores: 1, drafts: 1 });
    const outbox = JSON.parse(storage.getItem('podium:outbox:new-token')!);
    expect(outbox.entries.map((e: { opId: string }) => e.opId)).toEqual(['op-1', 'op-2']);
    // Revisions keep rising from the highest the phone ever used for each team.
    expect(outbox.revisions).toEqual({ t1: 3, t2: 1, t3: 1 });
    expect(JSON.parse(storage.getItem('podium:draft:new-token:t2')!).note).toBe('half done');
    expect(storage.getItem('podium:outbox:old-token')).toBeNull();
    expect(storage.getItem('podium:draft:old-token:t2')).toBeNull();
    // Opening the new link again moves nothing more.
    expect(handOverLink(storage, 'j1', 'new-token')).toEqual({ scores: 0, drafts: 0 });
  });

  it('leaves other jurors on the same phone alone, and keeps a newer draft over an older one', () => {
    const storage = memoryStorage();
    handOverLink(storage, 'j1', 'a-old');
    handOverLink(storage, 'j2', 'b-token');
    storage.setItem('podium:outbox:b-token', JSON.stringify({ entries: [entry('op-b', 't1', 1)], revisions: { t1: 1 } }));
    storage.setItem('podium:draft:a-old:t1', JSON.stringify({ marks: { a: 1 }, note: 'old', updatedAt: 1 }));
    storage.setItem('podium:draft:a-new:t1', JSON.stringify({ marks: { a: 2 }, note: 'new', updatedAt: 2 }));
    expect(handOverLink(storage, 'j1', 'a-new')).toEqual({ scores: 0, drafts: 0 });
    expect(JSON.parse(storage.getItem('podium:draft:a-new:t1')!).note).toBe('new');
    expect(JSON.parse(storage.getItem('podium:outbox:b-token')!).entries).toHaveLength(1);
  });
});

describe('drafts and the handover agree on where drafts are kept', () => {
  it('a draft the page saved under the old link is read by the page under the new one', () => {
    const storage = memoryStorage();
    handOverLink(storage, 'j9', 'old-link');
    new Drafts(storage, 'old-link').set('t7', { a: 4 }, 'tapped, not saved');
    expect(handOverLink(storage, 'j9', 'new-link')).toEqual({ scores: 0, drafts: 1 });
    expect(new Drafts(storage, 'new-link').get('t7')).toMatchObject({ marks: { a: 4 }, note: 'tapped, not saved' });
    expect(new Drafts(storage, 'old-link').get('t7')).toBeUndefined();
  });
});
