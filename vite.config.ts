import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const page = (name: string) => resolve(import.meta.dirname, 'client', name);

/** In development, serve each page at the same path as the real server does. */
const pageRoutes = (): Plugin => ({
  name: 'podium-page-routes',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const path = (req.url ?? '/').split(/[?#]/)[0]!;
      if (/^\/(screen|stage|organiser)\/?$/.test(path)) req.url = `/${path.replace(/\//g, '')}.html`;
      else if (/^\/jury\/[A-Za-z0-9_-]+$/.test(path)) req.url = '/jury.html';
      next();
    });
  },
});

const outDir = process.env.PODIUM_DIST ?? '../dist';

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
          },
        },
      },
    },
    jury: {
      consumer: 'client',
      build: { emptyOutDir: false, copyPublicDir: false, rollupOptions: { input: { jury: page('jury.html') } } },
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
