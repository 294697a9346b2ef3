// The only module that touches lowdb. One store per process: read once at start,
// validated, then every change is applied in one synchronous step and written;
// callers are answered only once the write that holds their change has finished.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { PodiumData, SCHEMA_VERSION } from '../protocol/model.ts';
import { DomainError } from '../protocol/result.ts';
import { migrate, schemaVersionOf } from './migrations.ts';

export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

export interface StoreOptions {
  /** Folder of the data file (PODIUM_DATA); `podium.json` inside it. */
  dir: string;
  /** What a fresh install starts with. */
  seed: () => PodiumData;
  /** For tests that make writes fail; defaults to lowdb's JSONFile on the data file. */
  adapter?: Adapter<PodiumData>;
}

interface Waiting {
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class Store {
  readonly file: string;
  private db: Low<PodiumData>;
  /** The state as last written to disk, to fall back on when a write fails. */
  private committed: string;
  private waiting: Waiting[] = [];
  private writing: Promise<void> | null = null;
  private changeListeners: ((data: PodiumData) => void)[] = [];

  private constructor(file: string, db: Low<PodiumData>) {
    this.file = file;
    this.db = db;
    this.committed = JSON.stringify(db.data);
  }

  static async open(options: StoreOptions): Promise<Store> {
    await mkdir(options.dir, { recursive: true });
    const file = join(options.dir, 'podium.json');
    const adapter = options.adapter ?? new PreparedJsonFile(file);
    let raw: unknown;
    try {
      raw = await adapter.read();
    } catch (e) {
      throw new StoreOpenError(
        `Podium cannot read its data file ${file}: ${(e as Error).message}. The file was left untouched; fix it, or restore ${lastGoodFile(file)}, or move it away to start afresh.`,
      );
    }
    const db = new Low<PodiumData>(adapter, options.seed());
    if (raw == null) {
      const store = new Store(file, db);
      await store.persist();
      return store;
    }
    const version = schemaVersionOf(raw);
    if (version > SCHEMA_VERSION) {
      throw new StoreOpenError(
        `Podium's data file ${file} was written by a newer version of Podium (schema ${version}; this one reads up to ${SCHEMA_VERSION}). The file was left untouched; run the newer Podium, or move the file away to start afresh.`,
      );
    }
    const parsed = PodiumData.safeParse(migrate(raw));
    if (!parsed.success) {
      const problems = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw new StoreOpenError(
        `Podium's data file ${file} does not match the event schema (${problems}). The file was left untouched; fix it, or restore ${lastGoodFile(file)}, or move it away to start afresh.`,
      );
    }
    db.data = parsed.data;
    const store = new Store(file, db);
    if (!options.adapter) await copyFile(file, lastGoodFile(file)).catch(() => undefined);
    if (version < SCHEMA_VERSION) {
      // Keep the file as the older Podium wrote it, then write the migrated one, so the
      // migration happens once and can be undone by hand.
      if (!options.adapter) await copyFile(file, file.replace(/\.json$/, `.schema-v${version}.json`));
      await store.persist();
    }
    return store;
  }

  /** The current state. Read it; change it only through `mutate`. */
  get data(): Readonly<PodiumData> {
    return this.db.data;
  }

  onChange(listener: (data: PodiumData) => void): void {
    this.changeListeners.push(listener);
  }

  /**
   * Applies `change` now, synchronously, and resolves with its result once the
   * change is on disk. A `change` that throws must not have changed anything
   * (domain functions check first, then change); its error is passed on and
   * nothing is written. A failed write rolls the state back to what is on disk
   * and rejects every change that was waiting for it.
   */
  mutate<T>(change: (data: PodiumData) => T): Promise<T> {
    let result: T;
    try {
      result = change(this.db.data);
    } catch (e) {
      return Promise.reject(e);
    }
    for (const listener of this.changeListeners) listener(this.db.data);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ resolve: () => resolve(result), reject });
      void this.flush();
    });
  }

  /** Replaces the whole state (event import), after validating it. */
  replace(next: PodiumData): Promise<void> {
    return this.mutate((data) => {
      Object.assign(data, structuredClone(next));
    });
  }

  private async flush(): Promise<void> {
    // Changes that arrive while a write runs are collected and written together next.
    while (this.writing) await this.writing;
    if (this.waiting.length === 0) return;
    const batch = this.waiting.splice(0);
    // One serialisation serves both the file and the copy to roll back to.
    const snapshot = JSON.stringify(this.db.data);
    const adapter = this.db.adapter;
    if (adapter instanceof PreparedJsonFile) adapter.prepare(snapshot);
    this.writing = this.db
      .write()
      .then(() => {
        this.committed = snapshot;
        for (const w of batch) w.resolve();
      })
      .catch((e: unknown) => {
        console.error(`podium: could not write ${this.file}: ${(e as Error).message}`);
        // Nothing that was not written may stay: back to the state on disk.
        const pending = batch.concat(this.waiting.splice(0));
        this.db.data = JSON.parse(this.committed) as PodiumData;
        for (const listener of this.changeListeners) listener(this.db.data);
        const error = new DomainError('storage', 'Could not save to disk; nothing was changed. Please try again.');
        for (const w of pending) w.reject(error);
      })
      .finally(() => {
        this.writing = null;
      });
    await this.writing;
  }

  private async persist(): Promise<void> {
    await this.db.write();
    this.committed = JSON.stringify(this.db.data);
  }
}

/**
 * lowdb's JSONFile (same pretty-printed file, same atomic write through steno),
 * except that the store may hand it the text it has just serialised, so a
 * write costs one JSON.stringify of the whole event instead of two.
 */
class PreparedJsonFile extends DataFile<PodiumData> {
  private readonly box: { text: string | null };

  constructor(file: string) {
    const box: { text: string | null } = { text: null };
    super(file, {
      parse: JSON.parse,
      // Called synchronously by the write that follows prepare(), so the text is of the same state.
      stringify: (data) => {
        const text = box.text ?? JSON.stringify(data);
        box.text = null;
        return text;
      },
    });
    this.box = box;
  }

  prepare(text: string): void {
    this.box.text = text;
  }
}

export const lastGoodFile = (file: string): string => file.replace(/\.json$/, '.last-good.json');
