// Compaction from the disk: podium.json and the change log's records up to a
// sequence number, read back and replayed with the store's own applyRecord, then
// written as the new podium.json (its audit entries first, to podium.audit.jsonl).
// It holds no state and needs nothing from the running store but the numbers, so
// it runs in a worker thread (compaction-worker.ts) while the main thread goes on
// answering: the main thread never serialises the whole event on a normal run.
// Without a worker, the store runs the same function on its main thread, reading
// and writing podium.json through its own adapter.
import { readLogFile, type LogRecord } from './change-log.ts';
import { applyRecord } from './change-tracker.ts';
import { appendDurably, replaceDurably } from './durable-file.ts';
import { auditFileOf, auditText, readAuditEntries } from './audit-file.ts';
import { DurableJsonFile, type StoredData } from './snapshot.ts';
import type { PodiumData } from '../../protocol/model.ts';

export interface CompactRequest {
  /** podium.json; the log and the audit file are beside it. */
  file: string;
  logFile: string;
  /** Fold the records up to this one (the last one on disk when compaction was asked for). */
  seq: number;
  /** The audit file must be written whole (an import replaced the audit log, or an earlier compaction failed halfway). */
  auditRewrite: boolean;
}

export interface Compacted {
  /** The record the new podium.json holds everything up to. */
  seq: number;
  /** How many audit entries it counts. */
  auditCount: number;
}

/**
 * The snapshot and the log do not fit together as the store expects (a snapshot from an older
 * schema, a record missing): not a disk failure, so the store compacts from memory instead.
 */
export class CompactionMismatch extends Error {
  override name = 'CompactionMismatch';
}

/** How podium.json is read and replaced: the durable file itself (the worker), or the store's own adapter (the main thread). */
export interface SnapshotFile {
  read(): Promise<unknown>;
  write(stored: StoredData, text: string): Promise<void>;
}

const durableSnapshot = (file: string): SnapshotFile => ({
  read: () => new DurableJsonFile(file).read(),
  write: (_stored, text) => replaceDurably(file, text),
});

/** Writes podium.json as it stands after record `seq`, from what is on disk. */
export async function compactFromDisk(request: CompactRequest, snapshotFile: SnapshotFile = durableSnapshot(request.file)): Promise<Compacted> {
  const { file, seq } = request;
  const raw = (await snapshotFile.read()) as (Record<string, unknown> & { auditCount?: unknown; logSeq?: unknown }) | null;
  if (raw === null) throw new CompactionMismatch(`${file} is missing`);
  const { auditCount: count, logSeq: from, ...rest } = raw;
  if (typeof count !== 'number' || typeof from !== 'number' || !Number.isInteger(from) || from > seq) {
    throw new CompactionMismatch(`${file} is not a snapshot this store wrote (logSeq ${String(from)}, asked for ${seq})`);
  }
  if (from === seq) return { seq, auditCount: count };
  const log = await readLogFile(request.logFile);
  const records: LogRecord[] = [];
  for (const { record } of log.records) if (record.seq > from && record.seq <= seq) records.push(record);
  records.forEach((r, i) => {
    if (r.seq !== from + 1 + i) throw new CompactionMismatch(`${request.logFile} has record ${r.seq} where ${from + 1 + i} was expected`);
  });
  if (records.length !== seq - from) throw new CompactionMismatch(`${request.logFile} ends before record ${seq}`);

  const replaced = records.some((r) => r.set && Object.hasOwn(r.set, 'audit'));
  const rewrite = replaced || request.auditRewrite;
  // Appending needs only the new entries; writing the file whole needs the earlier ones too (unless replaced).
  const audit = request.auditRewrite && !replaced ? await readAuditEntries(file, count) : [];
  const state = { ...rest, audit } as unknown as PodiumData;
  for (const record of records) applyRecord(state, record);
  const { audit: entries, ...snapshot } = state;
  const auditCount = rewrite ? entries.length : count + entries.length;
  // Audit entries first: podium.json, written second, is what makes them count.
  const auditFile = auditFileOf(file);
  if (rewrite) await replaceDurably(auditFile, auditText(entries));
  else if (entries.length > 0) await appendDurably(auditFile, auditText(entries));
  const stored = { ...snapshot, auditCount, logSeq: seq } as unknown as StoredData;
  await snapshotFile.write(stored, JSON.stringify(stored));
  return { seq, auditCount };
}
