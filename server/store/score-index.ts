// The scores as a Map kept in step with `data.scores`, so the code that walks
// every score (the ranking, the jurors' views) never calls Object.values on a
// 60,000-key dictionary (V8 sorts a dictionary-mode object's keys for that:
// ~100 ms at 300 teams × 200 jurors). The store repairs it after each change
// from the keys the change tracker saw set or deleted, and rebuilds it whole
// when the map was replaced (an import, a new event) or the state rolled back.
//
// A journal of the keys changed lets a derived structure (the incremental
// ranking) catch up with only what changed since it last looked.
import type { PodiumData, Score } from '../../protocol/model.ts';

/** Where a reader of the journal is: the index's generation and its position in it. */
export interface ScoreCursor {
  generation: number;
  position: number;
}

/** The journal keeps at most this many keys; a reader further behind rebuilds. */
const JOURNAL_MAX = 200_000;

export class ScoreIndex {
  private map = new Map<string, Score>();
  private list: Score[] | null = null;
  /** Bumped when rebuilt whole: every reader starts again from the whole map. */
  private generation = 0;
  /** Keys changed since the rebuild, in order; `journalStart` is the position of its first key. */
  private journal: string[] = [];
  private journalStart = 0;

  constructor(scores: PodiumData['scores'] = {}) {
    this.rebuild(scores);
  }

  /** From the whole map again. */
  rebuild(scores: PodiumData['scores']): void {
    this.map = new Map(Object.entries(scores));
    this.list = null;
    this.generation++;
    this.journal = [];
    this.journalStart = 0;
  }

  /** Repairs the entries of `keys` from `scores` (each key read again: set, changed or gone). */
  repair(scores: PodiumData['scores'], keys: Iterable<string>): void {
    for (const key of keys) {
      const score = Object.hasOwn(scores, key) ? scores[key] : undefined;
      if (score === undefined) {
        if (!this.map.delete(key)) continue;
      } else if (this.map.get(key) === score) continue;
      else this.map.set(key, score);
      this.list = null;
      this.journal.push(key);
    }
    if (this.journal.length > JOURNAL_MAX) {
      const drop = this.journal.length - JOURNAL_MAX / 2;
      this.journal = this.journal.slice(drop);
      this.journalStart += drop;
    }
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): Score | undefined {
    return this.map.get(key);
  }

  entries(): IterableIterator<[string, Score]> {
    return this.map.entries();
  }

  /** Every score, as an array made once per change (callers must not change it). */
  values(): readonly Score[] {
    this.list ??= [...this.map.values()];
    return this.list;
  }

  /** Where the journal is now: pass it to `changedSince` later. */
  cursor(): ScoreCursor {
    return { generation: this.generation, position: this.journalStart + this.journal.length };
  }

  /** The keys changed since `cursor` (possibly repeated), or null when the reader must start again from `entries()`. */
  changedSince(cursor: ScoreCursor): readonly string[] | null {
    if (cursor.generation !== this.generation || cursor.position < this.journalStart) return null;
    return this.journal.slice(cursor.position - this.journalStart);
  }
}
