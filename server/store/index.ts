// The only module that touches the data files. One store per process: read once
// at start, validated, then every change is applied in one synchronous step and
// its effect appended to the change log, the commit point; callers are answered
// only once the fdatasync of the batch that holds their change has returned.
// podium.json is a snapshot compacted from the log off that path. The state is
// held once: what the disk holds is the committed state, read back after a
// failed write rather than kept as a second copy in memory (at 300 teams × 200
// jurors that copy was 48 MB of heap, and 1.4 to 2.2 s of cloning at every start).
import { copyFile, mkdir, rename } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { PodiumData, SCHEMA_VERSION } from '../../protocol/model.ts';
import { DomainError } from '../../protocol/result.ts';
import { ChangeLog, frame, openLogFile, setAside, type OpenLogFile } from './change-log.ts';
import { ChangeTracker, type Section } from './change-tracker.ts';
import { CommitQueue } from './commit-queue.ts';
import { ScoreIndex } from './score-index.ts';
import { replaceDurably } from './durable-file.ts';
import { auditFileOf, dataFileOf, fileSize, lastGoodFile, loadState, logFileOf } from './open.ts';
import { DurableJsonFile, Snapshot, toStored, type StoredData } from './snapshot.ts';
import { auditText } from './audit-file.ts';
import { compactFromDisk, type CompactRequest, type Compacted } from './compaction.ts';
import { compactInWorker, WorkerUnavailable } from './compactor.ts';

export { ScoreIndex, type ScoreCursor } from './score-index.ts';
export { WorkerUnavailable } from './compactor.ts';
export type { CompactRequest, Compacted } from './compaction.ts';
export { StoreOpenError, auditFileOf, lastGoodFile, logFileOf, readStoredState } from './open.ts';

export interface StoreOptions {
  /** Folder of the data file (PODIUM_DATA); `podium.json` inside it. */
  dir: string;
  /** What a fresh install starts with. */
  seed: () => PodiumData;
  /** For tests that make snapshot writes fail; defaults to a durable JSON file on podium.json. */
  adapter?: Adapter<PodiumData>;
  /** For tests that make log appends fail; defaults to the real file. */
  openLog?: OpenLogFile;
  /** When to compact the log into podium.json (defaults suit an event of 300 teams × 200 jurors). */
  compaction?: Partial<Compaction>;
  /**
   * Who compacts: the process's compaction worker (the default, unless `adapter` is given: the
   * worker writes podium.json itself), false for the main thread, or a function in its place (tests:
   * one that fails as a dead worker would, rejecting WorkerUnavailable).
   */
  worker?: false | ((request: CompactRequest) => Promise<Compacted>);
  /**
   * Compare every section at every batch and refuse a batch whose changes touched a section they did not
   * name (`mutate`'s `sections`); defaults to PODIUM_VERIFY_SECTIONS=1, which the tests set (vitest.config.ts).
   */
  verifySections?: boolean;
}

export interface Compaction {
  /** Compact once the log holds this many bytes… */
  bytes: number;
  /** …or this many records… */
  records: number;
  /** …or after this long without a change. */
  idleMs: number;
}

const DEFAULT_COMPACTION: Compaction = { bytes: 64 * 1024 * 1024, records: 100_000, idleMs: 2_000 };

export class Store {
  readonly file: string;
  readonly auditFile: string;
  readonly logFile: string;
  private state: PodiumData;
  /** How many audit entries the committed state holds (the state after record `seq`). */
  private committedAudit: number;
  /** Set from a failed write until the state is read back from the disk: changes are refused meanwhile. */
  private recovering: Promise<void> | null = null;
  /** Sequence number of the last record on disk. */
  private seq: number;
  /** What podium.json and podium.audit.jsonl hold: up to which record, and how many audit entries. */
  private snapshotAt: { seq: number; audit: number };
  /** The audit file must be rewritten, not appended to: the audit log was replaced, or an append to it failed halfway. */
  private auditRewrite = false;
  private readonly tracker: ChangeTracker;
  /** `state.scores` as a Map, repaired after each change: what hot paths walk instead of the dictionary. */
  private readonly index: ScoreIndex;
  private readonly queue: CommitQueue;
  private compacting: Promise<void> | null = null;
  /** close() has begun: no compaction is scheduled after the one it runs. */
  private closing = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private lastChangeAt = 0;
  private closed = false;
  private changeListeners: ((data: PodiumData) => void)[] = [];
  private rollbackListeners: (() => void)[] = [];
  /** Compacts in a worker thread; null: on the main thread (no worker wanted, or the worker failed), from the disk all the same. */
  private worker: ((request: CompactRequest) => Promise<Compacted>) | null;

