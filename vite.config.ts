import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const page = (name: string) => resolve(import.meta.dirname, 'client', name);

/** In development, serve each page at the same path as the real server does. */
const pageRoutes = (): Plugin => ({
  name: 'podium-page-routes',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const path = (req.url ?? '/').split(/[?#]/)[0]!;
      if (/^\/(screen|stage|organiser|overlay)\/?$/.test(path)) req.url = `/${path.replace(/\//g, '')}.html`;
      else if (/^\/jury\/[A-Za-z0-9_-]+$/.test(path)) req.url = '/jury.html';
      next();
    });
  },
});

const outDir = process.env.PODIUM_DIST ?? '../dist';

const paraglideRuntime = resolve(import.meta.dirname, 'protocol/paraglide/runtime.js');

/**
 * The juror's build only: Paraglide's generated runtime swapped for the part a page uses. Every page
 * decides its language in client/src/lib/i18n/locale.svelte.ts, which replaces getLocale(); but the
 * runtime's own getLocale (URL, cookie and route strategies, setLocale, URL patterns) stays in the
 * bundle as the variable's first value, about 0.9 KB gzipped of code the page never runs. The
 * messages import only getLocale and experimentalStaticLocale from it; protocol/i18n.ts also re-exports
 * baseLocale, locales, isLocale and overwriteGetLocale. A Paraglide update that imports anything
 * else from the runtime fails this build loudly (a missing export), never silently.
 */
const slimParaglideRuntime = (): Plugin => {
  const id = '\0podium-paraglide-runtime.js';
  return {
    name: 'podium-slim-paraglide-runtime',
    applyToEnvironment: (environment) => environment.name === 'jury',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith('runtime.js') || !importer) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === paraglideRuntime ? id : null;
    },
    load(loaded) {
      if (loaded !== id) return null;
      const settings = JSON.parse(readFileSync(resolve(import.meta.dirname, 'project.inlang/settings.json'), 'utf8')) as { baseLocale: string; locales: string[] };
      return [
        `export const baseLocale = ${JSON.stringify(settings.baseLocale)};`,
        `export const locales = ${JSON.stringify(settings.locales)};`,
        'export const experimentalStaticLocale = undefined;',
        'export const isLocale = (locale) => locales.includes(locale);',
        'export let getLocale = () => baseLocale;',
        'export const overwriteGetLocale = (fn) => { getLocale = fn; };',
      ].join('\n');
    },
  };
};

/**
 * The juror's build only: engine.io-client's table of transports without WebTransport. Every page
 * asks for WebSocket then long-polling (client/src/lib/socket.ts) and the server offers no
 * WebTransport, so that class (about 0.4 KB gzipped) is code the phone never runs. If the file's
 * form changes in an update, nothing is replaced and the build says so.
 */
const noWebTransport = (): Plugin => ({
  name: 'podium-no-webtransport',
  applyToEnvironment: (environment) => environment.name === 'jury',
  transform(code, id) {
    if (!/engine\.io-client\/build\/esm\/transports\/index\.js$/.test(id)) return null;
    const slim = code.replace(/^import \{ WT \} from "\.\/webtransport\.js";\n/m, '').replace(/^\s*webtransport: WT,\n/m, '');
    if (slim === code || slim.includes('WT')) this.error('engine.io-client/build/esm/transports/index.js changed: update noWebTransport in vite.config.ts');
    return { code: slim, map: null };
  },
});

/**
 * The juror's build only: Vite's helper for a dynamic import (about 0.6 KB gzipped: modulepreload
 * links, stylesheets, a CSP nonce, preload errors) swapped for one that just runs the import. The
 * juror's page loads one chunk on demand (the expo queue, issue 18) and preloads nothing; a chunk
 * loaded on demand must inject its own styles (`<svelte:options css="injected" />`), or this build fails.
 */
const slimPreloadHelper = (): Plugin => {
  const id = '\0vite/preload-helper.js';
  return {
    name: 'podium-slim-preload-helper',
    applyToEnvironment: (environment) => environment.name === 'jury',
    enforce: 'pre',
    resolveId: (source) => (source === id ? id : null),
    load: (loaded) => (loaded === id ? 'export const __vitePreload = (load) => load();' : null),
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && !chunk.isEntry && (chunk.viteMetadata?.importedCss.size ?? 0) > 0) {
          this.error(`${chunk.fileName} is loaded on demand with a stylesheet of its own: give its component <svelte:options css="injected" />`);
        }
      }
    },
  };
};

// One entry per role, so a juror's phone downloads only the juror's code. The juror's page is
// built on its own (an environment of its own, after the other four, into the same folder): in
// one build its modules would share a chunk with the other pages', and that chunk carries every
// Svelte runtime module any page reaches through svelte/internal/client (select bindings,
// transitions…), whether the juror uses it or not. Alone, it is tree-shaken for what it uses.
export default defineConfig({
  root: 'client',
  plugins: [
    // Compiles messages/{locale}.json into protocol/paraglide (the same options as `npm run i18n`).
    paraglideVitePlugin({
      project: resolve(import.meta.dirname, 'project.inlang'),
      outdir: resolve(import.meta.dirname, 'protocol/paraglide'),
      strategy: ['globalVariable', 'baseLocale'],
    }),
    svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.js') }),
    pageRoutes(),
    slimParaglideRuntime(),
    slimPreloadHelper(),
    noWebTransport(),
  ],
  // PODIUM_DIST lets parallel test runs build into folders of their own.
  build: { outDir },
  environments: {
    client: {
      build: {
        emptyOutDir: true,
        rollupOptions: {
          input: {
            audience: page('index.html'),
            screen: page('screen.html'),
            stage: page('stage.html'),
            organiser: page('organiser.html'),
            overlay: page('overlay.html'),
          },
        },
      },
    },
    jury: {
      consumer: 'client',
      // One file and no modulepreload link: the modulepreload polyfill would be dead code.
      build: { emptyOutDir: false, copyPublicDir: false, modulePreload: { polyfill: false }, rollupOptions: { input: { jury: page('jury.html') } } },
    },
  },
  builder: {
    // The other pages first: their build empties the folder.
    async buildApp(builder) {
      await builder.build(builder.environments.client!);
      await builder.build(builder.environments.jury!);
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/socket.io': { target: 'http://localhost:3000', ws: true },
      '/api': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
      '/public-url.json': 'http://localhost:3000',
    },
  },
});
