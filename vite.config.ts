/**
 * The page (web/) served by `npm start` and built by `npm run build` into dist/. The simulation
 * runs in an ES-module worker (workers/simulation.worker.ts); scenes/ sit outside web/, so the dev
 * server may read the whole repository.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/** Open a browser tab only for a person at a desktop: never in CI or on a headless machine. */
function hasDisplay(): boolean {
  if (process.env.CI) return false;
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  publicDir: false,
  clearScreen: false,
  server: {
    fs: { allow: [repoRoot] },
    open: hasDisplay(),
  },
  worker: { format: 'es' },
  // Pre-bundle everything up front (the worker's imports are not found by the entry scan), so the
  // first visit never triggers a re-optimisation and reload.
  optimizeDeps: {
    include: ['preact', 'preact/hooks', 'preact/jsx-runtime', '@preact/signals', 'comlink', 'zod', '@dimforge/rapier3d-deterministic-compat'],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Two pages: the line (index.html) and the physics preview (physics.html).
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        physics: fileURLToPath(new URL('./web/physics.html', import.meta.url)),
      },
    },
    target: 'es2022',
  },
});