  private constructor(
    file: string,
    private readonly snapshot: Snapshot,
    private readonly log: ChangeLog,
    data: PodiumData,
    seq: number,
    private readonly compaction: Compaction,
    worker: ((request: CompactRequest) => Promise<Compacted>) | null,
    verifySections: boolean,
  ) {
    this.tracker = new ChangeTracker(verifySections);
    this.worker = worker;
    this.file = file;
    this.auditFile = auditFileOf(file);
    this.logFile = logFileOf(file);
    // The live state is what open validated (so it keeps whatever shape the schema gives).
    this.state = data;
    this.committedAudit = data.audit.length;
    this.tracker.reset(this.state);
    this.index = new ScoreIndex(this.state.scores);
    this.seq = seq;
    this.snapshotAt = { seq, audit: data.audit.length };
    this.queue = new CommitQueue({ commit: () => this.commit(), failed: (e) => this.rollBack(e) });
  }

  static async open(options: StoreOptions): Promise<Store> {
    await mkdir(options.dir, { recursive: true });
    const file = dataFileOf(options.dir);
    const adapter = (options.adapter as Adapter<StoredData> | undefined) ?? new DurableJsonFile(file);
    const snapshot = new Snapshot(adapter);
    const openLog = options.openLog ?? openLogFile;
    const compaction = { ...DEFAULT_COMPACTION, ...options.compaction };
    const worker = options.worker === false || (options.adapter && !options.worker) ? null : (options.worker ?? compactInWorker);
    const verify = options.verifySections ?? process.env.PODIUM_VERIFY_SECTIONS === '1';
    const loaded = await loadState(file, adapter);
    if (loaded.fresh) {
      // A fresh start (podium.json moved away): an earlier event's audit trail and log are kept aside, never replayed or emptied.
      if ((await fileSize(auditFileOf(file))) > 0) await rename(auditFileOf(file), auditFileOf(file).replace(/\.jsonl$/, `.before-${Date.now()}.jsonl`));
      await setAside(logFileOf(file));
      const data = options.seed();
      await replaceDurably(auditFileOf(file), auditText(data.audit));
      const stored = toStored(data, 0);
      await snapshot.write(stored, JSON.stringify(stored));
      const log = await ChangeLog.open(logFileOf(file), openLog, { records: [], validBytes: 0, tornBytes: 0 });
      return new Store(file, snapshot, log, data, 0, compaction, worker, verify);
    }
    const { data, version, legacy, seq } = loaded;
    if (version < SCHEMA_VERSION && !options.adapter) {
      // Keep the file as the older Podium wrote it, then write the migrated one, so the
      // migration happens once and can be undone by hand.
      await copyFile(file, file.replace(/\.json$/, `.schema-v${version}.json`));
    }
    // Opening folds the log into the snapshot, so every start begins with an empty log
    // and an audit file holding exactly the committed entries (a crash may have left more).
    const text = auditText(data.audit);
    if (legacy || (await fileSize(auditFileOf(file))) !== Buffer.byteLength(text)) await replaceDurably(auditFileOf(file), text);
    if (loaded.replayed > 0 || version < SCHEMA_VERSION || legacy) {
      const stored = toStored(data, seq);
      await snapshot.write(stored, JSON.stringify(stored));
    }
    const log = await ChangeLog.open(logFileOf(file), openLog, loaded.log);
    if (log.records > 0) await log.dropThrough(log.bytes, log.records);
    if (!options.adapter) await copyFile(file, lastGoodFile(file)).catch(() => undefined);
    return new Store(file, snapshot, log, data, seq, compaction, worker, verify);
  }

