// Finds out what a batch of changes touched, so that a log record holds the
// effect and not the whole event. Changes are closures over the state (the
// domain functions), so the tracker watches rather than being told: the two
// maps that grow with the event (scores, appliedOps, and the people's ballots and
// tickets, thousands of them) are wrapped, while a change
// runs, in proxies that note each key set or deleted, the audit log is followed by length, and
// every other top-level section is compared by its JSON. A change may say which of those
// sections it can touch (`sections`): a juror's score touches none but the expo queue, and
// comparing the event's JSON (hundreds of KB at 300 teams × 200 jurors) at every batch was
// the biggest share of a score's work that grew with the event. Should a change touch a
// section it did not name, the next batch that compares every section records it: any batch
// with a change that names none, and at least one batch every FULL_COMPARE_MS, which also
// logs the wrong name. With `verify` (the tests: PODIUM_VERIFY_SECTIONS=1) each named change
// is checked as it runs, and one that touched a section it did not name is refused.
import type { PodiumData } from '../../protocol/model.ts';
import type { LogRecord } from './change-log.ts';

// roundArchives: each holds a closed round's scores (megabytes at hackathon size), written once.
const KEYED = ['scores', 'appliedOps', 'ballots', 'tickets', 'roundArchives'] as const;
type Keyed = (typeof KEYED)[number];
type State = Record<string, unknown>;

/** The sections a change compared by JSON may touch (the keyed maps and the audit log are always followed). */
export type Section = Exclude<keyof PodiumData, Keyed | 'audit'>;

/**
 * A batch compares every section at least this often, whatever its changes named: a wrongly named
 * change reaches the disk within about this long, and is logged. Some 2 ms a second at 300 teams ×
 * 200 jurors, where comparing at every batch cost that per batch.
 */
export const FULL_COMPARE_MS = 1_000;

export interface Collected {
  /** The record's JSON, sequence number included. */
  payload: string;
  /** The record replaces the whole audit log (an import), not only adds to it. */
  auditReplaced: boolean;
  /** How many audit entries the state holds once this record is applied. */
  auditLength: number;
  /** Makes what was collected the committed baseline; call once the record is on disk. */
  committed: () => void;
}

export class ChangeTracker {
  /** JSON of each small section as last committed. */
  private texts = new Map<string, string>();
  private touched = emptyTouched();
  /** Maps a change replaced whole (an import, a new event): the record holds all of each. */
  private replaced = new Set<Keyed>();
  /** One proxy per map, kept, so that code keying a WeakMap on the map sees the same object in every change. */
  private proxies = new WeakMap<object, object>();
  private audit: { ref: unknown[]; length: number } = { ref: [], length: 0 };
  /** What the change being tracked did to `scores`: the keys set or deleted, and whether the map was replaced. */
  private change = { scores: new Set<string>(), scoresReplaced: false };
  /** The sections the batch's changes named, or 'all' once one named none: what collect compares. */
  private sections: Set<string> | 'all' = new Set();
  /** When a batch last compared every section (performance.now()). */
  private lastFullCompare: number;

  /**
   * `verify`: check each named change as it runs, and refuse one that touched a section it did not name.
   * `now`: the clock of FULL_COMPARE_MS (milliseconds, monotonic).
   */
  constructor(
    private readonly verify = false,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastFullCompare = this.now();
  }

  /** Starts from `state` as the committed baseline (at open, and after a rollback). */
  reset(state: PodiumData): void {
    const s = state as unknown as State;
    this.texts.clear();
    for (const key of Object.keys(s)) if (!isTracked(key)) this.texts.set(key, JSON.stringify(s[key]));
    this.touched = emptyTouched();
    this.replaced.clear();
    this.audit = { ref: state.audit, length: state.audit.length };
    this.sections = new Set();
    this.lastFullCompare = this.now();
  }

  /**
   * Runs one change with the two big maps watched: they are proxies only while
   * the change runs, so outside a change the state is plain data (cloneable, and
   * read at full speed by the projections). `after` is told what the change did to
   * `scores`, even when it threw (a change that throws should change nothing, but the
   * index that follows the map must not trust that).
   */
  track<T>(
    state: PodiumData,
    change: () => T,
    after?: (scores: { keys: ReadonlySet<string>; replaced: boolean }) => void,
    /** The sections compared by JSON that `change` may touch; absent: any of them. */
    sections?: readonly Section[],
  ): T {
    const s = state as unknown as State;
    if (!sections) this.sections = 'all';
    else if (this.sections !== 'all') for (const key of sections) this.sections.add(key);
    // The tests' check: every section the change did not name, as JSON before and after it.
    const unnamedBefore = this.verify && sections ? unnamedTexts(s, sections) : null;
    this.change = { scores: new Set(), scoresReplaced: false };
    const originals = {} as Record<Keyed, object>;
    const watched = {} as Record<Keyed, object>;
    for (const key of KEYED) {
      originals[key] = s[key] as object;
      watched[key] = this.proxyOf(key, originals[key]);
      s[key] = watched[key];
    }
    try {
      return change();
    } finally {
      for (const key of KEYED) {
        if (s[key] === watched[key]) s[key] = originals[key];
        else {
          this.replaced.add(key);
          if (key === 'scores') this.change.scoresReplaced = true;
        }
      }
      after?.({ keys: this.change.scores, replaced: this.change.scoresReplaced });
      if (unnamedBefore) {
        const touched = [...unnamedTexts(s, sections!)].filter(([key, text]) => unnamedBefore.get(key) !== text).map(([key]) => key);
        if (touched.length) throw new Error(`a change touched ${touched.join(', ')} but named only ${sections!.join(', ') || 'no section'} (ChangeTracker sections)`);
      }
    }
  }

