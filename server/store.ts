// The only module that touches lowdb. One store per process: read once at start,
// validated, then every change is applied in one synchronous step and written;
// callers are answered only once the write that holds their change has finished.
import { copyFile, mkdir, open, readFile, rename, stat, truncate, writeFile } from 'node:fs/promises';
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

/**
 * What podium.json holds: everything but the audit log, and how many entries of
 * the audit log (podium.audit.jsonl) belong to it. The audit log only grows, so
 * it is appended to instead of being rewritten with every score; podium.json is
 * the commit point, so entries appended by a write that never finished (a crash,
 * a full disk) are not part of the state and are dropped when the store opens.
 */
type StoredData = Omit<PodiumData, 'audit'> & { auditCount: number };

const toStored = (data: PodiumData): StoredData => {
  const { audit, ...rest } = data;
  return { ...rest, auditCount: audit.length };
};

export class Store {
  readonly file: string;
  readonly auditFile: string;
  private state: PodiumData;
  private db: Low<PodiumData>;
  /** podium.json as last written, to fall back on when a write fails. */
  private committed: string;
  /** Audit entries, and bytes of the audit file, that are part of the committed state. */
  private auditWritten: number;
  private auditBytes: number;
  private waiting: Waiting[] = [];
  private writing: Promise<void> | null = null;
  private changeListeners: ((data: PodiumData) => void)[] = [];
  private rollbackListeners: (() => void)[] = [];

  private constructor(file: string, db: Low<PodiumData>, state: PodiumData, audit: { count: number; bytes: number }) {
    this.file = file;
    this.auditFile = auditFileOf(file);
    this.db = db;
    this.state = state;
    this.committed = JSON.stringify(toStored(state));
    this.auditWritten = audit.count;
    this.auditBytes = audit.bytes;
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
      // A fresh start (podium.json moved away): an earlier event's audit trail is kept aside, never emptied.
      if ((await auditFileSize(file)) > 0) await rename(auditFileOf(file), auditFileOf(file).replace(/\.jsonl$/, `.before-${Date.now()}.jsonl`));
      await writeFile(auditFileOf(file), '');
      const store = new Store(file, db, db.data, { count: 0, bytes: 0 });
      await store.persist();
      return store;
    }
    const version = schemaVersionOf(raw);
    if (version > SCHEMA_VERSION) {
      throw new StoreOpenError(
        `Podium's data file ${file} was written by a newer version of Podium (schema ${version}; this one reads up to ${SCHEMA_VERSION}). The file was left untouched; run the newer Podium, or move the file away to start afresh.`,
      );
    }
    const { audit, legacy } = await readAudit(file, raw);
    const { auditCount: _count, ...rest } = raw as Record<string, unknown>;
    const parsed = PodiumData.safeParse(migrate({ ...rest, audit }));
    if (!parsed.success) {
      const problems = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw new StoreOpenError(
        `Podium's data file ${file} does not match the event schema (${problems}). The file was left untouched; fix it, or restore ${lastGoodFile(file)}, or move it away to start afresh.`,
      );
    }
    if (!options.adapter) await copyFile(file, lastGoodFile(file)).catch(() => undefined);
    if (version < SCHEMA_VERSION && !options.adapter) {
      // Keep the file as the older Podium wrote it, then write the migrated one, so the
      // migration happens once and can be undone by hand.
      await copyFile(file, file.replace(/\.json$/, `.schema-v${version}.json`));
    }
    // The audit file holds exactly the committed entries from here on: entries of a
    // write that never finished are dropped, and a legacy in-file log moves out.
    const text = auditText(parsed.data.audit);
    if (legacy || (await auditFileSize(file)) !== Buffer.byteLength(text)) await writeFileAtomic(auditFileOf(file), text);
    const store = new Store(file, db, parsed.data, { count: parsed.data.audit.length, bytes: Buffer.byteLength(text) });
    if (version < SCHEMA_VERSION || legacy) await store.persist();
    return store;
  }

  /** The current state. Read it; change it only through `mutate`. */
  get data(): Readonly<PodiumData> {
    return this.state;
  }

  onChange(listener: (data: PodiumData) => void): void {
    this.changeListeners.push(listener);
  }

  /** Called after a failed write put the state back to what is on disk: views sent meanwhile are wrong. */
  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
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
      result = change(this.state);
    } catch (e) {
      return Promise.reject(e);
    }
    for (const listener of this.changeListeners) listener(this.state);
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
    const newEntries = auditText(this.state.audit.slice(this.auditWritten));
    const auditCount = this.state.audit.length;
    const stored = toStored(this.state);
    // One serialisation serves both the file and the copy to roll back to.
    const snapshot = JSON.stringify(stored);
    this.writing = (async () => {
      try {
        // Audit first: podium.json, written second, is what makes the entries count.
        if (newEntries) await appendDurably(this.auditFile, newEntries);
        await this.writeMain(stored, snapshot);
        this.auditWritten = auditCount;
        this.auditBytes += Buffer.byteLength(newEntries);
        for (const w of batch) w.resolve();
      } catch (e) {
        console.error(`podium: could not write ${this.file}: ${(e as Error).message}`);
        // Nothing that was not written may stay: back to the state on disk.
        const pending = batch.concat(this.waiting.splice(0));
        const { auditCount: _count, ...restored } = JSON.parse(this.committed) as StoredData;
        this.state = { ...restored, audit: this.state.audit.slice(0, this.auditWritten) };
        await truncate(this.auditFile, this.auditBytes).catch(() => undefined);
        for (const listener of this.changeListeners) listener(this.state);
        for (const listener of this.rollbackListeners) listener();
        const error = new DomainError('storage', 'Could not save to disk; nothing was changed. Please try again.');
        for (const w of pending) w.reject(error);
      } finally {
        this.writing = null;
      }
    })();
    await this.writing;
  }

  private persist(): Promise<void> {
    const stored = toStored(this.state);
    return this.writeMain(stored, JSON.stringify(stored));
  }

  /** Writes podium.json from `snapshot`, the serialised `stored`, and makes it the state to roll back to. */
  private async writeMain(stored: StoredData, snapshot: string): Promise<void> {
    const adapter = this.db.adapter;
    if (adapter instanceof PreparedJsonFile) adapter.prepare(snapshot);
    this.db.data = stored as unknown as PodiumData;
    await this.db.write();
    this.committed = snapshot;
  }
}

