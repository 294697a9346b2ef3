// When the organiser gives a juror a new link (the old one leaked, say), scores
// and drafts still waiting on the phone under the old link must not be stranded:
// the page remembers which link it last used for this juror, and the first time
// the new link opens, it takes over what the old one left behind. Pure, over the
// page's storage, so it is tested without a browser.
import { draftPrefix, outboxKey, parseOutbox, type PersistedOutbox } from './outbox.ts';

export interface HandoverStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
  key?(index: number): string | null;
  readonly length?: number;
}

const readOutbox = (storage: HandoverStorage, token: string) => parseOutbox(storage.getItem(outboxKey(token)));

/** Moves what an earlier link of this juror left on the phone to `token`. Returns how much moved. */
export function handOverLink(storage: HandoverStorage, jurorId: string, token: string): { scores: number; drafts: number } {
  const linkKey = `podium:juror-link:${jurorId}`;
  const previous = storage.getItem(linkKey);
  storage.setItem(linkKey, token);
  if (!previous || previous === token) return { scores: 0, drafts: 0 };

  let scores = 0;
  const old = readOutbox(storage, previous);
  if (old) {
    const current: PersistedOutbox = readOutbox(storage, token) ?? { entries: [], revisions: {} };
    const known = new Set(current.entries.map((e) => e.opId));
    const moved = old.entries.filter((e) => !known.has(e.opId));
    scores = moved.length;
    const revisions = { ...current.revisions };
    for (const [teamId, revision] of Object.entries(old.revisions)) revisions[teamId] = Math.max(revisions[teamId] ?? 0, revision);
    // Older scores first: they were queued first, and a later one for the same team supersedes them.
    storage.setItem(outboxKey(token), JSON.stringify({ entries: [...moved, ...current.entries], revisions } satisfies PersistedOutbox));
    storage.removeItem?.(outboxKey(previous));
  }

  let drafts = 0;
  const keys: string[] = [];
  for (let i = 0; i < (storage.length ?? 0); i++) {
    const key = storage.key?.(i);
    if (key?.startsWith(draftPrefix(previous))) keys.push(key);
  }
  for (const key of keys) {
    const teamId = key.slice(draftPrefix(previous).length);
    const value = storage.getItem(key);
    if (value && storage.getItem(draftPrefix(token) + teamId) === null) {
      storage.setItem(draftPrefix(token) + teamId, value);
      drafts++;
    }
    storage.removeItem?.(key);
  }
  return { scores, drafts };
}
