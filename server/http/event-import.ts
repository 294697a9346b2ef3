// POST /api/event-import: the organiser's event file, over HTTP with its own size
// limit, so no socket message ever needs to be megabytes long. routes.ts has
// already checked the organiser token. The answer is a Result, as a socket ack is.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError, refusal, type Result } from '../../protocol/result.ts';
import { sendJson } from './reply.ts';

/** Event files are the largest thing Podium takes in (300 teams, 200 jurors, scores and notes). */
const MAX_IMPORT_BYTES = 6_000_000;

export type ImportEvent = (json: string) => Promise<void>;

const STATUS: Record<string, number> = { 'bad-request': 400, conflict: 409, forbidden: 403, limit: 413, storage: 503, 'rate-limited': 429 };

function answer(res: ServerResponse, result: Result): void {
  sendJson(res, result.ok ? 200 : (STATUS[result.error.code] ?? 500), result);
}

/** Reads the body as UTF-8 text, or null (and a 413 sent) once it passes `max` bytes. */
function readBody(req: IncomingMessage, res: ServerResponse, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const tooBig = () => {
      answer(res, { ok: false, error: refusal('limit', 'error_import_too_large', { megabytes: max / 1_000_000 }) });
      req.resume(); // drain, so the answer is read rather than the connection reset mid-upload
      resolve(null);
    };
    if (Number(req.headers['content-length'] ?? 0) > max) return tooBig();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        chunks.length = 0;
        return tooBig();
      }
      chunks.push(chunk);
    });
    req.on('end', () => !done && resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function handleEventImport(req: IncomingMessage, res: ServerResponse, importEvent: ImportEvent, max = MAX_IMPORT_BYTES): Promise<void> {
  try {
    const json = await readBody(req, res, max);
    if (json === null) return;
    await importEvent(json);
    answer(res, { ok: true, data: null });
  } catch (e) {
    if (e instanceof DomainError) return answer(res, { ok: false, error: e.toResultError() });
    console.error('podium: event import failed:', e);
    answer(res, { ok: false, error: refusal('internal') });
  }
}
