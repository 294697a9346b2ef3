// Load runs in child processes, driven over Node's IPC channel: the parent calls
// a named handler in the child and awaits its answer.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

type Handlers = Record<string, (payload: never) => unknown>;

interface Call {
  id: number;
  type: string;
  payload: unknown;
}
interface Answer {
  id: number;
  ok: boolean;
  data?: unknown;
  error?: string;
}

export class BenchChild {
  private nextId = 0;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited: Promise<void>;

  private constructor(readonly process: ChildProcess, readonly name: string) {
    process.on('message', (m: Answer) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.data);
      else p.reject(new Error(`${name}: ${m.error}`));
    });
    this.exited = new Promise((r) =>
      process.once('exit', (code) => {
        for (const p of this.pending.values()) p.reject(new Error(`${name} exited (${code})`));
        this.pending.clear();
        r();
      }),
    );
  }

  /**
   * Starts `bench/<script>` with the garbage collector exposed (for memory figures): under tsx, or,
   * when PODIUM_BENCH_CHILDREN names a folder (the tests set it: tests/helpers/global-setup.ts), from
   * its bundle there, `bench-<script>.mjs`, which starts in a fraction of the time and CPU.
   */
  static start(script: string, name = script): BenchChild {
    const bundle = process.env.PODIUM_BENCH_CHILDREN && resolve(process.env.PODIUM_BENCH_CHILDREN, `bench-${script.replace(/\.ts$/, '.mjs')}`);
    const bundled = bundle !== undefined && existsSync(bundle);
    const child = fork(bundled ? bundle : resolve(import.meta.dirname, '..', script), [], {
      execArgv: [
        ...(bundled ? ['--enable-source-maps'] : ['--import', 'tsx']),
        '--expose-gc',
        // BENCH_PROFILE=dir writes a CPU profile of each server to that folder, to see where the time goes.
        ...(process.env.BENCH_PROFILE && script === 'server-child.ts' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
        // BENCH_SERVER_FLAGS="--trace-gc …": more of node's flags for each server, to see what it does.
        ...(process.env.BENCH_SERVER_FLAGS && script === 'server-child.ts' ? process.env.BENCH_SERVER_FLAGS.split(/\s+/).filter(Boolean) : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new BenchChild(child, name);
  }

  call<T = unknown>(type: string, payload: unknown = {}, timeoutMs = 120_000): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: ${type} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolvePromise(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.process.send({ id, type, payload } satisfies Call);
    });
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGTERM');
    const killer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(killer);
  }
}

/** In a child: answer the parent's calls with these handlers; exit when the parent goes. */
export function serve(handlers: Handlers): void {
  process.on('message', async (m: Call) => {
    const handler = handlers[m.type];
    try {
      if (!handler) throw new Error(`no handler for ${m.type}`);
      const data = await handler(m.payload as never);
      process.send!({ id: m.id, ok: true, data } satisfies Answer);
    } catch (e) {
      process.send!({ id: m.id, ok: false, error: (e as Error).stack ?? String(e) } satisfies Answer);
    }
  });
  process.on('disconnect', () => process.exit(0));
  // An orderly exit, so that a CPU profile (BENCH_PROFILE) gets written.
  process.on('SIGTERM', () => process.exit(0));
}

/** Splits `total` into `parts` nearly equal whole numbers. */
export const spread = (total: number, parts: number): number[] =>
  Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
