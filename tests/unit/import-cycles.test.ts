// The house's doors: no file imports from a folder that imports it back, and each
// folder imports only from the folders pinned below. Reads every relative import
// specifier (static `import`/`export ... from`, side-effect `import '...'`, dynamic
// `import('...')`) of server/, protocol/ and client/src, .ts and .svelte alike.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SCANNED = ['server', 'protocol', 'client/src'];

/** Which folders each folder may import from (besides itself). The longest matching key applies; a target matches an entry or any folder under it. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  // The messages Paraglide compiles from messages/*.json (generated, see docs/i18n.md).
  protocol: ['protocol/paraglide'],
  'server/domain': ['protocol'],
  'server/types': ['protocol'],
  'server/reports': ['protocol', 'server/domain'],
  'server/store': ['protocol'],
  'server/auth': ['protocol', 'server/domain', 'server/types'],
  'server/socket': ['protocol', 'server/domain', 'server/types', 'server/store', 'server/auth'],
  'server/http': ['protocol', 'server/domain', 'server/types', 'server/reports', 'server/auth', 'server/store'],
  // Fan-out nodes and the primary's side of a cluster: handed the broadcaster's parts by index.ts.
  'server/fanout': ['protocol', 'server/domain', 'server/types', 'server/store', 'server/auth', 'server/socket', 'server/http'],
  // The composition root (app.ts, index.ts, the broadcaster) wires the folders below it.
  server: ['protocol', 'server'],
  // messages/: the console reads its error messages from the JSON files (client/src/lib/i18n/error-messages.ts).
  'client/src': ['protocol', 'client/src', 'messages'],
};

/**
 * Folders that import each other today; the test fails when one disappears, so that
 * this list only ever shrinks. Empty: keep it so.
 */
const KNOWN_CYCLES = new Set<string>([]);

interface Edge {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

const SPECIFIER = /(?:\bimport|\bexport)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(e.name) ? [path] : [];
  });
}

/** Relative imports of one file's text, as folder-to-folder edges (imports within a folder are left out). */
/** The text without its comments, so an import shown in a comment is not taken for one. */
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

function edgesOf(file: string, text: string): Edge[] {
  const from = dirname(file);
  return [...withoutComments(text).matchAll(SPECIFIER)].flatMap((m) => {
    const specifier = (m[1] ?? m[2] ?? m[3])!;
    if (!specifier.startsWith('.')) return [];
    const to = dirname(relative(ROOT, resolve(ROOT, from, specifier)));
    return to === from ? [] : [{ from, to, file, specifier }];
  });
}

const allEdges = (): Edge[] => SCANNED.flatMap(sourceFiles).flatMap((file) => edgesOf(file, readFileSync(join(ROOT, file), 'utf8')));

const pairKey = (a: string, b: string) => (a < b ? `${a} <-> ${b}` : `${b} <-> ${a}`);

/** Every pair of folders that import each other, named `a <-> b`, with the imports that make it. */
function folderCycles(edges: readonly Edge[]): Map<string, Edge[]> {
  const pairs = new Set(edges.map((e) => `${e.from}\n${e.to}`));
  const cycles = new Map<string, Edge[]>();
  for (const e of edges) {
    if (!pairs.has(`${e.to}\n${e.from}`)) continue;
    const key = pairKey(e.from, e.to);
    cycles.set(key, [...(cycles.get(key) ?? []), e]);
  }
  return cycles;
}

const ruleFor = (folder: string) =>
  Object.keys(MAY_IMPORT)
    .filter((k) => folder === k || folder.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];
const under = (folder: string, entry: string) => folder === entry || folder.startsWith(`${entry}/`);

describe('imports between folders', () => {
  it('reads the specifiers of every kind of import, and only relative ones', () => {
    const text = [
      "import { a } from './same.ts';",
      "import type { B } from '../up/b.ts';",
      "import {\n  c,\n  d,\n} from '../../deep/c.ts';",
      "export { e } from './sub/e.ts';",
      "import './side/effect.ts';",
      "const f = await import('../lazy/f.ts');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(edgesOf('server/x/y.ts', text).map((e) => e.to)).toEqual(['server/up', 'deep', 'server/x/sub', 'server/x/side', 'server/lazy']);
  });

  it('finds two folders that import each other, and the imports that do it', () => {
    const edge = (from: string, to: string): Edge => ({ from, to, file: `${from}/f.ts`, specifier: `../${to}/g.ts` });
    const cycles = folderCycles([edge('a', 'b'), edge('b', 'a'), edge('c', 'a'), edge('a', 'd')]);
    expect([...cycles.keys()]).toEqual(['a <-> b']);
    expect(cycles.get('a <-> b')!.map((e) => e.file)).toEqual(['a/f.ts', 'b/f.ts']);
    expect(folderCycles([edge('a', 'b'), edge('b', 'c'), edge('a', 'c')]).size).toBe(0);
  });

  it('sees the imports the code has', () => {
    const edges = allEdges();
    // Known edges, so that a parser that finds nothing cannot pass the tests below.
    expect(edges).toContainEqual(expect.objectContaining({ from: 'server', to: 'server/http', file: 'server/app.ts' }));
    expect(edges).toContainEqual(expect.objectContaining({ from: 'server/socket', to: 'server/domain', file: 'server/socket/handlers.ts' }));
    expect(edges).toContainEqual(expect.objectContaining({ from: 'client/src/lib', to: 'protocol', file: 'client/src/lib/socket.ts' }));
  });

  it('has no folder that imports from a folder that imports it back', () => {
    const cycles = folderCycles(allEdges());
    const found = [...cycles.keys()].filter((k) => !KNOWN_CYCLES.has(k));
    const evidence = found.map((k) => `${k}: ${cycles.get(k)!.map((e) => `${e.file} imports ${e.specifier}`).join(', ')}`);
    expect(evidence).toEqual([]);
    // A known cycle that is gone comes off the list.
    expect([...KNOWN_CYCLES].filter((k) => !cycles.has(k))).toEqual([]);
  });

  it('imports only from the folders each folder may import from', () => {
    const folders = new Set(SCANNED.flatMap(sourceFiles).map(dirname));
    for (const key of Object.keys(MAY_IMPORT)) expect([...folders].some((f) => under(f, key)), key).toBe(true);
    const refused = allEdges()
      .filter((e) => {
        const rule = ruleFor(e.from);
        return rule === undefined || !MAY_IMPORT[rule]!.some((entry) => under(e.to, entry));
      })
      .map((e) => `${e.file} imports ${e.specifier}`);
    expect(refused).toEqual([]);
  });
});
