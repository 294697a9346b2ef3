// podium.audit.jsonl: the snapshot's audit entries, one JSON line each. podium.json
// says how many of its lines count (`auditCount`): lines after them were written by a
// compaction that never finished, and are not read. Used by open and by compaction,
// on the main thread or in the compaction worker (no import that pulls in the schema).
import { readFile } from 'node:fs/promises';

export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

export const auditFileOf = (file: string): string => file.replace(/\.json$/, '.audit.jsonl');

/** The audit file's text for `entries`: one JSON line each. */
export const auditText = (entries: readonly unknown[]): string => entries.map((e) => `${JSON.stringify(e)}\n`).join('');

/** The first `count` entries of the audit file beside `file` (podium.json). */
export async function readAuditEntries(file: string, count: number): Promise<unknown[]> {
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
  return audit;
}
