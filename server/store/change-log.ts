// The commit point: an append-only log of changes, one framed record per batch,
// each appended at the end of what is known to be good and fdatasync'd before
// anyone is told it is saved. A record is [length u32 LE][crc32 u32 LE][JSON];
// a tail that is short or fails its checksum was cut by a crash or a power
// cut mid-append and is dropped when the log is read.
import { constants } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { replaceDurably, syncDirectory } from './durable-file.ts';

/** What a batch of changes did: whole sections replaced, keys of the big maps set (null: deleted), audit entries added. */
export interface LogRecord {
  seq: number;
  set?: Record<string, unknown>;
  patch?: Record<string, Record<string, unknown>>;
  audit?: unknown[];
}

const HEADER = 8;
/** Far above any real record; a header claiming more is garbage, not a record. */
const MAX_RECORD = 512 * 1024 * 1024;

export function frame(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const out = Buffer.allocUnsafe(HEADER + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  body.copy(out, HEADER);
  return out;
}

export interface ReadLog {
  records: { record: LogRecord; end: number }[];
  /** Bytes of whole, checked records; anything after them is a torn tail. */
  validBytes: number;
  tornBytes: number;
}

export function parseLog(buffer: Buffer): ReadLog {
  const records: ReadLog['records'] = [];
  let at = 0;
  while (at + HEADER <= buffer.length) {
    const length = buffer.readUInt32LE(at);
    if (length > MAX_RECORD || at + HEADER + length > buffer.length) break;
    const body = buffer.subarray(at + HEADER, at + HEADER + length);
    if (crc32(body) !== buffer.readUInt32LE(at + 4)) break;
    let record: LogRecord;
    try {
      record = JSON.parse(body.toString('utf8')) as LogRecord;
    } catch {
      break;
    }
    if (typeof record !== 'object' || record === null || !Number.isInteger(record.seq)) break;
    at += HEADER + length;
    records.push({ record, end: at });
  }
  return { records, validBytes: at, tornBytes: buffer.length - at };
}

export async function readLogFile(path: string): Promise<ReadLog> {
  try {
    return parseLog(await readFile(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], validBytes: 0, tornBytes: 0 };
    throw e;
  }
}

/** The few file operations the log needs; tests wrap them to make the disk fail. */
export interface LogFile {
  write(data: Buffer, position: number): Promise<void>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export async function openLogFile(path: string): Promise<LogFile> {
  const handle = await open(path, constants.O_RDWR | constants.O_CREAT, 0o644);
  return {
    async write(data, position) {
      let done = 0;
      while (done < data.length) done += (await handle.write(data, done, data.length - done, position + done)).bytesWritten;
    },
    datasync: () => handle.datasync(),
    truncate: (length) => handle.truncate(length),
    close: () => handle.close(),
  };
}

export type OpenLogFile = (path: string) => Promise<LogFile>;

export class ChangeLog {
  /** Set when an append failed and its bytes may still be there: they are cut before the next append. */
  private dirty = false;

  private constructor(
    readonly path: string,
    private file: LogFile,
    private readonly openFile: OpenLogFile,
    /** Bytes of committed records. */
    public bytes: number,
    public records: number,
  ) {}

  /** Opens the log for appending after its `validBytes` good bytes, cutting off a torn tail. */
  static async open(path: string, openFile: OpenLogFile, read: ReadLog): Promise<ChangeLog> {
    const file = await openFile(path);
    const log = new ChangeLog(path, file, openFile, read.validBytes, read.records.length);
    if (read.tornBytes > 0) {
      await file.truncate(read.validBytes);
      await file.datasync();
    }
    await syncDirectory(path);
    return log;
  }

  /** Appends one framed record and returns once it is on the disk itself. */
  async append(data: Buffer): Promise<void> {
    if (this.dirty) {
      await this.file.truncate(this.bytes);
      this.dirty = false;
    }
    try {
      await this.file.write(data, this.bytes);
      await this.file.datasync();
    } catch (e) {
      this.dirty = true;
      await this.file.truncate(this.bytes).then(
        () => void (this.dirty = false),
        () => undefined,
      );
      throw e;
    }
    this.bytes += data.length;
    this.records += 1;
  }

  /**
   * Drops the records in the first `upTo` bytes (a durable snapshot holds them):
   * what came after is copied to a new log that replaces this one atomically, so
   * a crash at any step leaves either log, and both open to the same state.
   */
  async dropThrough(upTo: number, recordsDropped: number): Promise<void> {
    const rest = (await readFile(this.path)).subarray(upTo, this.bytes);
    await replaceDurably(this.path, rest);
    await this.file.close().catch(() => undefined);
    this.file = await this.openFile(this.path);
    this.bytes = rest.length;
    this.records -= recordsDropped;
    this.dirty = false;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** Moves a log that belongs to no data file aside, so a fresh start never replays an old event's changes. */
export async function setAside(path: string): Promise<void> {
  await rename(path, path.replace(/\.log$/, `.before-${Date.now()}.log`)).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}

