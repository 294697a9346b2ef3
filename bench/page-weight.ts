// Benchmark 3: what each page makes the browser download before it can run:
// the scripts and styles its HTML names, and every module those import
// statically, gzipped (as a server or CDN would send them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The juror's phone may be on 4G in a crowded hall. 45 KB until the expo round and rooms came to the page (45.04 KB with them; the queue itself loads only in an expo round). */
export const JUROR_BUDGET_BYTES = 46 * 1024;

export interface PageWeight {
  page: string;
  html: string;
  files: number;
  jsGzip: number;
  cssGzip: number;
  rawBytes: number;
  budget: number | null;
  /** The three largest files, gzipped, to see where the weight is. */
  largest: { file: string; gzip: number }[];
}

const PAGE_NAMES: Record<string, string> = {
  'index.html': 'audience',
  'jury.html': 'juror',
  'screen.html': 'screen',
  'stage.html': 'stage',
  'organiser.html': 'organiser',
};

/** Local URLs in the HTML's script, modulepreload and stylesheet tags. */
function htmlAssets(html: string): string[] {
  const urls: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isScript = tag.startsWith('<script');
    const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
    if (!isScript && rel !== 'stylesheet' && rel !== 'modulepreload') continue;
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (url && !/^(https?:|data:)/.test(url)) urls.push(url);
  }
  return urls;
}

/** Static imports of a built module (dynamic `import()` loads later, on demand, so it does not count). */
function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+)["']/g)) found.add(m[1]!);
  return [...found].filter((s) => s.startsWith('.') || s.startsWith('/'));
}

export function pageWeights(distDir: string): PageWeight[] {
  const pages = readdirSync(distDir).filter((f) => f.endsWith('.html'));
  return pages.map((html) => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file) || !existsSync(file)) return;
      seen.add(file);
      if (!file.endsWith('.js')) return;
      for (const spec of staticImports(readFileSync(file, 'utf8'))) {
        visit(spec.startsWith('/') ? join(distDir, spec) : normalize(join(dirname(file), spec)));
      }
    };
    for (const url of htmlAssets(readFileSync(join(distDir, html), 'utf8'))) visit(join(distDir, url.replace(/^\//, '')));
    let jsGzip = 0;
    let cssGzip = 0;
    let rawBytes = 0;
    const sizes: { file: string; gzip: number }[] = [];
    for (const file of seen) {
      const content = readFileSync(file);
      rawBytes += content.length;
      const gz = gzipSync(content, { level: 9 }).length;
      sizes.push({ file: relative(distDir, file), gzip: gz });
      if (file.endsWith('.css')) cssGzip += gz;
      else jsGzip += gz;
    }
    const page = PAGE_NAMES[html] ?? html.replace(/\.html$/, '');
    return {
      page,
      html,
      files: seen.size,
      jsGzip,
      cssGzip,
      rawBytes,
      budget: page === 'juror' ? JUROR_BUDGET_BYTES : null,
      largest: sizes.sort((a, b) => b.gzip - a.gzip).slice(0, 3),
    };
  });
}

export const overBudget = (w: PageWeight): boolean => w.budget !== null && w.jsGzip + w.cssGzip > w.budget;