export const auditFileOf = (file: string): string => file.replace(/\.json$/, '.audit.jsonl');

const auditText = (entries: readonly unknown[]): string => entries.map((e) => `${JSON.stringify(e)}\n`).join('');

async function auditFileSize(file: string): Promise<number> {
  try {
    return (await stat(auditFileOf(file))).size;
  } catch {
    return -1;
  }
}

/**
 * Appends and waits until the lines are on the disk itself, not only in the OS's cache:
 * podium.json, written next, counts them, so they must not be lost to a power cut that it survives.
 */
async function appendDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'a');
  try {
    await handle.appendFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function writeFileAtomic(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/** The committed audit entries: the first `auditCount` lines of the audit file, or (older files) the log inside the data file. */
async function readAudit(file: string, raw: unknown): Promise<{ audit: unknown[]; legacy: boolean }> {
  const record = (raw ?? {}) as Record<string, unknown>;
  if (Array.isArray(record.audit)) return { audit: record.audit, legacy: true };
  if (record.audit === undefined && record.auditCount === undefined) return { audit: [], legacy: true };
  const count = record.auditCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw new StoreOpenError(`Podium's data file ${file} has no valid auditCount. The file was left untouched.`);
  }
  let text = '';
  try {
    text = await readFile(auditFileOf(file), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreOpenError(`Podium cannot read its audit log ${auditFileOf(file)}: ${(e as Error).message}.`);
  }
  const lines = text.split('\n');
  if (lines.length - 1 < count) {
    throw new StoreOpenError(
      `Podium's audit log ${auditFileOf(file)} has fewer entries than ${file} expects (${Math.max(0, lines.length - 1)} of ${count}). Both files were left untouched; restore the audit log from a backup.`,
    );
  }
  const audit: unknown[] = [];
  for (let i = 0; i < count; i++) {
    try {
      audit.push(JSON.parse(lines[i]!));
    } catch (e) {
      throw new StoreOpenError(`Podium's audit log ${auditFileOf(file)} line ${i + 1} is not valid JSON: ${(e as Error).message}. The file was left untouched.`);
    }
  }
  return { audit, legacy: false };
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
