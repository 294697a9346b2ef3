// The compaction worker's entry (a worker_threads thread started by compactor.ts):
// each message is one compaction to do from the disk; the answer carries what the
// new podium.json holds, or the error with its errno code (a disk failure) if any.
import { parentPort } from 'node:worker_threads';
import { compactFromDisk, type CompactRequest } from './compaction.ts';

export interface WorkerRequest {
  id: number;
  request: CompactRequest;
}

export type WorkerAnswer =
  | { id: number; ok: true; seq: number; auditCount: number }
  | { id: number; ok: false; message: string; name: string; code?: string };

const port = parentPort;
if (port) {
  port.on('message', ({ id, request }: WorkerRequest) => {
    compactFromDisk(request).then(
      (done) => port.postMessage({ id, ok: true, ...done } satisfies WorkerAnswer),
      (e: unknown) => {
        const error = e as NodeJS.ErrnoException;
        port.postMessage({ id, ok: false, message: String(error?.message ?? e), name: String(error?.name ?? 'Error'), ...(typeof error?.code === 'string' ? { code: error.code } : {}) } satisfies WorkerAnswer);
      },
    );
  });
}
