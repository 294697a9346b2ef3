// Client state written with Svelte's runes ($state, $derived), as a unit test can hold it:
// a .svelte.ts module compiled by Svelte's own compiler, as Vite compiles it for the pages,
// so its $derived values recompute and its untrack() untracks, as in the browser. vitest
// itself runs no Svelte plugin (the server's tests need none).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { transform } from 'esbuild';
import { compileModule } from 'svelte/compiler';

const ROOT = resolve(import.meta.dirname, '../..');
/** Svelte's browser entry ('svelte' resolves to its server build under node, where untrack does nothing). */
const SVELTE_CLIENT = join(ROOT, 'node_modules/svelte/src/index-client.js');

/** Imports `file` (a .svelte.ts module, or a test's own runes module), compiled for the browser. */
export async function importRunes<T>(file: string): Promise<T> {
  const ts = readFileSync(file, 'utf8');
  const { code: js } = await transform(ts, { loader: 'ts', format: 'esm', target: 'es2022' });
  const { code } = compileModule(js, { filename: file, generate: 'client' }).js;
  const linked = code.replace(/(from\s+|import\s+)(['"])([^'"]+)\2/g, (whole, keyword: string, _q: string, spec: string) => {
    if (spec.startsWith('.')) return `${keyword}${JSON.stringify(resolve(dirname(file), spec))}`;
    if (spec === 'svelte') return `${keyword}${JSON.stringify(SVELTE_CLIENT)}`;
    return whole;
  });
  const dir = join(ROOT, 'test-results/runes');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${basename(file)}-${process.pid}.mjs`);
  writeFileSync(out, linked);
  return (await import(out)) as T;
}

/** A value held in $state, as a component's props hold the server's state. */
export interface StateBox<T> {
  value: T;
}

const BOX = join(ROOT, 'tests/helpers/state-box.svelte.ts');

/** `stateBox(v)`: a value in $state (compiled from state-box.svelte.ts). */
export async function loadStateBox(): Promise<<T>(initial: T) => StateBox<T>> {
  return (await importRunes<{ stateBox: <T>(initial: T) => StateBox<T> }>(BOX)).stateBox;
}
