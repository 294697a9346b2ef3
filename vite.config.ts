import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const page = (name: string) => resolve(import.meta.dirname, 'client', name);

// One entry per role, so a juror's phone downloads only the juror's code.
export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: {
    // PODIUM_DIST lets parallel test runs build into folders of their own.
    outDir: process.env.PODIUM_DIST ?? '../dist',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        audience: page('index.html'),
        screen: page('screen.html'),
        stage: page('stage.html'),
        organiser: page('organiser.html'),
        jury: page('jury.html'),
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/socket.io': { target: 'http://localhost:3000', ws: true },
      '/api': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
    },
  },
});
