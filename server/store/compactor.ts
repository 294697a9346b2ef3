// The main thread's side of compaction in a worker thread: one worker per process,
// shared by every store in it (tests open many), started at the first compaction
// and kept, holding the process open only while it works. It runs
// compaction-worker.ts: from the sources through tsx's loader (npm start, npm run
// dev, the bench, vitest), or as bundled beside the server (the tests' child
// servers: compaction-worker.mjs next to index.mjs, tests/helpers/global-setup.ts).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CompactRequest, Compacted } from './compaction.ts';
import type { WorkerAnswer, WorkerRequest } from './compaction-worker.ts';

/** The worker could not do the compaction (it would not start, it died, or the files did not fit): the store does it on the main thread. */
export class WorkerUnavailable extends Error {
  override name = 'WorkerUnavailable';
}

/** A compaction the worker tried and the disk refused (its errno code kept): the same failure the main thread would meet. */
export class CompactionFailed extends Error {
  override name = 'CompactionFailed';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** How to start the worker from where this module runs; throws WorkerUnavailable when it cannot. */
function workerEntry(): { entry: string | URL; eval: boolean } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) {
    // Bundled: the worker is bundled too, beside this bundle.
    const bundled = new URL('./compaction-worker.mjs', here);
    if (!existsSync(fileURLToPath(bundled))) throw new WorkerUnavailable(`no ${fileURLToPath(bundled)} beside the bundled server`);
    return { entry: bundled, eval: false };
  }
  // From the sources: a worker does not inherit the loader of the thread that starts it (Node 20),
  // so it registers tsx's own, found through tsx's package exports, before loading the .ts entry.
  const require = createRequire(here);
  let api: string;
  try {
    const pkgFile = require.resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> };
    const relative = pkg.exports?.['./esm/api']?.import?.default;
    if (!relative) throw new Error('tsx has no ./esm/api export');
    api = pathToFileURL(join(dirname(pkgFile), relative)).href;
  } catch (e) {
    throw new WorkerUnavailable(`cannot load TypeScript in a worker: ${(e as Error).message}`);
  }
  const entry = new URL('./compaction-worker.ts', here).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return { entry: boot, eval: true };
}

class WorkerHost {
  private worker: Worker | null = null;
  private nextId = 0;
  private pending = new Map<number, { resolve: (done: Compacted) => void; reject: (e: Error) => void }>();

  compact(request: CompactRequest): Promise<Compacted> {
    const worker = this.worker ?? this.start();
    const id = ++this.nextId;
    return new Promise<Compacted>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, request } satisfies WorkerRequest);
    });
  }

  private start(): Worker {
    const { entry, eval: evaluated } = workerEntry();
    const worker = new Worker(entry, { eval: evaluated, name: 'podium-compaction' });
    worker.unref();
    worker.on('message', (answer: WorkerAnswer) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if (answer.ok) waiting.resolve({ seq: answer.seq, auditCount: answer.auditCount });
      // An errno code is the disk's answer; anything else (the files did not fit, a bug) is the worker's.
      else if (answer.code?.startsWith('E')) waiting.reject(new CompactionFailed(answer.message, answer.code));
      else waiting.reject(new WorkerUnavailable(`${answer.name}: ${answer.message}`));
    });
    const fail = (why: string) => {
      if (this.worker === worker) this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(new WorkerUnavailable(why));
      this.pending.clear();
    };
    worker.on('error', (e) => fail(`the worker failed: ${e.message}`));
    worker.on('exit', (code) => fail(`the worker exited (${code})`));
    this.worker = worker;
    return worker;
  }
}

let shared: WorkerHost | null = null;

/** Compacts in the process's compaction worker; rejects WorkerUnavailable or CompactionFailed. */
export function compactInWorker(request: CompactRequest): Promise<Compacted> {
  shared ??= new WorkerHost();
  try {
    return shared.compact(request);
  } catch (e) {
    return Promise.reject(e instanceof WorkerUnavailable ? e : new WorkerUnavailable((e as Error).message));
  }
}
