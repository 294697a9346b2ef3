// Reading what is on disk into one validated state: the snapshot (podium.json,
// migrated if an older Podium wrote it), its audit entries from
// podium.audit.jsonl, and the change log's records after the snapshot replayed
// on top. Nothing here writes; the store decides what to write after.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Adapter } from 'lowdb';
import { describeIssues } from '../../protocol/issues.ts';
import { PodiumData, SCHEMA_VERSION } from '../../protocol/model.ts';
import { migrate, schemaVersionOf } from './migrations.ts';
import { readLogFile, type ReadLog } from './change-log.ts';
import { applyRecord } from './change-tracker.ts';
import { DurableJsonFile, type StoredData } from './snapshot.ts';
import { auditFileOf, readAuditEntries, StoreOpenError } from './audit-file.ts';

export { auditFileOf, StoreOpenError };

export const dataFileOf = (dir: string): string => join(dir, 'podium.json');
export const logFileOf = (file: string): string => file.replace(/\.json$/, '.log');
export const lastGoodFile = (file: string): string => file.replace(/\.json$/, '.last-good.json');

export type Loaded =
  | { fresh: true }
  | {
      fresh: false;
      data: PodiumData;
      /** The schema version of the snapshot as found. */
      version: number;
      /** The audit log was inside the data file (schema 1 and before). */
      legacy: boolean;
      log: ReadLog;
      /** Sequence number of the last change in `data`. */
      seq: number;
      /** Records replayed from the log on top of the snapshot. */
      replayed: number;
    };

/**
 * Reads the snapshot through `adapter`, its audit entries, and replays the log's records after it:
 * all of them at open, or (`upToSeq`) only those up to the last one the store knows it committed,
 * when it reads its state back after a failed write whose record may still be in the file.
 */
export async function loadState(file: string, adapter: Adapter<StoredData>, upToSeq = Infinity): Promise<Loaded> {
  let raw: unknown;
  try {
    raw = await adapter.read();
  } catch (e) {
    throw new StoreOpenError(
      `Podium cannot read its data file ${file}: ${(e as Error).message}. The file was left untouched; fix it, or restore ${lastGoodFile(file)}, or move it away to start afresh.`,
    );
  }
  if (raw == null) return { fresh: true };
  const version = schemaVersionOf(raw);
  if (version > SCHEMA_VERSION) {
    throw new StoreOpenError(
      `Podium's data file ${file} was written by a newer version of Podium (schema ${version}; this one reads up to ${SCHEMA_VERSION}). The file was left untouched; run the newer Podium, or move the file away to start afresh.`,
    );
  }
  const logFile = logFileOf(file);
  let log: ReadLog;
  try {
    log = await readLogFile(logFile);
  } catch (e) {
    throw new StoreOpenError(`Podium cannot read its change log ${logFile}: ${(e as Error).message}. The files were left untouched.`);
  }
  const { auditCount: _count, logSeq: rawSeq, ...rest } = raw as Record<string, unknown>;
  const snapshotSeq = typeof rawSeq === 'number' && Number.isInteger(rawSeq) && rawSeq >= 0 ? rawSeq : 0;
  const later = log.records.map((r) => r.record).filter((r) => r.seq > snapshotSeq && r.seq <= upToSeq);
  later.forEach((record, i) => {
    if (record.seq !== snapshotSeq + 1 + i) {
      throw new StoreOpenError(
        `Podium's change log ${logFile} does not follow on from ${file} (change ${record.seq} where ${snapshotSeq + 1 + i} was expected): they are from different moments. Both files were left untouched; restore them together, or move ${logFile} away to keep ${file} as it is.`,
      );
    }
  });
  // A later record that replaces the whole audit log makes the snapshot's own entries irrelevant.
  const auditReplaced = later.some((r) => r.set && Object.hasOwn(r.set, 'audit'));
  const { audit, legacy } = auditReplaced ? { audit: [], legacy: false } : await readAudit(file, raw);
  const state = migrate({ ...rest, audit }) as PodiumData;
  try {
    for (const record of later) applyRecord(state, record);
  } catch (e) {
    throw new StoreOpenError(`Podium's change log ${logFile} does not fit ${file}: ${(e as Error).message}. Both files were left untouched.`);
  }
  const parsed = PodiumData.safeParse(state);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error, { max: 5, where: (path) => path.map(String).join('.') || '(root)' });
    throw new StoreOpenError(
      `Podium's data file ${file} does not match the event schema (${problems}). The file was left untouched; fix it, or restore ${lastGoodFile(file)}, or move it away to start afresh.`,
    );
  }
  return { fresh: false, data: parsed.data, version, legacy, log, seq: snapshotSeq + later.length, replayed: later.length };
}

/** The state a store opened on `dir` would start with, read without writing anything (for checks and tests). */
export async function readStoredState(dir: string): Promise<PodiumData> {
  const file = dataFileOf(dir);
  const loaded = await loadState(file, new DurableJsonFile(file));
  if (loaded.fresh) throw new StoreOpenError(`There is no data file ${file}.`);
  return loaded.data;
}

export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return -1;
  }
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
  return { audit: await readAuditEntries(file, count), legacy: false };
}
