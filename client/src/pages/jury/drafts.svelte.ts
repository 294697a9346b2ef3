// Drafts: the marks a juror has tapped but not yet saved, kept on the phone as
// they tap (one localStorage entry per juror link and team), so a reload or a
// closed tab loses nothing.
import { draftPrefix, type OutboxStorage } from './outbox.ts';

type DraftStorage = OutboxStorage & { removeItem?: (key: string) => void; key?: (i: number) => string | null; length?: number };

export interface Draft {
  marks: Record<string, number>;
  note: string;
  updatedAt: number;
}

export class Drafts {
  byTeam = $state<Record<string, Draft>>({});

  constructor(
    private readonly storage: DraftStorage,
    private readonly token: string,
  ) {
    this.load();
  }

  private key(teamId: string): string {
    return `${draftPrefix(this.token)}${teamId}`;
  }

  /** Reads every draft of this juror link from storage (again, after a handover from an old link). */
  load(): void {
    const prefix = this.key('');
    const ids: string[] = [];
    try {
      for (let i = 0; i < (this.storage.length ?? 0); i++) {
        const key = this.storage.key?.(i);
        if (key?.startsWith(prefix)) ids.push(key.slice(prefix.length));
      }
    } catch {
      return;
    }
    for (const id of ids) {
      try {
        const raw = this.storage.getItem(this.key(id));
        if (!raw) continue;
        const draft = JSON.parse(raw) as Draft;
        if (draft && typeof draft.marks === 'object' && typeof draft.note === 'string') this.byTeam[id] = draft;
      } catch {
        // An unreadable draft is as good as none.
      }
    }
  }

  get(teamId: string): Draft | undefined {
    return this.byTeam[teamId];
  }

  set(teamId: string, marks: Record<string, number>, note: string): void {
    const draft = { marks: { ...marks }, note, updatedAt: Date.now() };
    this.byTeam[teamId] = draft;
    try {
      this.storage.setItem(this.key(teamId), JSON.stringify(draft));
    } catch {
      // Storage full: the draft still lives on this page.
    }
  }

  clear(teamId: string): void {
    delete this.byTeam[teamId];
    try {
      if (this.storage.removeItem) this.storage.removeItem(this.key(teamId));
      else this.storage.setItem(this.key(teamId), '');
    } catch {
      // Nothing more to do: the draft is gone from the page.
    }
  }
}