  /** The current state. Read it; change it only through `mutate`. */
  get data(): Readonly<PodiumData> {
    return this.state;
  }

  /** Every score of the current state, kept in step with `data.scores` (read it; it changes with the state). */
  get scores(): ScoreIndex {
    return this.index;
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
  mutate<T>(
    change: (data: PodiumData) => T,
    /**
     * The sections `change` may touch besides the scores, op ids, votes, tickets, round archives and audit
     * log (followed whatever it names): the batch then compares only those by their JSON, not the whole event.
     * Absent: any section. A section touched but not named would reach the disk only with a later batch.
     */
    sections?: readonly Section[],
  ): Promise<T> {
    // After a failed write, nothing is applied until the state is back to what the disk holds.
    if (this.recovering) return Promise.reject(storageError());
    let result: T;
    try {
      result = this.tracker.track(
        this.state,
        () => change(this.state),
        ({ keys, replaced }) => (replaced ? this.index.rebuild(this.state.scores) : this.index.repair(this.state.scores, keys)),
        sections,
      );
    } catch (e) {
      return Promise.reject(e);
    }
    this.lastChangeAt = performance.now();
    for (const listener of this.changeListeners) listener(this.state);
    return this.queue.enqueue().then(() => result);
  }

  /** Replaces the whole state (event import), after validating it. */
  replace(next: PodiumData): Promise<void> {
    return this.mutate((data) => {
      Object.assign(data, structuredClone(next));
    });
  }

  /** Folds the log into podium.json now (also done on its own when the log grows or goes quiet). */
  compact(): Promise<void> {
    this.compacting ??= this.writeSnapshot()
      .then(() => {
        // Changes committed while this one ran are not in it: fold them as the thresholds say (now, or
        // once quiet). Without this, a log past its threshold waited for the next change, however long.
        if (!this.closing && this.log.records > 0) setImmediate(() => this.scheduleCompaction());
      })
      .finally(() => (this.compacting = null));
    return this.compacting;
  }

  /** Waits for pending writes, compacts, and closes the log; for a clean shutdown. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    await this.queue.idle();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.compact().catch((e: unknown) => console.error(`podium: could not compact ${this.logFile} into ${this.file}: ${(e as Error).message}`));
    this.closed = true;
    await this.log.close();
  }

  /** One batch: everything changed since the last one, as one framed record, appended and synced. */
  private async commit(): Promise<void> {
    const seq = this.seq + 1;
    const collected = this.tracker.collect(this.state, seq);
    if (!collected) return;
    const record = frame(collected.payload);
    await this.log.append(record);
    this.seq = seq;
    collected.committed();
    this.committedAudit = collected.auditLength;
    if (collected.auditReplaced) this.auditRewrite = true;
    this.scheduleCompaction();
  }

  /**
   * A batch could not be written. Nothing that was not written may stay: the state goes back to
   * what the disk holds, read again as open reads it (podium.json, then the log's records up to the
   * last one committed: the failed record's bytes may still be in the file). The changes waiting
   * are answered once it is back (or, if the disk cannot be read yet, after a few seconds; changes
   * stay refused until it can be).
   */
  private async rollBack(e: unknown): Promise<unknown> {
    console.error(`podium: could not write ${this.logFile}: ${(e as Error).message}`);
    this.recovering ??= this.readBackCommitted();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.recovering, new Promise<void>((r) => (timer = setTimeout(r, READ_BACK_ANSWER_MS)))]);
    clearTimeout(timer);
    return storageError();
  }

  /** Reads the committed state back from the disk until it can, then makes it the state. */
  private async readBackCommitted(): Promise<void> {
    for (let attempt = 0; !this.closing && !this.closed; attempt++) {
      try {
        const loaded = await loadState(this.file, this.snapshot.adapter, this.seq);
        if (loaded.fresh) throw new Error(`${this.file} is missing`);
        if (loaded.seq !== this.seq) throw new Error(`it holds change ${loaded.seq}, not ${this.seq}`);
        this.state = loaded.data;
        this.committedAudit = loaded.data.audit.length;
        this.tracker.reset(this.state);
        this.index.rebuild(this.state.scores);
        this.recovering = null;
        for (const listener of this.changeListeners) listener(this.state);
        for (const listener of this.rollbackListeners) listener();
        return;
      } catch (e) {
        console.error(`podium: could not read ${this.file} back after a failed write (${(e as Error).message}); changes are refused until it can be`);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 100 * 2 ** attempt)).unref());
      }
    }
  }

  private scheduleCompaction(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.closed) return;
    if (this.log.bytes >= this.compaction.bytes || this.log.records >= this.compaction.records) {
      setImmediate(() => void this.compact().catch(() => undefined));
      return;
    }
    this.armIdleTimer(this.compaction.idleMs);
  }

  /**
   * Compacts once no change has come for `idleMs`. A timer also fires late when the event
   * loop was held up, before the socket messages that waited meanwhile are read: so the
   * check runs after them (setImmediate), and a change among them puts compaction off.
   */
  private armIdleTimer(ms: number): void {
    this.idleTimer = setTimeout(() => {
      setImmediate(() => {
        if (this.closed) return;
        const quietFor = performance.now() - this.lastChangeAt;
        if (quietFor < this.compaction.idleMs) return this.armIdleTimer(this.compaction.idleMs - quietFor);
        void this.compact().catch(() => undefined);
      });
    }, ms);
    this.idleTimer.unref();
  }

  /**
   * Writes podium.json up to the last record on disk, then drops the log records it holds,
   * both read back from the disk: in the compaction worker (so the main thread only rotates
   * the log), or, when there is no worker or it fails, on the main thread, through the store's
   * own adapter.
   */
  private async writeSnapshot(): Promise<void> {
    if (this.seq === this.snapshotAt.seq) return;
    if (this.worker) {
      try {
        return await this.compactWith(this.worker, true);
      } catch (e) {
        if (!(e instanceof WorkerUnavailable)) throw e;
        console.error(`podium: the compaction worker could not compact ${this.logFile} into ${this.file} (${e.message}); compacting on the main thread from now on`);
        this.worker = null;
      }
    }
    const snapshot = this.snapshot;
    await this.compactWith((request) => compactFromDisk(request, { read: () => snapshot.read(), write: (stored, text) => snapshot.write(stored, text) }), false);
  }

  private async compactWith(compact: (request: CompactRequest) => Promise<Compacted>, worker: boolean): Promise<void> {
    // Everything up to the last record on disk; appends go on meanwhile and stay in the log.
    const seq = this.seq;
    const logBytes = this.log.bytes;
    const logRecords = this.log.records;
    const auditCount = this.committedAudit;
    const rewrite = this.auditRewrite;
    this.auditRewrite = false;
    try {
      const done = await compact({ file: this.file, logFile: this.logFile, seq, auditRewrite: rewrite });
      if (done.seq !== seq || done.auditCount !== auditCount) {
        const why = `it wrote record ${done.seq} with ${done.auditCount} audit entries where ${seq} with ${auditCount} were asked for`;
        throw worker ? new WorkerUnavailable(why) : new Error(why);
      }
    } catch (e) {
      // It may have written part of the audit file: the next compaction writes it whole.
      this.auditRewrite = true;
      // A worker that could not do it is said once, as the main thread takes over (writeSnapshot).
      if (!(worker && e instanceof WorkerUnavailable)) console.error(`podium: could not compact ${this.logFile} into ${this.file} (the log keeps every change): ${(e as Error).message}`);
      throw e;
    }
    this.snapshotAt = { seq, audit: auditCount };
    if (!this.closed) await this.queue.exclusive(() => this.log.dropThrough(logBytes, logRecords));
  }
}

/** How long the changes caught in a failed write wait for the state to be read back before they are answered anyway. */
const READ_BACK_ANSWER_MS = 2_000;

const storageError = () => new DomainError('storage', 'Could not save to disk; nothing was changed. Please try again.');