  private proxyOf(key: Keyed, target: object): object {
    let proxy = this.proxies.get(target);
    if (proxy) return proxy;
    const note =
      key === 'scores'
        ? (k: string) => {
            this.touched.scores.add(k);
            this.change.scores.add(k);
          }
        : (k: string) => void this.touched[key].add(k);
    proxy = new Proxy(target, {
      set(t, prop, value, receiver) {
        if (typeof prop === 'string') note(prop);
        return Reflect.set(t, prop, value, receiver);
      },
      defineProperty(t, prop, descriptor) {
        if (typeof prop === 'string') note(prop);
        return Reflect.defineProperty(t, prop, descriptor);
      },
      deleteProperty(t, prop) {
        if (typeof prop === 'string') note(prop);
        return Reflect.deleteProperty(t, prop);
      },
    });
    this.proxies.set(target, proxy);
    return proxy;
  }

  /** The record of everything changed since the last commit, or null if nothing was. */
  collect(state: PodiumData, seq: number): Collected | null {
    const s = state as unknown as State;
    const sets: string[] = [];
    const newTexts: [string, string][] = [];
    const named = this.sections;
    this.sections = new Set();
    const now = this.now();
    const full = named === 'all' || now - this.lastFullCompare >= FULL_COMPARE_MS;
    if (full) this.lastFullCompare = now;
    const unnamedChanged: string[] = [];
    for (const key of full ? Object.keys(s) : named) {
      if (isTracked(key)) continue;
      const text = JSON.stringify(s[key]);
      if (text !== this.texts.get(key)) {
        sets.push(`${JSON.stringify(key)}:${text}`);
        newTexts.push([key, text]);
        if (named !== 'all' && !named.has(key)) unnamedChanged.push(key);
      }
    }
    // Recorded all the same; said, because some change named too few sections.
    if (unnamedChanged.length) console.error(`podium: a change touched ${unnamedChanged.join(', ')} without naming it; recorded with a later batch (ChangeTracker sections)`);
    const patches: string[] = [];
    for (const key of KEYED) {
      const map = s[key] as Record<string, unknown>;
      if (this.replaced.has(key)) {
        // The whole map was replaced (an import): the record holds all of it.
        sets.push(`${JSON.stringify(key)}:${JSON.stringify(map)}`);
        this.replaced.delete(key);
        this.touched[key] = new Set();
        continue;
      }
      const keys = this.touched[key];
      if (keys.size === 0) continue;
      this.touched[key] = new Set();
      const entries: string[] = [];
      for (const k of keys) entries.push(`${JSON.stringify(k)}:${Object.hasOwn(map, k) ? JSON.stringify(map[k]) : 'null'}`);
      patches.push(`${JSON.stringify(key)}:{${entries.join(',')}}`);
    }
    const audit = state.audit;
    const replaced = audit !== this.audit.ref || audit.length < this.audit.length;
    if (replaced) sets.push(`"audit":${JSON.stringify(audit)}`);
    const added = replaced ? [] : audit.slice(this.audit.length);
    if (sets.length === 0 && patches.length === 0 && added.length === 0) return null;
    const parts = [`"seq":${seq}`];
    if (sets.length) parts.push(`"set":{${sets.join(',')}}`);
    if (patches.length) parts.push(`"patch":{${patches.join(',')}}`);
    if (added.length) parts.push(`"audit":${JSON.stringify(added)}`);
    const auditNow = { ref: audit, length: audit.length };
    return {
      payload: `{${parts.join(',')}}`,
      auditReplaced: replaced,
      auditLength: audit.length,
      committed: () => {
        for (const [key, text] of newTexts) this.texts.set(key, text);
        this.audit = auditNow;
      },
    };
  }
}

const emptyTouched = (): Record<Keyed, Set<string>> => Object.fromEntries(KEYED.map((k) => [k, new Set<string>()])) as Record<Keyed, Set<string>>;

const isTracked = (key: string): boolean => key === 'audit' || (KEYED as readonly string[]).includes(key);

/** The JSON of every section compared by JSON that `named` leaves out. */
const unnamedTexts = (s: State, named: readonly string[]): Map<string, string> =>
  new Map(Object.keys(s).filter((key) => !isTracked(key) && !named.includes(key)).map((key) => [key, JSON.stringify(s[key])]));

/** Applies a record to a state that holds everything before it (a state being opened, or compacted). */
export function applyRecord(state: PodiumData, record: LogRecord): void {
  const s = state as unknown as State;
  for (const [key, value] of Object.entries(record.set ?? {})) s[key] = value;
  for (const [key, entries] of Object.entries(record.patch ?? {})) {
    const map = s[key] as Record<string, unknown>;
    for (const [k, v] of Object.entries(entries)) {
      // defineProperty, not assignment: a key such as "__proto__" must stay a key.
      if (v === null) delete map[k];
      else Object.defineProperty(map, k, { value: v, writable: true, enumerable: true, configurable: true });
    }
  }
  for (const entry of (record.audit ?? []) as PodiumData['audit']) state.audit.push(entry);
}
