// podium.json: a snapshot of the state compacted from the change log, owned by
// lowdb. It holds everything but the audit log (in podium.audit.jsonl beside
// it), how many audit entries belong to it, and the sequence number of the
// last log record it includes, so that records after it, and only those, are
// replayed on top of it.
import { readFile } from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import type { PodiumData } from '../../protocol/model.ts';
import { replaceDurably } from './durable-file.ts';

export type StoredData = Omit<PodiumData, 'audit'> & { auditCount: number; logSeq: number };

export const toStored = (data: PodiumData, logSeq: number): StoredData => {
  const { audit, ...rest } = data;
  return { ...rest, auditCount: audit.length, logSeq };
};

/**
 * lowdb's JSON file adapter, made durable: the text is written to a temporary
 * file, synced, renamed over podium.json, and the directory synced (lowdb's
 * own JSONFile, through steno, syncs neither). The store may hand it the text
 * it has just serialised, so a snapshot costs one JSON.stringify.
 */
export class DurableJsonFile implements Adapter<StoredData> {
  private prepared: string | null = null;
  constructor(private readonly file: string) {}

  async read(): Promise<StoredData | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return JSON.parse(text) as StoredData;
  }

  prepare(text: string): void {
    this.prepared = text;
  }

  async write(data: StoredData): Promise<void> {
    const text = this.prepared ?? JSON.stringify(data);
    this.prepared = null;
    await replaceDurably(this.file, text);
  }
}

export class Snapshot {
  private readonly db: Low<StoredData>;
  constructor(readonly adapter: Adapter<StoredData>) {
    this.db = new Low<StoredData>(adapter, null as unknown as StoredData);
  }

  read(): Promise<StoredData | null> {
    return this.adapter.read();
  }

  /** Writes `stored`, whose serialisation is `text`, as the new podium.json. */
  async write(stored: StoredData, text: string): Promise<void> {
    if (this.adapter instanceof DurableJsonFile) this.adapter.prepare(text);
    this.db.data = stored;
    await this.db.write();
  }
}
