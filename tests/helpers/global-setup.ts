// Compiles the messages and builds the pages once before the tests, so unit tests,
// the server and browser tests all see the current code and messages; bundles the
// server for the tests that start it as a child process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildSync } from 'esbuild';
import { BENCH_CHILDREN, SERVER_BUNDLE } from './paths.ts';

/** protocol/paraglide is generated (not committed): compile it when missing or older than its sources. */
function compileMessages(): void {
  const out = 'protocol/paraglide/messages/_index.js';
  const sources = ['project.inlang/settings.json', ...readdirSync('messages').map((f) => `messages/${f}`)];
  if (existsSync(out) && sources.every((f) => statSync(f).mtimeMs <= statSync(out).mtimeMs)) return;
  execFileSync('npm', ['run', 'i18n', '--silent'], { stdio: 'inherit' });
}

/**
 * server/index.ts and everything it imports in one file, the packages too, with a source map: a
 * child server then starts in about a second instead of the several that tsx takes to load some
 * 700 modules (one per message) through its loader. The packages inside it spare node finding,
 * reading and compiling some 400 files of node_modules at every start, and a map without the
 * sources' text is a third the size to read: about half the CPU of a start (1.4 → 0.8 CPU-s
 * measured), which the crash tests pay at each of their many restarts. A stack still names the
 * .ts files and lines (node reads them from disk when it shows one). The
 * store's compaction worker is bundled beside it (compaction-worker.mjs), where the bundled
 * server looks for it (server/store/compactor.ts).
 */
function bundleServer(): void {
  const { outputFiles } = buildSync({
    entryPoints: {
      index: 'server/index.ts',
      'compaction-worker': 'server/store/compaction-worker.ts',
      // The benchmarks' children (bench/lib/rpc.ts starts them from here when PODIUM_BENCH_CHILDREN
      // names this folder): through tsx each loaded the server's modules, a message per module, at
      // every start, and bench-smoke.test.ts starts some forty of them.
      ...Object.fromEntries(BENCH_CHILDREN.map((child) => [`bench-${child}`, `bench/${child}.ts`])),
    },
    outdir: dirname(SERVER_BUNDLE),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // ws's optional native helpers, absent here: ws uses them only when they load.
    external: ['bufferutil', 'utf-8-validate'],
    // The packages written as CommonJS call require(), which an ES module has not got.
    banner: { js: "import { createRequire as __podiumCreateRequire } from 'node:module'; const require = __podiumCreateRequire(import.meta.url);" },
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
    write: false,
  });
  // Written aside, then renamed: CI runs two vitest processes at once (.ci/run), and neither
  // may start a server from a file the other is halfway through writing.
  mkdirSync(dirname(SERVER_BUNDLE), { recursive: true });
  for (const file of outputFiles) {
    const aside = `${file.path}.${process.pid}`;
    writeFileSync(aside, file.contents);
    renameSync(aside, file.path);
  }
}

/**
 * Vitest runs the root's globalSetup and, once more, each project's, which inherits it (extends:
 * true): both calls come in the one main process, and the second has nothing left to do (it used
 * to bundle the server and, under `npm test`, build the pages a second time). The first one's
 * teardown clears the mark, so a restart of the watch mode sets up again.
 */
const DONE = Symbol.for('podium.global-setup.done');

export default function setup(): (() => void) | undefined {
  const state = globalThis as { [DONE]?: boolean };
  if (state[DONE]) return undefined;
  state[DONE] = true;
  compileMessages();
  bundleServer();
  // Inherited by the test workers (started after this), so the benchmarks' children start from the bundle.
  process.env.PODIUM_BENCH_CHILDREN = dirname(SERVER_BUNDLE);
  if (process.env.PODIUM_SKIP_BUILD !== '1') execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  return () => {
    state[DONE] = false;
  };
}
